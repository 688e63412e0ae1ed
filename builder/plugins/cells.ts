/**
 * Code cells: a fenced block marked runnable (```` ```ts run ````, see `components/cells/cells.ts`
 * for the meta) becomes a `<CodeCell>` island. Its code is highlighted here, at build time, by the
 * same highlighter as every other code block (rehype-highlight), and passed as tokens, so the page
 * shows highlighted code with JavaScript off and loads no highlighter; the island turns it into
 * an editor when a reader first focuses or runs it. A malformed meta fails the build at its line.
 */
import rehypeHighlight from "rehype-highlight";
import { basename } from "node:path";
import { BuildError, displayPath } from "../errors.ts";
import type { Site } from "../site.ts";
import { CellMetaError, walkCells } from "../../components/cells/cells.ts";
import { prepareCell } from "../../components/cells/transform.ts";

/**
 * The names a cell defines at its top level (the page says which cell defines a name another
 * cell misses); none for a cell that does not parse (running it says why).
 */
export function cellNames(code: string): string[] {
  try {
    return prepareCell(code).names;
  } catch {
    return [];
  }
}

export interface Options {
  /** The island that renders a cell (a component in the islands folder). */
  component: string;
}

export const defaults: Options = { component: "CodeCell" };

interface Hast {
  type: string;
  tagName?: string;
  value?: string;
  properties?: { className?: string[] };
  children?: Hast[];
}

/** `[class, text]` pairs of highlight.js's output for `code` (class "" for plain text). */
export function highlightTokens(code: string): [string, string][] {
  const codeNode: Hast = {
    type: "element",
    tagName: "code",
    properties: { className: ["language-ts"] },
    children: [{ type: "text", value: code }],
  };
  const root: Hast = {
    type: "root",
    children: [{ type: "element", tagName: "pre", properties: {}, children: [codeNode] }],
  };
  (rehypeHighlight({ detect: false }) as (tree: Hast, file: unknown) => void)(root, {
    message() {},
  });
  const out: [string, string][] = [];
  const walk = (node: Hast, cls: string) => {
    if (node.type === "text") {
      const last = out.at(-1);
      if (last && last[0] === cls) last[1] += node.value ?? "";
      else out.push([cls, node.value ?? ""]);
      return;
    }
    const own = node.properties?.className?.join(" ");
    for (const child of node.children ?? []) walk(child, own ?? cls);
  };
  for (const child of codeNode.children ?? []) walk(child, "");
  return out;
}

interface Md {
  type: string;
  name?: string;
  attributes?: unknown[];
  children?: Md[];
  position?: unknown;
}

export default function cells(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    site.remarkPlugins.push(() => (tree: Md, file: { path?: string }) => {
      const lesson = basename(file.path ?? "", ".mdx");
      try {
        walkCells(tree as never, (node, cell, parent, at) => {
          const attr = (name: string, value: string) => ({ type: "mdxJsxAttribute", name, value });
          (parent as Md).children![at] = {
            type: "mdxJsxFlowElement",
            name: options.component,
            attributes: [
              attr("lesson", lesson),
              attr("index", String(cell.index)),
              // Plain data: the island's props are serialized into the page.
              attr("tokens", JSON.stringify(highlightTokens(cell.code))),
              attr("defines", cellNames(cell.code).join(" ")),
            ],
            children: [],
            position: (node as Md).position,
          };
        });
      } catch (error) {
        if (!(error instanceof CellMetaError)) throw error;
        throw new BuildError(displayPath(file.path ?? "?"), error.line, 1, error.message, {
          cause: error,
        });
      }
    });
  };
}
