/**
 * MNIST epochs: ms per training epoch of the engine (as the lesson's page trains) against a tfjs
 * `tf.layers` model of the same architecture trained with `model.fit` (bench/mnist_epochs.ts),
 * on the same backend in the same run — in Deno on `--backend` (WASM by default) and on WebGL in
 * headless Chromium. Target: ratio ≤ 1.2.
 *
 * Subsets keep it to a few minutes on a 2-core machine: the lesson's MLP 784-128-10 on 2,000
 * digits, batch 64 (32 steps an epoch); the lesson's CNN (3×3, 16 and 32 channels, 256 hidden)
 * on 256 digits in Deno (tfjs's plain-JavaScript CPU kernels take seconds per CNN step, and tfjs
 * cannot train convolutions on WASM, so the CNN runs on the CPU backend there) and on 512 digits
 * in the browser (SwiftShader's software WebGL runs about one CNN step a second).
 */
import { join } from "node:path";
import { initBackend } from "../engine/mod.ts";
import { loadShippedDigits, sliceDigits } from "../mnist/shipped.ts";
import type { BenchContext, BenchResult } from "./mod.ts";
import { bundleEntry, haveChromium, withBrowser } from "./browser.ts";
import { type EpochCase, epochCase } from "./mnist_epochs.ts";

function cases(where: "deno" | "browser", quick: boolean): EpochCase[] {
  const epochs = quick ? 1 : 3;
  return [
    { name: "mnist-epoch mlp-784-128-10", kind: "mlp", count: 2000, batch: 64, epochs },
    {
      name: "mnist-epoch cnn-3x3-16-32-256",
      kind: "cnn",
      count: where === "deno" ? 256 : 512,
      batch: 64,
      epochs: where === "deno" || quick ? 1 : 2,
    },
  ];
}

function report(ctx: BenchContext, r: BenchResult): void {
  ctx.log(
    `${r.name} backend=${r.backend} digits=${r.digits} batch=${r.batch}: engine ${r.engine_ms} ms/epoch, ` +
      `tfjs layers fit ${r.tfjs_ms} ms/epoch`,
  );
  ctx.log(`ratio ${r.name} ${r.backend}: ${(r.ratio as number).toFixed(2)}`);
}

async function inDeno(ctx: BenchContext): Promise<BenchResult[]> {
  const wasmPath = new URL("../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
    .href;
  const { train, val } = await loadShippedDigits();
  const smallVal = sliceDigits(val, 0, 10);
  const results: BenchResult[] = [];
  for (const c of cases("deno", ctx.quick)) {
    const wanted = c.kind === "cnn" && ctx.backend === "wasm" ? "cpu" : ctx.backend;
    const choice = await initBackend({ order: [wanted], wasmPath });
    const r = await epochCase(c, train, smallVal, choice.name, ctx.log);
    report(ctx, r);
    results.push(r);
  }
  return results;
}

/** Bundles the browser entry, writes the digits beside it, and runs it in headless Chromium. */
async function inBrowser(ctx: BenchContext): Promise<BenchResult[]> {
  const dir = await Deno.makeTempDir({ prefix: "nn-bench-mnist-" });
  try {
    await bundleEntry("mnist", "bench/mnist_browser_entry.ts", dir, true);
    const { train } = await loadShippedDigits();
    const n = Math.max(...cases("browser", ctx.quick).map((c) => c.count));
    const sub = sliceDigits(train, 0, n);
    await Deno.writeFile(join(dir, "images.bin"), sub.images);
    await Deno.writeFile(join(dir, "labels.bin"), sub.labels);
    await Deno.writeTextFile(
      join(dir, "index.html"),
      `<!doctype html><meta charset="utf-8"><title>mnist bench</title><link rel="icon" href="data:,">` +
        `<script type="module" src="./entry.js"></script>`,
    );
    return await withBrowser(dir, async (browser, origin) => {
      const page = await browser.newPage();
      page.on("console", (m) => ctx.log(`  [browser] ${m.text()}`));
      page.on("pageerror", (e) => ctx.log(`  [browser error] ${e}`));
      page.setDefaultTimeout(0);
      await page.goto(`${origin}/index.html`, { waitUntil: "load" });
      await page.waitForFunction("typeof globalThis.runMnistBench === 'function'");
      const results = await page.evaluate(
        (cs) =>
          (globalThis as unknown as { runMnistBench(c: unknown): Promise<BenchResult[]> })
            .runMnistBench(cs),
        cases("browser", ctx.quick) as unknown as Record<string, unknown>[],
      ) as BenchResult[];
      for (const r of results) report(ctx, r);
      return results;
    });
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const results = await inDeno(ctx);
  if (haveChromium()) results.push(...await inBrowser(ctx));
  else ctx.log("mnist-epoch on WebGL: skipped (no Chromium)");
  return results;
}
