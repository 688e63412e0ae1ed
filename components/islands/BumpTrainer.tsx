/**
 * Gradient descent takes over from the bumps: nn.Linear(1, H) → activation → nn.Linear(H, 1),
 * trained with MSE and Adam on 200 samples of Nielsen's f. It starts from random weights or from
 * the reader's hand-built bumps (BumpBuilder's weights, same layout). Each hidden neuron's part
 * vᵢ·act(wᵢx + bᵢ) is drawn faintly under the sum. With the activation off the fit is a line.
 * A sweep trains H = 2 … 64 for a fixed number of steps and plots the final loss against H.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import LineChart from "../lib/LineChart.tsx";
import BackendBadge from "../lib/BackendBadge.tsx";
import { type BackendChoice, type Engine, errorMessage, loadEngine } from "../lib/engine.ts";
import { assetUrl } from "../base.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmtLoss } from "../lib/format.ts";
import {
  type Activation,
  bumpNet,
  evalNet,
  fitHeights,
  type Layer,
  linspace,
  meanSquaredError,
  type Net1D,
  nielsen,
} from "../bumps/math.ts";
import { builtBumps, onBumps } from "../bumps/state.ts";
import { dataset, type LayerInit, MlpTrainer } from "../bumps/train.ts";

export interface BumpTrainerProps {
  hidden?: number;
  start?: "random" | "built";
  activation?: Activation;
  lang?: string;
}

type Tensor = InstanceType<Engine["Tensor"]>;

const HIDDEN = [2, 4, 6, 8, 10, 16, 20, 32, 64];
const SWEEP = [2, 4, 8, 16, 32, 64];
const RATES = [0.001, 0.003, 0.01, 0.03, 0.1];
const BUDGETS = [200, 500, 2000, 5000];
/** A press of Train runs at most this many steps (press again to go on). */
const RUN_STEPS = 5000;
const XS_TRAIN = linspace(0, 1, 200);
const XS_PLOT = linspace(0, 1, 201);
const TARGET = XS_PLOT.map(nielsen);
const MAX_LOSS_POINTS = 400;

const text = {
  en: {
    start: "start from",
    random: "random weights",
    built: "your bumps (above)",
    hidden: "hidden neurons",
    fromBumps: (n: number) => `${2 * n} (your ${n} bumps)`,
    activation: "activation",
    sigmoid: "sigmoid",
    relu: "ReLU",
    none: "none (linear)",
    lr: "learning rate (Adam)",
    train: "Train",
    pause: "Pause",
    step: "One step",
    reset: "Reset",
    target: "target f(x)",
    output: "network output",
    neuron: (i: number) => `neuron ${i}`,
    fitSummary: (h: number, act: string, loss: string, steps: number, line: boolean) =>
      `The target f and the network's output (${h} hidden neurons, activation ${act}) after ${steps} steps, with each neuron's contribution drawn faintly. MSE = ${loss}.${
        line ? " The output is a straight line." : ""
      }`,
    lossTitle: "Loss (MSE) during training",
    lossSummary: (steps: number, loss: string) =>
      `Training loss against steps: ${steps} steps, latest MSE ${loss}.`,
    notStarted: "not trained yet",
    lossAt: (steps: number, loss: string) => `step ${steps}: MSE = ${loss}`,
    lineNote:
      "Without an activation the two layers collapse into one line, y = (W₂W₁)x + (W₂b₁ + b₂): the best any line does here is MSE 0.0201.",
    sweep: "Final loss against the number of hidden neurons",
    sweepRun: "Run the comparison",
    sweepStop: "Stop",
    budget: "steps per size",
    sweepProgress: (h: number, s: number, total: number) =>
      `training ${h} hidden neurons: step ${s} of ${total}`,
    sweepDone: "done",
    trained: "trained from random weights",
    ideal: "N bumps, heights fitted (hand-built, 2N neurons)",
    sweepSummary: (rows: string) =>
      rows
        ? `Final MSE by hidden neurons after training: ${rows}.`
        : "Press “Run the comparison” to train each size.",
    xHidden: "hidden neurons",
    diverged: "Training stopped:",
  },
  zh: {
    start: "起点",
    random: "随机权重",
    built: "你搭的凸起（上图）",
    hidden: "隐藏神经元",
    fromBumps: (n: number) => `${2 * n}（你的 ${n} 个凸起）`,
    activation: "激活函数",
    sigmoid: "sigmoid",
    relu: "ReLU",
    none: "无（线性）",
    lr: "学习率（Adam）",
    train: "训练",
    pause: "暂停",
    step: "走一步",
    reset: "重置",
    target: "目标 f(x)",
    output: "网络输出",
    neuron: (i: number) => `神经元 ${i}`,
    fitSummary: (h: number, act: string, loss: string, steps: number, line: boolean) =>
      `目标 f 与网络输出（${h} 个隐藏神经元，激活函数 ${act}），已训练 ${steps} 步，每个神经元的贡献以淡色画出。MSE = ${loss}。${
        line ? "输出是一条直线。" : ""
      }`,
    lossTitle: "训练中的损失（MSE）",
    lossSummary: (steps: number, loss: string) =>
      `训练损失随步数的变化：共 ${steps} 步，最新 MSE ${loss}。`,
    notStarted: "尚未训练",
    lossAt: (steps: number, loss: string) => `第 ${steps} 步：MSE = ${loss}`,
    lineNote:
      "没有激活函数时，两层合成一条直线 y = (W₂W₁)x + (W₂b₁ + b₂)：这里任何直线最好也只能做到 MSE 0.0201。",
    sweep: "最终损失 vs. 隐藏神经元数",
    sweepRun: "开始对比",
    sweepStop: "停止",
    budget: "每种规模训练步数",
    sweepProgress: (h: number, s: number, total: number) =>
      `正在训练 ${h} 个隐藏神经元：第 ${s} / ${total} 步`,
    sweepDone: "完成",
    trained: "从随机权重训练",
    ideal: "N 个凸起、高度已拟合（手搭，2N 个神经元）",
    sweepSummary: (rows: string) =>
      rows ? `训练后各隐藏神经元数的最终 MSE：${rows}。` : "按“开始对比”逐个规模训练。",
    xHidden: "隐藏神经元数",
    diverged: "训练已停止：",
  },
};

/** The hand-built staircase's MSE for 2N neurons (N = H/2 bumps, f's slice means, w = 400). */
const IDEAL = SWEEP.map((h) =>
  meanSquaredError((x) => evalNet(bumpNet(fitHeights(h / 2), 400), x))
);

function toNet(layers: Layer[]): Net1D {
  const [l1, l2] = layers;
  return { w: l1.W.map((r) => r[0]), b: l1.b, v: l2.W[0], c: l2.b[0] };
}

function netInit(net: Net1D): LayerInit[] {
  return [{ W: net.w.map((w) => [w]), b: net.b }, { W: [net.v], b: [net.c] }];
}

/** Largest distance of the curve from the straight line through its ends. */
function bendOf(ys: number[]): number {
  const n = ys.length - 1;
  let m = 0;
  ys.forEach((y, i) => (m = Math.max(m, Math.abs(y - (ys[0] + ((ys[n] - ys[0]) * i) / n)))));
  return m;
}

/** The URL's values, bounded by the controls' ranges (a hidden size of 1e9 froze the tab). */
const URL_SCHEMA = {
  start: { values: ["random", "built"] },
  hidden: { min: 1, max: HIDDEN[HIDDEN.length - 1], integer: true },
  act: { values: ["sigmoid", "relu", "none"] },
  lr: { min: RATES[0], max: RATES[RATES.length - 1] },
  budget: { min: 1, max: BUDGETS[BUDGETS.length - 1], integer: true },
};

export default function BumpTrainer(props: BumpTrainerProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const defaults = useMemo(() => ({
    start: (props.start ?? "random") as string,
    hidden: props.hidden ?? 10,
    act: (props.activation ?? "sigmoid") as string,
    lr: 0.03,
    budget: 2000,
  }), []);
  const [state, update] = useUrlState("bt", defaults, URL_SCHEMA);
  const act =
    (["sigmoid", "relu", "none"].includes(state.act) ? state.act : "sigmoid") as Activation;
  const built = state.start === "built";
  const [bumps, setBumps] = useState(() => builtBumps(""));
  useEffect(() => {
    setBumps(builtBumps());
    return onBumps(setBumps);
  }, []);
  const hidden = built ? 2 * bumps.heights.length : state.hidden;

  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [net, setNet] = useState<Net1D | null>(null);
  const [steps, setSteps] = useState(0);
  const [loss, setLoss] = useState(NaN);
  const [lossCurve, setLossCurve] = useState<[number[], number[]]>([[], []]);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState("");
  const [sweep, setSweep] = useState<(number | null)[]>(SWEEP.map(() => null));
  const [sweepNote, setSweepNote] = useState("");
  const [sweeping, setSweeping] = useState(false);

  // Engine objects live in refs: they are not view state, and they must be disposed by hand.
  const eng = useRef<{ E: Engine; X: Tensor; Y: Tensor } | null>(null);
  const trainer = useRef<MlpTrainer | null>(null);
  const loop = useRef<TrainingLoop | null>(null);
  const sweepLoop = useRef<TrainingLoop | null>(null);
  const sweepStop = useRef(false);

  // The configuration's initial weights, in plain numbers (null: random, known after the engine).
  const initNet = built ? bumpNet(bumps.heights, bumps.steepness) : null;
  const config = JSON.stringify([hidden, act, state.lr, built, built ? bumps : null]);

  // A new configuration: drop the trained model and show the starting point.
  useEffect(() => {
    if (sweeping) return;
    loop.current?.pause();
    trainer.current?.dispose();
    trainer.current = null;
    loop.current = null;
    setNet(initNet);
    setSteps(0);
    setLoss(initNet ? meanSquaredError((x) => evalNet(initNet, x, act)) : NaN);
    setLossCurve([[], []]);
    setError("");
  }, [config]);

  // Leaving the page: free everything on the backend.
  useEffect(() => () => {
    loop.current?.pause();
    sweepStop.current = true;
    trainer.current?.dispose();
    eng.current?.X.dispose();
    eng.current?.Y.dispose();
  }, []);

  async function engine() {
    if (!eng.current) {
      const loaded = await loadEngine({ prefer: "wasm" });
      setChoice(loaded.choice);
      const [X, Y] = dataset(loaded.engine, XS_TRAIN.map((x) => [x]), XS_TRAIN.map(nielsen));
      eng.current = { E: loaded.engine, X, Y };
    }
    return eng.current;
  }

  /**
   * A backend that breaks (a lost GPU context; WebGPU failing its reads) throws something other
   * than an EngineError. Then: start the next backend in the engine's order, rebuild the data
   * there, and report the switch. The caller starts its model again from the initial weights.
   */
  async function fallBack(error: unknown): Promise<boolean> {
    const e = eng.current;
    if (!e || error instanceof e.E.EngineError) return false;
    try {
      const next = await e.E.fallBackFrom(e.E.backendName(), {
        wasmPath: assetUrl("assets/tfjs/"),
      });
      for (const t of [e.X, e.Y]) {
        try {
          t.dispose();
        } catch { /* it lived on the dead backend */ }
      }
      [e.X, e.Y] = dataset(e.E, XS_TRAIN.map((x) => [x]), XS_TRAIN.map(nielsen));
      setChoice(next);
      return true;
    } catch {
      return false;
    }
  }

  function makeTrainer(E: Engine, X: Tensor, Y: Tensor, h: number, init: Net1D | null, seed = 1) {
    return new MlpTrainer(
      E,
      { sizes: [1, h, 1], act, init: init ? netInit(init) : undefined, seed, lr: state.lr },
      X,
      Y,
    );
  }

  /** Draw the weights and loss last read back (no GPU read here). */
  function show(tr: MlpTrainer) {
    if (tr.weights) setNet(toNet(tr.weights));
    setSteps(tr.steps);
    if (Number.isFinite(tr.loss)) {
      setLoss(tr.loss);
      setLossCurve(([xs, ys]) => {
        if (xs[xs.length - 1] === tr.steps) return [xs, ys];
        let nx = [...xs, tr.steps], ny = [...ys, tr.loss];
        if (nx.length > MAX_LOSS_POINTS) {
          nx = nx.filter((_, i) => i % 2 === 0);
          ny = ny.filter((_, i) => i % 2 === 0);
        }
        return [nx, ny];
      });
    }
  }

  function newLoop(tr: MlpTrainer): TrainingLoop {
    let shown = 0;
    const l: TrainingLoop = new TrainingLoop({
      step: () => tr.step(),
      maxSteps: tr.steps + RUN_STEPS,
      // Redraw at most ten times a second: the charts need no more, and on a slow machine a
      // frame spent drawing is a frame not spent training.
      onUpdate: () => {
        const now = performance.now();
        if (now - shown > 100) {
          shown = now;
          show(tr);
        }
      },
      onError: async (message, error) => {
        if (await fallBack(error)) {
          const fresh = await ensureTrainer(true);
          if (fresh && loop.current) {
            setRunning(true);
            loop.current.play();
          }
        } else setError(message);
      },
      onStop: () => {
        if (loop.current === l) {
          setRunning(false);
          show(tr);
        }
      },
    });
    return l;
  }

  async function ensureTrainer(fresh = false): Promise<MlpTrainer | null> {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const { E, X, Y } = await engine();
        if (!trainer.current || fresh) {
          trainer.current?.dispose();
          trainer.current = makeTrainer(E, X, Y, hidden, initNet);
          loop.current = newLoop(trainer.current);
          fresh = false;
          await trainer.current.evaluate();
          show(trainer.current);
        }
        return trainer.current;
      } catch (e) {
        if (await fallBack(e)) {
          fresh = true;
          continue;
        }
        setError(errorMessage(e));
        return null;
      }
    }
    return null;
  }

  async function train() {
    if (running) {
      loop.current?.pause();
      return;
    }
    setError("");
    const tr = await ensureTrainer();
    if (!tr || !loop.current) return;
    // Each press runs up to RUN_STEPS more steps.
    if (loop.current.steps > 0) loop.current = newLoop(tr);
    setRunning(true);
    loop.current.play();
  }

  async function stepOnce() {
    setError("");
    const tr = await ensureTrainer();
    if (!tr || !loop.current) return;
    await loop.current.stepOnce();
    try {
      await tr.evaluate();
      show(tr);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  async function runSweep() {
    if (sweeping) {
      sweepStop.current = true;
      sweepLoop.current?.pause();
      return;
    }
    loop.current?.pause();
    setError("");
    setSweeping(true);
    sweepStop.current = false;
    const results: (number | null)[] = SWEEP.map(() => null);
    setSweep(results.slice());
    for (let k = 0; k < SWEEP.length && !sweepStop.current; k++) {
      const h = SWEEP[k];
      let failure: unknown = null;
      let tr: MlpTrainer | null = null;
      try {
        const { E, X, Y } = await engine();
        tr = makeTrainer(E, X, Y, h, null, 1);
        const run = tr;
        let shown = 0;
        const l = new TrainingLoop({
          step: () => run.step(),
          maxSteps: state.budget,
          onUpdate: (s) => {
            if (performance.now() - shown > 100) {
              shown = performance.now();
              setSweepNote(t.sweepProgress(h, s, state.budget));
            }
          },
          onError: (_message, error) => (failure = error),
        });
        sweepLoop.current = l;
        await l.play();
        if (!failure && !sweepStop.current) results[k] = await tr.evaluate();
      } catch (e) {
        failure = e;
      }
      tr?.dispose();
      if (failure) {
        if (await fallBack(failure)) {
          k--; // this size again, on the next backend
          continue;
        }
        setError(errorMessage(failure));
        break;
      }
      setSweep(results.slice());
    }
    sweepLoop.current = null;
    setSweepNote(sweepStop.current ? "" : t.sweepDone);
    setSweeping(false);
  }

  // Curves: the sum and each neuron's part, from plain-number weights.
  const fit = useMemo(() => {
    if (!net) return { data: [XS_PLOT, TARGET], parts: 0, output: null as number[] | null };
    const output = XS_PLOT.map((x) => evalNet(net, x, act));
    const parts = net.w.map((_, i) =>
      XS_PLOT.map((x) =>
        net.v[i] *
        (act === "sigmoid"
          ? 1 / (1 + Math.exp(-(net.w[i] * x + net.b[i])))
          : act === "relu"
          ? Math.max(0, net.w[i] * x + net.b[i])
          : net.w[i] * x + net.b[i])
      )
    );
    return { data: [XS_PLOT, TARGET, output, ...parts], parts: parts.length, output };
  }, [net, act]);
  const bend = fit.output ? bendOf(fit.output) : NaN;
  const isLine = fit.output !== null && bend < 1e-3;

  const series = [
    { label: t.target, color: "var(--curve)", width: 2.5 },
    ...(fit.output ? [{ label: t.output, color: "var(--step)", width: 2.5 }] : []),
    ...Array.from({ length: fit.parts }, (_, i) => ({
      label: t.neuron(i + 1),
      color: "var(--muted)",
      width: 1,
      opacity: 0.45,
    })),
  ];
  const lossText = Number.isFinite(loss) ? fmtLoss(loss) : t.notStarted;
  const actName = act === "sigmoid" ? t.sigmoid : act === "relu" ? t.relu : t.none;
  const sweepRows = SWEEP.map((h, k) => sweep[k] === null ? "" : `${h}: ${fmtLoss(sweep[k]!)}`)
    .filter(Boolean).join(", ");
  const busy = running || sweeping;
  const sweepData = useMemo(() => [SWEEP, sweep, IDEAL], [sweep]);

  return (
    <figure
      class="bumps bump-trainer"
      data-backend={choice?.name ?? ""}
      data-loss={Number.isFinite(loss) ? String(loss) : ""}
      data-steps={String(steps)}
      data-running={running ? "true" : "false"}
      data-hidden={String(hidden)}
      data-act={act}
      data-start={built ? "built" : "random"}
      data-line={fit.output ? (isLine ? "true" : "false") : ""}
      data-sweep={sweep.map((v) => (v === null ? "" : String(v))).join(",")}
      data-sweeping={sweeping ? "true" : "false"}
      data-error={error}
    >
      <div class="bumps-controls">
        <label>
          <span>{t.start}</span>
          <select
            value={built ? "built" : "random"}
            disabled={busy}
            onChange={(e) => update({ start: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="random">{t.random}</option>
            <option value="built">{t.built}</option>
          </select>
        </label>
        <label>
          <span>{t.hidden}</span>
          {built
            ? <output class="bumps-fixed">{t.fromBumps(bumps.heights.length)}</output>
            : (
              <select
                value={String(state.hidden)}
                disabled={busy}
                onChange={(e) =>
                  update({ hidden: Number((e.currentTarget as HTMLSelectElement).value) })}
              >
                {[...new Set([...HIDDEN, state.hidden])].sort((a, b) => a - b).map((h) => (
                  <option key={h} value={String(h)}>{h}</option>
                ))}
              </select>
            )}
        </label>
        <label>
          <span>{t.activation}</span>
          <select
            value={act}
            disabled={busy}
            onChange={(e) => update({ act: (e.currentTarget as HTMLSelectElement).value })}
          >
            <option value="sigmoid">{t.sigmoid}</option>
            <option value="relu">{t.relu}</option>
            <option value="none">{t.none}</option>
          </select>
        </label>
        <label>
          <span>{t.lr}</span>
          <select
            value={String(state.lr)}
            disabled={busy}
            onChange={(e) => update({ lr: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {[...new Set([...RATES, state.lr])].sort((a, b) => a - b).map((r) => (
              <option key={r} value={String(r)}>{r}</option>
            ))}
          </select>
        </label>
        <div class="bumps-buttons">
          <button type="button" class="train" onClick={train} disabled={sweeping}>
            {running ? t.pause : t.train}
          </button>
          <button type="button" class="secondary" onClick={stepOnce} disabled={busy}>
            {t.step}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={busy}
            onClick={() => {
              trainer.current?.dispose();
              trainer.current = null;
              loop.current = null;
              setNet(initNet);
              setSteps(0);
              setLoss(initNet ? meanSquaredError((x) => evalNet(initNet, x, act)) : NaN);
              setLossCurve([[], []]);
              setError("");
            }}
          >
            {t.reset}
          </button>
        </div>
      </div>
      <p class="bumps-score" aria-live="polite">
        {steps > 0 || Number.isFinite(loss) ? t.lossAt(steps, lossText) : t.notStarted}
      </p>
      {error && (
        <p class="bumps-error" role="alert">
          {t.diverged} {error}
        </p>
      )}
      <LineChart
        data={fit.data}
        series={series}
        xRange={[0, 1]}
        yRange={[-0.5, 1.25]}
        xLabel="x"
        height={260}
        legend={false}
        summary={t.fitSummary(hidden, actName, lossText, steps, isLine)}
      />
      {act === "none" && <p class="bumps-note">{t.lineNote}</p>}
      <BackendBadge choice={choice} lang={props.lang} />
      <h3 class="bumps-sub">{t.lossTitle}</h3>
      <LineChart
        data={lossCurve}
        series={[{ label: "MSE", color: "var(--step)" }]}
        logY
        xLabel={props.lang === "zh" ? "步数" : "step"}
        height={160}
        summary={t.lossSummary(steps, lossText)}
      />
      <h3 class="bumps-sub">{t.sweep}</h3>
      <div class="bumps-controls">
        <label>
          <span>{t.budget}</span>
          <select
            value={String(state.budget)}
            disabled={busy}
            onChange={(e) =>
              update({ budget: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {[...new Set([...BUDGETS, state.budget])].sort((a, b) => a - b).map((b) => (
              <option key={b} value={String(b)}>{b}</option>
            ))}
          </select>
        </label>
        <div class="bumps-buttons">
          <button type="button" class="sweep" onClick={runSweep} disabled={running}>
            {sweeping ? t.sweepStop : t.sweepRun}
          </button>
        </div>
      </div>
      <p class="bumps-status" aria-live="polite">{sweepNote}</p>
      <LineChart
        data={sweepData}
        series={[
          { label: t.trained, color: "var(--step)", points: true },
          { label: t.ideal, color: "var(--curve)", dash: true },
        ]}
        logX
        logY
        xLabel={t.xHidden}
        yLabel="MSE"
        height={200}
        summary={t.sweepSummary(sweepRows) +
          ` ${t.ideal}: ${SWEEP.map((h, k) => `${h}: ${fmtLoss(IDEAL[k])}`).join(", ")}.`}
      />
    </figure>
  );
}
