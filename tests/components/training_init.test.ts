/**
 * Lesson 7's initialization figure in Deno on the CPU backend: the trainer's step-0 statistics
 * against the float64 reference (the same seeded weights), the variance rule on every layer,
 * training side by side (He learns, zeros and too small stall, tensors flat, dispose frees),
 * bad props, the statistics helpers and the exercise's checker.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { writeMnistAssets } from "../../mnist/shipped.ts";
import { loadShippedFromUrl, MNIST_NORMALIZATION, normalizedBatch } from "../../mnist/dataset.ts";
import { create, type InitTrainerProps } from "../../components/training/init_trainer.ts";
import {
  drawWeights,
  layerSizes,
  type MlpShape,
  referenceStats,
  sci,
} from "../../components/training/init_reference.ts";
import {
  type Activation,
  histogram,
  INIT_SCHEMES,
  INIT_TASK,
  meanStd,
  schemeStd,
  sharedRange,
  varianceRatio,
} from "../../components/training/init_stats.ts";
import { checkInitDepth } from "../../components/exercises/checkers.ts";
import { barsPath } from "../../components/training/init_view.tsx";

await engine.initBackend({ prefer: "cpu" });
const dir = await Deno.makeTempDir({ prefix: "mnist-assets-" });
await writeMnistAssets(dir, { gzip: true });
const data = new URL(`file://${dir}/`).href;
const { val } = await loadShippedFromUrl(data);

/** The trainer's stats batch: the first 256 validation digits, normalized. */
function statsBatch(n = 256) {
  return normalizedBatch(val, Array.from({ length: n }, (_, i) => i), MNIST_NORMALIZATION);
}

function reference(activation: Activation, depth: number, width: number, gain: number) {
  const { x, labels } = statsBatch();
  const shape: MlpShape = { inputs: 784, width, depth, classes: 10, activation };
  return Object.fromEntries(
    INIT_SCHEMES.map((s) => [s, referenceStats(x, labels, shape, drawWeights(shape, s, 1, gain))]),
  );
}

/**
 * Relative agreement of float32 (tfjs) with float64 on the same weights: the sums run over at
 * most 784 terms, so rounding stays far below 10⁻³ (measured: ≤ 10⁻⁴, on saturated tanh).
 */
function close(got: number, want: number, what: string) {
  if (want === 0) return assert.equal(got, 0, `${what}: want exactly 0, got ${got}`);
  assert.ok(Math.abs(got / want - 1) < 1e-3, `${what}: ${got} vs float64 ${want}`);
}

for (const activation of ["relu", "tanh"] as const) {
  Deno.test(`init trainer (${activation}): step-0 stds match the float64 reference`, async () => {
    const before = engine.numTensors();
    const trainer = await create(engine, { data, activation, depth: 10, gain: 1.3 });
    const stats = trainer.methods!.initial();
    const ref = reference(activation, 10, 64, 1.3);
    for (const s of INIT_SCHEMES) {
      assert.equal(stats[s].act.length, 10);
      stats[s].act.forEach((v, l) => close(v, ref[s].act[l], `${s} act ${l + 1}`));
      stats[s].grad.forEach((v, l) => close(v, ref[s].grad[l], `${s} grad ${l + 1}`));
      stats[s].pre.forEach((v, l) => close(v, ref[s].pre[l], `${s} pre ${l + 1}`));
      stats[s].inSq.forEach((v, l) => close(v, ref[s].inSq[l], `${s} E[h²] ${l + 1}`));
      close(stats[s].loss, ref[s].loss, `${s} loss`);
      // Every value is in some bin: 256 digits × 64 units per layer.
      for (const h of [...stats[s].actHist, ...stats[s].gradHist]) {
        assert.equal(h.counts.reduce((a, b) => a + b, 0), 256 * 64);
      }
    }
    // Zeros: all activations and all gradients into hidden layers exactly 0; the loss ln 10.
    assert.ok(stats.zeros.act.every((v) => v === 0) && stats.zeros.grad.every((v) => v === 0));
    assert.ok(Math.abs(stats.zeros.loss - Math.log(10)) < 1e-6);
    trainer.dispose();
    assert.equal(engine.numTensors(), before, "dispose frees every tensor");
  });
}

Deno.test("variance rule: measured Var(z) / (n·σ²·E[h²]) within 0.6–1.6 on every layer", () => {
  // A layer of 64 units estimates its variance from 64 random weight rows: relative sd about
  // √(2/64) ≈ 0.18, so 3 sd ≈ 0.53 either way.
  for (const activation of ["relu", "tanh"] as const) {
    const ref = reference(activation, 10, 64, 1);
    const sizes = layerSizes({ inputs: 784, width: 64, depth: 10, classes: 10, activation });
    for (const s of ["small", "large", "xavier", "he", "custom"] as const) {
      ref[s].pre.forEach((p, l) => {
        const [fanIn, fanOut] = sizes[l];
        const r = (p * p) / (fanIn * schemeStd(s, fanIn, fanOut, 1) ** 2 * ref[s].inSq[l]);
        assert.ok(r > 0.6 && r < 1.6, `${activation} ${s} layer ${l + 1}: ${r}`);
      });
    }
  }
});

Deno.test("the lesson's story: He keeps ReLU activations level, Xavier fades, small vanishes, large explodes", () => {
  const ref = reference("relu", 10, 64, 1);
  const last = (v: number[]) => v[v.length - 1];
  assert.ok(last(ref.he.act) / ref.he.act[0] > 0.5 && last(ref.he.act) / ref.he.act[0] < 2);
  assert.ok(last(ref.xavier.act) < 0.1 * ref.xavier.act[0]);
  assert.ok(last(ref.small.act) < 1e-10 && last(ref.large.act) > 1e7);
  // The exercise's solution: tanh with gain 5/3 at 20 layers is inside the band; ReLU with He's
  // √2 is not (for seed 1), as the solution says.
  const tanh20 = reference("tanh", 20, 64, 5 / 3);
  assert.ok(checkInitDepth({ depth: 20, gain: 5 / 3, act: tanh20.custom.act }, INIT_TASK).ok);
  const relu20 = reference("relu", 20, 64, Math.SQRT2);
  const he = checkInitDepth({ depth: 20, gain: Math.SQRT2, act: relu20.custom.act }, INIT_TASK);
  assert.equal(he.reason, "initRatioOff");
  assert.equal(he.detail.dir, "high");
  // …and the solution's "near 1.38" passes.
  const fine = reference("relu", 20, 64, 1.38);
  assert.ok(checkInitDepth({ depth: 20, gain: 1.38, act: fine.custom.act }, INIT_TASK).ok);
});

Deno.test("init trainer: training side by side, He learns, zeros and small stall, tensors flat", async () => {
  const before = engine.numTensors();
  // Small enough for the CPU backend: 4 layers of 32, 40 steps.
  const props: InitTrainerProps = {
    data,
    activation: "relu",
    depth: 4,
    width: 32,
    gain: 1,
    lr: 0.1,
    readEvery: 5,
  };
  const trainer = await create(engine, props);
  await trainer.step();
  const alive = engine.numTensors();
  for (let i = 1; i < 40; i++) await trainer.step();
  assert.equal(engine.numTensors(), alive, "tensors flat over 39 steps");
  const s = await trainer.snapshot();
  assert.equal(s.steps, 40);
  assert.deepEqual(s.at, [1, 5, 10, 15, 20, 25, 30, 35, 40]);
  const tail = (k: (typeof INIT_SCHEMES)[number]) => {
    const v = s.losses[k].slice(-3) as number[];
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  assert.ok(tail("he") < 1.5, `He ${tail("he")}`);
  assert.ok(Math.abs(tail("zeros") - Math.log(10)) < 0.1, `zeros ${tail("zeros")}`);
  assert.ok(Math.abs(tail("small") - Math.log(10)) < 0.1, `small ${tail("small")}`);
  trainer.dispose();
  assert.equal(engine.numTensors(), before, "dispose frees every tensor");
});

Deno.test("init trainer: bad props are clear errors", async () => {
  const ok: InitTrainerProps = { data, activation: "relu", depth: 10, gain: 1 };
  const bad: [Partial<InitTrainerProps> & Record<string, unknown>, RegExp][] = [
    [{ activation: "sigmoid" as Activation }, /activation must be tanh or relu/],
    [{ depth: 0 }, /depth must be a whole number in 2–20/],
    [{ depth: 2.5 }, /depth must be a whole number/],
    [{ gain: NaN }, /gain must be a number in 0–4/],
    [{ gain: 1e9 }, /gain must be a number in 0–4/],
    [{ width: 10_000 }, /width must be a whole number in 8–128/],
    [{ data: "" }, /no URL for the digits/],
  ];
  for (const [patch, message] of bad) {
    await assert.rejects(
      async () => await create(engine, { ...ok, ...patch } as InitTrainerProps),
      message,
    );
  }
});

Deno.test("init stats helpers: meanStd, histogram, sharedRange, varianceRatio, sci", () => {
  assert.deepEqual(meanStd([1, 3]), { mean: 2, std: 1 });
  const h = histogram([-2, -0.5, 0, 0.5, 2, NaN], 1, 4);
  assert.deepEqual(h, { lo: -1, hi: 1, counts: [1, 1, 1, 2] }); // 2 goes to the end bin
  assert.deepEqual(histogram([0, 0], 0, 2).counts, [0, 2]); // range 0 becomes 1
  assert.equal(sharedRange([0.1, 0.2], [5, 5]), 0.6000000000000001);
  assert.equal(sharedRange([0, 0], [0, 0]), 1);
  assert.equal(varianceRatio([2, 4]), 4);
  assert.ok(Number.isNaN(varianceRatio([0, 1])));
  assert.equal(sci(1.2345e-12), "1.2 × 10⁻¹²");
  assert.equal(sci(0.0431), "0.043");
  assert.equal(sci(1.2e8), "1.2 × 10⁸");
  // He and Xavier stds are what nn.init draws with.
  assert.equal(schemeStd("he", 64, 64), Math.SQRT2 / 8);
  assert.equal(schemeStd("xavier", 784, 64), Math.sqrt(2 / 848));
});

Deno.test("checkInitDepth: verdicts", () => {
  const act = (ratio: number) => [1, ...Array(18).fill(1), Math.sqrt(ratio)];
  assert.equal(checkInitDepth({ depth: 20, gain: 1, act: act(1.5) }, INIT_TASK).reason, "initOk");
  assert.equal(checkInitDepth({ depth: 20, gain: 1, act: act(0.6) }, INIT_TASK).reason, "initOk");
  const high = checkInitDepth({ depth: 20, gain: 2, act: act(3) }, INIT_TASK);
  assert.deepEqual([high.ok, high.reason, high.detail.dir], [false, "initRatioOff", "high"]);
  const low = checkInitDepth({ depth: 20, gain: 0.5, act: act(0.3) }, INIT_TASK);
  assert.deepEqual([low.ok, low.detail.dir], [false, "low"]);
  const shallow = checkInitDepth({ depth: 10, gain: 1, act: act(1).slice(0, 10) }, INIT_TASK);
  assert.equal(shallow.reason, "initTooShallow");
  // Zeros (nothing to keep), NaN and a malformed state.
  assert.equal(
    checkInitDepth({ depth: 20, gain: 0, act: Array(20).fill(0) }, INIT_TASK).reason,
    "initRatioOff",
  );
  assert.equal(checkInitDepth({ depth: 20, gain: NaN, act: act(1) }, INIT_TASK).reason, "notReady");
  assert.equal(checkInitDepth({ depth: 20, gain: 1, act: [] }, INIT_TASK).reason, "notReady");
  assert.equal(
    checkInitDepth({ depth: 20, gain: 1, act: [1, ...Array(18).fill(1), NaN] }, INIT_TASK).reason,
    "initRatioOff",
  );
});

Deno.test("init histograms: one path a histogram, a rectangle per non-empty bin", () => {
  // 36 units tall, 2 for the margin: the fullest bin is 34 tall, one a quarter as full 17.
  assert.equal(barsPath([0, 4, 1], 2.5, 2), "M2.5 2h2.5v34h-2.5zM5 19h2.5v17h-2.5z");
  assert.equal(barsPath([0, 0], 30, 1), "");
});
