/** Ops that move values around without changing them: the gradient is moved back the same way. */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "../errors.ts";
import { Tensor } from "../tensor.ts";

/** out = a with a new shape (same elements, same order);  ∂L/∂a = ∂L/∂out reshaped back. */
export function reshape(a: Tensor, shape: number[]): Tensor {
  Tensor.checkInputs("reshape", a);
  const known = shape.reduce((k, d) => (d === -1 ? k : k * d), 1);
  const full = shape.map((d) => (d === -1 ? a.size / known : d));
  if (full.reduce((k, d) => k * d, 1) !== a.size || shape.filter((d) => d === -1).length > 1) {
    throw new EngineError(
      `reshape: cannot reshape ${fmtShape(a.shape)} (${a.size} elements) to ${fmtShape(shape)}`,
    );
  }
  return Tensor.fromOp("reshape", tf.reshape(a.data, full), [a], (dy) => [
    tf.reshape(dy, a.shape),
  ]);
}

/** [N, d1, d2, ...] → [N, d1·d2·...] (from `startDim` on). */
export function flatten(a: Tensor, startDim = 1): Tensor {
  Tensor.checkInputs("flatten", a);
  const head = a.shape.slice(0, startDim);
  return reshape(a, [...head, a.shape.slice(startDim).reduce((k, d) => k * d, 1)]);
}

/** out = a with its axes permuted by `perm`;  ∂L/∂a = ∂L/∂out permuted by the inverse. */
export function transpose(a: Tensor, perm?: number[]): Tensor {
  Tensor.checkInputs("transpose", a);
  const p = perm ?? [...Array(a.rank).keys()].reverse();
  if (p.length !== a.rank || [...p].sort().some((v, i) => v !== i)) {
    throw new EngineError(
      `transpose: ${fmtShape(p)} is not a permutation of the axes of ${fmtShape(a.shape)}`,
    );
  }
  const inverse = new Array<number>(p.length);
  p.forEach((axis, i) => (inverse[axis] = i));
  return Tensor.fromOp("transpose", tf.transpose(a.data, p), [a], (dy) => [
    tf.transpose(dy, inverse),
  ]);
}
