/**
 * Broadcasting, and undoing it in the backward pass.
 *
 * When `a` of shape [3] is added to `b` of shape [2,3], `a` is used once per row: out[i,j] =
 * a[j] + b[i,j]. So ∂L/∂a[j] = Σᵢ ∂L/∂out[i,j]: the gradient is *summed* over every axis that
 * broadcasting stretched, then reshaped back to the input's shape.
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "../errors.ts";
import { Tensor, type TensorLike } from "../tensor.ts";

/** The shape of `a ⊕ b` under NumPy broadcasting, or a clear error naming the op. */
export function broadcastShape(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 1; i <= n; i++) {
    const da = a[a.length - i] ?? 1;
    const db = b[b.length - i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new EngineError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together ` +
          `(axis ${-i}: ${da} vs ${db})`,
      );
    }
    out[n - i] = da === 1 ? db : da;
  }
  return out;
}

/** Sum `grad` over the axes that broadcasting added or stretched, so it gets `shape` again. */
export function unbroadcast(grad: tf.Tensor, shape: readonly number[]): tf.Tensor {
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  if (axes.length === 0) return grad;
  return tf.reshape(tf.sum(grad, axes), shape as number[]);
}

/** A number becomes a constant scalar tensor that is freed with the graph. */
export function lift(x: TensorLike): Tensor {
  return x instanceof Tensor ? x : Tensor.constant(tf.scalar(x));
}
