/**
 * TeX → HTML in the browser, for formulas whose numbers change (LossFit's derivatives). Islands
 * load this module with `import()` on the reader's first interaction, so KaTeX's JavaScript is
 * never part of a page's initial load (the static math is rendered at build time). The chunk is
 * named after this file, not after KaTeX.
 */
import katex from "katex";

/** Display-mode KaTeX HTML for `tex`; bad TeX shows as red text instead of throwing. */
export function typeset(tex: string): string {
  return katex.renderToString(tex, { throwOnError: false, displayMode: true });
}
