/** Code blocks highlighted at build time by rehype-highlight (classes styled in site.css). */
import rehypeHighlight from "rehype-highlight";
import type { Site } from "../site.ts";

export interface Options {
  /** Guess the language of blocks that do not name one. */
  detect: boolean;
}

export const defaults: Options = { detect: false };

export default function highlight(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    site.rehypePlugins.push([rehypeHighlight, { detect: options.detect }]);
  };
}
