/**
 * The training runtime in a real browser, through lesson 1's Playground: the engine runs in a Web
 * Worker (the page itself loads no tfjs); the backend is the fastest of those timed; a lost WebGL
 * context mid-run moves training to another backend from the last checkpoint; with Workers off
 * the same island trains on the main thread; the page stays responsive while it trains.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  assertNoLongTasks,
  browserTest,
  hydrateIsland,
  openPage,
  quietMachine,
  waitUntil,
} from "./harness.ts";

const PG = '[data-island="Playground"]';
const ROOT = `${PG} .playground`;
const Q = `document.querySelector('${ROOT}')`;
const BADGE = `${ROOT} .backend-badge`;

const hydrated = (page: Page) => hydrateIsland(page, "Playground");

const data = (page: Page, selector: string, name: string) =>
  page.$eval(selector, (el, n) => el.getAttribute(n) ?? "", name);

const tfOnPage = (page: Page) =>
  // deno-lint-ignore no-explicit-any
  page.evaluate(() => (globalThis as any)._tfengine !== undefined);

/** Plays until `steps` steps or `loss` train loss, whichever the condition says, then pauses. */
async function playUntil(page: Page, condition: string, what: string): Promise<void> {
  await page.click(`${ROOT} button[data-action="play"]`);
  await waitUntil(page, `${Q}.dataset.status === "running"`, 30_000, "running");
  await waitUntil(page, condition, 60_000, what);
}

browserTest("runtime: the Playground trains in a worker on the fastest backend timed", async () => {
  const p = await openPage("/en/function/");
  try {
    const { page } = p;
    await hydrated(page);
    const started = performance.now();
    await playUntil(page, `Number(${Q}.dataset.steps) > 0`, "first steps");
    const firstResult = (performance.now() - started) / 1000;
    // The background timing of the GPU backends ends within the 1.5 s budget (plus a start).
    await waitUntil(
      page,
      `document.querySelector('${BADGE}')?.dataset.backendHow === "measured"`,
      30_000,
      "every backend timed",
    );
    const timings = JSON.parse(await data(page, BADGE, "data-timings")) as {
      name: string;
      msPerStep: number | null;
    }[];
    const timed = timings.filter((t) => t.msPerStep !== null);
    assert.ok(timed.length >= 2, `at least WASM and CPU were timed: ${JSON.stringify(timings)}`);
    const fastest = timed.reduce((a, b) => (b.msPerStep! < a.msPerStep! ? b : a));
    await waitUntil(
      page,
      `${Q}.dataset.backend === ${JSON.stringify(fastest.name)}`,
      10_000,
      `runs on the fastest, ${fastest.name}`,
    );
    await waitUntil(page, `Number(${Q}.dataset.loss) < 0.3`, 60_000, "loss < 0.3");
    // The line's number is the run's own speed, measured once it has run for a moment.
    await waitUntil(page, `document.querySelector('${BADGE}').dataset.msPerStep !== ""`);
    await page.click(`${ROOT} button[data-action="play"]`);
    await waitUntil(page, `${Q}.dataset.status === "paused"`);
    assert.equal(await tfOnPage(page), false, "the page runs no tfjs: the worker does");
    const line = await page.$eval(`${BADGE} summary`, (el) => el.textContent ?? "");
    assert.match(line, /^Running on (WASM|CPU|WebGL|WebGPU): [\d.]+ ms per step/);
    console.log(`  first steps ${firstResult.toFixed(2)} s after Play; ${line}`);

    // A second visit in this tab reuses the timing: no measuring.
    await page.reload({ waitUntil: "load" });
    await hydrated(page);
    await playUntil(page, `Number(${Q}.dataset.steps) > 0`, "first steps again");
    assert.equal(await data(page, BADGE, "data-backend-how"), "cached");
    await page.click(`${ROOT} button[data-action="play"]`);
    assertClean(p, "runtime measured");
  } finally {
    await p.close();
  }
});

browserTest(
  "runtime: a WebGL context lost mid-run: training carries on on another backend from the checkpoint",
  async () => {
    const p = await openPage("/en/function/?backend=webgl");
    try {
      const { page } = p;
      await hydrated(page);
      await playUntil(page, `Number(${Q}.dataset.steps) >= 60`, "60 steps on WebGL");
      assert.equal(await data(page, ROOT, "data-backend"), "webgl");
      // Let a checkpoint happen (every second), then lose the context.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const before = Number(await data(page, ROOT, "data-loss"));
      const stepsBefore = Number(await data(page, ROOT, "data-steps"));
      await page.evaluate(() => document.dispatchEvent(new Event("nn-runtime:lose-backend")));
      await waitUntil(
        page,
        `${Q}.dataset.backend !== "webgl" && ${Q}.dataset.backend !== ""`,
        30_000,
        "another backend",
      );
      assert.equal(await data(page, BADGE, "data-backend-how"), "fallback");
      const notice = await page.$eval(
        ROOT,
        (el) => el.querySelector('.backend-badge .backend-fallback[role="status"]')?.textContent,
      );
      assert.match(
        notice ?? "",
        /WebGL stopped working; training carries on on (threaded WASM|WASM|CPU) from step \d+/,
      );
      const from = Number(/from step (\d+)/.exec(notice!)![1]);
      assert.ok(from > 0 && from <= stepsBefore + 200, `checkpoint step ${from}`);
      await waitUntil(page, `Number(${Q}.dataset.steps) > ${from + 100}`, 60_000, "carries on");
      const after = Number(await data(page, ROOT, "data-loss"));
      // From the checkpoint, not from scratch (a new network starts near ln 2 ≈ 0.69).
      assert.ok(after < 0.6, `loss continues: ${before} → ${after}`);
      assert.equal(await page.$eval(ROOT, (el) => el.querySelector('[role="alert"]')), null);
      await page.click(`${ROOT} button[data-action="play"]`);
      await waitUntil(page, `${Q}.dataset.status === "paused"`);
      assertClean(p, "runtime fallback");
    } finally {
      await p.close();
    }
  },
);

browserTest(
  "runtime: with Workers off, the same island trains on the page's main thread",
  async () => {
    const p = await openPage("/zh/function/?worker=0");
    try {
      const { page } = p;
      await hydrated(page);
      await playUntil(page, `Number(${Q}.dataset.loss) < 0.3`, "loss < 0.3 on the main thread");
      await page.click(`${ROOT} button[data-action="play"]`);
      await waitUntil(page, `${Q}.dataset.status === "paused"`);
      assert.equal(await tfOnPage(page), true, "tfjs runs on the page");
      const line = await page.$eval(`${BADGE} summary`, (el) => el.textContent ?? "");
      assert.match(line, /在页面主线程上/, line);
      assertClean(p, "runtime main thread");
    } finally {
      await p.close();
    }
  },
);

browserTest("runtime: the page stays responsive while the Playground trains", async () => {
  const p = await openPage("/en/function/");
  try {
    const { page } = p;
    await hydrated(page);
    // Time it once the backends are timed (the timing itself is bounded, 1.5 s).
    await playUntil(page, `Number(${Q}.dataset.steps) > 0`, "first steps");
    await waitUntil(
      page,
      `document.querySelector('${BADGE}')?.dataset.backendHow === "measured"`,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Up to two 4 s windows: a window disturbed by something else on this shared machine (another
    // process's burst) is measured again; the page must manage one clean window.
    const measure = () =>
      page.evaluate(async (root: string) => {
        const long: number[] = [];
        const observer = new PerformanceObserver((list) =>
          list.getEntries().forEach((e) => long.push(e.duration))
        );
        observer.observe({ type: "longtask" });
        // Frames over 4 s.
        let frames = 0;
        const start = performance.now();
        await new Promise<void>((resolve) => {
          const tick = () => {
            frames++;
            if (performance.now() - start < 4000) requestAnimationFrame(tick);
            else resolve();
          };
          requestAnimationFrame(tick);
        });
        const fps = frames / ((performance.now() - start) / 1000);
        // A slider elsewhere on the page (the LineClassifier's): time from input to its output.
        const slider = document.querySelector<HTMLInputElement>(
          '[data-island="LineClassifier"] input[type="range"]',
        );
        const delays: number[] = [];
        if (slider) {
          for (let i = 0; i < 10; i++) {
            const t0 = performance.now();
            slider.value = String(Number(slider.min) + ((i % 5) + 1) * 0.1);
            slider.dispatchEvent(new Event("input", { bubbles: true }));
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            delays.push(performance.now() - t0);
          }
        }
        observer.disconnect();
        const steps = Number(document.querySelector<HTMLElement>(root)!.dataset.steps);
        return { long, fps, delays, steps };
      }, ROOT);
    const clean = (r: Awaited<ReturnType<typeof measure>>) =>
      Math.max(0, ...r.long) <= 50 && r.fps >= 55 && Math.max(0, ...r.delays) <= 50;
    let result = await measure();
    if (!clean(result)) {
      console.log(`  first window disturbed: ${JSON.stringify(result)}; measuring again`);
      result = await measure();
    }
    await page.click(`${ROOT} button[data-action="play"]`);
    const longest = Math.max(0, ...result.long);
    const slowest = Math.max(0, ...result.delays);
    console.log(
      `  while training: ${result.long.length} long tasks (longest ${longest.toFixed(0)} ms), ` +
        `${result.fps.toFixed(0)} fps, slider answers in ≤ ${slowest.toFixed(0)} ms`,
    );
    // The one rule for long tasks (harness): none over 50 ms on a quiet machine; on a busy one
    // (a CI runner: Chromium, its GPU process and the test on 2 cores) a frame's wall time is
    // mostly waiting for a core, so there the page must stay usable, not smooth.
    assertNoLongTasks(result.long, "the Playground training", 500);
    const quiet = quietMachine();
    assert.ok(result.fps >= (quiet ? 55 : 20), `fps: ${result.fps.toFixed(1)}`);
    assert.ok(
      slowest <= (quiet ? 50 : 250),
      `a slider answers within ${quiet ? 50 : 250} ms: ${JSON.stringify(result.delays)}`,
    );
    assertClean(p, "runtime responsive");
  } finally {
    await p.close();
  }
});
