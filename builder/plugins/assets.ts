/**
 * Static assets: the pages' stylesheets, KaTeX's fonts, tfjs's WASM binaries, plus a hook for
 * plugins that write binary assets of their own (`site.use(assets({ writers: [...] }))` or
 * `addAssetWriter(site, writer)`), e.g. the MNIST digits under `assets/mnist/`.
 *
 * Each page links one stylesheet: the styles it uses, joined at build time into
 * `assets/css/<name>.css` (a render-blocking request per file costs more than the bytes of a
 * few rules it does not need). `styles` says which file goes where: a path for every page, or
 * `{ file, on }` for the pages `on(page)` picks (home pages are `undefined`). KaTeX's CSS goes on
 * lesson pages, its `url(fonts/…)` pointed at `assets/katex/fonts/`.
 */
import { join } from "node:path";
import { type BuildContext, type Page, projectRoot, type Site } from "../site.ts";

/** Writes assets through `context.write(path, bytes)`; paths are under the site root. */
export type AssetWriter = (context: BuildContext) => Promise<void> | void;

/** A stylesheet (a project path) for every page, or for the pages `on` picks. */
export type StyleRule = string | { file: string; on: (page: Page | undefined) => boolean };

export interface Options {
  /** The stylesheets, in cascade order (project paths). */
  styles: StyleRule[];
  /** Copy KaTeX's fonts to `assets/katex/fonts/` and put its CSS on lesson pages. */
  katex: boolean;
  /** Copy tfjs's WASM binaries (`*.wasm`) to `assets/tfjs/`. */
  tfjsWasm: boolean;
  /** Further asset writers, run after the pages are written. */
  writers: AssetWriter[];
}

export const defaults: Options = {
  styles: ["components/styles/site.css"],
  katex: true,
  tfjsWasm: true,
  writers: [],
};

/** Registers a writer of binary assets (runs at the end of every build). */
export function addAssetWriter(site: Site, writer: AssetWriter): void {
  site.addEventListener("afterBuild", writer);
}

const KATEX_CSS = join(projectRoot, "node_modules/katex/dist/katex.min.css");

/** A short name for a list of files (FNV-1a), so pages with the same styles share one file. */
function nameOf(files: string[]): string {
  let h = 0x811c9dc5;
  for (const c of files.join("\n")) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

/** The text of one stylesheet made of `files`, each under a comment naming it. */
export async function joinStyles(files: string[]): Promise<string> {
  const parts: string[] = [];
  for (const file of files) {
    let css = await Deno.readTextFile(file);
    if (file === KATEX_CSS) css = css.replaceAll("url(fonts/", "url(../katex/fonts/");
    const name = file.startsWith(projectRoot) ? file.slice(projectRoot.length + 1) : file;
    parts.push(`/* ${name} */\n${css.trim()}\n`);
  }
  return parts.join("\n");
}

export default function assets(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    const rules = options.styles.map((rule) =>
      typeof rule === "string"
        ? { file: site.path(rule), on: () => true }
        : { file: site.path(rule.file), on: rule.on }
    );
    if (options.katex) {
      // The fonts sit under assets/katex/fonts/, where the joined CSS points.
      site.copy(join(projectRoot, "node_modules/katex/dist/fonts"), "assets/katex/fonts");
      rules.splice(1, 0, { file: KATEX_CSS, on: (page) => page !== undefined });
    }
    const bundles = new Map<string, string[]>();
    site.addEventListener("beforeBuild", () => bundles.clear());
    site.styles.push((page) => {
      const files = rules.filter((r) => r.on(page)).map((r) => r.file);
      const path = `assets/css/${nameOf(files)}.css`;
      bundles.set(path, files);
      return [path];
    });
    site.addEventListener("afterBuild", async ({ write }) => {
      for (const [path, files] of bundles) await write(path, await joinStyles(files));
    });
    if (options.tfjsWasm) {
      site.addEventListener("afterBuild", async ({ write }) => {
        const dist = join(projectRoot, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
        for await (const entry of Deno.readDir(dist)) {
          if (entry.isFile && entry.name.endsWith(".wasm")) {
            await write(`assets/tfjs/${entry.name}`, await Deno.readFile(join(dist, entry.name)));
          }
        }
      });
    }
    for (const writer of options.writers) addAssetWriter(site, writer);
  };
}
