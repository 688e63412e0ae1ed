import assert from "node:assert/strict";
import {
  decodeIdxPair,
  encodeIdx,
  encodeIdxImages,
  encodeIdxLabels,
  gzip,
  IdxError,
  maybeGunzip,
  parseIdx,
  parseIdxImages,
  parseIdxLabels,
} from "../../mnist/idx.ts";
import { loadDigitsFromFiles } from "../../mnist/dataset.ts";
import { gzipBomb } from "./bombs.ts";

/** Three 28 × 28 images whose pixels are `(image + pixel) % 256`, labelled 7, 0, 9. */
function smallSet() {
  const count = 3, rows = 28, cols = 28;
  const images = Uint8Array.from({ length: count * rows * cols }, (_, k) => k % 256);
  return { images, count, rows, cols, labels: Uint8Array.of(7, 0, 9) };
}

/** Asserts that `fn` throws (or rejects with) an IdxError whose message matches every pattern. */
async function assertIdxError(fn: () => unknown, ...patterns: RegExp[]) {
  await assert.rejects(async () => await fn(), (e: unknown) => {
    assert.ok(e instanceof IdxError, `expected IdxError, got ${e}`);
    for (const p of patterns) assert.match(e.message, p);
    return true;
  });
}

Deno.test("idx: images and labels survive a write-then-parse round trip", () => {
  const set = smallSet();
  const imageFile = encodeIdxImages(set);
  const labelFile = encodeIdxLabels(set.labels);
  // Header: magic, then big-endian sizes.
  assert.deepEqual([...imageFile.subarray(0, 16)], [
    0,
    0,
    8,
    3,
    0,
    0,
    0,
    3,
    0,
    0,
    0,
    28,
    0,
    0,
    0,
    28,
  ]);
  assert.deepEqual([...labelFile.subarray(0, 8)], [0, 0, 8, 1, 0, 0, 0, 3]);
  assert.equal(imageFile.length, 16 + 3 * 784);
  const images = parseIdxImages(imageFile, { rows: 28, cols: 28 });
  assert.equal(images.count, 3);
  assert.deepEqual(images.images, set.images);
  assert.deepEqual(parseIdxLabels(labelFile, { classes: 10 }), set.labels);
  assert.deepEqual(parseIdx(encodeIdx([2, 3], Uint8Array.of(1, 2, 3, 4, 5, 6))).shape, [2, 3]);
});

Deno.test("idx: gzipped files are detected by their magic and read like plain ones", async () => {
  const set = smallSet();
  const gzImages = await gzip(encodeIdxImages(set));
  const gzLabels = await gzip(encodeIdxLabels(set.labels));
  assert.deepEqual([...gzImages.subarray(0, 2)], [0x1f, 0x8b]);
  const digits = await decodeIdxPair(gzImages, gzLabels);
  assert.deepEqual(digits.images, set.images);
  assert.deepEqual(digits.labels, set.labels);
  const plain = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 0);
  assert.equal(await maybeGunzip(plain), plain);
});

Deno.test("idx: a bad magic number names the file, what was expected and what was found", async () => {
  const set = smallSet();
  await assertIdxError(
    () => parseIdxImages(encodeIdxLabels(set.labels), { file: "x-images" }),
    /^x-images: bad magic number/,
    /expected 0x00000803/,
    /found 0x00000801/,
  );
  await assertIdxError(
    () => parseIdxLabels(encodeIdxImages(set), { file: "y-labels" }),
    /^y-labels: bad magic number: expected 0x00000801.*found 0x00000803/,
  );
  const floats = encodeIdxLabels(set.labels);
  floats[2] = 0x0d;
  await assertIdxError(() => parseIdx(floats), /unsupported data type 0x0d/);
  await assertIdxError(() => parseIdx(Uint8Array.of(1, 2, 8, 1)), /bad magic number/);
});

Deno.test("idx: truncated and oversized files say how many bytes were expected and found", async () => {
  const set = smallSet();
  const images = encodeIdxImages(set);
  await assertIdxError(
    () => parseIdxImages(images.subarray(0, images.length - 10), { file: "t" }),
    /^t: truncated data: sizes \[3, 28, 28\] need 2352 data bytes after the 16-byte header, found 2342$/,
  );
  const longer = new Uint8Array(images.length + 1);
  longer.set(images);
  await assertIdxError(() => parseIdxImages(longer), /trailing data.*need 2352.*found 2353/);
  await assertIdxError(
    () => parseIdxImages(images.subarray(0, 10)),
    /truncated header: expected 16 bytes.*found 10/,
  );
  await assertIdxError(
    () => parseIdx(new Uint8Array(2)),
    /truncated header: expected at least 4 bytes/,
  );
  const gz = await gzip(images);
  await assertIdxError(
    () =>
      decodeIdxPair(gz.subarray(0, gz.length - 20), encodeIdxLabels(set.labels), {
        imagesFile: "g.gz",
      }),
    /^g\.gz: corrupt gzip data/,
  );
});

Deno.test("idx: wrong image size, out-of-range labels and count mismatches are errors", async () => {
  const set = smallSet();
  const small = encodeIdxImages({
    images: new Uint8Array(2 * 20 * 20),
    count: 2,
    rows: 20,
    cols: 20,
  });
  await assertIdxError(
    () => decodeIdxPair(small, encodeIdxLabels(Uint8Array.of(1, 2)), { imagesFile: "s" }),
    /^s: wrong image size: expected 28×28 pixels, found 20×20$/,
  );
  const anySize = await decodeIdxPair(small, encodeIdxLabels(Uint8Array.of(1, 2)), {
    rows: null,
    cols: null,
  });
  assert.equal(anySize.rows, 20);
  await assertIdxError(
    () =>
      decodeIdxPair(encodeIdxImages(set), encodeIdxLabels(Uint8Array.of(1, 2)), {
        imagesFile: "i",
        labelsFile: "l",
      }),
    /count mismatch: 3 images in i but 2 labels in l/,
  );
  await assertIdxError(
    () =>
      decodeIdxPair(encodeIdxImages(set), encodeIdxLabels(Uint8Array.of(1, 12, 2)), {
        labelsFile: "l",
      }),
    /^l: label 1 is 12: expected a class in 0\.\.9$/,
  );
});

Deno.test("idx: loadDigitsFromFiles reads files and names a missing one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const set = smallSet();
    await Deno.writeFile(`${dir}/img`, await gzip(encodeIdxImages(set)));
    await Deno.writeFile(`${dir}/lab`, encodeIdxLabels(set.labels));
    const digits = await loadDigitsFromFiles(`${dir}/img`, `${dir}/lab`);
    assert.equal(digits.count, 3);
    assert.deepEqual(digits.labels, set.labels);
    await assert.rejects(
      () => loadDigitsFromFiles(`${dir}/img`, `${dir}/nope`),
      /nope: file not found/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("idx: a gzip bomb is decompressed only as far as its header declares", async () => {
  // 10 images declared (7,856 bytes with the header), 200 MiB of zeros inside ~200 KB of gzip.
  const bomb = await gzipBomb(10, 200);
  assert.ok(bomb.length < 400_000, `bomb is ${bomb.length} bytes`);
  const start = performance.now();
  await assertIdxError(
    () => maybeGunzip(bomb, "bomb.gz"),
    /^bomb\.gz: trailing data: the header declares 7856 bytes in all, the gzip data holds more/,
  );
  // It stopped within a few MiB of the header, not after inflating the 200 MiB.
  const stopped = await maybeGunzip(bomb).then(
    () => Infinity,
    (e: Error) => Number(/after (\d+) bytes/.exec(e.message)?.[1]),
  );
  assert.ok(stopped < 8 * 2 ** 20, `stopped after ${stopped} bytes`);
  const ms = performance.now() - start;
  // Stopping early: well under the time inflating 200 MiB takes.
  assert.ok(ms < 300, `took ${ms.toFixed(0)} ms`);
  await assertIdxError(() => decodeIdxPair(bomb, bomb, { imagesFile: "i.gz" }), /^i\.gz: trailing/);
});

Deno.test("idx: a header declaring more than MAX_IDX_BYTES is refused before its data", async () => {
  const header = new Uint8Array(16);
  new DataView(header.buffer).setUint32(0, 0x00000803, false);
  new DataView(header.buffer).setUint32(4, 1_000_000, false);
  new DataView(header.buffer).setUint32(8, 28, false);
  new DataView(header.buffer).setUint32(12, 28, false);
  await assertIdxError(
    async () => await maybeGunzip(await gzip(header), "big.gz"),
    /^big\.gz: sizes \[1000000, 28, 28\] declare 784000000 data bytes; the limit is 256 MiB/,
  );
  // Gzipped bytes that are not IDX at all: the first bytes are enough to say so.
  await assertIdxError(
    async () => parseIdxImages(await maybeGunzip(await gzip(new Uint8Array(1e6).fill(65)))),
    /bad magic number/,
  );
});
