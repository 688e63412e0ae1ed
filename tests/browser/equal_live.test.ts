/**
 * Lesson 4, the rest of issue 12 in the browser:
 * - EqualParams (both languages, a phone in zh): "Train both" trains the CNN and the MLP
 *   784-256-10 from one seed, in the page's one runtime worker; both validation accuracies are reported,
 *   the CNN is ahead, and on WASM they agree with the table the lesson states (measured in Deno by
 *   tests/mnist/equal_params.test.ts) within a point. The seed comes from the URL (`eq.seed`).
 * - The views inside the network follow a run as it trains: while MnistTrainer trains the MLP,
 *   InsideMlp shows the weights of the run so far (`data-live` = epochs), they change while it
 *   trains, and after Stop it shows the finished model (`data-live` empty).
 * (The views inside the network on the other backends: inside.test.ts.)
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
import { EQUAL_PARAMS_STATED } from "../mnist/equal_params_stated.ts";

const island = (name: string) => `[data-island="${name}"] figure`;

const attr = (page: Page, sel: string, name: string) =>
  page.$eval(sel, (el, n) => el.getAttribute(n as string) ?? "", name);

for (const [lang, seed] of [["en", 1], ["zh", 2]] as const) {
  browserTest(`EqualParams (${lang}): both trained from seed ${seed}, CNN ahead`, async () => {
    const p = await openPage(`/${lang}/mnist/?eq.seed=${seed}`, {
      waitFor: '[data-island="EqualParams"]',
      viewport: lang === "zh" ? { width: 390, height: 844, isMobile: true } : undefined,
    });
    try {
      const { page } = p;
      await hydrateIsland(page, "EqualParams", "center");
      const eq = island("EqualParams");
      assert.equal(await attr(page, eq, "data-phase"), "idle");
      if (lang === "zh") {
        // First a cold start stopped at once (the trainers are still being built): both stay
        // paused, no accuracy, no error. Then the run below.
        await page.click(`${eq} [data-action="train-both"]`);
        await waitUntil(
          page,
          `document.querySelector('${eq} [data-action="stop"]') !== null`,
          30_000,
          "Stop offered",
        );
        await page.click(`${eq} [data-action="stop"]`);
        await waitUntil(
          page,
          `document.querySelector('${eq}').dataset.phase === "stopped"`,
          30_000,
          "stopped",
        );
        // Both really paused (a pause while a trainer is still starting must hold too).
        const progress = () =>
          page.$$eval(`${eq} progress`, (els) => els.map((e) => (e as HTMLProgressElement).value));
        // Long enough for both trainers to be built (digits, backend timing) and, were the pause
        // lost, to be training.
        await new Promise((r) => setTimeout(r, 4000));
        const before = await progress();
        await new Promise((r) => setTimeout(r, 1500));
        assert.deepEqual(await progress(), before, "no steps after Stop");
        const statuses = await page.$$eval(
          `${eq} [data-side]`,
          (els) => els.map((e) => e.getAttribute("data-status")),
        );
        assert.ok(!statuses.includes("running"), `both paused: ${statuses}`);
        assert.equal(await attr(page, eq, "data-phase"), "stopped");
        assert.equal(await attr(page, eq, "data-cnn-accuracy"), "");
      }
      const started = Date.now();
      await page.click(`${eq} [data-action="train-both"]`);
      await waitUntil(
        page,
        `document.querySelector('${eq}').dataset.phase === "running"`,
        30_000,
        "running",
      );
      assert.ok(await page.$(`${eq} [data-action="stop"]`), "Stop while training");
      await waitUntil(
        page,
        `["done", "error"].includes(document.querySelector('${eq}').dataset.phase)`,
        240_000,
        "both trained",
      );
      const seconds = (Date.now() - started) / 1000;
      assert.equal(
        await attr(page, eq, "data-phase"),
        "done",
        await attr(page, `${eq} [role=status]`, "textContent"),
      );
      assert.equal(await attr(page, eq, "data-seed"), String(seed));
      const cnn = Number(await attr(page, eq, "data-cnn-accuracy"));
      const mlp = Number(await attr(page, eq, "data-mlp-accuracy"));
      const backends = await page.$$eval(
        `${eq} .backend-badge`,
        (els) => els.map((e) => e.getAttribute("data-backend") ?? ""),
      );
      console.log(
        `${lang} seed ${seed}: CNN ${cnn.toFixed(1)}% (${backends[0]}), MLP 784-256-10 ` +
          `${mlp.toFixed(1)}% (${backends[1]}), both in ${seconds.toFixed(1)} s`,
      );
      assert.ok(cnn > 80 && cnn <= 100 && mlp > 80 && mlp <= 100, `${cnn}, ${mlp}`);
      assert.ok(cnn > mlp, `the CNN ahead: ${cnn} vs ${mlp}`);
      const shown = await page.$$eval(
        `${eq} [data-accuracy]`,
        (els) => els.map((e) => e.textContent),
      );
      assert.deepEqual(shown, [`${cnn.toFixed(1)}%`, `${mlp.toFixed(1)}%`], "both shown");
      const [statedCnn, statedMlp] = EQUAL_PARAMS_STATED[seed];
      if (backends[0] === "wasm" && backends[1] === "wasm") {
        assert.ok(Math.abs(cnn - statedCnn) <= 1, `CNN ${cnn} vs the lesson's ${statedCnn}`);
        assert.ok(Math.abs(mlp - statedMlp) <= 1, `MLP ${mlp} vs the lesson's ${statedMlp}`);
      }
      assert.ok(Number(await attr(page, eq, "data-tensors")) > 0, "tensor count reported");
      assert.deepEqual(await outsideViewport(page, eq), [], "nothing wider than the viewport");
      await axeCheck(page, `EqualParams (${lang})`);
      assertClean(p, `EqualParams (${lang})`);
    } finally {
      await p.close();
    }
  });
}

browserTest("InsideMlp follows MnistTrainer's run as it trains", async () => {
  // Ten epochs: the run must outlast two live updates (2.5 s apart) on a fast machine too.
  const p = await openPage(`/en/mnist/?mt.epochs=10`, { waitFor: '[data-island="InsideMlp"]' });
  try {
    const { page } = p;
    await hydrateIsland(page, "MnistTrainer", "start");
    await hydrateIsland(page, "InsideMlp", "start");
    const trainer = island("MnistTrainer");
    const mlp = island("InsideMlp");
    await page.click(`${trainer} [data-action="train"]`);
    await waitUntil(
      page,
      `document.querySelector('${mlp}').dataset.live !== "" && ` +
        `document.querySelector('${mlp}').dataset.scale !== ""`,
      90_000,
      "the run's weights while it trains",
    );
    const first = {
      epochs: Number(await attr(page, mlp, "data-live")),
      scale: await attr(page, mlp, "data-scale"),
    };
    assert.equal(
      await page.$eval(`${mlp} [data-weights-grid]`, (el) => el.children.length),
      128,
    );
    // A later evaluation: newer weights, a new scale.
    await waitUntil(
      page,
      `Number(document.querySelector('${mlp}').dataset.live) > ${first.epochs} && ` +
        `document.querySelector('${mlp}').dataset.scale !== "${first.scale}"`,
      60_000,
      "a later update while training",
    );
    const second = Number(await attr(page, mlp, "data-live"));
    await page.click(`${trainer} [data-action="stop"]`);
    await waitUntil(
      page,
      `document.querySelector('${trainer}').dataset.phase === "done"`,
      60_000,
      "stopped",
    );
    await waitUntil(
      page,
      `document.querySelector('${mlp}').dataset.live === ""`,
      30_000,
      "the finished model",
    );
    console.log(`InsideMlp followed the run: epochs ${first.epochs} → ${second} → finished`);
    assertClean(p, "InsideMlp live");
  } finally {
    await p.close();
  }
});
