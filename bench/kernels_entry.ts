/**
 * Browser side of bench/kernels.ts: bundled with `deno bundle --platform browser` beside tfjs's
 * `.wasm` files and the first training digits (`images.bin`, `labels.bin`), in a cross-origin
 * isolated page. `profileMnist(backend, kind)` trains the MNIST model (lesson 4's `MnistRun`,
 * the page's default settings) on `backend` and returns its ms per step and the time each tfjs
 * kernel took per step (`tf.profile`: on WASM each kernel runs synchronously, so its time is its
 * own); convolutions are told apart by their input shapes.
 */
import * as tf from "@tensorflow/tfjs-core";
import * as E from "../engine/mod.ts";
import { MnistRun } from "../mnist/train.ts";
import { defaultSettings } from "../components/mnist/settings.ts";
import type { Digits } from "../mnist/dataset.ts";

export interface KernelProfile {
  backend: string;
  kind: "mlp" | "cnn";
  threads: number;
  isolated: boolean;
  msPerStep: number;
  /** Milliseconds per step in each kernel. */
  kernels: Record<string, number>;
  skipped?: string;
}

async function bytes(name: string): Promise<Uint8Array> {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function profileMnist(backend: string, kind: "mlp" | "cnn"): Promise<KernelProfile> {
  const base = { backend, kind, threads: 0, isolated: crossOriginIsolated, msPerStep: 0 };
  const reason = await E.startBackend(backend, {
    wasmPath: new URL("./", location.href).href,
  });
  if (reason) return { ...base, kernels: {}, skipped: reason };
  const [images, labels] = await Promise.all([bytes("images.bin"), bytes("labels.bin")]);
  const train: Digits = { images, labels, count: labels.length, rows: 28, cols: 28 };
  const val: Digits = {
    ...train,
    images: images.subarray(0, 10 * 784),
    labels: labels.subarray(0, 10),
    count: 10,
  };
  const run = new MnistRun(E, train, val, defaultSettings(kind));
  for (let i = 0; i < 3; i++) await run.step(); // kernels set up, first allocations done
  const steps = kind === "cnn" ? 15 : 60;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await run.step();
  const msPerStep = (performance.now() - t0) / steps;
  const profiled = 5;
  const info = await tf.profile(async () => {
    for (let i = 0; i < profiled; i++) await run.step();
    return [];
  });
  const kernels: Record<string, number> = {};
  for (const k of info.kernels) {
    // Convolutions by their shapes: the forward pass and the gradients (as forward convolutions on
    // WASM) thread differently (a gradient of a 3×3 filter has 9 output pixels to share out).
    const key = k.name === "Conv2D"
      ? `Conv2D ${k.inputShapes.map((s) => (s ?? []).join("×")).join(" ⊛ ")}`
      : k.name;
    kernels[key] = (kernels[key] ?? 0) + Number(k.kernelTimeMs) / profiled;
  }
  run.model.dispose();
  run.optimizer.dispose();
  return { ...base, threads: E.backendThreads(), msPerStep, kernels };
}

(globalThis as unknown as { profileMnist: typeof profileMnist }).profileMnist = profileMnist;
