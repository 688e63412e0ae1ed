/**
 * Lesson 1's point markers speak one language (components/function/plane.tsx's MarkerLegend):
 * in LineClassifier a dark ring around a filled dot is a misclassified point; in the Playground a
 * test point is hollow, outlined in its class's colour, never a dark ring. Each figure has a
 * legend whose swatches are drawn exactly as the figure draws the points, en and zh, light and
 * dark.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { assertClean, axeCheck, browserTest, hydrateIsland, openPage } from "./harness.ts";

interface Look {
  fill: string;
  stroke: string;
  strokeWidth: string;
}

/** The computed look of the first element matching `selector`, and the figure's text colour. */
function look(page: Page, selector: string): Promise<Look & { fg: string }> {
  return page.$eval(selector, (el) => {
    const s = getComputedStyle(el);
    return {
      fill: s.fill,
      stroke: s.stroke,
      strokeWidth: s.strokeWidth,
      fg: getComputedStyle(el.closest("figure")!).color,
    };
  });
}

const same = (a: Look, b: Look) =>
  a.fill === b.fill && a.stroke === b.stroke && a.strokeWidth === b.strokeWidth;

for (const lang of ["en", "zh"] as const) {
  for (const colorScheme of ["light", "dark"] as const) {
    browserTest(
      `lesson 1 markers (${lang}, ${colorScheme}): one meaning each, with a legend`,
      async () => {
        const p = await openPage(`/${lang}/function/`, { colorScheme });
        try {
          const { page } = p;
          const LC = '[data-island="LineClassifier"]';
          const PG = '[data-island="Playground"]';
          await hydrateIsland(page, "LineClassifier");
          await hydrateIsland(page, "Playground");
          const markers = (root: string) =>
            page.$$eval(
              `${root} [data-legend] li`,
              (els) =>
                els.map((e) => [e.getAttribute("data-marker"), (e.textContent ?? "").trim()]),
            );
          const lc = await markers(LC);
          const pg = await markers(PG);
          assert.deepEqual(
            lc.map(([m]) => m),
            ["blue", "orange", "wrong"],
          );
          assert.deepEqual(pg.map(([m]) => m), ["train", "test"]);
          for (const [m, text] of [...lc, ...pg]) assert.ok(text, `legend words for ${m}`);

          // The legend draws each marker as the figure does.
          const wrong = await look(page, `${LC} svg .pt.blue.wrong, ${LC} svg .pt.orange.wrong`);
          const wrongSwatch = await look(page, `${LC} [data-marker="wrong"] circle`);
          assert.equal(wrongSwatch.stroke, wrong.stroke);
          assert.equal(wrongSwatch.strokeWidth, wrong.strokeWidth);
          const test = await look(page, `${PG} svg .pt.blue.test`);
          const train = await look(page, `${PG} svg .pt.blue.train`);
          assert.ok(
            same(await look(page, `${PG} [data-marker="test"] circle`), test),
            "test swatch",
          );
          assert.ok(
            same(await look(page, `${PG} [data-marker="train"] circle`), train),
            "train swatch",
          );

          // One meaning each: a dark ring (the text colour) only for a misclassified point.
          assert.equal(wrong.stroke, wrong.fg, "a misclassified point has a dark ring");
          assert.notEqual(test.stroke, test.fg, "a test point has no dark ring");
          assert.notEqual(train.stroke, train.fg, "a training point has no dark ring");
          assert.ok(!same(test, wrong) && !same(test, train) && !same(train, wrong));
          assert.equal(test.fill, "none", "a test point is hollow");
          assert.equal(test.stroke, train.fill, "outlined in its class's colour");
          await axeCheck(page, `lesson 1 markers ${lang} ${colorScheme}`);
          assertClean(p);
        } finally {
          await p.close();
        }
      },
    );
  }
}
