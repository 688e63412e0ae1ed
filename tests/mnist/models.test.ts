import assert from "node:assert/strict";
import { TRAIN_MEAN, TRAIN_STD } from "../../mnist/dataset.ts";
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
  parameterShapes,
  saveWeights,
  storedSpec,
} from "../../mnist/models.ts";
import { float32ToBase64, WeightsError } from "../../mnist/weights.ts";
import { loadWeights as pageLoadWeights } from "../../components/mnist/predictor.ts";

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

Deno.test("models: the page's trainer reads weights files this module writes", async () => {
  for (const spec of [{ kind: "mlp", hidden: [128] }, { kind: "cnn" }] as ModelSpec[]) {
    const model = buildModel(spec, new Generator(5));
    const predictor = pageLoadWeights(JSON.stringify(saveWeights(model, spec)));
    const pixels = new Generator(6).uniform(784);
    const probs = await predictor.predict(pixels);
    // Same weights, same normalization: the same probabilities as softmax of this model's scores.
    const x = tensor(pixels.map((v) => (v - TRAIN_MEAN) / TRAIN_STD), [1, ...inputShape(spec)]);
    const expected = noGrad(() => tf.softmax(model.forward(x).data).dataSync());
    probs.forEach((p, i) => assert.ok(Math.abs(p - expected[i]) < 1e-5, `${spec.kind} class ${i}`));
    // And back: the page's file loads here.
    const again = loadWeights(await predictor.toJson());
    assert.deepEqual(scores(again.model, spec), scores(model, spec));
    predictor.dispose();
    x.dispose();
    model.dispose();
    again.model.dispose();
  }
});

Deno.test("models: parameterShapes gives buildModel's names and shapes without building", () => {
  const specs: ModelSpec[] = [
    { kind: "mlp" },
    { kind: "mlp", hidden: [] },
    { kind: "mlp", hidden: [64, 32, 16] },
    { kind: "cnn" },
    MNIST_DEFAULTS.cnn.model,
    { kind: "cnn", channels: [4, 6], kernel: 5, hidden: 12 },
    { kind: "cnn", kernel: 7 },
  ];
  for (const spec of specs) {
    const built = buildModel(spec).namedParameters().map(([n, p]) => `${n} [${p.shape}]`);
    const implied = parameterShapes(fullSpec(spec)).map((p) => `${p.name} [${p.shape}]`);
    assert.deepEqual(implied, built, JSON.stringify(spec));
  }
});

/** A weights file whose spec is `model` and whose tensors are those of a tiny MLP. */
function fileWithModel(model: unknown): string {
  return JSON.stringify({ ...smallFile, model });
}
const smallFile = saveWeights(buildModel({ kind: "mlp", hidden: [2] }), {
  kind: "mlp",
  hidden: [2],
});

/** Asserts `fn` throws a one-line WeightsError matching `message`. */
function throwsWeightsError(fn: () => unknown, message: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof WeightsError, `not a WeightsError: ${e}`);
    assert.match(e.message, message);
    assert.ok(!e.message.includes("\n"), `more than one line: ${e.message}`);
    return true;
  });
}

Deno.test("models: a spec past the caps is refused before any model is built", () => {
  const before = tf.memory().numTensors;
  // hidden [60000, 60000] once grew the command line to 5.9 GB; [1e9] printed a RangeError.
  throwsWeightsError(
    () => loadWeights(fileWithModel({ kind: "mlp", hidden: [60000, 60000] })),
    /bad "model": mlp: a hidden layer of 60000 is over the limit of 4096/,
  );
  throwsWeightsError(
    () => loadWeights(fileWithModel({ kind: "mlp", hidden: [1e9] })),
    /a hidden layer of 1000000000 is over the limit of 4096/,
  );
  throwsWeightsError(
    () => loadWeights(fileWithModel({ kind: "mlp", hidden: Array(9).fill(8) })),
    /9 hidden layers is over the limit of 8/,
  );
  throwsWeightsError(
    () => loadWeights(fileWithModel({ kind: "mlp", hidden: [4096, 4096] })),
    /mlp: 20,037,642 parameters; the limit is 5,000,000/,
  );
  throwsWeightsError(
    () => loadWeights(fileWithModel({ kind: "cnn", channels: [8, 5000] })),
    /channels of 5000 is over the limit of 4096/,
  );
  assert.equal(fullSpec({ kind: "mlp", hidden: [4096] }).kind, "mlp"); // 3.3 M: allowed
  // Within the caps but not what the file holds: refused from the shapes alone, nothing built.
  throwsWeightsError(
    () => loadWeights(fileWithModel({ kind: "mlp", hidden: [4096, 256] })),
    /tensor "0.weight": the model has shape \[4096, 784\], the weights file \[2, 784\]/,
  );
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("models: weights that are NaN or infinite are refused: the file holds non-finite values", () => {
  const spec: ModelSpec = { kind: "mlp", hidden: [3] };
  const file = saveWeights(buildModel(spec), spec);
  const values = new Float32Array(3 * 784).fill(NaN);
  values[5] = 0.5;
  file.tensors[0].data = float32ToBase64(values);
  throwsWeightsError(
    () => loadWeights(JSON.stringify(file)),
    /the file holds non-finite values: tensor "0.weight" has 2351 NaN or infinite of its 2352/,
  );
  file.tensors[0].data = float32ToBase64(new Float32Array(3 * 784));
  file.tensors[3].data = float32ToBase64(Float32Array.of(0, Infinity, 0, 0, 0, 0, 0, 0, 0, 0));
  throwsWeightsError(() => loadWeights(JSON.stringify(file)), /tensor "2.bias" has 1 NaN/);
});
