/**
 * Fit y = ax + b to noisy points with MSE, MAE or Huber, on the engine: the same model, the same
 * data, only the loss changes. Toggle three outliers and watch MSE's line get pulled while MAE's
 * holds. The derivatives ∂L/∂a and ∂L/∂b are shown three ways: from the engine's `backward()`,
 * from the lesson's formula (KaTeX, loaded on first interaction, with the numbers filled in), and
 * from central finite differences of the engine's forward pass.
 */
import LossSelect from "../loss/LossSelect.tsx";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import LineChart from "../lib/LineChart.tsx";
import {
  type BackendChoice,
  type Engine,
  errorMessage,
  loadEngine,
  useStartEngine,
} from "../lib/engine.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { backwardAt, finiteDiff, read, regressionLoss } from "../loss/engine_losses.ts";
import {
  gradTerms,
  LOSS_KINDS,
  lossGrad,
  type LossKind,
  lossKind,
  lossValue,
  makePoints,
  mseCurvature,
  START,
} from "../loss/math.ts";
import type { optim, Tensor } from "../../engine/mod.ts";

export interface LossFitProps {
  loss?: string;
  outliers?: boolean;
  points?: number;
  delta?: number;
  lang?: string;
}

/** Steps per press of Train; the loss is read back from the GPU every READ_EVERY steps. */
const STEPS_PER_RUN = 100;
const READ_EVERY = 10;

const text = {
  en: {
    title: "Fit a line with three losses",
    loss: "Loss",
    names: { mse: "MSE (squared)", mae: "MAE (absolute)", huber: "Huber" } as Record<
      LossKind,
      string
    >,
    delta: "Huber threshold δ",
    outliers: "Add 3 outliers",
    train: "Train",
    pause: "Pause",
    step: "Step",
    reset: "Reset",
    points: "points",
    outlierPts: "outliers",
    line: "line ax + b",
    loss_: "loss",
    step_: "step",
    fitSummary: (a: string, b: string, n: number, o: boolean) =>
      `Scatter plot of ${n} points${
        o ? " (3 of them outliers far above the line)" : ""
      } and the current line y = ${a}x + ${b}.`,
    curveSummary: (k: string, n: number, l: string) =>
      n === 0 ? `Loss curve: no training yet (${k}).` : `Loss curve (${k}): ${l} after ${n} steps.`,
    derivs: "Derivatives at the current a, b",
    colWhat: "derivative",
    colBackward: "backward()",
    colFormula: "formula",
    colFd: "finite difference",
    colDiff: "backward − f.d.",
    formulaHint: "Interact with the figure to typeset the formula with its numbers.",
    waiting: "starting the engine…",
    done: (n: number) => `Trained ${n} steps. Press Train to go on, or change the loss.`,
    kink:
      "MAE has a corner wherever a point lies exactly on the line: there backward() uses sign(0) = 0 and a finite difference straddles the corner, so the two can differ.",
  },
  zh: {
    title: "用三种损失拟合一条直线",
    loss: "损失函数",
    names: { mse: "MSE（平方）", mae: "MAE（绝对值）", huber: "Huber" } as Record<
      LossKind,
      string
    >,
    delta: "Huber 阈值 δ",
    outliers: "加入 3 个离群点",
    train: "训练",
    pause: "暂停",
    step: "单步",
    reset: "重置",
    points: "数据点",
    outlierPts: "离群点",
    line: "直线 ax + b",
    loss_: "损失",
    step_: "步数",
    fitSummary: (a: string, b: string, n: number, o: boolean) =>
      `${n} 个数据点的散点图${
        o ? "（其中 3 个是远在直线上方的离群点）" : ""
      }，以及当前直线 y = ${a}x + ${b}。`,
    curveSummary: (k: string, n: number, l: string) =>
      n === 0 ? `损失曲线：尚未训练（${k}）。` : `损失曲线（${k}）：${n} 步后为 ${l}。`,
    derivs: "当前 a、b 处的导数",
    colWhat: "导数",
    colBackward: "backward()",
    colFormula: "公式",
    colFd: "有限差分",
    colDiff: "backward − 差分",
    formulaHint: "与图交互后，公式会排版出来并代入当前数值。",
    waiting: "正在启动引擎……",
    done: (n: number) => `已训练 ${n} 步。按“训练”继续，或换一个损失函数。`,
    kink:
      "MAE 在数据点恰好落在直线上的地方有一个尖角：backward() 在那里取 sign(0) = 0，而有限差分跨过了尖角，两者可能不同。",
  },
};

interface Derivs {
  backward: [number, number];
  formula: [number, number];
  fd: [number, number];
}

interface Sim {
  E: Engine;
  X: Tensor;
  Y: Tensor;
  a: Tensor;
  b: Tensor;
  opt: optim.SGD;
  loop: TrainingLoop;
  /** Steps since the current Train press. */
  runSteps: number;
}

type KatexModule = typeof import("../loss/typeset.ts");
let katexLoading: Promise<KatexModule> | undefined;

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

/** The URL's values: a known loss, δ within its slider, a line no training run goes past. */
const URL_SCHEMA = {
  loss: { values: LOSS_KINDS },
  delta: { min: 0.1, max: 3 },
  a: { min: -100, max: 100 },
  b: { min: -100, max: 100 },
};

export default function LossFit(props: LossFitProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const n = props.points ?? 30;
  const defaults = {
    loss: lossKind(props.loss),
    outliers: props.outliers ?? false,
    delta: props.delta ?? 1,
    a: START.a,
    b: START.b,
  };
  const [state, update, restored] = useUrlState("lf", defaults, URL_SCHEMA);
  const kind = lossKind(state.loss);
  const pts = useMemo(() => makePoints(n, state.outliers), [n, state.outliers]);

  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [params, setParams] = useState({ a: state.a, b: state.b });
  const [lossNow, setLossNow] = useState<number | null>(null);
  const [steps, setSteps] = useState(0);
  const [curve, setCurve] = useState<[number[], number[]]>([[], []]);
  const [running, setRunning] = useState(false);
  const [message, setMessage] = useState("");
  const [derivs, setDerivs] = useState<Derivs | null>(null);
  const [katex, setKatex] = useState<KatexModule | null>(null);
  const [tensors, setTensors] = useState<number | null>(null);

  const sim = useRef<Sim | null>(null);
  // The latest view of the controls, for callbacks that outlive a render.
  const live = useRef({ kind, delta: state.delta, pts });
  live.current = { kind, delta: state.delta, pts };
  const curveRef = useRef<[number[], number[]]>([[], []]);
  const stepsRef = useRef(0);
  const lastDerivs = useRef(0);

  /** The last a, b read back from the backend. */
  const view = useRef({ a: state.a, b: state.b });

  /**
   * Read a, b back and, with `withDerivs`, fill the derivative table (backward(), formula,
   * finite difference). Reading waits for the backend, so training does it every few steps.
   */
  async function readView(s: Sim, withDerivs: boolean) {
    const [va, vb] = await Promise.all([read(s.a), read(s.b)]);
    const a = va[0], b = vb[0];
    view.current = { a, b };
    setParams({ a, b });
    if (withDerivs) {
      lastDerivs.current = performance.now();
      const { kind, delta, pts } = live.current;
      const bw = await backwardAt(s.E, kind, a, b, s.X, s.Y, delta);
      const fd = await finiteDiff(s.E, kind, a, b, pts.xs, pts.ys, delta);
      setLossNow(bw.loss);
      setDerivs({ backward: [bw.da, bw.db], formula: lossGrad(kind, a, b, pts, delta), fd });
    }
    // tfjs keeps its engine on the global object; the count shows that nothing leaks per step.
    const tf = (globalThis as { _tfengine?: { state: { numTensors: number } } })._tfengine;
    if (tf) setTensors(tf.state.numTensors);
  }

  function showProgress() {
    setSteps(stepsRef.current);
    setCurve([curveRef.current[0].slice(), curveRef.current[1].slice()]);
  }

  /** (Re)build the data and parameter tensors from the current points and a, b. */
  function build(E: Engine, a: number, b: number) {
    const old = sim.current;
    old?.loop.pause();
    if (old) {
      for (const x of [old.X, old.Y, old.a, old.b]) x.dispose();
      old.opt.dispose();
    }
    const { pts } = live.current;
    const X = E.tensor(Float32Array.from(pts.xs), [pts.xs.length]);
    const Y = E.tensor(Float32Array.from(pts.ys), [pts.ys.length]);
    const pa = E.tensor([a], [1], { requiresGrad: true, label: "a" });
    const pb = E.tensor([b], [1], { requiresGrad: true, label: "b" });
    // Below the MSE bowl's limit 2/λmax (≈ 0.46 here), with room to spare.
    const lr = Math.min(0.2, 0.8 / mseCurvature(pts.xs));
    const opt = new E.optim.SGD([pa, pb], { lr });
    const s: Sim = { E, X, Y, a: pa, b: pb, opt, loop: null!, runSteps: 0 };
    s.loop = new TrainingLoop({
      step: async () => {
        const { kind, delta } = live.current;
        s.opt.zeroGrad();
        const loss = regressionLoss(E, kind, s.X.mul(s.a).add(s.b), s.Y, delta);
        // No per-step check: reading the loss waits for the GPU, so it is read every few steps.
        loss.backward({ checkFinite: false });
        s.opt.step();
        stepsRef.current++;
        s.runSteps++;
        const last = s.runSteps >= STEPS_PER_RUN;
        if (stepsRef.current % READ_EVERY !== 0 && !last) {
          loss.dispose();
          return NaN;
        }
        let value: number;
        try {
          value = (await read(loss))[0];
        } finally {
          loss.dispose();
        }
        if (!Number.isFinite(value)) {
          throw new E.NonFiniteLossError(value, `step ${stepsRef.current}`);
        }
        curveRef.current[0].push(stepsRef.current);
        curveRef.current[1].push(value);
        setLossNow(value);
        await readView(s, last || performance.now() - lastDerivs.current > 1000);
        if (last) s.loop.pause();
        return value;
      },
      onUpdate: showProgress,
      onError: (msg) => setMessage(msg),
      onStop: () => {
        setRunning(false);
        showProgress();
        update({ a: round(view.current.a), b: round(view.current.b) });
        if (s.runSteps >= STEPS_PER_RUN) setMessage(t.done(stepsRef.current));
      },
    });
    sim.current = s;
    curveRef.current = [[], []];
    showProgress();
    readView(s, true).catch((e) => setMessage(errorMessage(e)));
  }

  // Start the engine when the island hydrates (it hydrates only when scrolled near).
  useStartEngine(setChoice, setMessage);
  useEffect(() => () => sim.current?.loop.pause(), []);

  // Build once the engine runs and the URL was read; rebuild when the points change.
  useEffect(() => {
    if (!choice || !restored) return;
    let alive = true;
    loadEngine().then(({ engine }) => {
      if (!alive) return;
      const a = sim.current ? view.current.a : state.a;
      const b = sim.current ? view.current.b : state.b;
      try {
        build(engine, a, b);
      } catch (e) {
        setMessage(errorMessage(e));
      }
    });
    return () => {
      alive = false;
    };
  }, [choice, restored, state.outliers]);

  // A new loss or δ: the derivatives and the loss at the current a, b change.
  useEffect(() => {
    const s = sim.current;
    if (s && !running) readView(s, true).catch((e) => setMessage(errorMessage(e)));
  }, [kind, state.delta]);

  const wantKatex = () => {
    katexLoading ??= import("../loss/typeset.ts");
    katexLoading.then((k) => setKatex(() => k)).catch(() => {});
  };

  const train = () => {
    const s = sim.current;
    if (!s) return;
    wantKatex();
    if (running) {
      s.loop.pause();
      return;
    }
    setMessage("");
    s.runSteps = 0;
    setRunning(true);
    s.loop.play();
  };
  const stepOnce = async () => {
    const s = sim.current;
    if (!s || running) return;
    wantKatex();
    setMessage("");
    // As the last step of a run, a single step reads everything back.
    s.runSteps = STEPS_PER_RUN - 1;
    await s.loop.stepOnce();
    update({ a: round(view.current.a), b: round(view.current.b) });
  };
  const reset = () => {
    const s = sim.current;
    wantKatex();
    setMessage("");
    stepsRef.current = 0;
    setSteps(0);
    update({ a: START.a, b: START.b });
    if (s) build(s.E, START.a, START.b);
    else setParams({ a: START.a, b: START.b });
  };

  // Before the engine runs (server render, hydration), show the formula's numbers.
  const a = sim.current ? params.a : state.a;
  const b = sim.current ? params.b : state.b;
  const shownLoss = lossNow ?? lossValue(kind, a, b, pts, state.delta);
  const terms = gradTerms(kind, a, b, pts, state.delta);
  const formula = derivs?.formula ?? lossGrad(kind, a, b, pts, state.delta);

  const fitData = useMemo(() => {
    const line = pts.xs.map((x) => a * x + b);
    return [
      pts.xs,
      pts.ys.map((y, i) => (pts.outlier[i] ? null : y)),
      pts.ys.map((y, i) => (pts.outlier[i] ? y : null)),
      line,
    ];
  }, [pts, a, b]);

  const lossName = t.names[kind];
  const cell = (v: number | undefined, digits = 4) => (v === undefined ? "—" : fmt(v, digits));
  const diffCell = (i: 0 | 1) =>
    derivs ? Math.abs(derivs.backward[i] - derivs.fd[i]).toExponential(1) : "—";

  return (
    <figure
      class="loss-island loss-fit"
      data-loss={String(shownLoss)}
      data-steps={String(steps)}
      data-backend={choice?.name ?? ""}
      data-kind={kind}
      data-outliers={state.outliers ? "1" : "0"}
      data-a={String(a)}
      data-b={String(b)}
      data-running={running ? "1" : "0"}
      data-ready={sim.current ? "1" : "0"}
      data-grad-a={derivs ? String(derivs.backward[0]) : ""}
      data-grad-b={derivs ? String(derivs.backward[1]) : ""}
      data-fd-a={derivs ? String(derivs.fd[0]) : ""}
      data-fd-b={derivs ? String(derivs.fd[1]) : ""}
      data-formula-a={String(formula[0])}
      data-formula-b={String(formula[1])}
      data-katex={katex ? "1" : "0"}
      data-tensors={tensors === null ? "" : String(tensors)}
      onPointerDown={wantKatex}
      onKeyDown={wantKatex}
    >
      <figcaption class="loss-title">{t.title}</figcaption>
      <div class="loss-controls">
        <LossSelect
          label={t.loss}
          names={t.names}
          value={kind}
          onChange={(loss) => update({ loss })}
        />
        {kind === "huber" && (
          <label>
            <span>
              {t.delta} = <output>{fmt(state.delta, 1)}</output>
            </span>
            <input
              type="range"
              min={0.1}
              max={3}
              step={0.1}
              value={state.delta}
              onInput={(e) =>
                update({ delta: Number((e.currentTarget as HTMLInputElement).value) })}
            />
          </label>
        )}
        <label class="loss-check">
          <input
            type="checkbox"
            checked={state.outliers}
            onChange={(e) => update({ outliers: (e.currentTarget as HTMLInputElement).checked })}
          />
          <span>{t.outliers}</span>
        </label>
        <div class="loss-buttons">
          <button type="button" class="primary" onClick={train} disabled={!sim.current}>
            {running ? t.pause : t.train}
          </button>
          <button type="button" onClick={stepOnce} disabled={!sim.current || running}>
            {t.step}
          </button>
          <button type="button" onClick={reset} disabled={!sim.current}>{t.reset}</button>
        </div>
      </div>
      <p class="loss-readout" aria-live="polite">
        a = <strong>{fmt(a, 3)}</strong>, b = <strong>{fmt(b, 3)}</strong>, {lossName} ={" "}
        <strong>{fmtLoss(shownLoss)}</strong>, {t.step_} {steps}
      </p>
      <p class="loss-key" aria-hidden="true">
        <span class="key-points">●</span> {t.points}
        {state.outliers && (
          <>
            {" "}
            <span class="key-outliers">●</span> {t.outlierPts}
          </>
        )} <span class="key-line">—</span> {t.line}
      </p>
      <div class="loss-charts">
        <LineChart
          data={fitData}
          series={[
            { label: t.points, color: "var(--step)", points: true },
            { label: t.outlierPts, color: "var(--curve)", points: true },
            { label: t.line, color: "var(--fg)", width: 2 },
          ]}
          xLabel="x"
          yLabel="y"
          yRange={[-1, 8]}
          legend={false}
          height={240}
          summary={t.fitSummary(fmt(a, 2), fmt(b, 2), pts.xs.length, state.outliers)}
        />
        <LineChart
          data={curve[0].length ? curve : [[0], [shownLoss]]}
          series={[{ label: `${t.loss_} (${lossName})`, color: "var(--curve)" }]}
          xLabel={t.step_}
          yLabel={t.loss_}
          logY
          legend={false}
          height={240}
          summary={t.curveSummary(lossName, steps, fmtLoss(shownLoss))}
        />
      </div>
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
      <p class="loss-status" role="status">{message || (choice ? "" : t.waiting)}</p>
      <BackendBadge choice={choice} lang={props.lang} />
    </figure>
  );
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
