/**
 * Lesson 1's Playground, TensorFlow Playground's options, in a real browser in English and
 * Chinese: input features, regularization and its rate, problem type (regression), show test
 * points, discretize output, initialize to zero. Each control lands in the URL and changes what
 * the trainer (in the worker) does, read from the figure's data-* hooks; training still lowers
 * the loss; the page stays clean.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  assertMainThreadFree,
  browserTest,
  hydrateIsland,
  openPage,
  quietMachine,
  recordMainThread,
  waitUntil,
} from "./harness.ts";

const PG = '[data-island="Playground"]';
const ROOT = `${PG} .playground`;
const q = `document.querySelector('${ROOT}')`;

function data(page: Page, name: string): Promise<string | null> {
  return page.$eval(ROOT, (el, n) => el.getAttribute(`data-${n}`), name);
}

/** One step (a new trainer builds first when the settings need one); waits for its snapshot. */
async function stepOnce(page: Page): Promise<void> {
  const before = Number(await data(page, "steps"));
  await page.click(`${ROOT} button[data-action="step"]`);
  await waitUntil(
    page,
    `Number(${q}.dataset.steps) > ${before} && ${q}.dataset.loss !== "" || ` +
      `${q}.querySelector('[role="alert"]') !== null`,
  );
  assert.equal(await page.$eval(ROOT, (el) => el.querySelector('[role="alert"]')), null);
}

/** Resets (a fresh network), then one step. */
async function fresh(page: Page): Promise<void> {
  await page.click(`${ROOT} button[data-action="reset"]`);
  await waitUntil(page, `${q}.dataset.steps === "0"`);
  await stepOnce(page);
}

/** Plays until `cond` holds on the figure, then pauses. */
async function playUntil(page: Page, cond: string, what: string): Promise<void> {
  await page.click(`${ROOT} button[data-action="play"]`);
  await waitUntil(
    page,
    `(${cond}) || ${q}.querySelector('[role="alert"]') !== null`,
    120_000,
    what,
  );
  await page.click(`${ROOT} button[data-action="play"]`);
  await waitUntil(page, `${q}.dataset.running === "false"`);
  assert.equal(await page.$eval(ROOT, (el) => el.querySelector('[role="alert"]')), null);
}

/** Distinct colours on the decision map's canvas. */
function mapColours(page: Page): Promise<number> {
  return page.$eval(`${ROOT} canvas`, (c) => {
    const canvas = c as HTMLCanvasElement;
    const px = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < px.length; i += 4) seen.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    return seen.size;
  });
}

for (const lang of ["en", "zh"] as const) {
  browserTest(`Playground options (${lang}): features, regularization, regression`, async () => {
    const path = `/${lang}/function/?pg.h=4`;
    const p = await openPage(path, { waitFor: PG });
    try {
      const { page } = p;
      await hydrateIsland(page, "Playground");
      await stepOnce(page);
      assert.equal(await data(page, "inputs"), "2", "x₁, x₂ by default");
      assert.equal(await data(page, "penalty"), "0");

      // Features: x₁², x₂² as well; the trainer's network takes 4 inputs.
      await page.click(`${ROOT} input[name="f-x1sq"]`);
      await page.click(`${ROOT} input[name="f-x2sq"]`);
      await waitUntil(page, `decodeURIComponent(location.search).includes("pg.f=0,1,2,3")`);
      await fresh(page);
      assert.equal(await data(page, "features"), "x1,x2,x1sq,x2sq");
      assert.equal(await data(page, "inputs"), "4", "one input per feature");

      // Regularization: L2 at 0.1 goes to the running trainer (no rebuild) and adds a penalty.
      await page.select(`${ROOT} select[name="reg"]`, "l2");
      await page.select(`${ROOT} select[name="rr"]`, "0.1");
      await waitUntil(
        page,
        `decodeURIComponent(location.search).includes("pg.reg=l2") && decodeURIComponent(location.search).includes("pg.rr=0.1")`,
      );
      const steps = Number(await data(page, "steps"));
      await stepOnce(page);
      assert.equal(Number(await data(page, "steps")), steps + 1, "the same trainer goes on");
      assert.ok(Number(await data(page, "penalty")) > 0, "a penalty");
      assert.ok(await page.$(`${ROOT} [data-penalty]`), "the readout shows the penalty");

      // With x₁², x₂² the circles close; training lowers the data loss.
      const loss0 = Number(await data(page, "loss"));
      await playUntil(page, `Number(${q}.dataset.loss) < 0.3`, "loss < 0.3 with x₁², x₂² and L2");
      assert.ok(Number(await data(page, "loss")) < loss0);

      // Show test points: off hides them; discretize: two colours on the map.
      // The plotted test points (the legend draws one more, as its swatch, while they show).
      const tests = () =>
        page.$$eval(
          `${ROOT} .pt.test`,
          (els) => els.filter((e) => !e.closest("[data-legend]")).length,
        );
      const swatch = () => page.$(`${ROOT} [data-legend] [data-marker="test"]`);
      assert.equal(await tests(), 250);
      assert.ok(await swatch(), "the legend explains the test points");
      await page.click(`${ROOT} input[name="test"]`);
      await waitUntil(page, `${q}.dataset.showTest === "false"`);
      assert.equal(await tests(), 0, "the test points are hidden");
      assert.equal(await swatch(), null, "and the legend no longer names them");
      assert.ok((await mapColours(page)) > 2, "a graded map");
      await page.click(`${ROOT} input[name="disc"]`);
      await waitUntil(page, `${q}.dataset.discretize === "true"`);
      await waitUntil(page, `decodeURIComponent(location.search).includes("pg.disc=1")`);
      // The map is redrawn by an effect, after the render that set data-discretize.
      let colours = await mapColours(page);
      for (let i = 0; i < 50 && colours > 2; i++) {
        await new Promise((r) => setTimeout(r, 100));
        colours = await mapColours(page);
      }
      assert.ok(colours <= 2, `discretized: one colour per class (${colours})`);

      // Initialize to zero: after one step the first layer's weights are still 0 (every hidden
      // neuron computes the same, so no gradient reaches them yet).
      assert.ok(Number(await data(page, "max-weight")) > 0);
      await page.click(`${ROOT} input[name="iz"]`);
      await waitUntil(page, `${q}.dataset.initZero === "true"`);
      await fresh(page);
      assert.equal(await data(page, "max-weight"), "0", "the first layer's weights stay at 0");

      // Regression: the plane, with MSE and a continuous map; training lowers the loss.
      await page.click(`${ROOT} input[name="iz"]`);
      await page.select(`${ROOT} select[name="prob"]`, "regression");
      await waitUntil(
        page,
        `${q}.dataset.problem === "regression" && ${q}.dataset.dataset === "plane"`,
      );
      await page.select(`${ROOT} select[name="reg"]`, "none");
      await page.click(`${ROOT} input[name="disc"]`);
      const options = await page.$$eval(
        `${ROOT} select[name="ds"] option`,
        (els) => els.map((e) => (e as HTMLOptionElement).value),
      );
      assert.deepEqual(options, ["plane", "gauss"]);
      await fresh(page);
      assert.equal(await data(page, "acc"), "", "no accuracy for regression");
      const mse0 = Number(await data(page, "loss"));
      await playUntil(page, `Number(${q}.dataset.loss) < ${mse0 / 4}`, `MSE < ${mse0 / 4}`);
      assert.ok((await mapColours(page)) > 2, "a continuous map");
      await page.select(`${ROOT} select[name="ds"]`, "gauss");
      await waitUntil(page, `decodeURIComponent(location.search).includes("pg.ds=gauss")`);
      await fresh(page);
      assert.ok(Number.isFinite(Number(await data(page, "loss"))));
      assertClean(p, path);
    } finally {
      await p.close();
    }
  });
}

const NET = `${ROOT} [data-network-diagram]`;

browserTest(
  "Playground network diagram: neuron maps, links, weight editing, long tasks",
  async () => {
    // Six hidden layers of eight: the largest network the controls allow.
    const path = "/en/function/?pg.h=8,8,8,8,8,8";
    const p = await openPage(path, { waitFor: PG });
    try {
      const { page } = p;
      await hydrateIsland(page, "Playground");
      await stepOnce(page);
      const maps = `document.querySelectorAll('${NET} [data-neuron-map]').length`;
      // 2 inputs + 6 × 8 hidden + 1 output, each drawn from the worker's one pass over the grid.
      await waitUntil(page, `${maps} === 51`, 30_000, "51 neuron maps");
      const links = await page.$$eval(
        `${NET} [data-link]`,
        (els) => els.map((e) => Number(e.getAttribute("data-weight"))),
      );
      assert.equal(links.length, 2 * 8 + 5 * 64 + 8, "one link per weight");
      assert.ok(links.every(Number.isFinite), "every link has its weight");

      // Focus (or hover) a neuron: its map is the main view. The pointer first leaves the
      // diagram (after the Step click it may rest over a neuron, whose hover would win).
      await page.mouse.move(0, 0);
      await page.focus(`${NET} [data-neuron="3:2"]`);
      await waitUntil(page, `${q}.dataset.shown === "3:2"`);
      await page.hover(`${NET} [data-neuron="0:1"]`);
      await waitUntil(page, `${q}.dataset.shown === "0:1"`);
      await page.mouse.move(0, 0);
      await waitUntil(page, `${q}.dataset.shown === ""`);

      // Keyboard: Enter on a link opens its editor; the weight set is the trainer's.
      await page.$eval(`${NET} [data-link="7:3:0"]`, (el) => (el as SVGElement).focus());
      await page.keyboard.press("Enter");
      await page.waitForSelector(`${ROOT} input[name="weight"]`);
      await page.$eval(`${ROOT} input[name="weight"]`, (el) => (el as HTMLInputElement).select());
      await page.keyboard.type("4.5");
      await page.keyboard.press("Enter");
      await waitUntil(
        page,
        `document.querySelector('${NET} [data-link="7:3:0"]').dataset.weight === "4.5"`,
      );
      // Training goes on from it: one step moves it a little (Adam, η 0.03), not back.
      await stepOnce(page);
      const w = Number(
        await page.$eval(`${NET} [data-link="7:3:0"]`, (e) => e.getAttribute("data-weight")),
      );
      assert.ok(Math.abs(w - 4.5) < 0.1, `after a step: ${w}`);

      // Roving focus: one Tab stop for the links; the arrows move among them.
      const stops = await page.$$eval(`${NET} [data-link][tabindex="0"]`, (els) => els.length);
      assert.equal(stops, 1, "the links take one Tab stop");
      await page.$eval(`${NET} [data-link="7:3:0"]`, (el) => (el as SVGElement).focus());
      await page.keyboard.press("ArrowDown");
      assert.equal(
        await page.evaluate(() => document.activeElement?.getAttribute("data-link")),
        "7:4:0",
      );

      // Training with the diagram on: no main-thread task over 50 ms, the diagram redrawn 20+
      // times a second (its canvas's draws, counted in data-draws).
      await page.click(`${ROOT} button[data-action="play"]`);
      await waitUntil(page, `Number(${q}.dataset.steps) > 20`, 60_000, "training");
      // The stats change with every snapshot: not a live region; the summary waits for a stop.
      assert.equal(
        await page.$eval(`${ROOT} .pg-stats`, (el) => el.getAttribute("aria-live")),
        null,
      );
      assert.equal(await page.$eval(`${ROOT} [data-summary]`, (el) => el.textContent), "");
      const draws = () => page.$eval(NET, (el) => Number((el as HTMLElement).dataset.draws ?? 0));
      const measure = async () => {
        const rec = await recordMainThread(page);
        const [d0, t0] = [await draws(), Date.now()];
        await new Promise((r) => setTimeout(r, 4000));
        const perSecond = (await draws() - d0) / ((Date.now() - t0) / 1000);
        return { ...await rec.stop(), perSecond };
      };
      const good = (r: { long: number[]; perSecond: number }) =>
        Math.max(0, ...r.long) <= 50 && r.perSecond >= 20;
      let result = await measure();
      if (!good(result)) {
        console.log(
          `  first window disturbed: ${result.long.length} long tasks, ` +
            `${result.perSecond.toFixed(1)} redraws/s; measuring again`,
        );
        result = await measure();
      }
      await page.click(`${ROOT} button[data-action="play"]`);
      await waitUntil(page, `${q}.querySelector('[data-summary]').textContent !== ""`);
      const load = Deno.loadavg()[0], cores = navigator.hardwareConcurrency;
      console.log(
        `  6×8 network, diagram on: ${result.perSecond.toFixed(1)} diagram redraws/s ` +
          `(load ${load.toFixed(1)} on ${cores} cores)`,
      );
      // Issue 20's numbers: CPU time per task asserted everywhere; wall time and the redraw rate
      // on a quiet machine. On an oversubscribed one a task's wall time is the scheduler's, not the
      // page's (a 10 ms frame waits its turn behind 2× the cores' runnable threads): there the page
      // must stay responsive and keep redrawing.
      assertMainThreadFree(result, "the Playground training with its 6×8 diagram");
      if (quietMachine()) {
        assert.ok(result.perSecond >= 20, `the diagram redraws 20+ times/s: ${result.perSecond}`);
      } else {
        assert.ok(result.perSecond >= 1, `the diagram redraws while training: ${result.perSecond}`);
      }
      assertClean(p, path);
    } finally {
      await p.close();
    }
  },
);

browserTest("Playground network diagram on a phone: scrolls in its box", async () => {
  const phone = { width: 390, height: 844, isMobile: true };
  const path = "/zh/function/?pg.h=8,8,8,8&pg.f=0,1,2,3,4";
  const p = await openPage(path, { waitFor: PG, viewport: phone, colorScheme: "dark" });
  try {
    const { page } = p;
    await hydrateIsland(page, "Playground");
    await stepOnce(page);
    await waitUntil(page, `document.querySelectorAll('${NET} [data-neuron-map]').length === 38`);
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth > document.documentElement.clientWidth + 1
    );
    assert.equal(overflow, false, "no horizontal scrolling of the page");
    const box = await page.$eval(NET, (el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(box[0] > box[1], `the diagram scrolls inside its box: ${box}`);
    assertClean(p, path);
  } finally {
    await p.close();
  }
});

browserTest("Playground: the view from inside a 2-neuron layer moves as it trains", async () => {
  for (const lang of ["en", "zh"]) {
    const path = `/${lang}/function/?pg.h=4,2`;
    const p = await openPage(path, { waitFor: PG });
    try {
      const { page } = p;
      await hydrateIsland(page, "Playground");
      const view = `${ROOT} [data-inside="2"]`;
      await page.waitForSelector(view);
      assert.equal(await page.$$eval(`${ROOT} [data-inside]`, (els) => els.length), 1);
      await stepOnce(page);
      const sample = () => page.$eval(view, (el) => el.getAttribute("data-sample"));
      await waitUntil(page, `document.querySelector('${view}').dataset.sample !== undefined`);
      const before = await sample();
      const points = await page.$eval(view, (el) => el.getAttribute("data-drawn-points"));
      assert.equal(points, await data(page, "train-points"), "every training point is drawn");
      await playUntil(page, `Number(${q}.dataset.steps) > 150`, "150 steps");
      const after = await sample();
      assert.notEqual(after, before, "the points move as the layer learns");
      const label = await page.$eval(`${view} canvas`, (el) => el.getAttribute("aria-label"));
      assert.ok(label && label.includes("2"), `the canvas says what it shows: ${label}`);
      // No layer of 2 or 3 neurons: no view.
      await page.select(`${ROOT} select[name="layers"]`, "1");
      await waitUntil(page, `${q}.dataset.hidden === "4"`);
      assert.equal(await page.$(`${ROOT} [data-inside]`), null);
      assertClean(p, path);
    } finally {
      await p.close();
    }
  }
});

browserTest("Exercise playground-features: circles with no hidden layer, by features", async () => {
  const EX = '[data-exercise="playground-features"]';
  const path = "/en/function/?pg.f=2,3";
  const p = await openPage(path, { waitFor: EX });
  try {
    const { page } = p;
    await hydrateIsland(page, "Playground");
    const check = async () => {
      await page.$eval(EX, (el) => el.scrollIntoView({ block: "center" }));
      await waitUntil(page, `document.querySelector('${EX}')?.closest('[data-hydrated]') != null`);
      const before = await page.$eval(EX, (el) => (el as HTMLElement).dataset.checks);
      await page.focus(`${EX} [data-action="check"]`);
      await page.keyboard.press("Enter");
      await waitUntil(page, `document.querySelector('${EX}').dataset.checks !== "${before}"`);
      return page.$eval(`${EX} .exercise-verdict`, (el) => (el as HTMLElement).dataset.verdict);
    };
    // Two hidden layers (the lesson's default): not yet.
    await stepOnce(page);
    assert.equal(await check(), "pgHidden");
    // The check reads the figure's store, not its data-* hooks: hooks that say "solved" change
    // nothing.
    await page.$eval(ROOT, (el) => {
      (el as HTMLElement).dataset.features = "x1sq,x2sq";
      (el as HTMLElement).dataset.acc = "1";
    });
    assert.equal(await check(), "pgHidden");
    // No hidden layer, x₁² and x₂²: train until the test accuracy passes 90%.
    await page.$eval(ROOT, (el) => el.scrollIntoView());
    await page.select(`${ROOT} select[name="layers"]`, "0");
    await waitUntil(page, `${q}.dataset.hidden === ""`);
    assert.equal(await data(page, "features"), "x1sq,x2sq");
    await playUntil(page, `Number(${q}.dataset.steps) > 300`, "300 steps");
    const verdict = await check();
    assert.equal(verdict, "pgOk");
    assertClean(p, path);
  } finally {
    await p.close();
  }
});
