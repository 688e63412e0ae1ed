/**
 * What a page loads before the reader asks for anything: one stylesheet (the site's, and a
 * lesson's own only on that lesson), the progress panel out of the reading path, and on the
 * MNIST page no digits until the reader wants them.
 */
import assert from "node:assert/strict";
import {
  assertClean,
  browser,
  browserTest,
  hydrateIsland,
  openPage,
  site,
  waitUntil,
} from "./harness.ts";

const LESSONS = ["function", "bumps", "loss", "mnist", "backprop", "where-next"];

/** A rule of each lesson's own stylesheet, and the lesson it belongs to. */
const OWN_RULES: [string, RegExp][] = [
  ["function", /\.line-classifier[ ,{]/],
  ["bumps", /\.bumps[ ,{]/],
  ["loss", /\.loss-island[ ,{]/],
  ["mnist", /\.mnist-island[ ,{]/],
  ["backprop", /\.gs-title[ ,{]/],
];

browserTest("styles: one stylesheet per page; a lesson's own CSS only on it", async () => {
  const { origin } = await site();
  for (const lang of ["en", "zh"]) {
    for (const slug of ["", ...LESSONS]) {
      const path = `/${lang}/${slug ? `${slug}/` : ""}`;
      const html = await (await fetch(origin + path)).text();
      const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]*)"/g)].map((m) => m[1]);
      assert.equal(links.length, 1, `${path}: one stylesheet, not ${links.join(", ")}`);
      const css = await (await fetch(origin + links[0])).text();
      for (const [owner, rule] of OWN_RULES) {
        assert.equal(rule.test(css), owner === slug, `${path}: ${owner}'s CSS ${rule}`);
      }
      assert.equal(/\.katex\{/.test(css), slug !== "", `${path}: KaTeX's CSS on lessons only`);
    }
  }
  // The home page lists every lesson: styled, and with no lesson's CSS.
  const home = await (await fetch(`${origin}/`)).text();
  assert.equal([...home.matchAll(/rel="stylesheet"/g)].length, 1);
});

browserTest("progress panel: after the lesson's last exercise, not before its text", async () => {
  for (const lang of ["en", "zh"]) {
    const p = await openPage(`/${lang}/loss/`);
    try {
      const where = await p.page.evaluate(() => {
        const panel = document.querySelector("[data-exercise-progress]");
        const first = document.querySelector(".prose > p");
        const exercises = [...document.querySelectorAll("[data-exercise]")];
        const after = (a: Element, b: Element) =>
          (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
        return {
          panel: panel !== null,
          afterText: !!panel && !!first && after(first, panel),
          afterExercises: !!panel && exercises.every((e) => after(e, panel)),
          exercises: exercises.length,
        };
      });
      assert.ok(where.panel && where.exercises > 0, JSON.stringify(where));
      assert.ok(where.afterText, `${lang}: the first paragraph comes before the panel`);
      assert.ok(where.afterExercises, `${lang}: the panel follows every exercise`);
      // Usable there: it hydrates and its buttons are reachable by keyboard.
      await hydrateIsland(p.page, "ExerciseProgress");
      const buttons = await p.page.$$eval(
        "[data-exercise-progress] button",
        (bs) => bs.map((b) => (b as HTMLButtonElement).tabIndex),
      );
      assert.equal(buttons.length, 3);
      assert.ok(buttons.every((t) => t >= 0));
      assertClean(p, `progress panel ${lang}`);
    } finally {
      await p.close();
    }
  }
});

browserTest("MNIST: no digits fetched at load; Train fetches them", async () => {
  const { origin } = await site();
  const context = await (await browser()).createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const digits: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/assets/mnist/")) digits.push(r.url());
    });
    // Workers' requests too (the trainer reads the digits in its own worker).
    page.on("workercreated", (w) => {
      w.client.on("Network.requestWillBeSent", (e: { request: { url: string } }) => {
        if (e.request.url.includes("/assets/mnist/")) digits.push(e.request.url);
      });
      w.client.send("Network.enable").catch(() => {});
    });
    await page.goto(`${origin}/en/mnist/`, { waitUntil: "networkidle0" });
    await page.waitForNetworkIdle({ idleTime: 1_000 });
    const hydrated = await page.$$eval("[data-island][data-hydrated]", (els) => els.length);
    assert.ok(hydrated > 0, "the figures in view hydrated");
    assert.deepEqual(digits, [], "no digit asset requested before the reader asks");

    const trainer = '[data-island="MnistTrainer"]';
    await hydrateIsland(page, "MnistTrainer");
    const train = await page.$(`${trainer} button.primary`);
    await train!.focus();
    await page.keyboard.press("Enter");
    await waitUntil(
      page,
      `Number(document.querySelector('${trainer} [data-phase]').dataset.steps) >= 1`,
      90_000,
      "MnistTrainer trains",
    );
    assert.ok(
      (digits as string[]).some((u) => u.includes("train-images")),
      `Train fetched the digits: ${digits.join(", ")}`,
    );

    // The first figure, which only shows digits, loads them once the reader comes to it.
    await hydrateIsland(page, "DigitGrid", "start");
    await waitUntil(
      page,
      `document.querySelector('[data-island="DigitGrid"] [data-loaded]').dataset.loaded === "true"`,
      30_000,
      "DigitGrid shows digits",
    );
  } finally {
    await context.close();
  }
});
