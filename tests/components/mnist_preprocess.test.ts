/** MNIST's preprocessing of a drawn digit: crop, fit 20 × 20 keeping aspect, centre by mass. */
import assert from "node:assert/strict";
import {
  boundingBox,
  centerOfMass,
  inkFromBytes,
  inkFromRgba,
  type InkImage,
  normalizeInk,
  resize,
  toMnist,
} from "../../components/mnist/preprocess.ts";

/** A blank `w × h` image with ink 1 in the rectangle [x0, x1) × [y0, y1). */
function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number): InkImage {
  const data = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * w + x] = 1;
  return { width: w, height: h, data };
}

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

Deno.test("boundingBox finds the ink; a blank image has none", () => {
  assert.deepEqual(boundingBox(rect(10, 8, 2, 3, 5, 7)), { x0: 2, y0: 3, x1: 5, y1: 7 });
  assert.equal(boundingBox(rect(10, 8, 0, 0, 0, 0)), null);
  assert.equal(toMnist(rect(10, 8, 0, 0, 0, 0)), null);
});

Deno.test("resize averages areas: total ink scales with the area, values stay in [0, 1]", () => {
  const img = rect(100, 100, 0, 0, 100, 100);
  const small = resize(img, 20, 20);
  assert.ok(small.data.every((v) => Math.abs(v - 1) < 1e-6), "full ink stays full");
  // A 1-pixel line shrunk 5× becomes a line of grey 0.2.
  const line = rect(100, 100, 0, 50, 100, 51);
  const r = resize(line, 20, 20);
  assert.ok(Math.abs(sum(r.data) - 20 * 0.2) < 1e-4, `ink ${sum(r.data)}`);
  assert.ok(Math.max(...r.data) <= 1 + 1e-6);
  // Upscaling a single pixel fills the block it maps to.
  const up = resize(rect(2, 2, 0, 0, 1, 1), 4, 4);
  assert.deepEqual(Array.from(up.data), [1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
});

Deno.test("centerOfMass uses pixel centres", () => {
  assert.deepEqual(centerOfMass(rect(28, 28, 13, 13, 14, 14)), { x: 13.5, y: 13.5 });
  assert.deepEqual(centerOfMass(rect(28, 28, 10, 0, 18, 28)), { x: 14, y: 14 });
  assert.equal(centerOfMass(rect(4, 4, 0, 0, 0, 0)), null);
});

Deno.test("toMnist: a tall stroke in a corner is scaled to 20 px high and centred", () => {
  // A 10 × 40 bar in the top-left corner of a 280 × 280 canvas.
  const out = toMnist(rect(280, 280, 5, 5, 15, 45))!;
  assert.deepEqual(out.box, { x0: 5, y0: 5, x1: 15, y1: 45 });
  assert.deepEqual(out.scaled, { width: 5, height: 20 }, "longer side 20, aspect kept");
  assert.equal(out.image.width, 28);
  assert.equal(out.image.data.length, 784);
  assert.ok(Math.abs(out.center.x - 14) <= 0.5 && Math.abs(out.center.y - 14) <= 0.5);
  const com = centerOfMass(out.image)!;
  assert.ok(Math.abs(com.x - 14) <= 0.5 && Math.abs(com.y - 14) <= 0.5, JSON.stringify(com));
  assert.ok(Math.abs(sum(out.image.data) - 100) < 1e-3, "5 × 20 of full ink");
});

Deno.test("toMnist: a wide shape keeps its aspect ratio", () => {
  const out = toMnist(rect(200, 100, 20, 40, 180, 80))!; // 160 × 40 → 20 × 5
  assert.deepEqual(out.scaled, { width: 20, height: 5 });
});

Deno.test("toMnist: the same digit drawn anywhere, at any size, gives the same input", () => {
  const a = toMnist(rect(280, 280, 10, 10, 50, 90))!; // small, top-left
  const b = toMnist(rect(280, 280, 120, 60, 220, 260))!; // big, right
  assert.deepEqual(Array.from(a.image.data), Array.from(b.image.data));
});

Deno.test("toMnist: centring by mass, not by box: a heavy side moves toward the centre", () => {
  // An L: a vertical bar plus a foot; mass leans left and down.
  const img = rect(100, 100, 0, 0, 20, 100);
  for (let y = 80; y < 100; y++) for (let x = 20; x < 100; x++) img.data[y * 100 + x] = 1;
  const out = toMnist(img)!;
  const com = centerOfMass(out.image)!;
  assert.ok(Math.abs(com.x - 14) <= 0.5 && Math.abs(com.y - 14) <= 0.5, JSON.stringify(com));
  // The box is not centred: its left edge is further right than (28 − 20) / 2 = 4.
  assert.ok(out.offset.x > 4, `offset ${JSON.stringify(out.offset)}`);
});

Deno.test("toMnist keeps ink inside the frame when the mass is very lopsided", () => {
  // A thin full-height bar with a huge blob at the far right bottom.
  const img = rect(100, 100, 0, 0, 2, 100);
  for (let y = 60; y < 100; y++) for (let x = 60; x < 100; x++) img.data[y * 100 + x] = 1;
  const out = toMnist(img)!;
  const total = sum(resize(img, 20, 20).data);
  assert.ok(Math.abs(sum(out.image.data) - total) < 1e-3, "no ink lost off the frame");
});

Deno.test("inkFromRgba reads alpha; inkFromBytes scales bytes; normalizeInk", () => {
  const rgba = new Uint8ClampedArray([0, 0, 0, 255, 10, 10, 10, 0, 0, 0, 0, 51]);
  assert.deepEqual(Array.from(inkFromRgba(rgba, 3, 1).data), [1, 0, Math.fround(0.2)]);
  assert.deepEqual(Array.from(inkFromBytes(new Uint8Array([0, 255]), 2, 1).data), [0, 1]);
  const n = normalizeInk({ width: 2, height: 1, data: new Float32Array([0, 1]) }, 0.5, 0.5);
  assert.deepEqual(Array.from(n), [-1, 1]);
});
