/**
 * One runtime per page (issue 24), on the MNIST lesson (its training islands and the notebook):
 * the page starts one runtime worker for all of them (plus one worker that times the GPU
 * backends; the runtime's worker starts the notebook's cell realm for reader code, and tfjs's
 * threaded WASM its threads), every island still trains while the others do, the notebook is a
 * session of the same runtime, and when the worker ends every island hears it and trains again
 * in a fresh one. Workers are counted where the page starts them (its `Worker` wrapped before its
 * scripts run), and no wait is shorter than a loaded 2-core runner allows.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { assertClean, browserTest, hydrateAll, openPage, waitUntil } from "./harness.ts";
import { cell, stateOf } from "./cell_page.ts";
import { MAX_WASM_THREADS } from "../../engine/threads.ts";

type Stats = Record<
  "runtime" | "timing",
  { sessions: number; workersStarted: number; running: "worker" | "main" | null }
>;
const stats = (page: Page) =>
  // deno-lint-ignore no-explicit-any
  page.evaluate(() => (globalThis as any).nnRuntime?.stats() as Stats | undefined);

const island = (name: string) => `[data-island="${name}"]`;
const steps = (name: string) =>
  `Number(document.querySelector('${island(name)} [data-steps]')?.dataset.steps ?? 0)`;
const press = (page: Page, selector: string) =>
  page.$eval(selector, (b) => (b as HTMLButtonElement).click());

/**
 * Counts the workers the page itself starts (on its main thread): the runtime's and the timing
 * one. Installed before the page's scripts run (the page is loaded again). The runtime's worker
 * starts the cell realm, and tfjs's threaded WASM starts a pool of pthread workers in each realm
 * that starts it (the runtime's, the timing one): `page.workers()` lists those too.
 */
async function countWorkers(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    // deno-lint-ignore no-explicit-any
    const g = globalThis as any;
    const Base = g.Worker as typeof Worker | undefined;
    if (!Base) return;
    g.__workers = { live: 0, most: 0, started: 0 };
    g.Worker = class extends Base {
      #ended = false;
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        g.__workers.started++;
        g.__workers.most = Math.max(g.__workers.most, ++g.__workers.live);
      }
      override terminate() {
        if (!this.#ended) g.__workers.live--;
        this.#ended = true;
        super.terminate();
      }
    };
  });
  await page.reload({ waitUntil: "load" });
}
const pageWorkers = (page: Page) =>
  // deno-lint-ignore no-explicit-any
  page.evaluate(() => (globalThis as any).__workers as { live: number; most: number });
/** Every worker: the page's, the cell realm, and up to two pools of WASM threads. */
const MOST_WORKERS = 3 + 2 * MAX_WASM_THREADS;

browserTest(
  "runtime shared: one worker for every island and the notebook of /en/mnist/",
  async () => {
    const p = await openPage("/en/mnist/");
    try {
      const { page } = p;
      // The shipped digits' files: asked for (the page, its runtime worker, the timing worker
      // and the cell realm each read them), and downloaded (a 200 with the file; a revalidated
      // copy is a 304, one from the cache no request at all).
      const digitFiles = {
        asked: new Map<string, number>(),
        downloaded: new Map<string, number>(),
      };
      const tally = (map: Map<string, number>, url: string) => {
        const m = /\/assets\/mnist\/([\w.-]+)$/.exec(new URL(url).pathname);
        if (m) map.set(m[1], (map.get(m[1]) ?? 0) + 1);
      };
      page.on("request", (req) => tally(digitFiles.asked, req.url()));
      page.on("response", (res) => {
        if (res.status() === 200 && !res.fromCache()) tally(digitFiles.downloaded, res.url());
      });
      await countWorkers(page);
      const islands = await hydrateAll(page);
      assert.ok(islands >= 9, `${islands} islands`);
      // Every island has asked for the engine (at its intent or when the page settled).
      await waitUntil(
        page,
        `globalThis.nnRuntime?.stats().runtime.sessions >= 8`,
        30_000,
        "every trainer a session",
      );
      await new Promise((r) => setTimeout(r, 2_000));
      const settled = (await stats(page))!;
      assert.equal(settled.runtime.workersStarted, 1, JSON.stringify(settled));
      assert.equal(settled.runtime.running, "worker");
      assert.ok((await pageWorkers(page)).most <= 2, "the runtime and the timing worker");

      // Every island trains, all at once, in the one worker.
      await press(page, `${island("MnistTrainer")} [data-action="train"]`);
      await press(page, `${island("EqualParams")} [data-action="train-both"]`);
      await page.$$eval(
        `${island("NormalizeStats")} button.primary`,
        (bs) => (bs.at(-1) as HTMLButtonElement).click(),
      );
      await press(page, `${island("InsideCnn")} button.primary`);
      await press(page, `${island("DrawDigit")} button.primary`);
      for (const name of ["MnistTrainer", "NormalizeStats", "InsideCnn", "DrawDigit"]) {
        await waitUntil(page, `${steps(name)} > 0`, 180_000, `${name} trains`);
      }
      for (const side of ["mlp", "cnn"]) {
        await waitUntil(
          page,
          `Number(document.querySelector('${
            island("EqualParams")
          } [data-side="${side}"] progress')?.value) > 0`,
          180_000,
          `EqualParams ${side} trains`,
        );
      }

      // A code cell runs in the notebook: a session of the same runtime (its reader code in the
      // cell realm, a worker of the runtime's own).
      const before = (await stats(page))!.runtime.sessions;
      await page.$eval(cell(0), (el) => el.scrollIntoView({ block: "center" }));
      await page.click(`${cell(0)} .cell-run`);
      await waitUntil(page, `${stateOf(0)} === "done"`, 120_000, "cell 0 done");
      const after = (await stats(page))!;
      assert.equal(after.runtime.workersStarted, 1, "the notebook uses the page's runtime");
      assert.ok(after.runtime.sessions >= before, JSON.stringify(after));
      // One timing worker at a time (it goes after 20 s idle: a slow machine may start another).
      const started = await pageWorkers(page);
      const count = page.workers().length;
      console.log(
        `runtime shared: ${islands} islands; the page started ${JSON.stringify(started)} ` +
          `workers; ${count} in all (cell realm, WASM threads); ${JSON.stringify(after)}`,
      );
      assert.ok(started.most <= 2, `at most the runtime and the timing worker at once`);
      assert.ok(count <= MOST_WORKERS, `${count} workers in all`);
      // Five trainers (EqualParams holds two), the notebook and the page read the digits: each
      // file is downloaded once (the runtime's trainers and notebook share one decoded copy).
      const show = (m: Map<string, number>) => JSON.stringify(Object.fromEntries(m));
      console.log(
        `digit files asked for ${show(digitFiles.asked)}, downloaded ${
          show(digitFiles.downloaded)
        }`,
      );
      assert.ok(digitFiles.downloaded.size > 0, "the digits were downloaded");
      for (const [file, n] of digitFiles.downloaded) {
        assert.equal(n, 1, `${file} downloaded ${n} times`);
      }
      assertClean(p, "/en/mnist/ with every island training");

      // The worker ends: each island hears it (its run stops; the island may reopen its trainer
      // at once, in a fresh worker), and trains again.
      const status = `document.querySelector('${
        island("MnistTrainer")
      } [data-status]').dataset.status`;
      if (await page.evaluate(status) !== "running") {
        await waitUntil(page, `${status} !== "starting"`, 60_000, "the island settled");
        await press(page, `${island("MnistTrainer")} [data-action="train"]`);
        await waitUntil(page, `${status} === "running"`, 60_000, "training");
      }
      await page.evaluate(() => document.dispatchEvent(new Event("nn-runtime:end-worker")));
      await waitUntil(page, `${status} !== "running"`, 30_000, "the trainer heard the worker end");
      await waitUntil(page, `${status} !== "starting"`, 60_000, "the island settled");
      await press(page, `${island("MnistTrainer")} [data-action="train"]`);
      await waitUntil(
        page,
        `${status} === "running" && ${steps("MnistTrainer")} > 0`,
        60_000,
        "training again",
      );
      const fresh = (await stats(page))!;
      assert.equal(fresh.runtime.workersStarted, 2, JSON.stringify(fresh));
    } finally {
      await p.close();
    }
  },
);
