/** Data helpers: normalization, shuffled mini-batches, one-hot labels, accuracy. */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "./errors.ts";
import { defaultGenerator, type Generator as RandomGenerator } from "./random.ts";
import { noGrad, Tensor } from "./tensor.ts";

/**
 * A transform x ↦ (x − mean) / std (PyTorch's `transforms.Normalize`). `mean` and `std` are
 * numbers, or one per channel (the last axis). The result is a new leaf.
 */
export function normalize(
  mean: number | number[],
  std: number | number[],
): (x: Tensor) => Tensor {
  return (x) => noGrad(() => new Tensor(tf.div(tf.sub(x.data, tf.tensor(mean)), tf.tensor(std))));
}

export interface BatchOptions {
  /** Reshuffle the order on every pass (default true). */
  shuffle?: boolean;
  /** Skip a last batch smaller than `batchSize` (default false). */
  dropLast?: boolean;
  generator?: RandomGenerator;
}

/**
 * Mini-batches `[xb, yb]` of the rows of `x` and `y`, in a shuffled order. Each batch is freed
 * when the next one is requested (and when the loop ends or breaks), so a training loop leaks
 * nothing: keep a batch past its iteration with `xb.detach()`.
 */
export function* batches(
  x: Tensor,
  y: Tensor,
  batchSize: number,
  opts: BatchOptions = {},
): Generator<[Tensor, Tensor], void, undefined> {
  const n = x.shape[0];
  if (y.shape[0] !== n) {
    throw new EngineError(
      `batches: x ${fmtShape(x.shape)} and y ${fmtShape(y.shape)} have different numbers of rows`,
    );
  }
  if (!(batchSize >= 1)) throw new EngineError(`batches: batchSize must be ≥ 1, got ${batchSize}`);
  const order = (opts.shuffle ?? true)
    ? (opts.generator ?? defaultGenerator).permutation(n)
    : Int32Array.from({ length: n }, (_, i) => i);
  let current: [Tensor, Tensor] | null = null;
  const free = () => {
    current?.[0].dispose();
    current?.[1].dispose();
    current = null;
  };
  try {
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(start + batchSize, n);
      if (opts.dropLast && end - start < batchSize) break;
      free();
      const idx = tf.tensor1d(order.subarray(start, end), "int32");
      current = [new Tensor(tf.gather(x.data, idx)), new Tensor(tf.gather(y.data, idx))];
      idx.dispose();
      yield current;
    }
  } finally {
    free();
  }
}

/** Class indices → rows of zeros with a 1 at the class: [N] → [N, numClasses] (float32). */
export function oneHot(indices: Tensor | ArrayLike<number>, numClasses: number): Tensor {
  return noGrad(() => {
    const idx = indices instanceof Tensor
      ? tf.cast(indices.data, "int32")
      : tf.tensor1d(Array.from(indices), "int32");
    return new Tensor(tf.cast(tf.oneHot(idx as tf.Tensor1D, numClasses), "float32"));
  });
}

/**
 * The fraction of rows classified right. `scores` [N, C]: the class is the argmax. `scores` [N]
 * or [N, 1] (binary): the class is score > threshold (0.5 for probabilities; use 0 for logits).
 */
export function accuracy(scores: Tensor, target: Tensor, threshold = 0.5): number {
  const correct = tf.tidy(() => {
    const binary = scores.rank === 1 || (scores.rank === 2 && scores.shape[1] === 1);
    const predicted = binary
      ? tf.cast(tf.greater(tf.reshape(scores.data, [-1]), threshold), "int32")
      : tf.argMax(scores.data, -1);
    const truth = tf.cast(tf.reshape(target.data, [-1]), "int32");
    return tf.sum(tf.cast(tf.equal(predicted, truth), "float32"));
  });
  const value = correct.dataSync()[0];
  correct.dispose();
  return value / scores.shape[0];
}
