/**
 * `F`: the primitive ops as functions, plus ops composed from them. A composed op has no backward
 * of its own: its gradient is found by the chain rule through the primitives it is made of.
 * Losses follow PyTorch's definitions, names and `reduction` argument.
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "./errors.ts";
import { defaultGenerator, type Generator } from "./random.ts";
import { Tensor, type TensorLike } from "./tensor.ts";
import {
  abs,
  add,
  div,
  exp,
  log,
  mul,
  neg,
  pow,
  relu,
  sigmoid,
  sub,
  tanh,
} from "./ops/elementwise.ts";
import { argmax, max, mean, sum } from "./ops/reduce.ts";
import { flatten, reshape, transpose } from "./ops/shape.ts";
import { matmul } from "./ops/matmul.ts";
import { eq, gather, ge, gt, le, lt, where } from "./ops/select.ts";
import { conv2d, maxPool2d } from "./ops/conv.ts";
export type { Padding } from "./ops/conv.ts";

export {
  abs,
  add,
  argmax,
  conv2d,
  div,
  eq,
  exp,
  flatten,
  gather,
  ge,
  gt,
  le,
  log,
  lt,
  matmul,
  max,
  maxPool2d,
  mean,
  mul,
  neg,
  pow,
  relu,
  reshape,
  sigmoid,
  sub,
  sum,
  tanh,
  transpose,
  where,
};

// ------------------------------------------------------------------ composed ops

/**
 * softmax(x)ᵢ = e^{xᵢ − m} / Σⱼ e^{xⱼ − m}. Subtracting m = max x changes nothing mathematically
 * but keeps e^… from overflowing; m is a constant here (no gradient flows through it).
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  const e = exp(sub(x, rowMax(x, axis)));
  return div(e, sum(e, axis, true));
}

/** log softmax(x)ᵢ = (xᵢ − m) − log Σⱼ e^{xⱼ − m}: stable for large scores. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const z = sub(x, rowMax(x, axis));
  return sub(z, log(sum(exp(z), axis, true)));
}

/** The maximum along `axis`, as a constant (a shift the result does not depend on). */
function rowMax(x: Tensor, axis: number): Tensor {
  return Tensor.constant(tf.max(x.data, axis, true));
}

/** y = x Wᵀ + b, with PyTorch's weight layout W: [out, in]. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const y = matmul(x, weight, { transposeB: true });
  return bias ? add(y, bias) : y;
}

/**
 * During training, zero each element with probability p and scale the rest by 1/(1−p) (so the
 * expected value is unchanged); in evaluation, the identity. The mask comes from `generator`.
 */
export function dropout(
  x: Tensor,
  p = 0.5,
  training = true,
  generator: Generator = defaultGenerator,
): Tensor {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new EngineError(`dropout: p must be in [0, 1], got ${String(p)}`);
  }
  if (!training || p === 0) return x;
  if (p === 1) return mul(x, 0);
  const keep = generator.bernoulli(x.size, 1 - p);
  for (let i = 0; i < keep.length; i++) keep[i] /= 1 - p;
  return mul(x, Tensor.constant(tf.tensor(keep, x.shape)));
}

// ------------------------------------------------------------------ losses

export type Reduction = "mean" | "sum" | "none";

function reduce(loss: Tensor, reduction: Reduction, op: string): Tensor {
  if (reduction === "mean") return mean(loss);
  if (reduction === "sum") return sum(loss);
  if (reduction === "none") return loss;
  throw new EngineError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${reduction}'`);
}

function sameShape(op: string, input: Tensor, target: Tensor): void {
  const a = input.shape, b = target.shape;
  if (a.length !== b.length || a.some((d, i) => d !== b[i])) {
    throw new EngineError(
      `${op}: input ${fmtShape(a)} and target ${fmtShape(b)} must have the same shape ` +
        `(reshape one of them)`,
    );
  }
}

interface LossOptions {
  reduction?: Reduction;
}

/** Mean squared error: ℓᵢ = (xᵢ − yᵢ)². */
export function mseLoss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  sameShape("mseLoss", input, target);
  return reduce(pow(sub(input, target), 2), opts.reduction ?? "mean", "mseLoss");
}

/** Mean absolute error: ℓᵢ = |xᵢ − yᵢ|. */
export function l1Loss(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  sameShape("l1Loss", input, target);
  return reduce(abs(sub(input, target)), opts.reduction ?? "mean", "l1Loss");
}

/**
 * Huber loss (PyTorch `huber_loss`): with d = x − y,
 * ℓ = ½d² where |d| < δ, else δ(|d| − ½δ). With δ = 1 it is the smooth L1 loss.
 */
export function huberLoss(
  input: Tensor,
  target: Tensor,
  opts: LossOptions & { delta?: number } = {},
): Tensor {
  sameShape("huberLoss", input, target);
  const delta = opts.delta ?? 1;
  const a = abs(sub(input, target));
  const quadratic = mul(pow(a, 2), 0.5);
  const linearPart = mul(sub(a, 0.5 * delta), delta);
  return reduce(where(lt(a, delta), quadratic, linearPart), opts.reduction ?? "mean", "huberLoss");
}

/** Smooth L1 (PyTorch `smooth_l1_loss`): the Huber loss divided by β. */
export function smoothL1Loss(
  input: Tensor,
  target: Tensor,
  opts: LossOptions & { beta?: number } = {},
): Tensor {
  const beta = opts.beta ?? 1;
  const huber = huberLoss(input, target, { delta: beta, reduction: "none" });
  return reduce(beta === 1 ? huber : div(huber, beta), opts.reduction ?? "mean", "smoothL1Loss");
}

/**
 * Label tensors (their tfjs values) already checked, with the class count they passed: a target
 * reused every epoch is read back once, not every step (a fresh one is read from the CPU copy
 * tfjs keeps until its first use on the GPU, so the check costs no GPU read).
 */
const checkedTargets = new WeakMap<object, number>();

function checkClassTarget(op: string, scores: Tensor, target: Tensor): void {
  Tensor.checkInputs(op, scores, target);
  if (scores.rank !== 2 || target.rank !== 1 || target.shape[0] !== scores.shape[0]) {
    throw new EngineError(
      `${op}: needs scores of shape [N, C] and N class indices, got ${fmtShape(scores.shape)} ` +
        `and ${fmtShape(target.shape)}`,
    );
  }
  // A class index outside 0..C−1 would pick no score at all (a loss of 0, silently).
  const classes = scores.shape[1];
  if ((checkedTargets.get(target.data) ?? Infinity) <= classes) return;
  const labels = target.data.dataSync();
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!(Number.isInteger(y) && y >= 0 && y < classes)) {
      throw new EngineError(
        `${op}: target[${i}] is ${y}, not a class index in 0..${classes - 1} (the scores ` +
          `${fmtShape(scores.shape)} have ${classes} classes)`,
      );
    }
  }
  checkedTargets.set(target.data, classes);
}

/** Negative log-likelihood: ℓᵢ = −log pᵢ[yᵢ], from log-probabilities [N, C] and classes [N]. */
export function nllLoss(logProbs: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  checkClassTarget("nllLoss", logProbs, target);
  return reduce(neg(gather(logProbs, target)), opts.reduction ?? "mean", "nllLoss");
}

/**
 * Cross-entropy from raw scores (logits): ℓᵢ = −log softmax(xᵢ)[yᵢ] = nllLoss(logSoftmax(x), y).
 * `target` holds class indices [N], or class probabilities [N, C] (then ℓᵢ = −Σⱼ yᵢⱼ log pᵢⱼ).
 */
export function crossEntropy(logits: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  const reduction = opts.reduction ?? "mean";
  if (target.rank === 2 && target.dtype === "float32") {
    sameShape("crossEntropy", logits, target);
    return reduce(neg(sum(mul(logSoftmax(logits, 1), target), 1)), reduction, "crossEntropy");
  }
  checkClassTarget("crossEntropy", logits, target);
  return nllLoss(logSoftmax(logits, 1), target, { reduction });
}

/** log p, clamped at −100 as PyTorch does, so p = 0 gives a large finite loss and no NaN. */
function clampedLog(p: Tensor): Tensor {
  const positive = gt(p, 0);
  const logp = log(where(positive, p, 1)); // log 1 = 0 where p = 0, with a zero gradient
  const l = where(positive, logp, -100);
  return where(lt(l, -100), -100, l);
}

/** Binary cross-entropy from probabilities p ∈ [0, 1]: ℓ = −(y log p + (1 − y) log(1 − p)). */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts: LossOptions = {}): Tensor {
  sameShape("binaryCrossEntropy", input, target);
  const pos = mul(clampedLog(input), target);
  const negative = mul(clampedLog(sub(1, input)), sub(1, target));
  return reduce(neg(add(pos, negative)), opts.reduction ?? "mean", "binaryCrossEntropy");
}

/**
 * Binary cross-entropy from a logit x (σ(x) = p), in the stable form
 * ℓ = max(x, 0) − x·y + log(1 + e^{−|x|}), which never takes the log of 0.
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  opts: LossOptions = {},
): Tensor {
  sameShape("binaryCrossEntropyWithLogits", input, target);
  const softplusPart = log(add(exp(neg(abs(input))), 1));
  const loss = add(sub(relu(input), mul(input, target)), softplusPart);
  return reduce(loss, opts.reduction ?? "mean", "binaryCrossEntropyWithLogits");
}

/** `x` as a Tensor (numbers become constants): convenience for composed code. */
export function asTensor(x: TensorLike): Tensor {
  return x instanceof Tensor ? x : Tensor.constant(tf.scalar(x));
}
