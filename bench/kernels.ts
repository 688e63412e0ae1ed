/**
 * Where the MNIST trainer's step spends its time on WASM, single-threaded and threaded (issue
 * 24's goal: the CNN ≥ 1.4× faster on tfjs's threaded build on this 2-core machine). The model
 * trains in a cross-origin isolated page (bench/kernels_entry.ts) on `wasm` and `wasm-threads`,
 * alternated twice, and `tf.profile` times every kernel; of the two runs of each the lesser time
 * is kept (kernel by kernel: the one least disturbed by the rest of the machine). Reported per backend: ms per step, ms in
 * kernels (the rest is JavaScript: the engine's graph, the optimizer, the batch), the costliest
 * kernels; then which kernels the threads made faster, and the most the threads could give the
 * step if those kernels sped up by the thread count and nothing else did (Amdahl):
 * `1 / ((1 − p) + p / threads)`, p the single-threaded step's share in them.
 * `deno run -A bench/mod.ts --only kernels`.
 */
import { join } from "node:path";
import type { BenchContext, BenchResult } from "./mod.ts";
import { bundleEntry, haveChromium, withBrowser } from "./browser.ts";
import { loadShippedDigits, sliceDigits } from "../mnist/shipped.ts";
import type { KernelProfile } from "./kernels_entry.ts";

const root = new URL("..", import.meta.url).pathname;
/** A kernel counts as threaded when the threaded build ran it this much faster. */
const FASTER = 1.2;

/** The least of the runs: the one the rest of the machine disturbed least. */
const least = (xs: number[]) => Math.min(...xs);

async function page(dir: string): Promise<void> {
  await bundleEntry("kernels", "bench/kernels_entry.ts", dir);
  const wasm = join(root, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
  for (const f of Deno.readDirSync(wasm)) {
    if (f.name.endsWith(".wasm")) await Deno.copyFile(join(wasm, f.name), join(dir, f.name));
  }
  const { train } = await loadShippedDigits();
  const sub = sliceDigits(train, 0, 2000);
  await Deno.writeFile(join(dir, "images.bin"), sub.images);
  await Deno.writeFile(join(dir, "labels.bin"), sub.labels);
  await Deno.writeTextFile(
    join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>kernels</title><link rel="icon" href="data:,">` +
      `<script type="module" src="./entry.js"></script>`,
  );
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  if (!haveChromium()) {
    ctx.log("kernels: skipped (no Chromium)");
    return [];
  }
  const dir = await Deno.makeTempDir({ prefix: "nn-bench-kernels-" });
  try {
    await page(dir);
    return await withBrowser(dir, async (browser, origin) => {
      const tab = await browser.newPage();
      tab.setDefaultTimeout(0);
      await tab.goto(`${origin}/index.html`, { waitUntil: "load" });
      await tab.waitForFunction("typeof globalThis.profileMnist === 'function'");
      const results: BenchResult[] = [];
      for (const kind of ["cnn", "mlp"] as const) {
        const runs: Record<string, KernelProfile[]> = { wasm: [], "wasm-threads": [] };
        for (const backend of ["wasm", "wasm-threads", "wasm", "wasm-threads"]) {
          const r = await tab.evaluate(
            (b, k) =>
              (globalThis as unknown as {
                profileMnist(b: string, k: string): Promise<KernelProfile>;
              }).profileMnist(b, k),
            backend,
            kind,
          ) as KernelProfile;
          if (r.skipped) throw new Error(`kernels: ${backend} did not start: ${r.skipped}`);
          runs[backend].push(r);
        }
        const avg = (backend: string) => {
          const rs = runs[backend];
          const names = new Set(rs.flatMap((r) => Object.keys(r.kernels)));
          const kernels = Object.fromEntries(
            [...names].map((n) => [n, least(rs.map((r) => r.kernels[n] ?? 0))]),
          );
          const inKernels = Object.values(kernels).reduce((a, b) => a + b, 0);
          return {
            ms: least(rs.map((r) => r.msPerStep)),
            inKernels,
            kernels,
            threads: rs[0].threads,
          };
        };
        const single = avg("wasm"), threaded = avg("wasm-threads");
        for (const [name, a] of [["wasm", single], ["wasm-threads", threaded]] as const) {
          const top = Object.entries(a.kernels).sort((x, y) => y[1] - x[1]).slice(0, 14)
            .map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ");
          ctx.log(
            `kernels mnist ${kind} on ${name} (${a.threads} thread${a.threads > 1 ? "s" : ""}): ` +
              `${a.ms.toFixed(1)} ms/step, ${a.inKernels.toFixed(1)} ms in kernels; ${top}`,
          );
        }
        const faster = Object.keys(single.kernels).filter((k) =>
          single.kernels[k] >= 0.5 &&
          (threaded.kernels[k] ?? Infinity) * FASTER <= single.kernels[k]
        );
        const p = faster.reduce((s, k) => s + single.kernels[k], 0) / single.ms;
        const ceiling = 1 / ((1 - p) + p / Math.max(1, threaded.threads));
        ctx.log(
          `kernels mnist ${kind}: faster threaded (≥ ${FASTER}×): ${
            faster.map((k) =>
              `${k} ${single.kernels[k].toFixed(1)} → ${threaded.kernels[k].toFixed(1)} ms`
            ).join(", ") || "none"
          }; their share of the single-threaded step ${(100 * p).toFixed(0)}% → at most ` +
            `${ceiling.toFixed(2)}× on ${threaded.threads} threads (measured ${
              (single.ms / threaded.ms).toFixed(2)
            }×)`,
        );
        results.push({
          name: `kernels mnist ${kind}`,
          backend: "wasm-threads",
          threads: threaded.threads,
          single_ms_per_step: single.ms,
          threaded_ms_per_step: threaded.ms,
          single_kernel_ms: single.inKernels,
          threaded_kernel_ms: threaded.inKernels,
          threaded_share: p,
          amdahl_ceiling: ceiling,
          ratio: single.ms / threaded.ms,
          single_kernels: single.kernels,
          threaded_kernels: threaded.kernels,
        });
      }
      return results;
    });
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
