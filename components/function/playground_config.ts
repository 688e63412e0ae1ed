/**
 * The Playground's URL state (components/islands/Playground.tsx): its keys' bounds, and what the
 * island makes of them (the dataset in use, the features, the regularization).
 */
import { type DatasetName, DATASETS, type RegressionName, REGRESSIONS } from "./datasets.ts";
import { type Feature, FEATURES } from "./features.ts";
import { MAX_CLASSES, MAX_URL_POINTS } from "./points.ts";
import { REG_RATES, type Regularization } from "./playground_trainer.ts";
import {
  ACTIVATIONS,
  BATCHES,
  LRS,
  MAX_LAYERS,
  MAX_NEURONS,
  PROBLEMS,
  REGULARIZATIONS,
} from "./PlaygroundControls.tsx";

/** The data sources: the datasets (classification, regression), or the reader's own points. */
const SOURCES = [...DATASETS, ...REGRESSIONS, "own"] as const;

/** The URL's values, bounded by the controls' ranges and choices. */
export const URL_SCHEMA = {
  ds: { values: SOURCES },
  k: { min: 2, max: MAX_CLASSES, integer: true },
  pts: { pattern: /^[A-Za-z0-9_-]*$/, maxLength: 4 * MAX_URL_POINTS },
  noise: { min: 0, max: 0.5 },
  split: { min: 0.1, max: 0.9 },
  h: { maxLength: MAX_LAYERS, min: 1, max: MAX_NEURONS, integer: true },
  act: { values: ACTIVATIONS },
  opt: { values: ["adam", "sgd"] },
  lr: { values: LRS },
  bs: { values: BATCHES },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
  prob: { values: PROBLEMS },
  f: { maxLength: FEATURES.length, minLength: 1, min: 0, max: FEATURES.length - 1, integer: true },
  reg: { values: REGULARIZATIONS },
  rr: { values: REG_RATES },
};

/** What the island trains, from its URL state. */
export function resolveConfig(cfg: { ds: string; prob: string; f: number[]; reg: string }) {
  const own = cfg.ds === "own" && cfg.prob !== "regression";
  const regression = cfg.prob === "regression";
  const ds: DatasetName | RegressionName = regression
    ? (REGRESSIONS as readonly string[]).includes(cfg.ds) ? cfg.ds as RegressionName : "plane"
    : (DATASETS as readonly string[]).includes(cfg.ds)
    ? cfg.ds as DatasetName
    : "circles";
  const on = [...new Set(cfg.f)].filter((i) => i >= 0 && i < FEATURES.length).sort((a, b) => a - b);
  const features: number[] = on.length ? on : [0, 1];
  const reg = (REGULARIZATIONS as string[]).includes(cfg.reg) ? cfg.reg as Regularization : "none";
  return {
    own,
    regression,
    ds,
    features,
    featureNames: features.map((i) => FEATURES[i]) as Feature[],
    reg,
  };
}
