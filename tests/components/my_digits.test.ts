/**
 * The reader's own digits (MyDigits): the localStorage encoding (round trip, every malformed case
 * refused), the IDX pair export read back by mnist/idx.ts and by `deno task mnist eval`, the
 * confusion count, and the fine-tuning trainer on the CPU backend: digits the model gets wrong
 * (shipped validation digits given the next label) become right after a few mixed steps, the
 * validation accuracy is reported before and after, the bounds on `mine`, tensors flat.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { decodeIdxPair } from "../../mnist/idx.ts";
import { writeMnistAssets } from "../../mnist/shipped.ts";
import { defaultSettings } from "../../components/mnist/settings.ts";
import { create as createMnist } from "../../components/mnist/mnist_trainer.ts";
import { create, type FinetuneSnapshot } from "../../components/mnist/finetune_trainer.ts";
import {
  asDigits,
  confusions,
  decodeMyDigits,
  encodeMyDigits,
  MAX_MY_DIGITS,
  type MyDigit,
  toBytes,
  toIdxPair,
} from "../../components/mnist/my_digits.ts";
import { loadDigitsAt } from "../../components/mnist/digits.ts";

await engine.initBackend({ prefer: "cpu" });
const dir = await Deno.makeTempDir({ prefix: "my-digits-" });
await writeMnistAssets(dir, { gzip: true });
const data = new URL(`file://${dir}/`).href;

const some = (n: number): MyDigit[] =>
  Array.from({ length: n }, (_, i) => ({
    label: i % 10,
    pixels: Uint8Array.from({ length: 784 }, (_, k) => (k * 7 + i) % 256),
  }));

Deno.test("my digits: storage round trip; malformed values refused", () => {
  const list = some(12);
  assert.deepEqual(decodeMyDigits(encodeMyDigits(list)), list);
  assert.deepEqual(decodeMyDigits(""), []);
  assert.equal(decodeMyDigits("not base64!"), null, "bad base-64");
  assert.equal(decodeMyDigits(btoa("\x01\x02\x03")), null, "not a whole digit");
  const bad = encodeMyDigits([{ label: 3, pixels: new Uint8Array(784) }]);
  const raw = atob(bad);
  assert.equal(decodeMyDigits(btoa("\x0a" + raw.slice(1))), null, "label 10");
  assert.equal(decodeMyDigits(encodeMyDigits(some(MAX_MY_DIGITS + 1))), null, "too many");
  assert.equal(decodeMyDigits(encodeMyDigits(some(MAX_MY_DIGITS)))?.length, MAX_MY_DIGITS);
  const bytes = toBytes([0, 0.5, 1, 2, -1, ...new Array(779).fill(0)]);
  assert.deepEqual(Array.from(bytes.subarray(0, 5)), [0, 128, 255, 255, 0], "clamped to 0 … 255");
  assert.throws(() => toBytes([1, 2]), /a digit is 784 pixels, got 2/);
});

Deno.test("my digits: the IDX pair decodes to the same digits; confusions counted", async () => {
  const list = some(7);
  const { images, labels } = toIdxPair(list);
  assert.deepEqual(await decodeIdxPair(images, labels), asDigits(list));
  assert.deepEqual(confusions([1, 1, 7, 7, 7, 3], [7, 7, 1, 7, 1, 3]), [[1, 7, 2], [7, 1, 2]]);
});

Deno.test("my digits: fine-tuning fixes digits the model gets wrong; tensors flat", async () => {
  // A model: the lesson's MLP with 32 hidden units, one epoch on 640 digits.
  const base = await createMnist(engine, {
    data,
    settings: { ...defaultSettings("mlp"), spec: { kind: "mlp", hidden: [32] }, batchSize: 64 },
    evalsPerEpoch: 0,
    limit: 640,
  });
  for (let i = 0; i < 10; i++) await base.step();
  const weights = await base.methods!.weights();
  base.dispose();

  // "My" digits: 20 validation digits, each labelled one more than it is (mod 10).
  const { val } = await loadDigitsAt(data);
  const mine = asDigits(Array.from({ length: 20 }, (_, i) => ({
    label: (val.labels[i] + 1) % 10,
    pixels: val.images.slice(i * 784, (i + 1) * 784),
  })));
  const before = engine.numTensors();
  const t = await create(engine, { data, model: "MLP 784-32-10" });
  assert.equal(await t.methods!.load(weights), "MLP 784-32-10");
  assert.equal(await t.methods!.mine({ images: mine.images, labels: mine.labels }), 20);
  const e0 = await t.methods!.evaluate();
  assert.ok(e0.mine!.accuracy <= 0.1, `few right before: ${e0.mine!.accuracy}`);
  let alive = -1;
  for (let i = 0; i < 60; i++) {
    await t.step();
    if (i === 0) alive = engine.numTensors();
  }
  const s = await t.snapshot() as FinetuneSnapshot;
  assert.equal(s.steps, 60);
  const e1 = await t.methods!.evaluate();
  console.log(
    `  fine-tuning 60 steps: my digits ${e0.mine!.accuracy} → ${e1.mine!.accuracy}, ` +
      `validation ${e0.val.accuracy} → ${e1.val.accuracy}`,
  );
  assert.ok(e1.mine!.accuracy >= 0.9, `learned my labels: ${e1.mine!.accuracy}`);
  assert.equal(s.mineAcc, e1.mine!.accuracy);
  assert.equal(engine.numTensors(), alive, "tensors flat over steps, snapshots, evaluations");
  // Bounds on what the island sends.
  await assert.rejects(
    async () => await t.methods!.mine({ images: new Uint8Array(10), labels: new Uint8Array(1) }),
    /1 labels need 784 pixels, got 10/,
  );
  await assert.rejects(
    async () =>
      await t.methods!.mine({
        images: new Uint8Array(784 * (MAX_MY_DIGITS + 1)),
        labels: new Uint8Array(MAX_MY_DIGITS + 1),
      }),
    /at most 100 digits/,
  );
  await assert.rejects(
    async () => await t.methods!.mine({ images: new Uint8Array(784), labels: Uint8Array.of(12) }),
    /labels must be 0 … 9/,
  );
  await assert.rejects(async () => await t.methods!.load("{}"), /weights/i);
  t.dispose();
  assert.ok(engine.numTensors() <= before, "dispose frees the model and optimizer");
});

Deno.test("my digits: `deno task mnist eval` reads the exported IDX pair", async () => {
  const base = await createMnist(engine, {
    data,
    settings: { ...defaultSettings("mlp"), spec: { kind: "mlp", hidden: [32] }, batchSize: 64 },
    evalsPerEpoch: 0,
    limit: 640,
  });
  await base.step();
  const weights = await base.methods!.weights();
  base.dispose();
  const { images, labels } = toIdxPair(some(5));
  await Deno.writeTextFile(`${dir}/w.json`, weights);
  await Deno.writeFile(`${dir}/mine-images.idx`, images);
  await Deno.writeFile(`${dir}/mine-labels.idx`, labels);
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "mnist/cli.ts",
      "eval",
      "--weights",
      `${dir}/w.json`,
      "--images",
      `${dir}/mine-images.idx`,
      "--labels",
      `${dir}/mine-labels.idx`,
      "--backend",
      "cpu",
    ],
    cwd: new URL("../../", import.meta.url).pathname,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.match(text, /5 digits/);
  assert.match(text, /accuracy: \d\.\d{4} \(\d\/5\)/);
});
