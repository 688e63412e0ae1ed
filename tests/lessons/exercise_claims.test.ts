/**
 * What the exercises' words say about an MNIST run (components/exercises/text.ts, "mnist-small"):
 * the trainer's defaults on MLP 784-32-10 end at the validation accuracy claims/claims.json holds
 * as "exercises.mlp32.val.s1" (seed 1, WASM, the command line's own loop; the text reads it from
 * there), so the task's 90% with at most 50,000 parameters can be done. A few seconds. Also the numbers
 * the words of line-xor and mnist-pixels state, measured.
 */
import assert from "node:assert/strict";
import { F, initBackend, manualSeed, nn, noGrad, tensor } from "../../engine/mod.ts";
import { MNIST_NORMALIZATION } from "../../mnist/dataset.ts";
import { makeDataset } from "../../components/function/datasets.ts";
import { MNIST_DEFAULTS } from "../../mnist/models.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { trainModel } from "../../mnist/train.ts";
import {
  type ExerciseDef,
  EXERCISES,
  MNIST_TASK,
  PIXELS_CHOICES,
} from "../../components/exercises/defs.ts";
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

/** The "predict" experiment of exercise `id`, run in a Deno workspace: its `result`. */
async function experiment(id: string): Promise<number> {
  const engine = await import("../../engine/mod.ts");
  const { Workspace } = await import("../../components/cells/workspace.ts");
  const def = EXERCISES[id] as Extract<ExerciseDef, { kind: "predict"; experiment: string }>;
  const ws = new Workspace({ engine, loadMnist: loadShippedDigits });
  const error = await ws.exec(def.experiment, () => {});
  assert.ok(!error, JSON.stringify(error));
  const v = await ws.verdict("measured", def.experiment);
  return v.detail.value as number;
}

Deno.test("exercises: line-xor — the best line gets 74.5% (every line tried), gradient descent's 57.5%, all orange 56%", async () => {
  await initBackend({ order: ["cpu"] });
  const { x, y } = makeDataset("xor", 200, 0, 2); // the experiment's points
  const n = y.length;
  // The best line passes (after a nudge) through two of the points: try every pair; the two
  // points on it can each be put on their own side, so they count as right.
  let best = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const nx = x[2 * i + 1] - x[2 * j + 1], ny = x[2 * j] - x[2 * i];
      const c = -(nx * x[2 * i] + ny * x[2 * i + 1]);
      let right = 0;
      for (let k = 0; k < n; k++) {
        if (k === i || k === j) continue;
        if ((nx * x[2 * k] + ny * x[2 * k + 1] + c > 0 ? 1 : 0) === y[k]) right++;
      }
      best = Math.max(best, right + 2, n - 2 - right + 2);
    }
  }
  assert.equal(best / n, 0.745);
  assert.equal(y.reduce((s, v) => s + v, 0) / n, 0.44, "share of blue points");
  const gd = await experiment("line-xor");
  assert.equal(gd, 0.575);
  const def = EXERCISES["line-xor"] as Extract<
    ExerciseDef,
    { kind: "predict"; experiment: string }
  >;
  assert.ok(def.choices![2].max > gd && def.choices![1].min <= best / n, "choices");
});

Deno.test("exercises: mnist-pixels — digits ×255 start at a loss of 25–39, normalized ones at 2.32–2.38", async () => {
  await initBackend({ order: ["cpu"] });
  const { train } = await loadShippedDigits();
  const raw: number[] = [], normalized: number[] = [];
  for (let seed = 1; seed <= 10; seed++) {
    for (let batch = 0; batch < 3; batch++) {
      manualSeed(seed);
      const net = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
      const pixels = tensor(train.images.subarray(batch * 256 * 784, (batch + 1) * 256 * 784), [
        256,
        784,
      ]);
      const labels = tensor(train.labels.subarray(batch * 256, (batch + 1) * 256), [256], {
        dtype: "int32",
      });
      noGrad(() => {
        raw.push(F.crossEntropy(net.forward(pixels), labels).item());
        const x = pixels.div(255).sub(MNIST_NORMALIZATION.mean).div(MNIST_NORMALIZATION.std);
        if (batch === 0) normalized.push(F.crossEntropy(net.forward(x), labels).item());
      });
    }
  }
  const range = (v: number[]) => [Math.min(...v), Math.max(...v)];
  const [lo, hi] = range(raw), [nlo, nhi] = range(normalized);
  assert.ok(lo > 24.5 && lo < 25.5 && hi > 38.5 && hi < 39.5, `raw: ${lo} … ${hi}`);
  assert.ok(nlo > 2.31 && nlo < 2.33 && nhi > 2.37 && nhi < 2.39, `normalized: ${nlo} … ${nhi}`);
  // The experiment itself, and the whole range, fall in the solution's choice.
  const value = await experiment("mnist-pixels");
  const choice = PIXELS_CHOICES[2];
  for (const v of [...raw, value]) assert.ok(v >= choice.min && v < choice.max, String(v));
  assert.ok(PIXELS_CHOICES[1].max < lo - 5, "a margin below the lowest first loss");
});
