/**
 * Lesson 7's learning curves and range test in Deno on the CPU backend, with the digits fetched
 * from IDX files written the way the build writes them: the curves trainer (losses fall, every
 * regularizer changes the run, early stopping stops, tensors flat, dispose frees, bad props are
 * clear errors), the range test (rates grow geometrically, the loss falls then blows up), the
 * arithmetic of sweep_range.ts and the exercise's checker against the claims it quotes.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { writeMnistAssets } from "../../mnist/shipped.ts";
import { loadShippedFromUrl } from "../../mnist/dataset.ts";
import { create, type CurvesSnapshot } from "../../components/training/curves_trainer.ts";
import { create as createRange } from "../../components/training/sweep_range_trainer.ts";
import {
  CurvesRun,
  REGULARIZATION,
  type Regularizer,
  REGULARIZERS,
} from "../../components/training/curves_run.ts";
import { curvesSteps } from "../../components/training/curves_run_names.ts";
import {
  accuracyStandardError,
  RANGE_DEFAULTS,
  rangeLr,
  rangeReading,
  rangeSettings,
  smoothLosses,
} from "../../components/training/sweep_range.ts";
import { GAP_TASK } from "../../components/training/curves_store.ts";
import { checkGap, checkRangeLr } from "../../components/exercises/checkers.ts";
import { claimValue } from "../../claims/mod.ts";

await engine.initBackend({ prefer: "cpu" });
const dir = await Deno.makeTempDir({ prefix: "training-assets-" });
await writeMnistAssets(dir, { gzip: true });
const data = new URL(`file://${dir}/`).href;
const digits = await loadShippedFromUrl(data);

/** 100 digits in batches of 50: 2 steps an epoch. */
const SMALL = { trainSize: 100, batchSize: 50, hidden: 32 };

Deno.test("curves trainer: losses fall, runs in order, tensors flat, dispose frees", async () => {
  const before = engine.numTensors();
  const trainer = await create(engine, {
    data,
    runs: ["none", "dropout"],
    epochs: 4,
    lr: 3e-3,
    ...SMALL,
  });
  const first = await trainer.snapshot() as CurvesSnapshot;
  assert.equal(first.totalSteps, curvesSteps(2, { epochs: 4, ...SMALL }));
  assert.equal(first.totalSteps, 16);
  assert.equal(first.runs[0].history.length, 1, "epoch 0 is scored before training");
  assert.ok(Math.abs(first.runs[0].history[0].trainLoss - Math.log(10)) < 0.3);
  // Each run's Adam makes its moments at its first step: count from the second run's second.
  for (let i = 0; i < 10; i++) await trainer.step();
  const alive = engine.numTensors();
  for (let i = 10; i < 16; i++) await trainer.step();
  assert.equal(engine.numTensors(), alive, "no tensor leaks over 6 steps and 3 evaluations");
  await trainer.step(); // past the end: nothing
  const s = await trainer.snapshot() as CurvesSnapshot;
  assert.equal(s.steps, 16);
  for (const run of s.runs) {
    assert.ok(run.done);
    assert.equal(run.history.length, 5);
    assert.deepEqual(run.history.map((h) => h.epoch), [0, 1, 2, 3, 4]);
    const [h0, h4] = [run.history[0], run.history[4]];
    assert.ok(h4.trainLoss < h0.trainLoss - 0.5, `${run.name}: ${h0.trainLoss} → ${h4.trainLoss}`);
    assert.ok(h4.valLoss < h0.valLoss - 0.2, `${run.name}: ${h0.valLoss} → ${h4.valLoss}`);
    assert.equal(run.kept, 4);
  }
  trainer.dispose();
  assert.equal(engine.numTensors(), before, "dispose frees every tensor");
});

Deno.test("curves: every regularizer changes the run; early stopping stops", async () => {
  const settings = { ...SMALL, epochs: 2, lr: 1e-3, seed: 1 };
  const histories = new Map<Regularizer, number[]>();
  for (const name of REGULARIZERS) {
    const run = new CurvesRun(engine, digits.train, digits.val, REGULARIZATION[name], settings);
    while (!run.done) await run.step();
    histories.set(name, run.history.flatMap((h) => [h.trainLoss, h.valLoss]));
    run.dispose();
  }
  const none = histories.get("none")!;
  for (const name of ["weightDecay", "dropout", "augment", "all"] as const) {
    const h = histories.get(name)!;
    assert.equal(h[0], none[0], `${name}: the same initial weights`);
    assert.ok(h.slice(2).some((v, i) => Math.abs(v - none[i + 2]) > 1e-4), `${name} = none`);
  }
  // Early stopping alone changes nothing until it stops: the same losses so far.
  assert.deepEqual(histories.get("earlyStop"), none);

  // 100 digits at a high rate overfit within a few epochs: patience 2 stops the run early.
  const stop = new CurvesRun(engine, digits.train, digits.val, {
    ...REGULARIZATION.none,
    patience: 2,
  }, {
    ...settings,
    epochs: 25,
    lr: 1e-2,
  });
  while (!stop.done) await stop.step();
  assert.ok(stop.stoppedEarly, "stopped early");
  assert.ok(stop.epoch < 25);
  assert.equal(stop.epoch - stop.kept!.epoch, 2, "two epochs after the best validation loss");
  assert.equal(stop.kept!.valLoss, Math.min(...stop.history.map((h) => h.valLoss)));
  stop.dispose();
});

Deno.test("curves trainer: bad props are clear errors", async () => {
  await assert.rejects(() => Promise.resolve(create(engine, { data, runs: [] })), /runs must be/);
  await assert.rejects(
    () => Promise.resolve(create(engine, { data, runs: ["none", "l1" as Regularizer] })),
    /unknown run "l1"/,
  );
  await assert.rejects(
    () => Promise.resolve(create(engine, { data, runs: ["none", "none"] })),
    /named twice/,
  );
  await assert.rejects(
    () => Promise.resolve(create(engine, { data, runs: ["none"], epochs: NaN })),
    /epochs must be a number/,
  );
  await assert.rejects(() => Promise.resolve(create(engine, { data: "", runs: ["none"] })), /URL/);
  // Out-of-range numbers are clamped, not errors: 10⁶ epochs become 100.
  const big = await create(engine, { data, runs: ["none"], epochs: 1e6, ...SMALL });
  assert.equal((await big.snapshot() as CurvesSnapshot).totalSteps, 200);
  big.dispose();
});

Deno.test("range test: rates grow by one factor, the loss falls then blows up, tensors flat", async () => {
  assert.equal(rangeLr(RANGE_DEFAULTS, 0), 1e-5);
  assert.ok(Math.abs(rangeLr(RANGE_DEFAULTS, 99) - 1) < 1e-12);
  const ratio = rangeLr(RANGE_DEFAULTS, 1) / rangeLr(RANGE_DEFAULTS, 0);
  assert.ok(Math.abs(rangeLr(RANGE_DEFAULTS, 51) / rangeLr(RANGE_DEFAULTS, 50) - ratio) < 1e-9);
  assert.deepEqual(smoothLosses([2, 2, 2]).map((v) => Number(v.toFixed(12))), [2, 2, 2]);
  assert.throws(() => rangeSettings({ steps: NaN }), /steps must be a number/);
  assert.equal(rangeSettings({ steps: 1e9, lrMax: 1e-9 }).steps, 300);

  const before = engine.numTensors();
  const trainer = await createRange(engine, { data });
  await trainer.step();
  const alive = engine.numTensors();
  for (let i = 1; i < RANGE_DEFAULTS.steps; i++) await trainer.step();
  assert.equal(engine.numTensors(), alive, "no tensor leaks");
  const s = await trainer.snapshot();
  const reading = rangeReading(s.lrs, s.smoothed);
  assert.ok(s.smoothed[0] > 2, `starts near ln 10: ${s.smoothed[0]}`);
  assert.ok(reading.minLoss < 0.8, `the loss falls: lowest ${reading.minLoss}`);
  assert.ok(reading.lrAtMin > 1e-4 && reading.lrAtMin < 0.3, `lowest at ${reading.lrAtMin}`);
  assert.ok(s.stopped && s.steps < RANGE_DEFAULTS.steps, `blew up and stopped at ${s.steps}`);
  // The lesson: the sweep's chosen rate lies near the bottom of the range test's curve (within a
  // factor of 3), not a tenth of the way down.
  // The exercise's usual answer, a tenth of the lowest point's rate, passes on a real curve.
  assert.equal(checkRangeLr(reading.suggested, s).reason, "rangeOk");
  const chosen = claimValue("training.sweep.best.lr");
  assert.ok(Math.abs(Math.log10(reading.lrAtMin / chosen)) < Math.log10(3), `${reading.lrAtMin}`);
  trainer.dispose();
  assert.equal(engine.numTensors(), before);
});

Deno.test("exercise training-gap: only all four regularizers together pass (claims); checker", () => {
  const gap = (name: Regularizer) => claimValue(`training.curves.${name}.gap`);
  assert.ok(gap("all") < GAP_TASK.maxGap - 0.5, `all four: ${gap("all")}`);
  for (const name of REGULARIZERS.filter((r) => r !== "all")) {
    assert.ok(gap(name) > GAP_TASK.maxGap + 0.5, `${name}: ${gap(name)}`);
  }
  // What the prose says of the table: shifts are the best single switch, all four the best run.
  const singles = ["weightDecay", "dropout", "earlyStop", "augment"] as const;
  assert.equal(Math.min(...singles.map(gap)), gap("augment"));
  const val = (name: Regularizer) => claimValue(`training.curves.${name}.val`);
  assert.equal(Math.max(...REGULARIZERS.map(val)), val("all"));
  // Without regularization the validation loss climbs back from its lowest point; with weight
  // decay it climbs less.
  assert.ok(
    claimValue("training.curves.none.lowestEpoch") < claimValue("training.curves.none.epoch"),
  );
  assert.ok(
    claimValue("training.curves.weightDecay.rise") < claimValue("training.curves.none.rise"),
  );
  assert.equal(checkGap({ runs: [] }, GAP_TASK).reason, "notReady");
  const high = checkGap(
    { runs: [{ gap: 13.4, valAcc: 86.6 }, { gap: 10.5, valAcc: 88.9 }] },
    GAP_TASK,
  );
  assert.equal(high.reason, "gapHigh");
  assert.ok(Math.abs(Number(high.detail.over) - 1) < 1e-9);
  assert.equal(checkGap({ runs: [{ gap: 8.2, valAcc: 89.6 }] }, GAP_TASK).ok, true);
  // A run cut short has no gap because it learned little: it does not count.
  const short = checkGap({ runs: [{ gap: 0.5, valAcc: 75 }] }, GAP_TASK);
  assert.equal(short.reason, "accuracyLow");
  assert.equal(GAP_TASK.minVal, claimValue("training.curves.none.val"));
  assert.ok(claimValue("training.curves.all.val") > GAP_TASK.minVal + 1);
  assert.equal(checkGap({ runs: [{ gap: NaN, valAcc: 50 }] }, GAP_TASK).reason, "notReady");
});

Deno.test("standard error of a 1,000-digit accuracy: sqrt(p(1 − p)/n), as the claims say", () => {
  const p = claimValue("training.se.accuracy") / 100;
  assert.ok(Math.abs(accuracyStandardError(p, 1000) - claimValue("training.se.points")) < 1e-3);
  assert.ok(Math.abs(accuracyStandardError(0.5, 100) - 5) < 1e-12);
});

Deno.test("exercise training-range: a rate on the falling part of the reader's own curve", () => {
  // A curve like the range test's: flat at 2.3, falling to 0.5 at η = 0.01, climbing after.
  const lrs = Array.from({ length: 100 }, (_, i) => rangeLr(RANGE_DEFAULTS, i));
  const smoothed = lrs.map((lr) =>
    lr < 1e-4
      ? 2.3
      : lr < 1e-2
      ? 2.3 - 0.9 * Math.log10(lr / 1e-4)
      : 0.5 + 3 * Math.log10(lr / 1e-2)
  );
  const curve = { lrs, smoothed };
  assert.equal(checkRangeLr(1e-3, curve).reason, "rangeOk");
  assert.equal(checkRangeLr(0.02, curve).reason, "rangePastMin");
  assert.equal(checkRangeLr(1e-2, curve).reason, "rangePastMin", "the lowest point itself");
  assert.equal(checkRangeLr(2e-5, curve).reason, "rangeNotFalling");
  assert.equal(checkRangeLr(-1, curve).reason, "notNumber");
  assert.equal(checkRangeLr(1e-3, { lrs: [], smoothed: [] }).reason, "notReady");
  // The usual pick, a tenth of the lowest point's rate, passes on the figure's own kind of curve.
  assert.equal(checkRangeLr(rangeReading(lrs, smoothed).suggested, curve).reason, "rangeOk");
});
