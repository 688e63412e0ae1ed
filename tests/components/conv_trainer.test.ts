/**
 * Lesson 6's small CNN trainer in Deno on the CPU backend, with the digits written the way the
 * build writes them: the loss falls, the filters move away from their start, no tensor leaks,
 * weights move to another trainer, the overview has every layer's shape, bad props and bad
 * arguments are clear errors, and dispose frees everything.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { writeMnistAssets } from "../../mnist/shipped.ts";
import { type ConvSnapshot, create } from "../../components/conv/conv_trainer.ts";
import { OVERVIEW_DIGIT } from "../../components/conv/train_store.ts";

await engine.initBackend({ prefer: "cpu" });
const dir = await Deno.makeTempDir({ prefix: "conv-assets-" });
await writeMnistAssets(dir, { gzip: true });
const data = new URL(`file://${dir}/`).href;

Deno.test("conv trainer: loss falls, filters change, tensors flat, weights, overview, dispose", async () => {
  const before = engine.numTensors();
  const trainer = await create(engine, { data, channels: 8, digit: 3 });
  const start = await trainer.snapshot() as ConvSnapshot;
  assert.equal(start.steps, 0);
  assert.equal(start.filters.length, 72);
  assert.equal(start.maps.length, 26 * 26 * 8);
  assert.equal(start.filterChange, 0);
  await trainer.step();
  await trainer.snapshot();
  const alive = engine.numTensors();
  for (let i = 0; i < 149; i++) await trainer.step();
  const s = await trainer.snapshot() as ConvSnapshot;
  assert.equal(engine.numTensors(), alive, "no tensor leaks over 149 steps and a snapshot");
  assert.equal(s.steps, 150);
  assert.ok(s.curve[0][1] > 1.8, `first loss ${s.curve[0][1]}`);
  assert.ok(s.loss! < 0.8, `smoothed loss after 150 steps: ${s.loss}`);
  assert.ok(s.filterChange > 0.05, `filters moved by ${s.filterChange}`);
  assert.ok(s.mapScale > 0);
  // ConvOverview's first digit is one the network already reads right, and surely.
  const shown = await trainer.methods!.overview(OVERVIEW_DIGIT);
  assert.equal(shown.winner, shown.label, `digit ${OVERVIEW_DIGIT} read as ${shown.winner}`);
  assert.ok(shown.layers[5].data[shown.label] >= 0.99, "with probability 0.99 or more");

  // Weights → another trainer: the same overview.
  const w = await trainer.methods!.weights();
  const other = await create(engine, { data, channels: 8, seed: 7 });
  assert.equal(other.methods!.load(w), 8);
  const a = await trainer.methods!.overview(5);
  const b = await other.methods!.overview(5);
  assert.deepEqual(
    a.layers.map((l) => [l.name, l.shape.join("×")]),
    [["input", "28×28×1"], ["conv", "26×26×8"], ["relu", "26×26×8"], ["pool", "13×13×8"], [
      "logits",
      "1×1×10",
    ], ["softmax", "1×1×10"]],
  );
  a.layers.forEach((l, i) => assert.deepEqual(l.data, b.layers[i].data));
  assert.ok(Math.abs(a.layers[5].data.reduce((x, y) => x + y, 0) - 1) < 1e-5);
  assert.equal(a.biases.length, 8);
  // relu = max(conv, 0); pool = the max of each 2 × 2 block of relu.
  const [, conv, relu, pool] = a.layers;
  conv.data.forEach((v, i) => assert.equal(relu.data[i], Math.max(v, 0)));
  const at = (r: number, c: number, ch: number) => relu.data[(r * 26 + c) * 8 + ch];
  assert.equal(
    pool.data[(2 * 13 + 3) * 8 + 5],
    Math.max(at(4, 6, 5), at(4, 7, 5), at(5, 6, 5), at(5, 7, 5)),
  );
  assert.throws(() => other.methods!.load({} as never), /"0.weight" must be a Float32Array/);
  await assert.rejects(() => other.methods!.overview(1000), /digit must be an integer 0 … 999/);
  assert.throws(() => trainer.update!({ digit: -1 }), /digit must be/);
  trainer.update!({ digit: 9 });
  assert.equal((await trainer.snapshot() as ConvSnapshot).digit, 9);

  trainer.dispose();
  other.dispose();
  assert.equal(engine.numTensors(), before, "dispose frees every tensor");
});

Deno.test("conv trainer: bad props are clear errors", async () => {
  await assert.rejects(
    () => Promise.resolve(create(engine, { data, channels: 0 })),
    /channels must be an integer 1 … 16/,
  );
  await assert.rejects(() => Promise.resolve(create(engine, { data, channels: 2.5 })), /channels/);
  await assert.rejects(() => Promise.resolve(create(engine, { data, lr: 5 })), /lr must be in/);
  await assert.rejects(
    () => Promise.resolve(create(engine, { data, batch: 1e6 })),
    /batch must be/,
  );
  await assert.rejects(
    () => Promise.resolve(create(engine, { data, digit: NaN })),
    /digit must be/,
  );
  await assert.rejects(() => Promise.resolve(create(engine, { data: "" })), /no URL/);
});

Deno.test("conv trainer: the curve stays short", async () => {
  const trainer = await create(engine, { data, channels: 1, batch: 4 });
  for (let i = 0; i < 900; i++) await trainer.step();
  const s = await trainer.snapshot() as ConvSnapshot;
  assert.ok(s.curve.length < 400 && s.curve.length > 100, `${s.curve.length} points`);
  assert.equal(s.curve.at(-1)![0] % 4, 0);
  trainer.dispose();
});
