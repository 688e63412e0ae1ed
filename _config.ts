/** The site, configured the way a Lume site is: create it, `use` each plugin, export it. */
import { Site } from "./builder/site.ts";
import mdx from "./builder/plugins/mdx.ts";
import katex from "./builder/plugins/katex.ts";
import highlight from "./builder/plugins/highlight.ts";
import islands from "./builder/plugins/islands.ts";
import toc from "./builder/plugins/toc.ts";
import offline from "./builder/plugins/offline.ts";
import assets from "./builder/plugins/assets.ts";
import mnist from "./builder/plugins/mnist.ts";
import cells from "./builder/plugins/cells.ts";
import { LANGS } from "./components/lib/lang.ts";

const site = new Site({
  root: import.meta.dirname,
  src: "lessons",
  dest: "_site",
  location: Deno.env.get("BASE_PATH") ?? "/",
  languages: [...LANGS],
});

site.use(mdx());
site.use(katex());
site.use(highlight());
site.use(toc());
site.use(cells());
site.use(islands());
// The digits gzipped (~1.7 MB instead of ~7.9 MB); the loaders detect gzip by its magic bytes.
site.use(mnist({ gzip: true }));
site.use(
  assets({
    styles: [
      "components/styles/site.css",
      "node_modules/uplot/dist/uPlot.min.css",
      "components/styles/bumps.css",
      "components/styles/function.css",
      "components/styles/loss.css",
      "components/styles/backprop.css",
      "components/styles/mnist.css",
      "components/styles/cells.css",
      "components/styles/exercises.css",
    ],
  }),
);

// Last: the service worker's manifest lists every file the plugins above wrote.
site.use(offline());

export default site;
