/** Losses against PyTorch's definitions, on inputs small enough to check by hand. */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import { F, type Tensor, tensor } from "../../engine/mod.ts";

await tf.setBackend("cpu");

type Loss = (a: Tensor, b: Tensor, o: { reduction?: F.Reduction }) => Tensor;

function expectLoss(
  loss: Loss,
  input: Tensor,
  target: Tensor,
  expected: { none: number[]; sum: number; mean: number },
) {
  const before = tf.memory().numTensors;
  for (const reduction of ["none", "sum", "mean"] as const) {
    const out = loss(input, target, { reduction });
    const got = Array.from(out.dataSync());
    const want = reduction === "none" ? expected.none : [expected[reduction]];
    assert.equal(got.length, want.length, reduction);
    got.forEach((v, i) =>
      assert.ok(Math.abs(v - want[i]) < 1e-5, `${reduction}[${i}]: ${v} vs ${want[i]}`)
    );
    out.dispose();
  }
  input.dispose();
  target.dispose();
  assert.equal(tf.memory().numTensors, before - 2, "losses leave no tensors behind");
}

Deno.test("mseLoss: (x − y)²", () => {
  expectLoss(F.mseLoss, tensor([1, 2, 3]), tensor([1, 0, 5]), {
    none: [0, 4, 4],
    sum: 8,
    mean: 8 / 3,
  });
});

Deno.test("l1Loss: |x − y|", () => {
  expectLoss(F.l1Loss, tensor([1, 2, 3]), tensor([1, 0, 5]), {
    none: [0, 2, 2],
    sum: 4,
    mean: 4 / 3,
  });
});

Deno.test("huberLoss (δ = 1): ½d² inside, |d| − ½ outside", () => {
  expectLoss(F.huberLoss, tensor([1, 2, 3, 0.5]), tensor([1, 0, 5, 0]), {
    none: [0, 1.5, 1.5, 0.125],
    sum: 3.125,
    mean: 0.78125,
  });
});

Deno.test("smoothL1Loss (β = 0.5): ½d²/β inside, |d| − ½β outside", () => {
  expectLoss(
    (a, b, o) => F.smoothL1Loss(a, b, { ...o, beta: 0.5 }),
    tensor([1, 2, 3, 0.5]),
    tensor([1, 0, 5, 0]),
    { none: [0, 1.75, 1.75, 0.25], sum: 3.75, mean: 0.9375 },
  );
});

Deno.test("nllLoss: −log p[y]", () => {
  expectLoss(
    F.nllLoss,
    tensor([[-0.5, -1, -2], [-3, -0.1, -1]]),
    tensor([0, 1], undefined, { dtype: "int32" }),
    { none: [0.5, 0.1], sum: 0.6, mean: 0.3 },
  );
});

// logsumexp([1,2,3]) − 3 = log(1 + e⁻¹ + e⁻²) = 0.40760596; row two: log 3.
const ce = { none: [0.40760596, 1.09861229], sum: 1.50621825, mean: 0.75310912 };

Deno.test("crossEntropy from logits and class indices", () => {
  expectLoss(
    F.crossEntropy,
    tensor([[1, 2, 3], [1, 1, 1]]),
    tensor([2, 0], undefined, { dtype: "int32" }),
    ce,
  );
});

Deno.test("crossEntropy from logits and class probabilities", () => {
  expectLoss(F.crossEntropy, tensor([[1, 2, 3], [1, 1, 1]]), tensor([[0, 0, 1], [1, 0, 0]]), ce);
});

Deno.test("crossEntropy gradient is (softmax − one-hot) / N", () => {
  const x = tensor([[1, 2, 3], [1, 1, 1]], undefined, { requiresGrad: true });
  const y = tensor([2, 0], undefined, { dtype: "int32" });
  const loss = F.crossEntropy(x, y);
  loss.backward();
  const e = [Math.exp(1), Math.exp(2), Math.exp(3)];
  const s = e.reduce((a, b) => a + b);
  const want = [e[0] / s, e[1] / s, e[2] / s - 1, 1 / 3 - 1, 1 / 3, 1 / 3].map((v) => v / 2);
  Array.from(x.grad!.dataSync()).forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6));
  [x, y, loss].forEach((t) => t.dispose());
});

Deno.test("binaryCrossEntropy: −(y log p + (1 − y) log(1 − p)), log clamped at −100", () => {
  expectLoss(F.binaryCrossEntropy, tensor([0.9, 0.2, 0.6]), tensor([1, 0, 1]), {
    none: [0.10536052, 0.22314355, 0.51082562],
    sum: 0.83932969,
    mean: 0.27977656,
  });
  expectLoss(F.binaryCrossEntropy, tensor([0, 1]), tensor([1, 1]), {
    none: [100, 0],
    sum: 100,
    mean: 50,
  });
});

Deno.test("binaryCrossEntropy at p = 0 has a finite gradient", () => {
  const p = tensor([0, 0.5], undefined, { requiresGrad: true });
  const y = tensor([1, 1]);
  const loss = F.binaryCrossEntropy(p, y);
  loss.backward();
  assert.ok(Array.from(p.grad!.dataSync()).every(Number.isFinite));
  [p, y, loss].forEach((t) => t.dispose());
});

Deno.test("binaryCrossEntropyWithLogits: log(1 + e⁻ˣ) for y = 1, log(1 + eˣ) for y = 0", () => {
  expectLoss(F.binaryCrossEntropyWithLogits, tensor([2, -1, 0.5]), tensor([1, 0, 0]), {
    none: [0.12692801, 0.31326169, 0.97407698],
    sum: 1.41426668,
    mean: 0.47142223,
  });
  // Large logits stay finite (no log of 0).
  expectLoss(F.binaryCrossEntropyWithLogits, tensor([200, -200]), tensor([0, 1]), {
    none: [200, 200],
    sum: 400,
    mean: 200,
  });
});
