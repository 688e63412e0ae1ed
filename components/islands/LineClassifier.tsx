/**
 * Two classes of points and a line y = ax + b: a point above the line is called blue. The reader
 * moves the line (sliders, or by dragging its two handles) and sees points change side, the
 * misclassified ones ringed, and the loss. Train runs gradient descent on a and b with the
 * engine: logit d = x₂ − (a·x₁ + b), loss = binary cross-entropy, SGD. The line moves as it
 * learns and the loss curve grows beside it. The figure itself is SVG computed from plain
 * numbers (`components/function/line.ts`), so the server render already shows it.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Tensor } from "../../engine/mod.ts";
import BackendBadge from "../lib/BackendBadge.tsx";
import LineChart from "../lib/LineChart.tsx";
import { type BackendChoice, type Engine, errorMessage, loadEngine } from "../lib/engine.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { EXTENT } from "../function/datasets.ts";
import { linePoints, lineThrough, scoreLine } from "../function/line.ts";

export interface LineClassifierProps {
  a?: number;
  b?: number;
  points?: number;
  seed?: number;
  lang?: string;
}

const LRS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
/** One press of Train runs at most this many steps: the line has long settled by then. */
const RUN_STEPS = 150;
/**
 * Milliseconds of training per frame. Two parameters and 40 points take well under a
 * millisecond a step, so the default 12 ms would jump to the answer in a frame or two; a short
 * slice lets the reader watch the line glide into place.
 */
const BUDGET_MS = 2;
/** Slider range for a and b (training keeps them inside it too). */
const RANGE = 3;
/** Read the loss, a and b back from the GPU every this many steps (a read waits for the GPU). */
const READ_EVERY = 4;

const text = {
  en: {
    figure: "A line classifier: points above the line y = ax + b are called blue",
    plot: "Plot of the points and the line",
    slope: "slope a",
    intercept: "intercept b",
    lr: "learning rate η",
    train: "Train",
    pause: "Pause",
    step: "Step",
    reset: "Reset",
    loss: "loss",
    accuracy: "accuracy",
    wrong: "misclassified",
    steps: "steps",
    blue: "blue",
    orange: "orange",
    legend: "Blue and orange dots are the two classes; a ringed dot is on the wrong side.",
    readout: (a: string, b: string, loss: string, right: number, n: number) =>
      `Line y = ${a}x + ${b}: loss ${loss}, ${right} of ${n} points on the right side`,
    chartTitle: "Loss while training",
    chartEmpty: "No training yet: press Train or Step.",
    chart: (steps: number, first: string, last: string) =>
      `Loss over ${steps} steps of gradient descent, from ${first} to ${last}.`,
    xAxis: "step",
    yAxis: "loss",
    lossSeries: "loss",
    loading: "Loading the engine…",
  },
  zh: {
    figure: "直线分类器：在直线 y = ax + b 上方的点判为蓝色",
    plot: "点和直线的图",
    slope: "斜率 a",
    intercept: "截距 b",
    lr: "学习率 η",
    train: "训练",
    pause: "暂停",
    step: "单步",
    reset: "重置",
    loss: "损失",
    accuracy: "准确率",
    wrong: "分错",
    steps: "步数",
    blue: "蓝色",
    orange: "橙色",
    legend: "蓝点和橙点是两个类别；带圈的点站错了边。",
    readout: (a: string, b: string, loss: string, right: number, n: number) =>
      `直线 y = ${a}x + ${b}：损失 ${loss}，${n} 个点中 ${right} 个在正确一侧`,
    chartTitle: "训练中的损失",
    chartEmpty: "还没有训练：按“训练”或“单步”。",
    chart: (steps: number, first: string, last: string) =>
      `梯度下降 ${steps} 步的损失，从 ${first} 降到 ${last}。`,
    xAxis: "步数",
    yAxis: "损失",
    lossSeries: "损失",
    loading: "正在加载引擎……",
  },
};

// Geometry of the SVG: data square [−EXTENT, EXTENT]² inside a 320×320 view box.
const S = 320;
const PAD = { left: 30, right: 10, top: 10, bottom: 28 };
const px = (x: number) => PAD.left + ((x + EXTENT) / (2 * EXTENT)) * (S - PAD.left - PAD.right);
const py = (y: number) => PAD.top + ((EXTENT - y) / (2 * EXTENT)) * (S - PAD.top - PAD.bottom);
const dataX = (sx: number) => ((sx - PAD.left) / (S - PAD.left - PAD.right)) * 2 * EXTENT - EXTENT;
const dataY = (sy: number) => EXTENT - ((sy - PAD.top) / (S - PAD.top - PAD.bottom)) * 2 * EXTENT;
const TICKS = [-3, -2, -1, 0, 1, 2, 3];

const clampAB = (v: number) => Math.max(-RANGE, Math.min(RANGE, v));
/** 4 decimals: what the URL keeps, so a shared link redraws exactly this line. */
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * The part of the square above (side 1) or below (side −1) y = ax + b, as an SVG polygon
 * (Sutherland–Hodgman clipping against one edge).
 */
function sidePolygon(a: number, b: number, side: 1 | -1): string {
  const E = EXTENT;
  const corners: [number, number][] = [[-E, -E], [E, -E], [E, E], [-E, E]];
  const h = ([x, y]: [number, number]) => side * (y - (a * x + b));
  const out: [number, number][] = [];
  for (let i = 0; i < 4; i++) {
    const p = corners[i], q = corners[(i + 1) % 4];
    const hp = h(p), hq = h(q);
    if (hp >= 0) out.push(p);
    if ((hp >= 0) !== (hq >= 0)) {
      const t = hp / (hp - hq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");
}

/** The visible piece of the line: where it enters and leaves the square (null if it misses). */
function visibleSegment(a: number, b: number): [[number, number], [number, number]] | null {
  const E = EXTENT;
  const hits: [number, number][] = [];
  for (const x of [-E, E]) {
    const y = a * x + b;
    if (y >= -E && y <= E) hits.push([x, y]);
  }
  if (a !== 0) {
    for (const y of [-E, E]) {
      const x = (y - b) / a;
      if (x > -E && x < E) hits.push([x, y]);
    }
  }
  if (hits.length < 2) return null;
  hits.sort((p, q) => p[0] - q[0]);
  return [hits[0], hits[hits.length - 1]];
}

interface Session {
  engine: Engine;
  x1: Tensor;
  x2: Tensor;
  y: Tensor;
  a: Tensor;
  b: Tensor;
  opt: InstanceType<Engine["optim"]["SGD"]>;
}

/** The URL's values, bounded by the sliders' range and the rates offered. */
const URL_SCHEMA = {
  a: { min: -RANGE, max: RANGE },
  b: { min: -RANGE, max: RANGE },
  lr: { values: LRS },
};

export default function LineClassifier(props: LineClassifierProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const n = props.points ?? 40;
  const points = useMemo(() => linePoints(n, props.seed ?? 1), [n, props.seed]);
  const [state, update] = useUrlState(
    "lc",
    { a: props.a ?? 0.5, b: props.b ?? 0, lr: 0.1 },
    URL_SCHEMA,
  );
  const { a, b, lr } = state;
  const score = scoreLine(points, a, b);

  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [running, setRunning] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [steps, setSteps] = useState(0);
  const [history, setHistory] = useState<[number[], number[]]>([[], []]);
  const session = useRef<Session | null>(null);
  const loop = useRef<TrainingLoop | null>(null);
  /** A run or a single step is under way (state updates lag; this guards double clicks). */
  const busy = useRef(false);
  /** Steps of earlier runs (each press of Train makes a new loop). */
  const done = useRef(0);
  // The loop's callbacks read the latest values through this ref.
  const live = useRef({ a, b, lr, points });
  live.current = { a, b, lr, points };

  // Free every tensor when the island goes away.
  useEffect(() => () => {
    loop.current?.pause();
    freeSession();
  }, []);

  function freeSession() {
    const s = session.current;
    if (!s) return;
    for (const tensor of [s.x1, s.x2, s.y, s.a, s.b]) tensor.dispose();
    s.opt.dispose();
    session.current = null;
  }

  /** The engine, the data as tensors and a, b as parameters starting from the current line. */
  async function ensureSession(): Promise<Session | null> {
    if (session.current) return session.current;
    setLoading(true);
    try {
      const { engine, choice } = await loadEngine();
      setChoice(choice);
      const { points: p, a: a0, b: b0, lr: rate } = live.current;
      const count = p.y.length;
      const x1 = engine.tensor(p.x1, [count]);
      const x2 = engine.tensor(p.x2, [count]);
      const y = engine.tensor(p.y, [count]);
      const a = engine.tensor([a0], [1], { requiresGrad: true, label: "a" });
      const b = engine.tensor([b0], [1], { requiresGrad: true, label: "b" });
      const opt = new engine.optim.SGD([a, b], { lr: rate });
      session.current = { engine, x1, x2, y, a, b, opt };
      return session.current;
    } catch (e) {
      setError(errorMessage(e));
      return null;
    } finally {
      setLoading(false);
    }
  }

  /**
   * One step of gradient descent. Every READ_EVERY steps the loss, a and b are read back from
   * the GPU (asynchronously: a synchronous read stalls WebGL and breaks WebGPU) and a
   * non-finite loss stops the run with the engine's advice.
   */
  async function trainStep(): Promise<number> {
    const s = session.current!;
    const d = s.x2.sub(s.x1.mul(s.a).add(s.b)); // height above the line
    const loss = s.engine.F.binaryCrossEntropyWithLogits(d, s.y);
    s.opt.zeroGrad();
    loss.backward({ checkFinite: false }); // checkFinite would read the GPU every step
    s.opt.step();
    const stepNo = done.current + (loop.current?.steps ?? 0) + 1;
    try {
      if (stepNo % READ_EVERY !== 0) return NaN;
      const [l] = await loss.data.data();
      if (!Number.isFinite(l)) throw new s.engine.NonFiniteLossError(l, `step ${stepNo}`);
      await readParams(s);
      return l;
    } finally {
      loss.dispose();
    }
  }

  /** Reads a and b, draws that line and adds its loss to the curve. */
  async function readParams(s: Session) {
    if (session.current !== s) return; // the reader moved the line or reset: this run is over
    const [[na], [nb]] = await Promise.all([s.a.data.data(), s.b.data.data()]);
    if (session.current !== s) return;
    if (!Number.isFinite(na) || !Number.isFinite(nb)) {
      throw new s.engine.NonFiniteLossError(NaN, "training");
    }
    const a2 = round4(clampAB(na)), b2 = round4(clampAB(nb));
    // A line steeper than the sliders allow is held at their end, so that what is drawn is
    // what trains (setting `data` disposes the old value).
    if (clampAB(na) !== na) s.a.data = s.engine.tensor([a2], [1]).data;
    if (clampAB(nb) !== nb) s.b.data = s.engine.tensor([b2], [1]).data;
    update({ a: a2, b: b2 });
    const count = done.current + (loop.current?.steps ?? 0);
    const l = scoreLine(live.current.points, a2, b2).loss;
    setHistory(([xs, ys]) => xs[xs.length - 1] === count ? [xs, ys] : [[...xs, count], [...ys, l]]);
  }

  /** A fresh loop for each run, counting on from the steps already done. */
  function newLoop(maxSteps: number): TrainingLoop {
    if (loop.current) done.current += loop.current.steps;
    loop.current = new TrainingLoop({
      step: trainStep,
      // The live count while playing; a single step's count waits for its line to be read.
      onUpdate: (count) => maxSteps > 1 && setSteps(done.current + count),
      onError: (message) => setError(message),
      maxSteps,
      budgetMs: BUDGET_MS,
    });
    return loop.current;
  }

  /** Runs the loop, then shows where the line ended (the last steps may not have been read). */
  async function run(l: TrainingLoop, single: boolean) {
    if (single) await l.stepOnce();
    else await l.play();
    const s = session.current;
    if (s) await readParams(s).catch((e) => setError(errorMessage(e)));
    busy.current = false;
    if (s && session.current === s) setSteps(done.current + l.steps);
    setRunning(false);
  }

  async function play() {
    if (busy.current) {
      loop.current?.pause();
      return;
    }
    busy.current = true;
    setError(null);
    // Start from the line on screen, at the chosen learning rate.
    freeParams();
    const s = await ensureSession();
    if (!s) return void (busy.current = false);
    if (steps === 0) setHistory([[0], [scoreLine(points, a, b).loss]]);
    setRunning(true);
    await run(newLoop(RUN_STEPS), false);
  }

  async function stepOnce() {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    freeParams();
    const s = await ensureSession();
    if (!s) return void (busy.current = false);
    if (steps === 0) setHistory([[0], [scoreLine(points, a, b).loss]]);
    await run(newLoop(1), true);
  }

  /** Tensors are rebuilt from the sliders before each run (the reader may have moved them). */
  function freeParams() {
    freeSession();
  }

  function reset() {
    loop.current?.pause();
    loop.current = null;
    done.current = 0;
    freeSession();
    setSteps(0);
    setHistory([[], []]);
    setError(null);
    update({ a: props.a ?? 0.5, b: props.b ?? 0 });
  }

  function setLine(na: number, nb: number) {
    if (busy.current) {
      // The reader takes the line back: stop the run and let its result go.
      loop.current?.pause();
      freeSession();
    }
    update({ a: round4(clampAB(na)), b: round4(clampAB(nb)) });
  }

  // Dragging a handle: the other handle stays put, the line goes through it and the pointer.
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ fixed: [number, number] } | null>(null);
  const seg = visibleSegment(a, b);
  const handles: [number, number][] = seg
    ? [0.2, 0.8].map((f) => [
      seg[0][0] + f * (seg[1][0] - seg[0][0]),
      seg[0][1] + f * (seg[1][1] - seg[0][1]),
    ])
    : [];
  const toData = (e: PointerEvent): [number, number] => {
    const r = svg.current!.getBoundingClientRect();
    return [
      dataX(((e.clientX - r.left) / r.width) * S),
      dataY(((e.clientY - r.top) / r.height) * S),
    ];
  };
  const onDown = (i: number) => (e: PointerEvent) => {
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    drag.current = { fixed: handles[1 - i] };
    e.preventDefault();
  };
  const onMove = (e: PointerEvent) => {
    if (!drag.current) return;
    const [x, y] = toData(e);
    const [fx, fy] = drag.current.fixed;
    const line = lineThrough(fx, fy, x, y);
    if (line) setLine(line[0], line[1]);
  };
  const onUp = () => (drag.current = null);

  const wrong = new Set(score.wrong);
  const right = n - score.wrong.length;
  const lossText = fmtLoss(score.loss);
  const readout = t.readout(fmt(a, 2), fmt(b, 2), lossText, right, n);
  const [hx, hy] = history;
  const chartSummary = hx.length > 1
    ? t.chart(hx[hx.length - 1], fmtLoss(hy[0]), fmtLoss(hy[hy.length - 1]))
    : t.chartEmpty;

  return (
    <figure
      class="line-classifier"
      aria-label={t.figure}
      data-a={String(a)}
      data-b={String(b)}
      data-lr={String(lr)}
      data-loss={String(score.loss)}
      data-wrong={String(score.wrong.length)}
      data-steps={String(steps)}
      data-running={running ? "true" : "false"}
      data-backend={choice?.name ?? ""}
    >
      <div class="lc-body">
        <div class="lc-plot">
          <svg
            ref={svg}
            viewBox={`0 0 ${S} ${S}`}
            role="img"
            aria-label={`${t.plot}. ${readout}`}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={onUp}
          >
            <polygon class="side-orange" points={sidePolygon(a, b, -1)} />
            <polygon class="side-blue" points={sidePolygon(a, b, 1)} />
            <g class="grid">
              {TICKS.map((v) => (
                <g key={v}>
                  <line x1={px(v)} x2={px(v)} y1={py(-EXTENT)} y2={py(EXTENT)} />
                  <line x1={px(-EXTENT)} x2={px(EXTENT)} y1={py(v)} y2={py(v)} />
                </g>
              ))}
            </g>
            <g class="ticks" aria-hidden="true">
              {TICKS.map((v) => (
                <g key={v}>
                  <text x={px(v)} y={S - 12} text-anchor="middle">{fmt(v, 0)}</text>
                  <text x={PAD.left - 6} y={py(v) + 4} text-anchor="end">{fmt(v, 0)}</text>
                </g>
              ))}
              <text x={S - PAD.right} y={S - 1} text-anchor="end" class="axis-name">x₁</text>
              <text x={PAD.left + 4} y={PAD.top + 12} class="axis-name">x₂</text>
            </g>
            {Array.from(points.y, (label, i) => (
              <circle
                key={i}
                class={`pt ${label ? "blue" : "orange"}${wrong.has(i) ? " wrong" : ""}`}
                cx={px(points.x1[i])}
                cy={py(points.x2[i])}
                r={wrong.has(i) ? 6 : 4.5}
              />
            ))}
            {seg && (
              <line
                class="boundary"
                x1={px(seg[0][0])}
                y1={py(seg[0][1])}
                x2={px(seg[1][0])}
                y2={py(seg[1][1])}
              />
            )}
            {handles.map(([x, y], i) => (
              <circle
                key={`h${i}`}
                class="handle"
                cx={px(x)}
                cy={py(y)}
                r={9}
                onPointerDown={onDown(i)}
              />
            ))}
          </svg>
          <p class="lc-legend">{t.legend}</p>
        </div>
        <div class="lc-side">
          <div class="lc-controls">
            <label>
              <span>
                {t.slope} = <output>{fmt(a, 2)}</output>
              </span>
              <input
                type="range"
                name="a"
                min={-RANGE}
                max={RANGE}
                step={0.01}
                value={a}
                onInput={(e) => setLine(Number((e.currentTarget as HTMLInputElement).value), b)}
              />
            </label>
            <label>
              <span>
                {t.intercept} = <output>{fmt(b, 2)}</output>
              </span>
              <input
                type="range"
                name="b"
                min={-RANGE}
                max={RANGE}
                step={0.01}
                value={b}
                onInput={(e) => setLine(a, Number((e.currentTarget as HTMLInputElement).value))}
              />
            </label>
            <label class="lc-lr">
              <span>{t.lr}</span>
              <select
                name="lr"
                value={String(lr)}
                onChange={(e) => {
                  const v = Number((e.currentTarget as HTMLSelectElement).value);
                  if (session.current) session.current.opt.lr = v;
                  update({ lr: v });
                }}
              >
                {LRS.map((v) => <option key={v} value={String(v)}>{v}</option>)}
              </select>
            </label>
            <div class="lc-buttons">
              <button type="button" class="primary" data-action="train" onClick={play}>
                {running ? t.pause : t.train}
              </button>
              <button
                type="button"
                data-action="step"
                onClick={stepOnce}
                disabled={running}
              >
                {t.step}
              </button>
              <button type="button" data-action="reset" onClick={reset}>{t.reset}</button>
            </div>
          </div>
          <dl class="lc-stats" aria-live="polite">
            <div>
              <dt>{t.loss}</dt>
              <dd>{lossText}</dd>
            </div>
            <div>
              <dt>{t.accuracy}</dt>
              <dd>{right}/{n}</dd>
            </div>
            <div>
              <dt>{t.wrong}</dt>
              <dd>{score.wrong.length}</dd>
            </div>
            <div>
              <dt>{t.steps}</dt>
              <dd>{steps}</dd>
            </div>
          </dl>
          {loading && <p class="lc-note">{t.loading}</p>}
          {error && <p class="lc-error" role="alert">{error}</p>}
          <BackendBadge choice={choice} lang={props.lang} />
        </div>
      </div>
      <div class="lc-chart">
        <p class="lc-chart-title">{t.chartTitle}</p>
        <LineChart
          data={[hx, hy]}
          series={[{ label: t.lossSeries, color: "var(--curve)" }]}
          height={160}
          xLabel={t.xAxis}
          yLabel={t.yAxis}
          summary={chartSummary}
        />
      </div>
    </figure>
  );
}
