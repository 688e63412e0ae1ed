/**
 * Lesson 6's small CNN as a trainer (it runs in the runtime's worker): conv 3×3 (1 → c) → ReLU →
 * max-pool 2 → flatten → linear → 10, on the shipped training digits (fetched by the worker from
 * `props.data`, shared with lesson 4's trainers), Adam, cross-entropy. ConvTrainer plays it and
 * draws each snapshot: the loss curve, the c first-layer filters (which start as noise) and the
 * feature maps of one validation digit. ConvOverview asks it for every layer of a digit
 * (`overview`), with weights ConvTrainer published (`weights` → store → `load`).
 *
 * A snapshot is small (c·9 filter values, c·26·26 map values, a curve of at most
 * {@link MAX_CURVE} points), so the page draws it in well under a frame.
 */
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import type { Digits } from "../../mnist/dataset.ts";
import { MNIST_NORMALIZATION, normalizedBatch } from "../../mnist/dataset.ts";
import { batchTensors } from "../../mnist/train.ts";
import type { Generator, nn, optim } from "../../engine/mod.ts";
import { loadDigitsAt } from "../mnist/digits.ts";

export interface ConvTrainerProps {
  /** Absolute URL of the folder of the shipped IDX files (the worker fetches them). */
  data: string;
  /** Filters of the convolution, 1 … {@link MAX_CHANNELS} (default 8). */
  channels?: number;
  /** Digits per batch, 1 … 256 (default 32). */
  batch?: number;
  /** Adam's learning rate, (0, 0.1] (default 0.003). */
  lr?: number;
  seed?: number;
  /** The validation digit whose maps the snapshots carry (default 0). */
  digit?: number;
}

export const MAX_CHANNELS = 16;
/** Side of the kernel, the input, the conv maps, the pooled maps. */
export const KERNEL = 3, SIDE = 28, CONV_SIDE = SIDE - KERNEL + 1, POOL_SIDE = CONV_SIDE >> 1;
/** The curve keeps at most this many points (every other one is dropped when it is full). */
export const MAX_CURVE = 400;
/** Smoothing of the loss curve (exponential moving average). */
const SMOOTHING = 0.1;

/** Props with every default filled in; a value out of range is a clear error. */
export function convSettings(p: ConvTrainerProps) {
  const channels = p.channels ?? 8, batch = p.batch ?? 32, lr = p.lr ?? 0.003;
  const seed = p.seed ?? 1, digit = p.digit ?? 0;
  if (typeof p.data !== "string" || !p.data) throw new Error("conv trainer: no URL for the digits");
  if (!Number.isInteger(channels) || channels < 1 || channels > MAX_CHANNELS) {
    throw new Error(
      `conv trainer: channels must be an integer 1 … ${MAX_CHANNELS}, got ${channels}`,
    );
  }
  if (!Number.isInteger(batch) || batch < 1 || batch > 256) {
    throw new Error(`conv trainer: batch must be an integer 1 … 256, got ${batch}`);
  }
  if (!(lr > 0 && lr <= 0.1)) throw new Error(`conv trainer: lr must be in (0, 0.1], got ${lr}`);
  if (!Number.isInteger(seed)) {
    throw new Error(`conv trainer: seed must be an integer, got ${seed}`);
  }
  checkDigit(digit);
  return { channels, batch, lr, seed, digit };
}

/** A validation digit's index: an integer 0 … 999. */
function checkDigit(d: unknown): number {
  if (!Number.isInteger(d) || (d as number) < 0 || (d as number) > 999) {
    throw new Error(`conv trainer: digit must be an integer 0 … 999, got ${d}`);
  }
  return d as number;
}

/** The lesson's small CNN (its parameters named "0.weight", "0.bias", "4.weight", "4.bias"). */
export function smallCnn(E: Engine, channels: number, gen: Generator): nn.Sequential {
  return new E.nn.Sequential(
    new E.nn.Conv2d(1, channels, KERNEL, { generator: gen }),
    new E.nn.ReLU(),
    new E.nn.MaxPool2d(2),
    new E.nn.Flatten(),
    new E.nn.Linear(POOL_SIDE * POOL_SIDE * channels, 10, { generator: gen }),
  );
}

export interface ConvSnapshot {
  steps: number;
  /** The smoothed batch loss (null before the first step). */
  loss: number | null;
  /** [step, smoothed loss]. */
  curve: [number, number][];
  /** The filters, channel by channel: `filters[c·9 + 3·row + col]`. */
  filters: Float32Array;
  /** The largest |filter value| (one colour scale for all). */
  filterScale: number;
  /** Largest |change| of a filter value since step 0. */
  filterChange: number;
  /** The digit's feature maps after the ReLU, [26, 26, c] (HWC), and their largest value. */
  maps: Float32Array;
  mapScale: number;
  digit: number;
  label: number;
}

/** One layer of the overview: its output for the digit, HWC (the last two layers: 1 × 1 × 10). */
export interface OverviewLayer {
  name: "input" | "conv" | "relu" | "pool" | "logits" | "softmax";
  shape: [number, number, number];
  data: Float32Array;
}

export interface Overview {
  digit: number;
  label: number;
  layers: OverviewLayer[];
  /** Filters as in the snapshot, and each one's bias. */
  filters: Float32Array;
  biases: Float32Array;
  winner: number;
}

/** The weights a trainer publishes and another loads: the model's state dict. */
export type ConvWeights = Record<string, { shape: number[]; values: Float32Array }>;

/** [k, k, 1, c] (the engine's layout) → channel by channel, 9 values each. */
export function filtersOf(w: ArrayLike<number>, channels: number): Float32Array {
  const out = new Float32Array(channels * KERNEL * KERNEL);
  for (let p = 0; p < KERNEL * KERNEL; p++) {
    for (let c = 0; c < channels; c++) out[c * KERNEL * KERNEL + p] = w[p * channels + c];
  }
  return out;
}

const maxAbs = (a: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

export class ConvTrainer implements Trainer<ConvSnapshot> {
  model: nn.Sequential;
  optimizer: optim.Adam;
  private readonly gen: Generator;
  private readonly s: ReturnType<typeof convSettings>;
  private steps = 0;
  private loss: number | null = null;
  private lastLoss: number | null = null;
  private curve: [number, number][] = [];
  private every = 1;
  private start: Float32Array | null = null;
  private digit: number;

  constructor(
    /** The engine the runtime injected (`create(engine, props)`). */
    private readonly e: Engine,
    private readonly train: Digits,
    private readonly val: Digits,
    props: ConvTrainerProps,
  ) {
    this.s = convSettings(props);
    this.digit = this.s.digit;
    this.gen = new e.Generator(this.s.seed);
    this.model = smallCnn(e, this.s.channels, this.gen);
    this.optimizer = new e.optim.Adam(this.model.parameters(), { lr: this.s.lr });
  }

  private get conv(): nn.Conv2d {
    return this.model.layers[0] as nn.Conv2d;
  }

  async step(): Promise<void> {
    const idx = Int32Array.from(
      { length: this.s.batch },
      () => Math.floor(this.gen.random() * this.train.count),
    );
    const { x, y } = batchTensors(this.train, idx, {
      normalization: MNIST_NORMALIZATION,
      engine: this.e,
    });
    this.optimizer.zeroGrad();
    const loss = this.e.F.crossEntropy(this.model.forward(x), y);
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    x.dispose();
    y.dispose();
    this.steps++;
    const v = await loss.itemAsync();
    loss.dispose();
    this.lastLoss = v;
    this.loss = this.loss === null ? v : this.loss + SMOOTHING * (v - this.loss);
    if (this.steps % this.every === 0) {
      this.curve.push([this.steps, this.loss]);
      if (this.curve.length >= MAX_CURVE) {
        this.curve = this.curve.filter((_, i) => i % 2 === 1);
        this.every *= 2;
      }
    }
  }

  /** The filters now (channel by channel). */
  private async filters(): Promise<Float32Array> {
    return filtersOf(await this.conv.weight.values(), this.s.channels);
  }

  /** Every layer's output for validation digit `d`, as HWC arrays. */
  private async layers(d: number): Promise<OverviewLayer[]> {
    const { x } = normalizedBatch(this.val, [d], MNIST_NORMALIZATION);
    const c = this.s.channels;
    const { F, noGrad, tensor } = this.e;
    const outs = noGrad(() => {
      const input = tensor(x, [1, SIDE, SIDE, 1]);
      const conv = this.model.layers[0].forward(input);
      const relu = F.relu(conv);
      const pool = this.model.layers[2].forward(relu);
      const logits = this.model.layers[4].forward(this.model.layers[3].forward(pool));
      return [input, conv, relu, pool, logits, F.softmax(logits, 1)];
    });
    const values = await Promise.all(outs.map((t) => t.values()));
    for (const t of outs) t.dispose();
    const shapes: [number, number, number][] = [
      [SIDE, SIDE, 1],
      [CONV_SIDE, CONV_SIDE, c],
      [CONV_SIDE, CONV_SIDE, c],
      [POOL_SIDE, POOL_SIDE, c],
      [1, 1, 10],
      [1, 1, 10],
    ];
    const names = ["input", "conv", "relu", "pool", "logits", "softmax"] as const;
    return names.map((name, i) => ({
      name,
      shape: shapes[i],
      data: Float32Array.from(values[i]),
    }));
  }

  async snapshot(): Promise<ConvSnapshot> {
    if (this.lastLoss !== null && !Number.isFinite(this.lastLoss)) {
      throw new this.e.NonFiniteLossError(this.lastLoss, `step ${this.steps}`);
    }
    const filters = await this.filters();
    this.start ??= filters;
    let change = 0;
    for (let i = 0; i < filters.length; i++) {
      change = Math.max(change, Math.abs(filters[i] - this.start[i]));
    }
    // The maps after the ReLU only: one conv of one digit.
    const relu = (await this.layers(this.digit))[2];
    return {
      steps: this.steps,
      loss: this.loss,
      curve: [...this.curve],
      filters,
      filterScale: maxAbs(filters),
      filterChange: change,
      maps: relu.data,
      mapScale: maxAbs(relu.data),
      digit: this.digit,
      label: this.val.labels[this.digit],
    };
  }

  /** `digit` (the maps' digit) changes live; anything else is ignored. */
  update(patch: Record<string, unknown>): void {
    if ("digit" in patch) this.digit = checkDigit(patch.digit);
  }

  /** The questions the islands ask (`call(name, arg)`); arguments are checked. */
  readonly methods = {
    /** The weights now, to publish (plain arrays). */
    weights: (): Promise<ConvWeights> => this.model.stateDictAsync(),
    /** Use these weights (another trainer's, of the same channels) from now on. */
    load: (w: ConvWeights): number => {
      if (typeof w !== "object" || w === null) throw new Error("load: expected weights");
      // The shapes only: no values are read (a synchronous read stalls, or fails, on WebGPU).
      for (const [name, { shape }] of this.model.namedParameters()) {
        const got = w[name];
        if (!got || !(got.values instanceof Float32Array) || got.shape?.join() !== shape.join()) {
          throw new Error(`load: "${name}" must be a Float32Array of shape [${shape.join(", ")}]`);
        }
        if (got.values.length !== shape.reduce((a, b) => a * b, 1)) {
          throw new Error(`load: "${name}" has ${got.values.length} values`);
        }
      }
      this.model.loadStateDict(w);
      return this.s.channels;
    },
    /** Every layer of validation digit `d`, the filters and their biases. */
    overview: async (d: number): Promise<Overview> => {
      const digit = checkDigit(d);
      const layers = await this.layers(digit);
      const probs = layers[5].data;
      let winner = 0;
      for (let k = 1; k < 10; k++) if (probs[k] > probs[winner]) winner = k;
      return {
        digit,
        label: this.val.labels[digit],
        layers,
        filters: await this.filters(),
        biases: Float32Array.from(await this.conv.bias!.values()),
        winner,
      };
    },
  };

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}

const conv: TrainerModule<ConvTrainerProps, ConvSnapshot, ConvTrainer["methods"]> = {
  create: async (engine, props) => {
    convSettings(props); // bad props fail before the download
    const { train, val } = await loadDigitsAt(props.data);
    return new ConvTrainer(engine, train, val, props);
  },
  shape: (p) => JSON.stringify(["conv", p.channels ?? 8, p.batch ?? 32]),
};
export const { create, shape } = conv;
