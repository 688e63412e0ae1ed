/**
 * GraphStepper: the computation graph the engine records for one training step, drawn with
 * dagre, and backward() replayed node by node. Each step shows the node's local derivatives,
 * the upstream gradients, the chain-rule products and the grad the engine stored; the leaf
 * gradients of the scalar view (one node per number) and the tensor view (one node per tensor
 * op) sit side by side with a central finite difference. One SGD step or a short training run
 * moves the parameters with those gradients.
 *
 * The engine runs in the runtime's worker (`components/backprop/graph_trainer.ts`): it records
 * both graphs at the values shown (`call("set")`) and trains; the island lays the plain nodes
 * out and draws them. dagre and KaTeX are loaded with import() after hydration: the page's first
 * load carries none of them. The server render shows the controls and a note.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import {
  cleanValues,
  EXPRESSIONS,
  type ExprId,
  flatten,
  type GraphNode,
  isExprId,
  type RecordedGraph,
  SPECS,
  unflatten,
  type Values,
  valuesKey,
  type View,
} from "../backprop/expressions.ts";
import type { GraphRecord } from "../backprop/graph_trainer.ts";
import CheckTable from "../backprop/CheckTable.tsx";
import ExprControls from "../backprop/ExprControls.tsx";
import StepperBar from "../backprop/StepperBar.tsx";
import TrainPanel, { LR_CHOICES } from "../backprop/TrainPanel.tsx";
import GraphSvg from "../backprop/GraphSvg.tsx";
import NodePanel from "../backprop/NodePanel.tsx";
import { type Katex, Tex } from "../backprop/tex.tsx";
import { GRAPH_STEPPER } from "../backprop/text.ts";
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
const PLAY_MS = 900;

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

const errorText = (e: unknown) => e instanceof Error ? e.message : String(e);

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
  const lang = props.lang;
  const t = textFor(GRAPH_STEPPER, lang);
  const shared = textFor(SHARED, lang);
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
  const key = valuesKey(expr, values);
  const setValues = (next: Values) => update({ p: flatten(spec, next) });

  const trainer = useTrainer("graph", { expr }, {
    lr: state.lr,
  });
  const [hydrated, setHydrated] = useState(false);
  const [layoutFn, setLayoutFn] = useState<{ fn: (n: GraphNode[]) => Layout } | null>(null);
  const [katex, setKatex] = useState<Katex | null>(null);
  /** The graphs of both views and the finite differences, recorded by the trainer. */
  const [computed, setComputed] = useState<GraphRecord | null>(null);
  const [tensors, setTensors] = useState(0);
  const [error, setError] = useState("");
  const [playing, setPlaying] = useState(false);
  const [training, setTraining] = useState(false);
  const [history, setHistory] = useState<[number[], number[]]>([[], []]);
  const graphBox = useRef<HTMLDivElement>(null);
  /** The latest `set` asked for (older answers are dropped), and the step count it was at. */
  const asked = useRef(0);
  const setAt = useRef(0);

  // After hydration: dagre and KaTeX, each in its own chunk.
  useEffect(() => {
    let live = true;
    setHydrated(true);
    import("../backprop/layout.ts").then((m) => live && setLayoutFn({ fn: m.layoutGraph }))
      .catch((e) => live && setError(errorText(e)));
    import("katex").then((m) => live && setKatex(m.default)).catch(() => {});
    return () => void (live = false);
  }, []);

  /** Puts `vals` in the trainer (it starts, the first time) and records both graphs there. */
  async function record(vals: Values): Promise<void> {
    const mine = ++asked.current;
    try {
      const r = await trainer.call("set", { values: vals });
      if (mine !== asked.current) return;
      setAt.current = r.count;
      setComputed(r);
      setTensors(r.tensors);
    } catch (e) {
      if (mine === asked.current) setError(`${t.failed} ${errorText(e)}`);
    }
  }

  // Record the graphs whenever the expression or the values change (not while training).
  useEffect(() => {
    if (!restored || training || computed?.key === key) return;
    void record(values);
  }, [restored, key, training]);

  // A snapshot: the loss curve grows; once a run is over, its values become the ones shown.
  const snap = trainer.snapshot;
  useEffect(() => {
    if (!snap) return;
    setTensors(trainer.tensors);
    if (snap.count <= setAt.current) return; // no step since the values were set
    const [px, py] = snap.points;
    setHistory(([xs, ys]) => {
      const nx = [...xs], ny = [...ys];
      [...px, snap.count].forEach((x, i) => {
        if (!nx.length || x > nx[nx.length - 1]) {
          nx.push(x), ny.push(i < py.length ? py[i] : snap.loss);
        }
      });
      return [nx, ny];
    });
  }, [snap]);
  useEffect(() => {
    if (!snap || training || trainer.status === "error" || snap.count <= setAt.current) return;
    setAt.current = snap.count;
    setValues(cleanValues(spec, snap.values));
  }, [snap, training]);

  /** One SGD step or a training run, from the values shown. */
  async function run(steps: number) {
    if (training) return;
    setTraining(true);
    setError("");
    try {
      await record(values);
      if (steps === 1) await trainer.step(1);
      else await trainer.play({ maxSteps: trainer.steps + steps });
    } finally {
      setTraining(false);
    }
  }

  const graph = computed && computed.key === key ? computed[view] : null;
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

  const lossNow = training ? snap?.loss ?? null : graph?.loss ?? null;
  const flatValues = flatten(spec, values);
  const leafGrads = (g: RecordedGraph | undefined) => JSON.stringify(g?.leafGrads ?? {});
  const fdMap = Object.fromEntries((computed?.fd ?? []).map((f) => [f.key, f.numeric]));

  const shownError = error ||
    (trainer.nonFinite ? t.diverged(state.lr) : trainer.error ?? "");
  return (
    <figure
      class="gs"
      {...trainerHooks(trainer, {
        expr,
        view,
        step: s,
        total,
        current: current !== null && shownGraph ? shownGraph.nodes[current].text : "",
        ready: !!(graph && layout),
        tensors,
        loss: lossNow,
        training,
        leafGrads: leafGrads(computed?.tensor),
        leafGradsScalar: leafGrads(computed?.scalar),
        fd: JSON.stringify(fdMap),
        values: flatValues,
      })}
    >
      <figcaption class="gs-title">{t.title}</figcaption>
      <ExprControls
        t={t}
        expr={expr}
        view={view}
        values={values}
        edit={state.k}
        disabled={training}
        onExpr={(e) => {
          setPlaying(false);
          update({ e, p: [], k: 0, s: 0 });
        }}
        onView={(v) => {
          setPlaying(false);
          update({ v, s: 0 });
        }}
        onEdit={(k) => update({ k })}
        onValues={setValues}
      />
      <p class="gs-formula">
        <Tex tex={spec.formula} katex={katex} fallback={t.exprs[expr]} />
      </p>

      <StepperBar
        t={t}
        lang={lang}
        step={s}
        total={shownGraph ? total : null}
        playing={playing}
        onStep={(step) => update({ s: step })}
        onPlaying={setPlaying}
      />

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
              viewName={view === "scalar" ? t.scalar : t.tensor}
            />
          )
          : <p class="gs-placeholder">{error ? "" : hydrated ? shared.loading : t.noJs}</p>}
      </div>

      <div class="gs-details">
        {shownGraph && current !== null
          ? (
            <NodePanel
              graph={shownGraph}
              id={current}
              katex={katex}
              t={t}
              punct={shared.punct}
            />
          )
          : <p class="gs-panel gs-sr-visible" aria-live="polite">{t.forwardOnly}</p>}
      </div>

      <CheckTable
        fd={computed?.fd ?? []}
        tensor={computed?.tensor ?? null}
        scalar={computed?.scalar ?? null}
        t={t}
      />
      <TrainPanel
        t={t}
        lang={lang}
        lr={state.lr}
        onLr={(lr) => update({ lr })}
        training={training}
        ready={computed !== null}
        steps={trainer.steps}
        trainSteps={TRAIN_STEPS}
        loss={lossNow}
        error={shownError}
        history={history}
        onStep={() => run(1)}
        onTrain={() => (training ? trainer.pause() : run(TRAIN_STEPS))}
        onReset={() => {
          trainer.reset();
          setHistory([[], []]);
          setError("");
          update({ p: [], s: 0 });
        }}
      />
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={lang}
      />
    </figure>
  );
}
