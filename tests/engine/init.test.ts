/**
 * nn.init: fans of Linear and Conv2d weights, calculateGain, and each initializer's empirical std
 * against its formula (seeded; within 4 standard errors of a sample std), bounds, seeds, errors.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import { EngineError, Generator, manualSeed, nn, optim, type Tensor } from "../../engine/mod.ts";

await tf.setBackend("cpu");

const { init } = nn;

function stats(t: Tensor) {
  const v = Array.from(t.dataSync());
  const n = v.length;
  const mean = v.reduce((s, a) => s + a, 0) / n;
  const std = Math.sqrt(v.reduce((s, a) => s + (a - mean) ** 2, 0) / (n - 1));
  return { n, mean, std, maxAbs: Math.max(...v.map(Math.abs)) };
}

/**
 * The relative standard error of a sample std from n draws: 1/√(2n) for a normal; for a uniform
 * (fourth moment 9/5·σ⁴) ½·√(0.8/n).
 */
function relSE(kind: "normal" | "uniform", n: number): number {
  return kind === "normal" ? 1 / Math.sqrt(2 * n) : 0.5 * Math.sqrt(0.8 / n);
}

function assertStd(t: Tensor, expected: number, kind: "normal" | "uniform", what: string) {
  const s = stats(t);
  const tol = 4 * relSE(kind, s.n);
  assert.ok(
    Math.abs(s.std / expected - 1) < tol,
    `${what}: std ${s.std}, formula ${expected} (relative tolerance ${tol.toFixed(4)})`,
  );
  assert.ok(Math.abs(s.mean) < 4 * expected / Math.sqrt(s.n), `${what}: mean ${s.mean}`);
  return s;
}

Deno.test("fans: Linear [out, in] → (in, out); Conv2d [kh, kw, in, out] → (in·kh·kw, out·kh·kw)", () => {
  const lin = new nn.Linear(300, 100);
  assert.deepEqual(init.calculateFans("t", lin.weight), { fanIn: 300, fanOut: 100 });
  const conv = new nn.Conv2d(16, 32, 3);
  assert.deepEqual(init.calculateFans("t", conv.weight), { fanIn: 144, fanOut: 288 });
  assert.throws(
    () => init.xavierUniform_(lin.bias!),
    /^EngineError: xavierUniform_: fan in and fan out need a weight of rank ≥ 2.*got \[100\]/,
  );
  lin.dispose();
  conv.dispose();
});

Deno.test("calculateGain follows PyTorch's table", () => {
  assert.equal(init.calculateGain("linear"), 1);
  assert.equal(init.calculateGain("conv2d"), 1);
  assert.equal(init.calculateGain("sigmoid"), 1);
  assert.equal(init.calculateGain("tanh"), 5 / 3);
  assert.equal(init.calculateGain("relu"), Math.sqrt(2));
  assert.equal(init.calculateGain("leaky_relu"), Math.sqrt(2 / (1 + 0.01 ** 2)));
  assert.equal(init.calculateGain("leaky_relu", 0.2), Math.sqrt(2 / 1.04));
  assert.equal(init.calculateGain("selu"), 0.75);
  assert.throws(
    // @ts-expect-error: a name PyTorch does not have
    () => init.calculateGain("gelu"),
    /calculateGain: unknown nonlinearity "gelu"; use one of linear, .*selu/,
  );
});

Deno.test("Xavier and Kaiming: the empirical std matches the formula, for Linear and Conv2d", () => {
  const g = new Generator(42);
  const lin = new nn.Linear(400, 200, { generator: g }).weight; // fanIn 400, fanOut 200
  const conv = new nn.Conv2d(16, 32, 3, { generator: g }).weight; // fanIn 144, fanOut 288
  for (
    const [w, fanIn, fanOut, name] of [[lin, 400, 200, "Linear"], [
      conv,
      144,
      288,
      "Conv2d",
    ]] as const
  ) {
    const xu = 1.5 * Math.sqrt(2 / (fanIn + fanOut));
    let s = assertStd(
      init.xavierUniform_(w, { gain: 1.5, generator: g }),
      xu,
      "uniform",
      `${name} xavierUniform_`,
    );
    assert.ok(s.maxAbs <= Math.fround(1.5 * Math.sqrt(6 / (fanIn + fanOut))), "inside the bound");
    assertStd(
      init.xavierNormal_(w, { generator: g }),
      Math.sqrt(2 / (fanIn + fanOut)),
      "normal",
      `${name} xavierNormal_`,
    );
    s = assertStd(
      init.kaimingUniform_(w, { generator: g }),
      Math.sqrt(2 / fanIn),
      "uniform",
      `${name} kaimingUniform_ (default: leaky_relu, a = 0)`,
    );
    assert.ok(s.maxAbs <= Math.fround(Math.sqrt(6 / fanIn)), "inside √(6/fanIn)");
    assertStd(
      init.kaimingNormal_(w, { nonlinearity: "relu", generator: g }),
      Math.sqrt(2 / fanIn),
      "normal",
      `${name} kaimingNormal_ relu`,
    );
    assertStd(
      init.kaimingNormal_(w, { mode: "fan_out", nonlinearity: "relu", generator: g }),
      Math.sqrt(2 / fanOut),
      "normal",
      `${name} kaimingNormal_ fan_out`,
    );
    assertStd(
      init.kaimingNormal_(w, { nonlinearity: "tanh", generator: g }),
      5 / 3 / Math.sqrt(fanIn),
      "normal",
      `${name} kaimingNormal_ tanh`,
    );
    assertStd(
      init.kaimingUniform_(w, { a: 0.2, generator: g }),
      Math.sqrt(2 / 1.04 / fanIn),
      "uniform",
      `${name} kaimingUniform_ a = 0.2`,
    );
  }
  lin.dispose();
  conv.dispose();
});

Deno.test("normal_, uniform_, constant_, zeros_, ones_", () => {
  const g = new Generator(7);
  const w = new nn.Linear(200, 100, { generator: g }).weight;
  const s = stats(init.normal_(w, { mean: 0.5, std: 0.02, generator: g }));
  assert.ok(Math.abs(s.std / 0.02 - 1) < 4 * relSE("normal", s.n), `normal_ std ${s.std}`);
  assert.ok(Math.abs(s.mean - 0.5) < 4 * 0.02 / Math.sqrt(s.n), `normal_ mean ${s.mean}`);
  const u = Array.from(init.uniform_(w, { a: -0.3, b: 0.1, generator: g }).dataSync());
  assert.ok(u.every((v) => v >= Math.fround(-0.3) && v < Math.fround(0.1)));
  const us = stats(w);
  assert.ok(Math.abs(us.std / (0.4 / Math.sqrt(12)) - 1) < 4 * relSE("uniform", us.n));
  assert.ok(Array.from(init.constant_(w, 0.25).dataSync()).every((v) => v === 0.25));
  assert.ok(Array.from(init.zeros_(w).dataSync()).every((v) => v === 0));
  assert.ok(Array.from(init.ones_(w).dataSync()).every((v) => v === 1));
  w.dispose();
});

Deno.test("initializers fill in place: the model and its optimizer keep the same Tensor", () => {
  const before = tf.memory().numTensors;
  manualSeed(1);
  const model = new nn.Linear(3, 2);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const w = model.weight;
  assert.equal(init.constant_(model.weight, 2), w);
  assert.equal(model.parameters()[0], w);
  assert.deepEqual(Array.from(opt.params[0].dataSync()), [2, 2, 2, 2, 2, 2]);
  // Seeded: the default generator replays after manualSeed; a given generator likewise.
  manualSeed(9);
  const a = Array.from(init.kaimingNormal_(w).dataSync());
  manualSeed(9);
  assert.deepEqual(Array.from(init.kaimingNormal_(w).dataSync()), a);
  assert.deepEqual(
    Array.from(init.xavierUniform_(w, { generator: new Generator(4) }).dataSync()),
    Array.from(init.xavierUniform_(w, { generator: new Generator(4) }).dataSync()),
  );
  model.dispose();
  opt.dispose();
  assert.equal(tf.memory().numTensors, before, "the old values are disposed");
});

Deno.test("bad settings name the initializer and the value", () => {
  const layer = new nn.Linear(3, 2, { bias: false });
  const w = layer.weight;
  const bad: [() => unknown, RegExp][] = [
    [() => init.normal_(w, { std: -1 }), /^normal_: std must be a number ≥ 0, got -1$/],
    [
      () => init.uniform_(w, { a: 1, b: 0 }),
      /^uniform_: b must be a finite number ≥ a \(1\), got 0$/,
    ],
    [() => init.constant_(w, NaN), /^constant_: value must be a finite number, got NaN$/],
    [() => init.xavierNormal_(w, { gain: -2 }), /^xavierNormal_: gain must be a number ≥ 0/],
    [
      // A cell is plain JavaScript: a wrong string reaches the check. (PyTorch spells it "fan_in".)
      () => init.kaimingNormal_(w, { mode: "fanIn" as nn.init.FanMode }),
      /^kaimingNormal_: mode must be "fan_in" or "fan_out", got "fanIn"$/,
    ],
    [() => init.zeros_(w.mul(2)), /^zeros_: .* is computed from other tensors/],
    [
      () => init.kaimingNormal_(layer as unknown as Tensor),
      /^kaimingNormal_: needs a Tensor \(a parameter such as layer\.weight\), got another object \(a layer\? pass its \.weight\)$/,
    ],
  ];
  for (const [fn, pattern] of bad) {
    assert.throws(fn, (e: unknown) => {
      assert.ok(e instanceof EngineError, String(e));
      assert.match(e.message, pattern);
      return true;
    });
  }
  w.dispose();
});
