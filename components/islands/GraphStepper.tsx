/**
 * GraphStepper: the computation graph the engine records for one training step, drawn with
 * dagre, and backward() replayed node by node. Each step shows the node's local derivatives,
 * the upstream gradients, the chain-rule products and the grad the engine stored; the leaf
 * gradients of the scalar view (one node per number) and the tensor view (one node per tensor
 * op) sit side by side with a central finite difference. One SGD step or a short training run
 * moves the parameters with those gradients.
 *
 * The engine, dagre and KaTeX are loaded with import() after hydration: the page's first load
 * carries none of them. The server render shows the controls and a note.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import LineChart from "../lib/LineChart.tsx";
import { type BackendChoice, errorMessage, type LoadedEngine, loadEngine } from "../lib/engine.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmtLoss } from "../lib/format.ts";
import {
  cleanValues,
  elementKey,
  elementNames,
  EXPRESSIONS,
  type ExprId,
  type FdCheck,
  finiteDifferences,
  flatten,
  fmtPlain,
  type GraphNode,
  isExprId,
  record,
  type RecordedGraph,
  SPECS,
  trainer,
  unflatten,
  type Values,
  type View,
} from "../backprop/expressions.ts";
import { chainAt, type ChainTerm, forwardTex } from "../backprop/chain.ts";
import { type Strings, text } from "../backprop/text.ts";
import type { Layout } from "../backprop/layout.ts";

export interface GraphStepperProps {
  expr?: string;
  view?: string;
  /** Starting values of the line's a, b and point (x, y) for the mse expressions. */
  a?: number;
  b?: number;
  x?: number | number[];
  y?: number | number[];
  lang?: string;
}

const TRAIN_STEPS = 200;
/** Read the loss back from the backend every this many steps (a read waits for the GPU). */
const READ_EVERY = 10;
const LR_CHOICES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const PLAY_MS = 900;

type Katex = typeof import("katex").default;

interface Computed {
  expr: ExprId;
  key: string;
  tensor: RecordedGraph;
  scalar: RecordedGraph;
  fd: FdCheck[];
}

/** The starting values: the expression's defaults, with the lesson's props for the line. */
function startValues(expr: ExprId, props: GraphStepperProps): Values {
  const spec = SPECS[expr];
  const given: Partial<Values> = {};
  if (expr === props.expr && (expr === "mse-line" || expr === "mse-points")) {
    const list = (v: number | number[] | undefined) =>
      v === undefined ? undefined : Array.isArray(v) ? v : [v];
    if (props.a !== undefined) given.a = [props.a];
    if (props.b !== undefined) given.b = [props.b];
    given.x = list(props.x);
    given.y = list(props.y);
  }
  return cleanValues(spec, given);
}

function texNumber(v: number): string {
  const plain = fmtPlain(v).replace(/−/g, "-");
  const m = /^(-?[\d.]+)e([+-]?)(\d+)$/.exec(plain);
  return m ? String.raw`${m[1]}\times 10^{${m[2] === "-" ? "-" : ""}${m[3]}}` : plain;
}

/** A flat list with its shape as a TeX matrix (a number when it has one element). */
function texValue(values: number[], shape: number[]): string {
  if (values.length === 1) return texNumber(values[0]);
  const cols = shape.length >= 2 ? shape[shape.length - 1] : values.length;
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += cols) {
    rows.push(values.slice(i, i + cols).map(texNumber).join(" & "));
  }
  return String.raw`\begin{bmatrix}${rows.join(String.raw`\\`)}\end{bmatrix}`;
}

function plainValue(values: number[]): string {
  return values.length === 1 ? fmtPlain(values[0]) : `[${values.map(fmtPlain).join(", ")}]`;
}

function Tex(props: { tex: string; katex: Katex | null; fallback: string; block?: boolean }) {
  if (!props.katex) return <span class="gs-tex-fallback">{props.fallback}</span>;
  const html = props.katex.renderToString(props.tex, {
    throwOnError: false,
    displayMode: props.block ?? false,
    output: "html",
  });
  // The KaTeX HTML is for the eye; the plain-text sentence beside it is for screen readers.
  return <span class="gs-tex" aria-hidden="true" dangerouslySetInnerHTML={{ __html: html }} />;
}

const shapeText = (shape: number[]) => (shape.length === 0 ? "scalar" : shape.join("×"));

/** About this many characters fit on one line of a node's box. */
const BOX_CHARS = 17;

/** A short form of a few numbers for a box: 3 significant digits. */
function compact(values: number[]): string {
  const one = (v: number) => fmtPlain(Number(v.toPrecision(3)));
  return values.length === 1 ? one(values[0]) : `[${values.map(one).join(", ")}]`;
}

/** The first candidate that fits in a box line. */
function fit(...candidates: string[]): string {
  return candidates.find((c) => c.length <= BOX_CHARS) ?? candidates[candidates.length - 1];
}

/** The three lines of a node's box (the panel below shows the full numbers). */
function nodeLines(n: GraphNode, shown: boolean, t: Strings): string[] {
  if (n.kind === "const") return [fmtPlain(n.value[0])];
  const head = n.op
    ? `${n.text} = ${t.ops[n.op] ?? n.op}`
    : `${n.text} (${n.kind === "param" ? t.param : t.data})`;
  const shape = `${t.shape} ${shapeText(n.shape)}`;
  const value = fit(`= ${plainValue(n.value)}`, `= ${compact(n.value)}`, shape);
  const d = `∂L/∂${n.text}`;
  let grad: string;
  if (n.grad === null) grad = t.noGradShort;
  else if (!shown) grad = fit(`${d} = ?`, "∂L = ?");
  else {
    grad = fit(
      `${d} = ${plainValue(n.grad)}`,
      `∂L = ${plainValue(n.grad)}`,
      `∂L = ${compact(n.grad)}`,
      `∂L: ${shapeText(n.shape)} ✓`,
    );
  }
  return [head, value, grad];
}

function GraphSvg(
  props: {
    graph: RecordedGraph;
    layout: Layout;
    current: number | null;
    visited: Set<number>;
    t: Strings;
    label: string;
  },
) {
  const { graph, layout, current, visited, t } = props;
  const consumersOfCurrent = new Set(
    current === null ? [] : graph.nodes.filter((n) => n.parents.includes(current)).map((n) => n.id),
  );
  return (
    <svg
      class="gs-svg"
      viewBox={`0 0 ${layout.width.toFixed(0)} ${layout.height.toFixed(0)}`}
      width={layout.width.toFixed(0)}
      height={layout.height.toFixed(0)}
      role="img"
      aria-label={props.label}
    >
      <defs>
        <marker
          id="gs-arrow"
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="8"
          markerHeight="8"
          markerUnits="userSpaceOnUse"
          orient="auto"
        >
          <path d="M0 0L8 4L0 8z" class="gs-arrowhead" />
        </marker>
      </defs>
      {layout.edges.map((e) => {
        const hot = current !== null && e.from === current && consumersOfCurrent.has(e.to);
        return (
          <path
            key={`${e.from}-${e.to}-${e.d}`}
            d={e.d}
            class={hot ? "gs-edge gs-edge-hot" : "gs-edge"}
            marker-end="url(#gs-arrow)"
          />
        );
      })}
      {layout.boxes.map((b) => {
        const n = graph.nodes[b.id];
        const lines = nodeLines(n, visited.has(n.id), t);
        const cls = [
          "gs-node",
          `gs-${n.kind}`,
          visited.has(n.id) ? "gs-visited" : "",
          current === n.id ? "gs-current" : "",
          consumersOfCurrent.has(n.id) ? "gs-consumer" : "",
        ].join(" ");
        return (
          <g
            key={b.id}
            class={cls}
            transform={`translate(${(b.x - b.width / 2).toFixed(1)} ${
              (b.y - b.height / 2).toFixed(1)
            })`}
            data-node={n.text}
            data-grad={n.grad && visited.has(n.id) ? JSON.stringify(n.grad) : undefined}
          >
            <rect width={b.width} height={b.height} rx="6" />
            {lines.map((line, i) => (
              <text
                key={i}
                x={b.width / 2}
                y={lines.length === 1 ? b.height / 2 + 4 : 17 + i * 16}
                text-anchor="middle"
                class={i === 0 ? "gs-head" : ""}
              >
                {line}
              </text>
            ))}
          </g>
        );
      })}
    </svg>
  );
}

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
function NodePanel(
  props: { graph: RecordedGraph; id: number; katex: Katex | null; t: Strings },
) {
  const { graph, id, katex, t } = props;
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
                <span class="gs-term-label">{t.fromConsumer(c.text)}:</span>{" "}
                <span class="gs-term-part">
                  {t.local}: <Tex tex={local} katex={katex} fallback={tm.localTex} />
                </span>{" "}
                <span class="gs-term-part">
                  {t.term}:{" "}
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
            fallback={`${t.total}: ${plainValue(chain.total)}`}
          />{" "}
          <span class={ok ? "gs-ok" : "gs-bad"}>
            {t.engineGrad}: <span class="gs-num" data-engine-grad>{plainValue(engineGrad)}</span>
            {" "}
            ({ok ? t.agrees : t.differs})
          </span>
        </p>
      )}
      <p class="gs-sr" aria-live="polite">{sentence}</p>
    </div>
  );
}

/**
 * The URL's values, bounded by the controls (cleanValues then fits `p` to the expression's leaves;
 * the largest has fewer than 64 values, each within [-10, 10]).
 */
const URL_SCHEMA = {
  e: { values: EXPRESSIONS },
  v: { values: ["scalar", "tensor"] },
  s: { min: 0, max: 10_000, integer: true },
  lr: { min: LR_CHOICES[0], max: LR_CHOICES[LR_CHOICES.length - 1] },
  p: { maxLength: 64, min: -10, max: 10 },
  k: { min: 0, max: 63, integer: true },
};

export default function GraphStepper(props: GraphStepperProps) {
  const lang = props.lang === "zh" ? "zh" : "en";
  const t = text[lang];
  const defaultExpr: ExprId = props.expr && isExprId(props.expr) ? props.expr : "mse-line";
  const defaultView: View = props.view === "tensor" ? "tensor" : "scalar";
  const [state, update, restored] = useUrlState("gs", {
    e: defaultExpr as string,
    v: defaultView as string,
    s: 0,
    lr: 0.01,
    p: [] as number[],
    k: 0,
  }, URL_SCHEMA);
  const expr: ExprId = isExprId(state.e) ? state.e : defaultExpr;
  const view: View = state.v === "tensor" ? "tensor" : "scalar";
  const spec = SPECS[expr];
  const values = useMemo(() => {
    const fromUrl = state.p.length ? unflatten(spec, state.p) : null;
    return fromUrl ? cleanValues(spec, fromUrl) : startValues(expr, props);
  }, [expr, state.p.join(",")]);
  const valuesKey = `${expr}:${flatten(spec, values).join(",")}`;

  const [loaded, setLoaded] = useState<LoadedEngine | null>(null);
  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [layoutFn, setLayoutFn] = useState<{ fn: (n: GraphNode[]) => Layout } | null>(null);
  const [katex, setKatex] = useState<Katex | null>(null);
  const [computed, setComputed] = useState<Computed | null>(null);
  const [error, setError] = useState("");
  const [playing, setPlaying] = useState(false);
  const [training, setTraining] = useState(false);
  const [trainSteps, setTrainSteps] = useState(0);
  const [trainLoss, setTrainLoss] = useState<number | null>(null);
  const [history, setHistory] = useState<[number[], number[]]>([[], []]);
  const loopRef = useRef<TrainingLoop | null>(null);
  const graphBox = useRef<HTMLDivElement>(null);

  // After hydration: the engine (and its backend), dagre and KaTeX, each in its own chunk.
  useEffect(() => {
    let live = true;
    loadEngine().then((l) => {
      if (!live) return;
      setLoaded(l);
      setChoice(l.choice);
    }).catch((e) => live && setError(`${t.failed} ${errorMessage(e)}`));
    import("../backprop/layout.ts").then((m) => live && setLayoutFn({ fn: m.layoutGraph }))
      .catch((e) => live && setError(errorMessage(e)));
    import("katex").then((m) => live && setKatex(m.default)).catch(() => {});
    return () => {
      live = false;
      loopRef.current?.pause();
    };
  }, []);

  // Record both views and the finite differences whenever the expression or values change.
  // A change that arrives while a recording runs is picked up when it ends (latest wins).
  const [tick, setTick] = useState(0);
  const want = useRef<{ expr: ExprId; values: Values; key: string } | null>(null);
  const busy = useRef(false);
  want.current = { expr, values, key: valuesKey };
  useEffect(() => {
    if (!loaded || !restored || training) return;
    if (busy.current) return;
    busy.current = true;
    (async () => {
      const E = loaded.engine;
      let done = "";
      try {
        while (want.current) {
          const job = want.current;
          const [tensor, scalar, fd] = await Promise.all([
            record(E, job.expr, job.values, "tensor"),
            record(E, job.expr, job.values, "scalar"),
            finiteDifferences(E, job.expr, job.values),
          ]);
          setComputed({ expr: job.expr, key: job.key, tensor, scalar, fd });
          done = job.key;
          if (want.current.key === job.key) break;
        }
      } catch (e) {
        setError(`${t.failed} ${errorMessage(e)}`);
      } finally {
        busy.current = false;
        // A change that came in after the last check: run again.
        if (done && want.current && want.current.key !== done) setTick((n) => n + 1);
      }
    })();
  }, [loaded, restored, valuesKey, training, tick]);

  const graph = computed && computed.key === valuesKey ? computed[view] : null;
  const shownGraph = computed ? computed[view] : null;
  const layout = useMemo(
    () => (shownGraph && layoutFn ? layoutFn.fn(shownGraph.nodes) : null),
    [shownGraph, layoutFn],
  );
  const total = shownGraph ? shownGraph.steps.length : 0;
  const s = Math.max(0, Math.min(state.s, total));
  const current = shownGraph && s > 0 ? shownGraph.steps[s - 1] : null;
  const visited = useMemo(
    () => new Set(shownGraph ? shownGraph.steps.slice(0, s) : []),
    [shownGraph, s],
  );

  // Auto-advance while playing.
  useEffect(() => {
    if (!playing) return;
    if (s >= total) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => update({ s: s + 1 }), PLAY_MS);
    return () => clearTimeout(timer);
  }, [playing, s, total]);

  // Keep the current node in view inside the scrolling graph box.
  useEffect(() => {
    const box = graphBox.current;
    if (!box || !layout || current === null) return;
    const b = layout.boxes[current];
    const svg = box.querySelector("svg");
    const scale = svg ? svg.getBoundingClientRect().width / Math.max(1, layout.width) : 1;
    box.scrollTo({
      left: b.x * scale - box.clientWidth / 2,
      top: b.y * scale - box.clientHeight / 2,
      behavior: "smooth",
    });
  }, [current, layout]);

  const setValues = (next: Values) => update({ p: flatten(spec, next) });

  // ---------------------------------------------------------------- training
  async function runTraining(maxSteps: number) {
    if (!loaded || training) return;
    const E = loaded.engine;
    const start = values;
    const lr = state.lr;
    const tr = trainer(E, expr, start, lr);
    let diverged = false;
    let count = 0;
    setError("");
    setTraining(true);
    const xs = [...history[0]], ys = [...history[1]];
    const base = trainSteps;
    const loop = new TrainingLoop({
      maxSteps,
      step: async () => {
        const loss = tr.step();
        try {
          count++;
          if (count % READ_EVERY !== 0 && count !== maxSteps) return NaN;
          const v = (await loss.data.data())[0];
          if (!Number.isFinite(v) || v > 1e8) {
            diverged = true;
            throw new Error(t.diverged(lr));
          }
          xs.push(base + count);
          ys.push(v);
          return v;
        } finally {
          loss.dispose();
        }
      },
      onUpdate: (steps) => {
        setTrainSteps(base + steps);
        if (ys.length) setTrainLoss(ys[ys.length - 1]);
        setHistory([[...xs], [...ys]]);
      },
      onError: (message) => setError(message),
    });
    loopRef.current = loop;
    await loop.play();
    const end = diverged ? start : await tr.values();
    tr.dispose();
    loopRef.current = null;
    setTrainSteps(base + loop.steps);
    setHistory([[...xs], [...ys]]);
    setValues(end);
    setTraining(false);
  }

  // ---------------------------------------------------------------- render
  const lossNow = training && trainLoss !== null ? trainLoss : graph?.loss ?? trainLoss;
  const flatValues = flatten(spec, values);
  const editables = spec.leaves.flatMap((leaf) =>
    values[leaf.name].map((_, i) => ({ leaf, i, names: elementNames(leaf, i) }))
  );
  const k = Math.max(0, Math.min(state.k, editables.length - 1));
  const edit = editables[k];
  let flatIndex = 0;
  for (const leaf of spec.leaves) {
    if (leaf === edit.leaf) break;
    flatIndex += values[leaf.name].length;
  }
  flatIndex += edit.i;
  const editValue = flatValues[flatIndex];
  const viewName = view === "scalar" ? t.scalar : t.tensor;
  const graphLabel = shownGraph
    ? t.graph(viewName, shownGraph.nodes.length, fmtLoss(shownGraph.loss)) +
      " " +
      shownGraph.nodes.filter((n) => n.kind !== "const").map((n) =>
        `${n.text}${
          n.op ? ` = ${n.op}(${n.parents.map((p) => shownGraph.nodes[p].text).join(", ")})` : ""
        }: ${plainValue(n.value)}${
          n.grad && visited.has(n.id) ? `, ∂L/∂${n.text} = ${plainValue(n.grad)}` : ""
        }`
      ).join("; ")
    : t.loading;
  const leafGrads = (g: RecordedGraph | undefined) => JSON.stringify(g?.leafGrads ?? {});
  const fdMap = Object.fromEntries((computed?.fd ?? []).map((f) => [f.key, f.numeric]));

  return (
    <figure
      class="gs"
      data-expr={expr}
      data-view={view}
      data-step={String(s)}
      data-total={String(total)}
      data-current={current !== null && shownGraph ? shownGraph.nodes[current].text : ""}
      data-ready={graph && layout ? "true" : "false"}
      data-backend={choice?.name ?? ""}
      data-loss={lossNow === null ? "" : String(lossNow)}
      data-steps={String(trainSteps)}
      data-training={String(training)}
      data-leaf-grads={leafGrads(computed?.tensor)}
      data-leaf-grads-scalar={leafGrads(computed?.scalar)}
      data-fd={JSON.stringify(fdMap)}
      data-values={flatValues.join(",")}
    >
      <figcaption class="gs-title">{t.title}</figcaption>
      <div class="gs-controls">
        <label>
          <span>{t.expr}</span>
          <select
            value={expr}
            disabled={training}
            onChange={(e) => {
              setPlaying(false);
              update({ e: (e.currentTarget as HTMLSelectElement).value, p: [], k: 0, s: 0 });
            }}
          >
            {EXPRESSIONS.map((id) => <option key={id} value={id}>{t.exprs[id]}</option>)}
          </select>
        </label>
        <fieldset class="gs-view">
          <legend>{t.view}</legend>
          {(["scalar", "tensor"] as const).map((v) => (
            <label key={v} class="gs-radio">
              <input
                type="radio"
                name="gs-view"
                value={v}
                checked={view === v}
                onChange={() => {
                  setPlaying(false);
                  update({ v, s: 0 });
                }}
              />
              {v === "scalar" ? t.scalar : t.tensor}
            </label>
          ))}
        </fieldset>
        <label>
          <span>{t.edit}</span>
          <select
            value={String(k)}
            disabled={training}
            onChange={(e) => update({ k: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {editables.map((ed, i) => (
              <option key={i} value={String(i)}>
                {ed.names.text} ({ed.leaf.role === "param" ? t.param : t.data})
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>
            {edit.names.text} = <output>{fmtPlain(editValue)}</output>
          </span>
          <input
            type="range"
            min={edit.leaf.min}
            max={edit.leaf.max}
            step={edit.leaf.step}
            value={editValue}
            disabled={training}
            data-edit={elementKey(edit.leaf, edit.i)}
            onInput={(e) => {
              const v = Number((e.currentTarget as HTMLInputElement).value);
              const next = { ...values, [edit.leaf.name]: [...values[edit.leaf.name]] };
              next[edit.leaf.name][edit.i] = v;
              setValues(next);
            }}
          />
        </label>
      </div>
      <p class="gs-formula">
        <Tex tex={spec.formula} katex={katex} fallback={t.exprs[expr]} />
      </p>

      <div class="gs-stepper" role="group" aria-label={t.stepper}>
        <button type="button" onClick={() => update({ s: 0 })} disabled={s === 0}>
          {t.first}
        </button>
        <button
          type="button"
          data-action="prev"
          onClick={() => update({ s: Math.max(0, s - 1) })}
          disabled={s === 0}
        >
          ◀ {t.prev}
        </button>
        <button
          type="button"
          data-action="next"
          onClick={() => update({ s: Math.min(total, s + 1) })}
          disabled={!shownGraph || s >= total}
        >
          {t.next} ▶
        </button>
        <button
          type="button"
          data-action="play"
          aria-pressed={playing}
          onClick={() => setPlaying(!playing)}
          disabled={!shownGraph || (s >= total && !playing)}
        >
          {playing ? t.pause : t.play}
        </button>
        <button
          type="button"
          onClick={() => update({ s: total })}
          disabled={!shownGraph || s >= total}
        >
          {t.last}
        </button>
        <span class="gs-stepcount" aria-live="polite">
          {shownGraph ? (s === 0 ? t.stepOf(0, total) : t.stepOf(s, total)) : ""}
        </span>
      </div>

      <div
        class="gs-graph"
        ref={graphBox}
        tabIndex={0}
        role="region"
        aria-label={t.graphRegion}
      >
        {shownGraph && layout
          ? (
            <GraphSvg
              graph={shownGraph}
              layout={layout}
              current={current}
              visited={visited}
              t={t}
              label={graphLabel}
            />
          )
          : <p class="gs-placeholder">{error ? "" : loaded ? t.loading : t.noJs}</p>}
      </div>

      <div class="gs-details">
        {shownGraph && current !== null
          ? <NodePanel graph={shownGraph} id={current} katex={katex} t={t} />
          : <p class="gs-panel gs-sr-visible" aria-live="polite">{t.forwardOnly}</p>}
      </div>

      <div class="gs-check-box" tabIndex={0} role="region" aria-label={t.checkCaption}>
        <table class="gs-check">
          <caption>{t.checkCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t.colName}</th>
              <th scope="col">{t.colScalar}</th>
              <th scope="col">{t.colTensor}</th>
              <th scope="col">{t.colFd}</th>
              <th scope="col">{t.colDiff}</th>
            </tr>
          </thead>
          <tbody>
            {(computed?.fd ?? []).map((f) => {
              const tg = computed!.tensor.leafGrads[f.key];
              const sg = computed!.scalar.leafGrads[f.key];
              return (
                <tr key={f.key} data-key={f.key}>
                  <th scope="row">{f.text}</th>
                  <td data-grad-scalar={String(sg)}>{fmtPlain(sg)}</td>
                  <td data-grad-tensor={String(tg)}>{fmtPlain(tg)}</td>
                  <td data-fd={String(f.numeric)}>{fmtPlain(f.numeric)}</td>
                  <td>{Math.abs(tg - f.numeric).toExponential(1).replace("-", "−")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <div class="gs-train">
        <h3 class="gs-subhead">{t.train}</h3>
        <div class="gs-train-controls">
          <label>
            <span>{t.lr}</span>
            <select
              value={String(state.lr)}
              disabled={training}
              onChange={(e) => update({ lr: Number((e.currentTarget as HTMLSelectElement).value) })}
            >
              {(LR_CHOICES.includes(state.lr) ? LR_CHOICES : [...LR_CHOICES, state.lr]).map((
                lr,
              ) => <option key={lr} value={String(lr)}>{lr}</option>)}
            </select>
          </label>
          <button
            type="button"
            data-action="sgd"
            disabled={!loaded || training}
            onClick={() => runTraining(1)}
          >
            {t.sgdStep}
          </button>
          <button
            type="button"
            data-action="train"
            disabled={!loaded}
            onClick={() => (training ? loopRef.current?.pause() : runTraining(TRAIN_STEPS))}
          >
            {training ? t.pause : t.trainN(TRAIN_STEPS)}
          </button>
          <button
            type="button"
            data-action="reset"
            disabled={training}
            onClick={() => {
              setHistory([[], []]);
              setTrainSteps(0);
              setTrainLoss(null);
              setError("");
              update({ p: [], s: 0 });
            }}
          >
            {t.reset}
          </button>
          <span class="gs-readout">
            {t.steps}: <output>{trainSteps}</output> · {t.loss}:{" "}
            <output data-loss-text>{lossNow === null ? "—" : fmtLoss(lossNow)}</output>
          </span>
        </div>
        {error && <p class="gs-error" role="alert">{error}</p>}
        {history[0].length > 0
          ? (
            <LineChart
              data={[history[0], history[1]]}
              series={[{ label: t.loss, color: "var(--curve)" }]}
              height={180}
              xLabel={t.steps}
              yLabel={t.loss}
              logY
              summary={history[0].length
                ? t.lossChart(
                  history[0][history[0].length - 1],
                  fmtLoss(history[1][history[1].length - 1]),
                )
                : t.lossChartEmpty}
            />
          )
          : <p class="gs-muted">{t.lossChartEmpty}</p>}
      </div>
      <BackendBadge choice={choice} lang={lang} />
    </figure>
  );
}
