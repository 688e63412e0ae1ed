/**
 * The learning-rate range test's arithmetic (no engine: the island and the exercise checker use
 * it too): the rate of each step, the smoothing, and what the curve says.
 */

export interface RangeSettings {
  /** First and last learning rate; the rate is multiplied by the same factor every step. */
  lrMin: number;
  lrMax: number;
  steps: number;
  seed: number;
}

export const RANGE_DEFAULTS: RangeSettings = { lrMin: 1e-5, lrMax: 1, steps: 100, seed: 1 };

/** The settings with defaults, clamped: rates in [1e-7, 10] (min < max), 10 to 300 steps. */
export function rangeSettings(p: Partial<RangeSettings>): RangeSettings {
  const num = (key: keyof RangeSettings) => {
    const v = p[key] ?? RANGE_DEFAULTS[key];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`range test: ${key} must be a number, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  const lrMin = clamp(num("lrMin"), 1e-7, 1);
  const lrMax = clamp(num("lrMax"), lrMin * 10, 10);
  return {
    lrMin,
    lrMax,
    steps: Math.round(clamp(num("steps"), 10, 300)),
    seed: Math.round(clamp(num("seed"), 0, 2 ** 31)),
  };
}

/** The rate of step `i` (0-based): lrMin · (lrMax / lrMin)^(i / (steps − 1)). */
export function rangeLr(s: RangeSettings, i: number): number {
  return s.lrMin * (s.lrMax / s.lrMin) ** (i / (s.steps - 1));
}

/** Exponential average of the losses with weight `beta` on the past, bias-corrected (Adam's). */
export function smoothLosses(losses: readonly number[], beta = 0.9): number[] {
  let avg = 0;
  return losses.map((l, i) => {
    avg = beta * avg + (1 - beta) * l;
    return avg / (1 - beta ** (i + 1));
  });
}

/** The rate at the lowest smoothed loss, and the rate a tenth of it (Smith's rule of thumb). */
export function rangeReading(lrs: readonly number[], smoothed: readonly number[]) {
  let best = 0;
  smoothed.forEach((l, i) => {
    if (l < smoothed[best]) best = i;
  });
  return { lrAtMin: lrs[best], minLoss: smoothed[best], suggested: lrs[best] / 10 };
}

/**
 * The learning-rate sweep the lesson draws from claims/claims.json (experiment "training.sweep",
 * run by `deno task claims`): the curves' MLP without regularization, Adam at each rate, seeds
 * 1–3, on the first `trainSize` training digits; chosen on validation accuracy.
 */
export const SWEEP = {
  lrs: [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2],
  trainSize: 1000,
  epochs: 5,
  batchSize: 50,
} as const;

/** The claim names of rate `i` of the sweep: `training.sweep.<i>.val.{s1,s2,s3,mean,sd}`. */
export function sweepClaim(i: number, what: "mean" | "sd" | "s1" | "s2" | "s3"): string {
  return `training.sweep.${i}.val.${what}`;
}

/** Standard error (in points) of an accuracy `p` (a fraction) measured on `n` digits. */
export function accuracyStandardError(p: number, n: number): number {
  return 100 * Math.sqrt((p * (1 - p)) / n);
}
