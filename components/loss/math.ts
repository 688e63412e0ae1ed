/**
 * Lesson 3's pure math, in plain JavaScript numbers (float64): the seeded noisy points the
 * islands fit, the three regression losses and their closed-form derivatives with respect to a
 * and b (the formulas the lesson prints, which the islands show next to the engine's
 * `backward()`), the learning-rate limit of the MSE bowl, and softmax / NLL / MSE for the
 * classifier. The engine does the training; this module only gives the reference numbers and
 * the server render something true to show.
 */
import { Generator } from "../../engine/random.ts";

export type LossKind = "mse" | "mae" | "huber";
export const LOSS_KINDS: readonly LossKind[] = ["mse", "mae", "huber"];

/** Parse a loss name from the URL or props, falling back to MSE. */
export function lossKind(value: unknown): LossKind {
  return LOSS_KINDS.includes(value as LossKind) ? value as LossKind : "mse";
}

/** The line the noisy points come from, and where gradient descent starts. */
export const TRUE_LINE = { a: 1.2, b: 0.4 };
export const START = { a: -1, b: 2.5 };
/** The x interval of the points. */
export const X_RANGE: [number, number] = [0, 2];

/**
 * LossLandscape's map: a from −2 to 4, b from −3 to 3, L computed on GRID × GRID nodes.
 */
export const LANDSCAPE = {
  a: [-2, 4] as [number, number],
  b: [-3, 3] as [number, number],
  grid: 64,
};

/** The map's nodes, row j (b from low to high) by column i (a from low to high). */
export function landscapeNodes(): { as: Float32Array; bs: Float32Array } {
  const { a, b, grid } = LANDSCAPE;
  const as = new Float32Array(grid * grid), bs = new Float32Array(grid * grid);
  for (let j = 0; j < grid; j++) {
    for (let i = 0; i < grid; i++) {
      as[j * grid + i] = a[0] + ((a[1] - a[0]) * i) / (grid - 1);
      bs[j * grid + i] = b[0] + ((b[1] - b[0]) * j) / (grid - 1);
    }
  }
  return { as, bs };
}

/** Where the reader may place LossFit's points (the fit plot's ranges), and how many. */
export const FIT_X_RANGE: [number, number] = [-0.1, 2.1];
export const FIT_Y_RANGE: [number, number] = [-1, 8];
export const MAX_FIT_POINTS = 60;

export interface Points {
  xs: number[];
  ys: number[];
  /** Whether point i is one of the added outliers. */
  outlier: boolean[];
}

/**
 * `n` points y = 1.2x + 0.4 + noise (σ = 0.25) with x uniform in [0, 2], sorted by x; with
 * `outliers`, three more points far above the line at the right end (x = 1.7, 1.85, 2),
 * where they also tilt a least-squares line. Same seed, same points, on every machine.
 */
export function makePoints(n: number, outliers: boolean, seed = 3): Points {
  const g = new Generator(seed);
  const xs = Array.from(g.uniform(n, X_RANGE[0], X_RANGE[1]));
  const noise = g.normal(n, 0, 0.25);
  const pts = xs.map((x, i) => ({
    x,
    y: TRUE_LINE.a * x + TRUE_LINE.b + noise[i],
    outlier: false,
  }));
  if (outliers) {
    for (const [x, lift] of [[1.7, 4.5], [1.85, 5], [2, 4]]) {
      pts.push({ x, y: TRUE_LINE.a * x + TRUE_LINE.b + lift, outlier: true });
    }
  }
  pts.sort((p, q) => p.x - q.x);
  return {
    xs: pts.map((p) => Math.fround(p.x)),
    ys: pts.map((p) => Math.fround(p.y)),
    outlier: pts.map((p) => p.outlier),
  };
}

/** The per-point cost ℓ(r) of each loss. */
export function pointLoss(kind: LossKind, r: number, delta = 1): number {
  if (kind === "mse") return r * r;
  if (kind === "mae") return Math.abs(r);
  const m = Math.abs(r);
  return m < delta ? 0.5 * r * r : delta * (m - 0.5 * delta);
}

/** dℓ/dr: 2r, sign(r) (0 at 0, as PyTorch), clip(r, −δ, δ). */
export function pointSlope(kind: LossKind, r: number, delta = 1): number {
  if (kind === "mse") return 2 * r;
  if (kind === "mae") return Math.sign(r);
  return Math.max(-delta, Math.min(delta, r));
}

/** L(a, b) = (1/n) Σ ℓ(a xᵢ + b − yᵢ). */
export function lossValue(
  kind: LossKind,
  a: number,
  b: number,
  pts: Pick<Points, "xs" | "ys">,
  delta = 1,
): number {
  let s = 0;
  for (let i = 0; i < pts.xs.length; i++) {
    s += pointLoss(kind, a * pts.xs[i] + b - pts.ys[i], delta);
  }
  return s / pts.xs.length;
}

/** [∂L/∂a, ∂L/∂b] = (1/n) Σ ℓ'(rᵢ)·[xᵢ, 1]: the lesson's formulas. */
export function lossGrad(
  kind: LossKind,
  a: number,
  b: number,
  pts: Pick<Points, "xs" | "ys">,
  delta = 1,
): [number, number] {
  let ga = 0, gb = 0;
  for (let i = 0; i < pts.xs.length; i++) {
    const s = pointSlope(kind, a * pts.xs[i] + b - pts.ys[i], delta);
    ga += s * pts.xs[i];
    gb += s;
  }
  const n = pts.xs.length;
  return [ga / n, gb / n];
}

/**
 * The sums the derivative formulas are made of, so a page can print them with the numbers
 * filled in: ∂L/∂a = c·Σ sᵢxᵢ and ∂L/∂b = c·Σ sᵢ with sᵢ = rᵢ (MSE, c = 2/n), sign(rᵢ) (MAE,
 * c = 1/n) or clip(rᵢ, −δ, δ) (Huber, c = 1/n).
 */
export function gradTerms(
  kind: LossKind,
  a: number,
  b: number,
  pts: Pick<Points, "xs" | "ys">,
  delta = 1,
): { n: number; factor: number; sumA: number; sumB: number } {
  const n = pts.xs.length;
  let sumA = 0, sumB = 0;
  for (let i = 0; i < n; i++) {
    const r = a * pts.xs[i] + b - pts.ys[i];
    const s = kind === "mse" ? r : pointSlope(kind, r, delta);
    sumA += s * pts.xs[i];
    sumB += s;
  }
  return { n, factor: (kind === "mse" ? 2 : 1) / n, sumA, sumB };
}

/**
 * The largest eigenvalue of the MSE loss's Hessian over (a, b), 2·[[mean x², mean x],
 * [mean x, 1]]. Plain gradient descent on the MSE bowl diverges once the learning rate is above
 * 2/λmax. (Huber is ½r² near the bottom: half this curvature, twice the limit.)
 */
export function mseCurvature(xs: readonly number[]): number {
  const n = xs.length;
  const sx = xs.reduce((s, x) => s + x, 0) / n;
  const sxx = xs.reduce((s, x) => s + x * x, 0) / n;
  const half = (sxx + 1) / 2;
  const det = sxx - sx * sx;
  return 2 * (half + Math.sqrt(half * half - det));
}

/** The (a, b) that minimizes the MSE: ordinary least squares. */
export function leastSquares(pts: Pick<Points, "xs" | "ys">): { a: number; b: number } {
  const n = pts.xs.length;
  const mx = pts.xs.reduce((s, x) => s + x, 0) / n;
  const my = pts.ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (pts.xs[i] - mx) * (pts.ys[i] - my);
    sxx += (pts.xs[i] - mx) ** 2;
  }
  const a = sxy / sxx;
  return { a, b: my - a * mx };
}

// ------------------------------------------------------------------ classification

/** softmax(z)ₖ = e^{zₖ − m} / Σⱼ e^{zⱼ − m}. */
export function softmax(z: readonly number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((t, v) => t + v, 0);
  return e.map((v) => v / s);
}

/** −log softmax(z)_y, computed stably as log Σ e^{zⱼ} − z_y. */
export function nll(z: readonly number[], y: number): number {
  const m = Math.max(...z);
  return m + Math.log(z.reduce((t, v) => t + Math.exp(v - m), 0)) - z[y];
}

/** PyTorch's mse_loss of the probabilities against the one-hot target: (1/K) Σ (pₖ − yₖ)². */
export function mseOneHot(z: readonly number[], y: number): number {
  const p = softmax(z);
  return p.reduce((s, pk, k) => s + (pk - (k === y ? 1 : 0)) ** 2, 0) / p.length;
}

/** ∂NLL/∂z = p − onehot(y). */
export function nllGrad(z: readonly number[], y: number): number[] {
  return softmax(z).map((p, k) => p - (k === y ? 1 : 0));
}

/** ∂/∂zⱼ (1/K) Σₖ (pₖ − yₖ)² = (2/K) Σₖ (pₖ − yₖ)·pₖ(δₖⱼ − pⱼ): softmax's slope in every term. */
export function mseOneHotGrad(z: readonly number[], y: number): number[] {
  const p = softmax(z);
  const K = p.length;
  return p.map((pj, j) => {
    let s = 0;
    for (let k = 0; k < K; k++) {
      s += (p[k] - (k === y ? 1 : 0)) * p[k] * ((k === j ? 1 : 0) - pj);
    }
    return (2 / K) * s;
  });
}

// ------------------------------------------------------------------ colour

/** Viridis, sampled at 9 stops: perceptually even, readable by colour-blind readers. */
const VIRIDIS = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

/** The colour at t ∈ [0, 1] (clamped), as [r, g, b] in 0..255. */
export function viridis(t: number): [number, number, number] {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 1)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(u));
  const f = u - i;
  const c0 = VIRIDIS[i], c1 = VIRIDIS[i + 1];
  return [0, 1, 2].map((k) => Math.round(c0[k] + (c1[k] - c0[k]) * f)) as [
    number,
    number,
    number,
  ];
}
