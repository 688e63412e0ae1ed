/**
 * Lesson 3's trainers on the engine in Deno (CPU backend), as the runtime runs them: built from
 * plain props, stepped, read through snapshots. LossFit's line reaches least squares and its
 * derivatives agree with the formula; LossLandscape settles at η = 0.25 and reports divergence at
 * 0.5 (then refuses to step, with the reason); ClassifierLoss's table is the engine's and
 * cross-entropy outruns MSE; tensors stay flat and dispose frees everything.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import * as E from "../../engine/mod.ts";
import * as fit from "../../components/loss/fit_trainer.ts";
import * as landscape from "../../components/loss/landscape_trainer.ts";
import * as classifier from "../../components/loss/classifier_trainer.ts";
import { appendCapped } from "../../components/loss/engine_losses.ts";
import {
  LANDSCAPE,
  leastSquares,
  lossGrad,
  lossValue,
  makePoints,
  nll,
  START,
} from "../../components/loss/math.ts";
import { TRAINERS } from "../../components/trainers.ts";

await tf.setBackend("cpu");

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

async function steps(t: { step(): void | Promise<void> }, n: number) {
  for (let i = 0; i < n; i++) await t.step();
}

Deno.test("the runtime's registry opens the three loss trainers", async () => {
  for (const kind of ["loss-fit", "loss-landscape", "loss-classifier"] as const) {
    const module = await TRAINERS[kind]();
    assert.equal(typeof module.create, "function", kind);
  }
});

Deno.test("LossFit: MSE reaches least squares, derivatives agree, tensors flat, dispose frees", async () => {
  const base = E.numTensors();
  const t = await fit.create(E, { points: 30, outliers: false, a: START.a, b: START.b });
  t.update!({ kind: "mse", delta: 1 });
  const pts = makePoints(30, false);
  const s0 = await t.snapshot();
  assert.deepEqual([s0.a, s0.b], [START.a, START.b]);
  assert.deepEqual(s0.curve, [[], []]);
  close(s0.loss, lossValue("mse", START.a, START.b, pts), 1e-4, "L at the start");
  const formula = lossGrad("mse", START.a, START.b, pts);
  for (const i of [0, 1]) {
    close(s0.backward[i], formula[i], 1e-4 * Math.max(1, Math.abs(formula[i])), "backward()");
    close(s0.fd[i], s0.backward[i], 5e-3 * Math.max(1, Math.abs(formula[i])), "f.d.");
  }
  await steps(t, 10);
  const s1 = await t.snapshot();
  const tensors = E.numTensors();
  await steps(t, 290);
  const s2 = await t.snapshot();
  assert.equal(E.numTensors(), tensors, "300 steps leave as many tensors as 10");
  assert.deepEqual(s2.curve[0], Array.from({ length: 300 }, (_, i) => i + 1), "every step");
  assert.ok(s2.curve[1][0] > s2.curve[1][299], "the loss fell");
  assert.ok(s1.loss > s2.loss, `${s1.loss} → ${s2.loss}`);
  const ls = leastSquares(pts);
  close(s2.a, ls.a, 0.02, "a at least squares");
  close(s2.b, ls.b, 0.02, "b at least squares");
  // At the minimum the derivatives vanish.
  for (const g of s2.backward) assert.ok(Math.abs(g) < 1e-3, `∂L = ${g} at the minimum`);

  // MAE, live: the loss and derivatives follow without a rebuild.
  t.update!({ kind: "mae" });
  const mae = await t.snapshot();
  assert.equal(mae.kind, "mae");
  close(mae.loss, lossValue("mae", mae.a, mae.b, pts), 1e-4, "MAE at (a, b)");
  t.dispose();
  assert.equal(E.numTensors(), base, "dispose frees every tensor");
});

Deno.test("LossFit: outliers pull MSE's slope, MAE holds", async () => {
  const run = async (kind: string) => {
    const t = await fit.create(E, { points: 30, outliers: true, a: START.a, b: START.b });
    t.update!({ kind, delta: 1 });
    await steps(t, kind === "mse" ? 300 : 1500);
    const s = await t.snapshot();
    t.dispose();
    return s.a;
  };
  const mse = await run("mse");
  const mae = await run("mae");
  assert.ok(mse > 1.9, `MSE's slope pulled up: ${mse}`);
  assert.ok(mae < 1.5, `MAE's slope holds: ${mae}`);
});

Deno.test("LossFit: the reader's points replace the data live; bounded; tensors flat", async () => {
  const base = E.numTensors();
  const t = await fit.create(E, { points: 30, outliers: false, a: START.a, b: START.b });
  t.update!({ kind: "mse", delta: 1 });
  const pts = makePoints(30, false);
  const flat = (p: { xs: number[]; ys: number[] }) => p.xs.flatMap((x, i) => [x, p.ys[i]]);
  await steps(t, 300);
  const clean = await t.snapshot();
  const tensors = E.numTensors();
  // The reader drags one point far up at the right end: MSE's slope follows, with no rebuild.
  const moved = { xs: [...pts.xs, 2], ys: [...pts.ys, 7.5] };
  t.update!({ points: flat(moved) });
  await steps(t, 300);
  const s = await t.snapshot();
  assert.equal(s.curve[0].length, 600, "the curve goes on: the same trainer");
  close(s.a, leastSquares(moved).a, 0.02, "a at the new least squares");
  assert.ok(s.a > clean.a + 0.3, `the slope rose: ${clean.a} → ${s.a}`);
  assert.equal(E.numTensors(), tensors, "tensors flat over an update of the points");
  // Values outside the plot are held at its edges; non-numbers dropped; a single point ignored.
  t.update!({ points: [0, 1e9, 1, "x", 9, -9, 5, 2] });
  close(
    (await t.snapshot()).loss,
    lossValue("mse", s.a, s.b, { xs: [0, 2.1, 2.1], ys: [8, -1, 2] }),
    1e-3,
    "bounded",
  );
  t.update!({ points: [1, 1] });
  t.dispose();
  assert.equal(E.numTensors(), base, "dispose frees every tensor");
});

Deno.test("LossFit: compare trains the other two losses' lines beside it", async () => {
  const base = E.numTensors();
  const t = await fit.create(E, { points: 30, outliers: true, a: START.a, b: START.b });
  t.update!({ kind: "mse", delta: 1, compare: true });
  await steps(t, 1500);
  const s = await t.snapshot();
  assert.deepEqual(Object.keys(s.others).sort(), ["huber", "mae"]);
  const [maeA] = s.others.mae!, [huberA] = s.others.huber!;
  console.log(`  outliers, 1500 steps: slope MSE ${s.a}, Huber ${huberA}, MAE ${maeA}`);
  assert.ok(s.a > huberA && huberA > maeA, `MSE pulled most, MAE least: ${s.a} ${huberA} ${maeA}`);
  const tensors = E.numTensors();
  await steps(t, 10);
  await t.snapshot();
  assert.equal(E.numTensors(), tensors, "tensors flat with the comparison lines");
  // Switching the loss swaps which two are compared; compare off frees them.
  t.update!({ kind: "mae" });
  assert.deepEqual(Object.keys((await t.snapshot()).others).sort(), ["huber", "mse"]);
  t.update!({ compare: false });
  assert.deepEqual((await t.snapshot()).others, {});
  t.dispose();
  assert.equal(E.numTensors(), base, "dispose frees every tensor");
});

Deno.test("LossFit: a NaN loss stops the snapshot with the engine's message", async () => {
  const t = await fit.create(E, { points: 30, outliers: false, a: NaN, b: 0 });
  await t.step();
  await assert.rejects(() => t.snapshot(), E.NonFiniteLossError);
  t.dispose();
  assert.throws(
    () => fit.create(E, { points: 1, outliers: false, a: 0, b: 0 }),
    /at least 2 points/,
  );
});

Deno.test("LossLandscape: the grid, settling at η = 0.25, divergence at η = 0.5", async () => {
  const base = E.numTensors();
  const t = await landscape.create(E, { kind: "mse" });
  const grid = await t.methods!.landscape();
  assert.equal(grid.length, LANDSCAPE.grid ** 2);
  const pts = makePoints(30, false);
  // Node (0, 0) is a = −2, b = −3.
  close(grid[0], lossValue("mse", -2, -3, pts), 1e-3, "L at the grid's corner");

  t.update!({ lr: 0.25 });
  const s0 = await t.snapshot();
  assert.deepEqual([s0.a, s0.b, s0.step], [[START.a], [START.b], [0]]);
  await steps(t, 60);
  await t.snapshot(); // two snapshots make one path
  const tensors = E.numTensors();
  await steps(t, 60);
  const s = await t.snapshot();
  assert.equal(E.numTensors(), tensors, "steps leave no tensors behind");
  assert.equal(s.step.length, 121);
  assert.deepEqual(s.step, Array.from({ length: 121 }, (_, i) => i));
  assert.equal(s.diverged, null);
  const last = s.loss[120];
  close(last, lossValue("mse", s.a[120], s.b[120], pts), 1e-4, "L at the tip");
  assert.ok(last < 0.06 && last < s.loss[0], `settled: ${s.loss[0]} → ${last}`);
  t.dispose();

  const big = await landscape.create(E, { kind: "mse" });
  big.update!({ lr: 0.5 });
  await steps(big, 120);
  const d = await big.snapshot();
  assert.ok(d.diverged !== null && d.diverged > 0, `diverged at ${d.diverged}`);
  const end = d.a.length - 1;
  assert.equal(d.step[end], d.diverged, "the path ends where it blew up");
  assert.ok(Math.abs(d.a[end]) >= landscape.BLOW_UP || Math.abs(d.b[end]) >= landscape.BLOW_UP);
  assert.ok(d.a.slice(0, end).every((a) => Math.abs(a) < landscape.BLOW_UP));
  assert.throws(
    () => big.step(),
    (e: Error) => e instanceof E.EngineError && /diverged/.test(e.message),
  );
  big.dispose();
  assert.equal(E.numTensors(), base, "dispose frees every tensor");
});

Deno.test("ClassifierLoss: the engine's table, CE outruns MSE from a confident mistake", async () => {
  const base = E.numTensors();
  const z = [-2, 0, 4];
  const t = await classifier.create(E, { z, y: 0 });
  const s0 = await t.snapshot();
  const ev = s0.evaluation;
  close(ev.ce.value, nll(z, 0), 1e-4, "crossEntropy");
  close(ev.nll.value, ev.ce.value, 1e-6, "nllLoss(logSoftmax) = crossEntropy");
  close(ev.ce.grad[0], ev.probs[0] - 1, 1e-5, "∂CE/∂z = p − y");
  assert.ok(Math.abs(ev.mse.grad[0]) < 0.01, `MSE's gradient vanishes: ${ev.mse.grad[0]}`);
  assert.deepEqual(s0.step, [0]);
  await steps(t, 10);
  await t.snapshot();
  const tensors = E.numTensors();
  await steps(t, 140);
  const s = await t.snapshot();
  assert.equal(E.numTensors(), tensors, "steps leave no tensors behind");
  assert.equal(s.step.length, 151);
  assert.ok(s.lossCe < 0.01, `cross-entropy after 150 steps: ${s.lossCe}`);
  assert.ok(s.pCe[150] > 0.99 && s.pMse[150] < s.pCe[150], `CE ${s.pCe[150]}, MSE ${s.pMse[150]}`);
  t.dispose();
  assert.equal(E.numTensors(), base, "dispose frees every tensor");
  assert.throws(() => classifier.create(E, { z: [1, 2], y: 2 }), /right class 2/);
});

Deno.test("appendCapped: at most max rows, halving past it, the last row kept", () => {
  const cols: number[][] = [[], []];
  for (let i = 0; i < 25; i++) appendCapped(cols, [i, 2 * i], 10);
  assert.ok(cols[0].length <= 10, `${cols[0].length} rows`);
  assert.equal(cols[0][cols[0].length - 1], 24);
  assert.deepEqual(cols[1], cols[0].map((x) => 2 * x));
});
