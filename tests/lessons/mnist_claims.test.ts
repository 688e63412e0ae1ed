/**
 * The MNIST lesson's accuracies, from the command line's own training loop (`trainModel`, the
 * same code as `deno task mnist train`) on the shipped digits, WASM backend, seed 1. The prose
 * (lessons/{en,zh}/mnist.mdx) and mnist/README.md ("Measured") quote these runs; a change to the
 * defaults or the engine that moves them fails here. About a minute in all (the CNN is most).
 */
import assert from "node:assert/strict";
import { initBackend } from "../../engine/mod.ts";
import { MNIST_DEFAULTS, type ModelSpec, type TrainSettings } from "../../mnist/models.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { trainModel } from "../../mnist/train.ts";

const wasmPath = new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
  .href;
const sets = await loadShippedDigits();

/** Validation accuracy after the last epoch and test accuracy, in percent. */
async function run(
  kind: "mlp" | "cnn",
  overrides: Partial<TrainSettings> = {},
  spec: ModelSpec = MNIST_DEFAULTS[kind].model,
): Promise<{ train: number; val: number; test: number }> {
  const settings = { ...MNIST_DEFAULTS[kind].train, ...overrides };
  const { model, epochs, test } = await trainModel(spec, settings, sets);
  model.dispose();
  const last = epochs.at(-1)!;
  return {
    train: 100 * last.trainAccuracy,
    val: 100 * last.valAccuracy,
    test: 100 * test.accuracy,
  };
}

const near = (value: number, stated: number, what: string, tol = 0.35) =>
  assert.ok(
    Math.abs(value - stated) <= tol,
    `${what}: ${value.toFixed(2)}%, the lesson says ${stated}%`,
  );

function mnistTest(name: string, fn: () => Promise<void>) {
  Deno.test(`mnist.mdx: ${name}`, async () => {
    const choice = await initBackend({ order: ["wasm"], wasmPath });
    assert.equal(choice.name, "wasm", JSON.stringify(choice.skipped));
    try {
      await fn();
    } finally {
      await initBackend({ order: ["cpu"] });
    }
  });
}

mnistTest("the default MLP: 93.9% validation, 97.1% test", async () => {
  const r = await run("mlp");
  near(r.val, 93.9, "MLP validation");
  near(r.test, 97.1, "MLP test");
});

mnistTest("trained plainly the MLP overfits: 96.8% training, 92.1% validation", async () => {
  const r = await run("mlp", { lr: 1e-3, lrDecay: 1, batchSize: 64, maxShift: 0 });
  near(r.train, 96.8, "training accuracy over the fifth epoch");
  near(r.val, 92.1, "validation");
  assert.ok(r.train - r.val > 3, "a clear gap");
});

mnistTest("plain SGD: η ≈ 0.3 beats 0.1 and 1; momentum 0.9 at 0.1 does worse", async () => {
  const sgd = (lr: number, momentum = 0) => run("mlp", { optimizer: "sgd", lr, momentum });
  const [at01, at03, at1, momentum] = [
    await sgd(0.1),
    await sgd(0.3),
    await sgd(1),
    await sgd(0.1, 0.9),
  ];
  near(at03.val, 95.0, "SGD 0.3");
  near(at01.val, 93.8, "SGD 0.1");
  near(at1.val, 81.0, "SGD 1", 1);
  near(momentum.val, 88.8, "SGD 0.1 with momentum 0.9", 1);
  assert.ok(at03.val > at01.val && at03.val > at1.val);
});

mnistTest("an MLP of the CNN's size (784-256-10): 95.1% validation, 96.4% test", async () => {
  const r = await run("mlp", {}, { kind: "mlp", hidden: [256] });
  near(r.val, 95.1, "784-256-10 validation");
  near(r.test, 96.4, "784-256-10 test");
});

mnistTest("the default CNN: 97.6% validation, 98.7% test", async () => {
  const r = await run("cnn");
  near(r.val, 97.6, "CNN validation");
  near(r.test, 98.7, "CNN test");
});
