/**
 * Lesson 2's trainers on the CPU backend, without the runtime: the bump fit, the sweep over hidden
 * sizes and the towers build, step, describe themselves in plain numbers that move the right way,
 * stop on a diverging loss with the engine's error, keep tensors flat and free them all.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import * as bumpFit from "../../components/bumps/bump_trainer.ts";
import * as bumpSweep from "../../components/bumps/bump_sweep_trainer.ts";
import * as towers from "../../components/bumps/towers_trainer.ts";
import {
  BUMP_SAMPLES,
  bumpNet,
  evalNet,
  fitHeights,
  fitTowerHeights,
  linspace,
  net1dOf,
  nielsen,
  towerLayers,
} from "../../components/bumps/math.ts";
import type { MlpSnapshot } from "../../components/bumps/train.ts";
import type { Trainer } from "../../components/runtime/trainer.ts";

await engine.initBackend({ prefer: "cpu" });

async function steps(trainer: Trainer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await trainer.step();
}

/** Builds a trainer, runs `fn`, disposes it and checks every tensor it made is gone. */
async function withTrainer<T extends Trainer>(
  make: () => T | Promise<T>,
  fn: (t: T) => Promise<void>,
): Promise<void> {
  const before = engine.numTensors();
  const trainer = await make();
  try {
    await fn(trainer);
  } finally {
    trainer.dispose();
  }
  assert.equal(engine.numTensors(), before, "dispose frees every tensor");
}

const RANDOM: bumpFit.BumpFitProps = { hidden: 10, act: "sigmoid", start: null, seed: 1, lr: 0.03 };

Deno.test("bump fit: from random weights, Adam bends the output below any line's MSE", async () => {
  await withTrainer(() => bumpFit.create(engine, RANDOM) as Trainer<MlpSnapshot>, async (t) => {
    const first = await t.snapshot();
    assert.equal(first.layers[0].W.length, 10);
    await steps(t, 5);
    const tensors = engine.numTensors();
    await steps(t, 5);
    assert.equal(engine.numTensors(), tensors, "tensors flat across steps");
    await steps(t, 990);
    const last = await t.snapshot();
    assert.equal(engine.numTensors(), tensors, "tensors flat across snapshots");
    // The best straight line has MSE 0.0201 (bumps_math.test.ts): below 0.015 the net is curved.
    assert.ok(last.loss < 0.015, `${first.loss} → ${last.loss}`);
    // The snapshot's weights are the network: evaluating them in plain numbers gives its loss.
    const net = net1dOf(last.layers);
    const xs = linspace(0, 1, BUMP_SAMPLES);
    const mse = xs.reduce((s, x) => s + (evalNet(net, x) - nielsen(x)) ** 2, 0) / xs.length;
    assert.ok(Math.abs(mse - last.loss) < 1e-5, `plain ${mse} vs engine ${last.loss}`);
  });
});

Deno.test("bump fit: starts from the hand-built bumps, then improves on them", async () => {
  const start = { heights: fitHeights(5), steepness: 400 };
  const props = { ...RANDOM, hidden: 64, start };
  assert.equal(
    bumpFit.shape!(props),
    "10",
    "5 bumps are 10 hidden neurons, whatever `hidden` says",
  );
  await withTrainer(() => bumpFit.create(engine, props) as Trainer<MlpSnapshot>, async (t) => {
    const first = await t.snapshot();
    const built = bumpNet(start.heights, 400);
    const net = net1dOf(first.layers);
    assert.equal(net.w.length, 10);
    net.v.forEach((v, i) => assert.ok(Math.abs(v - built.v[i]) < 1e-6, `v${i}`));
    net.b.forEach((b, i) => assert.ok(Math.abs(b - built.b[i]) < 1e-3, `b${i}`));
    // 5 fitted bumps: the staircase's own MSE on the 200 samples (the browser test waits for it).
    assert.ok(Math.abs(first.loss - 0.0103) < 0.001, `start ${first.loss}`);
    t.update!({ lr: 0.01 });
    await steps(t, 100);
    const last = await t.snapshot();
    assert.ok(last.loss < 0.0100, `${first.loss} → ${last.loss}`);
  });
});

Deno.test("bump fit: without an activation the output is a line and cannot beat the best line", async () => {
  const props = { ...RANDOM, act: "none" as const };
  await withTrainer(() => bumpFit.create(engine, props) as Trainer<MlpSnapshot>, async (t) => {
    await steps(t, 600);
    const { loss, layers } = await t.snapshot();
    const net = net1dOf(layers);
    const ys = [0, 0.5, 1].map((x) => evalNet(net, x, "none"));
    assert.ok(Math.abs(ys[1] - (ys[0] + ys[2]) / 2) < 1e-5, "straight");
    assert.ok(loss >= 0.0195, `a line's MSE ${loss}`);
  });
});

Deno.test("bump fit: a diverging loss stops with the engine's NonFiniteLossError", async () => {
  const props = { ...RANDOM, lr: 1e38 };
  await withTrainer(() => bumpFit.create(engine, props) as Trainer<MlpSnapshot>, async (t) => {
    await steps(t, 5);
    await assert.rejects(() => t.snapshot(), engine.NonFiniteLossError);
  });
});

Deno.test("bump sweep: each size trains its budget from a fresh Adam; a checkpoint keeps the position", async () => {
  const props = { act: "sigmoid" as const, lr: 0.03, budget: 50, sizes: [2, 8] };
  type Snap = bumpSweep.BumpSweepSnapshot;
  await withTrainer(() => bumpSweep.create(engine, props) as Trainer<Snap>, async (t) => {
    assert.deepEqual(await t.snapshot(), {
      results: [null, null],
      hidden: 2,
      step: 0,
      budget: 50,
      done: false,
    });
    await steps(t, 50);
    const half = await t.snapshot();
    assert.equal(half.hidden, 8);
    assert.equal(half.step, 0);
    assert.ok(half.results[0]! > 0 && half.results[0]! < 0.1, `H=2: ${half.results[0]}`);
    assert.equal(half.results[1], null);

    // The same size trained alone, from the same seed, with its own Adam: the same loss.
    await withTrainer(
      () => bumpFit.create(engine, { ...RANDOM, hidden: 2 }) as Trainer<MlpSnapshot>,
      async (alone) => {
        await steps(alone, 50);
        const { loss } = await alone.snapshot();
        assert.ok(Math.abs(loss - half.results[0]!) < 1e-6, `${loss} vs ${half.results[0]}`);
      },
    );

    await steps(t, 10);
    const saved = await t.model.stateDictAsync();
    const savedOpt = await t.optimizer!.stateDictAsync();
    await steps(t, 40);
    const done = await t.snapshot();
    assert.equal(done.done, true);
    assert.ok(done.results.every((v) => v !== null && v > 0), `${done.results}`);
    const tensors = engine.numTensors();
    await steps(t, 3); // past the end: nothing happens
    assert.equal(engine.numTensors(), tensors);
    assert.deepEqual(await t.snapshot(), done);

    // Restoring the checkpoint (as a backend fallback does) puts the sweep back at H = 8, step 10.
    t.model.loadStateDict(saved);
    t.optimizer!.loadStateDict(savedOpt);
    const back = await t.snapshot();
    assert.deepEqual([back.hidden, back.step, back.done], [8, 10, false]);
    assert.equal(back.results[1], null);
    await steps(t, 40);
    const again = await t.snapshot();
    assert.ok(Math.abs(again.results[1]! - done.results[1]!) < 1e-6, "the same result again");
  });
  assert.throws(() => bumpSweep.create(engine, { ...props, budget: 0 }), /budget/);
});

Deno.test("towers: starts from the hand-built towers; Adam on every weight lowers the loss", async () => {
  const g = 4;
  const props = { grid: g, heights: new Array(g * g).fill(0), steepness: 200, lr: 0.01 };
  await withTrainer(() => towers.create(engine, props) as Trainer<MlpSnapshot>, async (t) => {
    const first = await t.snapshot();
    const built = towerLayers(props.heights, g, 200);
    assert.deepEqual(first.layers.map((l) => [l.W.length, l.W[0].length]), [[16, 2], [16, 16], [
      1,
      16,
    ]]);
    assert.equal(first.layers[0].W[0][0], built[0].W[0][0]);
    // Flat zero towers output 0: the MSE is the mean square of the targets.
    const { targets } = towers.towerSamples();
    const meanSquare = targets.reduce((s, y) => s + y * y, 0) / targets.length;
    assert.ok(Math.abs(first.loss - meanSquare) < 1e-4, `start ${first.loss} vs ${meanSquare}`);
    await steps(t, 5); // Adam's moments and the gradients exist from the first step on
    const tensors = engine.numTensors();
    await steps(t, 295);
    assert.equal(engine.numTensors(), tensors, "tensors flat across steps");
    const last = await t.snapshot();
    assert.ok(last.loss < first.loss / 4, `${first.loss} → ${last.loss}`);
  });
  // Fitted heights are already close: MSE of the 4×4 staircase ≈ 0.0045 (bumps_math.test.ts).
  const fitted = { ...props, heights: fitTowerHeights(g) };
  await withTrainer(() => towers.create(engine, fitted) as Trainer<MlpSnapshot>, async (t) => {
    const { loss } = await t.snapshot();
    assert.ok(loss < 0.01, `fitted towers: ${loss}`);
  });
  assert.throws(() => towers.create(engine, { ...props, heights: [1] }), /1 heights for a 4×4/);
});
