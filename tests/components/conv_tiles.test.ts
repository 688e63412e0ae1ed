/** Lesson 6's channel tiles (components/conv/tiles.ts): layout, pixel order, colours, gaps. */
import assert from "node:assert/strict";
import { type TileLayout, tilesRgba, tilesSize } from "../../components/conv/tiles.ts";
import { diverging } from "../../components/mnist/inside_view.ts";

Deno.test("tiles: size of the grid with its gaps", () => {
  const l: TileLayout = { count: 8, width: 26, height: 26, cols: 4, gap: 2, order: "hwc" };
  assert.deepEqual(tilesSize(l), { width: 4 * 26 + 3 * 2, height: 2 * 26 + 2 });
  assert.deepEqual(tilesSize({ ...l, count: 5 }), { width: 110, height: 54 });
  assert.deepEqual(tilesSize({ ...l, count: 1, cols: 1 }), { width: 26, height: 26 });
});

Deno.test("tiles: HWC maps in grey, CHW filters on the diverging scale, transparent gaps", () => {
  // Two channels of 2 × 2, HWC: channel c's pixel (y, x) = 10·c + 2y + x.
  const hwc = new Float32Array(8);
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 2; x++) {
      for (let c = 0; c < 2; c++) hwc[(2 * y + x) * 2 + c] = 10 * c + 2 * y + x;
    }
  }
  const l: TileLayout = { count: 2, width: 2, height: 2, cols: 2, gap: 1, order: "hwc" };
  const rgba = tilesRgba(hwc, l, 13, false);
  const W = 5;
  const at = (row: number, col: number) =>
    Array.from(rgba.subarray(4 * (row * W + col), 4 * (row * W + col) + 4));
  assert.deepEqual(at(0, 0), [0, 0, 0, 255]); // channel 0, value 0
  assert.deepEqual(at(1, 1), [59, 59, 59, 255]); // channel 0, value 3: 255·3/13
  assert.deepEqual(at(0, 2), [0, 0, 0, 0]); // the gap
  assert.deepEqual(at(1, 4), [255, 255, 255, 255]); // channel 1, value 13
  // The same values as CHW filters, signed.
  const chw = Float32Array.from([0, 1, 2, 3, -4, -3, -2, -1]);
  const signed = tilesRgba(chw, { ...l, order: "chw" }, 4, true);
  assert.deepEqual(Array.from(signed.subarray(0, 3)), diverging(0, 4));
  assert.deepEqual(Array.from(signed.subarray(4 * 3, 4 * 3 + 3)), diverging(-4, 4));
  assert.deepEqual(Array.from(signed.subarray(4 * (W + 4), 4 * (W + 4) + 3)), diverging(-1, 4));
});
