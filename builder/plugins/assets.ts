/**
 * Static assets: the site stylesheet, KaTeX's CSS and fonts, tfjs's WASM binaries, plus a hook
 * for plugins that write binary assets of their own (`site.use(assets({ writers: [...] }))` or
 * `addAssetWriter(site, writer)`), e.g. the MNIST digits under `assets/mnist/`.
 */
import { join } from "node:path";
import { type BuildContext, projectRoot, type Site } from "../site.ts";

/** Writes assets through `context.write(path, bytes)`; paths are under the site root. */
export type AssetWriter = (context: BuildContext) => Promise<void> | void;

export interface Options {
  /** Stylesheets copied to `assets/` and linked from every page (project paths). */
  styles: string[];
  /** Copy KaTeX's CSS and fonts to `assets/katex/` and link the CSS. */
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

export default function assets(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    if (options.katex) {
      // The fonts sit beside the CSS, which refers to them as fonts/…, so the tree is copied whole.
      site.copy(
        join(projectRoot, "node_modules/katex/dist/katex.min.css"),
        "assets/katex/katex.min.css",
      );
      site.copy(join(projectRoot, "node_modules/katex/dist/fonts"), "assets/katex/fonts");
      site.styles.push("assets/katex/katex.min.css");
    }
    for (const style of options.styles) {
      const name = style.split("/").pop()!;
      site.copy(style, `assets/${name}`);
      site.styles.push(`assets/${name}`);
    }
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
