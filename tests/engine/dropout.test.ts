/**
 * nn.Dropout and train/eval mode: the gradient with a fixed mask (finite differences), the scale
 * 1/(1−p), the identity in eval mode, the mode reaching every sub-module, seeded masks, bad p.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import { EngineError, F, Generator, nn, ones, tensor } from "../../engine/mod.ts";
import { checkOp, type OpCase } from "./check_op.ts";

await tf.setBackend("cpu");

/** The mask a fresh Generator(seed) draws: kept elements 1/(1 − p), dropped 0. */
function mask(seed: number, n: number, p: number): number[] {
  const g = new Generator(seed);
  return Array.from({ length: n }, () => (g.random() < 1 - p ? 1 / (1 - p) : 0));
}

for (const p of [0.3, 0.5]) {
  // A fresh generator per call: every forward of the check (and of its finite differences) draws
  // the same mask, so dropout is a fixed linear map and its gradient is the mask.
  const cases: OpCase[] = [{
    name: `F.dropout p=${p} (fixed mask)`,
    inputs: [{ shape: [4, 6] }],
    engine: (x) => F.dropout(x, p, true, new Generator(7)),
    tfjs: (x) => tf.mul(x, tf.tensor(mask(7, 24, p), [4, 6])),
    plain: (x) => x.map((v, i) => v * mask(7, 24, p)[i]),
  }, {
    name: `nn.Dropout(${p}) (fixed mask)`,
    inputs: [{ shape: [3, 5] }],
    engine: (x) => new nn.Dropout(p, { generator: new Generator(11) }).forward(x),
    tfjs: (x) => tf.mul(x, tf.tensor(mask(11, 15, p), [3, 5])),
  }];
  for (const c of cases) Deno.test(`op ${c.name}: value and gradient`, () => checkOp(c));
}

Deno.test("Dropout(p) in training zeroes a fraction ≈ p and scales the rest by 1/(1−p)", () => {
  const n = 100_000;
  for (const p of [0.1, 0.5, 0.8]) {
    const drop = new nn.Dropout(p, { generator: new Generator(3) });
    const x = ones([n]);
    const y = drop.forward(x);
    const v = Array.from(y.dataSync());
    const zeros = v.filter((a) => a === 0).length;
    // The count of zeros is Binomial(n, p): within 5 standard deviations.
    const sd = Math.sqrt(n * p * (1 - p));
    assert.ok(Math.abs(zeros - n * p) < 5 * sd, `p=${p}: ${zeros} zeros of ${n}`);
    const kept = Math.fround(1 / (1 - p));
    assert.ok(v.every((a) => a === 0 || a === kept), `kept values are 1/(1−p) = ${kept}`);
    // So the mean stays ≈ 1 (the expected value is unchanged).
    const mean = v.reduce((s, a) => s + a, 0) / n;
    assert.ok(Math.abs(mean - 1) < 5 * sd / n / (1 - p), `p=${p}: mean ${mean}`);
    y.dispose();
    x.dispose();
  }
});

Deno.test("eval() makes Dropout the identity; train() turns it back on, in every sub-module", () => {
  const g = new Generator(1);
  const inner = new nn.Dropout(0.5, { generator: g });
  const model = new nn.Sequential(
    new nn.Linear(4, 4, { generator: g }),
    new nn.Dropout(0.5, { generator: g }),
    new nn.Sequential(inner),
  );
  assert.equal(inner.training, true, "modules start in training mode");
  assert.equal(model.eval(), model, "eval() returns the module");
  const all = [model, ...model.layers, inner];
  assert.ok(all.every((m) => !m.training), "eval() reaches nested modules");
  const x = tensor(g.normal(8), [2, 4]);
  const y = inner.forward(x);
  assert.equal(y, x, "Dropout in eval mode returns its input");
  const a = model.forward(x), b = model.forward(x);
  assert.deepEqual(a.dataSync(), b.dataSync(), "eval forward is deterministic");
  model.train();
  assert.ok(all.every((m) => m.training), "train() reaches nested modules");
  model.train(false);
  assert.ok(all.every((m) => !m.training), "train(false) is eval()");
  assert.throws(
    () => model.train("no" as unknown as boolean),
    /^EngineError: train: mode must be true or false, got no$/,
  );
  [a, b, x].forEach((t) => t.dispose());
  model.dispose();
});

Deno.test("Dropout masks come from its generator: the same seed replays them", () => {
  const run = (seed: number) => {
    const x = ones([50]);
    const d = new nn.Dropout(0.5, { generator: new Generator(seed) });
    const y1 = d.forward(x), y2 = d.forward(x);
    const out = [Array.from(y1.dataSync()), Array.from(y2.dataSync())];
    [x, y1, y2].forEach((t) => t.dispose());
    return out;
  };
  const [a1, a2] = run(5), [b1] = run(5), [c1] = run(6);
  assert.deepEqual(a1, b1);
  assert.notDeepEqual(a1, a2, "each forward draws a new mask");
  assert.notDeepEqual(a1, c1);
  // The older positional form, Dropout(p, generator), still works.
  const x = ones([50]);
  const y = new nn.Dropout(0.5, new Generator(5)).forward(x);
  assert.deepEqual(Array.from(y.dataSync()), a1);
  [x, y].forEach((t) => t.dispose());
});

Deno.test("Dropout's p must be in [0, 1): the error names the op and the value", () => {
  for (const p of [1.2, 1, -0.1, NaN]) {
    assert.throws(() => new nn.Dropout(p), (e: unknown) => {
      assert.ok(e instanceof EngineError);
      assert.match(e.message, new RegExp(`^nn\\.Dropout: p = ${p}; .*\\[0, 1\\)`));
      return true;
    });
  }
  const x = ones([2]);
  assert.throws(() => F.dropout(x, 1.5), /dropout: p must be in \[0, 1\], got 1.5/);
  assert.throws(() => F.dropout(x, NaN), /dropout: p must be in \[0, 1\], got NaN/);
  const d = new nn.Dropout(0);
  const y = d.forward(x);
  assert.equal(y, x, "p = 0 is the identity");
  x.dispose();
});
