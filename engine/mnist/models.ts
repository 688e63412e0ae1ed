/**
 * The MNIST lesson's models, built from the engine's `nn` modules, their default training
 * settings, and saving / loading their weights in the format of `weights.ts`.
 *
 * The MLP takes flat images [B, 784]; the CNN takes [B, 28, 28, 1] (NHWC, the engine's Conv2d
 * layout): {@link inputShape}. Parameter names are the layers' indices in the `Sequential`
 * ("0.weight", "0.bias", "2.weight", …), the same as the page's trainer
 * (components/mnist/train.ts) gives them, so weights files move between the two.
 */
import { Generator, nn } from "../mod.ts";
import * as tf from "@tensorflow/tfjs-core";
import {
  decodeWeights,
  encodeWeights,
  matchTensors,
  WeightsError,
  type WeightsFile,
} from "./weights.ts";

/** A multi-layer perceptron: 784 → hidden… (ReLU each) → 10. */
export interface MlpSpec {
  kind: "mlp";
  /** Sizes of the hidden layers (default [128]). */
  hidden?: number[];
}

/**
 * A small CNN: conv k×k (1 → c₁) → ReLU → max-pool 2 → conv k×k (c₁ → c₂) → ReLU → max-pool 2 →
 * flatten → linear → 10 (after a ReLU hidden layer of `hidden` units when `hidden` > 0).
 * `{ kind: "cnn" }` is the lesson's: 3×3 kernels, 8 and 16 channels, no hidden layer
 * (28 → 26 → 13 → 11 → 5: 5·5·16 = 400 inputs to the last layer; 5,258 parameters).
 */
export interface CnnSpec {
  kind: "cnn";
  /** Output channels of the two convolutions (default [8, 16]). */
  channels?: [number, number];
  /** Kernel size of both convolutions (default 3). */
  kernel?: number;
  /** Units of a hidden linear layer before the output; 0 for none (default 0). */
  hidden?: number;
}

export type ModelSpec = MlpSpec | CnnSpec;

/** A spec with every default filled in. */
export type FullModelSpec = Required<MlpSpec> | Required<CnnSpec>;

const CNN_DEFAULTS: Required<CnnSpec> = { kind: "cnn", channels: [8, 16], kernel: 3, hidden: 0 };

/** The spec with its defaults filled in; throws on an unknown kind or bad sizes. */
export function fullSpec(spec: ModelSpec): FullModelSpec {
  const positive = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  if (spec?.kind === "mlp") {
    const hidden = spec.hidden ?? [128];
    if (!Array.isArray(hidden) || !hidden.every(positive)) {
      throw new Error(`mlp: "hidden" must be a list of layer sizes, got ${JSON.stringify(hidden)}`);
    }
    return { kind: "mlp", hidden: [...hidden] };
  }
  if (spec?.kind === "cnn") {
    const { channels, kernel, hidden } = { ...CNN_DEFAULTS, ...spec };
    if (!Array.isArray(channels) || channels.length !== 2 || !channels.every(positive)) {
      throw new Error(`cnn: "channels" must be two sizes, got ${JSON.stringify(channels)}`);
    }
    if (!positive(kernel) || kernel > 7 || kernel % 2 === 0) {
      throw new Error(`cnn: "kernel" must be 3, 5 or 7, got ${JSON.stringify(kernel)}`);
    }
    if (!(hidden === 0 || positive(hidden))) {
      throw new Error(`cnn: "hidden" must be 0 or a layer size, got ${JSON.stringify(hidden)}`);
    }
    return { kind: "cnn", channels: [channels[0], channels[1]], kernel, hidden };
  }
  throw new Error(
    `unknown model ${JSON.stringify((spec as { kind?: unknown })?.kind)}: use "mlp" or "cnn"`,
  );
}

/**
 * The spec as a weights file stores it: the CNN's fields only where they differ from the
 * lesson's, so the lesson's CNN is exactly `{ "kind": "cnn" }`, which the page reads.
 */
export function storedSpec(spec: ModelSpec): ModelSpec {
  const s = fullSpec(spec);
  if (s.kind === "mlp") return s;
  const out: CnnSpec = { kind: "cnn" };
  if (s.channels.join() !== CNN_DEFAULTS.channels.join()) out.channels = s.channels;
  if (s.kernel !== CNN_DEFAULTS.kernel) out.kernel = s.kernel;
  if (s.hidden !== CNN_DEFAULTS.hidden) out.hidden = s.hidden;
  return out;
}

/** Shape of one input image for a model: [784] (MLP) or [28, 28, 1] (CNN). */
export function inputShape(spec: ModelSpec): number[] {
  return spec.kind === "mlp" ? [28 * 28] : [28, 28, 1];
}

/** Builds the model a spec describes, its weights drawn from `generator` (PyTorch's init). */
export function buildModel(spec: ModelSpec, generator = new Generator(1)): nn.Sequential {
  const s = fullSpec(spec);
  const opts = { generator };
  const layers: nn.Module[] = [];
  if (s.kind === "mlp") {
    const sizes = [28 * 28, ...s.hidden, 10];
    sizes.slice(1).forEach((n, i) => {
      if (i > 0) layers.push(new nn.ReLU());
      layers.push(new nn.Linear(sizes[i], n, opts));
    });
  } else {
    const [c1, c2] = s.channels;
    // Each valid convolution takes k − 1 pixels off a side; each pool halves it (rounding down).
    const side = Math.floor((Math.floor((28 - s.kernel + 1) / 2) - s.kernel + 1) / 2);
    const flat = side * side * c2;
    layers.push(
      new nn.Conv2d(1, c1, s.kernel, opts),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(c1, c2, s.kernel, opts),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
    );
    if (s.hidden > 0) layers.push(new nn.Linear(flat, s.hidden, opts), new nn.ReLU());
    layers.push(new nn.Linear(s.hidden > 0 ? s.hidden : flat, 10, opts));
  }
  return new nn.Sequential(...layers);
}

/** Number of trainable values of a model. */
export function parameterCount(model: nn.Module): number {
  return model.parameters().reduce((n, p) => n + p.size, 0);
}

/** Training settings: the optimizer and its step size, batch size, epochs, and augmentation. */
export interface TrainSettings {
  optimizer: "adam" | "sgd";
  /** Learning rate of the first epoch. */
  lr: number;
  /** The learning rate is multiplied by this after every epoch (1: constant). */
  lrDecay: number;
  /** Momentum (SGD only). */
  momentum: number;
  batchSize: number;
  epochs: number;
  /** Shift each training image by up to this many pixels in x and y (0: no augmentation). */
  maxShift: number;
  /** Seed of the weights' initialization and of the shuffling. */
  seed: number;
}

/**
 * The lesson's default settings, also the command line's (`deno task mnist train`). Measured on
 * the shipped digits (8,000 training, 2,000 validation): see engine/mnist/README.md.
 */
export const MNIST_DEFAULTS: {
  mlp: { model: FullModelSpec; train: TrainSettings };
  cnn: { model: FullModelSpec; train: TrainSettings };
} = {
  mlp: {
    // 784-256-10 with a ±1 pixel shift: 784-128-10 without one overfits the 8,000 digits and
    // stops near 93% (see README.md, "Measured").
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
    // Two 3×3 convolutions (16, 32 channels), a 256-unit hidden layer, a ±1 pixel shift and a
    // learning rate of 4e-3 × 0.6 per epoch: ≥ 98% after 5 epochs for seeds 1–3. With 128
    // hidden units and 3e-3 halved per epoch it stopped at 97.3–97.9%; smaller or unaugmented
    // CNNs at 96–97.5% (README.md, "Measured").
    model: { kind: "cnn", channels: [16, 32], kernel: 3, hidden: 256 },
    train: {
      optimizer: "adam",
      lr: 4e-3,
      lrDecay: 0.6,
      momentum: 0.9,
      batchSize: 64,
      epochs: 5,
      maxShift: 1,
      seed: 1,
    },
  },
};

/** The weights file of a model (its values copied out now) — `JSON.stringify` it to save. */
export function saveWeights(model: nn.Module, spec: ModelSpec): WeightsFile<ModelSpec> {
  return encodeWeights(
    storedSpec(spec),
    model.namedParameters().map(([name, p]) => ({
      name,
      shape: [...p.shape],
      data: Float32Array.from(p.data.dataSync() as Float32Array),
    })),
  );
}

/**
 * Loads a weights file (JSON text or parsed) into `model`, or, without one, into a new model
 * built from the file's own spec. Throws {@link WeightsError} naming the tensor and both shapes
 * when the file does not fit the model.
 */
export function loadWeights(
  json: string | unknown,
  model?: nn.Module,
): { model: nn.Module; spec: FullModelSpec } {
  const file = decodeWeights(json);
  let spec: FullModelSpec;
  try {
    spec = fullSpec(file.model as ModelSpec);
  } catch (e) {
    throw new WeightsError(`weights file: bad "model": ${(e as Error).message}`);
  }
  const target = model ?? buildModel(spec);
  const params = target.namedParameters();
  const byName = matchTensors(params.map(([name, p]) => ({ name, shape: p.shape })), file.tensors);
  for (const [name, p] of params) {
    const t = byName.get(name)!;
    p.data = tf.tensor(t.data, t.shape);
    p.grad?.dispose();
    p.grad = null;
  }
  return { model: target, spec };
}
