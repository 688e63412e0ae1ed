/**
 * Looking inside a trained MNIST model (runs in the runtime's worker, next to the model): the
 * MLP's first-layer weights as 28 × 28 images, the forward pass of one digit laid out (input,
 * hidden activations, each hidden unit's share of the winning class score), the training digits
 * that excite each hidden unit most, and the CNN's first-layer filters and feature maps. Every
 * answer is plain data (typed arrays and numbers) for the islands InsideMlp and InsideCnn; the
 * trainer (mnist_trainer.ts) answers them as `call`s, passing the engine it was given (the last
 * argument; the tests leave it out). Every tensor made here is freed here.
 */
import * as defaultEngine from "../../engine/mod.ts";
import type { nn, Tensor } from "../../engine/mod.ts";
import {
  batchRanges,
  type Digits,
  MNIST_NORMALIZATION,
  type Normalization,
  normalizedBatch,
} from "../../mnist/dataset.ts";

/** The MLP's first-layer weights, one 28 × 28 image (784 values, row-major) per hidden unit. */
export interface MlpWeights {
  units: Float32Array[];
  /** The largest |weight| of them all: every image is drawn on the one scale [−scale, scale]. */
  scale: number;
}

/** One digit through an MLP, layer by layer. */
export interface ForwardLayout {
  /** The 784 inputs after normalization ((x − μ) / σ). */
  input: Float32Array;
  /** The activations of the last hidden layer (after ReLU): what the output layer weighs. */
  hidden: Float32Array;
  /** The class with the highest score. */
  winner: number;
  /** Unit j's share of the winner's score: hidden[j] × W_out[winner, j]. */
  contributions: Float32Array;
  /** The output layer's bias for the winner. */
  bias: number;
  /** The ten class scores (logits), as the model computes them. */
  scores: Float32Array;
  /** softmax(scores). */
  probs: Float32Array;
}

/** A layer's output for one digit: [height, width, channels], channels last (NHWC). */
export interface FeatureMap {
  /** "conv1+relu", "pool1", "conv2+relu", "pool2". */
  name: string;
  shape: [number, number, number];
  data: Float32Array;
}

/** One digit through the CNN. */
export interface CnnLayout {
  /** The first convolution's filters: one k × k image (row-major) per output channel. */
  filters: Float32Array[];
  /** The largest |filter weight|: all filters are drawn on [−scale, scale]. */
  filterScale: number;
  /** The kernel size k. */
  kernel: number;
  input: Float32Array;
  maps: FeatureMap[];
  winner: number;
  probs: Float32Array;
  /**
   * How much the winner's score drops when one channel of the last pooled map is set to zero
   * (one value per channel; positive: the channel pushed the prediction up).
   */
  channelEffect: Float32Array;
}

/** The training digits that excite each hidden unit most. */
export interface TopDigits {
  /** Per hidden unit: the indices of its top training digits, most exciting first. */
  indices: Int32Array[];
  /** Per hidden unit: those digits' activations (before ReLU), in the same order. */
  activations: Float32Array[];
}

type Engine = typeof defaultEngine;

function sequential({ nn }: Engine, model: nn.Module): nn.Sequential {
  if (!(model instanceof nn.Sequential)) throw new Error("inside: the model is not a Sequential");
  return model;
}

function linears(e: Engine, model: nn.Module): nn.Linear[] {
  return sequential(e, model).layers.filter((l): l is nn.Linear => l instanceof e.nn.Linear);
}

function isMlp(e: Engine, model: nn.Module): boolean {
  return !sequential(e, model).layers.some((l) => l instanceof e.nn.Conv2d);
}

function requireMlp(e: Engine, model: nn.Module, what: string): void {
  if (!isMlp(e, model)) throw new Error(`${what}: the model is a CNN; this view is for the MLP`);
}

function requireCnn(e: Engine, model: nn.Module, what: string): void {
  if (isMlp(e, model)) throw new Error(`${what}: the model is an MLP; this view is for the CNN`);
}

function checkPixels(pixels: unknown, what: string): Float32Array {
  if (!(pixels instanceof Float32Array) || pixels.length !== 784) {
    throw new Error(`${what}: expected 784 pixels (a Float32Array of a 28 × 28 image in [0, 1])`);
  }
  return pixels;
}

function normalized(pixels: Float32Array, norm: Normalization): Float32Array {
  return pixels.map((v) => (v - norm.mean) / norm.std);
}

function softmax(scores: Float32Array): Float32Array {
  const max = Math.max(...scores);
  const e = Array.from(scores, (s) => Math.exp(s - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return Float32Array.from(e, (v) => v / sum);
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Runs `layers` on `x`, keeping every output (the caller frees them). */
function runLayers(layers: nn.Module[], x: Tensor): Tensor[] {
  const outs: Tensor[] = [];
  let y = x;
  for (const layer of layers) {
    y = layer.forward(y);
    outs.push(y);
  }
  return outs;
}

function free(tensors: Tensor[]): void {
  for (const t of tensors) t.dispose();
}

/** The first Linear layer's weights as one 784-value image per hidden unit. */
export async function mlpWeights(
  model: nn.Module,
  e: Engine = defaultEngine,
): Promise<MlpWeights> {
  requireMlp(e, model, "weights");
  const first = linears(e, model)[0];
  const [hidden, inputs] = first.weight.shape;
  const w = await first.weight.values() as Float32Array;
  const units = Array.from({ length: hidden }, (_, j) => w.slice(j * inputs, (j + 1) * inputs));
  let scale = 0;
  for (const v of w) scale = Math.max(scale, Math.abs(v));
  return { units, scale };
}

/** One digit (784 pixels in [0, 1]) through the MLP, laid out. */
export async function forwardMlp(
  model: nn.Module,
  pixels: unknown,
  norm: Normalization = MNIST_NORMALIZATION,
  e: Engine = defaultEngine,
): Promise<ForwardLayout> {
  requireMlp(e, model, "forward");
  const input = normalized(checkPixels(pixels, "forward"), norm);
  const layers = sequential(e, model).layers;
  const last = layers[layers.length - 1];
  if (!(last instanceof e.nn.Linear)) throw new Error("forward: the last layer is not Linear");
  const x = e.tensor(input, [1, 784]);
  const outs = e.noGrad(() => runLayers(layers, x));
  try {
    // What the output layer weighs: the input of the last layer (the last hidden activations).
    const hiddenT = outs.length >= 2 ? outs[outs.length - 2] : x;
    // Every read is started before the first wait: the values are the model's at this moment.
    const [hiddenV, scoresV, weight, biasV] = await Promise.all([
      hiddenT.values(),
      outs[outs.length - 1].values(),
      last.weight.values(),
      last.bias?.values(),
    ]);
    const hidden = Float32Array.from(hiddenV);
    const scores = Float32Array.from(scoresV);
    const winner = argmax(scores);
    const n = hidden.length;
    const row = (weight as Float32Array).subarray(winner * n, (winner + 1) * n);
    const contributions = Float32Array.from(hidden, (a, j) => a * row[j]);
    const bias = biasV ? biasV[winner] : 0;
    return { input, hidden, winner, contributions, bias, scores, probs: softmax(scores) };
  } finally {
    free([x, ...outs]);
  }
}

/**
 * For each unit of the MLP's first hidden layer, the `k` training digits with the highest
 * activation (the first `limit` training digits are scored, all by default).
 */
export async function topExciting(
  model: nn.Module,
  train: Digits,
  k = 8,
  limit = train.count,
  norm: Normalization = MNIST_NORMALIZATION,
  e: Engine = defaultEngine,
): Promise<TopDigits> {
  requireMlp(e, model, "top digits");
  if (!Number.isInteger(k) || k < 1) throw new Error(`top digits: k must be ≥ 1, got ${k}`);
  const first = linears(e, model)[0];
  const hidden = first.weight.shape[0];
  const count = Math.min(limit, train.count);
  // Per unit, the best k so far as (activation, index), kept sorted, highest first.
  const bestA = Array.from({ length: hidden }, () => new Float32Array(k).fill(-Infinity));
  const bestI = Array.from({ length: hidden }, () => new Int32Array(k).fill(-1));
  for (const [start, end] of batchRanges(count, 500)) {
    const idx = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const { x } = normalizedBatch(train, idx, norm);
    const xt = e.tensor(x, [idx.length, 784]);
    const y = e.noGrad(() => first.forward(xt));
    let a: Float32Array;
    try {
      a = Float32Array.from(await y.values());
    } finally {
      free([xt, y]);
    }
    for (let r = 0; r < idx.length; r++) {
      for (let j = 0; j < hidden; j++) {
        const v = a[r * hidden + j], ba = bestA[j], bi = bestI[j];
        if (v <= ba[k - 1]) continue;
        let p = k - 1;
        while (p > 0 && ba[p - 1] < v) {
          ba[p] = ba[p - 1];
          bi[p] = bi[p - 1];
          p--;
        }
        ba[p] = v;
        bi[p] = idx[r];
      }
    }
  }
  const n = Math.min(k, count);
  return {
    indices: bestI.map((i) => i.slice(0, n)),
    activations: bestA.map((a) => a.slice(0, n)),
  };
}

/** The names of the feature maps `cnnLayout` returns, in order. */
export const FEATURE_MAP_NAMES = ["conv1+relu", "pool1", "conv2+relu", "pool2"];

/** One digit through the CNN: its first-layer filters, the feature maps and the prediction. */
export async function cnnLayout(
  model: nn.Module,
  pixels: unknown,
  norm: Normalization = MNIST_NORMALIZATION,
  e: Engine = defaultEngine,
): Promise<CnnLayout> {
  requireCnn(e, model, "feature maps");
  const input = normalized(checkPixels(pixels, "feature maps"), norm);
  const layers = sequential(e, model).layers;
  const conv1 = layers[0];
  if (!(conv1 instanceof e.nn.Conv2d) || !(layers[6] instanceof e.nn.Flatten)) {
    throw new Error("feature maps: expected conv, relu, pool, conv, relu, pool, flatten, …");
  }
  const [k, , , c1] = conv1.weight.shape;
  const x = e.tensor(input, [1, 28, 28, 1]);
  const outs = e.noGrad(() => runLayers(layers, x));
  // Each channel of pool2 set to zero in turn: [1, h, w, c] times a [c, 1, 1, c] mask with one
  // zero per row, one batch of c through the layers after it — on the device, with the first pass.
  const c = outs[5].shape[3];
  const keep = new Float32Array(c * c).fill(1);
  for (let off = 0; off < c; off++) keep[off * c + off] = 0;
  const keepT = e.tensor(keep, [c, 1, 1, c]);
  const masked = e.noGrad(() => outs[5].mul(keepT));
  const headOuts = e.noGrad(() => runLayers(layers.slice(6), masked));
  try {
    // Every read is started before the first wait: the values are the model's at this moment.
    const [w, ...read] = await Promise.all([
      conv1.weight.values(), // [k, k, 1, c1]
      // After conv1's ReLU (1), pool1 (2), conv2's ReLU (4), pool2 (5); the scores; the masked.
      ...[1, 2, 4, 5, outs.length - 1].map((i) => outs[i].values()),
      headOuts[headOuts.length - 1].values(),
    ]);
    const filters = Array.from(
      { length: c1 },
      (_, ch) => Float32Array.from({ length: k * k }, (_, p) => w[p * c1 + ch]),
    );
    let filterScale = 0;
    for (const v of w) filterScale = Math.max(filterScale, Math.abs(v));
    const maps = [1, 2, 4, 5].map((i, n): FeatureMap => {
      const [, mh, mw, mc] = outs[i].shape;
      return { name: FEATURE_MAP_NAMES[n], shape: [mh, mw, mc], data: Float32Array.from(read[n]) };
    });
    const scores = Float32Array.from(read[4]);
    const winner = argmax(scores);
    const s = read[5];
    const channelEffect = Float32Array.from(
      { length: c },
      (_, off) => scores[winner] - s[off * 10 + winner],
    );
    return {
      filters,
      filterScale,
      kernel: k,
      input,
      maps,
      winner,
      probs: softmax(scores),
      channelEffect,
    };
  } finally {
    free([x, ...outs, keepT, masked, ...headOuts]);
  }
}
