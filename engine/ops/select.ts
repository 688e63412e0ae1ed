/**
 * Comparisons (masks, no gradient), `where`, which routes the gradient to the branch that was
 * chosen, and `gather`, which picks one score per row (the score of the true class).
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "../errors.ts";
import { Tensor, type TensorLike } from "../tensor.ts";
import { broadcastShape, lift, unbroadcast } from "./broadcast.ts";

function compare(
  op: string,
  a: Tensor,
  other: TensorLike,
  fn: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor,
): Tensor {
  const b = lift(other);
  Tensor.checkInputs(op, a, b);
  broadcastShape(op, a.shape, b.shape);
  return Tensor.fromOp(op, fn(a.data, b.data), [a, b], null);
}

/** a > b element-wise, as a bool mask (a step function: its derivative is 0 almost everywhere). */
export const gt = (a: Tensor, b: TensorLike): Tensor => compare("gt", a, b, tf.greater);
export const lt = (a: Tensor, b: TensorLike): Tensor => compare("lt", a, b, tf.less);
export const ge = (a: Tensor, b: TensorLike): Tensor => compare("ge", a, b, tf.greaterEqual);
export const le = (a: Tensor, b: TensorLike): Tensor => compare("le", a, b, tf.lessEqual);
export const eq = (a: Tensor, b: TensorLike): Tensor => compare("eq", a, b, tf.equal);

/**
 * out = cond ? a : b, element-wise with broadcasting;  ∂out/∂a = cond, ∂out/∂b = 1 − cond.
 */
export function where(cond: Tensor, x: TensorLike, y: TensorLike): Tensor {
  const a = lift(x), b = lift(y);
  Tensor.checkInputs("where", cond, a, b);
  broadcastShape("where", broadcastShape("where", cond.shape, a.shape), b.shape);
  const c = cond.dtype === "bool" ? cond.data : null;
  if (c === null) throw new EngineError(`where: the condition must be a mask (use a.gt(b) etc.)`);
  return Tensor.fromOp("where", tf.where(c, a.data, b.data), [cond, a, b], (dy) => {
    const zero = tf.zerosLike(dy);
    return [
      null,
      a.requiresGrad ? unbroadcast(tf.where(c, dy, zero), a.shape) : null,
      b.requiresGrad ? unbroadcast(tf.where(c, zero, dy), b.shape) : null,
    ];
  });
}

/**
 * out[i] = x[i, index[i]] for x of shape [N, C] (PyTorch: `x.gather(1, index[:, None])[:, 0]`).
 * Written with a one-hot mask M: out = Σⱼ x·M, so ∂out[i]/∂x[i,j] = M[i,j].
 */
export function gather(x: Tensor, index: Tensor): Tensor {
  Tensor.checkInputs("gather", x, index);
  if (x.rank !== 2 || index.rank !== 1 || index.shape[0] !== x.shape[0]) {
    throw new EngineError(
      `gather: needs scores of shape [N, C] and N class indices, got ${fmtShape(x.shape)} and ` +
        `${fmtShape(index.shape)}`,
    );
  }
  const mask = tf.tidy(() =>
    tf.cast(
      tf.oneHot(index.dtype === "int32" ? index.data : tf.cast(index.data, "int32"), x.shape[1]),
      "float32",
    )
  );
  const out = tf.tidy(() => tf.sum(tf.mul(x.data, mask), 1));
  return Tensor.fromOp("gather", out, [x, index], (dy) => [
    tf.mul(tf.reshape(dy, [-1, 1]), mask),
    null,
  ], [mask]);
}
