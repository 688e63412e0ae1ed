/**
 * The experiments whose numbers the lessons state (see mod.ts). Each one runs the project's own
 * code (for MNIST: `trainModel`, the loop of `deno task mnist train`, on the shipped digits and
 * the WASM backend) and returns named claims. `deno task claims` runs them and writes
 * claims.json; the claims tests rerun the cheap ones and compare.
 *
 * A name reads `<lesson>.<what>`; an accuracy over seeds 1–3 gives `….s1`, `….s2`, `….s3`,
 * `….mean` and `….sd` (sample standard deviation), all in percent.
 */
import { initBackend, nn, noGrad, Tensor } from "../engine/mod.ts";
import * as tf from "@tensorflow/tfjs-core";
import { type Digits, MNIST_NORMALIZATION, pixelStats, SHIPPED_SPLIT } from "../mnist/dataset.ts";
import {
  buildModel,
  MNIST_DEFAULTS,
  type ModelSpec,
  parameterCount,
  type TrainSettings,
} from "../mnist/models.ts";
import { CLASSIC, shiftEffect } from "../components/conv/math.ts";
import { convCompare } from "../components/conv/counts.ts";
import {
  loadShippedDigits,
  type ShippedSplit,
  type SplitMethod,
  splitOrder,
} from "../mnist/shipped.ts";
import { batchTensors, disposeSet, evaluateSet, trainModel, uploadSet } from "../mnist/train.ts";
import type { Claim, Provenance } from "./mod.ts";
import { normalizedBatch } from "../mnist/dataset.ts";
import { initClaimValues } from "../components/training/init_reference.ts";

export const SEEDS = [1, 2, 3];

/** An experiment: how to rerun it, and the run. */
export interface Experiment extends Omit<Provenance, "backend"> {
  name: string;
  /** Seconds or less on a quiet machine: the claims test reruns it every time. */
  cheap: boolean;
  run(): Promise<Record<string, Omit<Claim, "experiment">>>;
}

const WASM_PATH = new URL("../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
  .href;

/** The WASM backend (the command line's); an Error when it does not load. */
export async function useWasm(): Promise<void> {
  const choice = await initBackend({ order: ["wasm"], wasmPath: WASM_PATH });
  if (choice.name !== "wasm") throw new Error(`WASM backend: ${JSON.stringify(choice.skipped)}`);
}

const splits = new Map<SplitMethod, Promise<ShippedSplit>>();
/** The shipped digits, split one way, loaded once. */
export function digits(method: SplitMethod = "random"): Promise<ShippedSplit> {
  if (!splits.has(method)) splits.set(method, loadShippedDigits(method));
  return splits.get(method)!;
}

/** One `deno task mnist train` run: final training, validation and test accuracy in percent. */
export async function mnistRun(
  kind: "mlp" | "cnn",
  seed: number,
  overrides: Partial<TrainSettings> = {},
  spec: ModelSpec = MNIST_DEFAULTS[kind].model,
  method: SplitMethod = "random",
  keep?: (
    model: Awaited<ReturnType<typeof trainModel>>["model"],
    sets: ShippedSplit,
  ) => void | Promise<void>,
): Promise<{ train: number; val: number; test: number }> {
  const sets = await digits(method);
  const settings = { ...MNIST_DEFAULTS[kind].train, ...overrides, seed };
  const { model, epochs, test } = await trainModel(spec, settings, sets);
  try {
    await keep?.(model, sets);
  } finally {
    model.dispose();
  }
  const last = epochs.at(-1)!;
  return {
    train: 100 * last.trainAccuracy,
    val: 100 * last.valAccuracy,
    test: 100 * test.accuracy,
  };
}

const pct = (value: number) => ({ value: Number(value.toFixed(2)), digits: 1 });

/** `prefix.s1 … .s3`, `.mean`, `.sd` of per-seed percentages. */
function overSeeds(prefix: string, values: number[]): Record<string, Omit<Claim, "experiment">> {
  const out: Record<string, Omit<Claim, "experiment">> = {};
  values.forEach((v, i) => (out[`${prefix}.s${SEEDS[i]}`] = pct(v)));
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  out[`${prefix}.mean`] = pct(mean);
  out[`${prefix}.sd`] = pct(sd);
  return out;
}

/** Runs one configuration for seeds 1–3: `<prefix>.{train,val,test}.{s1,s2,s3,mean,sd}`. */
async function threeSeeds(
  prefix: string,
  run: (seed: number) => Promise<{ train: number; val: number; test: number }>,
) {
  const rows = [];
  for (const seed of SEEDS) {
    const r = await run(seed);
    console.log(`  ${prefix} seed ${seed}: ${JSON.stringify(r)}`);
    rows.push(r);
  }
  const gap = rows.map((r) => r.test - r.val);
  return {
    ...overSeeds(`${prefix}.train`, rows.map((r) => r.train)),
    ...overSeeds(`${prefix}.val`, rows.map((r) => r.val)),
    ...overSeeds(`${prefix}.test`, rows.map((r) => r.test)),
    ...overSeeds(`${prefix}.gap`, gap),
  };
}

const MNIST_TRAIN = "deno task mnist train --model";

/** Statistics of the training split's pixels, as the lesson states them. */
export async function dataClaims(): Promise<Record<string, Omit<Claim, "experiment">>> {
  const { train } = await digits();
  const { mean, std } = pixelStats(train);
  const { mean: m, std: s } = MNIST_NORMALIZATION;
  // Per pixel position, after the course's normalization: mean, and whether it ever changes.
  const n = train.count;
  const sum = new Float64Array(784);
  const min = new Uint8Array(784).fill(255), max = new Uint8Array(784);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < 784; p++) {
      const v = train.images[i * 784 + p];
      sum[p] += (v / 255 - m) / s;
      if (v < min[p]) min[p] = v;
      if (v > max[p]) max[p] = v;
    }
  }
  const means = Array.from(sum, (x) => x / n);
  const position = await digits("position");
  // Which of today's validation and test digits were among the 2,000 digits the settings were
  // chosen on (the split by position's validation and test digits, then all validation).
  const counts = Array.from(
    { length: 10 },
    (_, c) => (position.train.labels.filter((l) => l === c)).length,
  );
  const total = counts.map((n, c) =>
    n +
    [position.val, position.test].reduce((k, d) => k + d.labels.filter((l) => l === c).length, 0)
  );
  const heldOut = (method: SplitMethod) => splitOrder(total, method).map(([c, i]) => `${c}.${i}`);
  const old = new Set(heldOut("position").slice(SHIPPED_SPLIT.train));
  const now = heldOut("random");
  const within = (from: number, to: number) => now.slice(from, to).filter((k) => old.has(k)).length;
  const valEnd = SHIPPED_SPLIT.train + SHIPPED_SPLIT.val;
  return {
    "mnist.data.mean": { value: Number(mean.toFixed(4)), digits: 4 },
    "mnist.data.std": { value: Number(std.toFixed(4)), digits: 4 },
    // E[x²] of raw pixels in [0, 1]: the size of the inputs the first layer's gradient carries.
    "mnist.data.meanSquare": { value: Number((mean * mean + std * std).toFixed(3)), digits: 2 },
    "mnist.data.pixelMeanMin": { value: Number(Math.min(...means).toFixed(2)), digits: 2 },
    "mnist.data.pixelMeanMax": { value: Number(Math.max(...means).toFixed(2)), digits: 2 },
    "mnist.data.constantPixels": { value: means.filter((_, p) => min[p] === max[p]).length },
    // Mean ink of the validation and test digits of each split: by position they differ.
    "mnist.data.position.valMean": {
      value: Number(pixelStats(position.val).mean.toFixed(4)),
      digits: 3,
    },
    "mnist.data.position.testMean": {
      value: Number(pixelStats(position.test).mean.toFixed(4)),
      digits: 3,
    },
    "mnist.data.valMean": {
      value: Number(pixelStats((await digits()).val).mean.toFixed(4)),
      digits: 3,
    },
    "mnist.data.testMean": {
      value: Number(pixelStats((await digits()).test).mean.toFixed(4)),
      digits: 3,
    },
    "mnist.data.valInOldHeldOut": { value: within(SHIPPED_SPLIT.train, valEnd) },
    "mnist.data.testInOldHeldOut": { value: within(valEnd, SHIPPED_SPLIT.total) },
    "mnist.data.splitSeed": { value: SHIPPED_SPLIT.seed },
  };
}

/** Counts of (true, predicted) over a set: `m[t * 10 + p]`. */
function confusion(labels: Uint8Array, predicted: Int32Array, into = new Int32Array(100)) {
  labels.forEach((t, i) => into[t * 10 + predicted[i]]++);
  return into;
}

/** Mean share (%) of hidden ReLU units above 0 per digit, for an MLP with one hidden layer. */
function activeShare(model: { layers: { forward(x: Tensor): Tensor }[] }, set: Digits): number {
  const idx = Int32Array.from({ length: set.count }, (_, i) => i);
  const { x, y } = batchTensors(set, idx, { shape: [784] });
  const hidden = noGrad(() => model.layers[1].forward(model.layers[0].forward(x)));
  const on = tf.tidy(() => tf.mean(tf.cast(tf.greater(hidden.data, 0), "float32")));
  const share = 100 * on.dataSync()[0];
  [x, y, hidden].forEach((t) => t.dispose());
  on.dispose();
  return share;
}

/** The default MLP, seeds 1–3, plus what the lesson reads off its trained models. */
async function mlpDefault() {
  const matrix = new Int32Array(100);
  const active: number[] = [];
  const claims = await threeSeeds(
    "mnist.mlp",
    (seed) =>
      mnistRun("mlp", seed, {}, undefined, "random", async (model, sets) => {
        const set = uploadSet(sets.val, MNIST_DEFAULTS.mlp.model);
        confusion(sets.val.labels, (await evaluateSet(model, set)).predictions, matrix);
        disposeSet(set);
        active.push(activeShare(model as never, sets.val));
      }),
  );
  // Errors by unordered pair of digits, over the three seeds' validation predictions.
  const pairs: Array<[string, number]> = [];
  let errors = 0;
  for (let a = 0; a < 10; a++) {
    for (let b = a + 1; b < 10; b++) {
      const n = matrix[a * 10 + b] + matrix[b * 10 + a];
      errors += n;
      pairs.push([`${a} ↔ ${b}`, n]);
    }
  }
  pairs.sort((p, q) => q[1] - p[1] || p[0].localeCompare(q[0]));
  const share = (n: number) => pct((100 * n) / errors);
  const top = (k: number) => pairs.slice(0, k).reduce((s, p) => s + p[1], 0);
  const named = (a: number, b: number) => matrix[a * 10 + b] + matrix[b * 10 + a];
  const out: Record<string, Omit<Claim, "experiment">> = {
    ...claims,
    "mnist.confusion.errors": { value: errors },
    "mnist.confusion.pairs": { value: 45 },
    "mnist.confusion.top3.share": share(top(3)),
    "mnist.confusion.top6.share": share(top(6)),
    "mnist.confusion.49_35.share": share(named(4, 9) + named(3, 5)),
    "mnist.active.mean": pct(active.reduce((s, v) => s + v, 0) / active.length),
  };
  pairs.slice(0, 3).forEach(([name, n], i) => {
    out[`mnist.confusion.top${i + 1}.pair`] = { value: name };
    out[`mnist.confusion.top${i + 1}.share`] = share(n);
  });
  console.log(`  confusion pairs: ${JSON.stringify(pairs.slice(0, 8))} of ${errors}`);
  return out;
}

/** The equal-parameter comparison: one epoch with the CNN's settings, seeds 1–3. */
export async function equalParamsRun(seed: number): Promise<{ cnn: number; mlp: number }> {
  const { train, val } = await digits();
  const settings = MNIST_DEFAULTS.cnn.train;
  const specs: ModelSpec[] = [MNIST_DEFAULTS.cnn.model, { kind: "mlp", hidden: [256] }];
  const accs: number[] = [];
  for (const spec of specs) {
    const { model, epochs } = await trainModel(spec, { ...settings, epochs: 1, seed }, {
      train,
      val,
      test: val,
    });
    accs.push(100 * epochs[0].valAccuracy);
    model.dispose();
  }
  return { cnn: accs[0], mlp: accs[1] };
}

const PLAIN = { lr: 1e-3, lrDecay: 1, batchSize: 64, maxShift: 0 };

export const EXPERIMENTS: Experiment[] = [
  {
    name: "mnist.data",
    what: "pixel statistics of the 8,000 training digits (seeded random split)",
    command: "deno task claims --only mnist.data",
    seeds: [SHIPPED_SPLIT.seed],
    cheap: true,
    run: dataClaims,
  },
  {
    name: "mnist.mlp",
    what: "the default MLP 784-128-10; confusion pairs and active hidden units on validation",
    command: `${MNIST_TRAIN} mlp --out w.json --seed S`,
    seeds: SEEDS,
    cheap: false,
    run: mlpDefault,
  },
  {
    name: "mnist.mlp.position",
    what: "the default MLP on the split by position (the first 80% of each class train)",
    command: `${MNIST_TRAIN} mlp --out w.json --seed S --split position`,
    seeds: SEEDS,
    cheap: false,
    run: () =>
      threeSeeds("mnist.position.mlp", (s) => mnistRun("mlp", s, {}, undefined, "position")),
  },
  {
    name: "mnist.cnn",
    what: "the default CNN",
    command: `${MNIST_TRAIN} cnn --out w.json --seed S`,
    seeds: SEEDS,
    cheap: false,
    run: () => threeSeeds("mnist.cnn", (s) => mnistRun("cnn", s)),
  },
  {
    name: "mnist.mlp256",
    what: "MLP 784-256-10 with the default MLP's settings",
    command: `${MNIST_TRAIN} mlp --hidden 256 --out w.json --seed S`,
    seeds: SEEDS,
    cheap: false,
    run: () =>
      threeSeeds("mnist.mlp256", (s) => mnistRun("mlp", s, {}, { kind: "mlp", hidden: [256] })),
  },
  {
    name: "mnist.plain",
    what: "the MLP trained plainly: Adam 1e-3 constant, batch 64, no shifts",
    command:
      `${MNIST_TRAIN} mlp --lr 0.001 --lr-decay 1 --batch 64 --shift 0 --out w.json --seed S`,
    seeds: SEEDS,
    cheap: false,
    run: () => threeSeeds("mnist.plain", (s) => mnistRun("mlp", s, PLAIN)),
  },
  {
    name: "mnist.sgd",
    what: "plain SGD at 0.1, 0.3 and 1, and SGD 0.1 with momentum 0.9 (MLP defaults otherwise)",
    command: `${MNIST_TRAIN} mlp --optimizer sgd --lr X [--momentum 0.9] --out w.json --seed S`,
    seeds: SEEDS,
    cheap: false,
    run: async () => {
      const sgd = (lr: number, momentum = 0) => (seed: number) =>
        mnistRun("mlp", seed, { optimizer: "sgd", lr, momentum });
      const [lo, hi, mom] = [await sgd(0.1)(1), await sgd(1)(1), await sgd(0.1, 0.9)(1)];
      return {
        ...(await threeSeeds("mnist.sgd03", sgd(0.3))),
        "mnist.sgd01.val.s1": pct(lo.val),
        "mnist.sgd1.val.s1": pct(hi.val),
        "mnist.sgdMomentum.val.s1": pct(mom.val),
      };
    },
  },
  {
    name: "mnist.equal",
    what: "CNN vs MLP 784-256-10, one epoch, the CNN's settings, validation accuracy",
    command: "deno test -A tests/mnist/equal_params.test.ts (claims/experiments.ts equalParamsRun)",
    seeds: SEEDS,
    cheap: false,
    run: async () => {
      const runs = [];
      for (const s of SEEDS) runs.push(await equalParamsRun(s));
      return {
        ...overSeeds("mnist.equal.cnn", runs.map((r) => r.cnn)),
        ...overSeeds("mnist.equal.mlp", runs.map((r) => r.mlp)),
      };
    },
  },
  {
    name: "exercises.mlp32",
    what: "MLP 784-32-10 with the MLP's defaults (exercise mnist-small)",
    command: `${MNIST_TRAIN} mlp --hidden 32 --out w.json --seed 1`,
    seeds: [1],
    cheap: false,
    run: async () => ({
      "exercises.mlp32.val.s1": pct(
        (await mnistRun("mlp", 1, {}, { kind: "mlp", hidden: [32] })).val,
      ),
    }),
  },
  // Lesson 6 (conv), sections channels and pooling (conv-a)
  {
    name: "conv.params",
    what: "parameters of lesson 4's CNN and MLP layers, and of dense layers on the same maps",
    command: "deno task claims --only conv.params",
    seeds: [1],
    cheap: true,
    run: convParamClaims,
  },
  {
    name: "conv.shift",
    what: "relative change of conv / max-pooled / avg-pooled maps when validation digits shift",
    command: "deno task claims --only conv.shift",
    seeds: [SHIPPED_SPLIT.seed],
    cheap: true,
    run: convShiftClaims,
  },
  // Lesson 7 (training), optimizers (train-b).
  {
    name: "training.optim",
    what: "steps until the loss < 1e-3 for SGD, momentum, RMSProp, Adam on the 2-D surfaces " +
      "(each surface's defaults), and on the valley over a sweep of η",
    command: "deno task claims --only training.optim",
    seeds: [1],
    cheap: false,
    run: optimClaims,
  },
  {
    name: "training.sched",
    what: "minibatch SGD on a noisy line, 300 steps, four schedules: ratios of the excess-loss " +
      "floors (mean of the last 50 steps)",
    command: "deno task claims --only training.sched",
    seeds: [1],
    cheap: false,
    run: scheduleClaims,
  },
  // Lesson 7 (training), initialization (train-a).
  {
    name: "training.init",
    what:
      "Step-0 statistics of the init figure's MLPs (64 units, seed 1) on the first 256 validation digits, in float64",
    command: "deno task claims --only training.init (components/training/init_reference.ts)",
    seeds: [1],
    cheap: true,
    run: async () => {
      const { val } = await digits();
      const idx = Array.from({ length: 256 }, (_, i) => i);
      const { x, labels } = normalizedBatch(val, idx, MNIST_NORMALIZATION);
      return initClaimValues(x, labels);
    },
  },

  // Lesson 7 (training): learning curves and choosing settings (train-c).
  {
    name: "training.curves",
    what: "learning curves on 500 digits: each regularizer, seed 1 (the figure's defaults)",
    command: "deno task claims --only training.curves (components/training/curves_run.ts)",
    seeds: [1],
    cheap: false,
    run: async () => {
      const { CurvesRun, CURVES_DEFAULTS, gapOf, REGULARIZATION, REGULARIZERS } = await import(
        "../components/training/curves_run.ts"
      );
      const E = await import("../engine/mod.ts");
      const { train, val } = await digits();
      const out: Record<string, Omit<Claim, "experiment">> = {};
      for (const name of REGULARIZERS) {
        const run = new CurvesRun(E, train, val, REGULARIZATION[name], CURVES_DEFAULTS);
        while (!run.done) await run.step();
        const kept = run.kept!;
        const lowest = run.history.reduce((b, h) => (h.valLoss < b.valLoss ? h : b));
        out[`training.curves.${name}.gap`] = pct(gapOf(kept).points);
        out[`training.curves.${name}.train`] = pct(kept.trainAcc);
        out[`training.curves.${name}.val`] = pct(kept.valAcc);
        out[`training.curves.${name}.epoch`] = { value: kept.epoch };
        out[`training.curves.${name}.lowestEpoch`] = { value: lowest.epoch };
        // How far the validation loss climbs from its lowest point to the run's last epoch.
        out[`training.curves.${name}.rise`] = {
          value: Number((run.history.at(-1)!.valLoss - lowest.valLoss).toFixed(4)),
          digits: 2,
        };
        console.log(`  training.curves ${name}: ${JSON.stringify(kept)}`);
        run.dispose();
      }
      return out;
    },
  },
  {
    name: "training.sweep",
    what: "learning-rate sweep: Adam at 6 log-spaced rates, 1,000 digits, 5 epochs, seeds 1-3",
    command: "deno task claims --only training.sweep (components/training/sweep_run.ts)",
    seeds: SEEDS,
    cheap: false,
    run: async () => {
      const { SWEEP } = await import("../components/training/sweep_range.ts");
      const { sweepRun } = await import("../components/training/sweep_run.ts");
      const sets = await digits();
      let out: Record<string, Omit<Claim, "experiment">> = {};
      const means: number[] = [];
      for (const [i, lr] of SWEEP.lrs.entries()) {
        const vals: number[] = [];
        for (const seed of SEEDS) vals.push((await sweepRun(sets, lr, seed)).val);
        console.log(`  training.sweep lr ${lr}: ${vals.map((v) => v.toFixed(1)).join(" ")}`);
        out = { ...out, ...overSeeds(`training.sweep.${i}.val`, vals) };
        means.push(vals.reduce((a, b) => a + b, 0) / vals.length);
      }
      // Chosen on validation; the test digits are scored for the chosen rate only, once.
      const best = means.indexOf(Math.max(...means));
      const tests: number[] = [];
      for (const seed of SEEDS) {
        tests.push((await sweepRun(sets, SWEEP.lrs[best], seed, true)).test!);
      }
      return {
        ...out,
        ...overSeeds("training.sweep.best.test", tests),
        "training.sweep.best.index": { value: best },
        "training.sweep.best.lr": {
          value: SWEEP.lrs[best],
          digits: Math.max(0, -Math.floor(Math.log10(SWEEP.lrs[best]))),
        },
        "training.sweep.best.val.mean": pct(means[best]),
        "training.sweep.trainSize": { value: SWEEP.trainSize },
        "training.sweep.epochs": { value: SWEEP.epochs },
      };
    },
  },
  {
    name: "training.se",
    what: "standard error of an accuracy on the 1,000 test digits, at the MLP's test accuracy",
    command: "deno task claims --only training.se (sqrt(p(1-p)/n) at mnist.mlp.test.mean)",
    seeds: SEEDS,
    cheap: true,
    run: async () => {
      const { accuracyStandardError } = await import("../components/training/sweep_range.ts");
      const { claimValue } = await import("./mod.ts");
      const p = claimValue("mnist.mlp.test.mean") / 100;
      const n = SHIPPED_SPLIT.test;
      return {
        "training.se.accuracy": pct(100 * p),
        "training.se.n": { value: n },
        "training.se.points": { value: Number(accuracyStandardError(p, n).toFixed(3)), digits: 2 },
        // The difference of two independent accuracies: √2 times the error, and twice that.
        "training.se.difference": {
          value: Number((Math.SQRT2 * accuracyStandardError(p, n)).toFixed(3)),
          digits: 2,
        },
        "training.se.differenceTwice": {
          value: Number((2 * Math.SQRT2 * accuracyStandardError(p, n)).toFixed(3)),
          digits: 1,
        },
      };
    },
  },
  // ---- Lesson 7 (training), Optimizers: the same optimizers on MNIST ----
  {
    name: "training.optmnist",
    what:
      "SGD, momentum, RMSprop and Adam on lesson 4's MLP, 600 steps of 64 shipped training digits, seeds 1-3",
    command: "deno task claims --only training.optmnist (components/training/optmnist_run.ts)",
    seeds: SEEDS,
    cheap: false,
    run: async () => {
      const { OPTMNIST, OPTMNIST_NAMES, optMnistLossClaim, optMnistRun } = await import(
        "../components/training/optmnist_run.ts"
      );
      const sets = await digits();
      let out: Record<string, Omit<Claim, "experiment">> = {};
      for (const name of OPTMNIST_NAMES) {
        const runs: { curve: number[]; val: number }[] = [];
        for (const seed of SEEDS) runs.push(await optMnistRun(sets, name, seed));
        console.log(
          `  training.optmnist ${name}: ${runs.map((r) => r.val.toFixed(1)).join(" ")}`,
        );
        out = { ...out, ...overSeeds(`training.optmnist.${name}.val`, runs.map((r) => r.val)) };
        // The curve drawn is the mean over seeds of the smoothed training loss.
        runs[0].curve.forEach((_, k) => {
          const mean = runs.reduce((s, r) => s + r.curve[k], 0) / runs.length;
          out[optMnistLossClaim(name, k)] = { value: Number(mean.toFixed(4)), digits: 2 };
        });
        const last = runs[0].curve.length - 1;
        out[`training.optmnist.${name}.loss.final`] = { ...out[optMnistLossClaim(name, last)] };
        out[`training.optmnist.${name}.lr`] = {
          value: OPTMNIST.lr[name],
          digits: Math.max(0, -Math.floor(Math.log10(OPTMNIST.lr[name]))),
        };
      }
      return {
        ...out,
        "training.optmnist.steps": { value: OPTMNIST.steps },
        "training.optmnist.batchSize": { value: OPTMNIST.batchSize },
        "training.optmnist.every": { value: OPTMNIST.every },
      };
    },
  },
];

// ---- Lesson 6 (conv), sections channels and pooling (conv-a) ----

/**
 * Weight sharing counted on the engine's own modules: lesson 4's CNN (buildModel of
 * MNIST_DEFAULTS.cnn.model) layer by layer, lesson 4's MLP's first layer, and the dense layer
 * (nn.Linear) that would map the same input to the same output map as each convolution. A
 * "locally connected" layer (a k×k window per output unit, no sharing) is counted in the
 * arithmetic of `convCompare` (components/conv/counts.ts), which tests/components/conv.test.ts
 * checks against these modules.
 */
// deno-lint-ignore require-await
async function convParamClaims(): Promise<Record<string, Omit<Claim, "experiment">>> {
  const int = (value: number) => ({ value });
  const cnn = buildModel(MNIST_DEFAULTS.cnn.model);
  const mlp = buildModel(MNIST_DEFAULTS.mlp.model);
  const count = (m: nn.Module | undefined) => (m ? parameterCount(m) : NaN);
  const layers = cnn.layers;
  const convs = layers.filter((m): m is nn.Conv2d => m instanceof nn.Conv2d);
  const linears = layers.filter((m) => m instanceof nn.Linear);
  const [c1, c2] = convs.map(count);
  const mlpFirst = count(mlp.layers.find((m) => m instanceof nn.Linear));
  const out: Record<string, Omit<Claim, "experiment">> = {
    "conv.params.conv1": int(c1),
    "conv.params.conv2": int(c2),
    "conv.params.convs": int(c1 + c2),
    "conv.params.cnnHidden": int(count(linears[0])),
    "conv.params.cnnTotal": int(count(cnn)),
    "conv.params.mlpFirst": int(mlpFirst),
    "conv.params.ratio": { value: Number((mlpFirst / (c1 + c2)).toFixed(2)), digits: 0 },
  };
  // The dense layer from each convolution's input map to its output map, built and counted.
  const maps = [{ conv: convs[0], side: 28 }, { conv: convs[1], side: 13 }];
  maps.forEach(({ conv, side }, k) => {
    const c = convCompare(side, conv.inChannels, conv.outChannels, conv.kernelSize);
    const dense = new nn.Linear(c.inputs, c.outputs);
    out[`conv.params.dense${k + 1}`] = int(count(dense));
    out[`conv.params.local${k + 1}`] = int(c.local);
    out[`conv.params.out${k + 1}`] = int(c.outputs);
    for (const p of dense.parameters()) p.dispose();
  });
  return out;
}

/**
 * Shifts and pooling, measured on the 1,000 validation digits with the vertical-edge kernel (the
 * figure's default): the relative change ‖after − before‖/‖before‖ of the ReLU'd 26×26 map and
 * of its 2×2 max- and average-pooled 13×13 maps, averaged over the digits, for a shift of one
 * and two pixels to the right; and the largest equivariance error (components/conv/math.ts).
 */
async function convShiftClaims(): Promise<Record<string, Omit<Claim, "experiment">>> {
  const { val } = await digits();
  const out: Record<string, Omit<Claim, "experiment">> = {};
  let worst = 0;
  for (const dx of [1, 2]) {
    const sum = { conv: 0, max: 0, avg: 0 };
    for (let i = 0; i < val.count; i++) {
      const d = Float64Array.from(val.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255);
      const e = shiftEffect(d, CLASSIC.vertical, dx, 0);
      sum.conv += e.conv;
      sum.max += e.max;
      sum.avg += e.avg;
      worst = Math.max(worst, e.equivariance);
    }
    for (const k of ["conv", "max", "avg"] as const) {
      out[`conv.shift${dx}.${k}`] = {
        value: Number((100 * sum[k] / val.count).toFixed(2)),
        digits: 0,
      };
    }
  }
  out["conv.shift.equivariance"] = { value: worst };
  out["conv.shift.digits"] = { value: val.count };
  return out;
}

// Lesson 7 (training), optimizers (train-b): steps to the tolerance on the figure's surfaces,
// and the learning-rate schedules' noise floors.
/** The η the lesson's table sweeps on the valley: SGD and momentum, RMSProp and Adam. */
export const OPTIM_SWEEP = {
  plain: [0.005, 0.01, 0.02, 0.03, 0.04],
  adaptive: [0.01, 0.03, 0.1, 0.3, 1],
};

async function optimClaims(): Promise<Record<string, Omit<Claim, "experiment">>> {
  const E = await import("../engine/mod.ts");
  const { DEFAULTS, OPTIMIZERS, runPath, runPaths, SURFACES } = await import(
    "../components/training/optim_paths.ts"
  );
  const out: Record<string, Omit<Claim, "experiment">> = {};
  const steps = (arrived: number | null) => (arrived === null ? "—" : arrived);
  for (const s of SURFACES) {
    const paths = await runPaths(E, s, DEFAULTS[s]);
    for (const o of OPTIMIZERS) {
      out[`training.optim.${s}.${o}`] = { value: steps(paths[o].arrived) };
    }
  }
  for (const o of OPTIMIZERS) {
    const adaptive = o === "rmsprop" || o === "adam";
    const lrs = adaptive ? OPTIM_SWEEP.adaptive : OPTIM_SWEEP.plain;
    for (const [k, lr] of lrs.entries()) {
      const settings = { ...DEFAULTS.valley, ...(adaptive ? { lrAdaptive: lr } : { lr }) };
      const p = await runPath(E, "valley", o, settings);
      out[`training.optim.sweep.${o}.${k + 1}`] = { value: steps(p.arrived) };
    }
  }
  return out;
}

async function scheduleClaims(): Promise<Record<string, Omit<Claim, "experiment">>> {
  const E = await import("../engine/mod.ts");
  const { runSchedules } = await import("../components/training/optim_schedules.ts");
  const [b1, b4, b64] = [
    await runSchedules(E, 1),
    await runSchedules(E, 4),
    await runSchedules(E, 64),
  ];
  return {
    "training.sched.b4.constantOverCosine": {
      value: b4.constant.final / b4.cosine.final,
      digits: 0,
    },
    "training.sched.b4.constantOverStep": { value: b4.constant.final / b4.step.final, digits: 0 },
    "training.sched.constant.b1OverB64": {
      value: b1.constant.final / b64.constant.final,
      digits: 0,
    },
  };
}
