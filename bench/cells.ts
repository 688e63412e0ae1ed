/**
 * Code cells as a reader feels them, in headless Chromium on the built site, each number beside
 * its peer in the same run:
 *   - ms from pressing Run to the first output line (lesson 5's first cell, fresh tab: the worker,
 *     the engine and the backend timing start then), beside a second Run of the same cell;
 *   - bytes of JavaScript the editor adds (fetched when a cell is first focused), beside the
 *     bytes the page had loaded until then;
 *   - lesson 4's MLP cell, ms per epoch on the default backend, beside the MnistTrainer island's
 *     ms per epoch (MLP, default backend; the island also shifts each digit by ±1 pixel);
 *   - `deno task lesson mnist` wall time (5 epochs, WASM), beside the same with `--test`.
 */
import { fileURLToPath } from "node:url";
import type { Page } from "puppeteer-core";
import type { BenchContext, BenchResult } from "./mod.ts";
import { buildInTemp, haveChromium, withBrowser } from "./browser.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const cell = (i: number) => `[data-code-cell][data-cell-index="${i}"]`;
const state = (i: number) => `document.querySelector('${cell(i)}')?.dataset.cellState`;
const MT = '[data-island="MnistTrainer"]';

async function hydrated(page: Page, selector: string): Promise<void> {
  await page.$eval(selector, (el) => el.scrollIntoView({ block: "center" }));
  await page.waitForFunction(
    `document.querySelector('${selector}')?.closest('[data-island]')?.dataset.hydrated === "true"`,
    { timeout: 60_000 },
  );
}

async function runCell(page: Page, i: number): Promise<void> {
  await hydrated(page, cell(i));
  await page.click(`${cell(i)} .cell-run`);
  await page.waitForFunction(`${state(i)} === "done" || ${state(i)} === "error"`, {
    timeout: 600_000,
  });
  if (await page.evaluate(`${state(i)}`) === "error") {
    throw new Error(await page.$eval(cell(i), (el) => el.textContent ?? ""));
  }
}

async function firstOutput(ctx: BenchContext, origin: string, page: Page): Promise<BenchResult[]> {
  const bytes: { url: string; size: number; gzip: number }[] = [];
  const gzipped = async (b: Uint8Array<ArrayBuffer>) =>
    (await new Response(new Blob([b]).stream().pipeThrough(new CompressionStream("gzip")))
      .arrayBuffer()).byteLength;
  page.on("response", async (res) => {
    if (!res.url().endsWith(".js")) return;
    try {
      const body = new Uint8Array(await res.buffer());
      bytes.push({ url: res.url(), size: body.length, gzip: await gzipped(body) });
    } catch { /* a worker's script body may not be readable */ }
  });
  await page.goto(`${origin}/en/backprop/`, { waitUntil: "load" });
  await hydrated(page, cell(0));
  const before = bytes.reduce((n, b) => n + b.size, 0);
  const seen = bytes.length;
  await page.focus(`${cell(0)} .cell-source`);
  await page.waitForSelector(`${cell(0)} .cm-content`, { timeout: 60_000 });
  await new Promise((r) => setTimeout(r, 500));
  const editor = bytes.slice(seen).reduce((n, b) => n + b.size, 0);
  const editorGzip = bytes.slice(seen).reduce((n, b) => n + b.gzip, 0);
  ctx.log(
    `cells: the editor adds ${editor} bytes of JS (${editorGzip} gzipped, ` +
      `${bytes.length - seen} files) to ${before} loaded before`,
  );
  const times: number[] = [];
  for (let run = 0; run < 2; run++) {
    const t = await page.evaluate((sel: string) =>
      new Promise<number>((resolve) => {
        const root = document.querySelector(sel)!;
        const out = root.querySelector("[data-cell-output]")!;
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (out.querySelector(".cell-text")) {
            observer.disconnect();
            resolve(performance.now() - t0);
          }
        });
        observer.observe(out, { childList: true, subtree: true });
        root.querySelector<HTMLElement>(".cell-run")!.click();
      }), cell(0));
    await page.waitForFunction(`${state(0)} === "done"`, { timeout: 60_000 });
    times.push(t);
  }
  ctx.log(
    `cells: Run → first output ${times[0].toFixed(0)} ms (fresh), ${
      times[1].toFixed(0)
    } ms (again)`,
  );
  return [
    {
      name: "cells editor bytes",
      backend: "",
      editor_bytes: editor,
      editor_gzip_bytes: editorGzip,
      page_bytes_before: before,
    },
    {
      name: "cells Run → first output",
      backend: "",
      first_ms: times[0],
      again_ms: times[1],
      ratio: times[0] / times[1],
    },
  ];
}

async function mnistEpoch(ctx: BenchContext, origin: string, page: Page, quick: boolean) {
  await page.goto(`${origin}/en/mnist/`, { waitUntil: "load" });
  for (let i = 0; i < 4; i++) await runCell(page, i);
  await runCell(page, 4);
  const text = await page.$eval(`${cell(4)} [data-cell-output]`, (el) => el.textContent ?? "");
  const epochs = [...text.matchAll(/epoch \d+: ([\d.]+) s/g)].map((m) => 1000 * Number(m[1]));
  const backend = await page.$eval(
    `${cell(0)} .backend-badge`,
    (el) => el.getAttribute("data-backend") ?? "",
  );
  ctx.log(
    `cells: MNIST MLP cell on ${backend}: ${epochs.map((e) => e.toFixed(0)).join(", ")} ms/epoch`,
  );
  // The island, MLP, default backend: until its first epoch ends.
  const context = page.browserContext();
  const island = await context.newPage();
  await island.goto(`${origin}/en/mnist/?mt.model=mlp${quick ? "&mt.epochs=1" : ""}`, {
    waitUntil: "load",
  });
  await island.$eval(MT, (el) => el.scrollIntoView({ block: "center" }));
  await island.waitForFunction(`document.querySelector('${MT}[data-hydrated]') !== null`, {
    timeout: 60_000,
  });
  await island.click(`${MT} button.primary`); // Train
  await island.waitForFunction(
    `Number(document.querySelector('${MT} [data-ms-per-epoch]')?.dataset.msPerEpoch) > 0`,
    { timeout: 600_000, polling: 200 },
  );
  const islandMs = Number(
    await island.$eval(`${MT} [data-ms-per-epoch]`, (el) => (el as HTMLElement).dataset.msPerEpoch),
  );
  const islandBackend = await island.$eval(
    `${MT} [data-backend]`,
    (el) => el.getAttribute("data-backend") ?? "",
  );
  ctx.log(`cells: MnistTrainer island (MLP) on ${islandBackend}: ${islandMs} ms/epoch`);
  await island.close();
  const cellMs = epochs[0];
  return [{
    name: "cells MNIST MLP ms/epoch: cell vs MnistTrainer island",
    backend: `${backend} / ${islandBackend}`,
    cell_ms: cellMs,
    island_ms: islandMs,
    ratio: cellMs / islandMs,
  }];
}

async function lessonWall(ctx: BenchContext): Promise<BenchResult[]> {
  const time = async (extra: string[]) => {
    const t0 = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["task", "-q", "lesson", "mnist", "--backend", "wasm", ...extra],
      cwd: root,
      stdout: "null",
      stderr: "null",
    }).output();
    if (!out.success) throw new Error(`deno task lesson mnist ${extra.join(" ")} failed`);
    return performance.now() - t0;
  };
  const full = await time([]);
  const test = await time(["--test"]);
  ctx.log(
    `cells: deno task lesson mnist: ${(full / 1000).toFixed(1)} s (--test: ${
      (test / 1000).toFixed(1)
    } s)`,
  );
  return [{
    name: "deno task lesson mnist wall",
    backend: "wasm",
    full_ms: full,
    test_ms: test,
    ratio: full / test,
  }];
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const results = await lessonWall(ctx);
  if (!haveChromium()) {
    ctx.log("cells bench: browser part skipped (no Chromium)");
    return results;
  }
  const { dest } = await buildInTemp("cells");
  try {
    return [
      ...results,
      ...await withBrowser(dest, async (browser, origin) => {
        const context = await browser.createBrowserContext();
        try {
          const page = await context.newPage();
          return [
            ...await firstOutput(ctx, origin, page),
            ...await mnistEpoch(ctx, origin, page, ctx.quick),
          ];
        } finally {
          await context.close();
        }
      }),
    ];
  } finally {
    await Deno.remove(dest, { recursive: true }).catch(() => {});
  }
}
