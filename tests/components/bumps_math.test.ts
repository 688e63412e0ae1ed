/** Lesson 2's plain-number math: the numbers the lesson text and the browser tests rely on. */
import assert from "node:assert/strict";
import {
  averageDeviation,
  bumpNet,
  evalLayers,
  evalNet,
  fitHeights,
  fitTowerHeights,
  linspace,
  meanAbsDiff,
  meanSquaredError,
  nielsen,
  sampleGrid,
  towerLayers,
  towerTarget,
} from "../../components/bumps/math.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} is not within ${tol} of ${b}`);

Deno.test("a bump network: two neurons per bump, steps at s = −b/w, output weights ±h", () => {
  const net = bumpNet([0.5, 0.2], 400);
  assert.deepEqual(net.w, [400, 400, 400, 400]);
  assert.deepEqual(net.b.map((b, i) => -b / net.w[i]), [0, 0.5, 0.5, 1]);
  assert.deepEqual(net.v, [0.5, -0.5, 0.2, -0.2]);
  close(evalNet(net, 0.25), 0.5, 1e-6, "inside bump 1");
  close(evalNet(net, 0.75), 0.2, 1e-6, "inside bump 2");
});

Deno.test("the lesson's numbers: staircases of f with fitted heights", () => {
  // With 5 bumps the best staircase is off by ≈ 0.075 (the BumpBuilder test's < 0.08).
  close(averageDeviation((x) => evalNet(bumpNet(fitHeights(5), 400), x)), 0.0757, 0.002, "N=5");
  // 10 bumps ≈ 0.055 (lesson: about 0.056 with ideal steps).
  close(averageDeviation((x) => evalNet(bumpNet(fitHeights(10), 400), x)), 0.0547, 0.002, "N=10");
  // BumpTrainer's hand-built start (5 fitted bumps): MSE ≈ 0.0103 on [0, 1] (0.0111 on the
  // 200 training samples, which include both ends, where a step is only half up).
  close(meanSquaredError((x) => evalNet(bumpNet(fitHeights(5), 400), x)), 0.0103, 0.0005, "MSE");
});

Deno.test("the best straight line through f's 200 samples has MSE ≈ 0.0201", () => {
  const xs = linspace(0, 1, 200), ys = xs.map(nielsen);
  const mx = xs.reduce((a, b) => a + b) / 200, my = ys.reduce((a, b) => a + b) / 200;
  let sxy = 0, sxx = 0;
  xs.forEach((x, i) => ((sxy += (x - mx) * (ys[i] - my)), (sxx += (x - mx) ** 2)));
  const a = sxy / sxx, b = my - a * mx;
  const mse = xs.reduce((s, x, i) => s + (a * x + b - ys[i]) ** 2, 0) / 200;
  close(mse, 0.0201, 0.0002, "best line");
});

Deno.test("towers: one tower stands on its square only; fitted 4×4 towers trace the target", () => {
  const h = new Array(16).fill(0);
  h[1 * 4 + 2] = 1; // column 3, row 2 from the bottom: x in [0.5, 0.75], y in [0.25, 0.5]
  const layers = towerLayers(h, 4, 200);
  close(evalLayers(layers, [0.6, 0.4])[0], 1, 1e-3, "on the tower");
  close(evalLayers(layers, [0.6, 0.8])[0], 0, 1e-3, "on its x wall");
  close(evalLayers(layers, [0.1, 0.4])[0], 0, 1e-3, "on its y wall");
  const target = sampleGrid(towerTarget, 48);
  const fitted = sampleGrid(
    (x, y) => evalLayers(towerLayers(fitTowerHeights(4), 4, 200), [x, y])[0],
    48,
  );
  close(meanAbsDiff(fitted, target), 0.050, 0.003, "4×4 towers' average deviation");
  let mse = 0;
  fitted.forEach((v, i) => (mse += (v - target[i]) ** 2));
  assert.ok(mse / fitted.length < 0.005, `towers MSE ${mse / fitted.length}`);
});
