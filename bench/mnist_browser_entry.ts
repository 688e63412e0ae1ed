/**
 * Browser side of bench/mnist.ts: bundled with `deno bundle --platform browser` next to
 * `images.bin` / `labels.bin` (the first training digits, 28 × 28 bytes each) and run in headless
 * Chromium on WebGL. `runMnistBench(cases)` resolves to the results.
 */
import { initBackend } from "../engine/mod.ts";
import type { Digits } from "../mnist/dataset.ts";
import { type EpochCase, epochCase, type EpochResult } from "./mnist_epochs.ts";

async function bytes(name: string): Promise<Uint8Array> {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function runMnistBench(cases: EpochCase[]): Promise<EpochResult[]> {
  const choice = await initBackend({ order: ["webgl"] });
  const [images, labels] = await Promise.all([bytes("images.bin"), bytes("labels.bin")]);
  const train: Digits = { images, labels, count: labels.length, rows: 28, cols: 28 };
  const val: Digits = {
    images: images.subarray(0, 10 * 784),
    labels: labels.subarray(0, 10),
    count: 10,
    rows: 28,
    cols: 28,
  };
  const results: EpochResult[] = [];
  for (const c of cases) {
    results.push(await epochCase(c, train, val, choice.name, (line) => console.log(line)));
  }
  return results;
}

(globalThis as unknown as { runMnistBench: typeof runMnistBench }).runMnistBench = runMnistBench;
