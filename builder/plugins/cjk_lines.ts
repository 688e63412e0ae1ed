/**
 * Chinese (and Japanese) text has no spaces between words, but a line break in a paragraph's
 * source becomes a space in the page ("参数。 训练"). This remark plugin drops a source line break
 * whose neighbours are both CJK (ideographs, kana, CJK punctuation, full-width forms, or a curly
 * quote, ellipsis or dash next to one of those), across inline markup too (`。\n**训练**`). A break
 * between CJK and Latin text, math or code stays a space, as Chinese technical writing spaces
 * them; English text is untouched.
 */

interface Node {
  type: string;
  value?: string;
  children?: Node[];
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
/** Punctuation shared with Latin text: wide only next to CJK. */
const SHARED = /[\u2018\u2019\u201c\u201d\u2026\u2014]/u;

/**
 * Whether a line break between the text `before` it and the text `after` it should vanish: the
 * characters either side are wide and one is CJK; or both are punctuation shared with Latin text
 * (`”` and `——`) and the nearest other character before them is CJK.
 */
export function joinsWithoutSpace(before: string, after: string): boolean {
  const cjk = (c: string) => CJK.test(c);
  const shared = (c: string) => SHARED.test(c);
  const b = before.at(-1) ?? "", a = after[0] ?? "";
  if (!(cjk(b) || shared(b)) || !(cjk(a) || shared(a))) return false;
  if (cjk(b) || cjk(a)) return true;
  const last = [...before].reverse().find((c) => !shared(c));
  return last !== undefined && cjk(last);
}

/** Inline nodes whose children continue the same line of text. */
const INLINE_CONTAINERS = new Set([
  "emphasis",
  "strong",
  "delete",
  "link",
  "linkReference",
  "mdxJsxTextElement",
]);

/** What an inline leaf that is not text reads as at its edge (math, code: Latin-like). */
const edge = (node: Node) =>
  node.type === "text" ? node.value ?? "" : node.type === "break" ? "\n" : "a";

export function remarkCjkLines() {
  return (tree: Node) => {
    let run: Node[] = [];
    const flush = () => {
      run.forEach((node, i) => {
        if (node.type !== "text" || !node.value?.includes("\n")) return;
        const value = node.value;
        node.value = value.replace(/[ \t]*\n[ \t]*/g, (gap, at: number) => {
          const before = at > 0 ? value.slice(0, at) : edge(run[i - 1] ?? { type: "break" });
          const rest = value.slice(at + gap.length);
          const after = rest || edge(run[i + 1] ?? { type: "break" });
          return joinsWithoutSpace(before, after) ? "" : gap;
        });
      });
      run = [];
    };
    const walk = (node: Node) => {
      if (node.type === "text") run.push(node);
      else if (INLINE_CONTAINERS.has(node.type)) node.children?.forEach(walk);
      else if (node.children) {
        flush();
        node.children.forEach(walk);
        flush();
      } else run.push(node);
    };
    walk(tree);
    flush();
  };
}
