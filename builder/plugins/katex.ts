/**
 * Math at build time: `$...$` and `$$...$$` (parsed by remark-math) become KaTeX HTML + MathML
 * in the page; the browser gets only KaTeX's CSS and fonts (copied by the assets plugin).
 * TeX that KaTeX rejects fails the build at the formula's line (`throwOnError`).
 *
 * The HTML is put into the tree as a JSX element with `dangerouslySetInnerHTML`, built as an
 * estree expression: MDX's hast → JS step has no way to carry raw HTML otherwise.
 */
import katex from "katex";
import { BuildError } from "../errors.ts";
import type { Site } from "../site.ts";

export interface Options {
  /** Macros available to every formula (`{"\\R": "\\mathbb{R}"}`). */
  macros: Record<string, string>;
  /** KaTeX `output`: "htmlAndMathml" keeps MathML for screen readers. */
  output: "html" | "mathml" | "htmlAndMathml";
}

export const defaults: Options = { macros: {}, output: "htmlAndMathml" };

interface MathNode {
  type: string;
  value?: string;
  position?: { start: { line: number; column: number } };
  children?: MathNode[];
  [key: string]: unknown;
}

/** KaTeX HTML for `tex`, or a {@link BuildError} at `file:line:column`. */
export function renderMath(
  tex: string,
  display: boolean,
  where: { file: string; line: number; column: number },
  options: Options = defaults,
): string {
  try {
    return katex.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      output: options.output,
      macros: { ...options.macros },
    });
  } catch (error) {
    const e = error as Error & { rawMessage?: string; position?: number };
    if (e.rawMessage === undefined) throw error;
    // Point at the offending character: display math starts on the line after `$$`,
    // inline math one column after its `$`.
    const before = tex.slice(0, e.position ?? 0);
    const lines = before.split("\n");
    const line = where.line + (display ? 1 : 0) + lines.length - 1;
    const column = lines.length > 1 || display
      ? lines[lines.length - 1].length + 1
      : where.column + 1 + before.length;
    const near = e.position === undefined ? "" : tex.slice(e.position, e.position + 12);
    const at = near === "" ? "" : ` (at "${near}")`;
    throw new BuildError(where.file, line, column, `TeX: ${e.rawMessage}${at}`, { cause: error });
  }
}

function htmlElement(name: string, className: string, html: string, flow: boolean): MathNode {
  const expression = {
    type: "ObjectExpression",
    properties: [{
      type: "Property",
      key: { type: "Identifier", name: "__html" },
      value: { type: "Literal", value: html },
      kind: "init",
      method: false,
      shorthand: false,
      computed: false,
    }],
  };
  return {
    type: flow ? "mdxJsxFlowElement" : "mdxJsxTextElement",
    name,
    attributes: [
      { type: "mdxJsxAttribute", name: "className", value: className },
      // Wide display math scrolls sideways on a phone; a scrollable region must be reachable by
      // keyboard (WCAG 2.1.1), so it takes focus.
      ...(flow ? [{ type: "mdxJsxAttribute", name: "tabIndex", value: "0" }] : []),
      {
        type: "mdxJsxAttribute",
        name: "dangerouslySetInnerHTML",
        value: {
          type: "mdxJsxAttributeValueExpression",
          value: "",
          data: {
            estree: {
              type: "Program",
              sourceType: "module",
              body: [{ type: "ExpressionStatement", expression }],
            },
          },
        },
      },
    ],
    children: [],
  };
}

/** Punctuation that must not start a line: kept with the inline formula before it. */
const TRAILING =
  /^[.,;:!?)\]}\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\uff09\u300d\u300f\u2019\u201d%]+/;

/** The longest inline TeX kept on one line with its punctuation. */
const MAX_KEPT = 40;

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The remark plugin: replaces remark-math's `math` / `inlineMath` nodes with KaTeX HTML. The
 * punctuation right after a short inline formula ("$x$." or "$x$，") goes into the formula's span,
 * which then does not wrap (`.math-kept`, site.css): KaTeX's boxes are inline blocks, after which
 * a browser may break even before "." or "。", and a line would start with it.
 */
export function remarkKatex(options: Options = defaults) {
  return () => (tree: MathNode, vfile: { path?: string }) => {
    const file = vfile.path ?? "?";
    const walk = (node: MathNode) => {
      node.children?.forEach((child, i) => {
        if (child.type === "math" || child.type === "inlineMath") {
          const display = child.type === "math";
          const { line, column } = child.position?.start ?? { line: 0, column: 0 };
          let html = renderMath(child.value ?? "", display, { file, line, column }, options);
          const next = node.children![i + 1];
          const punct = !display && next?.type === "text"
            ? TRAILING.exec(next.value ?? "")?.[0]
            : undefined;
          // A long formula keeps its own break points (between KaTeX's boxes) instead.
          const keep = punct !== undefined && (child.value ?? "").length <= MAX_KEPT;
          if (keep) {
            next.value = next.value!.slice(punct.length);
            html += escapeHtml(punct);
          }
          node.children![i] = htmlElement(
            display ? "div" : "span",
            display ? "math math-display" : `math math-inline${keep ? " math-kept" : ""}`,
            html,
            display,
          );
        } else {
          walk(child);
        }
      });
    };
    walk(tree);
  };
}

export default function katexPlugin(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    site.remarkPlugins.push(remarkKatex(options));
  };
}
