/**
 * The lesson's models and settings as plain data, for the islands' first render (server and
 * hydration) — no engine here, so tfjs stays out of the islands' first bundle. The models
 * themselves, their training and their weights files are `engine/mnist/` (`models.ts`,
 * `train.ts`, `weights.ts`), shared with the command line (`deno task mnist`).
 *
 * `LESSON_DEFAULTS` mirrors `MNIST_DEFAULTS` of engine/mnist/models.ts value for value:
 * importing that constant here would pull the engine and tfjs (≈280 kB) into every island of
 * the page, because models.ts imports the engine. tests/components/mnist_spec.test.ts checks the
 * two are deep-equal, and the parameter counts below against the engine's built models.
 */
import type {
  CnnSpec,
  FullModelSpec,
  ModelSpec,
  TrainSettings as EngineTrainSettings,
} from "../../engine/mnist/models.ts";

export type { CnnSpec, FullModelSpec, ModelSpec };

/** The lesson's (and the command line's) default model and training settings per model kind. */
export const LESSON_DEFAULTS: {
  mlp: { model: FullModelSpec; train: EngineTrainSettings };
  cnn: { model: FullModelSpec; train: EngineTrainSettings };
} = {
  mlp: {
    model: { kind: "mlp", hidden: [256] },
    train: {
      optimizer: "adam",
      lr: 1e-3,
      lrDecay: 1,
      momentum: 0.9,
      batchSize: 32,
      epochs: 5,
      maxShift: 1,
      seed: 1,
    },
  },
  cnn: {
    model: { kind: "cnn", channels: [16, 32], kernel: 3, hidden: 128 },
    train: {
      optimizer: "adam",
      lr: 3e-3,
      lrDecay: 0.5,
      momentum: 0.9,
      batchSize: 64,
      epochs: 5,
      maxShift: 1,
      seed: 1,
    },
  },
};

/**
 * A CNN spec's missing fields, as engine/mnist/models.ts `fullSpec` fills them (a weights file
 * stores only the fields that differ from these): 3×3 kernels, 8 and 16 channels, no hidden layer.
 */
const CNN_SPEC_DEFAULTS = { channels: [8, 16] as [number, number], kernel: 3, hidden: 0 };

function cnnOf(spec: CnnSpec): Required<CnnSpec> {
  return {
    kind: "cnn",
    channels: spec.channels ?? CNN_SPEC_DEFAULTS.channels,
    kernel: spec.kernel ?? CNN_SPEC_DEFAULTS.kernel,
    hidden: spec.hidden ?? CNN_SPEC_DEFAULTS.hidden,
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
 * Total parameters: 203,530 for the MLP 784-256-10, 101,770 for 784-128-10, 108,618 for the
 * lesson's CNN (3×3, 16 and 32 channels, 128 hidden), 5,258 for `{ kind: "cnn" }` (8 and 16).
 */
export function paramCount(spec: ModelSpec): number {
  return layerCounts(spec).reduce((s, [, n]) => s + n, 0);
}

/** "MLP 784-256-10", "CNN 3×3 16-32-128" (the lesson's: channels, then the hidden layer). */
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
export const LR_CHOICES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
/** Augmentation: shift each training image by up to this many pixels. */
export const SHIFT_CHOICES = [0, 1, 2];

export type LossName = "crossEntropy" | "mse";
export type OptimizerName = "adam" | "sgd";

/** Everything a run in the page depends on: the engine's settings, the model and the loss. */
export interface TrainSettings extends EngineTrainSettings {
  spec: ModelSpec;
  loss: LossName;
}

/** The page's settings for a model kind: the lesson's defaults, cross-entropy. */
export function defaultSettings(kind: "mlp" | "cnn"): TrainSettings {
  const d = LESSON_DEFAULTS[kind];
  return { ...d.train, spec: d.model, loss: "crossEntropy" };
}
