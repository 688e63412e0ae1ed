/**
 * Site search that works offline: Pagefind indexes the built lessons (every element marked
 * `data-pagefind-body`, the lesson's article) into `<output>/`, one index per `<html lang>`
 * (Chinese split into words by Pagefind itself). The browser fetches only the index chunks a
 * query needs, and the service worker precaches them with the rest of the site. The search box
 * in the header (`components/ui/Search.tsx`) loads its script (`components/ui/search_client.ts`,
 * bundled with the islands) and Pagefind's on first use.
 *
 * Pagefind writes its own UIs too; they are not used (the header has its own, keyboard-first
 * one), so they are removed rather than shipped and precached.
 */
import { join } from "node:path";
import * as pagefind from "pagefind";
import type { Site } from "../site.ts";

export interface Options {
  /** Output folder of the index, under the site. */
  output: string;
  /** Parts of a lesson that are not its text. */
  exclude: string[];
}

export const defaults: Options = {
  output: "pagefind",
  // Figures' controls and readouts are not prose; the code cells are.
  exclude: [
    ".toc",
    '.island:not([data-island="CodeCell"])',
    ".katex-mathml",
    "[aria-hidden=true]",
  ],
};

/** Pagefind's UI files (we ship our own). */
const UNUSED = /^pagefind-(component-ui|modular-ui|ui|highlight)\.(js|css)$/;

/** Indexes the pages under `out` into `out/<output>`; resolves to how many pages it indexed. */
export async function indexSite(out: string, options: Options = defaults): Promise<number> {
  try {
    const { index, errors } = await pagefind.createIndex({ excludeSelectors: options.exclude });
    if (!index) throw new Error(`pagefind: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: out });
    if (added.errors.length) throw new Error(`pagefind: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: join(out, options.output) });
    if (written.errors.length) throw new Error(`pagefind: ${written.errors.join("; ")}`);
    for await (const entry of Deno.readDir(join(out, options.output))) {
      if (entry.isFile && UNUSED.test(entry.name)) {
        await Deno.remove(join(out, options.output, entry.name));
      }
    }
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

export default function search(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    site.addEventListener("afterBuild", async ({ out }) => {
      const pages = await indexSite(out, options);
      if (pages === 0) throw new Error("search: no page to index (data-pagefind-body)");
    });
  };
}
