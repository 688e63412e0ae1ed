/** Lesson 1's pure data: seeded datasets, the split, the grid, and the line classifier's math. */
import assert from "node:assert/strict";
import {
  DATASETS,
  EXTENT,
  gridPoints,
  makeDataset,
  splitData,
} from "../../components/function/datasets.ts";
import { linePoints, lineThrough, scoreLine } from "../../components/function/line.ts";

Deno.test("every dataset is seeded, inside the square, with both classes", () => {
  for (const name of DATASETS) {
    const a = makeDataset(name, 200, 0.1, 7), b = makeDataset(name, 200, 0.1, 7);
    assert.deepEqual(a, b, `${name}: same seed, same points`);
    assert.notDeepEqual(makeDataset(name, 200, 0.1, 8).x, a.x, `${name}: new seed, new points`);
    assert.ok(a.x.every((v) => Math.abs(v) <= EXTENT), `${name}: inside the square`);
    const blue = a.y.reduce((s, v) => s + v, 0);
    assert.ok(blue > 40 && blue < 160, `${name}: both classes (${blue} blue of 200)`);
  }
});

Deno.test("without noise, XOR and circles are labelled by their rule", () => {
  const xor = makeDataset("xor", 100, 0, 1);
  for (let i = 0; i < 100; i++) {
    assert.equal(xor.y[i], xor.x[2 * i] * xor.x[2 * i + 1] > 0 ? 1 : 0);
  }
  const circles = makeDataset("circles", 100, 0, 1);
  for (let i = 0; i < 100; i++) {
    const r = Math.hypot(circles.x[2 * i], circles.x[2 * i + 1]) / EXTENT;
    assert.equal(circles.y[i], r < 0.5 ? 1 : 0);
  }
});

Deno.test("splitData keeps every point once", () => {
  const data = makeDataset("spiral", 200, 0, 3);
  const { train, test } = splitData(data, 0.7, 3);
  assert.equal(train.y.length, 140);
  assert.equal(test.y.length, 60);
  const key = (x: Float32Array, i: number) => `${x[2 * i]},${x[2 * i + 1]}`;
  const all = new Set(Array.from(data.y, (_, i) => key(data.x, i)));
  for (const part of [train, test]) {
    for (let i = 0; i < part.y.length; i++) assert.ok(all.has(key(part.x, i)));
  }
});

Deno.test("gridPoints covers the square row by row from the top", () => {
  const g = gridPoints(4);
  assert.equal(g.length, 32);
  assert.deepEqual([g[0], g[1]], [-EXTENT * 0.75, EXTENT * 0.75]);
  assert.deepEqual([g[30], g[31]], [EXTENT * 0.75, -EXTENT * 0.75]);
});

Deno.test("scoreLine: the cross-entropy of d = x₂ − (a·x₁ + b), and the mistakes", () => {
  const p = { x1: Float32Array.of(0, 0), x2: Float32Array.of(1, -1), y: Float32Array.of(1, 1) };
  const s = scoreLine(p, 0, 0);
  const expected = (Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(1))) / 2;
  assert.ok(Math.abs(s.loss - expected) < 1e-12);
  assert.deepEqual(s.wrong, [1]);
  // The lesson's 40 points: the starting line is poor, the best line is far better.
  const pts = linePoints(40);
  assert.ok(scoreLine(pts, 0.5, 0).loss > 0.6);
  assert.ok(scoreLine(pts, -0.84, 0.54).loss < 0.28);
  assert.deepEqual(lineThrough(0, 1, 2, 5), [2, 1]);
  assert.equal(lineThrough(1, 0, 1, 3), null);
});
