/**
 * Public entry points of the builder, for tools (the browser test harness, the CLI) that build
 * the site.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { normalizeBase, type Site } from "./site.ts";

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
  /** The site's config module (default: the project's `_config.ts`). */
  config?: string;
}

/** Builds the real site from `_config.ts`; resolves to the output folder and the pages written. */
export async function buildSite(
  options: BuildSiteOptions = {},
): Promise<{ dest: string; pages: string[] }> {
  const config = options.config === undefined
    ? new URL("../_config.ts", import.meta.url).href
    : pathToFileURL(resolve(options.config)).href;
  const { default: site } = (await import(config)) as { default: Site };
  if (options.dest !== undefined) site.options.dest = options.dest;
  if (options.basePath !== undefined) site.options.location = normalizeBase(options.basePath);
  if (options.quiet !== undefined) site.options.quiet = options.quiet;
  return await site.build();
}
