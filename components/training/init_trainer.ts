/**
 * InitHistograms as a trainer (it runs in the runtime's worker): one deep MLP 784-w-…-w-10 (tanh
 * or ReLU after every hidden layer) per initialization scheme (init_stats.ts: zeros, too small,
 * too large, Xavier, He, the reader's gain), every weight drawn by `nn.init` from a seeded
 * `Generator` and every bias 0, so the float64 reference (init_reference.ts) draws the very same
 * numbers.
 *
 * `initial()` answers what the figure draws first: for each scheme and hidden layer, the std and
 * histogram of the layer's output h_l and of ∂L/∂h_l on a fixed batch of validation digits at
 * step 0. A step is one SGD step of every model on the same training batch; a model whose loss
 * is no longer finite stops (the others go on) and the snapshot says at which step.
 */
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import type { nn as NN, Tensor } from "../../engine/mod.ts";
import { type Digits, MNIST_NORMALIZATION, normalizedBatch } from "../../mnist/dataset.ts";
import { loadDigitsAt } from "../mnist/digits.ts";
import {
  type Activation,
  ACTIVATIONS,
  histogram,
  INIT_LIMITS,
  INIT_SCHEMES,
  type InitScheme,
  type LayerStats,
  meanSquare,
  meanStd,
  schemeStd,
  sharedRange,
} from "./init_stats.ts";
import { layerSizes, type MlpShape } from "./init_reference.ts";

export interface InitTrainerProps {
  /** Absolute URL of the folder of the shipped IDX files (the worker fetches them). */
  data: string;
  activation: Activation;
  /** Hidden layers (2–20). */
  depth: number;
  /** Units per hidden layer (default 64). */
  width?: number;
  /** The "custom" scheme's gain: weights from N(0, (gain/√fanIn)²). */
  gain: number;
  /** Seeds the weights (one generator per scheme) and the batches (default 1). */
  seed?: number;
  /** SGD's learning rate (default 0.05). */
  lr?: number;
  /** Digits per training step (default 64). */
  batchSize?: number;
  /** Validation digits the step-0 statistics are measured on (the first ones; default 256). */
  statsBatch?: number;
  /** Read the losses back every this many steps (default 5). */
  readEvery?: number;
}

/** One scheme's step-0 picture: the stds (LayerStats) and a histogram per layer. */
export interface SchemeStats extends LayerStats {
  actHist: { lo: number; hi: number; counts: number[] }[];
  gradHist: { lo: number; hi: number; counts: number[] }[];
}

export type InitialStats = Record<InitScheme, SchemeStats>;

export interface InitSnapshot {
  steps: number;
  /** The steps at which the losses were read. */
  at: number[];
  /** Each scheme's training loss (one batch) at those steps; null once it diverged. */
  losses: Record<InitScheme, (number | null)[]>;
  /** The step at which a scheme's loss stopped being finite (null: it did not). */
  diverged: Record<InitScheme, number | null>;
}

const BINS = 24;

/** Props, checked and with their defaults: the page may send anything. */
export function checkProps(p: InitTrainerProps): Required<InitTrainerProps> {
  if (!p || typeof p !== "object") throw new Error("init trainer: props must be an object");
  if (typeof p.data !== "string" || !p.data) {
    throw new Error("init trainer: no URL for the digits (props.data)");
  }
  if (!ACTIVATIONS.includes(p.activation)) {
    throw new Error(
      `init trainer: activation must be ${ACTIVATIONS.join(" or ")}, got ${String(p.activation)}`,
    );
  }
  const int = (name: string, v: unknown, lo: number, hi: number): number => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
      throw new Error(`init trainer: ${name} must be a whole number in ${lo}–${hi}, got ${v}`);
    }
    return v;
  };
  const num = (name: string, v: unknown, lo: number, hi: number): number => {
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
      throw new Error(`init trainer: ${name} must be a number in ${lo}–${hi}, got ${v}`);
    }
    return v;
  };
  const L = INIT_LIMITS;
  return {
    data: p.data,
    activation: p.activation,
    depth: int("depth", p.depth, L.depth.min, L.depth.max),
    width: int("width", p.width ?? 64, L.width.min, L.width.max),
    gain: num("gain", p.gain, L.gain.min, L.gain.max),
    seed: int("seed", p.seed ?? 1, 0, 2 ** 31),
    lr: num("lr", p.lr ?? 0.05, 0, 10),
    batchSize: int("batchSize", p.batchSize ?? 64, 1, 512),
    statsBatch: int("statsBatch", p.statsBatch ?? 256, L.batch.min, L.batch.max),
    readEvery: int("readEvery", p.readEvery ?? 5, 1, 1000),
  };
}

/** The MLP of one scheme: Linear layers with weights from `nn.init`, biases 0. */
function buildMlp(
  engine: Engine,
  shape: MlpShape,
  scheme: InitScheme,
  seed: number,
  gain: number,
): { model: NN.Sequential; linears: NN.Linear[] } {
  const { nn, Generator } = engine;
  const gen = new Generator(seed);
  // nn.Linear draws its own default init first; from a throwaway generator, so `gen` draws
  // exactly what init_reference.ts draws.
  const spare = new Generator(0);
  const linears = layerSizes(shape).map(([fanIn, fanOut]) => {
    const layer = new nn.Linear(fanIn, fanOut, { generator: spare });
    const w = layer.weight;
    if (scheme === "zeros") nn.init.zeros_(w);
    else if (scheme === "xavier") nn.init.xavierNormal_(w, { generator: gen });
    else if (scheme === "he") nn.init.kaimingNormal_(w, { generator: gen });
    else nn.init.normal_(w, { std: schemeStd(scheme, fanIn, fanOut, gain), generator: gen });
    nn.init.zeros_(layer.bias!);
    return layer;
  });
  const act = () => shape.activation === "tanh" ? new nn.Tanh() : new nn.ReLU();
  const mods: NN.Module[] = [];
  linears.forEach((l, i) => mods.push(...(i < shape.depth ? [l, act()] : [l])));
  return { model: new nn.Sequential(...mods), linears };
}

class InitTrainer implements Trainer<InitSnapshot, InitTrainer["methods"]> {
  readonly model: NN.Module;
  private readonly runs: { scheme: InitScheme; model: NN.Sequential; linears: NN.Linear[] }[];
  private readonly sgd: InstanceType<Engine["optim"]["SGD"]>[];
  private readonly shape: MlpShape;
  private readonly batches: InstanceType<Engine["Generator"]>;
  private order: Int32Array | null = null;
  private cursor = 0;
  private steps = 0;
  private initialStats: InitialStats | null = null;
  private readonly at: number[] = [];
  private readonly losses = {} as Record<InitScheme, (number | null)[]>;
  private readonly diverged = {} as Record<InitScheme, number | null>;

  readonly methods = {
    /** The step-0 statistics of every scheme (measured when the trainer was built). */
    initial: (): InitialStats => {
      if (!this.initialStats) throw new Error("init trainer: statistics not measured yet");
      return this.initialStats;
    },
  };

  constructor(
    private readonly engine: Engine,
    private readonly train: Digits,
    private readonly val: Digits,
    private readonly p: Required<InitTrainerProps>,
  ) {
    this.shape = {
      inputs: train.rows * train.cols,
      width: p.width,
      depth: p.depth,
      classes: 10,
      activation: p.activation,
    };
    this.runs = INIT_SCHEMES.map((scheme) => ({
      scheme,
      ...buildMlp(engine, this.shape, scheme, p.seed, p.gain),
    }));
    this.sgd = this.runs.map((r) => new engine.optim.SGD(r.model.parameters(), { lr: p.lr }));
    this.model = new engine.nn.Sequential(...this.runs.map((r) => r.model));
    this.batches = new engine.Generator(p.seed + 1);
    for (const s of INIT_SCHEMES) {
      this.losses[s] = [];
      this.diverged[s] = null;
    }
  }

  /** Measures every scheme's step-0 statistics (once, before any step). */
  async measure(): Promise<void> {
    const { engine, p } = this;
    const idx = Array.from({ length: Math.min(p.statsBatch, this.val.count) }, (_, i) => i);
    const { x, labels } = normalizedBatch(this.val, idx, MNIST_NORMALIZATION);
    const B = idx.length;
    const stats = {} as InitialStats;
    for (const run of this.runs) {
      const xt = engine.tensor(x, [B, this.shape.inputs]);
      const yt = engine.tensor(labels, [B], { dtype: "int32" });
      // ∂L/∂h_l of a hidden output: add a zero leaf to it, whose gradient is exactly that.
      const probes: Tensor[] = [];
      const outs: Tensor[] = [];
      const pres: Tensor[] = [];
      let h = xt;
      run.linears.forEach((layer, l) => {
        h = layer.forward(h);
        if (l < p.depth) {
          pres.push(h);
          h = p.activation === "tanh" ? h.tanh() : h.relu();
          outs.push(h);
          const probe = engine.zeros([B, p.width], { requiresGrad: true });
          probes.push(probe);
          h = h.add(probe);
        }
      });
      const loss = engine.F.crossEntropy(h, yt);
      const acts = await Promise.all(outs.map((o) => o.values()));
      const zs = await Promise.all(pres.map((z) => z.values()));
      const lossValue = await loss.itemAsync();
      loss.backward({ checkFinite: false });
      const grads = await Promise.all(probes.map((q) => q.grad!.values()));
      loss.dispose();
      for (const q of probes) q.dispose();
      xt.dispose();
      yt.dispose();
      for (const param of run.model.parameters()) {
        param.grad?.dispose();
        param.grad = null;
      }
      stats[run.scheme] = {
        ...summarize(acts, grads, lossValue),
        pre: zs.map((z) => meanStd(z).std),
        inSq: [x, ...acts.slice(0, -1)].map(meanSquare),
      };
    }
    this.initialStats = stats;
  }

  async step(): Promise<void> {
    const { engine, p } = this;
    if (this.order === null || this.cursor + p.batchSize > this.order.length) {
      this.order = this.batches.permutation(this.train.count);
      this.cursor = 0;
    }
    const idx = this.order.subarray(this.cursor, this.cursor + p.batchSize);
    this.cursor += p.batchSize;
    const { x, labels } = normalizedBatch(this.train, idx, MNIST_NORMALIZATION);
    const xt = engine.tensor(x, [idx.length, this.shape.inputs]);
    const yt = engine.tensor(labels, [idx.length], { dtype: "int32" });
    this.steps++;
    const read = this.steps % p.readEvery === 0 || this.steps === 1;
    const pending: Promise<number | null>[] = [];
    this.runs.forEach((run, k) => {
      if (this.diverged[run.scheme] !== null) {
        pending.push(Promise.resolve(null));
        return;
      }
      const opt = this.sgd[k];
      opt.zeroGrad();
      const loss = engine.F.crossEntropy(run.model.forward(xt), yt);
      loss.backward({ checkFinite: false });
      opt.step();
      if (read) pending.push(loss.itemAsync().finally(() => loss.dispose()));
      else {
        loss.dispose();
        pending.push(Promise.resolve(null));
      }
    });
    xt.dispose();
    yt.dispose();
    const values = await Promise.all(pending);
    if (!read) return;
    this.at.push(this.steps);
    this.runs.forEach((run, k) => {
      const v = values[k];
      const ok = v !== null && Number.isFinite(v);
      if (!ok && this.diverged[run.scheme] === null && v !== null) {
        this.diverged[run.scheme] = this.steps;
      }
      this.losses[run.scheme].push(ok ? v : null);
    });
  }

  snapshot(): Promise<InitSnapshot> {
    const losses = {} as InitSnapshot["losses"];
    for (const s of INIT_SCHEMES) losses[s] = [...this.losses[s]];
    return Promise.resolve({
      steps: this.steps,
      at: [...this.at],
      losses,
      diverged: { ...this.diverged },
    });
  }

  dispose(): void {
    for (const o of this.sgd) o.dispose();
    for (const r of this.runs) r.model.dispose();
  }
}

/** Stds and histograms of each layer's activations and gradients (one shared range per kind). */
function summarize(
  acts: ArrayLike<number>[],
  grads: ArrayLike<number>[],
  loss: number,
): Omit<SchemeStats, "pre" | "inSq"> {
  const act = acts.map((a) => meanStd(a).std);
  const grad = grads.map((g) => meanStd(g).std);
  const maxAbs = (v: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < v.length; i++) if (Math.abs(v[i]) > m) m = Math.abs(v[i]);
    return m;
  };
  const ra = sharedRange(act, acts.map(maxAbs));
  const rg = sharedRange(grad, grads.map(maxAbs));
  return {
    act,
    grad,
    loss,
    actHist: acts.map((a) => histogram(a, ra, BINS)),
    gradHist: grads.map((g) => histogram(g, rg, BINS)),
  };
}

const init: TrainerModule<InitTrainerProps, InitSnapshot, InitTrainer["methods"]> = {
  create: async (engine, props) => {
    const p = checkProps(props);
    const { train, val } = await loadDigitsAt(p.data);
    const trainer = new InitTrainer(engine, train, val, p);
    await trainer.measure();
    return trainer;
  },
  shape: (p) => JSON.stringify([p.activation, p.depth, p.width ?? 64, p.batchSize ?? 64]),
};
export const { create, shape } = init;
