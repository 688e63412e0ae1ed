/**
 * Reductions over axes. A sum copies ∂L/∂out back to every element it added up; a mean does the
 * same divided by the count; a max sends it only to the element(s) that were the maximum.
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "../errors.ts";
import { Tensor } from "../tensor.ts";

/** The reduced axes as non-negative numbers (all axes when `axis` is undefined). */
export function normAxes(op: string, shape: readonly number[], axis?: number | number[]): number[] {
  const rank = shape.length;
  if (axis === undefined) return [...Array(rank).keys()];
  const list = Array.isArray(axis) ? axis : [axis];
  return list.map((ax) => {
    if (ax < -rank || ax >= rank || !Number.isInteger(ax)) {
      throw new EngineError(`${op}: axis ${ax} is out of range for shape ${fmtShape(shape)}`);
    }
    return ax < 0 ? ax + rank : ax;
  });
}

/** The shape with the reduced axes kept as 1: where ∂L/∂out broadcasts back from. */
function keptShape(shape: readonly number[], axes: number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/** out = Σ a over `axis`;  ∂out/∂aᵢ = 1, so the gradient is dy repeated over the summed axes. */
export function sum(a: Tensor, axis?: number | number[], keepdims = false): Tensor {
  Tensor.checkInputs("sum", a);
  const axes = normAxes("sum", a.shape, axis);
  return Tensor.fromOp("sum", tf.sum(a.data, axes, keepdims), [a], (dy) => [
    tf.broadcastTo(tf.reshape(dy, keptShape(a.shape, axes)), a.shape),
  ]);
}

/** out = (1/n) Σ a over `axis`;  ∂out/∂aᵢ = 1/n. */
export function mean(a: Tensor, axis?: number | number[], keepdims = false): Tensor {
  Tensor.checkInputs("mean", a);
  const axes = normAxes("mean", a.shape, axis);
  const n = axes.reduce((k, ax) => k * a.shape[ax], 1);
  return Tensor.fromOp("mean", tf.mean(a.data, axes, keepdims), [a], (dy) => [
    tf.broadcastTo(tf.div(tf.reshape(dy, keptShape(a.shape, axes)), n), a.shape),
  ]);
}

/**
 * out = max a over `axis`;  ∂out/∂aᵢ = 1 where aᵢ is the maximum, else 0. With ties every tied
 * element gets the gradient (as in tfjs; PyTorch picks one).
 */
export function max(a: Tensor, axis?: number | number[], keepdims = false): Tensor {
  Tensor.checkInputs("max", a);
  const axes = normAxes("max", a.shape, axis);
  const out: Tensor = Tensor.fromOp("max", tf.max(a.data, axes, keepdims), [a], (dy) => {
    const shape = keptShape(a.shape, axes);
    const isMax = tf.equal(a.data, tf.reshape(out.data, shape));
    return [tf.mul(tf.reshape(dy, shape), isMax)];
  });
  return out;
}

/** Index of the maximum along `axis` (int32, no gradient). */
export function argmax(a: Tensor, axis = -1): Tensor {
  Tensor.checkInputs("argmax", a);
  const [ax] = normAxes("argmax", a.shape, axis);
  return Tensor.fromOp("argmax", tf.argMax(a.data, ax), [a], null);
}
