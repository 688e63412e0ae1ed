import assert from "node:assert/strict";
import {
  type Digits,
  normalizedBatch,
  pixelStats,
  TRAIN_MEAN,
  TRAIN_STD,
} from "../../mnist/dataset.ts";

/** Two 3 × 3 "digits": 1..9 and 9..1, labelled 4 and 2. */
const tiny: Digits = {
  images: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1),
  labels: Uint8Array.of(4, 2),
  count: 2,
  rows: 3,
  cols: 3,
};
const identity = { mean: 0, std: 1 / 255 }; // x = byte

Deno.test("dataset: normalizedBatch picks, scales and normalizes the chosen digits", () => {
  const { x, labels } = normalizedBatch(tiny, [1, 0], identity);
  assert.deepEqual(Array.from(labels), [2, 4]);
  assert.deepEqual(Array.from(x, Math.round), [
    9,
    8,
    7,
    6,
    5,
    4,
    3,
    2,
    1,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
    9,
  ]);
  const standard = normalizedBatch(tiny, [0]).x;
  assert.ok(Math.abs(standard[0] - (1 / 255 - TRAIN_MEAN) / TRAIN_STD) < 1e-6);
  assert.throws(() => normalizedBatch(tiny, [2]), /index 2 outside 0\.\.1/);
});

Deno.test("dataset: a shift moves the image and fills with background", () => {
  // random() = 0 gives the shift −maxShift on both axes: up and left by one pixel.
  const up = normalizedBatch(tiny, [0], identity, { maxShift: 1, random: () => 0 }).x;
  assert.deepEqual(Array.from(up, Math.round), [5, 6, 0, 8, 9, 0, 0, 0, 0]);
  // random() just below 1 gives +maxShift: down and right.
  const down = normalizedBatch(tiny, [0], identity, { maxShift: 1, random: () => 0.999 }).x;
  assert.deepEqual(Array.from(down, Math.round), [0, 0, 0, 0, 1, 2, 0, 4, 5]);
  const none = normalizedBatch(tiny, [0], identity, { maxShift: 1, random: () => 0.5 }).x;
  assert.deepEqual(Array.from(none, Math.round), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

Deno.test("dataset: pixelStats is the mean and standard deviation of pixels in [0, 1]", () => {
  const { mean, std } = pixelStats({
    ...tiny,
    images: Uint8Array.of(0, 255, 0, 255),
    count: 1,
    rows: 2,
    cols: 2,
  });
  assert.ok(Math.abs(mean - 0.5) < 1e-12 && Math.abs(std - 0.5) < 1e-12);
});
