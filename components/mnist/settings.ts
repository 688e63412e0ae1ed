/**
 * The lesson's models and settings as plain data, for the islands' first render (server and
 * hydration). The defaults are the command line's own `MNIST_DEFAULTS`, imported from
 * mnist/spec.ts, which holds no engine and no tfjs, so tfjs stays out of the islands'
 * first bundle. The models themselves, their training and their weights files are
 * `mnist/` (`models.ts`, `train.ts`, `weights.ts`), shared with `deno task mnist`.
 */
import {
  CNN_DEFAULTS,
  type CnnSpec,
  type FullModelSpec,
  MNIST_DEFAULTS,
  type ModelSpec,
} from "../../mnist/spec.ts";
import { SHIPPED_SPLIT } from "../../mnist/dataset.ts";
import type { LossName, RunSettings } from "../../mnist/train.ts";

export type { CnnSpec, FullModelSpec, ModelSpec };

/** The lesson's (and the command line's) default model and training settings per model kind. */
export const LESSON_DEFAULTS = MNIST_DEFAULTS;

/** A CNN spec with the fields a weights file may leave out filled in, as `fullSpec` does. */
function cnnOf(spec: CnnSpec): Required<CnnSpec> {
  return {
    kind: "cnn",
    channels: spec.channels ?? CNN_DEFAULTS.channels,
    kernel: spec.kernel ?? CNN_DEFAULTS.kernel,
    hidden: spec.hidden ?? CNN_DEFAULTS.hidden,
  };
}

/** Parameters of each layer with weights: `[label, count]`. */
export function layerCounts(spec: ModelSpec): [string, number][] {
  if (spec.kind === "cnn") {
    const { channels: [c1, c2], kernel: k, hidden } = cnnOf(spec);
    // Each valid convolution takes k − 1 pixels off a side; each 2×2 pool halves it.
    const side = Math.floor((Math.floor((28 - k + 1) / 2) - k + 1) / 2);
    const flat = side * side * c2;
    const out: [string, number][] = [
      [`conv 1→${c1} ${k}×${k}`, c1 * (k * k + 1)],
      [`conv ${c1}→${c2} ${k}×${k}`, c2 * (k * k * c1 + 1)],
    ];
    if (hidden > 0) out.push([`linear ${flat}→${hidden}`, hidden * (flat + 1)]);
    out.push([`linear ${hidden > 0 ? hidden : flat}→10`, 10 * ((hidden > 0 ? hidden : flat) + 1)]);
    return out;
  }
  const sizes = [784, ...(spec.hidden ?? [128]), 10];
  return sizes.slice(1).map((n, i) => [`linear ${sizes[i]}→${n}`, n * (sizes[i] + 1)]);
}

/**
 * Total parameters: 101,770 for the lesson's MLP 784-128-10, 203,530 for 784-256-10, 212,426 for the
 * lesson's CNN (3×3, 16 and 32 channels, 256 hidden), 5,258 for `{ kind: "cnn" }` (8 and 16).
 */
export function paramCount(spec: ModelSpec): number {
  return layerCounts(spec).reduce((s, [, n]) => s + n, 0);
}

/** "MLP 784-128-10", "CNN 3×3 16-32-256" (the lesson's: channels, then the hidden layer). */
export function specName(spec: ModelSpec): string {
  if (spec.kind === "mlp") return `MLP ${[784, ...(spec.hidden ?? [128]), 10].join("-")}`;
  const s = cnnOf(spec);
  return `CNN ${s.kernel}×${s.kernel} ${
    [...s.channels, ...(s.hidden ? [s.hidden] : [])].join("-")
  }`;
}

/** Hidden layer choices the trainer offers for the MLP. */
export const HIDDEN_CHOICES: number[][] = [[32], [64], [128], [256], [128, 64], [256, 128]];
export const BATCH_CHOICES = [16, 32, 64, 128, 256];
/** Learning rates offered (0.004 is the CNN's default; a rate from the URL is added to them). */
export const LR_CHOICES = [0.0001, 0.0003, 0.001, 0.003, 0.004, 0.01, 0.03, 0.1, 0.3, 1];
/** Augmentation: shift each training image by up to this many pixels. */
export const SHIFT_CHOICES = [0, 1, 2];

export type OptimizerName = "adam" | "sgd";

/** Everything a run depends on (mnist/train.ts): the training settings, the model, the loss. */
export type { LossName, RunSettings };

/** The page's settings for a model kind: the lesson's defaults, cross-entropy. */
export function defaultSettings(kind: "mlp" | "cnn"): RunSettings {
  const d = LESSON_DEFAULTS[kind];
  return { ...d.train, spec: d.model, loss: "crossEntropy" };
}

/** Steps of a run over the shipped training digits (the last batch of an epoch may be short). */
export const stepsOf = (s: RunSettings) => s.epochs * Math.ceil(SHIPPED_SPLIT.train / s.batchSize);
