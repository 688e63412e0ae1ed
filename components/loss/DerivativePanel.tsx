/**
 * LossFit's derivatives: ∂L/∂a and ∂L/∂b from the engine's `backward()`, from the formula with
 * the current sums filled in (typeset with KaTeX once its chunk has loaded, plain text before),
 * and from a central finite difference, side by side with their difference.
 */
import { fmt } from "../lib/format.ts";
import { gradTerms, type LossKind } from "./math.ts";
import type { LossFitStrings } from "./text.ts";

export type KatexModule = typeof import("./typeset.ts");

/** TeX of the formula for the current loss with the current sums filled in. */
function formulaTex(kind: LossKind, which: "a" | "b", terms: ReturnType<typeof gradTerms>) {
  const n = terms.n;
  const c = kind === "mse" ? `\\frac{2}{${n}}` : `\\frac{1}{${n}}`;
  const s = kind === "mse"
    ? "r_i"
    : kind === "mae"
    ? "\\operatorname{sign}(r_i)"
    : "\\operatorname{clip}(r_i,-\\delta,\\delta)";
  const sum = which === "a" ? terms.sumA : terms.sumB;
  const value = terms.factor * sum;
  const num = (v: number) => fmt(v, 3).replace("−", "-");
  return `\\frac{\\partial L}{\\partial ${which}} = ${c}\\sum_i ${s}${
    which === "a" ? "\\,x_i" : ""
  } = ${c}\\cdot(${num(sum)}) = ${num(value)}`;
}

/** The same formula as plain text (server render, and before KaTeX is loaded). */
function formulaText(kind: LossKind, which: "a" | "b", terms: ReturnType<typeof gradTerms>) {
  const c = `${kind === "mse" ? 2 : 1}/${terms.n}`;
  const s = kind === "mse" ? "rᵢ" : kind === "mae" ? "sign(rᵢ)" : "clip(rᵢ, −δ, δ)";
  const sum = which === "a" ? terms.sumA : terms.sumB;
  return `∂L/∂${which} = ${c} · Σ ${s}${which === "a" ? "·xᵢ" : ""} = ${c} · (${fmt(sum, 3)}) = ${
    fmt(terms.factor * sum, 3)
  }`;
}

export default function DerivativePanel(props: {
  t: LossFitStrings;
  kind: LossKind;
  terms: ReturnType<typeof gradTerms>;
  /** ∂L/∂a, ∂L/∂b from the formula. */
  formula: number[];
  /** The engine's and the finite difference's, when the snapshot is of this loss. */
  derivs: { backward: number[]; fd: number[] } | null;
  katex: KatexModule | null;
}) {
  const { t, kind, terms, formula, derivs, katex } = props;
  const cell = (v: number | undefined, digits = 4) => (v === undefined ? "—" : fmt(v, digits));
  const diffCell = (i: 0 | 1) =>
    derivs ? Math.abs(derivs.backward[i] - derivs.fd[i]).toExponential(1) : "—";
  return (
    <div class="loss-derivs" role="region" aria-label={t.derivs} tabIndex={0}>
      <table>
        <caption>{t.derivs}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colWhat}</th>
            <th scope="col">{t.colBackward}</th>
            <th scope="col">{t.colFormula}</th>
            <th scope="col">{t.colFd}</th>
            <th scope="col">{t.colDiff}</th>
          </tr>
        </thead>
        <tbody>
          {(["a", "b"] as const).map((w, i) => (
            <tr key={w}>
              <th scope="row">∂L/∂{w}</th>
              <td>{cell(derivs?.backward[i])}</td>
              <td>{fmt(formula[i], 4)}</td>
              <td>{cell(derivs?.fd[i])}</td>
              <td>{diffCell(i as 0 | 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="loss-formulas">
        {(["a", "b"] as const).map((w) =>
          katex
            ? (
              <div
                key={w}
                class="loss-formula"
                // deno-lint-ignore react-no-danger
                dangerouslySetInnerHTML={{
                  __html: katex.typeset(formulaTex(kind, w, terms)),
                }}
              />
            )
            : <p key={w} class="loss-formula plain">{formulaText(kind, w, terms)}</p>
        )}
        {!katex && <p class="loss-hint">{t.formulaHint}</p>}
      </div>
      {kind === "mae" && <p class="loss-hint">{t.kink}</p>}
    </div>
  );
}
