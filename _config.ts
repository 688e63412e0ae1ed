/** The site, configured the way a Lume site is: create it, `use` each plugin, export it. */
import { type Page, Site } from "./builder/site.ts";
import mdx from "./builder/plugins/mdx.ts";
import katex from "./builder/plugins/katex.ts";
import highlight from "./builder/plugins/highlight.ts";
import islands from "./builder/plugins/islands.ts";
import toc from "./builder/plugins/toc.ts";
import offline from "./builder/plugins/offline.ts";
import csp from "./builder/plugins/csp.ts";
import assets from "./builder/plugins/assets.ts";
import mnist from "./builder/plugins/mnist.ts";
import cells from "./builder/plugins/cells.ts";
import search from "./builder/plugins/search.ts";
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
// One stylesheet per page (joined at build time): the site's, and each lesson's own only on it.
const lesson = (slug: string) => (page?: Page) => page?.slug === slug;
const using = (...names: string[]) => (page?: Page) => names.some((n) => page?.islands.has(n));
site.use(
  assets({
    styles: [
      "components/styles/site.css",
      // What the figures share (their tables, the standard controls of class `fig`), before the
      // lessons' own stylesheets, which keep only what differs.
      { file: "components/styles/figure.css", on: (page) => !!page?.islands.size },
      { file: "node_modules/uplot/dist/uPlot.min.css", on: (page) => !!page?.islands.size },
      ...["bumps", "function", "loss", "backprop", "mnist", "conv"].map((slug) => ({
        file: `components/styles/${slug}.css`,
        on: lesson(slug),
      })),
      { file: "components/styles/cells.css", on: using("CodeCell") },
      // Lesson 7's optimizer figures (train-b).
      { file: "components/styles/optim.css", on: using("OptimizerPaths", "LrSchedules") },
      // Lesson 7 (training): learning curves and choosing settings (train-c).
      {
        file: "components/styles/training_curves.css",
        on: using("LearningCurves", "LrRangeTest", "LrSweep"),
      },
      // The home pages count each lesson's solved exercises.
      {
        file: "components/styles/exercises.css",
        on: (page) => !page || using("Exercise", "ExerciseProgress")(page),
      },
      // Lesson 6 (convolutions), conv-b: the small CNN trained in the page and its overview.
      { file: "components/styles/conv_train.css", on: using("ConvTrainer", "ConvOverview") },
      // Lesson 7 (training), initialization (train-a).
      { file: "components/styles/training_init.css", on: using("InitHistograms") },
    ],
  }),
);

// Search over the built lessons (before the service worker, which precaches its index).
site.use(search());

// Each page's Content-Security-Policy, with the hashes of its inline scripts (after every writer).
site.use(csp());
// Last: the service worker's manifest lists every file the plugins above wrote.
site.use(offline());

export default site;
