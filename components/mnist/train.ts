/**
 * Training MNIST models in the page with the project's engine. Islands load this module with a
 * dynamic `import()` (in the runtime's worker), so the engine and tfjs stay out of their first
 * bundle.
 *
 * One model definition and one weights format for the page and the command line: the models are
 * `buildModel` of mnist/models.ts, the weights files its `saveWeights` / `loadWeights`,
 * and a run draws its initial weights, its shuffles and its augmentation shifts from one seeded
 * `Generator` in the same order as `deno task mnist train` (mnist/train.ts), so the page
 * with the lesson's defaults trains the model the command line trains.
 *
 * What differs is how a step waits: the command line reads every loss back at once; here the loss
 * is read only every `readEvery` steps, with `await data()` (no blocking GPU → CPU sync), and
 * `backward` skips its own finiteness check (another sync) — the periodic read does it.
 */
import {
  F,
  Generator,
  type nn,
  noGrad,
  NonFiniteLossError,
  numTensors,
  oneHot,
  type Tensor,
  tensor,
} from "../../engine/mod.ts";
import {
  batchRanges,
  type Digits,
  MNIST_NORMALIZATION,
  type Normalization,
  normalizedBatch,
} from "../../mnist/dataset.ts";
import {
  buildModel,
  inputShape,
  loadWeights as loadWeightsFile,
  saveWeights,
} from "../../mnist/models.ts";
import { batchTensors, learningRate, makeOptimizer } from "../../mnist/train.ts";
import type { LossName, ModelSpec, TrainSettings } from "./spec.ts";
import { specName } from "./spec.ts";

/** tfjs tensors alive now (for the islands' `data-tensors` test hook). */
export const liveTensors = numTensors;

/**
 * The loss of scores against class labels. Cross-entropy is `log_softmax` + NLL (the command
 * line's loss); "mse" is the squared error between the softmax probabilities and one-hot
 * targets. `extra` (the one-hot rows) is returned for the caller to free.
 */
function lossOf(name: LossName, scores: Tensor, labels: Tensor): { loss: Tensor; extra?: Tensor } {
  if (name === "crossEntropy") return { loss: F.crossEntropy(scores, labels) };
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

/** A set uploaded to the backend once, in chunks of 500 (bounded memory for the CNN). */
export type UploadedSet = [x: Tensor, y: Tensor][];

/** Uploads a set's normalized images, shaped for `spec`, and labels. */
export function uploadSet(
  digits: Digits,
  spec: ModelSpec,
  norm: Normalization = MNIST_NORMALIZATION,
): UploadedSet {
  const chunks: UploadedSet = [];
  for (const [start, end] of batchRanges(digits.count, 500)) {
    const idx = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const b = normalizedBatch(digits, idx, norm);
    chunks.push([
      tensor(b.x, [idx.length, ...inputShape(spec)]),
      tensor(b.labels, [idx.length], { dtype: "int32" }),
    ]);
  }
  return chunks;
}

/**
 * The validation loss, accuracy and predictions of a model, read back without blocking the page
 * (`await data()` per chunk).
 */
export async function evaluateSet(
  model: nn.Module,
  set: UploadedSet,
  lossName: LossName = "crossEntropy",
): Promise<Evaluation> {
  let lossSum = 0, correct = 0, n = 0;
  const predictions: number[] = [];
  model.eval();
  for (const [x, y] of set) {
    const { loss, extra, predicted } = noGrad(() => {
      const scores = model.forward(x);
      return { ...lossOf(lossName, scores, y), predicted: F.argmax(scores, 1) };
    });
    const [lossValue, classes, labels] = await Promise.all([
      loss.values(),
      predicted.values(),
      y.values(),
    ]);
    loss.dispose();
    extra?.dispose();
    predicted.dispose();
    classes.forEach((p, i) => (correct += p === labels[i] ? 1 : 0));
    predictions.push(...classes);
    lossSum += lossValue[0] * y.shape[0];
    n += y.shape[0];
  }
  model.train();
  return { loss: lossSum / n, accuracy: correct / n, predictions: Int32Array.from(predictions) };
}

/** A model that classifies 28 × 28 images with pixels in [0, 1]. */
export interface Predictor {
  spec: ModelSpec;
  /** The model itself (read by the views inside it: components/mnist/inside.ts). */
  model: nn.Module;
  name: string;
  /** Class probabilities (10) for one image of 784 values in [0, 1]. */
  predict(pixels: Float32Array): Float32Array;
  /** Loss, accuracy and predictions on a set of digits (the validation digits). */
  evaluate(digits: Digits): Promise<Evaluation>;
  /** The weights file (JSON text), the same format `deno task mnist` writes and reads. */
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
    model,
    name: specName(spec),
    predict(pixels) {
      const x = pixels.map((v) => (v - norm.mean) / norm.std);
      return noGrad(() => {
        const input = tensor(x, [1, ...inputShape(spec)]);
        const p = F.softmax(model.forward(input), 1);
        const values = Float32Array.from(p.dataSync());
        input.dispose();
        p.dispose();
        return values;
      });
    },
    async evaluate(digits) {
      const set = uploadSet(digits, spec, norm);
      try {
        return await evaluateSet(model, set);
      } finally {
        for (const [x, y] of set) {
          x.dispose();
          y.dispose();
        }
      }
    },
    toJson: () => JSON.stringify(saveWeights(model, spec)),
    dispose: () => model.dispose(),
  };
}

/**
 * Rebuilds a model from a weights file's text (written by the page or by `deno task mnist
 * train`); a bad file is a `WeightsError` saying why.
 */
export function loadWeights(text: string): Predictor {
  const { model, spec } = loadWeightsFile(text);
  return predictorOf(model, spec);
}

/**
 * One training run: a model, its optimizer, the validation data on the backend, and the epoch
 * under way. `step()` trains on one batch; `evaluate()` scores the validation digits.
 */
export class MnistRun {
  readonly model: nn.Sequential;
  readonly stepsPerEpoch: number;
  epoch = 0;
  stepInEpoch = 0;
  steps = 0;
  readonly optimizer: ReturnType<typeof makeOptimizer>;
  private val: UploadedSet;
  private readonly generator: Generator;
  private readonly count: number;
  private order: Int32Array | null = null;

  constructor(
    private readonly train: Digits,
    private readonly valDigits: Digits,
    readonly settings: TrainSettings,
    readonly norm: Normalization = MNIST_NORMALIZATION,
    /** Read the loss back every this many steps. */
    readonly readEvery = 10,
    /** Train on the first `limit` training digits only. */
    limit = train.count,
  ) {
    // The command line's order of draws: weights, then per epoch a permutation and the shifts.
    this.generator = new Generator(settings.seed);
    this.model = buildModel(settings.spec, this.generator);
    this.optimizer = makeOptimizer(this.model, settings);
    this.count = Math.min(limit, train.count);
    this.stepsPerEpoch = Math.ceil(this.count / settings.batchSize);
    this.val = uploadSet(valDigits, settings.spec, norm);
  }

  /**
   * Uploads the validation digits again (after a backend switch: the old tensors lived on the
   * backend that failed).
   */
  reupload(): void {
    for (const [x, y] of this.val) {
      try {
        x.dispose();
        y.dispose();
      } catch { /* a lost backend may fail to free them */ }
    }
    this.val = uploadSet(this.valDigits, this.settings.spec, this.norm);
  }

  /** Training progress in epochs (fractional). */
  get progress(): number {
    return this.epoch + this.stepInEpoch / this.stepsPerEpoch;
  }

  /**
   * One optimizer step on the next batch. On read steps the loss and the batch accuracy are read
   * back with `await values()`, which lets the page run while the GPU finishes.
   */
  async step(): Promise<StepReport> {
    const s = this.settings;
    if (this.order === null) {
      this.order = this.generator.permutation(this.count);
      this.optimizer.lr = learningRate(s, this.epoch + 1);
    }
    const start = this.stepInEpoch * s.batchSize;
    const { x, y } = batchTensors(
      this.train,
      this.order.subarray(start, Math.min(this.count, start + s.batchSize)),
      {
        shape: inputShape(s.spec),
        normalization: this.norm,
        maxShift: s.maxShift,
        random: () => this.generator.random(),
      },
    );
    this.steps++;
    this.stepInEpoch++;
    const epochDone = this.stepInEpoch >= this.stepsPerEpoch;
    const read = this.steps % this.readEvery === 0 || epochDone || this.steps === 1;
    this.optimizer.zeroGrad();
    const scores = this.model.forward(x);
    const correct = read ? noGrad(() => countCorrect(scores, y)) : null;
    const { loss, extra } = lossOf(s.loss, scores, y);
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    extra?.dispose();
    x.dispose();
    y.dispose();
    let value: number | null = null, batchAccuracy: number | null = null;
    if (read) {
      const n = y.shape[0];
      [value, batchAccuracy] = await Promise.all([
        loss.itemAsync(),
        correct!.itemAsync().then((c) => c / n),
      ]);
      correct!.dispose();
    }
    loss.dispose();
    if (value !== null && !Number.isFinite(value)) {
      throw new NonFiniteLossError(value, `step ${this.steps}`);
    }
    if (epochDone) {
      this.order = null;
      this.epoch++;
      this.stepInEpoch = 0;
    }
    return { loss: value, batchAccuracy, epochDone };
  }

  /** Loss and accuracy on the validation digits, and each one's predicted class. */
  evaluate(): Promise<Evaluation> {
    return evaluateSet(this.model, this.val, this.settings.loss);
  }

  /** The trained model as a predictor; the run keeps its data until `dispose`. */
  predictor(): Predictor {
    return predictorOf(this.model, this.settings.spec, this.norm);
  }

  /** Free the data and the optimizer's state (and the model unless it was handed on). */
  dispose(keepModel = false): void {
    for (const [x, y] of this.val) {
      x.dispose();
      y.dispose();
    }
    this.val.length = 0;
    this.optimizer.dispose();
    if (!keepModel) this.model.dispose();
  }
}
