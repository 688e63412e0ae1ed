/**
 * The settings of lesson 7's "same optimizers on MNIST" (claims experiment "training.optmnist",
 * run by optmnist_run.ts) and the names of its claims. No engine: the island OptimizersMnist
 * imports this.
 */

export const OPTMNIST_NAMES = ["sgd", "momentum", "rmsprop", "adam"] as const;
export type OptMnistName = typeof OPTMNIST_NAMES[number];

/** The settings the claims were computed with (the caption states them). */
export const OPTMNIST = {
  steps: 600,
  batchSize: 64,
  hidden: 128,
  /** A curve point every `every` steps (and one at step 1). */
  every: 20,
  /** Smoothing of the per-step losses (exponential average, weight on the past). */
  beta: 0.9,
  /**
   * Momentum's rate was chosen between 0.01 and 0.1 by one try, seed 1, on validation: 93.6%
   * at 0.01 against 92.3% at 0.1, whose curve was also the noisier (0.01 with β = 0.9 takes full
   * steps of η/(1 − β) = 0.1, SGD's).
   */
  lr: { sgd: 0.1, momentum: 0.01, rmsprop: 1e-3, adam: 1e-3 } as Record<OptMnistName, number>,
} as const;

/** The steps at which a curve point is kept: 1, every, 2·every, …, steps. */
export function optMnistSteps(): number[] {
  const out = [1];
  for (let s = OPTMNIST.every; s <= OPTMNIST.steps; s += OPTMNIST.every) out.push(s);
  return out;
}

/** The claim name of curve point `k` (mean over seeds) of optimizer `name`. */
export function optMnistLossClaim(name: OptMnistName, k: number): string {
  return `training.optmnist.${name}.loss.${k}`;
}
