/**
 * The backend line under every training figure (components/lib/BackendBadge.tsx), on lesson 1's
 * Playground, in English and Chinese: one line whose number is the speed of the run itself (the
 * ms per step this test measures from the figure's own step count, within a factor of 2), no
 * other backend's time on it, and the start-up probe timings in the disclosure, said to be those.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  axeCheck,
  browserTest,
  hydrateIsland,
  openPage,
  settledBadge,
  waitUntil,
} from "./harness.ts";

const PG_ROOT = '[data-island="Playground"] .playground';
const BADGE = `${PG_ROOT} .backend-badge`;

/** The figure's step count, the page's clock and the backend line, read together. */
const sample = (page: Page) =>
  page.$eval(PG_ROOT, (el) => {
    const badge = el.querySelector(".backend-badge")!;
    return {
      at: performance.now(),
      steps: Number(el.getAttribute("data-steps")),
      shown: Number(badge.getAttribute("data-ms-per-step")),
      line: badge.querySelector("summary")?.textContent ?? "",
      details: [...badge.querySelectorAll("li")].map((li) => li.textContent ?? ""),
    };
  });

for (const lang of ["en", "zh"] as const) {
  browserTest(
    `backend line (${lang}): the run's own speed; probe timings in the disclosure`,
    async () => {
      const p = await openPage(`/${lang}/function/`, { waitFor: PG_ROOT });
      try {
        const { page } = p;
        await hydrateIsland(page, "Playground");
        await page.click(`${PG_ROOT} button[data-action="play"]`);
        const badge = await settledBadge(page, BADGE);
        await waitUntil(
          page,
          `document.querySelector('${BADGE}').dataset.msPerStep !== ""`,
          60_000,
        );
        const a = await sample(page);
        // At least 300 steps and 2.5 s: the line's own 2 s window then lies inside this one, so a
        // loaded machine slowing one part of the run slows both measurements alike.
        await waitUntil(
          page,
          `Number(document.querySelector('${PG_ROOT}').dataset.steps) >= ${a.steps + 300} &&
            performance.now() >= ${a.at + 2500}`,
          120_000,
          "300 more steps and 2.5 s",
        );
        const b = await sample(page);
        const { shown, line, details } = b;
        await page.click(`${PG_ROOT} button[data-action="play"]`);
        const measured = (b.at - a.at) / (b.steps - a.steps);
        console.log(
          `  ${lang}: the line says ${shown.toFixed(2)} ms/step; measured here ${
            measured.toFixed(2)
          } ms/step on ${badge.name}`,
        );
        assert.ok(shown > measured / 2 && shown < measured * 2, `${shown} vs ${measured} ms/step`);

        const labels: Record<string, string> = {
          webgpu: "WebGPU",
          webgl: "WebGL",
          "wasm-threads": lang === "en" ? "threaded WASM" : "多线程 WASM",
          wasm: "WASM",
          cpu: "CPU",
        };
        assert.ok(line.includes(labels[badge.name]), line);
        const digits = shown < 10 ? shown.toFixed(1) : String(Math.round(shown));
        assert.ok(line.includes(digits), `the line shows the run's ${digits} ms: ${line}`);
        // ("threaded WASM" contains "WASM": that one is not another backend's name on the line.)
        const others = Object.keys(labels).filter((n) =>
          n !== badge.name && !(badge.name === "wasm-threads" && n === "wasm")
        );
        for (const other of others) {
          assert.ok(!line.includes(labels[other]), `only the backend in use on the line: ${line}`);
        }
        const timed = badge.timings.filter((t) => t.msPerStep !== null);
        if (timed.length) {
          const probe = details.find((d) => (lang === "en" ? /probe/ : /探测/).test(d));
          assert.ok(probe, `probe timings in the disclosure: ${details.join(" | ")}`);
          for (const t of timed) assert.ok(probe.includes(labels[t.name]), probe);
        }
        await axeCheck(page, `backend line ${lang}`);
        assertClean(p);
      } finally {
        await p.close();
      }
    },
  );
}

browserTest(
  "backend line: a run too short to measure while it played is measured at its end",
  async () => {
    const p = await openPage("/en/loss/");
    try {
      const { page } = p;
      const CL = '[data-island="ClassifierLoss"] .classifier-loss';
      await hydrateIsland(page, "ClassifierLoss");
      await page.$eval(`${CL} .loss-buttons button.primary`, (el) => (el as HTMLElement).click());
      await waitUntil(
        page,
        `document.querySelector('${CL}').dataset.pCe !== "" && document.querySelector('${CL}').dataset.running === "false"`,
        120_000,
        "ClassifierLoss trained",
      );
      await waitUntil(
        page,
        `document.querySelector('${CL} .backend-badge').dataset.msPerStep !== ""`,
        5_000,
      );
      const { ms, line } = await page.$eval(`${CL} .backend-badge`, (el) => ({
        ms: Number(el.getAttribute("data-ms-per-step")),
        line: el.querySelector("summary")?.textContent ?? "",
      }));
      assert.ok(ms > 0 && ms < 1000, `${ms} ms per step`);
      assert.match(line, /ms per step/);
      assertClean(p);
    } finally {
      await p.close();
    }
  },
);
