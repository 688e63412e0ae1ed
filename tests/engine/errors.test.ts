/** Bad input gives an EngineError that says what went wrong and what to do. */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import {
  assertFiniteAsync,
  EngineError,
  F,
  initBackend,
  nn,
  NonFiniteLossError,
  ones,
  optim,
  parseBackendParam,
  rand,
  randn,
  tensor,
  zeros,
} from "../../engine/mod.ts";

await tf.setBackend("cpu");

function throwsEngine(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof EngineError, `not an EngineError: ${e}`);
    assert.match(e.message, pattern);
    return true;
  });
}

Deno.test("a shape mismatch names the op and both shapes", () => {
  const a = tensor(new Float32Array(6), [2, 3]), b = tensor(new Float32Array(20), [4, 5]);
  throwsEngine(
    () => a.matmul(b),
    /^matmul: shapes \[2,3\] and \[4,5\] do not match \(inner dimensions 3 and 4 differ\)$/,
  );
  throwsEngine(() => a.add(b), /add: shapes \[2,3\] and \[4,5\] cannot be broadcast/);
  throwsEngine(() => F.mseLoss(a, tensor([1, 2])), /mseLoss: input \[2,3\] and target \[2\]/);
  throwsEngine(() => a.reshape([4, 2]), /reshape: cannot reshape \[2,3\]/);
  a.dispose();
  b.dispose();
});

Deno.test("backward on a non-scalar without a gradient says to reduce it", () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  const y = x.mul(2);
  throwsEngine(() => y.backward(), /not a scalar: reduce it first/);
  y.dispose();
  x.dispose();
});

Deno.test("a second backward through a freed graph says to pass keepGraph", () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  const loss = x.mul(x).sum();
  loss.backward();
  throwsEngine(() => loss.backward(), /already freed.*keepGraph: true/);
  loss.dispose();
  x.dispose();
});

Deno.test("reading an intermediate after backward says it was freed", () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  const h = x.exp();
  const loss = h.sum();
  loss.backward();
  throwsEngine(() => h.toArray(), /was freed: backward\(\) frees the graph/);
  loss.dispose();
  x.dispose();
});

Deno.test("a NaN or infinite loss throws NonFiniteLossError saying to lower the learning rate", () => {
  const x = tensor([-1], undefined, { requiresGrad: true });
  const nan = x.log().sum();
  assert.throws(() => nan.backward(), (e: unknown) => {
    assert.ok(e instanceof NonFiniteLossError);
    assert.ok(Number.isNaN(e.value));
    assert.match(e.message, /loss is NaN.*lower the learning rate/i);
    return true;
  });
  nan.dispose();
  const inf = x.neg().mul(1e30).exp().sum();
  throwsEngine(() => inf.backward(), /loss is Infinity/);
  inf.dispose();
  x.dispose();
});

Deno.test("the non-blocking reads: values(), itemAsync(), assertFiniteAsync()", async () => {
  const x = tensor([1, 2, 3], [3]);
  assert.deepEqual([...await x.values()], [1, 2, 3]);
  const s = x.sum();
  assert.equal(await s.itemAsync(), 6);
  await assertFiniteAsync(s);
  const bad = x.neg().log().sum();
  await assert.rejects(() => assertFiniteAsync(bad, 7), (e: unknown) => {
    assert.ok(e instanceof NonFiniteLossError);
    assert.match(e.message, /step 7: the loss is NaN/);
    return true;
  });
  await assert.rejects(() => x.itemAsync(), /itemAsync\(\) needs a tensor with one element/);
  for (const t of [x, s, bad]) t.dispose();
});

Deno.test("backward on a tensor that does not require grad", () => {
  const x = tensor([1, 2]);
  const s = x.sum();
  throwsEngine(() => s.backward(), /does not require grad/);
  s.dispose();
  x.dispose();
});

Deno.test("an unknown backend is named and the choices listed", async () => {
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    () => initBackend({ prefer: "cuda" as any }),
    /unknown backend 'cuda': choose one of webgpu, webgl, wasm-threads, wasm, cpu/,
  );
  throwsEngine(() => parseBackendParam("https://x.org/l/?backend=gpu"), /unknown backend 'gpu'/);
  assert.equal(parseBackendParam("https://x.org/l/?backend=wasm"), "wasm");
  assert.equal(parseBackendParam("https://x.org/l/"), undefined);
});

Deno.test("a class index outside the scores' classes names the loss and the label", () => {
  const logits = tensor([[1, 2, 3], [0, 1, 0]], undefined, { requiresGrad: true });
  for (
    const [labels, bad] of [[[0, 3], "target\\[1\\] is 3"], [
      [-1, 0],
      "target\\[0\\] is -1",
    ]] as const
  ) {
    const y = tensor([...labels], undefined, { dtype: "int32" });
    throwsEngine(
      () => F.crossEntropy(logits, y),
      new RegExp(`^crossEntropy: ${bad}, not a class index in 0\\.\\.2 \\(the scores \\[2,3\\]`),
    );
    throwsEngine(() => F.nllLoss(F.logSoftmax(logits, 1), y), new RegExp(`^nllLoss: ${bad}`));
    y.dispose();
  }
  const half = tensor([0, 1.5]);
  throwsEngine(() => F.crossEntropy(logits, half), /target\[1\] is 1\.5, not a class index/);
  half.dispose();
  // Valid labels still give the loss, also when the same target is used again.
  const y = tensor([2, 1], undefined, { dtype: "int32" });
  for (let i = 0; i < 2; i++) {
    const loss = F.crossEntropy(logits, y);
    assert.ok(loss.item() > 0);
    loss.dispose();
  }
  y.dispose();
  logits.dispose();
});

Deno.test("ragged or non-numeric nested arrays are refused by tensor()", () => {
  throwsEngine(
    () => tensor([[1, 2], [3]]),
    /^tensor: ragged nested array: \[1\] has 1 elements where 2 were expected/,
  );
  throwsEngine(
    () => tensor([[[1], [2]], [[3], 4]] as unknown as number[][][]),
    /ragged nested array: \[1\]\[1\] has a number where 1 were expected/,
  );
  throwsEngine(
    () => tensor([1, "x"] as unknown as number[]),
    /^tensor: element \[1\] is x, not a number/,
  );
  throwsEngine(() => tensor([1, 2, 3], [2, 2]), /^tensor: shape \[2,2\] needs 4 values, got 3/);
  const ok = tensor([[1, 2], [3, 4]]);
  assert.deepEqual(ok.shape, [2, 2]);
  ok.dispose();
});

Deno.test("huge or invalid shapes name the op and the shape", () => {
  const before = tf.memory().numTensors;
  throwsEngine(
    () => zeros([1e9, 1e9]),
    /^zeros: shape \[1000000000,1000000000\] has 1\.00e\+18 elements; one tensor may have at most 268435456/,
  );
  throwsEngine(() => ones([2 ** 15, 2 ** 14]), /^ones: shape \[32768,16384\]/);
  throwsEngine(() => randn([1e5, 1e5]), /^randn: shape/);
  throwsEngine(() => rand([-1, 2]), /^rand: shape \[-1,2\] must be a list of whole sizes/);
  throwsEngine(() => zeros([1.5]), /^zeros: shape \[1\.5\]/);
  throwsEngine(() => new nn.Linear(1e9, 1e9), /^nn\.Linear: shape \[1000000000,1000000000\] has/);
  throwsEngine(() => new nn.Linear(2.5, 3), /^nn\.Linear: shape \[3,2\.5\]/);
  throwsEngine(() => new nn.Conv2d(1e5, 1e5, 3), /^nn\.Conv2d: shape \[3,3,100000,100000\]/);
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("optimizers refuse bad hyper-parameters, also an lr set later", () => {
  const p = tensor([1, 2], undefined, { requiresGrad: true });
  throwsEngine(() => new optim.Adam([p], { lr: NaN }), /^Adam: lr must be a number ≥ 0, got NaN/);
  throwsEngine(() => new optim.SGD([p], { lr: -1 }), /^SGD: lr must be a number ≥ 0, got -1/);
  throwsEngine(() => new optim.SGD([p], { lr: Infinity }), /^SGD: lr must be .* got Infinity/);
  throwsEngine(() => new optim.SGD([p], { lr: 0.1, momentum: -0.5 }), /^SGD: momentum/);
  throwsEngine(() => new optim.SGD([p], { lr: 0.1, weightDecay: NaN }), /^SGD: weightDecay/);
  throwsEngine(
    () => new optim.Adam([p], { betas: [0.9, 1] }),
    /^Adam: betas\[1\] must be in \[0, 1\), got 1/,
  );
  throwsEngine(() => new optim.Adam([p], { eps: -1 }), /^Adam: eps/);
  throwsEngine(
    () => new optim.AdamW([p], { betas: [1, 0.9] }),
    /^AdamW: betas\[0\] must be in \[0, 1\), got 1/,
  );
  throwsEngine(() => new optim.RMSprop([p], { alpha: 1.5 }), /^RMSprop: alpha .* got 1.5$/);
  throwsEngine(() => new optim.RMSprop([p], { momentum: -1 }), /^RMSprop: momentum .* got -1$/);
  const adamW = new optim.AdamW([p]);
  adamW.lr = -2;
  throwsEngine(() => adamW.step(), /^AdamW: lr must be a number ≥ 0, got -2/);
  adamW.dispose();
  const opt = new optim.SGD([p], { lr: 0.1 });
  opt.lr = NaN;
  throwsEngine(() => opt.step(), /^SGD: lr must be a number ≥ 0, got NaN/);
  opt.dispose();
  p.dispose();
});

Deno.test("a tensor used after dispose() is named as disposed by the op that used it", () => {
  const x = tensor([1, 2], undefined, { requiresGrad: true });
  const w = tensor([[1], [2]]);
  x.dispose();
  throwsEngine(
    () => x.add(1),
    /^add: an input, this tensor of shape \[2\], was disposed: dispose\(\)/,
  );
  throwsEngine(() => x.exp(), /^exp: an input, .* was disposed/);
  throwsEngine(() => x.reshape([1, 2]).matmul(w), /^reshape: .* was disposed/);
  throwsEngine(() => x.sum(), /^sum: .* was disposed/);
  throwsEngine(() => x.toArray(), /^this tensor of shape \[2\], was disposed/);
  const y = tensor([3, 4], undefined, { requiresGrad: true });
  const loss = y.mul(y).sum();
  loss.dispose();
  throwsEngine(
    () => loss.backward(),
    /^backward\(\): an input, this sum of shape \[\], was disposed/,
  );
  y.dispose();
  w.dispose();
});
