/**
 * Lesson 1's Playground as a trainer (it runs in the runtime's worker): an MLP 2 → hidden → 1 on
 * one of the 2-D datasets, trained with binary cross-entropy on the logits, mini-batches drawn
 * from a seeded shuffle. A snapshot holds the train and test loss and accuracy and the network's
 * σ(output) over a GRID×GRID map of the plane (one batched forward pass).
 *
 * With `own`, it trains on the reader's points instead (all of them train; there is no test set),
 * sent with `update({ own: [x1, x2, label, ...] })` as the reader adds them: the data changes, the
 * network keeps training. With `classes` ≥ 3 the network has one output per class, trained with
 * softmax + cross-entropy; the map then holds the winning class's probability.
 *
 * As in TensorFlow Playground: the network sees the chosen input `features` of each point (x₁,
 * x₂, x₁², ...); `reg` adds an L1 (rate·Σ|w|) or L2 (rate·Σ½w²) penalty on the weights (not the
 * biases) to the loss, reported apart from the data loss; `problem: "regression"` trains one
 * linear output with mean squared error on a regression dataset (the map then holds the output,
 * clamped to [−1, 1]); `initZero` starts every weight at 0 and every bias at 0.1 (TFP's bias), so
 * the neurons of a layer stay alike. `call("setWeight", { layer, from, to, value })` (its `methods`) edits one
 * weight; the next step starts from it. With `neurons` (a grid size), the snapshot also holds
 * every neuron's activation over a `neurons`×`neurons` grid (one batched forward pass).
 */
import type { nn as NN, optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import {
  type DatasetName,
  EXTENT,
  gridPoints,
  makeDataset,
  makeRegression,
  type RegressionName,
  REGRESSIONS,
  type Split,
  splitData,
} from "./datasets.ts";
import { type Feature, featureList, featureRows } from "./features.ts";
import { MAX_CLASSES, MAX_POINTS } from "./points.ts";

export type Activation = "tanh" | "relu" | "sigmoid" | "linear";
export type Regularization = "none" | "l1" | "l2";
export type Problem = "classification" | "regression";
/** The regularization rates TensorFlow Playground offers, up to 0.1. */
export const REG_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1];

export interface PlaygroundTrainerProps {
  /** A classification dataset, or a regression one with `problem: "regression"`. */
  dataset: DatasetName | RegressionName;
  /** Points in the dataset (train and test together). */
  points: number;
  noise: number;
  /** Fraction of the points that train. */
  split: number;
  seed: number;
  hidden: number[];
  activation: Activation;
  optimizer: "adam" | "sgd";
  lr: number;
  batch: number;
  /** The heat map's resolution. */
  grid: number;
  /** Train on the reader's points (sent with `update({ own })`) instead of the dataset. */
  own?: boolean;
  /** Classes (2 by default): 2 trains one logit with BCE, 3 to MAX_CLASSES softmax + CE. */
  classes?: number;
  /** The input features (x₁, x₂ by default). */
  features?: Feature[];
  /** Weight penalty added to the loss (none by default); its rate, 0 to 0.1. */
  reg?: Regularization;
  regRate?: number;
  /** Classification (default) or regression (MSE, one linear output). */
  problem?: Problem;
  /** Every weight 0 and every bias 0.1 at the start. */
  initZero?: boolean;
  /** Put every neuron's activation over a grid this wide in the snapshot (0: none). */
  neurons?: number;
  /**
   * The view from inside: for each hidden layer of 2 or 3 neurons, put in the snapshot where the
   * training points and the input plane's grid lines land in that layer's coordinates.
   */
  inside?: boolean;
}

/** The view from inside: grid lines each way across the plane, and the points along each. */
export const INSIDE_LINES = 13, INSIDE_SAMPLES = 49;

/**
 * The input plane's grid lines as points: INSIDE_LINES vertical lines (x₁ fixed), then as many
 * horizontal ones, each INSIDE_SAMPLES points from one edge to the other.
 */
export function insideLinePoints(): Float32Array {
  const out = new Float32Array(2 * 2 * INSIDE_LINES * INSIDE_SAMPLES);
  let k = 0;
  for (const vertical of [true, false]) {
    for (let l = 0; l < INSIDE_LINES; l++) {
      const fixed = EXTENT * (-1 + (2 * l) / (INSIDE_LINES - 1));
      for (let s = 0; s < INSIDE_SAMPLES; s++) {
        const along = EXTENT * (-1 + (2 * s) / (INSIDE_SAMPLES - 1));
        out[k++] = vertical ? fixed : along;
        out[k++] = vertical ? along : fixed;
      }
    }
  }
  return out;
}

/** One hidden layer of 2 or 3 neurons seen from inside. */
export interface InsideView {
  /** The hidden layer (1 = the first). */
  layer: number;
  /** Its neurons: 2 or 3. */
  width: number;
  /** Each training point's activations, [points, width] row by row. */
  points: Float32Array;
  /** The training points' labels (classes; regression: targets). */
  labels: Float32Array;
  /** The grid lines' points' activations, [2·INSIDE_LINES·INSIDE_SAMPLES, width] row by row. */
  lines: Float32Array;
  /** The last hidden layer: the output's weights and bias from it (its line, or plane). */
  out?: { weight: Float32Array; bias: number };
}

/** One layer's parameters: weight[to·inputs + from], bias[to]. */
export interface LayerParams {
  weight: Float32Array;
  bias: Float32Array;
}

export interface PlaygroundSnapshot {
  /** The data loss on the training points (the penalty is apart). */
  trainLoss: number;
  /** The regularization penalty (0 without one). */
  penalty: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  /** Percent of the map called blue. */
  blue: number;
  /** σ(output) on the map (3+ classes: the winning class's probability), row by row from the top. */
  map: Float32Array;
  /** The winning class on the map, cell by cell as `map`. */
  win: Uint8Array;
  /** Percent of the map each class wins. */
  shares: number[];
  /** Points that train (with `own`: the reader's points). */
  trainPoints: number;
  epochs: number;
  /** Each layer's weights and biases, inputs → output. */
  layers: LayerParams[];
  /** With `neurons`: each layer's activations over its grid, [neurons², width] row by row. */
  neurons?: Float32Array[];
  /** With `inside`: each hidden layer of 2 or 3 neurons, seen from inside. */
  inside?: InsideView[];
}

/** The class each row of `logits` ([N, k] row by row; k = 1: one logit, > 0 is class 1) picks. */
export function predictClasses(logits: ArrayLike<number>, k: number): Uint8Array {
  if (k === 1) return Uint8Array.from(logits, (v) => (v > 0 ? 1 : 0));
  const n = Math.floor(logits.length / k), out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (logits[i * k + j] > logits[i * k + best]) best = j;
    out[i] = best;
  }
  return out;
}

/** Fraction of `labels` that `predicted` gets right. */
function agreement(predicted: Uint8Array, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return labels.length ? right / labels.length : 0;
}

/**
 * While playing, the decision map over the main grid (the costliest part of a snapshot: one pass
 * over grid² points) is recomputed at most this often; the diagram's neuron maps (a coarser grid)
 * come with every snapshot. A snapshot that is not live (a pause, a step, an edit) is all fresh.
 */
export const LIVE_MAP_MS = 100;

/** A bounded rate: finite, 0 to 0.1. */
function rate(v: unknown): number {
  const r = Number(v);
  return Number.isFinite(r) ? Math.max(0, Math.min(0.1, r)) : 0;
}

/** The reader's points from an update, bounded: finite coordinates in the square, class indices. */
function ownData(flat: unknown, classes: number): Split {
  const xs: number[] = [], ys: number[] = [];
  if (Array.isArray(flat)) {
    for (let i = 0; i + 2 < flat.length && ys.length < MAX_POINTS; i += 3) {
      const [a, b, c] = [flat[i], flat[i + 1], flat[i + 2]].map(Number);
      if (![a, b, c].every(Number.isFinite) || !Number.isInteger(c) || c < 0 || c >= classes) {
        continue;
      }
      xs.push(Math.max(-EXTENT, Math.min(EXTENT, a)), Math.max(-EXTENT, Math.min(EXTENT, b)));
      ys.push(c);
    }
  }
  return {
    train: { x: Float32Array.from(xs), y: Float32Array.from(ys) },
    test: { x: new Float32Array(0), y: new Float32Array(0) },
  };
}

export function buildMlp(
  engine: Engine,
  hidden: number[],
  activation: Activation,
  gen: InstanceType<Engine["Generator"]>,
  outputs = 1,
  inputs = 2,
): NN.Module {
  const layers: NN.Module[] = [];
  let inFeatures = inputs;
  for (const width of hidden) {
    layers.push(new engine.nn.Linear(inFeatures, width, { generator: gen }));
    if (activation === "tanh") layers.push(new engine.nn.Tanh());
    else if (activation === "relu") layers.push(new engine.nn.ReLU());
    else if (activation === "sigmoid") layers.push(new engine.nn.Sigmoid());
    inFeatures = width;
  }
  layers.push(new engine.nn.Linear(inFeatures, outputs, { generator: gen }));
  return new engine.nn.Sequential(...layers);
}

/** One weight to set: layer (1 = the first Linear), the input it comes from and the unit it feeds. */
export interface WeightEdit {
  layer: number;
  from: number;
  to: number;
  value: number;
}

class PlaygroundTrainer implements Trainer<PlaygroundSnapshot, PlaygroundTrainer["methods"]> {
  model: NN.Module;
  optimizer: Optim.Optimizer;
  private tensors!: {
    xTrain?: Tensor;
    yTrain?: Tensor;
    xTest?: Tensor;
    yTest?: Tensor;
    grid: Tensor;
    neuronGrid?: Tensor;
    insideLines?: Tensor;
  };
  private gen: InstanceType<Engine["Generator"]>;
  private batches: Generator<[Tensor, Tensor], void, undefined> | null = null;
  private epochs = 0;
  private batch: number;
  private data: Split;
  /** The classes; the network has one output for 2, `classes` outputs for more. */
  private readonly classes: number;
  private readonly outputs: number;
  private readonly features: Feature[];
  private readonly regression: boolean;
  private reg: Regularization;
  /** The last decision map computed, and when (reused by live snapshots, `LIVE_MAP_MS`). */
  private lastMap: { at: number; map: Float32Array; win: Uint8Array; shares: number[] } | null =
    null;
  private regRate: number;
  /** The Linear layers, inputs → output. */
  private readonly linears: NN.Linear[];

  constructor(private readonly engine: Engine, private readonly p: PlaygroundTrainerProps) {
    const k = p.classes ?? 2;
    if (!(Number.isInteger(k) && k >= 2 && k <= MAX_CLASSES)) {
      throw new Error(`playground: classes must be an integer 2 … ${MAX_CLASSES}, got ${k}`);
    }
    if (k > 2 && !p.own) {
      throw new Error("playground: more than 2 classes needs the reader's points");
    }
    this.regression = p.problem === "regression";
    if (this.regression && (p.own || k > 2)) {
      throw new Error("playground: regression trains on its own datasets, with one output");
    }
    const isRegression = (REGRESSIONS as readonly string[]).includes(p.dataset);
    if (!p.own && isRegression !== this.regression) {
      throw new Error(
        `playground: '${p.dataset}' is not a ${p.problem ?? "classification"} dataset`,
      );
    }
    this.classes = k;
    this.outputs = k === 2 ? 1 : k;
    this.features = featureList(p.features ?? ["x1", "x2"]);
    this.reg = p.reg === "l1" || p.reg === "l2" ? p.reg : "none";
    this.regRate = rate(p.regRate);
    const made = this.regression
      ? makeRegression(p.dataset as RegressionName, p.points, p.noise, p.seed)
      : makeDataset(p.dataset as DatasetName, p.points, p.noise, p.seed);
    this.data = p.own ? ownData([], k) : splitData(made, p.split, p.seed);
    this.gen = new engine.Generator(p.seed);
    this.model = buildMlp(
      engine,
      p.hidden,
      p.activation,
      this.gen,
      this.outputs,
      this.features.length,
    );
    this.linears = (this.model as NN.Sequential).layers.filter((l): l is NN.Linear =>
      l instanceof engine.nn.Linear
    );
    if (p.initZero) {
      for (const l of this.linears) {
        l.weight.data = engine.zeros(l.weight.shape).data;
        l.bias!.data = engine.tensor(new Float32Array(l.outFeatures).fill(0.1), [l.outFeatures])
          .data;
      }
    }
    this.optimizer = p.optimizer === "sgd"
      ? new engine.optim.SGD(this.model.parameters(), { lr: p.lr })
      : new engine.optim.Adam(this.model.parameters(), { lr: p.lr });
    this.batch = p.batch;
    this.rebuild();
  }

  /** The data as tensors on the backend running now (the old ones, if any, are freed). */
  rebuild(): void {
    const { tensor } = this.engine;
    const d = this.data, g = this.p.grid;
    this.batches?.return();
    this.batches = null;
    for (const x of Object.values(this.tensors ?? {})) {
      try {
        x.dispose();
      } catch { /* on a lost backend: nothing left to free */ }
    }
    // Labels: [N, 1] floats for one output, [N] class indices for softmax + cross-entropy.
    const labels = (y: Float32Array) =>
      this.outputs === 1
        ? tensor(y, [y.length, 1])
        : tensor(Int32Array.from(y), [y.length], { dtype: "int32" });
    const f = this.features;
    const inputs = (x: Float32Array) => tensor(featureRows(x, f), [x.length >> 1, f.length]);
    this.tensors = { grid: inputs(gridPoints(g)) };
    if (this.p.neurons) this.tensors.neuronGrid = inputs(gridPoints(this.p.neurons));
    if (this.insideLayers().length) this.tensors.insideLines = inputs(insideLinePoints());
    if (d.train.y.length) {
      this.tensors.xTrain = inputs(d.train.x);
      this.tensors.yTrain = labels(d.train.y);
    }
    if (d.test.y.length) {
      this.tensors.xTest = inputs(d.test.x);
      this.tensors.yTest = labels(d.test.y);
    }
  }

  /** The hidden layers (1 = the first) seen from inside: those of 2 or 3 neurons. */
  private insideLayers(): number[] {
    if (!this.p.inside) return [];
    return this.p.hidden.flatMap((w, i) => (w === 2 || w === 3 ? [i + 1] : []));
  }

  /**
   * The activations of every layer for `x`, one forward pass: out[L − 1] is hidden layer L's
   * output (after its activation); the caller frees them.
   */
  private activations(x: Tensor): Tensor[] {
    const out: Tensor[] = [];
    let h = x, kept = true;
    const seq = (this.model as NN.Sequential).layers;
    seq.forEach((m, i) => {
      const next = m.forward(h);
      if (!kept) h.dispose(); // a Linear's output before its activation
      h = next;
      kept = i === seq.length - 1 || seq[i + 1] instanceof this.engine.nn.Linear;
      if (kept) out.push(h);
    });
    return out;
  }

  /** The data loss of outputs against labels: MSE, BCE on one logit, or cross-entropy. */
  private lossOf(logits: Tensor, y: Tensor): Tensor {
    const { F } = this.engine;
    if (this.regression) return F.mseLoss(logits, y);
    return this.outputs === 1
      ? F.binaryCrossEntropyWithLogits(logits, y)
      : F.crossEntropy(logits, y);
  }

  /** The weights' penalty (L1: rate·Σ|w|, L2: rate·Σ½w²), or null without one. */
  private penalty(): Tensor | null {
    if (this.reg === "none" || this.regRate === 0) return null;
    let total: Tensor | null = null;
    for (const { weight } of this.linears) {
      const term = this.reg === "l1" ? weight.abs().sum() : weight.pow(2).sum().mul(0.5);
      total = total ? total.add(term) : term;
    }
    return total!.mul(this.regRate);
  }

  /** The next mini-batch; a new shuffled pass over the training points when one ends. */
  private nextBatch(): [Tensor, Tensor] {
    const { xTrain, yTrain } = this.tensors;
    if (!xTrain || !yTrain) throw new Error("no training points");
    const bs = Math.max(1, Math.min(this.batch, xTrain.shape[0]));
    for (let tries = 0; tries < 2; tries++) {
      this.batches ??= this.engine.batches(xTrain, yTrain, bs, { generator: this.gen });
      const next = this.batches.next();
      if (!next.done) return next.value;
      this.batches = null;
      this.epochs++;
    }
    throw new Error("no training points");
  }

  step(): void {
    if (!this.tensors.xTrain) return; // the reader has placed no points yet
    const [xb, yb] = this.nextBatch();
    const data = this.lossOf(this.model.forward(xb), yb);
    const penalty = this.penalty();
    const loss = penalty ? data.add(penalty) : data;
    this.optimizer.zeroGrad();
    loss.backward({ checkFinite: false }); // the snapshot checks the loss, without a sync read
    this.optimizer.step();
    loss.dispose();
  }

  update(patch: Record<string, unknown>): void {
    if (this.p.own && patch.own !== undefined) {
      this.data = ownData(patch.own, this.classes);
      this.rebuild();
    }
    if (typeof patch.lr === "number" && patch.lr > 0) this.optimizer.lr = patch.lr;
    if (typeof patch.batch === "number" && patch.batch >= 1) {
      this.batch = Math.round(patch.batch);
      this.batches?.return();
      this.batches = null;
    }
    if (patch.reg === "none" || patch.reg === "l1" || patch.reg === "l2") this.reg = patch.reg;
    if (patch.regRate !== undefined) this.regRate = rate(patch.regRate);
  }

  /** The questions the island asks (`call(name, args)` on `useTrainer`); arguments are checked. */
  readonly methods = {
    /**
     * `setWeight`: { layer (1 = the first Linear), from, to, value } sets that weight (held to
     * ±10) and answers the new snapshot.
     */
    setWeight: async (args: WeightEdit): Promise<PlaygroundSnapshot> => {
      const { layer, from, to, value } = (args ?? {}) as Partial<Record<keyof WeightEdit, unknown>>;
      const l = this.linears[Number(layer) - 1];
      const ok = (v: unknown, n: number) =>
        Number.isInteger(v) && (v as number) >= 0 && (v as number) < n;
      if (!l || !ok(from, l.inFeatures) || !ok(to, l.outFeatures)) {
        throw new Error(`playground: no weight ${layer}:${from}:${to}`);
      }
      const v = Number(value);
      if (!Number.isFinite(v)) throw new Error(`playground: a weight must be a finite number`);
      const w = Float32Array.from(await l.weight.values() as Float32Array);
      w[(to as number) * l.inFeatures + (from as number)] = Math.max(-10, Math.min(10, v));
      l.weight.data = this.engine.tensor(w, l.weight.shape).data;
      return this.snapshot(); // what the island draws until the next step
    },
  };

  async snapshot(live = false): Promise<PlaygroundSnapshot> {
    const { F, noGrad } = this.engine;
    const t = this.tensors;
    const started = performance.now();
    const reuse = live && t.neuronGrid !== undefined && this.lastMap !== null &&
      started - this.lastMap.at < LIVE_MAP_MS;
    const out = noGrad(() => {
      const o: Record<string, Tensor> = {};
      if (t.xTrain && t.yTrain) {
        o.trainLogits = this.model.forward(t.xTrain);
        o.trainLoss = this.lossOf(o.trainLogits, t.yTrain);
      }
      const penalty = this.penalty();
      if (penalty) o.penalty = penalty;
      if (t.xTest && t.yTest) {
        o.testLogits = this.model.forward(t.xTest);
        o.testLoss = this.lossOf(o.testLogits, t.yTest);
      }
      if (t.neuronGrid) {
        this.activations(t.neuronGrid).forEach((h, L) => (o[`neurons${L}`] = h));
      }
      const inside = this.insideLayers();
      if (inside.length && t.insideLines && t.xTrain) {
        const lines = this.activations(t.insideLines), points = this.activations(t.xTrain);
        lines.forEach((h, i) => {
          if (inside.includes(i + 1)) {
            o[`insideLines${i + 1}`] = h;
            o[`insidePoints${i + 1}`] = points[i];
          } else {
            h.dispose();
            points[i].dispose();
          }
        });
      }
      this.linears.forEach((l, i) => {
        o[`weight${i}`] = l.weight;
        o[`bias${i}`] = l.bias!;
      });
      if (reuse) return o;
      const grid = this.model.forward(t.grid);
      o.map = this.regression
        ? grid.mul(1)
        : this.outputs === 1
        ? F.sigmoid(grid)
        : F.softmax(grid, 1);
      grid.dispose();
      return o;
    });
    const names = Object.keys(out);
    let values: Float32Array[];
    try {
      values = await Promise.all(names.map((n) => out[n].values() as Promise<Float32Array>));
    } finally {
      for (const [n, x] of Object.entries(out)) if (!/^(weight|bias)/.test(n)) x.dispose();
    }
    const v = Object.fromEntries(names.map((n, i) => [n, values[i]]));
    const trainLoss = v.trainLoss ? v.trainLoss[0] : NaN;
    if (v.trainLoss && !Number.isFinite(trainLoss)) {
      throw new this.engine.NonFiniteLossError(trainLoss, "the training loss");
    }
    const { map, win, shares } = reuse ? this.lastMap! : this.decisionMap(v.map, performance.now());
    const k = this.outputs, reg = this.regression;
    const acc = (logits: Float32Array | undefined, y: Float32Array) =>
      logits && !reg ? agreement(predictClasses(logits, k), y) : NaN;
    return {
      trainLoss,
      penalty: v.penalty ? v.penalty[0] : 0,
      testLoss: v.testLoss ? v.testLoss[0] : NaN,
      trainAcc: acc(v.trainLogits, this.data.train.y),
      testAcc: acc(v.testLogits, this.data.test.y),
      blue: shares[1],
      map,
      win,
      shares,
      trainPoints: this.data.train.y.length,
      epochs: this.epochs,
      layers: this.linears.map((_, i) => ({ weight: v[`weight${i}`], bias: v[`bias${i}`] })),
      ...(t.neuronGrid ? { neurons: this.linears.map((_, i) => v[`neurons${i}`]) } : {}),
      ...(v[`insideLines${this.insideLayers()[0]}`]
        ? { inside: this.insideLayers().map((L) => this.insideView(L, v)) }
        : {}),
    };
  }

  /** The decision map from the grid's outputs: each cell's value and class, each class's share. */
  private decisionMap(probs: Float32Array, at: number): NonNullable<PlaygroundTrainer["lastMap"]> {
    const k = this.outputs, reg = this.regression;
    const win = predictClasses(k === 1 ? probs.map((p) => reg ? p : p - 0.5) : probs, k);
    const map = reg
      ? probs.map((p) => Math.max(-1, Math.min(1, p)))
      : k === 1
      ? Float32Array.from(probs)
      : new Float32Array(win.length);
    if (k > 1) { for (let i = 0; i < win.length; i++) map[i] = probs[i * k + win[i]]; }
    const counts = new Array(this.classes).fill(0);
    for (const c of win) counts[c]++;
    const shares = counts.map((c) => Math.round((100 * c) / win.length));
    return (this.lastMap = { at, map, win, shares });
  }

  /** Hidden layer L seen from inside, from the snapshot's values. */
  private insideView(L: number, v: Record<string, Float32Array>): InsideView {
    const last = L === this.p.hidden.length && this.outputs === 1;
    return {
      layer: L,
      width: this.p.hidden[L - 1],
      points: v[`insidePoints${L}`],
      labels: this.data.train.y,
      lines: v[`insideLines${L}`],
      ...(last ? { out: { weight: v[`weight${L}`], bias: v[`bias${L}`][0] } } : {}),
    };
  }

  dispose(): void {
    this.batches?.return();
    this.model.dispose();
    this.optimizer.dispose();
    for (const x of Object.values(this.tensors)) x?.dispose();
  }
}

const playground: TrainerModule<
  PlaygroundTrainerProps,
  PlaygroundSnapshot,
  PlaygroundTrainer["methods"]
> = {
  create: (engine, props) => new PlaygroundTrainer(engine, props),
  // The network diagram redraws with every snapshot, so one follows every 16 ms slice of training
  // (20+ a second; live ones reuse the decision map for LIVE_MAP_MS, so most cost a third).
  // Measured (6×8 net, quiet 2-core machine, tracing on): 20.7–23.2 redraws/s; the bench's time to
  // test loss ≤ 0.05 on circles 1.21–1.32 s (0.71× TensorFlow Playground's).
  pace: { sliceMs: 16, snapshotMs: 0 },
  shape: (p) =>
    JSON.stringify([
      p.own ? "own" : p.points,
      p.split,
      p.hidden,
      p.activation,
      p.optimizer,
      p.batch,
      p.classes ?? 2,
      featureList(p.features ?? []).length,
      p.problem ?? "classification",
    ]),
};
export const { create, shape, pace } = playground;
