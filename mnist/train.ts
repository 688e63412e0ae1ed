/**
 * Training and evaluating the MNIST models with the engine (engine ops only): one training run
 * (`MnistRun`: a step, an evaluation), shared by the command line (`trainModel`, `deno task
 * mnist train`) and the page (components/mnist/mnist_trainer.ts, in the runtime's worker). A run
 * draws its initial weights, its shuffles and its augmentation shifts from one seeded
 * `Generator`, so the page with the lesson's defaults trains the model the command line trains.
 *
 * What differs is how often a step waits: the command line reads every loss back; the page reads
 * it only every `readEvery` steps, with `await` (no blocking GPU → CPU sync), and `backward`
 * skips its own finiteness check (another sync) — the periodic read does it. Every tensor a step
 * makes is disposed before it returns.
 */
import * as defaultEngine from "../engine/mod.ts";
import type { Generator, nn, optim, Tensor } from "../engine/mod.ts";
import {
  batchRanges,
  type Digits,
  MNIST_NORMALIZATION,
  type Normalization,
  normalizedBatch,
} from "./dataset.ts";
import { buildModel, inputShape, type ModelSpec, type TrainSettings } from "./models.ts";

/**
 * The engine module. A trainer passes the one the runtime injected (`create(engine, props)`);
 * the command line, the claims and the tests may leave it out and get the engine imported here.
 */
export type Engine = typeof defaultEngine;

/** The losses a run can train with: cross-entropy (the default), or MSE on the softmax. */
export type LossName = "crossEntropy" | "mse";

/** Everything a run depends on: the training settings, the model and the loss. */
export interface RunSettings extends TrainSettings {
  spec: ModelSpec;
  loss: LossName;
}

/**
 * Pixels as a tensor of shape [B, ...shape] (default [B, 28, 28, 1], NHWC; [B, 784] for an MLP)
 * and labels as [B] int32 class indices.
 */
export function batchTensors(
  digits: Digits,
  indices: ArrayLike<number>,
  options: {
    shape?: number[];
    normalization?: Normalization;
    maxShift?: number;
    random?: () => number;
    engine?: Engine;
  } = {},
): { x: Tensor; y: Tensor } {
  const { tensor } = options.engine ?? defaultEngine;
  const { x, labels } = normalizedBatch(digits, indices, options.normalization, {
    maxShift: options.maxShift ?? 0,
    random: options.random,
  });
  return {
    x: tensor(x, [indices.length, ...(options.shape ?? [digits.rows, digits.cols, 1])]),
    y: tensor(labels, [indices.length], { dtype: "int32" }),
  };
}

/** The learning rate of epoch `epoch` (1, 2, …): `lr · lrDecay^(epoch − 1)`. */
export function learningRate(
  settings: Pick<TrainSettings, "lr" | "lrDecay">,
  epoch: number,
): number {
  return settings.lr * settings.lrDecay ** (epoch - 1);
}

/** The optimizer the settings name, over the model's parameters (set its `lr` each epoch). */
export function makeOptimizer(
  model: nn.Module,
  settings: Pick<TrainSettings, "optimizer" | "lr" | "momentum">,
  { optim }: Engine = defaultEngine,
): optim.Adam | optim.SGD {
  if (settings.optimizer === "adam") return new optim.Adam(model.parameters(), { lr: settings.lr });
  if (settings.optimizer === "sgd") {
    return new optim.SGD(model.parameters(), { lr: settings.lr, momentum: settings.momentum });
  }
  throw new Error(`unknown optimizer "${settings.optimizer}": use "adam" or "sgd"`);
}

/**
 * The loss of scores against class labels. Cross-entropy is `log_softmax` + NLL; "mse" is the
 * squared error between the softmax probabilities and one-hot targets. `extra` (the one-hot
 * rows) is returned for the caller to free.
 */
function lossOf(
  { F, oneHot }: Engine,
  name: LossName,
  scores: Tensor,
  labels: Tensor,
): { loss: Tensor; extra?: Tensor } {
  if (name === "crossEntropy") return { loss: F.crossEntropy(scores, labels) };
  const target = oneHot(labels, 10);
  return { loss: F.mseLoss(F.softmax(scores, 1), target), extra: target };
}

/** How many rows' highest score is at their label (an int32 scalar; no graph). */
function countCorrect({ F }: Engine, scores: Tensor, labels: Tensor): Tensor {
  return F.sum(F.eq(F.argmax(scores, 1), labels));
}

/** What one step reports: the loss and batch accuracy when they were read back, else null. */
export interface StepReport {
  loss: number | null;
  batchAccuracy: number | null;
  /** Digits in this step's batch (the last batch of an epoch may be short). */
  size: number;
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

/** Uploads a set's normalized images, shaped for `spec`, and labels, `chunk` digits a tensor. */
export function uploadSet(
  digits: Digits,
  spec: ModelSpec,
  norm: Normalization = MNIST_NORMALIZATION,
  chunk = 500,
  { tensor }: Engine = defaultEngine,
): UploadedSet {
  const chunks: UploadedSet = [];
  for (const [start, end] of batchRanges(digits.count, chunk)) {
    const idx = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const b = normalizedBatch(digits, idx, norm);
    chunks.push([
      tensor(b.x, [idx.length, ...inputShape(spec)]),
      tensor(b.labels, [idx.length], { dtype: "int32" }),
    ]);
  }
  return chunks;
}

export function disposeSet(set: UploadedSet): void {
  for (const [x, y] of set) {
    x.dispose();
    y.dispose();
  }
  set.length = 0;
}

/**
 * The loss, accuracy and predictions of a model on an uploaded set, read back without blocking
 * (`await` per chunk).
 */
export async function evaluateSet(
  model: nn.Module,
  set: UploadedSet,
  lossName: LossName = "crossEntropy",
  e: Engine = defaultEngine,
): Promise<Evaluation> {
  let lossSum = 0, correct = 0, n = 0;
  const predictions: number[] = [];
  model.eval();
  for (const [x, y] of set) {
    const { loss, extra, predicted } = e.noGrad(() => {
      const scores = model.forward(x);
      return { ...lossOf(e, lossName, scores, y), predicted: e.F.argmax(scores, 1) };
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

/** Accuracy of a model on a set of digits (`batchSize` at a time): the fraction and the counts. */
export async function evaluate(
  model: nn.Module,
  digits: Digits,
  spec: ModelSpec,
  options: { batchSize?: number; normalization?: Normalization; engine?: Engine } = {},
): Promise<{ accuracy: number; correct: number; total: number }> {
  if (!digits.count) return { accuracy: 0, correct: 0, total: 0 };
  const norm = options.normalization ?? MNIST_NORMALIZATION;
  const e = options.engine ?? defaultEngine;
  const set = uploadSet(digits, spec, norm, options.batchSize, e);
  try {
    const { accuracy } = await evaluateSet(model, set, "crossEntropy", e);
    return { accuracy, correct: Math.round(accuracy * digits.count), total: digits.count };
  } finally {
    disposeSet(set);
  }
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
    /** The engine to train with (a trainer's injected one). */
    private readonly e: Engine,
    private readonly train: Digits,
    private readonly valDigits: Digits,
    readonly settings: RunSettings,
    readonly norm: Normalization = MNIST_NORMALIZATION,
    /** Read the loss back every this many steps (1: every step, and check it is finite). */
    readonly readEvery = 10,
    /** Train on the first `limit` training digits only. */
    limit = train.count,
  ) {
    // The order of draws: weights, then per epoch a permutation and the shifts.
    this.generator = new e.Generator(settings.seed);
    this.model = buildModel(settings.spec, this.generator, e);
    this.optimizer = makeOptimizer(this.model, settings, e);
    this.count = Math.min(limit, train.count);
    this.stepsPerEpoch = Math.ceil(this.count / settings.batchSize);
    this.val = uploadSet(valDigits, settings.spec, norm, undefined, e);
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
    this.val = uploadSet(this.valDigits, this.settings.spec, this.norm, undefined, this.e);
  }

  /** Training progress in epochs (fractional). */
  get progress(): number {
    return this.epoch + this.stepInEpoch / this.stepsPerEpoch;
  }

  /**
   * One optimizer step on the next batch. On read steps the loss and the batch accuracy are read
   * back with `await`, which lets the page run while the GPU finishes.
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
        engine: this.e,
      },
    );
    this.steps++;
    this.stepInEpoch++;
    const epochDone = this.stepInEpoch >= this.stepsPerEpoch;
    const read = this.steps % this.readEvery === 0 || epochDone || this.steps === 1;
    this.optimizer.zeroGrad();
    const scores = this.model.forward(x);
    const correct = read ? this.e.noGrad(() => countCorrect(this.e, scores, y)) : null;
    const { loss, extra } = lossOf(this.e, s.loss, scores, y);
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    extra?.dispose();
    x.dispose();
    y.dispose();
    const size = y.shape[0];
    let value: number | null = null, batchAccuracy: number | null = null;
    if (read) {
      [value, batchAccuracy] = await Promise.all([
        loss.itemAsync(),
        correct!.itemAsync().then((c) => c / size),
      ]);
      correct!.dispose();
    }
    loss.dispose();
    if (value !== null && !Number.isFinite(value)) {
      throw new this.e.NonFiniteLossError(value, `step ${this.steps}`);
    }
    if (epochDone) {
      this.order = null;
      this.epoch++;
      this.stepInEpoch = 0;
    }
    return { loss: value, batchAccuracy, size, epochDone };
  }

  /** Loss and accuracy on the validation digits, and each one's predicted class. */
  evaluate(): Promise<Evaluation> {
    return evaluateSet(this.model, this.val, this.settings.loss, this.e);
  }

  /** Free the data and the optimizer's state (and the model unless it was handed on). */
  dispose(keepModel = false): void {
    disposeSet(this.val);
    this.optimizer.dispose();
    if (!keepModel) this.model.dispose();
  }
}

/** One epoch's numbers, as `deno task mnist train` prints them. */
export interface EpochReport {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  valAccuracy: number;
  seconds: number;
}

/**
 * The command line's whole run: an `MnistRun` of the spec's model, trained for
 * `settings.epochs` on `sets.train` (every loss read back: the epoch's mean loss and accuracy),
 * scored on the validation digits after every epoch and on the test digits once at the end. The
 * lessons' tests call this too, so the numbers the prose quotes come from the same loop.
 */
export async function trainModel(
  spec: ModelSpec,
  settings: TrainSettings,
  sets: { train: Digits; val: Digits; test: Digits },
  options: { limit?: number; onEpoch?: (report: EpochReport) => void } = {},
): Promise<{
  model: nn.Sequential;
  epochs: EpochReport[];
  test: { accuracy: number; correct: number; total: number };
}> {
  const run = new MnistRun(
    defaultEngine,
    sets.train,
    sets.val,
    { ...settings, spec, loss: "crossEntropy" },
    MNIST_NORMALIZATION,
    1,
    options.limit,
  );
  const epochs: EpochReport[] = [];
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const started = performance.now();
      let lossSum = 0, correct = 0, seen = 0, done = false;
      while (!done) {
        const step = await run.step();
        lossSum += step.loss! * step.size;
        correct += Math.round(step.batchAccuracy! * step.size);
        seen += step.size;
        done = step.epochDone;
      }
      const report: EpochReport = {
        epoch,
        loss: lossSum / seen,
        trainAccuracy: correct / seen,
        valAccuracy: (await run.evaluate()).accuracy,
        seconds: (performance.now() - started) / 1000,
      };
      epochs.push(report);
      options.onEpoch?.(report);
    }
  } finally {
    run.dispose(true);
  }
  // The test digits once, after training: nothing was chosen by looking at them.
  return { model: run.model, epochs, test: await evaluate(run.model, sets.test, spec) };
}
