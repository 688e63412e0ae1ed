/**
 * Lesson 4's page code against the command line's (mnist/): the same defaults, the same
 * parameter counts, the same training steps, and one weights format read and written by both.
 */
import { TRAIN_MEAN, TRAIN_STD } from "../../mnist/dataset.ts";
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { Generator, noGrad, numTensors, tensor } from "../../engine/mod.ts";
import {
  buildModel,
  fullSpec,
  inputShape,
  loadWeights as cliLoadWeights,
  MNIST_DEFAULTS,
  type ModelSpec,
  parameterCount,
  saveWeights as cliSaveWeights,
} from "../../mnist/models.ts";
import { evaluate, MnistRun, trainModel } from "../../mnist/train.ts";
import { loadShippedDigits, sliceDigits } from "../../mnist/shipped.ts";
import {
  defaultSettings,
  LESSON_DEFAULTS,
  paramCount,
  specName,
} from "../../components/mnist/settings.ts";
import { loadWeights as pageLoadWeights, predictorOf } from "../../components/mnist/predictor.ts";

Deno.test("mnist spec: the lesson's defaults are the command line's MNIST_DEFAULTS", () => {
  assert.deepEqual(LESSON_DEFAULTS, MNIST_DEFAULTS);
  assert.deepEqual(defaultSettings("mlp").spec, { kind: "mlp", hidden: [128] });
});

Deno.test("mnist spec: parameter counts match the engine's built models", () => {
  const specs: ModelSpec[] = [
    { kind: "mlp", hidden: [256] },
    { kind: "mlp", hidden: [128] },
    { kind: "mlp", hidden: [256, 128] },
    { kind: "cnn" },
    { kind: "cnn", kernel: 5, channels: [16, 32] },
    { kind: "cnn", hidden: 32 },
    { kind: "cnn", channels: [16, 32], hidden: 128 },
    { kind: "cnn", channels: [16, 32], hidden: 256 },
  ];
  for (const spec of specs) {
    const model = buildModel(spec);
    assert.equal(paramCount(spec), parameterCount(model), JSON.stringify(spec));
    model.dispose();
  }
  assert.equal(paramCount({ kind: "mlp", hidden: [256] }), 203_530);
  assert.equal(paramCount({ kind: "cnn" }), 5_258);
  assert.equal(paramCount(defaultSettings("cnn").spec), 212_426);
  assert.equal(specName({ kind: "cnn" }), "CNN 3×3 8-16");
  assert.equal(specName(defaultSettings("cnn").spec), "CNN 3×3 16-32-256");
  assert.equal(specName({ kind: "cnn", kernel: 5, channels: [16, 32] }), "CNN 5×5 16-32");
  assert.equal(specName({ kind: "mlp", hidden: [256] }), "MLP 784-256-10");
});

const shipped = loadShippedDigits();

Deno.test("mnist run: the page's run is the command line's (one loop; reading less often changes nothing)", async () => {
  const { train: all, val: allVal } = await shipped;
  const train = sliceDigits(all, 0, 128), val = sliceDigits(allVal, 0, 100);
  for (const kind of ["mlp", "cnn"] as const) {
    // The lesson's settings; the small CNN { kind: "cnn" } (8, 16 channels) keeps the test fast
    // on tfjs's JavaScript CPU kernels.
    const settings = {
      ...defaultSettings(kind),
      ...(kind === "cnn" ? { spec: { kind } as const } : {}),
      batchSize: 32,
      epochs: 1,
    };
    const before = numTensors();
    // The page: four steps (one epoch of 128), the loss read back every 10th step only.
    const run = new MnistRun(engine, train, val, settings, undefined, 10);
    const reads: (number | null)[] = [];
    for (let i = 0; i < 4; i++) reads.push((await run.step()).loss);
    assert.equal(run.epoch, 1);
    assert.deepEqual(reads.map((r) => r === null), [false, true, true, false], "read 1st, last");
    // The command line's run from the same seed: every loss read, the same weights at the end.
    const cli = await trainModel(settings.spec, settings, { train, val, test: val });
    const page = await run.evaluate();
    assert.equal(page.accuracy, cli.epochs[0].valAccuracy);
    assert.equal(page.accuracy, cli.test.accuracy, "val as test: the same score");
    const params = [run.model.parameters(), cli.model.parameters()];
    for (let i = 0; i < params[0].length; i++) {
      const [a, b] = [params[0][i].data.dataSync(), params[1][i].data.dataSync()];
      assert.ok(a.every((v, j) => v === b[j]), `${kind}: parameter ${i} the same`);
    }
    run.dispose();
    cli.model.dispose();
    assert.equal(numTensors(), before, `${kind}: every tensor freed`);
  }
});

Deno.test("mnist weights: a file the page writes loads in the CLI's code and back", async () => {
  const { train: all, val: allVal } = await shipped;
  const train = sliceDigits(all, 0, 128), val = sliceDigits(allVal, 0, 200);
  for (const kind of ["mlp", "cnn"] as const) {
    // The lesson's settings; the small CNN { kind: "cnn" } (8, 16 channels) keeps the test fast
    // on tfjs's JavaScript CPU kernels.
    const settings = {
      ...defaultSettings(kind),
      ...(kind === "cnn" ? { spec: { kind } as const } : {}),
      batchSize: 64,
    };
    const run = new MnistRun(engine, train, val, settings);
    await run.step();
    await run.step();
    const predictor = predictorOf(run.model, settings.spec);
    run.dispose(true);
    // Page → CLI: the CLI's code rebuilds the model from the page's file.
    const fromPage = cliLoadWeights(await predictor.toJson());
    assert.deepEqual(fromPage.spec, fullSpec(settings.spec));
    // The page's predictor: probabilities for one image equal softmax of the CLI model's scores.
    const pixels = new Generator(10).uniform(784);
    const probs = await predictor.predict(pixels);
    const input = tensor(pixels.map((v) => (v - TRAIN_MEAN) / TRAIN_STD), [
      1,
      ...inputShape(settings.spec),
    ]);
    const logits = Array.from(noGrad(() => fromPage.model.forward(input)).data.dataSync());
    const max = Math.max(...logits);
    const exp = logits.map((l) => Math.exp(l - max));
    const sum = exp.reduce((s, v) => s + v, 0);
    probs.forEach((p, i) => assert.ok(Math.abs(p - exp[i] / sum) < 1e-5, `${kind} class ${i}`));
    // CLI → page: the file the CLI's saveWeights writes loads in the page, with the same
    // validation accuracy as the CLI's evaluate.
    const cliFile = JSON.stringify(cliSaveWeights(fromPage.model, fromPage.spec));
    const back = pageLoadWeights(cliFile);
    const pageEval = await back.evaluate(val);
    const cliEval = await evaluate(fromPage.model, val, settings.spec);
    assert.equal(pageEval.accuracy, cliEval.accuracy);
    assert.equal(await back.toJson(), cliFile, "byte-identical files");
    input.dispose();
    back.dispose();
    predictor.dispose();
    fromPage.model.dispose();
  }
});
