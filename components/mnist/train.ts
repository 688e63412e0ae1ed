/**
 * Training MNIST models in the page with the project's engine. Islands load this module with a
 * dynamic `import()` (after `loadEngine()`), so the engine and tfjs stay out of their first
 * bundle.
 *
 * Speed notes: the whole training set is uploaded to the backend once (8,000 × 784 floats) and
 * each batch is gathered there; the loss is read back (a GPU → CPU sync) only every `readEvery`
 * steps, and `backward` skips its own finiteness check (another sync) — the read does it.
 */
import { memory } from "@tensorflow/tfjs-core";
import {
  batches,
  F,
  Generator as RandomGenerator,
  nn,
  noGrad,
  NonFiniteLossError,
  oneHot,
  optim,
  type Tensor,
  tensor,
} from "../../engine/mod.ts";
import {
  type Digits,
  MNIST_NORMALIZATION,
  type Normalization,
  normalizedBatch,
} from "../../engine/mnist/dataset.ts";
import {
  decodeWeights,
  encodeWeights,
  matchTensors,
  WeightsError,
} from "../../engine/mnist/weights.ts";
import type { LossName, ModelSpec, TrainSettings } from "./spec.ts";
import { specName } from "./spec.ts";

/** tfjs tensors alive now (for the islands' `data-tensors` test hook). */
export function liveTensors(): number {
  return memory().numTensors;
}

/**
 * The lesson's models. MLP: Linear layers with ReLU between, on flat [N, 784] inputs. CNN (NHWC):
 * conv 1→8 3×3, ReLU, pool 2, conv 8→16 3×3, ReLU, pool 2, flatten, linear 400→10.
 */
export function buildModel(spec: ModelSpec, generator: RandomGenerator): nn.Sequential {
  const g = { generator };
  if (spec.kind === "cnn") {
    return new nn.Sequential(
      new nn.Conv2d(1, 8, 3, g),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(8, 16, 3, g),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
      new nn.Linear(400, 10, g),
    );
  }
  const sizes = [784, ...spec.hidden, 10];
  const layers: nn.Module[] = [];
  sizes.slice(1).forEach((n, i) => {
    if (i > 0) layers.push(new nn.ReLU());
    layers.push(new nn.Linear(sizes[i], n, g));
  });
  return new nn.Sequential(...layers);
}

/** Scores [N, 10] for flat normalized images [N, 784]. */
function forward(model: nn.Module, spec: ModelSpec, x: Tensor): Tensor {
  return model.forward(spec.kind === "cnn" ? x.reshape([-1, 28, 28, 1]) : x);
}

/**
 * The loss of scores against class labels. Cross-entropy is `nllLoss(logSoftmax(z))`; "mse" is
 * the squared error between the softmax probabilities and one-hot targets. `target` (the one-hot
 * rows) is returned for the caller to free.
 */
function lossOf(name: LossName, scores: Tensor, labels: Tensor): { loss: Tensor; extra?: Tensor } {
  if (name === "crossEntropy") return { loss: F.nllLoss(F.logSoftmax(scores, 1), labels) };
  const target = oneHot(labels, 10);
  return { loss: F.mseLoss(F.softmax(scores, 1), target), extra: target };
}

/** How many rows' highest score is at their label (an int32 scalar; no graph). */
function countCorrect(scores: Tensor, labels: Tensor): Tensor {
  return F.sum(F.eq(F.argmax(scores, 1), labels));
}

/** What one step reports: the loss and batch accuracy when they were read back, else null. */
export interface StepReport {
  loss: number | null;
  batchAccuracy: number | null;
  /** This step finished an epoch. */
  epochDone: boolean;
}

/** Loss, accuracy and each digit's predicted class on a set (the validation digits). */
export interface Evaluation {
  loss: number;
  accuracy: number;
  predictions: Int32Array;
}

/** A model that classifies 28 × 28 images with pixels in [0, 1]. */
export interface Predictor {
  spec: ModelSpec;
  name: string;
  /** Class probabilities (10) for one image of 784 values in [0, 1]. */
  predict(pixels: Float32Array): Float32Array;
  /** The weights file (JSON text). */
  toJson(): string;
  dispose(): void;
}

/** Puts an engine model behind the `Predictor` interface (normalizing as it was trained). */
export function predictorOf(
  model: nn.Module,
  spec: ModelSpec,
  norm: Normalization = MNIST_NORMALIZATION,
): Predictor {
  return {
    spec,
    name: specName(spec),
    predict(pixels) {
      const x = pixels.map((v) => (v - norm.mean) / norm.std);
      return noGrad(() => {
        const input = tensor(x, [1, 784]);
        const p = F.softmax(forward(model, spec, input), 1);
        const values = Float32Array.from(p.dataSync());
        input.dispose();
        return values;
      });
    },
    toJson: () => JSON.stringify(saveWeights(model, spec)),
    dispose: () => model.dispose(),
  };
}

/** The weights file object of a model (format: engine/mnist/README.md, "Weights file"). */
export function saveWeights(model: nn.Module, spec: ModelSpec) {
  return encodeWeights(
    spec,
    model.namedParameters().map(([name, p]) => ({
      name,
      shape: p.shape,
      data: Float32Array.from(p.dataSync()),
    })),
  );
}

/** Rebuilds a model from a weights file's text; a bad file is a `WeightsError` saying why. */
export function loadWeights(text: string): Predictor {
  const { model: spec, tensors } = decodeWeights(text);
  const s = spec as ModelSpec | undefined;
  const ok = s?.kind === "cnn" ||
    (s?.kind === "mlp" && Array.isArray(s.hidden) &&
      s.hidden.every((n) => Number.isInteger(n) && n > 0 && n <= 4096));
  if (!ok) {
    throw new WeightsError(
      `weights file: "model" must be {"kind": "mlp", "hidden": [...]} or {"kind": "cnn"}, found ${
        JSON.stringify(spec)
      }`,
    );
  }
  const model = buildModel(s!, new RandomGenerator(0));
  const expected = model.namedParameters().map(([name, p]) => ({ name, shape: p.shape }));
  const byName = matchTensors(expected, tensors);
  const state: Record<string, { shape: number[]; values: Float32Array }> = {};
  for (const { name, shape } of expected) state[name] = { shape, values: byName.get(name)!.data };
  model.loadStateDict(state);
  return predictorOf(model, s!);
}

/**
 * One training run: a model, its optimizer, the data on the backend, and the epoch under way.
 * `step()` trains on one batch; `evaluate()` scores the validation digits.
 */
export class MnistRun {
  readonly model: nn.Sequential;
  readonly stepsPerEpoch: number;
  epoch = 0;
  stepInEpoch = 0;
  steps = 0;
  private readonly optimizer: optim.Adam | optim.SGD;
  private readonly trainX: Tensor;
  private readonly trainY: Tensor;
  private readonly valChunks: [Tensor, Tensor][] = [];
  private readonly generator: RandomGenerator;
  private iterator: Generator<[Tensor, Tensor], void, undefined> | null = null;

  constructor(
    train: Digits,
    val: Digits,
    readonly settings: TrainSettings,
    readonly norm: Normalization = MNIST_NORMALIZATION,
    /** Read the loss back every this many steps. */
    readonly readEvery = 10,
    /** Train on the first `limit` training digits only. */
    limit = train.count,
  ) {
    this.generator = new RandomGenerator(settings.seed);
    this.model = buildModel(settings.spec, this.generator);
    const params = this.model.parameters();
    this.optimizer = settings.optimizer === "adam"
      ? new optim.Adam(params, { lr: settings.lr })
      : new optim.SGD(params, { lr: settings.lr });
    const n = Math.min(limit, train.count);
    const all = normalizedBatch(train, Int32Array.from({ length: n }, (_, i) => i), norm);
    this.trainX = tensor(all.x, [n, 784]);
    this.trainY = tensor(all.labels, [n], { dtype: "int32" });
    this.stepsPerEpoch = Math.ceil(n / settings.batchSize);
    // The validation digits in chunks of 500: bounded memory for the CNN's activations.
    for (let start = 0; start < val.count; start += 500) {
      const idx = Int32Array.from(
        { length: Math.min(500, val.count - start) },
        (_, i) => start + i,
      );
      const b = normalizedBatch(val, idx, norm);
      this.valChunks.push([
        tensor(b.x, [idx.length, 784]),
        tensor(b.labels, [idx.length], { dtype: "int32" }),
      ]);
    }
  }

  /** Training progress in epochs (fractional). */
  get progress(): number {
    return this.epoch + this.stepInEpoch / this.stepsPerEpoch;
  }

  /**
   * One optimizer step on the next batch. On read steps the loss and the batch accuracy are read
   * back with `await data()`, which lets the page run while the GPU finishes (no blocking sync).
   */
  async step(): Promise<StepReport> {
    if (this.iterator === null) {
      this.iterator = batches(this.trainX, this.trainY, this.settings.batchSize, {
        generator: this.generator,
      });
    }
    const next = this.iterator.next();
    if (next.done) throw new Error("MnistRun.step: epoch already finished");
    const [xb, yb] = next.value;
    this.steps++;
    this.stepInEpoch++;
    const epochDone = this.stepInEpoch >= this.stepsPerEpoch;
    const read = this.steps % this.readEvery === 0 || epochDone || this.steps === 1;
    const scores = forward(this.model, this.settings.spec, xb);
    const correct = read ? noGrad(() => countCorrect(scores, yb)) : null;
    const { loss, extra } = lossOf(this.settings.loss, scores, yb);
    this.optimizer.zeroGrad();
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    extra?.dispose();
    let value: number | null = null, batchAccuracy: number | null = null;
    if (read) {
      const n = yb.shape[0];
      [value, batchAccuracy] = await Promise.all([
        loss.data.data().then((v) => v[0]),
        correct!.data.data().then((v) => v[0] / n),
      ]);
      correct!.dispose();
    }
    loss.dispose();
    if (value !== null && !Number.isFinite(value)) {
      throw new NonFiniteLossError(value, `step ${this.steps}`);
    }
    if (epochDone) {
      this.iterator.return(undefined); // frees the last batch
      this.iterator = null;
      this.epoch++;
      this.stepInEpoch = 0;
    }
    return { loss: value, batchAccuracy, epochDone };
  }

  /** Loss and accuracy on the validation digits, and each one's predicted class. */
  async evaluate(): Promise<Evaluation> {
    let lossSum = 0, correct = 0, n = 0;
    const predictions: number[] = [];
    for (const [x, y] of this.valChunks) {
      const { loss, predicted } = noGrad(() => {
        const scores = forward(this.model, this.settings.spec, x);
        return {
          loss: lossOf(this.settings.loss, scores, y).loss,
          predicted: F.argmax(scores, 1),
        };
      });
      const [lossValue, classes, labels] = await Promise.all([
        loss.data.data(),
        predicted.data.data(),
        y.data.data(),
      ]);
      loss.dispose();
      predicted.dispose();
      classes.forEach((p, i) => (correct += p === labels[i] ? 1 : 0));
      predictions.push(...classes);
      lossSum += lossValue[0] * y.shape[0];
      n += y.shape[0];
    }
    return { loss: lossSum / n, accuracy: correct / n, predictions: Int32Array.from(predictions) };
  }

  /** The trained model as a predictor; the run keeps its data until `dispose`. */
  predictor(): Predictor {
    return predictorOf(this.model, this.settings.spec, this.norm);
  }

  /** Free the data and the optimizer's state (and the model unless it was handed on). */
  dispose(keepModel = false): void {
    this.iterator?.return(undefined);
    this.iterator = null;
    this.trainX.dispose();
    this.trainY.dispose();
    for (const [x, y] of this.valChunks) {
      x.dispose();
      y.dispose();
    }
    this.optimizer.dispose();
    if (!keepModel) this.model.dispose();
  }
}
