/**
 * Lesson 5's GraphStepper trainer in Deno on the CPU backend (no worker): `set` records both
 * graphs at the reader's values, SGD steps move the parameters the way the lesson computes, the
 * loss falls over 200 steps, a too-large learning rate stops with the engine's message, tensors
 * stay flat and dispose frees everything.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import * as E from "../../engine/mod.ts";
import { create } from "../../components/backprop/graph_trainer.ts";
import { EXPRESSIONS, lossAt, SPECS } from "../../components/backprop/expressions.ts";
import { LESSON_VALUES as LESSON, MSE_LINE_OPS } from "./backprop_fixtures.ts";

await tf.setBackend("cpu");

Deno.test("graph trainer: set records both views at the values; one SGD step is the lesson's", async () => {
  const before = tf.memory().numTensors;
  const tr = await create(E, { expr: "mse-line" });
  const rec = await tr.methods!.set({ values: LESSON });
  assert.equal(rec.key, "mse-line:2,1,3,10");
  assert.equal(rec.count, 0);
  assert.equal(rec.tensor.loss, 9);
  assert.deepEqual(rec.tensor.leafGrads, { a: -18, b: -6 });
  assert.deepEqual(rec.scalar.leafGrads, { a: -18, b: -6 });
  assert.deepEqual(rec.tensor.nodes.map((n) => n.op), MSE_LINE_OPS);
  assert.equal(rec.fd.length, 2);
  // Plain data: it crosses from the worker as it is.
  assert.deepEqual(structuredClone(rec), rec);
  // lr 0.01: a 2 → 2.18, b 1 → 1.06, loss 9 → 5.76.
  tr.update!({ lr: 0.01 });
  await tr.step();
  const s = await tr.snapshot();
  assert.ok(Math.abs(s.values.a[0] - 2.18) < 1e-5 && Math.abs(s.values.b[0] - 1.06) < 1e-5);
  assert.deepEqual(s.values.x, [3]);
  assert.ok(Math.abs(s.loss - 5.76) < 1e-4, `${s.loss}`);
  assert.equal(s.count, 1);
  tr.dispose();
  assert.equal(tf.memory().numTensors, before, "dispose frees every tensor");
});

Deno.test("graph trainer: 200 steps bring the loss below 1e-3; curve points; tensors flat", async () => {
  const before = tf.memory().numTensors;
  const tr = await create(E, { expr: "mse-line" });
  tr.update!({ lr: 0.01 });
  await tr.methods!.set({ values: LESSON });
  await tr.step();
  const alive = tf.memory().numTensors;
  const xs: number[] = [];
  let loss = NaN;
  for (let i = 1; i < 200; i++) {
    await tr.step();
    if (i % 50 === 0 || i === 199) {
      const s = await tr.snapshot();
      xs.push(...s.points[0]);
      loss = s.loss;
      assert.equal(tf.memory().numTensors, alive, "flat over steps and snapshots");
    }
  }
  assert.ok(loss < 1e-3, `loss after 200 steps: ${loss}`);
  assert.deepEqual(xs, Array.from({ length: 20 }, (_, i) => 10 * (i + 1)), "every 10th step");
  const rec = await tr.methods!.set({ values: LESSON });
  assert.equal(rec.count, 200, "set keeps the step count");
  assert.equal(rec.tensor.loss, 9, "set puts the values back");
  tr.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("graph trainer: lr 1 diverges; the snapshot throws the engine's NonFiniteLossError", async () => {
  const tr = await create(E, { expr: "mse-line" });
  tr.update!({ lr: 1 });
  for (let i = 0; i < 100; i++) await tr.step();
  await assert.rejects(() => tr.snapshot(), E.NonFiniteLossError);
  // The reader's values put back: the graph is finite again.
  const rec = await tr.methods!.set({ values: LESSON });
  assert.equal(rec.tensor.loss, 9);
  tr.dispose();
});

Deno.test("graph trainer: every expression trains (loss falls) and frees its tensors", async () => {
  for (const expr of EXPRESSIONS) {
    const before = tf.memory().numTensors;
    const tr = await create(E, { expr });
    tr.update!({ lr: 0.05 });
    const rec = await tr.methods!.set({ values: SPECS[expr].defaults });
    for (let i = 0; i < 20; i++) await tr.step();
    const s = await tr.snapshot();
    assert.ok(s.loss < rec.tensor.loss, `${expr}: ${rec.tensor.loss} → ${s.loss}`);
    assert.ok(Math.abs((await lossAt(E, expr, s.values)) - s.loss) < 1e-5, expr);
    tr.dispose();
    assert.equal(tf.memory().numTensors, before, expr);
  }
});

Deno.test("graph trainer: bad input is a clear error", async () => {
  assert.throws(() => create(E, { expr: "nope" as never }), /no expression named "nope"/);
  const tr = await create(E, { expr: "neuron" });
  await assert.rejects(async () => await tr.methods!.set({} as never), /needs \{ values \}/);
  tr.dispose();
});
