/**
 * Lesson 7, initialization: the schemes the figure compares, the standard deviation each one
 * draws a weight with, and the statistics of a layer's values (standard deviation, histogram).
 * Plain numbers only: the trainer (`init_trainer.ts`), the float64 reference
 * (`init_reference.ts`), the island and the exercise's checker all use these.
 *
 * The argument the figure checks: a unit of a Linear layer sums n = fanIn products w·x of
 * independent, zero-mean terms, so Var(Σ w·x) = n·Var(w)·Var(x). A weight std of 1/√n keeps the
 * variance through a linear layer; tanh is about linear near 0 (Xavier: 2/(fanIn + fanOut), which
 * is 1/n for square layers); ReLU zeroes half of its input, halving the second moment, which a
 * std of √(2/n) makes up (He).
 */

/** The schemes the figure compares, in the order it shows them; "custom" is the reader's gain. */
export const INIT_SCHEMES = ["zeros", "small", "large", "xavier", "he", "custom"] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];

export type Activation = "tanh" | "relu";
export const ACTIVATIONS: readonly Activation[] = ["tanh", "relu"];

/** The "too small" scheme's std: N(0, 0.01²), the classic small random start. */
export const SMALL_STD = 0.01;
/** The "too large" scheme's std: N(0, 1). */
export const LARGE_STD = 1;

/** Bounds of the figure's inputs (props, URL and the exercise check them). */
export const INIT_LIMITS = {
  depth: { min: 2, max: 20 },
  width: { min: 8, max: 128 },
  gain: { min: 0, max: 4 },
  batch: { min: 16, max: 512 },
} as const;

/**
 * The std of the normal distribution a weight of shape [fanOut, fanIn] is drawn from. Written
 * as `nn.init` computes it (engine/init.ts), so a reference that draws with this std draws the
 * same float32 numbers: Xavier gain·√(2/(fanIn+fanOut)) with gain 1, He √2/√fanIn (PyTorch's
 * gain for a ReLU, fan_in mode), custom gain/√fanIn.
 */
export function schemeStd(scheme: InitScheme, fanIn: number, fanOut: number, gain = 1): number {
  switch (scheme) {
    case "zeros":
      return 0;
    case "small":
      return SMALL_STD;
    case "large":
      return LARGE_STD;
    case "xavier":
      return 1 * Math.sqrt(2 / (fanIn + fanOut));
    case "he":
      return Math.sqrt(2 / (1 + 0 * 0)) / Math.sqrt(fanIn);
    case "custom":
      return gain / Math.sqrt(fanIn);
  }
}

/** Population mean and standard deviation of `values` (accumulated in float64). */
export function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(ss / n) };
}

/** A histogram: `counts[k]` values fell in [lo + k·w, lo + (k+1)·w), w = (hi − lo)/bins. */
export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
}

/**
 * Counts of `values` in `bins` equal bins over [−range, range] (values outside go to the end
 * bins, so no value is lost). A range of 0 or less (every value 0) becomes 1.
 */
export function histogram(values: ArrayLike<number>, range: number, bins: number): Histogram {
  const r = range > 0 && Number.isFinite(range) ? range : 1;
  const counts = new Array(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const k = Math.floor(((v + r) / (2 * r)) * bins);
    counts[Math.max(0, Math.min(bins - 1, k))]++;
  }
  return { lo: -r, hi: r, counts };
}

/**
 * The range a scheme's histograms share (every layer on one axis, so shrinking and growing show):
 * three times the largest std over the layers, but no wider than the values go.
 */
export function sharedRange(stds: number[], maxAbs: number[]): number {
  const s = Math.max(0, ...stds.filter(Number.isFinite));
  const m = Math.max(0, ...maxAbs.filter(Number.isFinite));
  return Math.min(3 * s, m) || m || 1;
}

/** What the figure measures at step 0 for one scheme: per hidden layer, activations and gradients. */
export interface LayerStats {
  /** Std of each hidden layer's output h_l (after the nonlinearity), layer 1 first. */
  act: number[];
  /** Std of ∂L/∂h_l for each hidden layer. */
  grad: number[];
  /** Std of each hidden layer's pre-activation z_l = W_l·h_{l−1} (before the nonlinearity). */
  pre: number[];
  /** Mean square E[h_{l−1}²] of each hidden layer's input (layer 1: the pixels). */
  inSq: number[];
  /** The loss on the measured batch. */
  loss: number;
}

/**
 * The variance argument layer by layer, for a layer that gets inputs of second moment `q` and
 * has weights of std σ and fan-in n: the pre-activation variance n·σ²·q. The figure prints it
 * next to what it measured (for ReLU, q is the mean square of the previous layer's output).
 */
export function predictedPreVariance(fanIn: number, std: number, inputSecondMoment: number) {
  return fanIn * std * std * inputSecondMoment;
}

/** Mean of the squares of `values` (float64). */
export function meanSquare(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return values.length ? s / values.length : NaN;
}

/**
 * The exercise's measure: Var(last hidden layer) / Var(first), from the layers' stds (NaN when
 * the first is 0: nothing to keep).
 */
export function varianceRatio(act: number[]): number {
  const first = act[0], last = act[act.length - 1];
  if (!(first > 0) || !Number.isFinite(last)) return NaN;
  return (last / first) ** 2;
}

/** The exercise "training-init-depth": 20 hidden layers, last/first variance within 2×. */
export const INIT_TASK = { depth: 20, maxRatio: 2 } as const;
