/**
 * The init figure's numbers computed again in float64, without the engine: the same seeded
 * weights (drawn with the engine's `Generator` in the trainer's order, so they are the same
 * float32 numbers), a plain forward pass through the MLP and the chain rule by hand for ∂L/∂h_l.
 * The tests compare the trainer's step-0 statistics with these.
 */
import { Generator } from "../../engine/random.ts";
import {
  type Activation,
  type InitScheme,
  type LayerStats,
  meanSquare,
  meanStd,
  schemeStd,
} from "./init_stats.ts";

export interface MlpShape {
  inputs: number;
  width: number;
  /** Hidden layers. */
  depth: number;
  classes: number;
  activation: Activation;
}

/**
 * The weights of every Linear layer (hidden layers, then the output layer), each [out, in]
 * row-major, drawn as the trainer draws them: one `Generator(seed)` per scheme, layer after
 * layer; biases are 0. Zeros draws nothing.
 */
export function drawWeights(
  shape: MlpShape,
  scheme: InitScheme,
  seed: number,
  gain = 1,
): Float32Array[] {
  const gen = new Generator(seed);
  const sizes = layerSizes(shape);
  return sizes.map(([fanIn, fanOut]) => {
    const n = fanIn * fanOut;
    return scheme === "zeros"
      ? new Float32Array(n)
      : gen.normal(n, 0, schemeStd(scheme, fanIn, fanOut, gain));
  });
}

/** [fanIn, fanOut] of each Linear layer. */
export function layerSizes(s: MlpShape): [number, number][] {
  const sizes: [number, number][] = [[s.inputs, s.width]];
  for (let l = 1; l < s.depth; l++) sizes.push([s.width, s.width]);
  sizes.push([s.width, s.classes]);
  return sizes;
}

/**
 * Step-0 statistics in float64: the std of each hidden layer's output and of ∂L/∂h_l, with L
 * the mean cross-entropy over the batch (as `F.crossEntropy`).
 */
export function referenceStats(
  x: ArrayLike<number>,
  labels: ArrayLike<number>,
  shape: MlpShape,
  weights: Float32Array[],
): LayerStats {
  const B = labels.length;
  const act = shape.activation === "tanh" ? Math.tanh : (v: number) => Math.max(0, v);
  // Forward: keep every hidden output h_l (B × width).
  const hs: Float64Array[] = [];
  const zs: Float64Array[] = [];
  const inSq: number[] = [];
  let input: ArrayLike<number> = x;
  const sizes = layerSizes(shape);
  for (let l = 0; l < sizes.length; l++) {
    const [fanIn, fanOut] = sizes[l];
    const W = weights[l];
    const out = new Float64Array(B * fanOut);
    const pre = new Float64Array(B * fanOut);
    for (let b = 0; b < B; b++) {
      for (let o = 0; o < fanOut; o++) {
        let z = 0;
        for (let i = 0; i < fanIn; i++) z += input[b * fanIn + i] * W[o * fanIn + i];
        pre[b * fanOut + o] = z;
        out[b * fanOut + o] = l < shape.depth ? act(z) : z;
      }
    }
    if (l < shape.depth) {
      inSq.push(meanSquare(input));
      hs.push(out);
      zs.push(pre);
    }
    input = out;
  }
  // The loss and ∂L/∂logits = (softmax − onehot)/B.
  const logits = input as Float64Array, C = shape.classes;
  let loss = 0;
  let g = new Float64Array(B * C);
  for (let b = 0; b < B; b++) {
    const row = logits.subarray(b * C, (b + 1) * C);
    const m = Math.max(...row);
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(row[c] - m);
    loss += -(row[labels[b]] - m - Math.log(z)) / B;
    for (let c = 0; c < C; c++) {
      g[b * C + c] = (Math.exp(row[c] - m) / z - (c === labels[b] ? 1 : 0)) / B;
    }
  }
  // Backward: ∂L/∂h_l = W_{l+1}ᵀ δ_{l+1}, δ_l = ∂L/∂h_l ⊙ act'(z_l).
  const grads: Float64Array[] = new Array(shape.depth);
  for (let l = sizes.length - 1; l >= 1; l--) {
    const [fanIn, fanOut] = sizes[l];
    const W = weights[l];
    const gh = new Float64Array(B * fanIn);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < fanIn; i++) {
        let s = 0;
        for (let o = 0; o < fanOut; o++) s += g[b * fanOut + o] * W[o * fanIn + i];
        gh[b * fanIn + i] = s;
      }
    }
    grads[l - 1] = gh;
    // δ for the layer below: times the nonlinearity's slope at h (tanh: 1 − h², ReLU: h > 0).
    const h = hs[l - 1];
    const delta = new Float64Array(gh.length);
    for (let k = 0; k < gh.length; k++) {
      delta[k] = gh[k] * (shape.activation === "tanh" ? 1 - h[k] * h[k] : h[k] > 0 ? 1 : 0);
    }
    g = delta;
  }
  return {
    act: hs.map((h) => meanStd(h).std),
    grad: grads.map((h) => meanStd(h).std),
    pre: zs.map((z) => meanStd(z).std),
    inSq,
    loss,
  };
}

/** `v` as prose writes it: 0.81 or 43 plainly, a power of ten outside 0.01–1000 (1.2 × 10⁻¹²). */
export function sci(v: number, digits = 1): string {
  if (Math.abs(v) >= 0.01 && Math.abs(v) < 1000) return v.toPrecision(digits + 1);
  const [m, e] = v.toExponential(digits).split("e");
  const sup = (s: string) =>
    [...s.replace("+", "")].map((c) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(c)] ?? (c === "-" ? "⁻" : c)).join("");
  return `${m} × 10${sup(e)}`;
}

/**
 * The numbers the lesson's prose states about the figure (claims "training.init.*"): the
 * figure's networks (64 units, seed 1) on its batch (the first 256 validation digits,
 * normalized), in float64.
 */
export function initClaimValues(x: ArrayLike<number>, labels: ArrayLike<number>) {
  const shape = (activation: Activation, depth: number): MlpShape => ({
    inputs: 784,
    width: 64,
    depth,
    classes: 10,
    activation,
  });
  const run = (activation: Activation, scheme: InitScheme, depth = 10, gain = 1) => {
    const s = shape(activation, depth);
    return referenceStats(x, labels, s, drawWeights(s, scheme, 1, gain));
  };
  const last = (v: number[]) => v[v.length - 1];
  const ratio = (r: LayerStats) => (last(r.act) / r.act[0]) ** 2;
  // Var(z) measured over predicted, every layer of every random scheme, both nonlinearities.
  const varRatios: number[] = [];
  const out: Record<string, { value: number | string; digits?: number }> = {};
  for (const activation of ["relu", "tanh"] as const) {
    for (const scheme of ["small", "large", "xavier", "he"] as const) {
      const r = run(activation, scheme);
      const sizes = layerSizes(shape(activation, 10));
      r.pre.forEach((p, l) => {
        const [fanIn, fanOut] = sizes[l];
        varRatios.push((p * p) / (fanIn * schemeStd(scheme, fanIn, fanOut) ** 2 * r.inSq[l]));
      });
      const key = `training.init.${activation}.${scheme}`;
      out[`${key}.first`] = { value: sci(r.act[0]) };
      out[`${key}.last`] = { value: sci(last(r.act)) };
      out[`${key}.gradFirst`] = { value: sci(r.grad[0]) };
      out[`${key}.gradLast`] = { value: sci(last(r.grad)) };
    }
  }
  out["training.init.var.min"] = { value: Math.min(...varRatios), digits: 2 };
  out["training.init.var.max"] = { value: Math.max(...varRatios), digits: 2 };
  out["training.init.relu.he.ratio20"] = { value: ratio(run("relu", "he", 20)), digits: 2 };
  out["training.init.tanh.xavier.ratio20"] = { value: ratio(run("tanh", "xavier", 20)), digits: 3 };
  out["training.init.tanh.gain53.ratio20"] = {
    value: ratio(run("tanh", "custom", 20, 5 / 3)),
    digits: 2,
  };
  return out;
}
