/**
 * Lesson 2 (bumps) in a real browser: BumpBuilder, BumpTrainer and Towers, in English and
 * Chinese. Each island hydrates, answers the keyboard (and the pointer where it has a plot to
 * drag), keeps its state in the URL, trains with the engine where it trains, reports its backend,
 * frees its tensors and passes axe-core. Waits are on data-* attributes, never fixed sleeps.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  axeCheck,
  browserTest,
  type OpenedPage,
  openPage,
  waitUntil,
} from "./harness.ts";

const LANGS = ["en", "zh"] as const;

/** Scroll an island into view and wait for it to hydrate. */
async function hydrate(page: Page, name: string): Promise<void> {
  await page.$eval(`[data-island="${name}"]`, (el) => el.scrollIntoView({ block: "start" }));
  await waitUntil(
    page,
    `document.querySelector('[data-island="${name}"][data-hydrated]') !== null`,
    30_000,
    `${name} hydrated`,
  );
}

/** A data-* attribute of the island's root (the element carrying it inside the marker). */
function attr(page: Page, name: string, key: string): Promise<string | null> {
  return page.$eval(
    `[data-island="${name}"] [data-${key}]`,
    (el, k) => el.getAttribute(`data-${k}`),
    key,
  );
}

async function num(page: Page, name: string, key: string): Promise<number> {
  return Number(await attr(page, name, key));
}

/** Wait until `[data-island=name] [data-key]` satisfies a JS condition on `v` (its value). */
function waitAttr(page: Page, name: string, key: string, cond: string, timeoutMs = 30_000) {
  return waitUntil(
    page,
    `(() => { const el = document.querySelector('[data-island="${name}"] [data-${key}]');
      if (!el) return false; const v = el.getAttribute('data-${key}'); return ${cond}; })()`,
    timeoutMs,
    `${name} data-${key}: ${cond}`,
  );
}

/** tf.memory().numTensors, read from tfjs's global engine (the engine exports no counter). */
export function numTensors(page: Page): Promise<number> {
  return page.evaluate(() =>
    // deno-lint-ignore no-explicit-any
    (globalThis as any)._tfengine?.state?.numTensors ?? -1
  );
}

/** A screenshot of one island (the whole page is too tall to read) into $SCREENSHOT_DIR. */
async function shotIsland(page: Page, name: string, file: string): Promise<void> {
  const dir = Deno.env.get("SCREENSHOT_DIR");
  if (!dir) return;
  await Deno.mkdir(dir, { recursive: true });
  const el = await page.$(`[data-island="${name}"]`);
  await el!.screenshot({ path: `${dir}/${file}.png` as `${string}.png` });
}

async function withPage(
  path: string,
  fn: (p: OpenedPage) => Promise<void>,
  opts: Parameters<typeof openPage>[1] = {},
) {
  const p = await openPage(path, { waitFor: "[data-island]", ...opts });
  try {
    await fn(p);
  } finally {
    await p.close();
  }
}

for (const lang of LANGS) {
  const path = `/${lang}/bumps/`;

  browserTest(`BumpBuilder (${lang}): sliders, dragging, fit, URL state, axe`, async () => {
    await withPage(path, async (p) => {
      const { page } = p;
      const I = "BumpBuilder";
      await hydrate(page, I);
      assert.equal(await num(page, I, "bumps"), 5);
      // All heights start at 0: g = 0, so the deviation is the mean of |f| (about 0.44).
      const flat = await num(page, I, "deviation");
      assert.ok(flat > 0.3 && flat < 0.6, `flat deviation ${flat}`);

      // Keyboard: the first height slider, 30 × ArrowUp = 0.30.
      const first = await page.$(`[data-island="${I}"] .bumps-height input`);
      assert.ok(first);
      await first.focus();
      for (let i = 0; i < 30; i++) await page.keyboard.press("ArrowUp");
      await waitAttr(page, I, "heights", "v.split(',')[0] === '0.3'");
      assert.ok((await num(page, I, "deviation")) < flat, "raising h1 towards f lowers the gap");

      // Pointer: press on the plot over bump 3 (x ≈ 0.5) at y ≈ 0.5 and drag up to y ≈ 0.75.
      await waitUntil(page, `document.querySelector('[data-island="${I}"] .u-over') !== null`);
      const over = await page.$(`[data-island="${I}"] .u-over`);
      assert.ok(over, "uPlot drew the plot");
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.25, { steps: 4 });
      await page.mouse.up();
      await waitAttr(page, I, "heights", "Math.abs(Number(v.split(',')[2]) - 0.75) < 0.03");

      // "Fit heights for me": each height is f's mean over its slice. With 5 bumps the best
      // staircase is off by 0.075 on average (math.test.ts checks the same number), so < 0.08.
      await page.click(`[data-island="${I}"] .bumps-buttons button`);
      await waitAttr(page, I, "deviation", "Number(v) < 0.08");

      // More bumps (keyboard on the N slider), fit again: 10 bumps reach 0.055 (< 0.06).
      const nSlider = await page.$(`[data-island="${I}"] .bumps-controls input[type="range"]`);
      await nSlider!.focus();
      for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
      await waitAttr(page, I, "bumps", "v === '10'");
      await page.click(`[data-island="${I}"] .bumps-buttons button`);
      await waitAttr(page, I, "deviation", "Number(v) < 0.06");
      const before = {
        heights: await attr(page, I, "heights"),
        deviation: await attr(page, I, "deviation"),
      };
      await shotIsland(page, I, `builder-${lang}-laptop`);

      // The URL holds the view; reloading it brings the same one back.
      await waitUntil(page, `location.search.includes('bb.n=10')`, 5_000, "bb.n in the URL");
      await waitUntil(page, `location.search.includes('bb.h=')`, 5_000, "bb.h in the URL");
      await page.reload({ waitUntil: "load" });
      await hydrate(page, I);
      await waitAttr(page, I, "bumps", "v === '10'");
      assert.equal(await attr(page, I, "heights"), before.heights);
      assert.equal(await attr(page, I, "deviation"), before.deviation);

      await axeCheck(page, `${path} BumpBuilder`);
      assertClean(p, `${path} BumpBuilder`);
    });
  });
}
