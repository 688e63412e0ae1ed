/**
 * Code blocks highlighted at build time by rehype-highlight (classes styled in site.css); code
 * blocks and tables made keyboard-focusable, since they scroll sideways on a phone.
 */
import rehypeHighlight from "rehype-highlight";
import type { Site } from "../site.ts";

export interface Options {
  /** Guess the language of blocks that do not name one. */
  detect: boolean;
}

export const defaults: Options = { detect: false };

interface HastNode {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

/**
 * Code blocks and tables scroll sideways on a phone: a scrollable region must be reachable by
 * keyboard (WCAG 2.1.1), so each takes focus.
 */
function rehypeFocusableScrollers() {
  return (tree: HastNode) => {
    const walk = (node: HastNode) => {
      if (node.type === "element" && (node.tagName === "pre" || node.tagName === "table")) {
        node.properties = { ...node.properties, tabIndex: 0 };
      }
      node.children?.forEach(walk);
    };
    walk(tree);
  };
}

export default function highlight(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    site.rehypePlugins.push(
      [rehypeHighlight, { detect: options.detect }],
      rehypeFocusableScrollers,
    );
  };
}
