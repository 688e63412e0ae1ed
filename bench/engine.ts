/**
 * The engine against plain tfjs, on the same backend and the same data: milliseconds per
 * training step of an MLP 784-128-10 (batch 1, 64, 256; SGD and Adam) and of the MNIST CNN
 * (batch 64). The plain-tfjs side is written the way tfjs is meant to be used:
 * `tf.variableGrads` over a loss built from tfjs ops, then `optimizer.applyGradients`. Both sides
 * start from the same weights, read the loss every step, and must not leak tensors.
 */
import * as tf from "@tensorflow/tfjs-core";
// The @tensorflow/tfjs bundle registers tfjs's gradient functions, which `tf.variableGrads`
// needs (the engine does not).
import "@tensorflow/tfjs";
import { F, Generator, initBackend, nn, optim, Tensor } from "../engine/mod.ts";
import type { BenchContext, BenchResult } from "./mod.ts";

type OptName = "sgd" | "adam";

interface Case {
  name: string;
  model: "mlp" | "cnn";
  opt: OptName;
  batch: number;
}

const CASES: Case[] = [
  { name: "mlp-784-128-10", model: "mlp", opt: "sgd", batch: 1 },
  { name: "mlp-784-128-10", model: "mlp", opt: "sgd", batch: 64 },
  { name: "mlp-784-128-10", model: "mlp", opt: "sgd", batch: 256 },
  { name: "mlp-784-128-10", model: "mlp", opt: "adam", batch: 1 },
  { name: "mlp-784-128-10", model: "mlp", opt: "adam", batch: 64 },
  { name: "mlp-784-128-10", model: "mlp", opt: "adam", batch: 256 },
  { name: "cnn-mnist", model: "cnn", opt: "sgd", batch: 64 },
];

/** The MNIST CNN (NHWC): conv 1→8 3×3, ReLU, pool 2 → conv 8→16 3×3, ReLU, pool 2 → linear 400→10. */
function buildModel(kind: "mlp" | "cnn", gen: Generator): nn.Sequential {
  if (kind === "mlp") {
    return new nn.Sequential(
      new nn.Linear(784, 128, { generator: gen }),
      new nn.ReLU(),
      new nn.Linear(128, 10, { generator: gen }),
    );
  }
  return new nn.Sequential(
    new nn.Conv2d(1, 8, 3, { generator: gen }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(8, 16, 3, { generator: gen }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(16 * 5 * 5, 10, { generator: gen }),
  );
}

/** The same network written directly in tfjs, on variables holding the same initial values. */
function plainForward(kind: "mlp" | "cnn", v: tf.Variable[], x: tf.Tensor): tf.Tensor {
  const linear = (h: tf.Tensor, w: tf.Variable, b: tf.Variable) =>
    tf.add(tf.matMul(h, w, false, true), b);
  if (kind === "mlp") return linear(tf.relu(linear(x, v[0], v[1])), v[2], v[3]);
  const block = (h: tf.Tensor, w: tf.Variable, b: tf.Variable) =>
    tf.maxPool(
      tf.relu(tf.add(tf.conv2d(h as tf.Tensor4D, w as tf.Tensor4D, 1, "valid"), b)) as tf.Tensor4D,
      2,
      2,
      "valid",
    );
  const h = block(block(x, v[0], v[1]), v[2], v[3]);
  return linear(tf.reshape(h, [h.shape[0], -1]), v[4], v[5]);
}

const LR = 0.01;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(c: Case, ctx: BenchContext, backend: string): BenchResult {
  const gen = new Generator(1234);
  const inShape = c.model === "mlp" ? [c.batch, 784] : [c.batch, 28, 28, 1];
  const n = inShape.reduce((k, d) => k * d, 1);
  const xData = gen.uniform(n);
  const labels = Int32Array.from({ length: c.batch }, () => Math.floor(gen.random() * 10));

  // Engine side.
  const model = buildModel(c.model, gen);
  const engineOpt = c.opt === "sgd"
    ? new optim.SGD(model.parameters(), { lr: LR })
    : new optim.Adam(model.parameters(), { lr: LR });
  const x = new Tensor(tf.tensor(xData, inShape));
  const y = new Tensor(tf.tensor1d(labels, "int32"));
  const engineStep = () => {
    engineOpt.zeroGrad();
    const loss = F.crossEntropy(model.forward(x), y);
    loss.backward();
    engineOpt.step();
    loss.item();
    loss.dispose();
  };

  // Plain tfjs side, from the same initial weights.
  const vars = model.parameters().map((p) => tf.variable(p.data.clone()));
  const tfOpt = c.opt === "sgd" ? tf.train.sgd(LR) : tf.train.adam(LR);
  const yOneHot = tf.oneHot(y.data as tf.Tensor1D, 10);
  const tfjsStep = () => {
    const { value, grads } = tf.variableGrads(() =>
      tf.losses.softmaxCrossEntropy(yOneHot, plainForward(c.model, vars, x.data)) as tf.Scalar
    );
    tfOpt.applyGradients(grads as tf.NamedTensorMap as Record<string, tf.Variable>);
    value.dataSync();
    value.dispose();
    tf.dispose(grads);
  };

  // Steps per side: enough for a stable median, within the bench's time budget.
  // The CNN runs on tfjs's plain-JavaScript CPU kernels (seconds a step): a few steps only.
  const steps = c.model === "cnn" ? (ctx.quick ? 3 : 9) : Math.max(
    5,
    Math.round((ctx.quick ? 1 : 2) * (c.batch === 1 ? 60 : 1500 / c.batch)),
  );
  // Warm up both (first-call costs, buffer pools), then check neither leaks.
  for (let i = 0; i < (c.model === "cnn" ? 1 : 3); i++) engineStep(), tfjsStep();
  const before = tf.memory().numTensors;
  const engineTimes: number[] = [], tfjsTimes: number[] = [];
  const time = (fn: () => void, into: number[]) => {
    const t0 = performance.now();
    fn();
    into.push(performance.now() - t0);
  };
  for (let i = 0; i < steps; i++) {
    // Alternate step by step, and which side goes first, so that other work on the machine
    // slows both sides alike; the median drops the steps it hit hardest.
    if (i % 2 === 0) time(engineStep, engineTimes), time(tfjsStep, tfjsTimes);
    else time(tfjsStep, tfjsTimes), time(engineStep, engineTimes);
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`${c.name}: ${leaked} tensors leaked during the bench`);

  model.dispose();
  engineOpt.dispose();
  tfOpt.dispose();
  tf.dispose([...vars, yOneHot]);
  x.dispose();
  y.dispose();

  const engineMs = median(engineTimes), tfjsMs = median(tfjsTimes);
  return {
    name: `${c.name} ${c.opt}`,
    backend,
    batch: c.batch,
    engine_ms: round(engineMs),
    tfjs_ms: round(tfjsMs),
    ratio: round(engineMs / tfjsMs, 3),
  };
}

function round(v: number, digits = 3): number {
  return Number(v.toFixed(digits));
}

/**
 * Plain tfjs cannot train a CNN on the WASM backend (it has no `Conv2DBackpropFilter` kernel; the
 * engine works around that), so the CNN is compared on the CPU backend there.
 */
function backendFor(c: Case, asked: string): string {
  return c.model === "cnn" && asked === "wasm" ? "cpu" : asked;
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const wasmPath = new URL("../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
    .href;
  const results: BenchResult[] = [];
  for (const c of CASES) {
    const wanted = backendFor(c, ctx.backend);
    const choice = await initBackend({ order: [wanted], wasmPath });
    const r = measure(c, ctx, choice.name);
    ctx.log(
      `${r.name} batch=${r.batch} backend=${r.backend}: engine ${r.engine_ms!.toFixed(2)} ms, ` +
        `tfjs ${r.tfjs_ms!.toFixed(2)} ms, ratio ${r.ratio!.toFixed(2)}`,
    );
    results.push(r);
  }
  return results;
}
