/**
 * A table of contents per page: every `##` and `###` heading of the page's Markdown gets an id
 * (a slug of its text, unique in the page; Chinese text is kept as it is) and an entry in the
 * page's `toc`, which the lesson layout renders beside or above the lesson. Headings an island
 * renders are not Markdown and stay out.
 */
import type { Site } from "../site.ts";

export interface Options {
  /** Heading levels listed (2 = `##`). */
  levels: number[];
}

export const defaults: Options = { levels: [2, 3] };

/** One heading of a page. */
export interface TocEntry {
  /** 2 for `##`, 3 for `###`. */
  level: number;
  id: string;
  text: string;
}

interface HastNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
}

function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

/** "Two neurons make a bump" → "two-neurons-make-a-bump"; letters of any script are kept. */
export function slugify(text: string): string {
  return text.normalize("NFKC").toLowerCase().trim()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/[\s-]+/g, "-")
    .replace(/^-|-$/g, "") || "section";
}

/** The rehype plugin: ids on the headings, and the list in `file.data.toc`. */
export function rehypeToc(options: Options = defaults) {
  return () => (tree: HastNode, file: { data: Record<string, unknown> }) => {
    const toc: TocEntry[] = [];
    const used = new Map<string, number>();
    const walk = (node: HastNode) => {
      const level = node.type === "element" ? /^h([1-6])$/.exec(node.tagName ?? "")?.[1] : null;
      if (level && options.levels.includes(Number(level))) {
        const text = textOf(node).trim();
        const own = node.properties?.id;
        let id = typeof own === "string" && own !== "" ? own : slugify(text);
        const seen = used.get(id) ?? 0;
        used.set(id, seen + 1);
        if (seen > 0) id = `${id}-${seen + 1}`;
        node.properties = { ...node.properties, id };
        toc.push({ level: Number(level), id, text });
        return;
      }
      node.children?.forEach(walk);
    };
    walk(tree);
    file.data.toc = toc;
  };
}

export default function toc(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    site.rehypePlugins.push(rehypeToc(options));
  };
}
