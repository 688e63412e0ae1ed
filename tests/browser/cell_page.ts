/**
 * Lesson 5's code cells in a test page (its cells are quick): where a cell is, its state and
 * output, waiting for it to hydrate and run, and replacing its code in the editor. Shared by the
 * cells tests (`cells.test.ts`, `cells_hostile.test.ts`).
 */
import type { Page } from "puppeteer-core";
import { waitUntil } from "./harness.ts";

/** Lesson 5's cell that checks backward() by hand against cell 0's a, b (its index in the page). */
export const BY_HAND = 2;
export const cell = (i: number) => `[data-code-cell][data-cell-index="${i}"]`;
export const stateOf = (i: number) => `document.querySelector('${cell(i)}')?.dataset.cellState`;
export const outputOf = (page: Page, i: number) =>
  page.$eval(`${cell(i)} [data-cell-output]`, (el) => el.textContent ?? "");

export async function hydrated(page: Page, i: number): Promise<void> {
  await page.$eval(cell(i), (el) => el.scrollIntoView({ block: "center" }));
  await waitUntil(
    page,
    `document.querySelector('${cell(i)}')?.closest('[data-island]')?.dataset.hydrated === "true"`,
    30_000,
    `cell ${i} hydrated`,
  );
}

export async function runCell(page: Page, i: number, until = "done"): Promise<void> {
  await page.click(`${cell(i)} .cell-run`);
  await waitUntil(page, `${stateOf(i)} === ${JSON.stringify(until)}`, 60_000, `cell ${i} ${until}`);
}

/**
 * Replaces a cell's code in its editor (loaded on focus): typed key by key, or `paste`d at once
 * (long code; typing would auto-close brackets and take long).
 */
export async function typeCode(
  page: Page,
  i: number,
  code: string,
  { paste = false } = {},
): Promise<void> {
  const source = await page.$(`${cell(i)} .cell-source`);
  if (source) await source.click();
  await page.waitForSelector(`${cell(i)} .cm-content`, { timeout: 30_000 });
  await page.click(`${cell(i)} .cm-content`);
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.press("Backspace");
  if (paste) await page.evaluate((text) => document.execCommand("insertText", false, text), code);
  else await page.keyboard.type(code);
}
