/**
 * Cross-origin isolation and tfjs's threaded WASM build, in Chromium:
 *   - the test server sends COOP/COEP (builder/serve.ts), so the page is `crossOriginIsolated` and
 *     the Playground trains on threaded WASM (`?backend=wasm-threads`) on more than one thread,
 *     with the threaded build timed beside the others when nothing is forced;
 *   - the built site on a host that sends no such headers: not isolated at first; once its
 *     service worker takes over the page reloads once and is isolated (the worker adds the
 *     headers), and training runs on threads;
 *   - no headers and no service worker: not isolated, and the page still trains, on one thread,
 *     the threaded build reported as skipped with the reason.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { serveStatic } from "../../builder/serve.ts";
import {
  assertClean,
  browser,
  browserTest,
  hydrateIsland,
  openPage,
  site,
  waitUntil,
} from "./harness.ts";

const PG_ROOT = '[data-island="Playground"] .playground';
const BADGE = `${PG_ROOT} .backend-badge`;

/** Presses Play on the Playground and waits for `n` steps; returns what its badge says. */
async function trains(page: Page, n = 20) {
  await hydrateIsland(page, "Playground");
  await page.click(`${PG_ROOT} button[data-action="play"]`);
  await waitUntil(
    page,
    `Number(document.querySelector('${PG_ROOT}')?.dataset.steps) > ${n}`,
    90_000,
    `the Playground trains (${n} steps)`,
  );
  await page.click(`${PG_ROOT} button[data-action="play"]`);
  return await page.$eval(BADGE, (el) => ({
    name: el.getAttribute("data-backend") ?? "",
    how: el.getAttribute("data-backend-how") ?? "",
    threads: Number(el.getAttribute("data-threads")),
    text: el.textContent ?? "",
  }));
}

const isolated = (page: Page) => page.evaluate(() => self.crossOriginIsolated);
const cores = (page: Page) => page.evaluate(() => Math.min(8, navigator.hardwareConcurrency));

browserTest(
  "isolation: the server's headers isolate the page; training runs on WASM threads",
  async () => {
    for (const lang of ["en", "zh"]) {
      const p = await openPage(`/${lang}/function/?backend=wasm-threads`);
      try {
        assert.equal(await isolated(p.page), true, "crossOriginIsolated under the test server");
        const badge = await trains(p.page);
        assert.equal(badge.name, "wasm-threads", badge.text);
        const n = await cores(p.page);
        assert.equal(badge.threads, n, `${n} threads (navigator.hardwareConcurrency)`);
        if (n > 1) {
          assert.match(
            badge.text,
            lang === "zh" ? /多线程 WASM（\d 个线程）/ : /threaded WASM \(\d threads\)/,
          );
        }
        assertClean(p, `/${lang}/function/ on wasm-threads`);
      } finally {
        await p.close();
      }
    }
    // Nothing forced: the threaded build is a candidate like the others (timed in the background,
    // or left untimed with the reason when a WASM step is too short to share), never skipped.
    const p = await openPage("/en/function/");
    try {
      await trains(p.page, 3);
      await waitUntil(
        p.page,
        `document.querySelector('${BADGE}')?.dataset.backendHow === "measured"`,
        60_000,
      );
      const timings = JSON.parse(
        await p.page.$eval(BADGE, (el) => el.getAttribute("data-timings")!),
      );
      assert.ok(
        timings.some((t: { name: string }) => t.name === "wasm-threads"),
        `wasm-threads among the timings: ${JSON.stringify(timings)}`,
      );
      const text = await p.page.$eval(BADGE, (el) => el.textContent ?? "");
      assert.doesNotMatch(text, /threaded WASM could not start/);
      assertClean(p, "/en/function/ measured");
    } finally {
      await p.close();
    }
  },
);

browserTest(
  "isolation: no headers — not isolated without the service worker, isolated behind it, and trains both ways",
  async () => {
    const { dest } = await site();
    // A plain static host: the same build, no isolation headers.
    const plain = serveStatic(dest, {
      port: 0,
      hostname: "127.0.0.1",
      quiet: true,
      isolation: false,
    });
    const origin = `http://localhost:${plain.port}`;
    const b = await browser();
    try {
      // No service worker (automation skips it unless asked): not isolated; trains on one thread.
      {
        const context = await b.createBrowserContext();
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        await page.goto(`${origin}/en/function/`, { waitUntil: "load" });
        assert.equal(await isolated(page), false, "no headers, no worker: not isolated");
        const badge = await trains(page);
        assert.notEqual(badge.name, "wasm-threads");
        assert.equal(badge.threads, 1);
        assert.match(
          badge.text,
          /threaded WASM could not start: the page is not cross-origin isolated/,
        );
        // Forced, it falls to the next backend and still trains.
        await page.goto(`${origin}/en/function/?backend=wasm-threads`, { waitUntil: "load" });
        const forced = await trains(page);
        assert.notEqual(forced.name, "wasm-threads", forced.text);
        assert.deepEqual(errors, []);
        await context.close();
      }
      // Behind its service worker: the first visit is not isolated; when the worker takes over,
      // the page reloads once and is.
      {
        const context = await b.createBrowserContext();
        const page = await context.newPage();
        await page.goto(`${origin}/en/function/`, { waitUntil: "load" });
        await page.evaluate(() => localStorage.setItem("sw", "on"));
        await page.reload({ waitUntil: "load" });
        assert.equal(await isolated(page), false, "first visit: no worker yet");
        await waitUntil(
          page,
          "self.crossOriginIsolated === true && navigator.serviceWorker.controller !== null",
          120_000,
          "isolated once the service worker took over (one reload)",
        );
        assert.equal(await page.evaluate(() => sessionStorage.getItem("coi-reload")), "1");
        // Every page it serves from now on is isolated, and trains on threads.
        await page.goto(`${origin}/en/function/?backend=wasm-threads`, { waitUntil: "load" });
        assert.equal(await isolated(page), true);
        const badge = await trains(page);
        assert.equal(badge.name, "wasm-threads", badge.text);
        assert.equal(badge.threads, await cores(page));
        // The search (Pagefind, its own WASM and fragments) still works under COEP.
        await page.goto(`${origin}/en/`, { waitUntil: "load" });
        await context.close();
      }
    } finally {
      await plain.close();
    }
  },
);
