/**
 * Lesson 7's learning curves and choosing settings in a real browser, English and Chinese, laptop
 * and phone: LearningCurves trains every run (3 epochs each through the URL state, to stay short)
 * and draws a training and a validation series for each, the table shows every gap; the range
 * test draws its curve; the sweep's table comes from the claims file; no main-thread task over
 * 50 ms of CPU time while they train (they run in the runtime's worker; `assertMainThreadFree`,
 * which holds wall time to 50 ms too on a quiet machine), no console errors, axe clean in light
 * and dark; screenshots for a look.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  assertMainThreadFree,
  axeCheck,
  browserTest,
  hydrateIsland,
  openPage,
  outsideViewport,
  recordMainThread,
  waitUntil,
} from "./harness.ts";
import { REGULARIZERS } from "../../components/training/curves_run_names.ts";
import { SWEEP } from "../../components/training/sweep_range.ts";

const LANGS = ["en", "zh"] as const;
const EPOCHS = 3;
const CURVES = '[data-island="LearningCurves"] figure';
const RANGE = '[data-island="LrRangeTest"] figure';

/** A screenshot of one island into $SCREENSHOT_DIR, when it is set. */
async function shot(page: Page, name: string, file: string) {
  const dir = Deno.env.get("SCREENSHOT_DIR");
  const el = await page.$(`[data-island="${name}"]`);
  if (!dir || !el) return;
  await Deno.mkdir(dir, { recursive: true });
  await el.screenshot({ path: `${dir}/${file}.png` as `${string}.png` });
}

const data = (page: Page, sel: string) =>
  page.$eval(sel, (el) => ({ ...(el as HTMLElement).dataset }));

for (const lang of LANGS) {
  browserTest(
    `training ${lang}: learning curves for every regularizer, range test, sweep`,
    async () => {
      const p = await openPage(`/${lang}/training/?curves.epochs=${EPOCHS}`);
      const { page } = p;
      try {
        await hydrateIsland(page, "LearningCurves", "start");
        const started = performance.now();
        await page.click(`${CURVES} [data-action="train"]`);
        // Measure while it trains (the start loads the worker's chunks and the digits): each
        // main-thread task's CPU time from a Chrome trace, and its wall time.
        await waitUntil(page, `Number(document.querySelector('${CURVES}').dataset.steps) > 0`);
        const curvesRec = await recordMainThread(page);
        const total = REGULARIZERS.length * EPOCHS * 10;
        await waitUntil(
          page,
          `(() => { const d = document.querySelector('${CURVES}').dataset;
          return d.steps === '${total}' && d.status !== 'running'; })()`,
          120_000,
          `LearningCurves: ${total} steps`,
        );
        // The last epoch's table and chart render after the final step: a moment for them.
        await new Promise((r) => setTimeout(r, 500));
        const curvesMain = await curvesRec.stop();
        const seconds = (performance.now() - started) / 1000;
        const d = await data(page, CURVES);
        console.log(`  ${lang}: ${total} steps on ${d.backend} in ${seconds.toFixed(1)} s`);
        // Asserted at the end, so that one run checks everything else too.
        const main: [Awaited<ReturnType<typeof curvesRec.stop>>, string][] = [
          [curvesMain, `LearningCurves ${lang}, while training`],
        ];
        assert.equal(d.totalSteps, String(total));
        // A training and a validation series for every run.
        assert.equal(d.series, String(2 * REGULARIZERS.length));
        const runs = JSON.parse(d.runs!) as {
          name: string;
          epochs: number;
          series: number;
          done: boolean;
          gap: number | null;
        }[];
        assert.deepEqual(runs.map((r) => r.name), [...REGULARIZERS]);
        for (const r of runs) {
          assert.ok(r.done, `${r.name} done`);
          assert.equal(r.epochs, EPOCHS, `${r.name}: ${EPOCHS} epochs scored`);
          assert.equal(r.series, 2, `${r.name}: a training and a validation series`);
          assert.ok(typeof r.gap === "number" && Number.isFinite(r.gap), `${r.name}: gap ${r.gap}`);
        }
        const gaps = await page.$$eval(
          `${CURVES} table td[data-gap]`,
          (tds) => tds.map((td) => td.textContent ?? ""),
        );
        assert.equal(gaps.length, REGULARIZERS.length);
        assert.ok(gaps.every((g) => /^-?\d+(\.\d)?$/.test(g)), `gaps: ${gaps}`);
        assert.equal(Number(d.tensors) > 0, true);
        // The x axis counts whole epochs (0, 1, 2, 3), never 0.5 between two.
        const xTicks = await page.$eval(
          `${CURVES} .chart-canvas`,
          (el) =>
            (JSON.parse((el as HTMLElement).dataset.tickLabels ?? "[]") as {
              axis: string;
              text: string;
            }[]).filter((b) => b.axis === "x").map((b) => b.text),
        );
        assert.deepEqual(xTicks, ["0", "1", "2", "3"], `x ticks: ${xTicks}`);

        // The range test: its curve, read while the worker trains.
        await hydrateIsland(page, "LrRangeTest");
        await page.click(`${RANGE} [data-action="range"]`);
        await waitUntil(page, `Number(document.querySelector('${RANGE}').dataset.points) > 0`);
        const rangeRec = await recordMainThread(page);
        await waitUntil(
          page,
          `(() => { const d = document.querySelector('${RANGE}').dataset;
          return Number(d.points) > 20 && d.status !== 'running' && d.status !== 'starting'; })()`,
          90_000,
          "range test done",
        );
        await new Promise((r) => setTimeout(r, 500));
        main.push([await rangeRec.stop(), `LrRangeTest ${lang}, while training`]);
        const r = await data(page, RANGE);
        const lrAtMin = Number(r.lrAtMin);
        assert.ok(lrAtMin > 1e-4 && lrAtMin < 1, `lowest loss at η = ${r.lrAtMin}`);
        assert.ok(await page.$(`${RANGE} .training-reading`), "the reading under the chart");

        // The exercise "training-range", checked against this run's own curve: a tenth of the
        // rate at the lowest smoothed loss passes; the lowest point itself does not.
        const EX = '[data-exercise="training-range"]';
        await page.$eval(EX, (el) => el.scrollIntoView({ block: "center" }));
        await waitUntil(
          page,
          `document.querySelector('${EX}')?.closest('[data-hydrated]') != null`,
        );
        const verdict = async (lr: number) => {
          const before = await page.$eval(EX, (el) => (el as HTMLElement).dataset.checks);
          await page.$eval(`${EX} input`, (el) => ((el as HTMLInputElement).value = ""));
          await page.type(`${EX} input`, String(lr));
          await page.click(`${EX} [data-action="check"]`);
          await waitUntil(page, `document.querySelector('${EX}').dataset.checks !== "${before}"`);
          return page.$eval(`${EX} .exercise-verdict`, (el) => (el as HTMLElement).dataset.verdict);
        };
        assert.equal(await verdict(lrAtMin * 3), "rangePastMin");
        assert.equal(await verdict(Number((lrAtMin / 10).toPrecision(2))), "rangeOk");

        // The sweep: drawn from the claims file, one row per rate.
        await hydrateIsland(page, "LrSweep");
        const rows = await page.$$eval('[data-island="LrSweep"] tbody tr', (trs) => trs.length);
        assert.equal(rows, SWEEP.lrs.length);

        for (const name of ["LearningCurves", "LrRangeTest", "LrSweep"]) {
          await shot(page, name, `${name}-${lang}-laptop`);
        }

        await axeCheck(page, `training ${lang} light`);
        await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
        await axeCheck(page, `training ${lang} dark`);
        await shot(page, "LearningCurves", `curves-${lang}-dark`);
        assertClean(p, `training ${lang}`);
        // Every window logged before the first failure is thrown.
        const failed = main.flatMap(([r, where]) => {
          try {
            assertMainThreadFree(r, where);
            return [];
          } catch (e) {
            return [e];
          }
        });
        if (failed.length) throw failed[0];
      } finally {
        await p.close();
      }
    },
  );

  browserTest(`training ${lang}: the figures fit a phone (zh: dark)`, async () => {
    const p = await openPage(`/${lang}/training/`, {
      viewport: { width: 390, height: 844, isMobile: true },
      // Chinese in the dark theme from the start (the laptop test switches to it mid-page).
      colorScheme: lang === "zh" ? "dark" : "light",
    });
    try {
      for (const name of ["LearningCurves", "LrRangeTest", "LrSweep"]) {
        await hydrateIsland(p.page, name);
        assert.deepEqual(await outsideViewport(p.page, `[data-island="${name}"]`), [], name);
      }
      for (const name of ["LearningCurves", "LrRangeTest", "LrSweep"]) {
        await shot(p.page, name, `${name}-${lang}-phone`);
      }
      await axeCheck(p.page, `training ${lang} phone`);
      assertClean(p, `training ${lang} phone`);
    } finally {
      await p.close();
    }
  });
}

// LineChart (components/lib) follows a light/dark change of the system made after the chart
// exists: the schedules' charts draw with no button pressed, so their axis colour must change
// with the scheme.
browserTest("LineChart: the schedules' chart redraws when prefers-color-scheme flips", async () => {
  const p = await openPage("/en/training/", { colorScheme: "light" });
  try {
    const { page } = p;
    await hydrateIsland(page, "LrSchedules");
    const axisColor = () =>
      page.$eval(
        '[data-island="LrSchedules"] .chart-canvas',
        (el) => (el as HTMLElement).dataset.axisColor ?? "",
      );
    await waitUntil(
      page,
      `!!document.querySelector('[data-island="LrSchedules"] .chart-canvas')?.dataset.axisColor`,
      60_000,
      "the schedules' chart drew",
    );
    const light = await axisColor();
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
    await waitUntil(
      page,
      `document.querySelector('[data-island="LrSchedules"] .chart-canvas').dataset.axisColor !== ${
        JSON.stringify(light)
      }`,
      10_000,
      "the axis colour changed with the scheme",
    );
    const dark = await axisColor();
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
    await waitUntil(
      page,
      `document.querySelector('[data-island="LrSchedules"] .chart-canvas').dataset.axisColor === ${
        JSON.stringify(light)
      }`,
      10_000,
      "and back",
    );
    assert.notEqual(light, dark);
    assertClean(p, "/en/training/ theme flip");
  } finally {
    await p.close();
  }
});
