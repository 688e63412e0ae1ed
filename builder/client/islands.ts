/**
 * The one module a page with islands loads (bundled as `assets/js/islands.js`): each island's
 * bundle sits next to it and is imported when the island nears the viewport. The URL is built at
 * run time, so the bundler leaves the import alone and no island is pulled into this file.
 */
import { hydrateIslands } from "./hydrate.ts";

hydrateIslands((name) => import(new URL(`./${name}.js`, import.meta.url).href));
