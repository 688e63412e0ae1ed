/**
 * Element-wise ops. Each one computes its value and returns, next to it, the local derivative
 * that turns ∂L/∂out (called `dy`) into ∂L/∂input. Binary ops broadcast; their backward sums the
 * gradient back to each input's shape (`unbroadcast`).
 */
import * as tf from "@tensorflow/tfjs-core";
import { Tensor, type TensorLike } from "../tensor.ts";
import { broadcastShape, lift, unbroadcast } from "./broadcast.ts";

function binary(
  op: string,
  x: TensorLike,
  y: TensorLike,
  forward: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  da: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  db: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
): Tensor {
  const a = lift(x), b = lift(y);
  Tensor.checkInputs(op, a, b);
  broadcastShape(op, a.shape, b.shape);
  // Only the inputs that need a gradient get one (the data fed to a model needs none).
  return Tensor.fromOp(op, forward(a.data, b.data), [a, b], (dy) => [
    a.requiresGrad ? unbroadcast(da(dy, a.data, b.data), a.shape) : null,
    b.requiresGrad ? unbroadcast(db(dy, a.data, b.data), b.shape) : null,
  ]);
}

function unary(
  op: string,
  x: Tensor,
  forward: (a: tf.Tensor) => tf.Tensor,
  backward: (dy: tf.Tensor, a: tf.Tensor, out: tf.Tensor) => tf.Tensor,
): Tensor {
  Tensor.checkInputs(op, x);
  const out: Tensor = Tensor.fromOp(
    op,
    forward(x.data),
    [x],
    (dy) => [backward(dy, x.data, out.data)],
  );
  return out;
}

/** out = a + b;  ∂out/∂a = 1, ∂out/∂b = 1. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  return binary("add", a, b, tf.add, (dy) => dy, (dy) => dy);
}

/** out = a − b;  ∂out/∂a = 1, ∂out/∂b = −1. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  return binary("sub", a, b, tf.sub, (dy) => dy, (dy) => tf.neg(dy));
}

/** out = a·b;  ∂out/∂a = b, ∂out/∂b = a. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  return binary("mul", a, b, tf.mul, (dy, _a, b) => tf.mul(dy, b), (dy, a) => tf.mul(dy, a));
}

/** out = a / b;  ∂out/∂a = 1/b, ∂out/∂b = −a/b². */
export function div(a: TensorLike, b: TensorLike): Tensor {
  return binary(
    "div",
    a,
    b,
    tf.div,
    (dy, _a, b) => tf.div(dy, b),
    (dy, a, b) => tf.neg(tf.div(tf.mul(dy, a), tf.square(b))),
  );
}

/** out = −a;  ∂out/∂a = −1. */
export function neg(a: Tensor): Tensor {
  return unary("neg", a, tf.neg, (dy) => tf.neg(dy));
}

/** out = aᵖ (p a number);  ∂out/∂a = p·aᵖ⁻¹. */
export function pow(a: Tensor, p: number): Tensor {
  return unary(
    "pow",
    a,
    (x) => p === 2 ? tf.square(x) : tf.tidy(() => tf.pow(x, tf.scalar(p))),
    (dy, x) => tf.mul(dy, p === 2 ? tf.mul(x, 2) : tf.mul(tf.pow(x, tf.scalar(p - 1)), p)),
  );
}

/** out = eᵃ;  ∂out/∂a = eᵃ = out. */
export function exp(a: Tensor): Tensor {
  return unary("exp", a, tf.exp, (dy, _x, out) => tf.mul(dy, out));
}

/** out = ln a;  ∂out/∂a = 1/a. */
export function log(a: Tensor): Tensor {
  return unary("log", a, tf.log, (dy, x) => tf.div(dy, x));
}

/** out = |a|;  ∂out/∂a = sign(a) (0 at 0). */
export function abs(a: Tensor): Tensor {
  return unary("abs", a, tf.abs, (dy, x) => tf.mul(dy, tf.sign(x)));
}

/** out = max(a, 0);  ∂out/∂a = 1 where a > 0, else 0. */
export function relu(a: Tensor): Tensor {
  return unary("relu", a, tf.relu, (dy, x) => tf.mul(dy, tf.step(x)));
}

/** out = σ(a) = 1/(1+e⁻ᵃ);  ∂out/∂a = σ(a)(1−σ(a)) = out(1−out). */
export function sigmoid(a: Tensor): Tensor {
  return unary(
    "sigmoid",
    a,
    tf.sigmoid,
    (dy, _x, out) => tf.mul(dy, tf.mul(out, tf.sub(1, out))),
  );
}

/** out = tanh a;  ∂out/∂a = 1 − tanh²a = 1 − out². */
export function tanh(a: Tensor): Tensor {
  return unary("tanh", a, tf.tanh, (dy, _x, out) => tf.mul(dy, tf.sub(1, tf.square(out))));
}
