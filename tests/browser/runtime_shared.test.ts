/**
 * One runtime per page (issue 24), on the MNIST lesson (8 trainers in 7 islands, and the
 * notebook): the page starts one runtime worker for all of them (plus one worker that times the
 * GPU backends, and the notebook's cell realm for reader code), every island still trains while
 * the others do, the notebook is a session of the same runtime, and when the worker ends every
 * island hears it and trains again in a fresh one.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { assertClean, browserTest, hydrateAll, openPage, waitUntil } from "./harness.ts";
import { cell, stateOf } from "./cell_page.ts";

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

/** The workers the page started that run the site's code (blob: URLs that import it). */
const workers = (page: Page) => page.workers().length;

browserTest(
  "runtime shared: one worker for every island and the notebook of /en/mnist/",
  async () => {
    const p = await openPage("/en/mnist/");
    try {
      const { page } = p;
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
      assert.ok(workers(page) <= 2, `${workers(page)} workers after scrolling`);

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
      assert.ok(after.timing.workersStarted <= 1, "one timing worker per page");
      const count = workers(page);
      console.log(`runtime shared: ${islands} islands, ${count} workers, ${JSON.stringify(after)}`);
      assert.ok(count <= 3, `at most the runtime, the timing worker and the cell realm: ${count}`);
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
      await waitUntil(page, `${status} !== "running"`, 10_000, "the trainer heard the worker end");
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
