/**
 * optim.lrScheduler: each schedule's rates against its closed form (and the examples in PyTorch's
 * documentation), the optimizer stepping with the rate the scheduler set, bad settings.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import { EngineError, optim, type Tensor, tensor } from "../../engine/mod.ts";

await tf.setBackend("cpu");

const { StepLR, CosineAnnealingLR, LinearLR, SequentialLR } = optim.lrScheduler;

/** The rates a scheduler gives at epochs 0..n−1 (at construction, then after each step()). */
function rates(
  make: (opt: optim.Optimizer) => optim.lrScheduler.LRScheduler,
  lr: number,
  n: number,
) {
  const p = tensor([1], undefined, { requiresGrad: true });
  const opt = new optim.SGD([p], { lr });
  const s = make(opt);
  const out: number[] = [];
  for (let e = 0; e < n; e++) {
    assert.deepEqual(s.getLastLr(), [opt.lr], "getLastLr() is the optimizer's rate");
    out.push(opt.lr);
    opt.step();
    s.step();
  }
  opt.dispose();
  p.dispose();
  return out;
}

function closeAll(actual: number[], expected: number[], what: string) {
  assert.equal(actual.length, expected.length);
  actual.forEach((a, i) =>
    assert.ok(
      Math.abs(a - expected[i]) <= 1e-12 * (1 + Math.abs(expected[i])),
      `${what}[${i}]: ${a} vs ${expected[i]}`,
    )
  );
}

Deno.test("StepLR: lr·γ^⌊e/stepSize⌋ (PyTorch's example: 0.05 until 30, 0.005 until 60, ...)", () => {
  const got = rates((o) => new StepLR(o, { stepSize: 30, gamma: 0.1 }), 0.05, 95);
  closeAll(got, got.map((_, e) => 0.05 * 0.1 ** Math.floor(e / 30)), "StepLR");
  closeAll([got[0], got[29], got[30], got[59], got[60], got[90]], [
    0.05,
    0.05,
    0.005,
    0.005,
    0.0005,
    0.00005,
  ], "StepLR docs");
  closeAll(
    rates((o) => new StepLR(o, { stepSize: 2 }), 1, 5),
    [1, 1, 0.1, 0.1, 0.01],
    "default γ = 0.1",
  );
});

Deno.test("CosineAnnealingLR: ηmin + (base − ηmin)(1 + cos(πe/TMax))/2", () => {
  const base = 0.1, etaMin = 0.001, T = 10;
  const got = rates((o) => new CosineAnnealingLR(o, { TMax: T, etaMin }), base, T + 1);
  closeAll(
    got,
    got.map((_, e) => etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * e / T)) / 2),
    "cosine",
  );
  closeAll([got[0], got[5], got[10]], [base, (base + etaMin) / 2, etaMin], "ends and middle");
  for (let e = 1; e <= T; e++) assert.ok(got[e] < got[e - 1], "decreasing up to TMax");
});

Deno.test("LinearLR (warm-up): PyTorch's example 0.025, 0.03125, 0.0375, 0.04375, then 0.05", () => {
  const got = rates((o) => new LinearLR(o, { startFactor: 0.5, totalIters: 4 }), 0.05, 7);
  closeAll(got, [0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05, 0.05], "LinearLR docs");
  // Defaults: 1/3 → 1 over 5 steps.
  closeAll(rates((o) => new LinearLR(o), 3, 7), [1, 1.4, 1.8, 2.2, 2.6, 3, 3], "defaults");
});

Deno.test("SequentialLR: a linear warm-up, then cosine from the base rate", () => {
  const base = 0.2, warm = 4, T = 6;
  const got = rates(
    (o) =>
      new SequentialLR(o, {
        schedulers: [
          new LinearLR(o, { startFactor: 0.25, totalIters: warm }),
          new CosineAnnealingLR(o, { TMax: T }),
        ],
        milestones: [warm],
      }),
    base,
    warm + T + 1,
  );
  const expected = got.map((_, e) =>
    e < warm ? base * (0.25 + 0.75 * e / warm) : base * (1 + Math.cos(Math.PI * (e - warm) / T)) / 2
  );
  closeAll(got, expected, "warm-up then cosine");
  assert.equal(got[warm], base, "the cosine part starts from the base rate, not the warm-up's");
});

Deno.test("the optimizer steps with the rate the scheduler set", () => {
  // L = θ, so ∇ = 1 and plain SGD moves θ by exactly −lr each step.
  const p = tensor([0], undefined, { requiresGrad: true });
  const opt = new optim.SGD([p], { lr: 1 });
  const sched = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
  let expected = 0;
  for (let e = 0; e < 4; e++) {
    opt.zeroGrad();
    const loss = (p as Tensor).sum();
    loss.backward();
    loss.dispose();
    opt.step();
    expected -= 0.5 ** e;
    assert.ok(Math.abs(p.item() - expected) < 1e-6, `epoch ${e}: ${p.item()} vs ${expected}`);
    sched.step();
  }
  assert.equal(sched.lastEpoch, 4);
  opt.dispose();
  p.dispose();
});

Deno.test("bad schedule settings name the scheduler and the value", () => {
  const p = tensor([0], undefined, { requiresGrad: true });
  const opt = new optim.Adam([p], { lr: 0.01 });
  const bad: [() => unknown, RegExp][] = [
    [
      () => new StepLR(opt, { stepSize: 0 }),
      /^StepLR: stepSize must be a whole number ≥ 1, got 0$/,
    ],
    [
      () => new StepLR(opt, { stepSize: 2, gamma: -1 }),
      /^StepLR: gamma must be a number > 0, got -1$/,
    ],
    [
      () => new CosineAnnealingLR(opt, { TMax: 2.5 }),
      /^CosineAnnealingLR: TMax must be a whole number ≥ 1, got 2.5$/,
    ],
    [
      () => new CosineAnnealingLR(opt, { TMax: 5, etaMin: NaN }),
      /^CosineAnnealingLR: etaMin .* got NaN$/,
    ],
    [
      () => new LinearLR(opt, { startFactor: 0 }),
      /^LinearLR: startFactor must be in \(0, 1\], got 0$/,
    ],
    [() => new LinearLR(opt, { totalIters: -3 }), /^LinearLR: totalIters .* got -3$/],
    [
      () => new LinearLR(null as unknown as optim.Optimizer),
      /^lrScheduler: needs an optimizer .* got null$/,
    ],
    [
      () =>
        new SequentialLR(opt, { schedulers: [new StepLR(opt, { stepSize: 1 })], milestones: [3] }),
      /^SequentialLR: milestones must be 0 increasing .* got \[3\]$/,
    ],
  ];
  for (const [fn, pattern] of bad) {
    assert.throws(fn, (e: unknown) => {
      assert.ok(e instanceof EngineError, String(e));
      assert.match(e.message, pattern);
      return true;
    });
  }
  assert.equal(opt.lr, 0.01, "a refused scheduler leaves the rate alone");
  opt.dispose();
  p.dispose();
});
