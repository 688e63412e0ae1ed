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

// ---------------------------------------------------------------- the Playground's trainer

import {
  create as createPlayground,
  INSIDE_LINES,
  INSIDE_SAMPLES,
  LIVE_MAP_MS,
  type PlaygroundSnapshot,
  type PlaygroundTrainerProps,
} from "../../components/function/playground_trainer.ts";
import { makeRegression, splitData } from "../../components/function/datasets.ts";
import { checkPlaygroundFeatures } from "../../components/exercises/checkers.ts";
import { PLAYGROUND_TASK } from "../../components/exercises/defs.ts";

const PG: PlaygroundTrainerProps = {
  dataset: "circles",
  points: 40,
  noise: 0,
  split: 0.5,
  seed: 3,
  hidden: [3],
  activation: "tanh",
  optimizer: "sgd",
  lr: 0.01,
  batch: 20, // every training point: one step is one full-batch gradient step
  grid: 8,
};

const total = (s: PlaygroundSnapshot) => s.trainLoss + s.penalty;

/** The first layer's weights after one SGD step, as the gradient the step used: (w₀ − w₁)/η. */
async function stepGradient(props: PlaygroundTrainerProps): Promise<Float32Array> {
  const tr = await createPlayground(E, props);
  const w0 = Float32Array.from((await tr.snapshot()).layers[0].weight);
  tr.step();
  const w1 = (await tr.snapshot()).layers[0].weight;
  tr.dispose();
  return w0.map((w, i) => (w - w1[i]) / props.lr);
}

for (const reg of ["l1", "l2"] as const) {
  Deno.test(`playground trainer: the ${reg} penalty's gradient matches finite differences`, async () => {
    const props = { ...PG, reg, regRate: 0.1 };
    const g = await stepGradient(props);
    const plain = await stepGradient({ ...PG });
    const tr = await createPlayground(E, props);
    const s0 = await tr.snapshot();
    const w = Float32Array.from(s0.layers[0].weight);
    assert.ok(s0.penalty > 0, `a penalty: ${s0.penalty}`);
    const eps = 1e-2;
    for (let i = 0; i < w.length; i++) {
      const [from, to] = [i % 2, Math.floor(i / 2)];
      await tr.methods!.setWeight({ layer: 1, from, to, value: w[i] + eps });
      const up = total(await tr.snapshot());
      await tr.methods!.setWeight({ layer: 1, from, to, value: w[i] - eps });
      const down = total(await tr.snapshot());
      await tr.methods!.setWeight({ layer: 1, from, to, value: w[i] });
      const fd = (up - down) / (2 * eps);
      assert.ok(Math.abs(fd - g[i]) < 2e-3 + 1e-2 * Math.abs(fd), `w${i}: fd ${fd}, step ${g[i]}`);
      // The penalty's own part: rate·sign(w) for L1, rate·w for L2.
      const want = 0.1 * (reg === "l1" ? Math.sign(w[i]) : w[i]);
      assert.ok(Math.abs(g[i] - plain[i] - want) < 1e-3, `w${i}: ${g[i] - plain[i]} vs ${want}`);
    }
    tr.dispose();
  });
}

Deno.test("playground trainer: regression trains with mean squared error", async () => {
  const props: PlaygroundTrainerProps = {
    ...PG,
    dataset: "plane",
    problem: "regression",
    points: 200,
    hidden: [4],
    initZero: true,
    optimizer: "adam",
    batch: 10,
  };
  const before = tf.memory().numTensors;
  const tr = await createPlayground(E, props);
  // Every weight 0, every bias 0.1: the network outputs 0.1 everywhere.
  const s0 = await tr.snapshot();
  const { train } = splitData(makeRegression("plane", 200, 0, 3), 0.5, 3);
  const mse = train.y.reduce((a, y) => a + (0.1 - y) ** 2, 0) / train.y.length;
  assert.ok(Math.abs(s0.trainLoss - mse) < 1e-5, `${s0.trainLoss} vs ${mse}`);
  assert.ok(s0.map.every((v) => Math.abs(v - 0.1) < 1e-6), "the map holds the output");
  assert.ok(Number.isNaN(s0.trainAcc), "no accuracy for regression");
  for (let i = 0; i < 400; i++) tr.step();
  const s1 = await tr.snapshot();
  assert.ok(s1.trainLoss < 0.1 * s0.trainLoss, `${s0.trainLoss} → ${s1.trainLoss}`);
  assert.ok(s1.testLoss < 0.1 * s0.trainLoss, `test ${s1.testLoss}`);
  tr.dispose();
  assert.equal(tf.memory().numTensors, before, "dispose frees every tensor");
  assert.throws(
    () => createPlayground(E, { ...props, dataset: "circles" }),
    /not a regression dataset/,
  );
});

Deno.test("playground trainer: x₁², x₂² make circles separable with no hidden layer", async () => {
  const props = { ...PG, points: 200, hidden: [], optimizer: "adam" as const, lr: 0.1, batch: 10 };
  const run = async (features: PlaygroundTrainerProps["features"]) => {
    const tr = await createPlayground(E, { ...props, features });
    for (let i = 0; i < 300; i++) tr.step();
    const s = await tr.snapshot();
    tr.dispose();
    return s;
  };
  const squares = await run(["x1sq", "x2sq"]);
  assert.equal(squares.layers[0].weight.length, 2, "one weight per feature");
  assert.ok(squares.testAcc > 0.95, `with x₁², x₂²: test accuracy ${squares.testAcc}`);
  const plain = await run(["x1", "x2"]);
  assert.ok(plain.testAcc < 0.75, `with x₁, x₂: test accuracy ${plain.testAcc}`);
  const all = await run(["x1", "x2", "x1sq", "x2sq", "x1x2", "sin1", "sin2"]);
  assert.equal(all.layers[0].weight.length, 7);
});

Deno.test("playground trainer: initialized to zero, a layer's neurons stay equal", async () => {
  const tr = await createPlayground(E, {
    ...PG,
    hidden: [3, 3],
    initZero: true,
    optimizer: "adam",
    lr: 0.03,
    batch: 10,
    neurons: 8,
  });
  tr.step();
  await tr.snapshot();
  const alive = tf.memory().numTensors; // the grads and Adam's moments exist from now on
  for (let i = 1; i < 100; i++) tr.step();
  const s = await tr.snapshot();
  assert.notEqual(s.layers[0].weight.some((w) => w !== 0), false, "the weights moved");
  for (const [l, { weight, bias }] of s.layers.entries()) {
    const k = bias.length, n = weight.length / k;
    for (let j = 1; j < k; j++) {
      assert.equal(bias[j], bias[0], `layer ${l + 1} bias ${j}`);
      for (let i = 0; i < n; i++) assert.equal(weight[j * n + i], weight[i], `layer ${l + 1}`);
    }
  }
  // Every neuron's map: [grid², width]; within a hidden layer the columns are the same.
  assert.deepEqual(s.neurons!.map((m) => m.length), [64 * 3, 64 * 3, 64]);
  for (let c = 0; c < 64; c++) assert.equal(s.neurons![0][3 * c + 2], s.neurons![0][3 * c]);
  assert.equal(tf.memory().numTensors, alive, "steps and snapshots free what they make");
  tr.dispose();
});

Deno.test("playground trainer: an edited weight is where the next step starts", async () => {
  const edited = await createPlayground(E, PG);
  const other = await createPlayground(E, PG);
  const shown = await edited.methods!.setWeight({ layer: 2, from: 1, to: 0, value: 2.5 });
  assert.equal((shown as PlaygroundSnapshot).layers[1].weight[1], 2.5, "the answer shows it");
  assert.equal((await edited.snapshot()).layers[1].weight[1], 2.5);
  edited.step();
  other.step();
  const [a, b] = [await edited.snapshot(), await other.snapshot()];
  assert.ok(Math.abs(a.layers[1].weight[1] - 2.5) < 0.05, `${a.layers[1].weight[1]}`);
  assert.ok(Math.abs(b.layers[1].weight[1] - 2.5) > 0.5, "the other run never had it");
  assert.notDeepEqual(a.layers[0].weight, b.layers[0].weight, "it changed the step's gradient");
  await assert.rejects(async () =>
    await edited.methods!.setWeight({ layer: 3, from: 0, to: 0, value: 1 })
  );
  await assert.rejects(async () =>
    await edited.methods!.setWeight({ layer: 1, from: 0, to: 0, value: NaN })
  );
  edited.dispose();
  other.dispose();
});

Deno.test("playground trainer: the view from inside a 2-neuron layer moves as it trains", async () => {
  const tr = await createPlayground(E, {
    ...PG,
    hidden: [4, 2],
    optimizer: "adam",
    lr: 0.03,
    batch: 10,
    inside: true,
  });
  tr.step();
  const s0 = await tr.snapshot();
  const alive = tf.memory().numTensors; // the grads and Adam's moments exist from now on
  assert.equal(s0.inside?.length, 1, "one layer of 2 or 3 neurons: the second");
  const v0 = s0.inside![0];
  assert.equal(v0.layer, 2);
  assert.equal(v0.width, 2);
  assert.equal(v0.points.length, 2 * s0.trainPoints, "each training point at its 2 activations");
  assert.equal(v0.labels.length, s0.trainPoints);
  assert.equal(v0.lines.length, 2 * 2 * INSIDE_LINES * INSIDE_SAMPLES);
  assert.ok(v0.points.every((a) => Math.abs(a) <= 1), "tanh: inside [−1, 1]");
  assert.equal(v0.out?.weight.length, 2, "the last hidden layer: the output's line in it");
  for (let i = 0; i < 50; i++) tr.step();
  const v1 = (await tr.snapshot()).inside![0];
  const moved = v1.points.reduce((m, a, i) => Math.max(m, Math.abs(a - v0.points[i])), 0);
  assert.ok(moved > 0.01, `the points move as it trains: ${moved}`);
  assert.equal(tf.memory().numTensors, alive, "snapshots free what they make");
  tr.dispose();
  // No layer of 2 or 3: no view.
  const wide = await createPlayground(E, { ...PG, hidden: [4], inside: true });
  assert.equal((await wide.snapshot()).inside, undefined);
  wide.dispose();
});

Deno.test("playground-features: the lesson's circles, no hidden layer: x₁², x₂² reach the task", async () => {
  // The Playground's defaults in the lesson: 500 points, half train, seed 1, Adam η 0.03, batch 10.
  const props: PlaygroundTrainerProps = {
    ...PG,
    points: 500,
    seed: 1,
    hidden: [],
    optimizer: "adam",
    lr: 0.03,
    batch: 10,
    grid: 8,
  };
  const run = async (features: PlaygroundTrainerProps["features"], steps: number) => {
    const tr = await createPlayground(E, { ...props, features });
    for (let i = 0; i < steps; i++) tr.step();
    const s = await tr.snapshot();
    tr.dispose();
    return s.testAcc;
  };
  const squares = await run(["x1sq", "x2sq"], 300);
  const verdict = checkPlaygroundFeatures({
    dataset: "circles",
    own: false,
    problem: "classification",
    hidden: [],
    features: ["x1sq", "x2sq"],
    testAcc: squares,
  }, PLAYGROUND_TASK);
  assert.ok(verdict.ok, `x₁², x₂², 300 steps: test accuracy ${squares}`);
  const plain = await run(["x1", "x2"], 300);
  assert.ok(plain < 0.75, `x₁, x₂ alone, 300 steps: ${plain}`);
  const base = { dataset: "circles", own: false, problem: "classification", features: [] };
  assert.equal(
    checkPlaygroundFeatures({ ...base, hidden: [], testAcc: plain }, PLAYGROUND_TASK).reason,
    "pgAccuracy",
  );
  assert.equal(
    checkPlaygroundFeatures({ ...base, hidden: [4], testAcc: 1 }, PLAYGROUND_TASK).reason,
    "pgHidden",
  );
  assert.equal(
    checkPlaygroundFeatures({ ...base, dataset: "xor", hidden: [], testAcc: 1 }, PLAYGROUND_TASK)
      .reason,
    "pgDataset",
  );
  assert.equal(
    checkPlaygroundFeatures({ ...base, hidden: [], testAcc: NaN }, PLAYGROUND_TASK).reason,
    "notReady",
  );
});

Deno.test("playground trainer: a live snapshot reuses a recent decision map, a final one never", async () => {
  const tr = await createPlayground(E, { ...PG, neurons: 8 });
  const first = await tr.snapshot();
  tr.step();
  // Within LIVE_MAP_MS of the last map, a live snapshot sends that map with fresh neuron maps.
  const live = await tr.snapshot(true);
  assert.deepEqual(live.map, first.map, "the live snapshot reuses the map");
  assert.notDeepEqual(live.neurons, first.neurons, "its neuron maps are the trained network's");
  // A final snapshot (after a pause, a step, an edit) computes the map again.
  const final = await tr.snapshot();
  assert.notDeepEqual(final.map, first.map, "a final snapshot's map is fresh");
  // The neuron maps' output column is the map's function on a coarser grid: both the same network.
  await new Promise((r) => setTimeout(r, LIVE_MAP_MS + 5));
  for (let i = 0; i < 5; i++) tr.step();
  const later = await tr.snapshot(true);
  assert.notDeepEqual(later.map, final.map, `after ${LIVE_MAP_MS} ms a live snapshot's map is new`);
  tr.dispose();
});
