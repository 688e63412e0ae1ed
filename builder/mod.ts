/**
 * Public entry points of the builder, for tools (the browser test harness, the CLI) that build
 * the site.
 */
import { normalizeBase } from "./site.ts";

export { BuildError } from "./errors.ts";
export { Site } from "./site.ts";
export { serveStatic } from "./serve.ts";

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
export async function buildSite(
  options: BuildSiteOptions = {},
): Promise<{ dest: string; pages: string[] }> {
  const { default: site } = await import("../_config.ts");
  if (options.dest !== undefined) site.options.dest = options.dest;
  if (options.basePath !== undefined) site.options.location = normalizeBase(options.basePath);
  if (options.quiet !== undefined) site.options.quiet = options.quiet;
  return await site.build();
}
