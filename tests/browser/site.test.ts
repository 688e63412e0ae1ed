/**
 * The site in a real browser: the pipeline lesson renders its math, its Neuron island hydrates and
 * responds to the keyboard, pages make no failed or off-host requests, axe-core is happy, and the
 * text and math are all there with JavaScript off.
 */
import assert from "node:assert/strict";
import { assertClean, axeCheck, browserTest, openPage, screenshot, waitUntil } from "./harness.ts";

const lesson = "/en/bumps/";

browserTest(
  "lesson page: math rendered at build time, island hydrates, slider moves plot",
  async () => {
    const p = await openPage(lesson, { waitFor: "[data-island]" });
    try {
      const { page } = p;
      const mathCount = await page.$$eval(".katex", (els) => els.length);
      assert.ok(mathCount > 0, "the lesson has KaTeX-rendered math");
      // No math JavaScript in the browser: KaTeX's script must not be loaded.
      const scripts = await page.$$eval(
        "script[src]",
        (els) => els.map((e) => e.getAttribute("src")),
      );
      assert.ok(
        !scripts.some((s) => s && /katex/i.test(s)),
        `no KaTeX script: ${scripts}`,
      );

      // Scroll the island into view so it hydrates, then wait for it.
      await page.$eval('[data-island="Neuron"]', (el) => el.scrollIntoView());
      await waitUntil(
        page,
        `document.querySelector('[data-island="Neuron"][data-hydrated]') !== null`,
        30_000,
        "Neuron island hydrated",
      );
      const root = '[data-island="Neuron"] [data-w]';
      const before = await page.$eval(root, (el) => ({
        w: el.getAttribute("data-w"),
        path: el.querySelector("svg path, canvas") ? el.innerHTML.length : 0,
        text: el.textContent,
      }));
      const slider = await page.$('[data-island="Neuron"] input[type="range"]');
      assert.ok(slider, "the Neuron island has a range input");
      await slider.focus();
      for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowRight");
      await waitUntil(
        page,
        `document.querySelector('${root}').getAttribute('data-w') !== ${JSON.stringify(before.w)}`,
        5_000,
        "w changed after ArrowRight",
      );
      const after = await page.$eval(
        root,
        (el) => ({ w: el.getAttribute("data-w"), text: el.textContent }),
      );
      assert.notEqual(after.text, before.text, "the readout changes with the slider");
      await screenshot(page, "lesson-bumps-laptop");
      assertClean(p, lesson);
    } finally {
      await p.close();
    }
  },
);

const phone = { width: 390, height: 844, isMobile: true };

browserTest(
  "lesson and home pages pass axe-core in light and dark themes, laptop and phone",
  async () => {
    for (const path of ["/", "/en/", "/zh/", lesson]) {
      for (const [colorScheme, viewport] of [["light", undefined], ["dark", phone]] as const) {
        const p = await openPage(path, { colorScheme, viewport });
        try {
          await axeCheck(p.page, `${path} (${colorScheme})`);
          assertClean(p, `${path} (${colorScheme})`);
        } finally {
          await p.close();
        }
      }
    }
  },
);

browserTest("with JavaScript off the lesson text and math are still there", async () => {
  const p = await openPage(lesson, { javaScript: false });
  try {
    const { page } = p;
    const text = await page.$eval("main", (el) => el.textContent ?? "");
    assert.ok(text.length > 200, "the lesson text is in the HTML");
    const math = await page.$$eval(".katex-html", (els) => els.length);
    assert.ok(math > 0, "KaTeX HTML is in the page without JavaScript");
    // The island's server-rendered HTML is there too (sliders and readout).
    const island = await page.$eval('[data-island="Neuron"]', (el) => el.textContent ?? "");
    assert.ok(island.length > 0, "the island is rendered on the server");
  } finally {
    await p.close();
  }
});

browserTest("the home page lists lessons and links work on a phone", async () => {
  const p = await openPage("/en/", { viewport: phone });
  try {
    const { page } = p;
    const links = await page.$$eval(
      "main a[href]",
      (els) => els.map((e) => e.getAttribute("href")),
    );
    assert.ok(links.some((h) => h?.includes("/en/bumps/")), `lesson list links to bumps: ${links}`);
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth > document.documentElement.clientWidth + 1
    );
    assert.equal(overflow, false, "no horizontal scrolling on a phone");
    await screenshot(page, "home-en-phone");
    assertClean(p, "/en/ on a phone");
  } finally {
    await p.close();
  }
});

browserTest("the backend line is in the page's language, with how it was chosen", async () => {
  // A Chinese page: the backend line and the disclosure of how it was chosen are in Chinese.
  const p = await openPage("/zh/loss/?backend=webgl", { waitFor: '[data-island="LossFit"]' });
  try {
    const { page } = p;
    await page.$eval('[data-island="LossFit"]', (el) => el.scrollIntoView());
    const badge = '[data-island="LossFit"] .backend-badge[data-backend="webgl"]';
    await waitUntil(
      page,
      `document.querySelector('${badge}') !== null`,
      30_000,
      "LossFit on webgl",
    );
    const line = await page.$eval(`${badge} summary`, (el) => el.textContent ?? "");
    assert.match(line, /^正在 WebGL 上运行/);
    const details = await page.$eval(`${badge} details`, (el) => el.textContent ?? "");
    assert.match(details, /由地址里的 \?backend= 指定/);
    assert.doesNotMatch(line + details, /Running|chosen|software/);
    assertClean(p, "/zh/loss/");
  } finally {
    await p.close();
  }
});
