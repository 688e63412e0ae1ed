/**
 * The loss as a surface over (a, b): a heat map with contour lines of L(a, b) for the chosen loss
 * (one batched forward pass of the engine over a 64×64 grid, without a graph), and on top of it
 * the path plain gradient descent takes from a fixed start. The learning-rate slider runs on a
 * log scale with three presets; a diverging run is stopped and explained in words. The engine
 * runs in the runtime's worker (components/loss/landscape_trainer.ts).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import RunSummary from "../lib/RunSummary.tsx";
import BackendBadge from "../lib/BackendBadge.tsx";
import { logScale, Slider } from "../lib/Controls.tsx";
import { hookValue, trainerHooks } from "../lib/hooks.ts";
import RunButtons from "../lib/RunButtons.tsx";
import LineChart from "../lib/LineChart.tsx";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import LossSelect from "../loss/LossSelect.tsx";
import type { LandscapeSnapshot } from "../loss/landscape_trainer.ts";
import {
  LANDSCAPE,
  LOSS_KINDS,
  type LossKind,
  lossKind,
  lossValue,
  makePoints,
  mseCurvature,
  START,
  viridis,
} from "../loss/math.ts";
import { LOSS_LANDSCAPE, type Preset } from "../loss/text.ts";

export interface LossLandscapeProps {
  loss?: string;
  lr?: number;
  lang?: string;
}

const A_RANGE = LANDSCAPE.a;
const B_RANGE = LANDSCAPE.b;
const GRID = LANDSCAPE.grid;
/** Canvas pixels per side; values between grid nodes are interpolated. */
const PX = 256;
const STEPS_PER_RUN = 120;
const LR_LOG: [number, number] = [-3, 0.3];
/** The rate's slider is on a log scale; a rate read back keeps 3 significant digits. */
const LR_SCALE = logScale((lr) => Number(lr.toPrecision(3)));

/** Learning rates per loss. MSE's bowl allows at most 2/λmax ≈ 0.46 on these points. */
const PRESETS: Record<LossKind, Record<Preset, number>> = {
  mse: { small: 0.01, right: 0.25, big: 0.5 },
  mae: { small: 0.01, right: 0.2, big: 1 },
  huber: { small: 0.01, right: 0.5, big: 1.5 },
};

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

/** The URL's values, bounded by the controls. */
const URL_SCHEMA = {
  loss: { values: LOSS_KINDS },
  lr: { min: 10 ** LR_LOG[0], max: 10 ** LR_LOG[1] },
};

export default function LossLandscape(props: LossLandscapeProps) {
  const t = textFor(LOSS_LANDSCAPE, props.lang);
  const shared = textFor(SHARED, props.lang);
  const defaults = { loss: lossKind(props.loss), lr: props.lr ?? 0.25 };
  const [state, update, restored] = useUrlState("ll", defaults, URL_SCHEMA);
  const kind = lossKind(state.loss);
  const pts = useMemo(() => makePoints(30, false), []);
  const limit = 2 / mseCurvature(pts.xs);

  const trainer = useTrainer("loss-landscape", { kind }, {
    lr: state.lr,
  });
  const snap = trainer.snapshot;
  const running = trainer.status === "running";
  // The first build measures the backends; later ones (new props) are quick.
  const loading = trainer.status === "starting" && !trainer.backend;
  const [grid, setGrid] = useState<{ kind: LossKind; values: Float32Array } | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  // The landscape (asked from the trainer, which it opens): again when the loss changes.
  useEffect(() => {
    if (!restored) return;
    let alive = true;
    trainer.call("landscape")
      .then((values) => alive && setGrid({ kind, values }))
      .catch(() => undefined); // the trainer's error is shown by the island
    return () => {
      alive = false;
    };
  }, [restored, kind]);

  useEffect(() => {
    if (grid && canvas.current) paint(canvas.current, grid.values);
  }, [grid]);

  const path = snap ?? startPath(kind);
  const diverged = snap?.diverged ?? (trainer.nonFinite ? trainer.steps : null);

  // After a divergence (or another failure) the path starts over.
  const stuck = diverged !== null || trainer.status === "error";
  const train = async () => {
    if (running) {
      trainer.pause();
      return;
    }
    if (stuck) trainer.reset();
    await trainer.play({ maxSteps: (stuck ? 0 : trainer.steps) + STEPS_PER_RUN });
  };
  const stepOnce = () => {
    if (stuck) trainer.reset();
    void trainer.step();
  };
  const preset = (p: Preset) => {
    update({ lr: PRESETS[kind][p] });
    // A preset starts the path over (the next Train or Step builds it again).
    if (!running) trainer.reset();
  };

  const n = path.step[path.step.length - 1];
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
      {...trainerHooks(trainer, {
        loss: lossNow,
        kind,
        lr: state.lr,
        diverged: diverged !== null,
        grid: grid?.kind,
        a: aNow,
        b: bNow,
        running,
        ready: !!trainer.backend,
      })}
    >
      <figcaption class="loss-title">{t.title}</figcaption>
      <div class="loss-controls">
        <LossSelect
          label={t.loss}
          names={t.names}
          value={kind}
          onChange={(loss) => update({ loss })}
        />
        <Slider
          label={t.lr}
          value={state.lr}
          min={LR_LOG[0]}
          max={LR_LOG[1]}
          step={0.05}
          scale={LR_SCALE}
          format={fmtLr}
          valueText={(lr) => `η = ${fmtLr(lr)}`}
          onInput={(lr) => update({ lr })}
        />
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
        <RunButtons
          class="loss-buttons"
          lang={props.lang}
          running={running}
          onTrain={train}
          onStep={stepOnce}
          onReset={trainer.reset}
          lockResetWhileRunning
        />
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
              {Number.isFinite(aNow) && Math.abs(aNow) < 50 && Math.abs(bNow) < 50 && (
                <circle class="loss-path-now" cx={toX(aNow)} cy={toY(bNow)} r={1.6} />
              )}
              {/* The start: a white ring around the orange dot, so both show before a step. */}
              <circle class="loss-path-start" cx={toX(START.a)} cy={toY(START.b)} r={2.6} />
            </svg>
            {!grid && <p class="loss-map-wait">{t.computing}</p>}
          </div>
          <span class="loss-map-ybottom" aria-hidden="true">−3</span>
          <span class="loss-map-xleft" aria-hidden="true">−2</span>
          <span class="loss-map-xlabel" aria-hidden="true">{t.slope}</span>
          <span class="loss-map-xright" aria-hidden="true">4</span>
        </div>
        {n === 0 && <p class="loss-chart-later">{t.curveLater}</p>}
        <div class="loss-chart" hidden={n === 0}>
          <LineChart
            data={[path.step.slice(0, finiteLoss.length), finiteLoss]}
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
      </div>
      {/* Live for the reader's own moves; quiet while training (RunSummary speaks at the stop). */}
      <p class="loss-readout" aria-live={running ? "off" : "polite"}>{pathText}</p>
      <RunSummary running={running} steps={trainer.steps} text={pathText} />
      <p class="loss-status" role="status" data-verdict={hookValue(!!verdict)}>
        {verdict || trainer.error || (loading ? shared.loading : "")}
      </p>
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
    </figure>
  );
}

function fmtLr(lr: number): string {
  return String(Number(lr.toPrecision(2)));
}

/** The path before the first step: the start, with its loss (from the formula, in float64). */
function startPath(kind: LossKind): LandscapeSnapshot {
  return {
    diverged: null,
    a: [START.a],
    b: [START.b],
    loss: [lossValue(kind, START.a, START.b, makePoints(30, false))],
    step: [0],
  };
}
