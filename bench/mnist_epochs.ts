/**
 * Milliseconds per training epoch on MNIST digits: the engine, as the lesson's page runs it
 * (mnist/train.ts `MnistRun`: mnist/'s models, batches and optimizer, the loss
 * read back every 10 steps), against a tfjs `tf.layers` model of the same architecture trained
 * with `model.fit`, on the same backend, the same digits, batch size and optimizer. Runs in Deno
 * (bench/mnist.ts) and in the browser (bench/mnist_browser_entry.ts); the caller starts the
 * backend.
 *
 * Both sides start from the same weights (the engine's, copied into the layers) and end each epoch
 * with a read of the loss (fit resolves its logs at the end of an epoch), so each timed epoch
 * includes the work still queued on a GPU.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { Digits } from "../mnist/dataset.ts";
import { MNIST_NORMALIZATION, normalizedBatch } from "../mnist/dataset.ts";
import * as engine from "../engine/mod.ts";
import { numTensors } from "../engine/mod.ts";
import { fullSpec } from "../mnist/models.ts";
import { defaultSettings, type ModelSpec } from "../components/mnist/settings.ts";
import { MnistRun } from "../mnist/train.ts";

export interface EpochCase {
  /** Result name, e.g. "mnist-epoch mlp-784-128-10". */
  name: string;
  kind: "mlp" | "cnn";
  /** Training digits per epoch (the first `count` of the set). */
  count: number;
  batch: number;
  /** Timed epochs per side (after one warm-up epoch each). */
  epochs: number;
}

export interface EpochResult {
  [key: string]: unknown;
  name: string;
  backend: string;
  batch: number;
  digits: number;
  engine_ms: number;
  tfjs_ms: number;
  ratio: number;
}

/** The median (the mean of the middle two for an even count). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b), k = Math.floor(s.length / 2);
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}
const round = (v: number, digits = 3) => Number(v.toFixed(digits));

/** The same network as `buildModel(spec)`, as tf.layers (NHWC for the CNN, like the engine). */
function layersModel(spec: ModelSpec): tfl.Sequential {
  const s = fullSpec(spec);
  const m = tfl.sequential();
  if (s.kind === "mlp") {
    s.hidden.forEach((units, i) =>
      m.add(tfl.layers.dense({
        units,
        activation: "relu",
        ...(i === 0 ? { inputShape: [784] } : {}),
      }))
    );
  } else {
    const [c1, c2] = s.channels;
    m.add(tfl.layers.conv2d({
      filters: c1,
      kernelSize: s.kernel,
      activation: "relu",
      inputShape: [28, 28, 1],
    }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tfl.layers.conv2d({ filters: c2, kernelSize: s.kernel, activation: "relu" }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tfl.layers.flatten());
    if (s.hidden > 0) m.add(tfl.layers.dense({ units: s.hidden, activation: "relu" }));
  }
  m.add(tfl.layers.dense({ units: 10 }));
  return m;
}

/**
 * Copies the engine model's parameters into the layers: a Linear weight is [out, in], a Dense
 * kernel [in, out]; the engine's Conv2d filter is already [k, k, in, out], as tfjs's.
 */
function copyWeights(run: MnistRun, m: tfl.Sequential): void {
  const params = run.model.parameters();
  const values = params.map((
    p,
  ) => (p.shape.length === 2 ? tf.transpose(p.data) : tf.clone(p.data)));
  m.setWeights(values);
  tf.dispose(values);
}

/** Runs one case: engine and tf.layers epochs, alternating, medians and their ratio. */
export async function epochCase(
  c: EpochCase,
  train: Digits,
  val: Digits,
  backend: string,
  log: (line: string) => void = () => {},
): Promise<EpochResult> {
  const settings = {
    ...defaultSettings(c.kind),
    batchSize: c.batch,
    maxShift: 0, // fit has no augmentation: both sides see the plain digits
    epochs: c.epochs + 1,
  };
  const before = numTensors();
  const run = new MnistRun(engine, train, val, settings, undefined, 10, c.count);

  const m = layersModel(settings.spec);
  m.compile({
    optimizer: tf.train.adam(settings.lr),
    loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p),
  });
  copyWeights(run, m);
  const idx = Int32Array.from({ length: c.count }, (_, i) => i);
  const all = normalizedBatch(train, idx, MNIST_NORMALIZATION);
  const xs = tf.tensor(all.x, [c.count, ...(c.kind === "mlp" ? [784] : [28, 28, 1])]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(all.labels, "int32"), 10));

  const engineEpoch = async () => {
    const t0 = performance.now();
    let report;
    do report = await run.step(); while (!report.epochDone);
    return performance.now() - t0;
  };
  const tfjsEpoch = async () => {
    const t0 = performance.now();
    const h = await m.fit(xs, ys, { epochs: 1, batchSize: c.batch, shuffle: true, verbose: 0 });
    if (!Number.isFinite(h.history.loss[0] as number)) throw new Error("tfjs: loss not finite");
    return performance.now() - t0;
  };

  await engineEpoch(); // warm-up: shader compilation, buffer pools
  await tfjsEpoch();
  const engineMs: number[] = [], tfjsMs: number[] = [];
  for (let e = 0; e < c.epochs; e++) {
    // Alternate which side goes first, so that other work on the machine slows both alike.
    if (e % 2 === 0) engineMs.push(await engineEpoch()), tfjsMs.push(await tfjsEpoch());
    else tfjsMs.push(await tfjsEpoch()), engineMs.push(await engineEpoch());
    log(
      `  ${c.name} epoch ${e + 1}/${c.epochs}: engine ${engineMs.at(-1)!.toFixed(0)} ms, ` +
        `tfjs ${tfjsMs.at(-1)!.toFixed(0)} ms`,
    );
  }
  run.dispose();
  m.optimizer.dispose(); // a compiled-in optimizer object is not the model's to free
  m.dispose();
  tf.dispose([xs, ys]);
  const leaked = numTensors() - before;
  if (leaked > 0) log(`  ${c.name}: ${leaked} tensors left after the case`);
  const e = median(engineMs), t = median(tfjsMs);
  return {
    name: c.name,
    backend,
    batch: c.batch,
    digits: c.count,
    engine_ms: round(e, 1),
    tfjs_ms: round(t, 1),
    ratio: round(e / t),
  };
}
