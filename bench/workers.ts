/**
 * What the runtime costs a page, on /en/mnist/ (9 trainers in 7 islands, and the notebook), in
 * headless Chromium on the built site: the Web Workers the page starts, the JS heap of the page
 * and of every worker (CDP `Runtime.getHeapUsage`), at three moments — every island scrolled into
 * view and settled (the engine preloaded), after Train on the MNIST trainer (seconds to its first
 * result beside it), and after every island trained at once and a code cell ran (with the longest
 * wait between two step counts the MNIST trainer showed meanwhile: how long the others held it).
 * Also the resident memory of all Chromium's processes (workers' WASM memories are in no JS
 * heap). It reads only what the browser says (puppeteer's targets, CDP, /proc), so the same file
 * measures any version of the site: `deno run -A bench/mod.ts --only workers`.
 */
import type { Page, WebWorker } from "puppeteer-core";
import type { BenchContext, BenchResult } from "./mod.ts";
import { buildInTemp, haveChromium, withBrowser } from "./browser.ts";

const ISLANDS = [
  "NormalizeStats",
  "MnistTrainer",
  "EqualParams",
  "InsideMlp",
  "InsideCnn",
  "DrawDigit",
  "MyDigits",
  "DigitGrid",
];

const MB = 1024 * 1024;

/** The MNIST trainer's step counts while the others start: how many, the longest wait. */
interface Gaps {
  last: number;
  max: number;
  n: number;
  from: number;
  to: number;
}

/**
 * Resident memory (MB) of the browser's processes, all of them (the renderer holds the page, its
 * workers and their WASM memories, which no JS heap counts): Linux's /proc, else NaN.
 */
async function browserRssMb(pid: number | undefined): Promise<number> {
  if (!pid) return NaN;
  try {
    const children = new Map<number, number[]>();
    for await (const e of Deno.readDir("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      const stat = await Deno.readTextFile(`/proc/${e.name}/stat`).catch(() => "");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(e.name));
    }
    let kb = 0;
    for (const todo = [pid]; todo.length;) {
      const p = todo.pop()!;
      todo.push(...(children.get(p) ?? []));
      const status = await Deno.readTextFile(`/proc/${p}/status`).catch(() => "");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    }
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** Workers alive now, and the JS heap (MB) of the page and of each worker. */
async function census(page: Page) {
  const workers = page.workers();
  const heaps = await Promise.all(workers.map(async (w: WebWorker) => {
    try {
      const { usedSize } = await (w as unknown as {
        client: { send(m: string): Promise<{ usedSize: number }> };
      }).client.send("Runtime.getHeapUsage");
      return usedSize / MB;
    } catch {
      return NaN;
    }
  }));
  const metrics = await page.metrics();
  // Chromium's own memory settles a moment after a collection.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  return {
    browser_rss_mb: await browserRssMb(page.browser().process()?.pid),
    workers: workers.length,
    page_heap_mb: (metrics.JSHeapUsedSize ?? NaN) / MB,
    worker_heap_mb: heaps.filter(Number.isFinite).reduce((a, b) => a + b, 0),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(page: Page, expr: string, ms: number): Promise<boolean> {
  try {
    await page.waitForFunction(expr, { timeout: ms, polling: 100 });
    return true;
  } catch {
    return false;
  }
}

/** Clicks the first button matching `selector` inside the island, if there is one. */
const press = (page: Page, island: string, selector: string) =>
  page.evaluate(
    (island: string, selector: string) => {
      const b = document.querySelector<HTMLButtonElement>(
        `[data-island="${island}"] ${selector}`,
      );
      b?.click();
      return !!b;
    },
    island,
    selector,
  );

async function measure(page: Page, origin: string, log: (l: string) => void) {
  let created = 0;
  page.on("workercreated", () => created++);
  const t0 = performance.now();
  await page.goto(`${origin}/en/mnist/`, { waitUntil: "load" });
  for (const name of ISLANDS) {
    await page.evaluate(
      (n: string) =>
        document.querySelector(`[data-island="${n}"]`)?.scrollIntoView({ block: "center" }),
      name,
    );
    await waitFor(page, `document.querySelector('[data-island="${name}"][data-hydrated]')`, 30_000);
  }
  // Settled: every island's idle preload has started its engine.
  await sleep(6_000);
  const settled = { ...await census(page), started: created, s: (performance.now() - t0) / 1000 };
  log(`workers settled: ${JSON.stringify(settled)}`);

  // Train on the MNIST trainer (MLP): seconds to the first step shown.
  await page.evaluate(() =>
    document.querySelector('[data-island="MnistTrainer"]')?.scrollIntoView({ block: "center" })
  );
  const first = await page.evaluate(() =>
    new Promise<number>((resolve) => {
      const root = document.querySelector<HTMLElement>(
        '[data-island="MnistTrainer"] [data-steps]',
      )!;
      const t = performance.now();
      document.querySelector<HTMLElement>('[data-island="MnistTrainer"] [data-action="train"]')!
        .click();
      const tick = () => {
        if (Number(root.dataset.steps) > 0) resolve((performance.now() - t) / 1000);
        else if (performance.now() - t > 120_000) resolve(NaN);
        else requestAnimationFrame(tick);
      };
      tick();
    })
  );
  await sleep(1_000);
  const trained = { ...await census(page), started: created, first_result_s: first };
  log(`workers after Train: ${JSON.stringify(trained)}`);
  // While it trains, the others start: the longest wait between two of its step counts shown
  // (in one shared worker, another session's long step delays it; in workers of their own, the
  // CPU is what they share).
  await page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[data-island="MnistTrainer"] [data-steps]')!;
    const w = globalThis as unknown as { gaps: Gaps };
    w.gaps = { last: performance.now(), max: 0, n: 0, from: Number(root.dataset.steps), to: 0 };
    new MutationObserver(() => {
      const t = performance.now();
      w.gaps.max = Math.max(w.gaps.max, t - w.gaps.last);
      w.gaps.last = t;
      w.gaps.n++;
      w.gaps.to = Number(root.dataset.steps);
    }).observe(root, { attributes: true, attributeFilter: ["data-steps"] });
  });

  // Every island trains at once, and a code cell runs.
  await press(page, "EqualParams", '[data-action="train-both"]');
  await press(page, "NormalizeStats", "button.primary:last-of-type");
  await press(page, "InsideCnn", "button.primary");
  await press(page, "DrawDigit", "button.primary");
  await page.evaluate(() => {
    const cell = document.querySelector('[data-code-cell][data-cell-index="0"]');
    cell?.scrollIntoView({ block: "center" });
  });
  await waitFor(
    page,
    `document.querySelector('[data-code-cell][data-cell-index="0"]')` +
      `?.closest('[data-island]')?.dataset.hydrated === "true"`,
    30_000,
  );
  await page.evaluate(() =>
    document.querySelector<HTMLElement>('[data-code-cell][data-cell-index="0"] .cell-run')?.click()
  );
  await waitFor(
    page,
    `document.querySelector('[data-code-cell][data-cell-index="0"]')?.dataset.cellState === "done"`,
    60_000,
  );
  await sleep(8_000);
  const gaps = await page.evaluate(() => (globalThis as unknown as { gaps: Gaps }).gaps);
  const all = {
    ...await census(page),
    started: created,
    mnist_updates: gaps.n,
    mnist_longest_gap_s: gaps.max / 1000,
    mnist_steps: gaps.to - gaps.from,
  };
  log(`workers after every island and a cell: ${JSON.stringify(all)}`);
  return { settled, trained, all };
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  if (!await haveChromium()) {
    ctx.log("workers bench: no Chromium, skipped");
    return [];
  }
  const { dest } = await buildInTemp("workers");
  try {
    const m = await withBrowser(dest, async (browser, origin) => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      try {
        return await measure(page, origin, ctx.log);
      } finally {
        await context.close();
      }
    });
    return [
      { name: "mnist page runtime: settled", backend: "default", ...m.settled },
      { name: "mnist page runtime: after Train", backend: "default", ...m.trained },
      { name: "mnist page runtime: every island and a cell", backend: "default", ...m.all },
    ];
  } finally {
    await Deno.remove(dest, { recursive: true }).catch(() => {});
  }
}
