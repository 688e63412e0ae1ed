/**
 * Lesson 6's arithmetic (components/conv/): the plain float64 convolution against the engine's
 * F.conv2d, output sizes and parameter counts against nn.Conv2d, pooling, shifts and
 * equivariance, the weight-sharing counts against the claims, and the exercises' checkers.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { F, nn, tensor, zeros } from "../../engine/mod.ts";
import { parameterCount } from "../../mnist/models.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import {
  CLASSIC,
  CLASSIC_NAMES,
  cleanKernel,
  conv2d,
  convParams,
  mapsOf,
  orientationRatio,
  outSize,
  pool2,
  relChange,
  shift,
  shiftEffect,
  window,
} from "../../components/conv/math.ts";
import { convCompare } from "../../components/conv/counts.ts";
import { claimValue } from "../../claims/mod.ts";
import {
  checkHorizontalKernel,
  checkNumber,
  convOutAnswer,
  horizontalDigitIndices,
} from "../../components/exercises/checkers.ts";
import { CONV_SHAPE_TASK, HORIZONTAL_TASK } from "../../components/exercises/defs.ts";
import { EXERCISE_TEXT } from "../../components/exercises/text.ts";
import { Generator } from "../../engine/mod.ts";

await engine.initBackend({ prefer: "cpu" });

const { val, test } = await loadShippedDigits();
const pixels = (d: typeof val, i: number) =>
  Float64Array.from(d.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255);

Deno.test("conv2d (float64) matches the engine's F.conv2d: padding and stride too", () => {
  const gen = new Generator(7);
  for (const [side, k, p, s] of [[28, 3, 0, 1], [9, 3, 1, 2], [10, 5, 2, 3], [7, 1, 0, 1]]) {
    const x = Array.from(gen.uniform(side * side, 0, 1));
    const w = Array.from(gen.uniform(k * k, -1, 1));
    const mine = conv2d(x, side, w, k, p, s);
    const theirs = F.conv2d(tensor(x, [1, side, side, 1]), tensor(w, [k, k, 1, 1]), s, p);
    assert.deepEqual(theirs.shape, [1, outSize(side, k, p, s), outSize(side, k, p, s), 1]);
    const got = theirs.dataSync();
    for (let i = 0; i < mine.length; i++) assert.ok(Math.abs(got[i] - mine[i]) < 1e-4, `${i}`);
  }
});

Deno.test("the nine products under the kernel sum to the map's pixel", () => {
  const d = pixels(val, 3), k = CLASSIC.sharpen;
  const map = conv2d(d, 28, k);
  for (const [i, j] of [[0, 0], [9, 9], [25, 25], [12, 3]]) {
    const w = window(d, 28, k, i, j);
    assert.equal(w.products.length, 9);
    assert.ok(Math.abs(w.sum - map[i * 26 + j]) < 1e-12);
    assert.ok(Math.abs(w.products.reduce((a, b) => a + b, 0) - w.sum) < 1e-12);
  }
  const t0 = performance.now();
  for (let n = 0; n < 20; n++) conv2d(d, 28, k);
  assert.ok((performance.now() - t0) / 20 < 10, "one map well under 10 ms");
});

Deno.test("output size and parameters: the formula against nn.Conv2d, 20 random settings", () => {
  const gen = new Generator(3);
  const int = (lo: number, hi: number) => lo + Math.floor(gen.uniform(1, 0, 1)[0] * (hi - lo + 1));
  let done = 0;
  while (done < 20) {
    const [n, k, p, s, cIn, cOut] = [
      int(1, 32),
      int(1, 7),
      int(0, 3),
      int(1, 4),
      int(1, 4),
      int(1, 8),
    ];
    if (n + 2 * p < k) {
      assert.equal(outSize(n, k, p, s), 0);
      continue;
    }
    const conv = new nn.Conv2d(cIn, cOut, k, { stride: s, padding: p });
    const y = conv.forward(zeros([1, n, n, cIn]));
    assert.deepEqual(
      y.shape,
      [1, outSize(n, k, p, s), outSize(n, k, p, s), cOut],
      `${[n, k, p, s]}`,
    );
    assert.equal(parameterCount(conv), convParams(cIn, cOut, k));
    done++;
  }
});

Deno.test("weight sharing: the counts agree with the claims the lesson states", () => {
  const c1 = convCompare(28, 1, 16, 3), c2 = convCompare(13, 16, 32, 3);
  assert.equal(c1.shared, claimValue("conv.params.conv1"));
  assert.equal(c2.shared, claimValue("conv.params.conv2"));
  assert.equal(c1.dense, claimValue("conv.params.dense1"));
  assert.equal(c2.dense, claimValue("conv.params.dense2"));
  assert.equal(c1.local, claimValue("conv.params.local1"));
  assert.equal(c2.local, claimValue("conv.params.local2"));
  assert.equal(c1.outputs, claimValue("conv.params.out1"));
  // The dense layer on the first map, as the engine builds it.
  assert.equal(parameterCount(new nn.Linear(c1.inputs, c1.outputs)), c1.dense);
  // A locally connected layer has one copy of the filters per output position.
  assert.equal(c1.local, 26 * 26 * c1.shared);
});

Deno.test("pooling, shifts and equivariance", () => {
  const m = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  assert.deepEqual([...pool2(m, 4, "max")], [6, 8, 14, 16]);
  assert.deepEqual([...pool2(m, 4, "avg")], [3.5, 5.5, 11.5, 13.5]);
  assert.deepEqual([...pool2([1, 2, 3, 4, 5, 6, 7, 8, 9], 3, "max")], [5]);
  assert.deepEqual([...shift([1, 2, 3, 4], 2, 1, 0)], [0, 1, 0, 3]);
  assert.equal(relChange([3, 4], [3, 4]), 0);
  for (const i of [0, 5, 17]) {
    for (const name of CLASSIC_NAMES) {
      const e = shiftEffect(pixels(val, i), CLASSIC[name], 1, 1);
      assert.ok(e.equivariance < 1e-12, `${name}: ${e.equivariance}`);
    }
  }
  const none = shiftEffect(pixels(val, 2), CLASSIC.blur, 0, 0);
  assert.equal(none.conv, 0);
  const maps = mapsOf(pixels(val, 2), CLASSIC.vertical);
  assert.equal(maps.conv.length, 26 * 26);
  assert.equal(maps.max.length, 13 * 13);
  assert.ok(maps.conv.every((v) => v >= 0));
});

Deno.test("the pooling section's numbers: pooled maps change less than the map", () => {
  for (const dx of [1, 2]) {
    const conv = claimValue(`conv.shift${dx}.conv`), max = claimValue(`conv.shift${dx}.max`);
    const avg = claimValue(`conv.shift${dx}.avg`);
    assert.ok(max < conv && avg < conv, `${dx}: ${conv} ${max} ${avg}`);
  }
  assert.equal(claimValue("conv.shift.equivariance"), 0);
});

const hidden = horizontalDigitIndices(HORIZONTAL_TASK).map((i) => pixels(test, i));

Deno.test("conv-horizontal: edge and line kernels pass, the other classics fail", () => {
  assert.equal(hidden.length, 30);
  const line = [-1, -1, -1, 2, 2, 2, -1, -1, -1];
  for (const k of [CLASSIC.horizontal, line, CLASSIC.horizontal.map((w) => -3 * w)]) {
    const v = checkHorizontalKernel(k, hidden, HORIZONTAL_TASK);
    assert.equal(v.reason, "kernelOk", JSON.stringify(v));
    assert.ok((v.detail.ratio as number) > 4);
  }
  for (const name of ["vertical", "blur", "sharpen", "identity"] as const) {
    const v = checkHorizontalKernel(CLASSIC[name], hidden, HORIZONTAL_TASK);
    assert.equal(v.reason, "kernelNotHorizontal", name);
  }
  const sym = ["blur", "sharpen", "identity"] as const;
  for (const name of sym) {
    const r = orientationRatio(CLASSIC[name], hidden).ratio;
    assert.ok(r > 0.8 && r < 1.25, `${name}: ${r}`);
  }
  assert.ok(orientationRatio(CLASSIC.vertical, hidden).ratio < 0.5);
  assert.equal(
    checkHorizontalKernel(new Array(9).fill(0), hidden, HORIZONTAL_TASK).reason,
    "kernelZero",
  );
  assert.equal(
    checkHorizontalKernel([NaN, NaN, NaN, 0, 0, 0, 0, 0, 0], hidden, HORIZONTAL_TASK).reason,
    "kernelZero",
  );
  assert.equal(checkHorizontalKernel([1, 2], hidden, HORIZONTAL_TASK).reason, "notReady");
  assert.equal(checkHorizontalKernel(null, hidden, HORIZONTAL_TASK).reason, "notReady");
  // Huge weights are clamped, not trusted: the ratio is scale-free.
  assert.equal(
    checkHorizontalKernel(CLASSIC.horizontal.map((w) => w * 1e300), hidden, HORIZONTAL_TASK).reason,
    "kernelOk",
  );
  assert.deepEqual(cleanKernel("junk"), CLASSIC.identity);
});

Deno.test("conv-out-size: 13, and the solution says so in both languages", () => {
  const want = convOutAnswer(CONV_SHAPE_TASK);
  assert.equal(want, 13);
  assert.equal(checkNumber(13, want, 0).reason, "valueOk");
  assert.equal(checkNumber(12, want, 0).reason, "valueOff");
  for (const lang of ["en", "zh"] as const) {
    assert.ok(EXERCISE_TEXT[lang].exercises["conv-out-size"].solution.includes(`= ${want}`));
  }
});
