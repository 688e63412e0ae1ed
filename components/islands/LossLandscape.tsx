/**
 * The loss as a surface over (a, b): a heat map with contour lines of L(a, b) for the chosen loss
 * (one batched forward pass of the engine over a 64×64 grid, without a graph), and on top of it
 * the path plain gradient descent takes from a fixed start. The learning-rate slider runs on a
 * log scale with three presets; a diverging run is stopped and explained in words.
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
import { lossAt, read, regressionLoss } from "../loss/engine_losses.ts";
import {
  LOSS_KINDS,
  type LossKind,
  lossKind,
  lossValue,
  makePoints,
  mseCurvature,
  START,
  viridis,
} from "../loss/math.ts";
import type { optim, Tensor } from "../../engine/mod.ts";

export interface LossLandscapeProps {
  loss?: string;
  lr?: number;
  lang?: string;
}

const A_RANGE: [number, number] = [-2, 4];
const B_RANGE: [number, number] = [-3, 3];
/** Grid cells per side (one engine forward of 64² parameter pairs × 30 points). */
const GRID = 64;
/** Canvas pixels per side; values between grid nodes are interpolated. */
const PX = 256;
const STEPS_PER_RUN = 120;
const READ_EVERY = 5;
/** |a| or |b| past this (3× beyond the map) is divergence, long before float32 overflows. */
const BLOW_UP = 20;
const LR_LOG: [number, number] = [-3, 0.3];

type Preset = "small" | "right" | "big";
/** Learning rates per loss. MSE's bowl allows at most 2/λmax ≈ 0.46 on these points. */
const PRESETS: Record<LossKind, Record<Preset, number>> = {
  mse: { small: 0.01, right: 0.25, big: 0.5 },
  mae: { small: 0.01, right: 0.2, big: 1 },
  huber: { small: 0.01, right: 0.5, big: 1.5 },
};

const text = {
  en: {
    title: "The loss landscape over (a, b) and the path of gradient descent",
    loss: "Loss",
    names: { mse: "MSE", mae: "MAE", huber: "Huber (δ = 1)" } as Record<LossKind, string>,
    lr: "learning rate η",
    presets: { small: "Too small", right: "About right", big: "Too big" } as Record<
      Preset,
      string
    >,
    train: "Train",
    pause: "Pause",
    step: "Step",
    reset: "Reset",
    slope: "slope a",
    intercept: "intercept b",
    loss_: "loss",
    step_: "step",
    computing: "computing the landscape with the engine…",
    mapLabel: (k: string, min: string, at: string, path: string) =>
      `Heat map of the ${k} loss over a from −2 to 4 (left to right) and b from −3 to 3 (bottom ` +
      `to top), darker is lower, with contour lines; lowest ${min} at ${at}. ${path}`,
    pathText: (n: number, a: string, b: string, l: string) =>
      n === 0
        ? `Gradient descent starts at a = ${a}, b = ${b} (loss ${l}).`
        : `Gradient descent path: ${n} steps, now at a = ${a}, b = ${b}, loss ${l}.`,
    curveSummary: (n: number, l: string) =>
      n === 0 ? "Loss per step: not started." : `Loss per step: ${l} after ${n} steps.`,
    limit: (l: string) => `For MSE on these points the largest stable η is 2/λmax ≈ ${l}.`,
    limitHuber: (l: string) =>
      `Huber is ½r² near the bottom: half MSE's curvature there, so η up to about ${l} settles.`,
    limitMae: "MAE's slope never shrinks near the bottom: a fixed η rattles across the crease.",
    diverged: (n: number, lr: string, lim: string) =>
      `Diverged at step ${n}: with η = ${lr}, above 2/λmax ≈ ${lim}, every step overshoots the ` +
      `bottom of the bowl by more than it started, so the line flies off. Lower the learning ` +
      `rate (try “About right”) and train again.`,
    rattle:
      "Too big for this loss: the steps keep their size near the bottom, so the path bounces across it instead of settling. Lower η.",
    slow: "Too small: after all these steps the path has barely moved. Raise η.",
    settled: (n: number) => `Settled after ${n} steps.`,
  },
  zh: {
    title: "(a, b) 平面上的损失地形，以及梯度下降走过的路径",
    loss: "损失函数",
    names: { mse: "MSE", mae: "MAE", huber: "Huber（δ = 1）" } as Record<LossKind, string>,
    lr: "学习率 η",
    presets: { small: "太小", right: "合适", big: "太大" } as Record<Preset, string>,
    train: "训练",
    pause: "暂停",
    step: "单步",
    reset: "重置",
    slope: "斜率 a",
    intercept: "截距 b",
    loss_: "损失",
    step_: "步数",
    computing: "正在用引擎计算损失地形……",
    mapLabel: (k: string, min: string, at: string, path: string) =>
      `${k} 损失的热力图：横向 a 从 −2 到 4，纵向 b 从 −3（下）到 3（上），颜色越深损失越低，` +
      `带等高线；最低处 ${min}，位于 ${at}。${path}`,
    pathText: (n: number, a: string, b: string, l: string) =>
      n === 0
        ? `梯度下降从 a = ${a}、b = ${b} 出发（损失 ${l}）。`
        : `梯度下降路径：已走 ${n} 步，现在 a = ${a}、b = ${b}，损失 ${l}。`,
    curveSummary: (n: number, l: string) =>
      n === 0 ? "每步的损失：尚未开始。" : `每步的损失：${n} 步后为 ${l}。`,
    limit: (l: string) => `对这些点的 MSE，稳定的最大学习率是 2/λmax ≈ ${l}。`,
    limitHuber: (l: string) =>
      `Huber 在谷底附近是 ½r²，曲率只有 MSE 的一半，所以 η 到大约 ${l} 都能收敛。`,
    limitMae: "MAE 的斜率在谷底附近不会变小：固定的 η 会在折痕两侧来回跳。",
    diverged: (n: number, lr: string, lim: string) =>
      `第 ${n} 步发散：η = ${lr} 大于 2/λmax ≈ ${lim}，每一步越过碗底的距离都比出发时更远，` +
      `直线于是飞了出去。请调低学习率（试试“合适”），再训练。`,
    rattle:
      "对这个损失来说太大了：步长在谷底附近不变小，路径在谷底两侧来回跳，停不下来。请调低 η。",
    slow: "太小了：走了这么多步，路径几乎没动。请调高 η。",
    settled: (n: number) => `${n} 步后稳定下来。`,
  },
};

/** Thrown by a step when a or b blow up: the loop stops and the page explains it. */
class Diverged extends Error {
  constructor(readonly step: number) {
    super(`diverged at step ${step}`);
  }
}

interface Sim {
  E: Engine;
  X: Tensor;
  Y: Tensor;
  a: Tensor;
  b: Tensor;
  opt: optim.SGD;
  loop: TrainingLoop;
  runSteps: number;
  /** Values not yet read back from the backend: clones of a, b and the loss of recent steps. */
  pending: Tensor[][];
}

const toX = (a: number) => ((a - A_RANGE[0]) / (A_RANGE[1] - A_RANGE[0])) * 100;
const toY = (b: number) => ((B_RANGE[1] - b) / (B_RANGE[1] - B_RANGE[0])) * 100;

/** Paint the grid of losses (log scale, viridis) with contour lines, interpolated to PX². */
function paint(canvas: HTMLCanvasElement, grid: Float32Array) {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const logs = Array.from(grid, (v) => Math.log(Math.max(v, 1e-6)));
  const lo = Math.min(...logs), hi = Math.max(...logs);
  const span = hi - lo || 1;
  const field = new Float32Array(PX * PX);
  for (let py = 0; py < PX; py++) {
    // Row 0 of the canvas is the top: the largest b.
    const gy = (1 - py / (PX - 1)) * (GRID - 1);
    const j0 = Math.min(GRID - 2, Math.floor(gy)), fy = gy - j0;
    for (let px = 0; px < PX; px++) {
      const gx = (px / (PX - 1)) * (GRID - 1);
      const i0 = Math.min(GRID - 2, Math.floor(gx)), fx = gx - i0;
      const v00 = logs[j0 * GRID + i0], v01 = logs[j0 * GRID + i0 + 1];
      const v10 = logs[(j0 + 1) * GRID + i0], v11 = logs[(j0 + 1) * GRID + i0 + 1];
      const v = (v00 * (1 - fx) + v01 * fx) * (1 - fy) + (v10 * (1 - fx) + v11 * fx) * fy;
      field[py * PX + px] = (v - lo) / span;
    }
  }
  const img = ctx.createImageData(PX, PX);
  const LEVELS = 14;
  for (let p = 0; p < PX * PX; p++) {
    const t = field[p];
    const level = Math.floor(t * LEVELS);
    const right = p % PX < PX - 1 ? Math.floor(field[p + 1] * LEVELS) : level;
    const down = p < PX * (PX - 1) ? Math.floor(field[p + PX] * LEVELS) : level;
    const [r, g, b] = viridis(t);
    const edge = level !== right || level !== down;
    img.data[4 * p] = edge ? Math.round(r * 0.4 + 255 * 0.6) : r;
    img.data[4 * p + 1] = edge ? Math.round(g * 0.4 + 255 * 0.6) : g;
    img.data[4 * p + 2] = edge ? Math.round(b * 0.4 + 255 * 0.6) : b;
    img.data[4 * p + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** The URL's values: a known loss, a rate within the slider's range (10^LR_LOG). */
const URL_SCHEMA = {
  loss: { values: LOSS_KINDS },
  lr: { min: 10 ** LR_LOG[0], max: 10 ** LR_LOG[1] },
};

export default function LossLandscape(props: LossLandscapeProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const defaults = { loss: lossKind(props.loss), lr: props.lr ?? 0.25 };
  const [state, update, restored] = useUrlState("ll", defaults, URL_SCHEMA);
  const kind = lossKind(state.loss);
  const pts = useMemo(() => makePoints(30, false), []);
  const limit = 2 / mseCurvature(pts.xs);

  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [grid, setGrid] = useState<{ kind: LossKind; values: Float32Array } | null>(null);
  const [path, setPath] = useState<{ a: number[]; b: number[]; loss: number[]; step: number[] }>(
    () => startPath(kind),
  );
  const [steps, setSteps] = useState(0);
  const [running, setRunning] = useState(false);
  const [diverged, setDiverged] = useState<number | null>(null);
  const [message, setMessage] = useState("");
  const canvas = useRef<HTMLCanvasElement>(null);
  const sim = useRef<Sim | null>(null);
  const live = useRef({ kind, lr: state.lr });
  live.current = { kind, lr: state.lr };
  const pathRef = useRef(path);
  const stepsRef = useRef(0);

  /** Read back what the recent steps left (one wait for the backend per batch of steps). */
  async function drain(s: Sim) {
    const batch = s.pending;
    s.pending = [];
    let values: Float32Array[];
    try {
      values = await Promise.all(batch.flat().map(read));
    } finally {
      for (const x of batch.flat()) x.dispose();
    }
    const p = pathRef.current;
    for (let i = 0; i < batch.length; i++) {
      p.a.push(values[3 * i][0]);
      p.b.push(values[3 * i + 1][0]);
      p.loss.push(values[3 * i + 2][0]);
      p.step.push(p.step.length);
    }
    const last = p.a.length - 1;
    const bad = !Number.isFinite(p.loss[p.loss.length - 1] ?? 0) ||
      !(Math.abs(p.a[last]) < BLOW_UP && Math.abs(p.b[last]) < BLOW_UP);
    if (bad) throw new Diverged(stepsRef.current);
  }

  function build(E: Engine) {
    const old = sim.current;
    if (old) {
      old.loop.pause();
      for (const x of [old.X, old.Y, old.a, old.b, ...old.pending.flat()]) x.dispose();
      old.opt.dispose();
    }
    const X = E.tensor(Float32Array.from(pts.xs), [pts.xs.length]);
    const Y = E.tensor(Float32Array.from(pts.ys), [pts.ys.length]);
    const a = E.tensor([START.a], [1], { requiresGrad: true, label: "a" });
    const b = E.tensor([START.b], [1], { requiresGrad: true, label: "b" });
    const opt = new E.optim.SGD([a, b], { lr: live.current.lr });
    const s: Sim = { E, X, Y, a, b, opt, loop: null!, runSteps: 0, pending: [] };
    s.loop = new TrainingLoop({
      step: async () => {
        s.opt.lr = live.current.lr;
        s.opt.zeroGrad();
        const loss = regressionLoss(E, live.current.kind, s.X.mul(s.a).add(s.b), s.Y);
        // Checked every READ_EVERY steps in drain(), not here: a check waits for the GPU.
        loss.backward({ checkFinite: false });
        s.opt.step();
        s.pending.push([s.a.detach(), s.b.detach(), loss]);
        stepsRef.current++;
        s.runSteps++;
        if (s.pending.length >= READ_EVERY || s.runSteps >= STEPS_PER_RUN) await drain(s);
        if (s.runSteps >= STEPS_PER_RUN) s.loop.pause();
        return pathRef.current.loss[pathRef.current.loss.length - 1] ?? NaN;
      },
      onUpdate: () => show(),
      onError: (msg, error) => {
        for (const x of s.pending.flat()) x.dispose();
        s.pending = [];
        if (error instanceof Diverged || error instanceof E.NonFiniteLossError) {
          setDiverged(stepsRef.current);
        } else setMessage(msg);
        show();
      },
      onStop: () => {
        setRunning(false);
        if (s.pending.length) {
          drain(s).catch(() => setDiverged(stepsRef.current)).finally(show);
        } else show();
      },
    });
    sim.current = s;
    pathRef.current = startPath(live.current.kind);
    stepsRef.current = 0;
    setDiverged(null);
    setMessage("");
    show();
  }

  function show() {
    const p = pathRef.current;
    setPath({ a: p.a.slice(), b: p.b.slice(), loss: p.loss.slice(), step: p.step.slice() });
    setSteps(stepsRef.current);
  }

  useStartEngine(setChoice, setMessage);
  useEffect(() => () => sim.current?.loop.pause(), []);

  // The landscape: recomputed when the loss changes (the path restarts with it).
  useEffect(() => {
    if (!choice || !restored) return;
    let alive = true;
    loadEngine().then(async ({ engine }) => {
      if (!alive) return;
      try {
        const as = new Float32Array(GRID * GRID), bs = new Float32Array(GRID * GRID);
        for (let j = 0; j < GRID; j++) {
          for (let i = 0; i < GRID; i++) {
            as[j * GRID + i] = A_RANGE[0] + ((A_RANGE[1] - A_RANGE[0]) * i) / (GRID - 1);
            bs[j * GRID + i] = B_RANGE[0] + ((B_RANGE[1] - B_RANGE[0]) * j) / (GRID - 1);
          }
        }
        const values = await lossAt(engine, kind, as, bs, pts.xs, pts.ys);
        if (!alive) return;
        setGrid({ kind, values });
        build(engine);
      } catch (e) {
        setMessage(errorMessage(e));
      }
    });
    return () => {
      alive = false;
    };
  }, [choice, restored, kind]);

  useEffect(() => {
    if (grid && canvas.current) paint(canvas.current, grid.values);
  }, [grid]);

  const train = () => {
    const s = sim.current;
    if (!s) return;
    if (running) {
      s.loop.pause();
      return;
    }
    if (diverged !== null) build(s.E);
    const cur = sim.current!;
    cur.runSteps = 0;
    setMessage("");
    setRunning(true);
    cur.loop.play();
  };
  const stepOnce = async () => {
    const s = sim.current;
    if (!s || running) return;
    if (diverged !== null) build(s.E);
    const cur = sim.current!;
    cur.runSteps = STEPS_PER_RUN - 1; // drain after this one step
    await cur.loop.stepOnce();
  };
  const reset = () => {
    if (sim.current) build(sim.current.E);
  };
  const preset = (p: Preset) => {
    update({ lr: PRESETS[kind][p] });
    if (sim.current && !running) build(sim.current.E);
  };

  const n = path.step.length - 1;
  const aNow = path.a[path.a.length - 1], bNow = path.b[path.b.length - 1];
  const lossNow = path.loss[path.loss.length - 1];
  const minAt = useMemo(() => {
    if (!grid) return null;
    let k = 0;
    for (let i = 1; i < grid.values.length; i++) if (grid.values[i] < grid.values[k]) k = i;
    const i = k % GRID, j = Math.floor(k / GRID);
    return {
      loss: grid.values[k],
      a: A_RANGE[0] + ((A_RANGE[1] - A_RANGE[0]) * i) / (GRID - 1),
      b: B_RANGE[0] + ((B_RANGE[1] - B_RANGE[0]) * j) / (GRID - 1),
    };
  }, [grid]);

  const lrLog = Math.log10(state.lr);
  const activePreset = (Object.keys(PRESETS[kind]) as Preset[]).find((p) =>
    Math.abs(PRESETS[kind][p] - state.lr) < 1e-9
  );
  const finishedRun = !running && diverged === null && n > 0;
  let verdict = "";
  if (diverged !== null) verdict = t.diverged(diverged, fmtLr(state.lr), fmt(limit, 2));
  else if (finishedRun && n >= STEPS_PER_RUN) {
    const moved = Math.hypot(aNow - START.a, bNow - START.b);
    const lastJump = Math.hypot(aNow - path.a[path.a.length - 2], bNow - path.b[path.b.length - 2]);
    if (moved < 1.5) verdict = t.slow;
    else if (lastJump > 0.02) verdict = t.rattle;
    else verdict = t.settled(n);
  }
  const limitNote = kind === "mse"
    ? t.limit(fmt(limit, 2))
    : kind === "huber"
    ? t.limitHuber(fmt(2 * limit, 2))
    : t.limitMae;
  // Never a NaN on screen: after a divergence the readout keeps the last finite point.
  const shown = (v: number, d = 2) => (Number.isFinite(v) && Math.abs(v) < 1e6 ? fmt(v, d) : "…");
  const pathText = t.pathText(
    n,
    shown(aNow),
    shown(bNow),
    lossNow === undefined ? "—" : Number.isFinite(lossNow) ? fmtLoss(lossNow) : "…",
  );
  const mapLabel = minAt
    ? t.mapLabel(
      t.names[kind],
      fmtLoss(minAt.loss),
      `a = ${fmt(minAt.a, 2)}, b = ${fmt(minAt.b, 2)}`,
      pathText,
    )
    : t.computing;
  const pathPoints = path.a
    .map((a, i) => [a, path.b[i]])
    .filter(([a, b]) =>
      Number.isFinite(a) && Number.isFinite(b) && Math.abs(a) < 50 && Math.abs(b) < 50
    )
    .map(([a, b]) => `${toX(a).toFixed(2)},${toY(b).toFixed(2)}`)
    .join(" ");
  const finiteLoss = path.loss.filter((v) => Number.isFinite(v) && v < 1e30);

  return (
    <figure
      class="loss-island loss-landscape"
      data-loss={lossNow === undefined ? "" : String(lossNow)}
      data-steps={String(steps)}
      data-backend={choice?.name ?? ""}
      data-kind={kind}
      data-lr={String(state.lr)}
      data-diverged={diverged === null ? "0" : "1"}
      data-grid={grid ? grid.kind : ""}
      data-a={String(aNow)}
      data-b={String(bNow)}
      data-running={running ? "1" : "0"}
      data-ready={sim.current ? "1" : "0"}
    >
      <figcaption class="loss-title">{t.title}</figcaption>
      <div class="loss-controls">
        <LossSelect
          label={t.loss}
          names={t.names}
          value={kind}
          onChange={(loss) => update({ loss })}
        />
        <label>
          <span>
            {t.lr} = <output>{fmtLr(state.lr)}</output>
          </span>
          <input
            type="range"
            min={LR_LOG[0]}
            max={LR_LOG[1]}
            step={0.05}
            value={lrLog}
            aria-valuetext={`η = ${fmtLr(state.lr)}`}
            onInput={(e) => {
              const v = Number((e.currentTarget as HTMLInputElement).value);
              update({ lr: Number((10 ** v).toPrecision(3)) });
            }}
          />
        </label>
        <div class="loss-buttons" role="group" aria-label={t.lr}>
          {(["small", "right", "big"] as const).map((p) => (
            <button
              type="button"
              key={p}
              aria-pressed={activePreset === p ? "true" : "false"}
              onClick={() => preset(p)}
              disabled={running}
            >
              {t.presets[p]} ({fmtLr(PRESETS[kind][p])})
            </button>
          ))}
        </div>
        <div class="loss-buttons">
          <button type="button" class="primary" onClick={train} disabled={!sim.current}>
            {running ? t.pause : t.train}
          </button>
          <button type="button" onClick={stepOnce} disabled={!sim.current || running}>
            {t.step}
          </button>
          <button type="button" onClick={reset} disabled={!sim.current || running}>
            {t.reset}
          </button>
        </div>
      </div>
      <p class="loss-hint">{limitNote}</p>
      <div class="loss-landscape-body">
        <div class="loss-map">
          <span class="loss-map-ylabel" aria-hidden="true">{t.intercept}</span>
          <span class="loss-map-ytop" aria-hidden="true">3</span>
          <div class="loss-map-plot">
            <canvas ref={canvas} width={PX} height={PX} role="img" aria-label={mapLabel} />
            <svg viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
              {minAt && (
                <g class="loss-map-min">
                  <line
                    x1={toX(minAt.a) - 2}
                    x2={toX(minAt.a) + 2}
                    y1={toY(minAt.b) - 2}
                    y2={toY(minAt.b) + 2}
                  />
                  <line
                    x1={toX(minAt.a) - 2}
                    x2={toX(minAt.a) + 2}
                    y1={toY(minAt.b) + 2}
                    y2={toY(minAt.b) - 2}
                  />
                </g>
              )}
              <polyline class="loss-path-halo" points={pathPoints} />
              <polyline class="loss-path" points={pathPoints} />
              <circle class="loss-path-start" cx={toX(START.a)} cy={toY(START.b)} r={1.6} />
              {Number.isFinite(aNow) && Math.abs(aNow) < 50 && Math.abs(bNow) < 50 && (
                <circle class="loss-path-now" cx={toX(aNow)} cy={toY(bNow)} r={1.6} />
              )}
            </svg>
            {!grid && <p class="loss-map-wait">{t.computing}</p>}
          </div>
          <span class="loss-map-ybottom" aria-hidden="true">−3</span>
          <span class="loss-map-xleft" aria-hidden="true">−2</span>
          <span class="loss-map-xlabel" aria-hidden="true">{t.slope}</span>
          <span class="loss-map-xright" aria-hidden="true">4</span>
        </div>
        <LineChart
          data={finiteLoss.length
            ? [path.step.slice(0, finiteLoss.length), finiteLoss]
            : [[0], [null]]}
          series={[{ label: `${t.loss_} (${t.names[kind]})`, color: "var(--curve)" }]}
          xLabel={t.step_}
          yLabel={t.loss_}
          logY
          height={220}
          summary={t.curveSummary(
            n,
            lossNow === undefined || !Number.isFinite(lossNow) ? "—" : fmtLoss(lossNow),
          )}
        />
      </div>
      <p class="loss-readout" aria-live="polite">{pathText}</p>
      <p class="loss-status" role="status" data-verdict={verdict ? "1" : "0"}>
        {verdict || message}
      </p>
      <BackendBadge choice={choice} lang={props.lang} />
    </figure>
  );
}

function fmtLr(lr: number): string {
  return String(Number(lr.toPrecision(2)));
}

/** The path before the first step: the start, with its loss (from the formula, in float64). */
function startPath(kind: LossKind) {
  return {
    a: [START.a],
    b: [START.b],
    loss: [lossValue(kind, START.a, START.b, makePoints(30, false))],
    step: [0],
  };
}
