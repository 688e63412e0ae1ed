/** Bad input gives an EngineError that says what went wrong and what to do. */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import {
  assertFiniteAsync,
  EngineError,
  F,
  initBackend,
  NonFiniteLossError,
  parseBackendParam,
  tensor,
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
    /unknown backend 'cuda': choose one of webgpu, webgl, wasm, cpu/,
  );
  throwsEngine(() => parseBackendParam("https://x.org/l/?backend=gpu"), /unknown backend 'gpu'/);
  assert.equal(parseBackendParam("https://x.org/l/?backend=wasm"), "wasm");
  assert.equal(parseBackendParam("https://x.org/l/"), undefined);
});
