/** Every tfjs tensor the engine makes is disposed: training leaves the tensor count unchanged. */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import { F, Generator, graphOf, nn, noGrad, optim, tensor } from "../../engine/mod.ts";

await tf.setBackend("cpu");

for (const name of ["SGD", "Adam"] as const) {
  Deno.test(`1,000 training steps of an MLP (${name}, dropout) leave tf.memory() unchanged`, () => {
    const g = new Generator(1);
    const model = new nn.Sequential(
      new nn.Linear(8, 16, { generator: g }),
      new nn.ReLU(),
      new nn.Dropout(0.1, g),
      new nn.Linear(16, 4, { generator: g }),
    );
    const opt = name === "SGD"
      ? new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9, weightDecay: 1e-4 })
      : new optim.Adam(model.parameters(), { lr: 1e-3 });
    const x = tensor(g.normal(16 * 8), [16, 8]);
    const y = tensor(Int32Array.from({ length: 16 }, (_, i) => i % 4), [16], { dtype: "int32" });
    const step = () => {
      opt.zeroGrad();
      const loss = F.crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      loss.dispose();
    };
    step(); // the first step creates the optimizer's state and the grads
    const before = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) step();
    assert.equal(tf.memory().numTensors, before);
    opt.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
  });
}

Deno.test("backward frees the graph; keepGraph keeps every node's value and grad", () => {
  const before = tf.memory().numTensors;
  const w = tensor([[1, -2], [3, 0.5]], undefined, { requiresGrad: true, label: "w" });
  const x = tensor([[1, 2]], undefined, { label: "x" });
  const h = x.matmul(w).relu();
  const loss = h.sum();
  loss.backward({ keepGraph: true });
  const nodes = graphOf(loss);
  assert.deepEqual(nodes.map((n) => n.op), [null, null, "matmul", "relu", "sum"]);
  assert.ok(nodes.filter((n) => n.requiresGrad).every((n) => n.grad !== null));
  assert.deepEqual(h.grad!.toArray(), [[1, 1]]);
  assert.deepEqual(w.grad!.toArray(), [[1, 0], [2, 0]]);
  loss.backward(); // through the kept graph again: grads add up, then the graph is freed
  assert.deepEqual(w.grad!.toArray(), [[2, 0], [4, 0]]);
  assert.equal(h.isAlive, false);
  assert.equal(loss.isAlive, true);
  loss.dispose();
  w.dispose();
  x.dispose();
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("noGrad records no graph and keeps only what it returns", () => {
  const before = tf.memory().numTensors;
  const model = new nn.Linear(3, 2);
  const x = tensor([[1, 2, 3]]);
  const { y } = noGrad(() => ({ y: model.forward(x).relu().mul(2) }));
  assert.equal(y.requiresGrad, false);
  assert.equal(y.op, null);
  assert.equal(tf.memory().numTensors, before + 2 + 1 + 1);
  y.dispose();
  x.dispose();
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
});
