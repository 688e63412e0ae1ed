/**
 * The GraphStepper's logic on the engine in Deno (CPU backend): the graphs recorded for each
 * expression in both views, the chain-rule terms recomputed at every node against the engine's
 * grads, finite differences, the hand-derived gradients of the lesson, memory, and the layout.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import * as E from "../../engine/mod.ts";
import {
  EXPRESSIONS,
  finiteDifferences,
  record,
  SPECS,
} from "../../components/backprop/expressions.ts";
import { broadcastIndex, chainAt, forwardTex } from "../../components/backprop/chain.ts";
import { layoutGraph } from "../../components/backprop/layout.ts";
import { LESSON_VALUES, MSE_LINE_OPS } from "./backprop_fixtures.ts";

await tf.setBackend("cpu");

const close = (a: number, b: number, tol = 1e-4) =>
  Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

Deno.test("y = ax + b with MSE on one point: the lesson's numbers", async () => {
  const g = await record(E, "mse-line", LESSON_VALUES, "tensor");
  assert.deepEqual(g.nodes.map((n) => n.op), MSE_LINE_OPS);
  assert.equal(g.loss, 9);
  assert.deepEqual(g.leafGrads, { a: -18, b: -6 });
  const s = await record(E, "mse-line", LESSON_VALUES, "scalar");
  assert.deepEqual(s.leafGrads, { a: -18, b: -6 });
});

Deno.test("mse-points: grads are 2/n Σ (a xᵢ + b − yᵢ) xᵢ and 2/n Σ (a xᵢ + b − yᵢ)", async () => {
  const vals = { a: [0.7], b: [-0.4], x: [3, 1, -1], y: [10, 4, 0] };
  const n = 3;
  const r = vals.x.map((x, i) => vals.a[0] * x + vals.b[0] - vals.y[i]);
  const da = (2 / n) * r.reduce((s, ri, i) => s + ri * vals.x[i], 0);
  const db = (2 / n) * r.reduce((s, ri) => s + ri, 0);
  for (const view of ["tensor", "scalar"] as const) {
    const g = await record(E, "mse-points", vals, view);
    assert.ok(close(g.leafGrads.a, da), `${view}: ${g.leafGrads.a} vs ${da}`);
    assert.ok(close(g.leafGrads.b, db), `${view}: ${g.leafGrads.b} vs ${db}`);
  }
});

Deno.test("the tensor graph of mse-line is the one F.mseLoss records", () => {
  const a = E.tensor([2], [1], { requiresGrad: true });
  const b = E.tensor([1], [1], { requiresGrad: true });
  const x = E.tensor([3]), y = E.tensor([10]);
  const loss = E.F.mseLoss(x.mul(a).add(b), y);
  const ops = E.graphOf(loss).map((t) => t.op);
  assert.deepEqual(ops, [null, null, "mul", null, "add", null, "sub", "pow", "mean"]);
  loss.dispose();
  for (const t of [a, b, x, y]) t.dispose();
});

for (const id of EXPRESSIONS) {
  Deno.test(`${id}: scalar and tensor views agree, chain terms add up to the engine's grads, FD agrees`, async () => {
    const spec = SPECS[id];
    const before = tf.memory().numTensors;
    const t = await record(E, id, spec.defaults, "tensor");
    const s = await record(E, id, spec.defaults, "scalar");
    assert.ok(close(t.loss, s.loss), `loss ${t.loss} vs ${s.loss}`);
    assert.deepEqual(Object.keys(t.leafGrads).sort(), Object.keys(s.leafGrads).sort());
    for (const key of Object.keys(t.leafGrads)) {
      assert.ok(
        close(t.leafGrads[key], s.leafGrads[key]),
        `${key}: ${t.leafGrads[key]} vs ${s.leafGrads[key]}`,
      );
    }
    for (const g of [t, s]) {
      // Every node backward() visits: the JS terms sum to the engine's grad.
      for (const id of g.steps) {
        const c = chainAt(g.nodes, id);
        assert.ok(c.mismatch < 1e-4, `${g.view} node ${g.nodes[id].text}: mismatch ${c.mismatch}`);
        assert.ok(forwardTex(g.nodes, id).length > 0);
      }
      assert.equal(g.steps[0], g.nodes.length - 1, "backward starts at the loss");
      const layout = layoutGraph(g.nodes);
      assert.equal(layout.boxes.length, g.nodes.length);
      const edges = g.nodes.reduce((k, n) => k + n.parents.length, 0);
      assert.equal(layout.edges.length, edges);
      assert.ok(layout.edges.every((e) => e.d.startsWith("M")));
    }
    const fd = await finiteDifferences(E, id, spec.defaults);
    for (const f of fd) {
      assert.ok(
        Math.abs(f.numeric - t.leafGrads[f.key]) < 2e-2 * Math.max(1, Math.abs(t.leafGrads[f.key])),
        `${f.key}: FD ${f.numeric} vs ${t.leafGrads[f.key]}`,
      );
    }
    assert.equal(tf.memory().numTensors, before, "every tensor freed");
  });
}

Deno.test("broadcastIndex maps output elements to the input element they came from", () => {
  assert.deepEqual(broadcastIndex([2, 3], [1, 3]), [0, 1, 2, 0, 1, 2]);
  assert.deepEqual(broadcastIndex([2, 3], [2, 1]), [0, 0, 0, 1, 1, 1]);
  assert.deepEqual(broadcastIndex([3], [1]), [0, 0, 0]);
  assert.deepEqual(broadcastIndex([2, 2], []), [0, 0, 0, 0]);
});
