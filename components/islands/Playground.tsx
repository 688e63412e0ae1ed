/**
 * A small playground: pick a dataset (linear, circles, XOR, spiral, blobs) with noise and a
 * train/test split, an MLP (hidden layers, neurons, activation), an optimizer, learning rate and
 * batch size; play, pause, step or reset training. The heat map under the points is the
 * network's function, σ(output) over a 64×64 grid computed in one batched forward pass; train
 * and test loss are plotted as it learns. Everything trains on the project's engine.
 */
import { Fragment } from "preact";
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { nn as NN, optim as Optim, Tensor } from "../../engine/mod.ts";
import BackendBadge from "../lib/BackendBadge.tsx";
import LineChart from "../lib/LineChart.tsx";
import { type BackendChoice, type Engine, errorMessage, loadEngine } from "../lib/engine.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import {
  type DatasetName,
  DATASETS,
  EXTENT,
  gridPoints,
  makeDataset,
  splitData,
} from "../function/datasets.ts";

export interface PlaygroundProps {
  dataset?: DatasetName;
  hidden?: number[];
  activation?: Activation;
  optimizer?: "adam" | "sgd";
  lr?: number;
  batch?: number;
  lang?: string;
}

type Activation = "tanh" | "relu" | "sigmoid" | "linear";
const ACTIVATIONS: Activation[] = ["tanh", "relu", "sigmoid", "linear"];
const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
const BATCHES = [1, 5, 10, 25, 50, 100];
const MAX_LAYERS = 4;
const MAX_NEURONS = 8;
/** Points in a dataset (train and test together). */
const N_POINTS = 200;
/** The heat map's resolution: one forward pass over GRID² points. */
const GRID = 64;
/** Evaluate (losses, accuracies, heat map: one read from the GPU) every this many steps. */
const EVAL_EVERY = 10;

const text = {
  en: {
    figure: "Playground: train a small network to separate two classes of points",
    dataset: "dataset",
    datasets: {
      linear: "linear",
      circles: "circles",
      xor: "XOR",
      spiral: "spiral",
      blobs: "Gaussian blobs",
    } as Record<DatasetName, string>,
    noise: "noise",
    split: "training points",
    layers: "hidden layers",
    neurons: (i: number) => `neurons in layer ${i}`,
    activation: "activation",
    optimizer: "optimizer",
    lr: "learning rate",
    batch: "batch size",
    play: "Play",
    pause: "Pause",
    step: "Step",
    reset: "Reset",
    newData: "New points",
    seed: "seed",
    steps: "steps",
    epochs: "epochs",
    trainLoss: "train loss",
    testLoss: "test loss",
    trainAcc: "train accuracy",
    testAcc: "test accuracy",
    map: "Decision map over x₁, x₂ from −3 to 3",
    mapIdle: "The heat map appears once the network is built: press Play or Step.",
    mapLive: (blue: number, trainAcc: string, testAcc: string) =>
      `The network calls ${blue}% of the plane blue; it classifies ${trainAcc} of the training ` +
      `points and ${testAcc} of the test points correctly.`,
    legend:
      "Dots with a thin outline: training points; with a thick outline: test points. Background: blue where the network says blue, orange where it says orange, pale where it is unsure.",
    chartTitle: "Train and test loss",
    chartEmpty: "No training yet.",
    chart: (steps: number, tr: string, te: string) =>
      `After ${steps} steps: train loss ${tr}, test loss ${te}.`,
    xAxis: "step",
    yAxis: "loss",
    loading: "Loading the engine…",
    architecture: (h: number[], act: string) =>
      h.length ? `2 → ${h.join(" → ")} (${act}) → 1` : "2 → 1 (no hidden layer)",
  },
  zh: {
    figure: "游乐场：训练一个小网络把两类点分开",
    dataset: "数据集",
    datasets: {
      linear: "线性",
      circles: "圆环",
      xor: "XOR",
      spiral: "螺旋",
      blobs: "高斯团簇",
    } as Record<DatasetName, string>,
    noise: "噪声",
    split: "训练点比例",
    layers: "隐藏层数",
    neurons: (i: number) => `第 ${i} 层神经元数`,
    activation: "激活函数",
    optimizer: "优化器",
    lr: "学习率",
    batch: "批大小",
    play: "播放",
    pause: "暂停",
    step: "单步",
    reset: "重置",
    newData: "换一批点",
    seed: "种子",
    steps: "步数",
    epochs: "轮数",
    trainLoss: "训练损失",
    testLoss: "测试损失",
    trainAcc: "训练准确率",
    testAcc: "测试准确率",
    map: "x₁、x₂ 从 −3 到 3 的决策图",
    mapIdle: "网络建好后才有热力图：按“播放”或“单步”。",
    mapLive: (blue: number, trainAcc: string, testAcc: string) =>
      `网络把平面的 ${blue}% 判为蓝色；训练点判对 ${trainAcc}，测试点判对 ${testAcc}。`,
    legend:
      "细边的点是训练点，粗边的点是测试点。背景：网络判为蓝色处是蓝色，判为橙色处是橙色，拿不准处颜色浅。",
    chartTitle: "训练损失与测试损失",
    chartEmpty: "还没有训练。",
    chart: (steps: number, tr: string, te: string) =>
      `${steps} 步之后：训练损失 ${tr}，测试损失 ${te}。`,
    xAxis: "步数",
    yAxis: "损失",
    loading: "正在加载引擎……",
    architecture: (h: number[], act: string) =>
      h.length ? `2 → ${h.join(" → ")}（${act}）→ 1` : "2 → 1（没有隐藏层）",
  },
};

// The plot: data square [−EXTENT, EXTENT]² in a 320×320 view box, canvas under the SVG.
const S = 320;
const PAD = { left: 30, right: 10, top: 10, bottom: 28 };
const INNER = S - PAD.left - PAD.right; // = S - PAD.top - PAD.bottom
const px = (x: number) => PAD.left + ((x + EXTENT) / (2 * EXTENT)) * INNER;
const py = (y: number) => PAD.top + ((EXTENT - y) / (2 * EXTENT)) * INNER;
const TICKS = [-3, -2, -1, 0, 1, 2, 3];

interface Metrics {
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  blue: number;
}

interface Session {
  engine: Engine;
  model: NN.Module;
  opt: Optim.Optimizer;
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  grid: Tensor;
  gen: InstanceType<Engine["Generator"]>;
  batches: Generator<[Tensor, Tensor], void, undefined> | null;
  epochs: number;
}

/** "#rrggbb" (or "rgb(r, g, b)") → [r, g, b]. */
function rgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [n >> 16, (n >> 8) & 255, n & 255];
  }
  const m = color.match(/\d+/g);
  return m && m.length >= 3 ? [+m[0], +m[1], +m[2]] : [128, 128, 128];
}

/** Accuracy of logits against labels (logit > 0 means blue). */
function accuracyOf(logits: ArrayLike<number>, labels: Float32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if ((logits[i] > 0 ? 1 : 0) === labels[i]) right++;
  return right / labels.length;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The URL's values, bounded by the controls' ranges and choices. */
const URL_SCHEMA = {
  ds: { values: DATASETS },
  noise: { min: 0, max: 0.5 },
  split: { min: 0.1, max: 0.9 },
  h: { maxLength: MAX_LAYERS, min: 1, max: MAX_NEURONS, integer: true },
  act: { values: ACTIVATIONS },
  opt: { values: ["adam", "sgd"] },
  lr: { values: LRS },
  bs: { values: BATCHES },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
};

export default function Playground(props: PlaygroundProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const defaults = {
    ds: (props.dataset ?? "circles") as string,
    noise: 0,
    split: 0.5,
    h: props.hidden ?? [4],
    act: (props.activation ?? "tanh") as string,
    opt: (props.optimizer ?? "adam") as string,
    lr: props.lr ?? 0.03,
    bs: props.batch ?? 10,
    seed: 1,
  };
  const [cfg, update] = useUrlState("pg", defaults, URL_SCHEMA);
  const ds = (DATASETS as readonly string[]).includes(cfg.ds) ? cfg.ds as DatasetName : "circles";
  const hidden = cfg.h.slice(0, MAX_LAYERS).map((k) =>
    Math.max(1, Math.min(MAX_NEURONS, Math.round(k)))
  );
  const act = (ACTIVATIONS as string[]).includes(cfg.act) ? cfg.act as Activation : "tanh";
  const data = useMemo(
    () => splitData(makeDataset(ds, N_POINTS, cfg.noise, cfg.seed), cfg.split, cfg.seed),
    [ds, cfg.noise, cfg.seed, cfg.split],
  );
  // Anything that changes the data or the network starts over.
  const configKey = JSON.stringify([ds, cfg.noise, cfg.split, hidden, act, cfg.opt, cfg.seed]);

  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [running, setRunning] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [steps, setSteps] = useState(0);
  const [epochs, setEpochs] = useState(0);
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  const [history, setHistory] = useState<[number[], number[], number[]]>([[], [], []]);
  const session = useRef<Session | null>(null);
  const loop = useRef<TrainingLoop | null>(null);
  const busy = useRef(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const lastMap = useRef<Float32Array | null>(null);
  const live = useRef({ cfg, data, hidden, act });
  live.current = { cfg, data, hidden, act };

  function stopAndFree() {
    loop.current?.pause();
    loop.current = null;
    const s = session.current;
    session.current = null;
    if (s) {
      s.batches?.return();
      s.model.dispose();
      s.opt.dispose();
      for (const x of [s.xTrain, s.yTrain, s.xTest, s.yTest, s.grid]) x.dispose();
    }
    setSteps(0);
    setEpochs(0);
    setMetrics(null);
    setHistory([[], [], []]);
    setError(null);
    lastMap.current = null;
    const c = canvas.current;
    c?.getContext("2d")?.clearRect(0, 0, c.width, c.height);
  }

  // A new dataset or network: throw the old one away (also when the island goes away).
  useEffect(() => stopAndFree, [configKey]);

  async function ensureSession(): Promise<Session | null> {
    if (session.current) return session.current;
    setLoading(true);
    try {
      const { engine, choice } = await loadEngine();
      setChoice(choice);
      const { cfg: c, data: d, hidden: h, act: a } = live.current;
      const gen = new engine.Generator(c.seed);
      const layers: NN.Module[] = [];
      let inFeatures = 2;
      for (const width of h) {
        layers.push(new engine.nn.Linear(inFeatures, width, { generator: gen }));
        if (a === "tanh") layers.push(new engine.nn.Tanh());
        else if (a === "relu") layers.push(new engine.nn.ReLU());
        else if (a === "sigmoid") layers.push(new engine.nn.Sigmoid());
        inFeatures = width;
      }
      layers.push(new engine.nn.Linear(inFeatures, 1, { generator: gen }));
      const model = new engine.nn.Sequential(...layers);
      const opt = c.opt === "sgd"
        ? new engine.optim.SGD(model.parameters(), { lr: c.lr })
        : new engine.optim.Adam(model.parameters(), { lr: c.lr });
      const nTrain = d.train.y.length, nTest = d.test.y.length;
      session.current = {
        engine,
        model,
        opt,
        xTrain: engine.tensor(d.train.x, [nTrain, 2]),
        yTrain: engine.tensor(d.train.y, [nTrain, 1]),
        xTest: engine.tensor(d.test.x, [nTest, 2]),
        yTest: engine.tensor(d.test.y, [nTest, 1]),
        grid: engine.tensor(gridPoints(GRID), [GRID * GRID, 2]),
        gen,
        batches: null,
        epochs: 0,
      };
      return session.current;
    } catch (e) {
      setError(errorMessage(e));
      return null;
    } finally {
      setLoading(false);
    }
  }

  /** The next mini-batch; a new shuffled pass over the training points when one ends. */
  function nextBatch(s: Session): [Tensor, Tensor] {
    const bs = Math.max(1, Math.min(live.current.cfg.bs, s.xTrain.shape[0]));
    for (let tries = 0; tries < 2; tries++) {
      s.batches ??= s.engine.batches(s.xTrain, s.yTrain, bs, { generator: s.gen });
      const next = s.batches.next();
      if (!next.done) return next.value;
      s.batches = null;
      s.epochs++;
    }
    throw new Error("no training points");
  }

  /** One optimizer step on a mini-batch; every EVAL_EVERY steps, an evaluation. */
  async function trainStep(): Promise<number> {
    const s = session.current!;
    const [xb, yb] = nextBatch(s);
    const loss = s.engine.F.binaryCrossEntropyWithLogits(s.model.forward(xb), yb);
    s.opt.zeroGrad();
    loss.backward({ checkFinite: false }); // checkFinite reads the GPU each step: see evaluate
    s.opt.step();
    loss.dispose();
    const count = (loop.current?.steps ?? 0) + 1;
    if (count % EVAL_EVERY === 0) await evaluate(s, count);
    return NaN;
  }

  /**
   * Train and test loss and accuracy and the heat map, from one batch of reads (asynchronous:
   * a synchronous read stalls WebGL and breaks WebGPU). A non-finite loss stops training with
   * the engine's advice.
   */
  async function evaluate(s: Session, count: number) {
    const { F, noGrad } = s.engine;
    const out = noGrad(() => {
      const trainLogits = s.model.forward(s.xTrain);
      const testLogits = s.model.forward(s.xTest);
      return {
        trainLogits,
        testLogits,
        trainLoss: F.binaryCrossEntropyWithLogits(trainLogits, s.yTrain),
        testLoss: F.binaryCrossEntropyWithLogits(testLogits, s.yTest),
        map: F.sigmoid(s.model.forward(s.grid)),
      };
    });
    let values: Float32Array[];
    try {
      values = await Promise.all(
        [out.trainLogits, out.testLogits, out.trainLoss, out.testLoss, out.map].map((x) =>
          x.data.data() as Promise<Float32Array>
        ),
      );
    } finally {
      for (const x of Object.values(out)) x.dispose();
    }
    if (session.current !== s) return; // reset while reading
    const [trL, teL, [trainLoss], [testLoss], map] = values;
    if (!Number.isFinite(trainLoss)) {
      throw new s.engine.NonFiniteLossError(trainLoss, `step ${count}`);
    }
    const d = live.current.data;
    let blue = 0;
    for (let i = 0; i < map.length; i++) if (map[i] > 0.5) blue++;
    const m: Metrics = {
      trainLoss,
      testLoss,
      trainAcc: accuracyOf(trL, d.train.y),
      testAcc: accuracyOf(teL, d.test.y),
      blue: Math.round((100 * blue) / map.length),
    };
    setMetrics(m);
    setEpochs(s.epochs);
    setHistory(([xs, a, b]) =>
      xs[xs.length - 1] === count ? [xs, a, b] : [[...xs, count], [...a, trainLoss], [
        ...b,
        testLoss,
      ]]
    );
    drawMap(map);
  }

  /** σ(output) on the grid → pixels: blue where p → 1, orange where p → 0, pale near ½. */
  function drawMap(map: Float32Array) {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    lastMap.current = map;
    if (!c || !ctx) return;
    const style = getComputedStyle(c);
    const blue = rgb(style.getPropertyValue("--blue") || "#0b5cad");
    const orange = rgb(style.getPropertyValue("--orange") || "#c2410c");
    const bg = rgb(style.getPropertyValue("--panel") || "#f2f3f1");
    const image = ctx.createImageData(GRID, GRID);
    for (let i = 0; i < map.length; i++) {
      const p = map[i];
      const target = p > 0.5 ? blue : orange;
      const w = 0.55 * Math.abs(2 * p - 1); // at most 55% colour, so the points stay visible
      for (let k = 0; k < 3; k++) image.data[4 * i + k] = bg[k] + w * (target[k] - bg[k]);
      image.data[4 * i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  function newLoop(): TrainingLoop {
    // One loop per session: its step count is the session's.
    loop.current ??= new TrainingLoop({
      step: trainStep,
      // The live count while playing (a single step's count is set once it is drawn).
      onUpdate: (count) => loop.current?.running && setSteps(count),
      onError: (message) => setError(message),
    });
    return loop.current;
  }

  async function play() {
    if (busy.current) {
      loop.current?.pause();
      return;
    }
    busy.current = true;
    setError(null);
    const s = await ensureSession();
    if (s) {
      const l = newLoop();
      if (l.steps === 0) await evaluate(s, 0).catch((e) => setError(errorMessage(e)));
      setRunning(true);
      await l.play();
      if (session.current === s) setSteps(l.steps);
    }
    busy.current = false;
    setRunning(false);
  }

  async function stepOnce() {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    const s = await ensureSession();
    if (s) {
      const l = newLoop();
      await l.stepOnce();
      // Show every single step (not only every EVAL_EVERY-th).
      if (session.current === s && l.steps % EVAL_EVERY !== 0) {
        await evaluate(s, l.steps).catch((e) => setError(errorMessage(e)));
      }
    }
    busy.current = false;
    if (s && session.current === s) setSteps(loop.current?.steps ?? 0);
  }

  function reset() {
    stopAndFree();
    busy.current = false;
    setRunning(false);
  }

  // Redraw the last map when the theme flips (colours come from CSS variables).
  useEffect(() => {
    const observer = new MutationObserver(() => lastMap.current && drawMap(lastMap.current));
    observer.observe(document.documentElement, { attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);

  const setLayers = (count: number) => {
    const next = hidden.slice(0, count);
    while (next.length < count) next.push(4);
    update({ h: next });
  };
  const setNeurons = (i: number, k: number) => {
    const next = hidden.slice();
    next[i] = k;
    update({ h: next });
  };

  const [hx, trainH, testH] = history;
  const chartSummary = hx.length > 1
    ? t.chart(
      hx[hx.length - 1],
      fmtLoss(trainH[trainH.length - 1]),
      fmtLoss(testH[testH.length - 1]),
    )
    : t.chartEmpty;
  const mapLabel = `${t.map}. ${
    metrics ? t.mapLive(metrics.blue, pct(metrics.trainAcc), pct(metrics.testAcc)) : t.mapIdle
  }`;
  const id = (name: string) => `pg-${name}`;

  const points = (set: "train" | "test") => {
    const d = data[set];
    return Array.from(d.y, (label, i) => (
      <circle
        key={`${set}${i}`}
        class={`pt ${label ? "blue" : "orange"} ${set}`}
        cx={px(d.x[2 * i])}
        cy={py(d.x[2 * i + 1])}
        r={set === "train" ? 3.6 : 3.2}
      />
    ));
  };

  return (
    <figure
      class="playground"
      aria-label={t.figure}
      data-dataset={ds}
      data-hidden={hidden.join(",")}
      data-activation={act}
      data-optimizer={cfg.opt}
      data-lr={String(cfg.lr)}
      data-batch={String(cfg.bs)}
      data-noise={String(cfg.noise)}
      data-split={String(cfg.split)}
      data-seed={String(cfg.seed)}
      data-train-points={String(data.train.y.length)}
      data-steps={String(steps)}
      data-loss={metrics ? String(metrics.trainLoss) : ""}
      data-test-loss={metrics ? String(metrics.testLoss) : ""}
      data-running={running ? "true" : "false"}
      data-backend={choice?.name ?? ""}
    >
      <div class="pg-body">
        <div class="pg-plot">
          <div class="pg-stage">
            <canvas
              ref={canvas}
              width={GRID}
              height={GRID}
              role="img"
              aria-label={mapLabel}
              style={{
                left: `${(100 * PAD.left) / S}%`,
                top: `${(100 * PAD.top) / S}%`,
                width: `${(100 * INNER) / S}%`,
                height: `${(100 * INNER) / S}%`,
              }}
            />
            <svg viewBox={`0 0 ${S} ${S}`} aria-hidden="true">
              <g class="grid">
                {TICKS.map((v) => (
                  <g key={v}>
                    <line x1={px(v)} x2={px(v)} y1={py(-EXTENT)} y2={py(EXTENT)} />
                    <line x1={px(-EXTENT)} x2={px(EXTENT)} y1={py(v)} y2={py(v)} />
                  </g>
                ))}
              </g>
              <g class="ticks">
                {TICKS.map((v) => (
                  <g key={v}>
                    <text x={px(v)} y={S - 12} text-anchor="middle">{fmt(v, 0)}</text>
                    <text x={PAD.left - 6} y={py(v) + 4} text-anchor="end">{fmt(v, 0)}</text>
                  </g>
                ))}
                <text x={S - PAD.right} y={S - 1} text-anchor="end" class="axis-name">x₁</text>
              </g>
              {points("train")}
              {points("test")}
            </svg>
          </div>
          <p class="pg-legend">{t.legend}</p>
          <p class="pg-arch">{t.architecture(hidden, act)}</p>
        </div>
        <div class="pg-side">
          <div class="pg-buttons">
            <button type="button" class="primary" data-action="play" onClick={play}>
              {running ? t.pause : t.play}
            </button>
            <button type="button" data-action="step" onClick={stepOnce} disabled={running}>
              {t.step}
            </button>
            <button type="button" data-action="reset" onClick={reset}>{t.reset}</button>
          </div>
          <dl class="pg-stats" aria-live="polite">
            <div>
              <dt>{t.steps}</dt>
              <dd>{steps}</dd>
            </div>
            <div>
              <dt>{t.epochs}</dt>
              <dd>{epochs}</dd>
            </div>
            <div>
              <dt>{t.trainLoss}</dt>
              <dd>{metrics ? fmtLoss(metrics.trainLoss) : "–"}</dd>
            </div>
            <div>
              <dt>{t.testLoss}</dt>
              <dd>{metrics ? fmtLoss(metrics.testLoss) : "–"}</dd>
            </div>
            <div>
              <dt>{t.trainAcc}</dt>
              <dd>{metrics ? pct(metrics.trainAcc) : "–"}</dd>
            </div>
            <div>
              <dt>{t.testAcc}</dt>
              <dd>{metrics ? pct(metrics.testAcc) : "–"}</dd>
            </div>
          </dl>
          {loading && <p class="pg-note">{t.loading}</p>}
          {error && <p class="pg-error" role="alert">{error}</p>}
          <div class="pg-controls">
            <label for={id("ds")}>{t.dataset}</label>
            <select
              id={id("ds")}
              name="ds"
              value={ds}
              onChange={(e) => update({ ds: (e.currentTarget as HTMLSelectElement).value })}
            >
              {DATASETS.map((d) => <option key={d} value={d}>{t.datasets[d]}</option>)}
            </select>
            <label for={id("noise")}>
              {t.noise} <output>{pct(cfg.noise)}</output>
            </label>
            <input
              id={id("noise")}
              type="range"
              name="noise"
              min={0}
              max={0.5}
              step={0.05}
              value={cfg.noise}
              onInput={(e) =>
                update({ noise: Number((e.currentTarget as HTMLInputElement).value) })}
            />
            <label for={id("split")}>
              {t.split} <output>{pct(cfg.split)}</output>
            </label>
            <input
              id={id("split")}
              type="range"
              name="split"
              min={0.1}
              max={0.9}
              step={0.1}
              value={cfg.split}
              onInput={(e) =>
                update({ split: Number((e.currentTarget as HTMLInputElement).value) })}
            />
            <label for={id("layers")}>{t.layers}</label>
            <select
              id={id("layers")}
              name="layers"
              value={String(hidden.length)}
              onChange={(e) => setLayers(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {Array.from(
                { length: MAX_LAYERS + 1 },
                (_, k) => <option key={k} value={String(k)}>{k}</option>,
              )}
            </select>
            {hidden.map((k, i) => (
              <Fragment key={i}>
                <label for={id(`h${i}`)}>
                  {t.neurons(i + 1)} <output>{k}</output>
                </label>
                <input
                  id={id(`h${i}`)}
                  type="range"
                  name={`h${i}`}
                  min={1}
                  max={MAX_NEURONS}
                  step={1}
                  value={k}
                  onInput={(e) =>
                    setNeurons(i, Number((e.currentTarget as HTMLInputElement).value))}
                />
              </Fragment>
            ))}
            <label for={id("act")}>{t.activation}</label>
            <select
              id={id("act")}
              name="act"
              value={act}
              onChange={(e) => update({ act: (e.currentTarget as HTMLSelectElement).value })}
            >
              {ACTIVATIONS.map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
            <label for={id("opt")}>{t.optimizer}</label>
            <select
              id={id("opt")}
              name="opt"
              value={cfg.opt}
              onChange={(e) => update({ opt: (e.currentTarget as HTMLSelectElement).value })}
            >
              <option value="adam">Adam</option>
              <option value="sgd">SGD</option>
            </select>
            <label for={id("lr")}>{t.lr}</label>
            <select
              id={id("lr")}
              name="lr"
              value={String(cfg.lr)}
              onChange={(e) => {
                const v = Number((e.currentTarget as HTMLSelectElement).value);
                const s = session.current;
                if (s) (s.opt as unknown as { lr: number }).lr = v; // takes effect on the next step
                update({ lr: v });
              }}
            >
              {LRS.map((v) => <option key={v} value={String(v)}>{v}</option>)}
            </select>
            <label for={id("bs")}>{t.batch}</label>
            <select
              id={id("bs")}
              name="bs"
              value={String(cfg.bs)}
              onChange={(e) => {
                const s = session.current;
                if (s) { // the next pass over the data uses the new size
                  s.batches?.return();
                  s.batches = null;
                }
                update({ bs: Number((e.currentTarget as HTMLSelectElement).value) });
              }}
            >
              {BATCHES.map((v) => <option key={v} value={String(v)}>{v}</option>)}
            </select>
            <span class="pg-seed">
              {t.seed} {cfg.seed}
            </span>
            <button
              type="button"
              data-action="new-data"
              onClick={() => update({ seed: cfg.seed + 1 })}
            >
              {t.newData}
            </button>
          </div>
          <BackendBadge choice={choice} lang={props.lang} />
        </div>
      </div>
      <div class="pg-chart">
        <p class="pg-chart-title">{t.chartTitle}</p>
        <LineChart
          data={[hx, trainH, testH]}
          series={[
            { label: t.trainLoss, color: "var(--curve)" },
            { label: t.testLoss, color: "var(--step)", dash: true },
          ]}
          height={170}
          xLabel={t.xAxis}
          yLabel={t.yAxis}
          summary={chartSummary}
        />
      </div>
    </figure>
  );
}
