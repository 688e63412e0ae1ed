/**
 * What the exercises' words say about an MNIST run (components/exercises/text.ts, "mnist-small"):
 * the trainer's defaults on MLP 784-32-10 end at the validation accuracy claims/claims.json holds
 * as "exercises.mlp32.val.s1" (seed 1, WASM, the command line's own loop; the text reads it from
 * there), so the task's 90% with at most 50,000 parameters can be done. A few seconds.
 */
import assert from "node:assert/strict";
import { initBackend } from "../../engine/mod.ts";
import { MNIST_DEFAULTS } from "../../mnist/models.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { trainModel } from "../../mnist/train.ts";
import { MNIST_TASK } from "../../components/exercises/defs.ts";
import { mlpParams } from "../../components/exercises/checkers.ts";
import { claimValue } from "../../claims/mod.ts";

const wasmPath = new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
  .href;

Deno.test("exercises: MLP 784-32-10 reaches the stated validation accuracy with the trainer's defaults", async () => {
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
    const stated = claimValue("exercises.mlp32.val.s1");
    assert.ok(
      Math.abs(val - stated) <= 0.35,
      `validation ${val.toFixed(2)}%, the text says ${stated}%`,
    );
    assert.ok(val / 100 >= MNIST_TASK.minAccuracy && mlpParams([32]) <= MNIST_TASK.maxParams);
  } finally {
    await initBackend({ order: ["cpu"] });
  }
});
