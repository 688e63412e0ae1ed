import assert from "node:assert/strict";
import uPlot from "uplot";
import { chartScales } from "../../components/lib/LineChart.tsx";

Deno.test("LineChart scales: a fixed y range holds on a log axis as on a linear one", () => {
  const log = chartScales({ logY: true, yRange: [1e-3, 10] }, uPlot.rangeNum);
  assert.equal(log.y.distr, 3);
  assert.deepEqual(log.y.range, [1e-3, 10]);
  const linear = chartScales({ yRange: [-1, 8] }, uPlot.rangeNum);
  assert.equal(linear.y.distr, undefined);
  assert.deepEqual(linear.y.range, [-1, 8]);
});

Deno.test("LineChart scales: without a range, log y is uPlot's own and linear y is at least 1e-3 wide", () => {
  const log = chartScales({ logY: true }, uPlot.rangeNum);
  assert.deepEqual(log.y, { distr: 3 });
  const linear = chartScales({}, uPlot.rangeNum);
  assert.equal(typeof linear.y.range, "function");
  const range = linear.y.range as (u: uPlot, lo: number, hi: number) => [number, number];
  const [lo, hi] = range({} as uPlot, 0.6931, 0.6931);
  assert.ok(hi - lo >= 1e-3 * 0.6931, `flat series gets a readable range: ${lo}..${hi}`);
});

Deno.test("LineChart scales: log x with a fixed x range", () => {
  const s = chartScales({ logX: true, xRange: [2, 64] }, uPlot.rangeNum);
  assert.deepEqual(s.x, { time: false, distr: 3, range: [2, 64] });
});
