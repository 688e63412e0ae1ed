/** The learning-curve runs by name and their settings (no engine: islands and stores import it). */
/** The runs the figure can overlay: no regularizer, each one alone, then all four together. */
export const REGULARIZERS = [
  "none",
  "weightDecay",
  "dropout",
  "earlyStop",
  "augment",
  "all",
] as const;
export type Regularizer = (typeof REGULARIZERS)[number];

/** The run's size and optimizer (Adam at a constant rate). */
export interface CurvesSettings {
  /** Training digits: the first `trainSize` of the shipped training split. */
  trainSize: number;
  epochs: number;
  batchSize: number;
  lr: number;
  hidden: number;
  seed: number;
}

export const CURVES_DEFAULTS: CurvesSettings = {
  trainSize: 500,
  epochs: 30,
  batchSize: 50,
  lr: 1e-3,
  hidden: 128,
  seed: 1,
};

/** Steps of `runs` runs: every run takes all its epochs' steps (an early stop idles the rest). */
export function curvesSteps(
  runs: number,
  s: Pick<CurvesSettings, "epochs" | "trainSize" | "batchSize">,
): number {
  return runs * s.epochs * Math.ceil(s.trainSize / s.batchSize);
}
