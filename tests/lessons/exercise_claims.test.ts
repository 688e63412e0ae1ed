/**
 * What the exercises' words say about an MNIST run (components/exercises/text.ts, "mnist-small"):
 * the trainer's defaults on MLP 784-32-10 end at 91.1% of the validation digits (seed 1, WASM, the
 * command line's own loop, as tests/lessons/mnist_claims.test.ts does), so the task's 90% with at
 * most 50,000 parameters can be done. A few seconds.
 */
import assert from "node:assert/strict";
import { initBackend } from "../../engine/mod.ts";
import { MNIST_DEFAULTS } from "../../mnist/models.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { trainModel } from "../../mnist/train.ts";
import { MNIST_TASK } from "../../components/exercises/defs.ts";
import { mlpParams } from "../../components/exercises/checkers.ts";

const wasmPath = new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
  .href;

Deno.test("exercises: MLP 784-32-10 reaches 91.1% validation with the trainer's defaults", async () => {
  const choice = await initBackend({ order: ["wasm"], wasmPath });
  assert.equal(choice.name, "wasm", JSON.stringify(choice.skipped));
  try {
    const sets = await loadShippedDigits();
    const { model, epochs } = await trainModel(
      { kind: "mlp", hidden: [32] },
      MNIST_DEFAULTS.mlp.train,
      sets,
    );
    model.dispose();
    const val = 100 * epochs.at(-1)!.valAccuracy;
    assert.ok(Math.abs(val - 91.1) <= 0.35, `validation ${val.toFixed(2)}%, the text says 91.1%`);
    assert.ok(val / 100 >= MNIST_TASK.minAccuracy && mlpParams([32]) <= MNIST_TASK.maxParams);
  } finally {
    await initBackend({ order: ["cpu"] });
  }
});
