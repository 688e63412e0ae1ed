/**
 * The one helper that checks every op (tinygrad's `helper_test_op`): for random inputs it
 * compares
 *   1. the engine's value with a reference (the same math written with tfjs ops, and optionally
 *      plain JavaScript in float64),
 *   2. the engine's gradients with central finite differences  (f(x+h) − f(x−h)) / 2h, and
 *   3. the engine's gradients with `tf.grads` of the reference on the same inputs,
 * and that no tfjs tensor is left behind. The output is reduced to a scalar with fixed random
 * weights R (L = Σ out·R), so every output element matters to the gradient.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
// tf.grads needs the gradient functions, which tfjs-core only registers when asked.
// (the @tensorflow/tfjs bundle registers them all; the engine itself never needs them).
import "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { Generator, noGrad, Tensor } from "../../engine/mod.ts";

await tf.setBackend("cpu");

export interface InputSpec {
  shape: number[];
  /** Range of the random values (default [-2, 2]). */
  low?: number;
  high?: number;
  /** Fixed values instead of random ones. */
  values?: number[];
  /** Not differentiated (class indices, masks). */
  noGrad?: boolean;
  dtype?: "float32" | "int32" | "bool";
}

export interface OpCase {
  name: string;
  inputs: InputSpec[];
  engine: (...xs: Tensor[]) => Tensor;
  tfjs: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Optional float64 reference of the forward value (flat, row-major). */
  plain?: (...xs: number[][]) => number[];
  atol?: number;
  /** Finite-difference step (default 1e-2). */
  eps?: number;
  seed?: number;
}

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const tol = atol * (1 + Math.abs(expected[i]));
    assert.ok(
      Math.abs(actual[i] - expected[i]) <= tol,
      `${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (tolerance ${tol})`,
    );
  }
}

/** The case's inputs, drawn from its seed (fixed values where it gives them). */
function draw(c: OpCase): { gen: Generator; values: number[][] } {
  const gen = new Generator(c.seed ?? 1);
  const values = c.inputs.map((s) => {
    if (s.values) return s.values;
    const n = s.shape.reduce((k, d) => k * d, 1);
    return Array.from(gen.uniform(n, s.low ?? -2, s.high ?? 2));
  });
  return { gen, values };
}

/** The inputs as engine tensors; the float ones not marked `noGrad` require gradients. */
function leavesOf(c: OpCase, values: number[][]): Tensor[] {
  return c.inputs.map((s, i) =>
    new Tensor(tf.tensor(values[i], s.shape, s.dtype ?? "float32"), {
      requiresGrad: !s.noGrad && (s.dtype ?? "float32") === "float32",
    })
  );
}

/**
 * The engine's value and gradients for the case on the backend in use (the same inputs and
 * weights R as `checkOp`), as plain numbers, nothing left behind: for comparing backends.
 */
export function engineResult(c: OpCase): { value: number[]; grads: (number[] | null)[] } {
  const before = tf.memory().numTensors;
  const { gen, values } = draw(c);
  const leaves = leavesOf(c, values);
  const out = c.engine(...leaves);
  const value = Array.from(out.data.dataSync());
  const rT = new Tensor(tf.tensor(gen.uniform(out.size, 0.5, 1.5), out.shape));
  const loss = out.mul(rT).sum();
  loss.backward();
  const grads = leaves.map((l, i) =>
    l.requiresGrad && !c.inputs[i].noGrad && l.grad ? Array.from(l.grad.data.dataSync()) : null
  );
  for (const t of [loss, rT, out, ...leaves]) t.dispose();
  assert.equal(tf.memory().numTensors, before, `${c.name}: tfjs tensors leaked`);
  return { value, grads };
}

export function checkOp(c: OpCase): void {
  const before = tf.memory().numTensors;
  const { gen, values } = draw(c);
  const atol = c.atol ?? 2e-3;
  const eps = c.eps ?? 1e-2;

  // 1. forward against tfjs (and plain JS)
  const leaves = leavesOf(c, values);
  const out = c.engine(...leaves);
  const refOut = tf.tidy(() => c.tfjs(...leaves.map((l) => l.data)));
  assert.deepEqual(out.shape, refOut.shape, `${c.name}: output shape`);
  close(out.data.dataSync(), refOut.dataSync(), atol, `${c.name} value vs tfjs`);
  if (c.plain) {
    close(out.data.dataSync(), c.plain(...values), atol, `${c.name} value vs plain JS`);
  }
  const R = gen.uniform(out.size, 0.5, 1.5);
  const rT = new Tensor(tf.tensor(R, out.shape));

  // 2. engine gradients
  const loss = out.mul(rT).sum();
  loss.backward();
  loss.dispose();
  const diff = c.inputs.map((s, i) => leaves[i].requiresGrad && !s.noGrad);

  // 3. tf.grads on the same inputs
  const gradIdx = diff.flatMap((d, i) => (d ? [i] : []));
  const tfGrads = tf.tidy(() => {
    const f = (...xs: tf.Tensor[]) => {
      const all = leaves.map((l, i) => (gradIdx.includes(i) ? xs[gradIdx.indexOf(i)] : l.data));
      return tf.sum(tf.mul(c.tfjs(...all), rT.data));
    };
    return tf.grads(f)(gradIdx.map((i) => leaves[i].data));
  });

  // 4. central finite differences of the engine's forward, value by value
  const lossAt = (i: number, k: number, delta: number): number =>
    noGrad(() => {
      const xs = leaves.map((l, j) => {
        if (j !== i) return l;
        const v = values[j].slice();
        v[k] += delta;
        return new Tensor(tf.tensor(v, l.shape));
      });
      const y = c.engine(...xs).data;
      return tf.sum(tf.mul(y, rT.data)).dataSync()[0];
    });

  gradIdx.forEach((i, n) => {
    const g = leaves[i].grad;
    assert.ok(g, `${c.name}: input ${i} got no gradient`);
    assert.deepEqual(g.shape, leaves[i].shape, `${c.name}: grad shape of input ${i}`);
    const engineGrad = g.data.dataSync();
    close(engineGrad, tfGrads[n].dataSync(), atol, `${c.name} grad[${i}] vs tf.grads`);
    const fd = values[i].map((_, k) => (lossAt(i, k, eps) - lossAt(i, k, -eps)) / (2 * eps));
    close(engineGrad, fd, Math.max(atol, 1e-2), `${c.name} grad[${i}] vs finite differences`);
  });

  tfGrads.forEach((t) => t.dispose());
  refOut.dispose();
  rT.dispose();
  out.dispose();
  leaves.forEach((l) => l.dispose());
  assert.equal(tf.memory().numTensors, before, `${c.name}: tfjs tensors leaked`);
}
