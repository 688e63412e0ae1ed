/** Making leaf tensors: from values, filled, or random from a seeded generator. */
import * as tf from "@tensorflow/tfjs-core";
import { checkShape, EngineError, fmtShape } from "./errors.ts";
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

/**
 * A leaf from (nested) numbers or a typed array; `shape` is needed for a flat array. Nested
 * arrays must be rectangular (every row as long as the others) and hold only numbers.
 */
export function tensor(values: Values, shape?: number[], opts: CreateOptions = {}): Tensor {
  const found = typeof values === "number" ? [] : nestedShape(values);
  if (shape !== undefined) {
    const n = checkShape("tensor", shape);
    const given = found.reduce((k, d) => k * d, 1);
    if (n !== given) {
      throw new EngineError(
        `tensor: shape ${fmtShape(shape)} needs ${n} values, got ${given}` +
          (found.length > 1 ? ` (nested as ${fmtShape(found)})` : ""),
      );
    }
  } else checkShape("tensor", found);
  return new Tensor(tf.tensor(values, shape, opts.dtype ?? "float32"), opts);
}

/**
 * The shape of nested arrays (a typed array is flat), checking that they are rectangular and hold
 * numbers: `[[1, 2], [3]]` is an EngineError, where tfjs would make a tensor of it.
 */
function nestedShape(values: unknown): number[] {
  if (ArrayBuffer.isView(values)) return [(values as Float32Array).length];
  const shape: number[] = [];
  for (let v = values; Array.isArray(v); v = v[0]) shape.push(v.length);
  const check = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== "number" && typeof v !== "boolean") {
        throw new EngineError(`tensor: element ${path} is ${String(v)}, not a number`);
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new EngineError(
        `tensor: ragged nested array: ${path || "the array"} has ${
          Array.isArray(v) ? `${v.length} elements` : "a number"
        } where ${shape[depth]} were expected (every row must be as long as the first, ${
          fmtShape(shape.slice(depth))
        })`,
      );
    }
    for (let i = 0; i < v.length; i++) check(v[i], depth + 1, `${path}[${i}]`);
  };
  check(values, 0, "");
  return shape;
}

export function zeros(shape: number[], opts: CreateOptions = {}): Tensor {
  checkShape("zeros", shape);
  return new Tensor(tf.zeros(shape, opts.dtype ?? "float32"), opts);
}

export function ones(shape: number[], opts: CreateOptions = {}): Tensor {
  checkShape("ones", shape);
  return new Tensor(tf.ones(shape, opts.dtype ?? "float32"), opts);
}

/** Samples of N(0, 1). */
export function randn(
  shape: number[],
  opts: CreateOptions & { generator?: Generator } = {},
): Tensor {
  const n = checkShape("randn", shape);
  return new Tensor(tf.tensor(gen(opts).normal(n), shape), opts);
}

/** Samples of U[0, 1). */
export function rand(
  shape: number[],
  opts: CreateOptions & { generator?: Generator } = {},
): Tensor {
  const n = checkShape("rand", shape);
  return new Tensor(tf.tensor(gen(opts).uniform(n), shape), opts);
}

function gen(opts: { generator?: Generator }): Generator {
  return opts.generator ?? defaultGenerator;
}
