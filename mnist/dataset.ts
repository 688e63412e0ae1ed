/**
 * MNIST digits as data: loading an IDX pair (from a file in Deno, from a URL in the page), pixel
 * statistics, and batches of normalized pixels ready to become engine tensors.
 *
 * Engine-free on purpose: the tensors are made in `train.ts`, so this file loads in any context.
 */

import { decodeIdxPair, type Digits } from "./idx.ts";

export type { Digits } from "./idx.ts";

/** File names of the shipped digits, as the build writes them under `assets/mnist/`. */
export const SHIPPED_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  valImages: "val-images-idx3-ubyte",
  valLabels: "val-labels-idx1-ubyte",
  testImages: "test-images-idx3-ubyte",
  testLabels: "test-labels-idx1-ubyte",
} as const;

/**
 * Number of shipped digits and the split: 8,000 train, 1,000 validate, 1,000 test, every class
 * 80% / 10% / 10% (within one digit), which digits go where drawn with `seed` (mnist/shipped.ts,
 * `splitOrder`; mnist/README.md says what was chosen on which set).
 */
export const SHIPPED_SPLIT = {
  total: 10_000,
  train: 8_000,
  val: 1_000,
  test: 1_000,
  seed: 1,
} as const;

/**
 * PyTorch's MNIST normalization: mean and standard deviation of all 60,000 MNIST training images
 * scaled to [0, 1]. Those images include the shipped validation and test digits, so the course
 * does not normalize with them: see {@link MNIST_NORMALIZATION}.
 */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

/**
 * Mean and standard deviation of the pixels of the 8,000 shipped training digits (the split of
 * `SHIPPED_SPLIT`), scaled to [0, 1], to 4 decimals: `pixelStats(train)`, checked by
 * tests/mnist/shipped.test.ts. The course normalizes with these.
 */
export const TRAIN_MEAN = 0.1311;
export const TRAIN_STD = 0.3086;

/** Reads a file's bytes (Deno); a missing file is an Error naming it. */
export async function loadIdxFromFile(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (cause) {
    if (cause instanceof Deno.errors.NotFound) throw new Error(`${path}: file not found`);
    throw new Error(`${path}: cannot read: ${(cause as Error).message}`);
  }
}

/** Fetches a URL's bytes (page or Deno); an HTTP error is an Error naming the URL and status. */
export async function loadIdxFromUrl(url: string | URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** Loads an image file and a label file (IDX, gzipped or not) into one labelled 28 × 28 set. */
export async function loadDigitsFromFiles(imagesPath: string, labelsPath: string): Promise<Digits> {
  const [images, labels] = await Promise.all([
    loadIdxFromFile(imagesPath),
    loadIdxFromFile(labelsPath),
  ]);
  return decodeIdxPair(images, labels, { imagesFile: imagesPath, labelsFile: labelsPath });
}

/** Loads an image URL and a label URL (IDX, gzipped or not) into one labelled 28 × 28 set. */
export async function loadDigitsFromUrls(
  imagesUrl: string | URL,
  labelsUrl: string | URL,
): Promise<Digits> {
  const [images, labels] = await Promise.all([
    loadIdxFromUrl(imagesUrl),
    loadIdxFromUrl(labelsUrl),
  ]);
  return decodeIdxPair(images, labels, {
    imagesFile: String(imagesUrl),
    labelsFile: String(labelsUrl),
  });
}

/**
 * Loads the shipped training, validation and test digits from the folder URL they are served
 * under (in the page: `assetUrl("assets/mnist/")`).
 */
export async function loadShippedFromUrl(baseUrl: string | URL): Promise<{
  train: Digits;
  val: Digits;
  test: Digits;
}> {
  const base = String(baseUrl).endsWith("/") ? String(baseUrl) : `${baseUrl}/`;
  const url = (name: string) => new URL(name, new URL(base, globalThis.location?.href)).href;
  const [train, val, test] = await Promise.all([
    loadDigitsFromUrls(url(SHIPPED_FILES.trainImages), url(SHIPPED_FILES.trainLabels)),
    loadDigitsFromUrls(url(SHIPPED_FILES.valImages), url(SHIPPED_FILES.valLabels)),
    loadDigitsFromUrls(url(SHIPPED_FILES.testImages), url(SHIPPED_FILES.testLabels)),
  ]);
  return { train, val, test };
}

/** Mean and standard deviation of all pixels of a set, scaled to [0, 1] (for normalization). */
export function pixelStats(digits: Digits): { mean: number; std: number } {
  const histogram = new Float64Array(256);
  for (const v of digits.images) histogram[v]++;
  let n = 0, sum = 0, sumSq = 0;
  histogram.forEach((count, v) => {
    const x = v / 255;
    n += count;
    sum += count * x;
    sumSq += count * x * x;
  });
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sumSq / n - mean * mean)) };
}

/** Normalization of pixels: `x = (byte / 255 − mean) / std`. */
export interface Normalization {
  mean: number;
  std: number;
}

/**
 * The course's normalization, everywhere (page, command line, cells, a drawn digit): the
 * training split's own mean and standard deviation, nothing from the validation or test digits.
 */
export const MNIST_NORMALIZATION: Normalization = { mean: TRAIN_MEAN, std: TRAIN_STD };

/**
 * The pixels of the digits at `indices`, normalized, one image after another (row-major, so the
 * same buffer is shape `[B, 784]` or `[B, 28, 28, 1]`), and their labels. With `maxShift` > 0
 * (augmentation, for training) each image moves by a random whole number of pixels in
 * −maxShift..maxShift along each axis, drawn from `random`; pixels moved in are background (0).
 */
export function normalizedBatch(
  digits: Digits,
  indices: ArrayLike<number>,
  { mean, std }: Normalization = MNIST_NORMALIZATION,
  augment: { maxShift: number; random?: () => number } = { maxShift: 0 },
): { x: Float32Array; labels: Int32Array } {
  const { rows, cols } = digits;
  const size = rows * cols;
  // One lookup table instead of a divide per pixel: bytes have only 256 values.
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = (v / 255 - mean) / std;
  const x = new Float32Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  const { maxShift } = augment;
  const random = augment.random ?? Math.random;
  const shift = () => Math.floor(random() * (2 * maxShift + 1)) - maxShift;
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b];
    if (!(i >= 0 && i < digits.count)) {
      throw new RangeError(`normalizedBatch: index ${i} outside 0..${digits.count - 1}`);
    }
    const src = digits.images.subarray(i * size, (i + 1) * size);
    const dst = x.subarray(b * size, (b + 1) * size);
    labels[b] = digits.labels[i];
    if (maxShift <= 0) {
      for (let p = 0; p < size; p++) dst[p] = table[src[p]];
      continue;
    }
    const dy = shift(), dx = shift();
    dst.fill(table[0]);
    for (let r = Math.max(0, dy); r < Math.min(rows, rows + dy); r++) {
      for (let c = Math.max(0, dx); c < Math.min(cols, cols + dx); c++) {
        dst[r * cols + c] = table[src[(r - dy) * cols + (c - dx)]];
      }
    }
  }
  return { x, labels };
}

/** Consecutive index ranges `[start, end)` of at most `batchSize` covering `0..n-1`. */
export function* batchRanges(n: number, batchSize: number): Generator<[number, number]> {
  for (let start = 0; start < n; start += batchSize) yield [start, Math.min(n, start + batchSize)];
}
