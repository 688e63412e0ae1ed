/**
 * Lesson 7's "same optimizers on MNIST" (OptimizersMnist) in a real browser, English and
 * Chinese, laptop and phone: the chart draws one series per optimizer (drawn from the claims
 * file, nothing trains), the table has a row for each with the file's accuracies, it fits a
 * phone, no console errors, axe clean in light and dark; screenshots for a look.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  axeCheck,
  browserTest,
  hydrateIsland,
  openPage,
  outsideViewport,
  waitUntil,
} from "./harness.ts";
import { OPTMNIST_NAMES } from "../../components/training/optmnist_names.ts";
import { OPTMNIST_TEXT } from "../../components/training/optmnist_text.ts";
import { claimValue } from "../../claims/mod.ts";

const LANGS = ["en", "zh"] as const;
const FIG = '[data-island="OptimizersMnist"] figure.training-optmnist';

async function shot(page: Page, file: string) {
  const dir = Deno.env.get("SCREENSHOT_DIR");
  const el = await page.$('[data-island="OptimizersMnist"]');
  if (!dir || !el) return;
  await Deno.mkdir(dir, { recursive: true });
  await el.screenshot({ path: `${dir}/${file}.png` as `${string}.png` });
}

for (const lang of LANGS) {
  browserTest(`training ${lang}: four optimizers on MNIST, one chart and one table`, async () => {
    const p = await openPage(`/${lang}/training/`);
    const { page } = p;
    try {
      await hydrateIsland(page, "OptimizersMnist");
      assert.equal(await page.$eval(FIG, (el) => (el as HTMLElement).dataset.series), "4");
      // uPlot's legend names each series once the chart is drawn.
      await waitUntil(page, `document.querySelector('${FIG} canvas') !== null`);
      const legend = await page.$$eval(
        `${FIG} .u-legend .u-series`,
        (els) => els.map((e) => e.textContent!.trim()),
      );
      const names = OPTMNIST_NAMES.map((n) => OPTMNIST_TEXT[lang].name[n]);
      for (const n of names) assert.ok(legend.some((l) => l.includes(n)), `legend: ${n}`);
      const rows = await page.$$eval(
        `${FIG} table.training-optmnist-table tbody tr`,
        (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())),
      );
      assert.equal(rows.length, 4);
      OPTMNIST_NAMES.forEach((n, i) => {
        assert.ok(rows[i][0].includes(names[i]), `row ${i}: ${rows[i][0]}`);
        const mean = claimValue(`training.optmnist.${n}.val.mean`).toFixed(1);
        assert.ok(rows[i][1].startsWith(mean), `${n}: ${rows[i][1]} vs ${mean}`);
      });
      await shot(page, `optmnist-${lang}-laptop`);
      await axeCheck(page, `optmnist ${lang} light`);
      await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "dark" }]);
      await axeCheck(page, `optmnist ${lang} dark`);
      await shot(page, `optmnist-${lang}-dark`);
      assertClean(p, `optmnist ${lang}`);
    } finally {
      await p.close();
    }
  });

  browserTest(`training ${lang}: the optimizers-on-MNIST figure fits a phone`, async () => {
    const p = await openPage(`/${lang}/training/`, {
      viewport: { width: 390, height: 844, isMobile: true },
      colorScheme: lang === "zh" ? "dark" : "light",
    });
    try {
      await hydrateIsland(p.page, "OptimizersMnist");
      assert.deepEqual(await outsideViewport(p.page, '[data-island="OptimizersMnist"]'), []);
      await shot(p.page, `optmnist-${lang}-phone`);
      await axeCheck(p.page, `optmnist ${lang} phone`);
      assertClean(p, `optmnist ${lang} phone`);
    } finally {
      await p.close();
    }
  });
}
