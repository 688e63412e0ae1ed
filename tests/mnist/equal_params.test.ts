/**
 * The equal-parameter comparison lesson 4 states: the lesson's CNN (212,426 parameters) against
 * an MLP 784-256-10 (203,530), each trained for one epoch on the 8,000 shipped training digits
 * with the same settings (the CNN's: Adam 4e-3, batch 64, ±1 pixel shifts) from the same seed,
 * scored on the 1,000 validation digits, for seeds 1, 2 and 3, on the WASM backend (the command
 * line's). About 25 seconds on a shared 2-core machine. The lesson's prose quotes the printed
 * accuracies; the assertions hold them to 0.3 points (one digit is 0.1).
 */
import assert from "node:assert/strict";
import { initBackend } from "../../engine/mod.ts";
import { type ModelSpec, parameterCount } from "../../mnist/models.ts";
import { trainModel } from "../../mnist/train.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { MNIST_DEFAULTS } from "../../mnist/spec.ts";
import { EQUAL_PARAMS_STATED } from "./equal_params_stated.ts";

const WASM_PATH = new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
  .href;

const STATED = EQUAL_PARAMS_STATED;

Deno.test({
  name: "equal parameters: the CNN beats an MLP of its size, seeds 1–3, one epoch",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await initBackend({ order: ["wasm", "cpu"], wasmPath: WASM_PATH });
    const { train, val } = await loadShippedDigits();
    const settings = MNIST_DEFAULTS.cnn.train;
    const specs: ModelSpec[] = [MNIST_DEFAULTS.cnn.model, { kind: "mlp", hidden: [256] }];
    const measured: Record<number, number[]> = {};
    for (const seed of [1, 2, 3]) {
      const accs: number[] = (measured[seed] = []);
      for (const spec of specs) {
        const { model, epochs } = await trainModel(
          spec,
          { ...settings, epochs: 1, seed },
          { train, val, test: val },
        );
        accs.push(100 * epochs[0].valAccuracy);
        if (seed === 1) {
          assert.equal(parameterCount(model), spec.kind === "cnn" ? 212_426 : 203_530);
        }
        model.dispose();
      }
      console.log(
        `seed ${seed}: CNN ${accs[0].toFixed(1)}%, MLP 784-256-10 ${accs[1].toFixed(1)}%`,
      );
    }
    for (const seed of [1, 2, 3]) {
      const accs = measured[seed];
      assert.ok(accs[0] > accs[1], `seed ${seed}: the CNN ahead`);
      const [cnn, mlp] = STATED[seed];
      assert.ok(Math.abs(accs[0] - cnn) <= 0.3, `seed ${seed}: CNN ${accs[0]} vs stated ${cnn}`);
      assert.ok(Math.abs(accs[1] - mlp) <= 0.3, `seed ${seed}: MLP ${accs[1]} vs stated ${mlp}`);
    }
  },
});
