/**
 * Training and evaluating the MNIST models with the engine: one step, one epoch, accuracy on a
 * set. Shared by the command line and the page (the page passes an `onBatch` that yields to the
 * browser). Every tfjs tensor a step makes is disposed before it returns.
 */
import * as tf from "@tensorflow/tfjs-core";
import { F, Generator, type nn, noGrad, optim, Tensor } from "../engine/mod.ts";
import {
  batchRanges,
  type Digits,
  MNIST_NORMALIZATION,
  type Normalization,
  normalizedBatch,
} from "./dataset.ts";
import { buildModel, inputShape, type ModelSpec, type TrainSettings } from "./models.ts";

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
  } = {},
): { x: Tensor; y: Tensor } {
  const { x, labels } = normalizedBatch(digits, indices, options.normalization, {
    maxShift: options.maxShift ?? 0,
    random: options.random,
  });
  return {
    x: new Tensor(
      tf.tensor(x, [indices.length, ...(options.shape ?? [digits.rows, digits.cols, 1])]),
    ),
    y: new Tensor(tf.tensor1d(labels, "int32")),
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
): optim.Adam | optim.SGD {
  if (settings.optimizer === "adam") return new optim.Adam(model.parameters(), { lr: settings.lr });
  if (settings.optimizer === "sgd") {
    return new optim.SGD(model.parameters(), { lr: settings.lr, momentum: settings.momentum });
  }
  throw new Error(`unknown optimizer "${settings.optimizer}": use "adam" or "sgd"`);
}

/** One step on one batch: forward, cross-entropy loss, backward, update. Returns loss and hits. */
export function trainStep(
  model: nn.Module,
  optimizer: optim.Optimizer,
  x: Tensor,
  y: Tensor,
): { loss: number; correct: number } {
  optimizer.zeroGrad();
  const logits = model.forward(x);
  const correct = countCorrect(logits, y);
  const loss = F.crossEntropy(logits, y);
  const value = loss.item();
  loss.backward();
  loss.dispose();
  optimizer.step();
  return { loss: value, correct };
}

function countCorrect(logits: Tensor, y: Tensor): number {
  const hits = tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits.data, 1), y.data), "int32")));
  const n = hits.dataSync()[0];
  hits.dispose();
  return n;
}

/** Progress after a batch of an epoch. */
export interface BatchProgress {
  batch: number;
  batches: number;
  /** Mean loss and accuracy over the epoch so far. */
  loss: number;
  accuracy: number;
}

/**
 * One pass over `train` (or its first `limit` digits) in an order shuffled by `generator`.
 * `onBatch` runs after every step; the page returns a promise from it to yield to the browser.
 */
export async function trainEpoch(
  model: nn.Module,
  optimizer: optim.Optimizer,
  train: Digits,
  options: {
    batchSize: number;
    generator: Generator;
    /** Shape of one input image: `inputShape(spec)` (default [28, 28, 1]). */
    inputShape?: number[];
    maxShift?: number;
    limit?: number;
    normalization?: Normalization;
    onBatch?: (progress: BatchProgress) => void | Promise<void>;
  },
): Promise<{ loss: number; accuracy: number }> {
  const n = Math.min(train.count, options.limit ?? train.count);
  const order = options.generator.permutation(n);
  const random = () => options.generator.random();
  const batches = Math.ceil(n / options.batchSize);
  let lossSum = 0, correct = 0, seen = 0, batch = 0;
  model.train();
  for (const [start, end] of batchRanges(n, options.batchSize)) {
    const { x, y } = batchTensors(train, order.subarray(start, end), {
      shape: options.inputShape,
      normalization: options.normalization,
      maxShift: options.maxShift,
      random,
    });
    try {
      const step = trainStep(model, optimizer, x, y);
      lossSum += step.loss * (end - start);
      correct += step.correct;
      seen += end - start;
    } finally {
      x.dispose();
      y.dispose();
    }
    batch++;
    await options.onBatch?.({ batch, batches, loss: lossSum / seen, accuracy: correct / seen });
  }
  return { loss: lossSum / seen, accuracy: correct / seen };
}

/** The model's predicted classes for every digit of a set (evaluation mode, no graph). */
export function predict(
  model: nn.Module,
  digits: Digits,
  options: { batchSize?: number; normalization?: Normalization; inputShape?: number[] } = {},
): Uint8Array {
  const predictions = new Uint8Array(digits.count);
  model.eval();
  for (const [start, end] of batchRanges(digits.count, options.batchSize ?? 500)) {
    const indices = Int32Array.from({ length: end - start }, (_, i) => start + i);
    const { x, y } = batchTensors(digits, indices, {
      shape: options.inputShape,
      normalization: options.normalization ?? MNIST_NORMALIZATION,
    });
    const classes = noGrad(() => tf.argMax(model.forward(x).data, 1));
    predictions.set(classes.dataSync(), start);
    classes.dispose();
    x.dispose();
    y.dispose();
  }
  model.train();
  return predictions;
}

/** Accuracy of the model on a set: the fraction and the counts. */
export function evaluate(
  model: nn.Module,
  digits: Digits,
  options: { batchSize?: number; normalization?: Normalization; inputShape?: number[] } = {},
): { accuracy: number; correct: number; total: number } {
  const predictions = predict(model, digits, options);
  let correct = 0;
  predictions.forEach((p, i) => (correct += p === digits.labels[i] ? 1 : 0));
  return { accuracy: digits.count ? correct / digits.count : 0, correct, total: digits.count };
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
 * The command line's whole run: build the spec's model from `settings.seed`, train it for
 * `settings.epochs` on `sets.train` (the rate scheduled by {@link learningRate}), score the
 * validation digits after every epoch and the test digits once at the end. The lessons' tests
 * call this too, so the numbers the prose quotes come from the same loop.
 */
export async function trainModel(
  spec: ModelSpec,
  settings: TrainSettings,
  sets: { train: Digits; val: Digits; test: Digits },
  options: { limit?: number; onEpoch?: (report: EpochReport) => void } = {},
): Promise<{ model: nn.Sequential; epochs: EpochReport[]; test: ReturnType<typeof evaluate> }> {
  const generator = new Generator(settings.seed);
  const model = buildModel(spec, generator);
  const opt = makeOptimizer(model, settings);
  const shape = inputShape(spec);
  const epochs: EpochReport[] = [];
  try {
    for (let epoch = 1; epoch <= settings.epochs; epoch++) {
      const started = performance.now();
      opt.lr = learningRate(settings, epoch);
      const result = await trainEpoch(model, opt, sets.train, {
        batchSize: settings.batchSize,
        generator,
        maxShift: settings.maxShift,
        limit: options.limit,
        inputShape: shape,
      });
      const report: EpochReport = {
        epoch,
        loss: result.loss,
        trainAccuracy: result.accuracy,
        valAccuracy: evaluate(model, sets.val, { inputShape: shape }).accuracy,
        seconds: (performance.now() - started) / 1000,
      };
      epochs.push(report);
      options.onEpoch?.(report);
    }
  } finally {
    opt.dispose();
  }
  // The test digits once, after training: nothing was chosen by looking at them.
  return { model, epochs, test: evaluate(model, sets.test, { inputShape: shape }) };
}
