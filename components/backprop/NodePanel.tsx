/**
 * The chain rule at the current node of the GraphStepper: its forward rule and value, one term
 * per consumer (local derivative × upstream gradient), their sum, and whether it agrees with
 * the grad the engine stored; in KaTeX and in a plain sentence for screen readers.
 */
import { chainAt, type ChainTerm, forwardTex } from "./chain.ts";
import { fmtPlain, type GraphNode, type RecordedGraph } from "./expressions.ts";
import { type Katex, plainValue, Tex, texNumber, texValue } from "./tex.tsx";
import type { SharedStrings } from "../lib/text.ts";
import type { GraphStepperStrings as Strings } from "./text.ts";

const dL = (c: GraphNode) => String.raw`\frac{\partial L}{\partial ${c.tex}}`;

/**
 * One term of the chain rule as TeX: upstream gradient times local derivative. Numbers for
 * scalars; for tensors the matrix rule of the op (G Bᵀ, Aᵀ G for a matrix product).
 */
function productTex(nodes: GraphNode[], tm: ChainTerm, v: GraphNode): string {
  const c = nodes[tm.consumer];
  const G = texValue(c.grad!, c.shape);
  const T = texValue(tm.term, v.shape);
  const local = String.raw`\frac{\partial ${c.tex}}{\partial ${v.tex}}`;
  if (c.op === "matmul" && (c.grad!.length > 1 || tm.term.length > 1)) {
    const other = nodes[c.parents[1 - tm.input]];
    const M = texValue(other.value, other.shape);
    return tm.input === 0
      ? String.raw`${dL(c)}\,${other.tex}^\top = ${G}\,${M}^\top = ${T}`
      : String.raw`${other.tex}^\top ${dL(c)} = ${M}^\top ${G} = ${T}`;
  }
  if (tm.local !== null) {
    return String.raw`${dL(c)}\,${local} = ${G}\cdot(${texNumber(tm.local)}) = ${T}`;
  }
  return String.raw`${dL(c)} = ${G} \;\Rightarrow\; ${T}`;
}

/** The chain rule at the current node, in KaTeX and in a plain sentence. */
export default function NodePanel(
  props: {
    graph: RecordedGraph;
    id: number;
    katex: Katex | null;
    t: Strings;
    punct: SharedStrings["punct"];
  },
) {
  const { graph, id, katex, t, punct } = props;
  const nodes = graph.nodes;
  const n = nodes[id];
  const chain = chainAt(nodes, id);
  const isLoss = id === nodes.length - 1;
  const d = dL;
  const fwd = `${forwardTex(nodes, id)} = ${texValue(n.value, n.shape)}`;
  const engineGrad = n.grad ?? [];
  const ok = chain.mismatch <= 1e-4 * Math.max(1, ...engineGrad.map(Math.abs));
  const parts = chain.terms.map((tm) => {
    const c = nodes[tm.consumer];
    return tm.local !== null && c.grad!.length === 1 && tm.term.length === 1
      ? `∂L/∂${c.text} · ∂${c.text}/∂${n.text} = ${fmtPlain(c.grad![0])} · ${fmtPlain(tm.local)}`
      : `(∂L/∂${c.text} ${t.fromConsumer(c.text)}) → ${plainValue(tm.term)}`;
  });
  const sentence = isLoss
    ? t.sentenceSeed
    : t.sentence(n.text, parts, plainValue(chain.total), plainValue(engineGrad));
  return (
    <div
      class="gs-panel"
      data-current={n.text}
      data-chain-ok={String(ok)}
      tabIndex={0}
      role="region"
      aria-label={`${t.node} ${n.text}`}
    >
      <p class="gs-panel-head">
        <strong>{t.node} {n.text}</strong>
        {n.op ? ` (${n.op})` : ` (${n.kind === "param" ? t.param : t.data})`}
        {", "}
        {t.value}: <Tex tex={fwd} katex={katex} fallback={plainValue(n.value)} />
      </p>
      {isLoss ? <p>{t.seed}</p> : (
        <ul class="gs-terms">
          {chain.terms.map((tm) => {
            const c = nodes[tm.consumer];
            const local = String.raw`\frac{\partial ${c.tex}}{\partial ${n.tex}} = ${tm.localTex}${
              tm.local !== null && tm.localTex !== texNumber(tm.local)
                ? ` = ${texNumber(tm.local)}`
                : ""
            }`;
            const product = productTex(nodes, tm, n);
            return (
              <li key={`${tm.consumer}-${tm.input}`} data-term={JSON.stringify(tm.term)}>
                <span class="gs-term-label">{t.fromConsumer(c.text)}{punct.colon.trim()}</span>{" "}
                <span class="gs-term-part">
                  {t.local}
                  {punct.colon}
                  <Tex tex={local} katex={katex} fallback={tm.localTex} />
                </span>{" "}
                <span class="gs-term-part">
                  {t.term}
                  {punct.colon}
                  <Tex
                    tex={product}
                    katex={katex}
                    fallback={`${plainValue(c.grad!)} → ${plainValue(tm.term)}`}
                  />
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {!isLoss && (
        <p class="gs-total">
          <Tex
            tex={String.raw`${d(n)} = ${
              chain.terms.length > 1
                ? String
                  .raw`\sum_c \tfrac{\partial L}{\partial c}\tfrac{\partial c}{\partial ${n.tex}} = `
                : ""
            }${texValue(chain.total, n.shape)}`}
            katex={katex}
            fallback={`${t.total}${punct.colon}${plainValue(chain.total)}`}
          />{" "}
          <span class={ok ? "gs-ok" : "gs-bad"}>
            {t.engineGrad}
            {punct.colon}
            <span class="gs-num" data-engine-grad>{plainValue(engineGrad)}</span>{" "}
            {punct.paren(ok ? t.agrees : t.differs)}
          </span>
        </p>
      )}
      <p class="visually-hidden" aria-live="polite">{sentence}</p>
    </div>
  );
}
