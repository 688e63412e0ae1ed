import assert from "node:assert/strict";
import { decodeIdxPair } from "../../mnist/idx.ts";
import {
  interleave,
  loadShippedDigits,
  SHIPPED_SPLIT,
  shippedAssetFiles,
  splitOrder,
  writeMnistAssets,
} from "../../mnist/shipped.ts";
import {
  loadDigitsFromFiles,
  MNIST_NORMALIZATION,
  pixelStats,
  SHIPPED_FILES,
  TRAIN_MEAN,
  TRAIN_STD,
} from "../../mnist/dataset.ts";

/** Class sizes of the package's 10,000 digits (digits/0.json … digits/9.json). */
const PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

const classCounts = (labels: Uint8Array) =>
  Array.from({ length: 10 }, (_, c) => labels.filter((l) => l === c).length);

Deno.test("shipped: interleave spreads each class evenly and keeps its own order", () => {
  const order = interleave([4, 2]);
  assert.deepEqual(order, [[0, 0], [1, 0], [0, 1], [0, 2], [1, 1], [0, 3]]);
  const full = interleave(PACKAGE_COUNTS);
  assert.equal(full.length, 10_000);
  assert.equal(new Set(full.map(([c, i]) => `${c}.${i}`)).size, 10_000);
  // Every prefix holds each class in proportion to its size, within one digit.
  for (const prefix of [100, 1000, 8000, 9000]) {
    const counts = classCounts(Uint8Array.from(full.slice(0, prefix), ([c]) => c));
    counts.forEach((n, c) => assert.ok(Math.abs(n - PACKAGE_COUNTS[c] * prefix / 10_000) <= 1));
  }
});

Deno.test("shipped: 8,000 training, 1,000 validation, 1,000 test digits, every class in each", async () => {
  const { train, val, test } = await loadShippedDigits();
  assert.equal(train.count, SHIPPED_SPLIT.train);
  assert.equal(val.count, SHIPPED_SPLIT.val);
  assert.equal(test.count, SHIPPED_SPLIT.test);
  assert.equal(train.images.length, 8000 * 784);
  assert.equal(val.images.length, 1000 * 784);
  assert.equal(test.images.length, 1000 * 784);
  const trainCounts = classCounts(train.labels);
  const valCounts = classCounts(val.labels);
  const testCounts = classCounts(test.labels);
  // The documented split: 80% / 10% / 10% of every class (to within one digit).
  assert.deepEqual(trainCounts, [801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
  assert.deepEqual(valCounts, [100, 112, 99, 103, 98, 87, 101, 107, 95, 98]);
  assert.deepEqual(testCounts, [100, 113, 99, 103, 98, 86, 102, 107, 94, 98]);
  assert.deepEqual(valCounts.map((n, c) => n + trainCounts[c] + testCounts[c]), PACKAGE_COUNTS);
  // Real digits: pixels use the whole byte range and match MNIST's statistics.
  const { mean, std } = pixelStats(train);
  assert.ok(Math.abs(mean - 0.1307) < 0.005 && Math.abs(std - 0.3081) < 0.005, `${mean} ${std}`);
  assert.equal(Math.max(...train.images.subarray(0, 784 * 10)), 255);
  // The course normalizes with the training split's own numbers, to 4 decimals.
  assert.deepEqual([TRAIN_MEAN, TRAIN_STD], [Number(mean.toFixed(4)), Number(std.toFixed(4))]);
  assert.deepEqual(MNIST_NORMALIZATION, { mean: TRAIN_MEAN, std: TRAIN_STD });
});

Deno.test("shipped: the split is random within each class, seeded, and not the split by position", async () => {
  // By position the order is the interleave itself; at random each class's slots are that
  // class's digits in a seeded shuffled order, the same on every call.
  assert.deepEqual(splitOrder(PACKAGE_COUNTS, "position"), interleave(PACKAGE_COUNTS));
  const random = splitOrder(PACKAGE_COUNTS);
  assert.deepEqual(splitOrder(PACKAGE_COUNTS, "random", SHIPPED_SPLIT.seed), random);
  assert.notDeepEqual(splitOrder(PACKAGE_COUNTS, "random", 2), random);
  assert.deepEqual(random.map(([c]) => c), interleave(PACKAGE_COUNTS).map(([c]) => c));
  assert.equal(new Set(random.map(([c, i]) => `${c}.${i}`)).size, 10_000);
  // Each set draws from the whole of each class: of the test digits of class 1 (113), some come
  // from each fifth of the class's MNIST order, not only from its last tenth.
  const ones = random.slice(SHIPPED_SPLIT.train + SHIPPED_SPLIT.val).filter(([c]) => c === 1);
  assert.equal(ones.length, 113);
  const fifths = new Set(ones.map(([, i]) => Math.floor((5 * i) / PACKAGE_COUNTS[1])));
  assert.equal(fifths.size, 5);
  // The same digits in both splits, differently divided.
  const [a, b] = await Promise.all([loadShippedDigits(), loadShippedDigits("position")]);
  assert.deepEqual(classCounts(a.test.labels), classCounts(b.test.labels));
  assert.notDeepEqual(a.test.images, b.test.images);
  const sum = (d: Uint8Array) => d.reduce((s, v) => s + v, 0);
  assert.equal(
    sum(a.train.images) + sum(a.val.images) + sum(a.test.images),
    sum(b.train.images) + sum(b.val.images) + sum(b.test.images),
  );
});

Deno.test("shipped: writeMnistAssets writes six IDX files that read back to the same digits", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { files, bytes } = await writeMnistAssets(`${dir}/assets/mnist`);
    assert.deepEqual(
      files.map((f) => f.slice(f.lastIndexOf("/") + 1)),
      Object.values(SHIPPED_FILES),
    );
    assert.equal(
      bytes,
      (16 + 8000 * 784) + (8 + 8000) + 2 * ((16 + 1000 * 784) + (8 + 1000)),
    );
    const { train, val, test } = await loadShippedDigits();
    const base = `${dir}/assets/mnist/`;
    const readTrain = await loadDigitsFromFiles(
      base + SHIPPED_FILES.trainImages,
      base + SHIPPED_FILES.trainLabels,
    );
    const readVal = await loadDigitsFromFiles(
      base + SHIPPED_FILES.valImages,
      base + SHIPPED_FILES.valLabels,
    );
    assert.deepEqual(readTrain.labels, train.labels);
    assert.deepEqual(readTrain.images, train.images);
    assert.deepEqual(readVal.labels, val.labels);
    const readTest = await loadDigitsFromFiles(
      base + SHIPPED_FILES.testImages,
      base + SHIPPED_FILES.testLabels,
    );
    assert.deepEqual(readTest.labels, test.labels);
    assert.deepEqual(readTest.images, test.images);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("shipped: gzipped assets keep their names and decode to the same digits", async () => {
  const files = new Map(await shippedAssetFiles({ gzip: true }));
  const bytes = [...files.values()].reduce((n, f) => n + f.length, 0);
  assert.ok(bytes < 2_000_000, `gzipped assets: ${bytes} bytes`);
  const val = await decodeIdxPair(
    files.get(SHIPPED_FILES.valImages)!,
    files.get(SHIPPED_FILES.valLabels)!,
  );
  assert.deepEqual(val.labels, (await loadShippedDigits()).val.labels);
});
