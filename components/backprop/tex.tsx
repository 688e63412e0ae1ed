/**
 * Numbers and values of the GraphStepper as TeX (typeset by KaTeX, loaded lazily by the island)
 * and as plain text (the fallback, and what screen readers get).
 */
import { fmtPlain } from "./expressions.ts";

export type Katex = typeof import("katex").default;

export function texNumber(v: number): string {
  const plain = fmtPlain(v).replace(/−/g, "-");
  const m = /^(-?[\d.]+)e([+-]?)(\d+)$/.exec(plain);
  return m ? String.raw`${m[1]}\times 10^{${m[2] === "-" ? "-" : ""}${m[3]}}` : plain;
}

/** A flat list with its shape as a TeX matrix (a number when it has one element). */
export function texValue(values: number[], shape: number[]): string {
  if (values.length === 1) return texNumber(values[0]);
  const cols = shape.length >= 2 ? shape[shape.length - 1] : values.length;
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += cols) {
    rows.push(values.slice(i, i + cols).map(texNumber).join(" & "));
  }
  return String.raw`\begin{bmatrix}${rows.join(String.raw`\\`)}\end{bmatrix}`;
}

export function plainValue(values: number[]): string {
  return values.length === 1 ? fmtPlain(values[0]) : `[${values.map(fmtPlain).join(", ")}]`;
}

export function Tex(
  props: { tex: string; katex: Katex | null; fallback: string; block?: boolean },
) {
  if (!props.katex) return <span class="gs-tex-fallback">{props.fallback}</span>;
  const html = props.katex.renderToString(props.tex, {
    throwOnError: false,
    displayMode: props.block ?? false,
    output: "html",
  });
  // The KaTeX HTML is for the eye; the plain-text sentence beside it is for screen readers.
  return <span class="gs-tex" aria-hidden="true" dangerouslySetInnerHTML={{ __html: html }} />;
}
