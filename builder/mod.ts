/**
 * Public entry points of the builder, for tools (the browser test harness) that build the site.
 */

/** Options for {@link buildSite}. */
export interface BuildSiteOptions {
  /** Output folder (default: the site's `dest`, `_site`). */
  dest?: string;
  /** Base path the site is served under, e.g. "/" or "/sub/" (default: env `BASE_PATH` or "/"). */
  basePath?: string;
  /** Print nothing (default false). */
  quiet?: boolean;
}

/** Builds the real site from `_config.ts`; resolves to the output folder and the pages written. */
export function buildSite(
  _options: BuildSiteOptions = {},
): Promise<{ dest: string; pages: string[] }> {
  return Promise.reject(new Error("buildSite: not yet implemented"));
}
