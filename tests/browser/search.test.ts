/**
 * The header's search, keyboard only: "/" focuses it, a word in English and one in Chinese find
 * the right lesson, arrows move through the results, Enter opens one.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { assertClean, axeCheck, browserTest, openPage, waitUntil } from "./harness.ts";

const FORM = "[data-site-search]";

/** Types `query` into the search (focused with "/") and waits for its results. */
async function search(page: Page, query: string): Promise<string[]> {
  await page.keyboard.press("/");
  const focused = await page.evaluate(() =>
    document.activeElement?.matches("[data-site-search] input")
  );
  assert.ok(focused, '"/" focuses the search box');
  await page.keyboard.type(query);
  await waitUntil(
    page,
    `document.querySelector('${FORM}').dataset.results !== undefined`,
    30_000,
    `results for ${query}`,
  );
  return await page.$$eval(`${FORM} ol a`, (as) => as.map((a) => a.getAttribute("href")!));
}

browserTest("search (en): a word finds its lessons; arrows and Enter open one", async () => {
  const p = await openPage("/en/");
  try {
    const { page, origin } = p;
    // Hidden until its script runs (it could do nothing without one), then shown.
    assert.ok(await page.$eval(FORM, (f) => !(f as HTMLElement).hidden));
    const hrefs = await search(page, "sigmoid");
    assert.ok(hrefs.length >= 2, hrefs.join());
    assert.ok(hrefs.every((h) => h.startsWith("/en/")), `English results only: ${hrefs}`);
    assert.ok(hrefs[0].startsWith("/en/bumps/#"), `the bumps lesson first: ${hrefs}`);
    await axeCheck(page, "search results open");
    // ↓ into the list, ↓ to the second, ↑ back to the first, Enter opens it.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const second = await page.evaluate(() => document.activeElement?.getAttribute("href"));
    assert.equal(second, hrefs[1]);
    await page.keyboard.press("ArrowUp");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    assert.equal(page.url(), origin + hrefs[0]);
    const h1 = await page.$eval("h1", (h) => h.textContent);
    assert.match(h1 ?? "", /bumps/i);
    // "/" in a text field is a character, not the shortcut.
    await page.focus(`${FORM} input`);
    await page.keyboard.type("a/b");
    assert.equal(await page.$eval(`${FORM} input`, (i) => (i as HTMLInputElement).value), "a/b");
    // Escape closes the list, a second clears the box.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    assert.equal(await page.$eval(`${FORM} input`, (i) => (i as HTMLInputElement).value), "");
    assertClean(p, "search en");
  } finally {
    await p.close();
  }
});

browserTest("search (zh): a Chinese word finds its lesson; Enter opens the first", async () => {
  const p = await openPage("/zh/bumps/");
  try {
    const { page, origin } = p;
    const hrefs = await search(page, "卷积");
    assert.ok(hrefs.length >= 1, hrefs.join());
    assert.ok(hrefs.every((h) => h.startsWith("/zh/")), `Chinese results only: ${hrefs}`);
    assert.ok(hrefs[0].startsWith("/zh/conv/"), `the convolution lesson first: ${hrefs}`);
    assert.ok(hrefs.some((h) => h.startsWith("/zh/mnist/")), `the MNIST lesson too: ${hrefs}`);
    const status = await page.$eval(`${FORM} [role=status]`, (s) => s.textContent);
    assert.match(status ?? "", /找到/);
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    assert.equal(page.url(), origin + hrefs[0]);
    assert.match(await page.$eval("h1", (h) => h.textContent ?? ""), /卷积/);
    assertClean(p, "search zh");
  } finally {
    await p.close();
  }
});

browserTest(
  "search: no script loaded before the box is used; hidden without JavaScript",
  async () => {
    const p = await openPage("/en/loss/");
    try {
      const loaded = await p.page.evaluate(() =>
        performance.getEntriesByType("resource").map((e) => e.name)
          .filter((n) => /site_search|pagefind/.test(n))
      );
      assert.deepEqual(loaded, [], "search loads on first use");
    } finally {
      await p.close();
    }
    const off = await openPage("/en/loss/", { javaScript: false });
    try {
      assert.ok(await off.page.$eval(FORM, (f) => (f as HTMLElement).hidden));
    } finally {
      await off.close();
    }
  },
);
