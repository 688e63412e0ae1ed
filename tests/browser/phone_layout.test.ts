/**
 * Every lesson and index page on a 390×844 phone, in both languages, with every island
 * hydrated: nothing is wider than the viewport (what lies inside a box that scrolls or clips is
 * measured by what that box shows), every box that scrolls sideways can scroll (overflow auto,
 * not hidden) and starts at its content's left edge (content pushed off the left side cannot be
 * scrolled to: the backprop graph's first node once was), and wide math and code carry the
 * scroll shadow that tells there is more; no text is broken into lines of a character or two (a
 * squeezed flex item: "类/别/0"). Then the figures that grow with use, after use: the Playground
 * with the reader's points in five classes, ClassifierLoss after training, GraphStepper stepped
 * into backward(), LossFit after training; their tables and graph fit the screen without a
 * sideways scroll. BumpTrainer's sweep legend keeps each swatch beside its (wrapped) label.
 * Lesson 7's optimizer figures (OptimizersMnist, LrSchedules) draw their charts across the figure,
 * not in a strip inside a nested figure's indent.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  browserTest,
  hydrateAll,
  hydrateIsland,
  openPage,
  waitUntil,
} from "./harness.ts";
import { PAGES } from "./lessons.ts";

const phone = { width: 390, height: 844, isMobile: true };

/** Runs in the page: the problems found, as text. */
function layoutProblems(): string[] {
  const vw = document.documentElement.clientWidth;
  const problems: string[] = [];
  const name = (e: Element) =>
    `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${
      typeof e.className === "string" && e.className ? "." + e.className.split(" ")[0] : ""
    }`;
  if (document.documentElement.scrollWidth > vw + 1) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  }
  const clips = (e: Element) => getComputedStyle(e).overflowX !== "visible";
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let left = r.left, right = r.right;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (!clips(a)) continue;
      const ar = a.getBoundingClientRect();
      left = Math.max(left, ar.left);
      right = Math.min(right, ar.right);
    }
    if (right <= 0) continue; // deliberately off screen (the skip link until focused)
    if (right > vw + 1 || (left < -1 && right > left)) {
      problems.push(`${name(el)} spans ${Math.round(left)}..${Math.round(right)} of 0..${vw}`);
    }
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "visible") {
      if (style.overflowX === "hidden" || style.overflowX === "clip") {
        // KaTeX's screen-reader MathML is clipped on purpose (1×1 px); an invisible file input
        // laid over its label (the Playground's "Import CSV") shows nothing to clip.
        if (!el.closest(".katex-mathml") && r.width > 2 && style.opacity !== "0") {
          problems.push(`${name(el)} clips its content (overflow-x: ${style.overflowX})`);
        }
        continue;
      }
      el.scrollLeft = 0;
      const box = el.getBoundingClientRect();
      for (const child of el.querySelectorAll("*")) {
        const c = child.getBoundingClientRect();
        if (c.width > 0 && c.right > box.left && c.left < box.left - 1) {
          problems.push(`${name(el)}: ${name(child)} starts left of the box, out of reach`);
          break;
        }
      }
      if (el.matches("pre, .math-display") && !style.backgroundImage.includes("gradient")) {
        problems.push(`${name(el)} scrolls with no shadow to say so`);
      }
    }
  }
  // Text squeezed into lines of a character or two (CJK text may break after any character).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? "").trim();
    const parent = n.parentElement;
    if (text.length < 3 || !parent || parent.closest("script, style, svg, pre, .katex-mathml")) {
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(n);
    const lines = [...range.getClientRects()].filter((r) => r.width > 0);
    const em = parseFloat(getComputedStyle(parent).fontSize);
    if (lines.length >= 3 && Math.max(...lines.map((r) => r.width)) < 2.2 * em) {
      problems.push(
        `${name(parent)}: "${text.slice(0, 24)}" is broken into ${lines.length} short lines`,
      );
    }
  }
  return problems;
}

/**
 * Clicks the element itself: a click at its position could land on the sticky header, which
 * covers what puppeteer has just scrolled to the top of a phone's screen.
 */
const press = (page: Page, selector: string) =>
  page.$eval(selector, (el) => (el as HTMLElement).click());

/** Boxes inside `selector` whose content is wider than they are (they scroll sideways). */
function scrollsSideways(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(
    selector,
    (els) =>
      els.flatMap((el) =>
        el.scrollWidth > el.clientWidth + 1
          ? [`${el.className}: ${el.scrollWidth} px of content in ${el.clientWidth} px`]
          : []
      ),
  );
}

browserTest("phone 390×844: no element wider than the viewport, en and zh", async () => {
  const problems: string[] = [];
  const paths = [
    "/",
    "/en/",
    "/zh/",
    ...["en", "zh"].flatMap((l) => PAGES.map((s) => `/${l}/${s}/`)),
  ];
  for (const path of paths) {
    const p = await openPage(path, { viewport: phone });
    try {
      const { page } = p;
      await hydrateAll(page);
      // Charts are made after hydration (uPlot loads in a chunk): wait until each has been made
      // (LineChart marks its box with the axis colour it drew in).
      await waitUntil(
        page,
        `[...document.querySelectorAll(".chart-canvas")].every((el) => el.dataset.axisColor)`,
        20_000,
        `${path}: every chart made`,
      );
      for (const problem of await page.evaluate(layoutProblems)) {
        problems.push(`${path}: ${problem}`);
      }
      assertClean(p, path);
    } finally {
      await p.close();
    }
  }
  assert.deepEqual(problems, []);
});

browserTest("phone 390×844: lesson 7's optimizer charts fill their figure, en and zh", async () => {
  const narrow: string[] = [];
  for (const lang of ["en", "zh"]) {
    const path = `/${lang}/training/`;
    const p = await openPage(path, { viewport: phone });
    try {
      const { page } = p;
      for (const [name, charts] of [["OptimizersMnist", 1], ["LrSchedules", 2]] as const) {
        await hydrateIsland(page, name);
        const all = `document.querySelectorAll('[data-island="${name}"] .chart-canvas')`;
        await waitUntil(
          page,
          `${all}.length === ${charts} && [...${all}].every((el) => el.dataset.axisColor)`,
          60_000,
          `${path} ${name}: ${charts} chart(s) made`,
        );
        const widths = await page.$eval(`[data-island="${name}"]`, (el) => {
          const figure = el.firstElementChild!.getBoundingClientRect().width;
          return [...el.querySelectorAll(".chart-canvas")].map((c) =>
            [c.getBoundingClientRect().width, figure] as const
          );
        });
        for (const [w, figure] of widths) {
          // The figure's padding aside, the chart takes its whole width (with a figure's default
          // indent, 40 px each side, it took two thirds).
          if (w < 0.8 * figure) {
            narrow.push(
              `${path} ${name}: a chart ${Math.round(w)} px wide in ${Math.round(figure)}`,
            );
          }
        }
      }
      assertClean(p, path);
    } finally {
      await p.close();
    }
  }
  assert.deepEqual(narrow, []);
});

browserTest(
  "phone 390×844: figures after use (own points, losses, bump legend, GraphStepper), en and zh",
  async () => {
    const problems: string[] = [];
    for (const lang of ["en", "zh"]) {
      const check = async (page: Page, where: string, fits: string[]) => {
        for (const problem of await page.evaluate(layoutProblems)) {
          problems.push(`${where}: ${problem}`);
        }
        for (const sel of fits) {
          for (const problem of await scrollsSideways(page, sel)) {
            problems.push(`${where}: ${problem}`);
          }
        }
      };

      // Lesson 1: the reader's points in five classes, a point of each added, one step trained.
      const f = await openPage(`/${lang}/function/`, { viewport: phone });
      try {
        const { page } = f;
        const PG = '[data-island="Playground"] .playground';
        await hydrateIsland(page, "Playground");
        await page.evaluate(() => localStorage.clear());
        await page.select(`${PG} select[name="ds"]`, "own");
        await page.waitForSelector(`${PG} select[name="k"]`);
        await page.select(`${PG} select[name="k"]`, "5");
        await waitUntil(page, `document.querySelector('${PG}').dataset.classes === "5"`);
        for (let k = 0; k < 5; k++) {
          // (a click by position could land on the sticky header, which covers the radios when
          // puppeteer scrolls them to the top)
          await page.$eval(
            `${PG} input[name="pg-class"][value="${k}"]`,
            (el) => (el as HTMLElement).click(),
          );
          for (const [name, v] of [["x1", k - 2], ["x2", 2 - k]] as const) {
            await page.$eval(
              `${PG} input[name="${name}"]`,
              (el) => (el as HTMLInputElement).value = "",
            );
            await page.type(`${PG} input[name="${name}"]`, String(v));
          }
          await page.keyboard.press("Enter");
          await waitUntil(
            page,
            `document.querySelector('${PG}').dataset.trainPoints === "${k + 1}"`,
          );
        }
        await press(page, `${PG} button[data-action="step"]`);
        await waitUntil(page, `document.querySelector('${PG}').dataset.steps === "1"`, 60_000);
        await check(page, `/${lang}/function/ (own points)`, []);
        assertClean(f);
      } finally {
        await f.close();
      }

      // Lesson 3: ClassifierLoss trained; its table fits.
      const l = await openPage(`/${lang}/loss/`, { viewport: phone });
      try {
        const { page } = l;
        const CL = '[data-island="ClassifierLoss"] .classifier-loss';
        await hydrateIsland(page, "ClassifierLoss");
        await press(page, `${CL} .loss-buttons button.primary`);
        await waitUntil(
          page,
          `document.querySelector('${CL}').dataset.pCe !== "" && document.querySelector('${CL}').dataset.running === "false"`,
          120_000,
          "ClassifierLoss trained",
        );
        await check(page, `/${lang}/loss/ (ClassifierLoss trained)`, [`${CL} .loss-table-wrap`]);
        // LossFit trained: its derivatives (a table of five columns on a laptop) and their
        // formulas fit without a sideways scroll.
        const LF = '[data-island="LossFit"] .loss-fit';
        await hydrateIsland(page, "LossFit");
        await press(page, `${LF} [data-action="train"]`);
        await waitUntil(
          page,
          `Number(document.querySelector('${LF}').dataset.steps) > 0 && document.querySelector('${LF}').dataset.status !== "running"`,
          120_000,
          "LossFit trained",
        );
        await check(page, `/${lang}/loss/ (LossFit trained)`, [
          `${LF} .loss-derivs`,
          `${LF} .loss-formula`,
        ]);
        assertClean(l);
      } finally {
        await l.close();
      }

      // Lesson 2: BumpTrainer's sweep legend, whose second label wraps: each swatch stays on
      // its label's line, and the swatches stand in one column.
      const bt = await openPage(`/${lang}/bumps/`, { viewport: phone });
      try {
        const { page } = bt;
        await hydrateIsland(page, "BumpTrainer");
        await page.waitForSelector('[data-island="BumpTrainer"] .u-legend .u-marker');
        const entries = await page.$$eval(
          '[data-island="BumpTrainer"] .u-legend th',
          (ths) =>
            ths.map((th) => {
              const m = th.querySelector(".u-marker")!.getBoundingClientRect();
              const l = th.querySelector(".u-label")!.getBoundingClientRect();
              return {
                left: m.left,
                beside: m.right <= l.left && m.top >= l.top - 1 && m.bottom <= l.bottom + 1,
              };
            }),
        );
        assert.equal(entries.length, 2, `BumpTrainer ${lang}: two legend entries`);
        for (const [i, e] of entries.entries()) {
          if (!e.beside) {
            problems.push(`/${lang}/bumps/: legend entry ${i}'s swatch is not beside its label`);
          }
        }
        if (Math.abs(entries[0].left - entries[1].left) > 1) {
          problems.push(
            `/${lang}/bumps/: legend swatches at x ${entries.map((e) => Math.round(e.left))}`,
          );
        }
        assertClean(bt);
      } finally {
        await bt.close();
      }

      // Lesson 5: GraphStepper stepped past the forward pass into backward(); its graph fits.
      const b = await openPage(`/${lang}/backprop/`, { viewport: phone });
      try {
        const { page } = b;
        const GS = '[data-island="GraphStepper"] figure.gs';
        await hydrateIsland(page, "GraphStepper");
        await waitUntil(page, `document.querySelector('${GS}')?.dataset.ready === "true"`, 60_000);
        for (let s = 1; s <= 5; s++) {
          await press(page, `${GS} button[data-action="next"]`);
          await waitUntil(page, `document.querySelector('${GS}').dataset.step === "${s}"`);
        }
        // The graph box scrolls smoothly to the current node: let it get there.
        await new Promise((r) => setTimeout(r, 800));
        await check(page, `/${lang}/backprop/ (stepped)`, [`${GS} .gs-graph`]);
        assertClean(b);
      } finally {
        await b.close();
      }
    }
    assert.deepEqual(problems, []);
  },
);
