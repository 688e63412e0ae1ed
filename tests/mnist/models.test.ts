import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { Generator, nn, noGrad, tensor } from "../../engine/mod.ts";
import {
  buildModel,
  fullSpec,
  inputShape,
  loadWeights,
  MNIST_DEFAULTS,
  type ModelSpec,
  parameterCount,
  saveWeights,
  storedSpec,
} from "../../mnist/models.ts";
import { WeightsError } from "../../mnist/weights.ts";
import { loadWeights as pageLoadWeights } from "../../components/mnist/train.ts";

const names = (spec: ModelSpec) =>
  buildModel(spec).namedParameters().map(([n, p]) => `${n} [${p.shape}]`);

/** Class scores of a model for a fixed random batch of 3 images. */
function scores(model: nn.Module, spec: ModelSpec): number[] {
  const x = tensor(new Generator(7).normal(3 * 784), [3, ...inputShape(spec)]);
  const out = noGrad(() => model.forward(x));
  const values = Array.from(out.dataSync());
  out.dispose();
  x.dispose();
  return values;
}

Deno.test("models: the lesson's MLP and CNN, their parameter names and counts", () => {
  assert.deepEqual(names({ kind: "mlp" }), [
    "0.weight [128,784]",
    "0.bias [128]",
    "2.weight [10,128]",
    "2.bias [10]",
  ]);
  assert.equal(parameterCount(buildModel({ kind: "mlp" })), 101_770);
  assert.deepEqual(names({ kind: "cnn" }), [
    "0.weight [3,3,1,8]",
    "0.bias [8]",
    "3.weight [3,3,8,16]",
    "3.bias [16]",
    "7.weight [10,400]",
    "7.bias [10]",
  ]);
  assert.equal(parameterCount(buildModel({ kind: "cnn" })), 5_258);
  assert.equal(
    parameterCount(buildModel({ kind: "cnn", kernel: 5, hidden: 32 })),
    8 * 26 + 16 * 201 + 32 * 257 + 10 * 33,
  );
  assert.deepEqual(storedSpec(fullSpec({ kind: "cnn" })), { kind: "cnn" });
  assert.deepEqual(storedSpec(MNIST_DEFAULTS.cnn.model), {
    kind: "cnn",
    channels: [16, 32],
    hidden: 256,
  });
  assert.equal(
    parameterCount(buildModel(MNIST_DEFAULTS.cnn.model)),
    16 * 10 + 32 * 145 + 256 * 801 + 10 * 257,
  );
  assert.equal(parameterCount(buildModel(MNIST_DEFAULTS.cnn.model)), 212_426);
  assert.deepEqual(storedSpec({ kind: "cnn", channels: [8, 16], kernel: 5 }), {
    kind: "cnn",
    kernel: 5,
  });
  assert.throws(() => fullSpec({ kind: "rnn" } as unknown as ModelSpec), /unknown model "rnn"/);
  assert.throws(
    () => fullSpec({ kind: "mlp", hidden: [0] }),
    /"hidden" must be a list of layer sizes/,
  );
});

Deno.test("models: weights survive save → JSON → load, for both models", () => {
  for (const spec of [{ kind: "mlp", hidden: [16, 8] }, { kind: "cnn" }] as ModelSpec[]) {
    const before = tf.memory().numTensors;
    const model = buildModel(spec, new Generator(3));
    const text = JSON.stringify(saveWeights(model, spec));
    const loaded = loadWeights(text);
    assert.deepEqual(loaded.spec, fullSpec(spec));
    assert.deepEqual(scores(loaded.model, spec), scores(model, spec));
    // Into an existing model with other initial weights, too.
    const other = buildModel(spec, new Generator(4));
    assert.notDeepEqual(scores(other, spec), scores(model, spec));
    loadWeights(text, other);
    assert.deepEqual(scores(other, spec), scores(model, spec));
    for (const m of [model, loaded.model, other]) m.dispose();
    assert.equal(tf.memory().numTensors, before);
  }
});

Deno.test("models: loading weights into a different model names the tensor and both shapes", () => {
  const text = JSON.stringify(
    saveWeights(buildModel({ kind: "mlp", hidden: [16] }), { kind: "mlp", hidden: [16] }),
  );
  assert.throws(
    () => loadWeights(text, buildModel({ kind: "mlp", hidden: [32] })),
    (e: unknown) =>
      e instanceof WeightsError &&
      /tensor "0.weight": the model has shape \[32, 784\], the weights file \[16, 784\]/.test(
        e.message,
      ),
  );
  assert.throws(
    () => loadWeights(text, buildModel({ kind: "cnn" })),
    /tensor "0.weight": the model has shape \[3, 3, 1, 8\]/,
  );
  const bad = JSON.stringify({ ...JSON.parse(text), model: { kind: "gan" } });
  assert.throws(() => loadWeights(bad), /weights file: bad "model": unknown model "gan"/);
});

Deno.test("models: the page's trainer reads weights files this module writes", () => {
  for (const spec of [{ kind: "mlp", hidden: [128] }, { kind: "cnn" }] as ModelSpec[]) {
    const model = buildModel(spec, new Generator(5));
    const predictor = pageLoadWeights(JSON.stringify(saveWeights(model, spec)));
    const pixels = new Generator(6).uniform(784);
    const probs = predictor.predict(pixels);
    // Same weights, same normalization: the same probabilities as softmax of this model's scores.
    const x = tensor(pixels.map((v) => (v - 0.1307) / 0.3081), [1, ...inputShape(spec)]);
    const expected = noGrad(() => tf.softmax(model.forward(x).data).dataSync());
    probs.forEach((p, i) => assert.ok(Math.abs(p - expected[i]) < 1e-5, `${spec.kind} class ${i}`));
    // And back: the page's file loads here.
    const again = loadWeights(predictor.toJson());
    assert.deepEqual(scores(again.model, spec), scores(model, spec));
    predictor.dispose();
    x.dispose();
    model.dispose();
    again.model.dispose();
  }
});
