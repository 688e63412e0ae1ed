/**
 * Lesson 4's trainers in Deno on the CPU backend, with the digits fetched from IDX files written
 * the way the build writes them (gzipped, from a file: URL, as the worker fetches them over
 * HTTP): the classifier (curves, evaluations, time per epoch, predict / weights / load, a
 * diverging run, tensors flat, dispose frees) and the normalization pair.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { writeMnistAssets } from "../../mnist/shipped.ts";
import { defaultSettings } from "../../components/mnist/settings.ts";
import {
  create,
  type MnistSnapshot,
  type MnistTrainerProps,
} from "../../components/mnist/mnist_trainer.ts";
import { create as createNormalize } from "../../components/mnist/normalize_trainer.ts";

await engine.initBackend({ prefer: "cpu" });
const dir = await Deno.makeTempDir({ prefix: "mnist-assets-" });
await writeMnistAssets(dir, { gzip: true });
const data = new URL(`file://${dir}/`).href;

/** An MLP 784-32-10 on the first 640 training digits: 10 steps an epoch, read every step. */
const PROPS: MnistTrainerProps = {
  data,
  settings: { ...defaultSettings("mlp"), spec: { kind: "mlp", hidden: [32] }, batchSize: 64 },
  evalsPerEpoch: 2,
  readEvery: 1,
  limit: 640,
};

Deno.test("mnist trainer: curves fall, validation improves, tensors flat, calls, dispose", async () => {
  const before = engine.numTensors();
  const trainer = await create(engine, PROPS);
  const start = await trainer.snapshot() as MnistSnapshot;
  assert.equal(start.steps, 0);
  assert.equal(start.stepsPerEpoch, 10);
  assert.equal(start.totalSteps, 50); // 5 epochs, the lesson's default
  assert.equal(start.name, "MLP 784-32-10");
  await trainer.step();
  await trainer.step();
  const alive = engine.numTensors();
  for (let i = 0; i < 18; i++) await trainer.step();
  assert.equal(engine.numTensors(), alive, "no tensor leaks over 18 steps and 3 evaluations");
  const s = await trainer.snapshot() as MnistSnapshot;
  assert.equal(s.steps, 20);
  assert.equal(s.progress, 2);
  assert.equal(s.trainLoss.length, 20);
  // The running average starts near ln 10 ≈ 2.30 and falls.
  assert.ok(s.trainLoss[0][1] > 1.8, `first ${s.trainLoss[0][1]}`);
  assert.ok(s.trainLoss[19][1] < s.trainLoss[0][1] - 0.5, `${s.trainLoss[19][1]}`);
  assert.ok(s.batchLoss !== null && s.batchLoss > 0);
  // Evaluated at steps 5, 10, 15, 20: the validation accuracy rises well above chance.
  assert.deepEqual(s.valAcc.map(([x]) => x), [0.5, 1, 1.5, 2]);
  assert.ok(s.valAcc[3][1] > 60 && s.valAcc[3][1] > s.valAcc[0][1], JSON.stringify(s.valAcc));
  assert.ok(s.valLoss[3][1] < s.valLoss[0][1]);
  assert.equal(s.epochMs.length, 2);
  assert.ok(s.epochMs.every((ms) => ms > 0));
  assert.equal(s.predictions?.length, 1000);

  // evaluate after a stop: once per step (no second point at step 20).
  await trainer.methods!.evaluate();
  assert.equal((await trainer.snapshot() as MnistSnapshot).valAcc.length, 4);

  // predict: ten probabilities summing to 1.
  const pixels = new engine.Generator(3).uniform(784);
  const probs = await trainer.methods!.predict(pixels);
  assert.equal(probs.length, 10);
  assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-4);
  await assert.rejects(async () => await trainer.methods!.predict([1, 2] as never), /784 pixels/);

  // weights → load in another trainer: the same model, the same predictions and accuracy.
  const weights = await trainer.methods!.weights();
  const other = await create(engine, { ...PROPS, settings: defaultSettings("mlp") });
  const loaded = await other.methods!.load(weights);
  assert.equal(loaded.name, "MLP 784-32-10");
  assert.ok(Math.abs(100 * loaded.accuracy - s.valAcc[3][1]) < 1e-9);
  assert.deepEqual(loaded.predictions, s.predictions);
  const again = await other.methods!.predict(pixels);
  again.forEach((p, i) => assert.ok(Math.abs(p - probs[i]) < 1e-6));
  assert.equal((await other.snapshot() as MnistSnapshot).name, "MLP 784-32-10");
  await assert.rejects(async () => await other.methods!.load("{}"), /weights/i);
  // Unscored (the views inside the network): the name only, the same model afterwards.
  assert.deepEqual(await other.methods!["load-unscored"](weights), {
    name: "MLP 784-32-10",
  });
  const third = await other.methods!.predict(pixels);
  third.forEach((p, i) => assert.ok(Math.abs(p - probs[i]) < 1e-6));
  await assert.rejects(
    async () => await other.methods!["load-unscored"](undefined as never),
    /weights/i,
  );
  other.dispose();

  trainer.dispose();
  assert.equal(engine.numTensors(), before, "dispose frees every tensor");
});

Deno.test("mnist trainer: a diverging run throws the engine's NonFiniteLossError", async () => {
  const before = engine.numTensors();
  const trainer = await create(engine, {
    ...PROPS,
    settings: { ...PROPS.settings, optimizer: "sgd", momentum: 0, lr: 1e6, loss: "crossEntropy" },
  });
  let error: unknown = null;
  for (let i = 0; i < 20 && error === null; i++) {
    try {
      await trainer.step();
    } catch (e) {
      error = e;
    }
  }
  assert.ok(error instanceof engine.NonFiniteLossError, String(error));
  assert.match((error as Error).message, /step \d+/);
  trainer.dispose();
  assert.equal(engine.numTensors(), before);
});

Deno.test("normalize trainer: same start, the normalized run's loss falls faster", async () => {
  const before = engine.numTensors();
  const trainer = await createNormalize(engine, { data, lr: 0.03, total: 40 });
  const first = await trainer.snapshot();
  assert.deepEqual(first, { steps: 0, at: [], raw: [], norm: [], accuracy: null });
  await trainer.step();
  const alive = engine.numTensors();
  for (let i = 1; i < 39; i++) await trainer.step();
  assert.equal(engine.numTensors(), alive, "tensors flat");
  assert.equal((await trainer.snapshot()).accuracy, null, "scored only after the last step");
  await trainer.step();
  const s = await trainer.snapshot();
  assert.equal(s.steps, 40);
  assert.deepEqual(s.at, [1, 5, 10, 15, 20, 25, 30, 35, 40]);
  // Same weights, same first batch: the raw run starts at about ln 10 too.
  assert.ok(s.raw[0] > 2 && s.norm[0] > 2, `${s.raw[0]} ${s.norm[0]}`);
  // What the lesson says: at step 40 the normalized run is well ahead (≈ 0.9 vs ≈ 2.0).
  assert.ok(s.norm[8] < 1.5 && s.norm[8] < s.raw[8] - 0.3, `${s.norm[8]} vs ${s.raw[8]}`);
  assert.ok(s.accuracy!.norm > s.accuracy!.raw, JSON.stringify(s.accuracy));
  trainer.dispose();
  assert.equal(engine.numTensors(), before, "dispose frees every tensor");
});

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
