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
 */
import type { nn as NN, optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import {
  type DatasetName,
  EXTENT,
  gridPoints,
  makeDataset,
  type Split,
  splitData,
} from "./datasets.ts";
import { MAX_CLASSES, MAX_POINTS } from "./points.ts";

export type Activation = "tanh" | "relu" | "sigmoid" | "linear";

export interface PlaygroundTrainerProps {
  dataset: DatasetName;
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
}

export interface PlaygroundSnapshot {
  trainLoss: number;
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
): NN.Module {
  const layers: NN.Module[] = [];
  let inFeatures = 2;
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

class PlaygroundTrainer implements Trainer<PlaygroundSnapshot> {
  model: NN.Module;
  optimizer: Optim.Optimizer;
  private tensors!: {
    xTrain?: Tensor;
    yTrain?: Tensor;
    xTest?: Tensor;
    yTest?: Tensor;
    grid: Tensor;
  };
  private gen: InstanceType<Engine["Generator"]>;
  private batches: Generator<[Tensor, Tensor], void, undefined> | null = null;
  private epochs = 0;
  private batch: number;
  private data: Split;
  /** The classes; the network has one output for 2, `classes` outputs for more. */
  private readonly classes: number;
  private readonly outputs: number;

  constructor(private readonly engine: Engine, private readonly p: PlaygroundTrainerProps) {
    const k = p.classes ?? 2;
    if (!(Number.isInteger(k) && k >= 2 && k <= MAX_CLASSES)) {
      throw new Error(`playground: classes must be an integer 2 … ${MAX_CLASSES}, got ${k}`);
    }
    if (k > 2 && !p.own) {
      throw new Error("playground: more than 2 classes needs the reader's points");
    }
    this.classes = k;
    this.outputs = k === 2 ? 1 : k;
    this.data = p.own
      ? ownData([], k)
      : splitData(makeDataset(p.dataset, p.points, p.noise, p.seed), p.split, p.seed);
    this.gen = new engine.Generator(p.seed);
    this.model = buildMlp(engine, p.hidden, p.activation, this.gen, this.outputs);
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
    // Labels: [N, 1] floats for one logit, [N] class indices for softmax + cross-entropy.
    const labels = (y: Float32Array) =>
      this.outputs === 1
        ? tensor(y, [y.length, 1])
        : tensor(Int32Array.from(y), [y.length], { dtype: "int32" });
    this.tensors = { grid: tensor(gridPoints(g), [g * g, 2]) };
    if (d.train.y.length) {
      this.tensors.xTrain = tensor(d.train.x, [d.train.y.length, 2]);
      this.tensors.yTrain = labels(d.train.y);
    }
    if (d.test.y.length) {
      this.tensors.xTest = tensor(d.test.x, [d.test.y.length, 2]);
      this.tensors.yTest = labels(d.test.y);
    }
  }

  /** The loss of logits against labels: BCE on one logit, cross-entropy on several. */
  private lossOf(logits: Tensor, y: Tensor): Tensor {
    const { F } = this.engine;
    return this.outputs === 1
      ? F.binaryCrossEntropyWithLogits(logits, y)
      : F.crossEntropy(logits, y);
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
    const loss = this.lossOf(this.model.forward(xb), yb);
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
  }

  async snapshot(): Promise<PlaygroundSnapshot> {
    const { F, noGrad } = this.engine;
    const t = this.tensors;
    const out = noGrad(() => {
      const o: Record<string, Tensor> = {};
      if (t.xTrain && t.yTrain) {
        o.trainLogits = this.model.forward(t.xTrain);
        o.trainLoss = this.lossOf(o.trainLogits, t.yTrain);
      }
      if (t.xTest && t.yTest) {
        o.testLogits = this.model.forward(t.xTest);
        o.testLoss = this.lossOf(o.testLogits, t.yTest);
      }
      const grid = this.model.forward(t.grid);
      o.map = this.outputs === 1 ? F.sigmoid(grid) : F.softmax(grid, 1);
      grid.dispose();
      return o;
    });
    const names = Object.keys(out);
    let values: Float32Array[];
    try {
      values = await Promise.all(names.map((n) => out[n].values() as Promise<Float32Array>));
    } finally {
      for (const x of Object.values(out)) x.dispose();
    }
    const v = Object.fromEntries(names.map((n, i) => [n, values[i]]));
    const trainLoss = v.trainLoss ? v.trainLoss[0] : NaN;
    if (v.trainLoss && !Number.isFinite(trainLoss)) {
      throw new this.engine.NonFiniteLossError(trainLoss, "the training loss");
    }
    const k = this.outputs, probs = v.map;
    const win = predictClasses(k === 1 ? probs.map((p) => p - 0.5) : probs, k);
    const map = k === 1 ? Float32Array.from(probs) : new Float32Array(win.length);
    if (k > 1) { for (let i = 0; i < win.length; i++) map[i] = probs[i * k + win[i]]; }
    const counts = new Array(this.classes).fill(0);
    for (const c of win) counts[c]++;
    const shares = counts.map((c) => Math.round((100 * c) / win.length));
    return {
      trainLoss,
      testLoss: v.testLoss ? v.testLoss[0] : NaN,
      trainAcc: v.trainLogits
        ? agreement(predictClasses(v.trainLogits, k), this.data.train.y)
        : NaN,
      testAcc: v.testLogits ? agreement(predictClasses(v.testLogits, k), this.data.test.y) : NaN,
      blue: shares[1],
      map,
      win,
      shares,
      trainPoints: this.data.train.y.length,
      epochs: this.epochs,
    };
  }

  dispose(): void {
    this.batches?.return();
    this.model.dispose();
    this.optimizer.dispose();
    for (const x of Object.values(this.tensors)) x?.dispose();
  }
}

const playground: TrainerModule<PlaygroundTrainerProps, PlaygroundSnapshot> = {
  create: (engine, props) => new PlaygroundTrainer(engine, props),
  shape: (p) =>
    JSON.stringify([
      p.own ? "own" : p.points,
      p.split,
      p.hidden,
      p.activation,
      p.optimizer,
      p.batch,
      p.classes ?? 2,
    ]),
};
export const { create, shape } = playground;
