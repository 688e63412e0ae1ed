/**
 * conv2d's gradients on the WASM backend, where they are forward convolutions over flipped or
 * transposed tensors (engine/ops/conv.ts), against `tf.grads` on the CPU backend (its own
 * backprop kernels) for each padding, strides 1 to 3, several channel counts and batches.
 */
import * as tf from "@tensorflow/tfjs-core";
// tf.grads needs the gradient functions, which the tfjs bundle registers.
import "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { F, Generator, initBackend, type Tensor, tensor } from "../../engine/mod.ts";
import type { Padding } from "../../engine/ops/conv.ts";
import { WASM_PATH } from "../fixtures/runtime.ts";

const wasmPath = WASM_PATH;

const cases: [number[], number[], number, Padding][] = [
  [[4, 28, 28, 1], [3, 3, 1, 8], 1, "valid"],
  [[4, 13, 13, 8], [3, 3, 8, 16], 1, "valid"],
  [[3, 14, 14, 16], [3, 3, 16, 32], 1, "same"],
  [[2, 6, 6, 2], [2, 2, 2, 3], 1, "same"],
  [[2, 5, 5, 2], [3, 3, 2, 2], 1, 1],
  [[2, 9, 9, 3], [3, 3, 3, 4], 2, "valid"],
  [[2, 8, 7, 3], [3, 3, 3, 2], 2, "same"],
  [[3, 8, 8, 1], [5, 5, 1, 2], 2, "same"],
  [[2, 7, 7, 2], [3, 3, 2, 2], 2, 1],
  [[1, 10, 10, 2], [3, 3, 2, 2], 3, "valid"],
];

Deno.test("conv2d gradients on WASM match tf.grads on CPU", async () => {
  const results: { engine: Float32Array[]; ref: Float32Array[]; name: string }[] = [];
  const g = new Generator(5);
  const inputs = cases.map(([xs, ws]) => ({
    x: g.uniform(xs.reduce((a, b) => a * b), -1, 1),
    w: g.uniform(ws.reduce((a, b) => a * b), -1, 1),
  }));

  assert.equal((await initBackend({ wasmPath })).name, "wasm");
  const before = tf.memory().numTensors;
  const onWasm = cases.map(([xs, ws, stride, pad], i) => {
    const x = tensor(inputs[i].x, xs, { requiresGrad: true });
    const w = tensor(inputs[i].w, ws, { requiresGrad: true });
    const y = F.conv2d(x, w, stride, pad);
    // L = Σ out · r with r fixed, so every output element matters.
    const r = tensor(Float32Array.from({ length: y.size }, (_, k) => Math.sin(k)), y.shape);
    const loss = y.mul(r).sum();
    loss.backward();
    const grads = [x, w].map((t: Tensor) => Float32Array.from(t.grad!.dataSync()));
    for (const t of [loss, r, x, w]) t.dispose();
    return grads;
  });
  assert.equal(tf.memory().numTensors, before, "tensors leaked on WASM");

  await initBackend({ prefer: "cpu" });
  cases.forEach(([xs, ws, stride, pad], i) => {
    const ref = tf.tidy(() => {
      const x = tf.tensor4d(inputs[i].x, xs as [number, number, number, number]);
      const w = tf.tensor4d(inputs[i].w, ws as [number, number, number, number]);
      const f = (a: tf.Tensor, b: tf.Tensor) => {
        const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad);
        const r = tf.tensor(Float32Array.from({ length: y.size }, (_, k) => Math.sin(k)), y.shape);
        return tf.sum(tf.mul(y, r));
      };
      return tf.grads(f)([x, w]).map((t) => t.dataSync() as Float32Array);
    });
    results.push({
      engine: onWasm[i],
      ref,
      name: `x ${xs.join("×")} w ${ws.join("×")} stride ${stride} pad ${pad}`,
    });
  });
  for (const { engine, ref, name } of results) {
    ["∂x", "∂w"].forEach((what, k) => {
      assert.equal(engine[k].length, ref[k].length, `${name} ${what}: length`);
      engine[k].forEach((v, j) => {
        const tol = 1e-4 * (1 + Math.abs(ref[k][j])) * 10;
        assert.ok(Math.abs(v - ref[k][j]) <= tol, `${name} ${what}[${j}]: ${v} vs ${ref[k][j]}`);
      });
    });
  }
});

/** [input shape, window, stride, ReLU before the pool] */
const poolCases: [number[], number, number, boolean][] = [
  [[4, 26, 26, 8], 2, 2, false],
  [[4, 26, 26, 8], 2, 2, true],
  [[2, 11, 11, 4], 2, 2, true],
  [[2, 7, 7, 2], 3, 2, false],
  [[2, 9, 9, 3], 3, 3, false],
];

Deno.test("maxPool2d's gradient on WASM matches tf.grads on CPU", async () => {
  // With ReLU before the pool (as in the MNIST CNN) windows hold tied zeros, and which of them the
  // gradient lands on differs between kernels; ReLU's gradient is 0 at all of them, so ∂L/∂x of
  // the pair must still agree everywhere.
  const g = new Generator(6);
  const inputs = poolCases.map(([xs]) => g.uniform(xs.reduce((a, b) => a * b), -1, 1));
  const pool = (x: Tensor, [, k, s, relu]: (typeof poolCases)[number]) =>
    F.maxPool2d(relu ? x.relu() : x, k, s);

  assert.equal((await initBackend({ wasmPath })).name, "wasm");
  const before = tf.memory().numTensors;
  const onWasm = poolCases.map((c, i) => {
    const x = tensor(inputs[i], c[0], { requiresGrad: true });
    const y = pool(x, c);
    const r = tensor(Float32Array.from({ length: y.size }, (_, k) => Math.sin(k)), y.shape);
    const loss = y.mul(r).sum();
    loss.backward();
    const grad = Float32Array.from(x.grad!.dataSync());
    for (const t of [loss, r, x]) t.dispose();
    return grad;
  });
  assert.equal(tf.memory().numTensors, before, "tensors leaked on WASM");

  await initBackend({ prefer: "cpu" });
  poolCases.forEach(([xs, k, s, relu], i) => {
    const ref = tf.tidy(() => {
      const f = (a: tf.Tensor) => {
        const y = tf.maxPool((relu ? tf.relu(a) : a) as tf.Tensor4D, k, s, "valid");
        const r = tf.tensor(Float32Array.from({ length: y.size }, (_, j) => Math.sin(j)), y.shape);
        return tf.sum(tf.mul(y, r));
      };
      return tf.grad(f)(tf.tensor(inputs[i], xs)).dataSync() as Float32Array;
    });
    const name = `x ${xs.join("×")} window ${k} stride ${s}${relu ? " after ReLU" : ""}`;
    assert.equal(onWasm[i].length, ref.length, `${name}: length`);
    onWasm[i].forEach((v, j) =>
      assert.ok(Math.abs(v - ref[j]) <= 1e-5, `${name} ∂x[${j}]: ${v} vs ${ref[j]}`)
    );
  });
});
