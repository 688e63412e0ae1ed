/** Making leaf tensors: from values, filled, or random from a seeded generator. */
import * as tf from "@tensorflow/tfjs-core";
import { defaultGenerator, type Generator } from "./random.ts";
import { Tensor } from "./tensor.ts";

export interface CreateOptions {
  requiresGrad?: boolean;
  label?: string;
  dtype?: "float32" | "int32" | "bool";
}

type Values =
  | number
  | number[]
  | number[][]
  | number[][][]
  | number[][][][]
  | Float32Array
  | Int32Array
  | Uint8Array;

/** A leaf from (nested) numbers or a typed array; `shape` is needed for a flat array. */
export function tensor(values: Values, shape?: number[], opts: CreateOptions = {}): Tensor {
  return new Tensor(tf.tensor(values, shape, opts.dtype ?? "float32"), opts);
}

export function zeros(shape: number[], opts: CreateOptions = {}): Tensor {
  return new Tensor(tf.zeros(shape, opts.dtype ?? "float32"), opts);
}

export function ones(shape: number[], opts: CreateOptions = {}): Tensor {
  return new Tensor(tf.ones(shape, opts.dtype ?? "float32"), opts);
}

/** Samples of N(0, 1). */
export function randn(
  shape: number[],
  opts: CreateOptions & { generator?: Generator } = {},
): Tensor {
  const n = shape.reduce((k, d) => k * d, 1);
  return new Tensor(tf.tensor(gen(opts).normal(n), shape), opts);
}

/** Samples of U[0, 1). */
export function rand(
  shape: number[],
  opts: CreateOptions & { generator?: Generator } = {},
): Tensor {
  const n = shape.reduce((k, d) => k * d, 1);
  return new Tensor(tf.tensor(gen(opts).uniform(n), shape), opts);
}

function gen(opts: { generator?: Generator }): Generator {
  return opts.generator ?? defaultGenerator;
}
