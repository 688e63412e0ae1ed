/**
 * Lesson 1's LineClassifier trainer in Deno on the CPU backend (no worker): it trains the line
 * toward the best one, starts from the reader's line, holds a and b inside the sliders' range,
 * stops a diverging run with the engine's message, keeps the tensor count flat and frees
 * everything on dispose.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import * as E from "../../engine/mod.ts";
import { create, type LineSnapshot } from "../../components/function/line_trainer.ts";
import { linePoints, scoreLine } from "../../components/function/line.ts";

await tf.setBackend("cpu");

const PROPS = { points: 40, seed: 1, range: 3 };

Deno.test("line trainer: starts from the reader's line and lowers the loss", async () => {
  const before = tf.memory().numTensors;
  const tr = await create(E, PROPS);
  tr.update!({ a: 0.5, b: 0, lr: 0.1, version: 3 });
  const s0 = await tr.snapshot();
  assert.equal(s0.a, 0.5);
  assert.equal(s0.b, 0);
  assert.equal(s0.version, 3);
  // The engine's loss is the plain-number loss the island draws (line.ts).
  const points = linePoints(40, 1);
  assert.ok(Math.abs(s0.loss - scoreLine(points, 0.5, 0).loss) < 1e-5, `${s0.loss}`);
  let last: LineSnapshot = s0;
  let alive = -1;
  for (let i = 0; i < 80; i++) {
    tr.step();
    if (i === 0) alive = tf.memory().numTensors; // the parameters' grads exist from now on
    if (i % 20 === 19) {
      const s = await tr.snapshot();
      assert.ok(s.loss < last.loss, `the loss falls: ${last.loss} → ${s.loss}`);
      last = s;
    }
  }
  // The browser test's threshold: the best line of these points has loss 0.276.
  assert.ok(last.loss < 0.3, `after 80 steps at η 0.1: ${last.loss}`);
  assert.equal(tf.memory().numTensors, alive, "tensors flat over steps and snapshots");
  tr.dispose();
  assert.equal(tf.memory().numTensors, before, "dispose frees every tensor");
});

Deno.test("line trainer: a and b stay inside the sliders' range", async () => {
  const tr = await create(E, PROPS);
  tr.update!({ a: 9, b: -9, version: 1 });
  const s = await tr.snapshot();
  assert.deepEqual([s.a, s.b], [3, -3]);
  // A huge learning rate pushes the line out; the snapshot holds it at the ends.
  tr.update!({ lr: 1e4 });
  for (let i = 0; i < 5; i++) tr.step();
  const s2 = await tr.snapshot();
  assert.ok(Math.abs(s2.a) <= 3 && Math.abs(s2.b) <= 3, JSON.stringify(s2));
  tr.dispose();
});

Deno.test("line trainer: a diverging run stops with the engine's message", async () => {
  const tr = await create(E, PROPS);
  tr.update!({ a: 0.5, b: 0, lr: Infinity, version: 1 });
  // Infinity is refused as a learning rate (it must be a finite positive number)...
  assert.equal(tr.optimizer!.lr, 0.1);
  // ... but a huge one overflows a within a few steps (no snapshot holds it back meanwhile).
  tr.update!({ lr: 3e38 });
  for (let i = 0; i < 10; i++) tr.step();
  await assert.rejects(() => tr.snapshot(), E.NonFiniteLossError);
  tr.dispose();
});

Deno.test("line trainer: bad props are a clear error", () => {
  assert.throws(() => create(E, { points: 0, seed: 1, range: 3 }), /points ≥ 1/);
});
