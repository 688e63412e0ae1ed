/**
 * Offline after one visit: open the site once, wait for the service worker to take over (it
 * activates only after every file of the build a page needs is in its cache: not the fonts and
 * WASM builds left to first use), go offline, and reload every
 * page in both languages: each renders with its math, styles and table of contents; search
 * finds a word; and a network trains in lesson 2's BumpTrainer from the cached scripts.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { serveStatic } from "../../builder/serve.ts";
import { cachedOnUse } from "../../builder/plugins/offline.ts";
import { assertClean, browser, browserTest, openPage, site, waitUntil } from "./harness.ts";
import { PAGES } from "./lessons.ts";

async function countFiles(folder: string, root = folder): Promise<string[]> {
  const found: string[] = [];
  for await (const e of Deno.readDir(folder)) {
    const path = join(folder, e.name);
    if (e.isDirectory) found.push(...await countFiles(path, root));
    else found.push(relative(root, path));
  }
  return found;
}

browserTest(
  "offline: one visit caches the whole site; every page and a trainer work offline",
  async () => {
    const { dest } = await site();
    // Neither the worker itself nor `_headers` (read by the host, not served) is precached.
    const all = await countFiles(dest);
    assert.ok(all.includes("_headers"), "the build writes _headers for hosts that read one");
    const files = all.filter((f) => f !== "sw.js" && f !== "_headers");
    const p = await openPage("/en/");
    try {
      const { page, origin } = p;
      // Automation skips registration unless asked (see builder/plugins/offline.ts).
      await page.evaluate(() => localStorage.setItem("sw", "on"));
      await page.reload({ waitUntil: "load" });
      await waitUntil(page, "navigator.serviceWorker.controller !== null", 90_000, "SW in control");
      const cached = await page.evaluate(async () => {
        const names = (await caches.keys()).filter((n) => n.startsWith("nn-lessons-"));
        const keys = names.length === 1 ? await (await caches.open(names[0])).keys() : [];
        return { names, keys: keys.map((r) => new URL(r.url).pathname.slice(1)) };
      });
      assert.equal(cached.names.length, 1, `one cache: ${cached.names}`);
      const later = files.filter(cachedOnUse);
      assert.deepEqual(
        cached.keys.sort(),
        files.filter((f) => !cachedOnUse(f)).sort(),
        "every file of the build a page needs is cached",
      );
      assert.ok(later.some((f) => f.endsWith(".ttf")) && later.some((f) => f.endsWith(".woff")));
      assert.ok(later.some((f) => f.endsWith("-threaded-simd.wasm")), later.join());
      assert.ok(
        !cached.keys.some((f) => /\.(ttf|woff)$|-threaded-simd\.wasm$/.test(f)),
        "no TTF/WOFF font nor threaded WASM at install",
      );
      assert.ok(cached.keys.includes("assets/tfjs/tfjs-backend-wasm-simd.wasm"));
      // A file left to first use is cached once a page fetches it (and then works offline).
      const font = later.find((f) => f.endsWith(".ttf"))!;
      await page.evaluate((url) => fetch(url).then((r) => r.arrayBuffer()), `/${font}`);
      await page.waitForFunction(
        async (path) => {
          const cache = await caches.open((await caches.keys())[0]);
          return (await cache.keys()).some((r) => new URL(r.url).pathname === path);
        },
        { timeout: 30_000, polling: 100 },
        `/${font}`,
      );

      await page.setOfflineMode(true);
      const offlineFont = await page.evaluate(
        (url) => fetch(url).then((r) => r.ok, () => false),
        `/${font}`,
      );
      assert.ok(offlineFont, `${font}, cached on use, is served offline`);
      for (const lang of ["en", "zh"]) {
        for (const path of [`/${lang}/`, ...PAGES.map((s) => `/${lang}/${s}/`)]) {
          const response = await page.goto(origin + path, { waitUntil: "load" });
          assert.ok(response?.fromServiceWorker(), `${path}: answered by the service worker`);
          const shown = await page.evaluate(() => ({
            h1: document.querySelector("h1")?.textContent ?? "",
            math: document.querySelectorAll(".katex").length,
            styled: getComputedStyle(document.body).margin === "0px",
          }));
          assert.ok(shown.h1.length > 0, `${path}: a title offline`);
          assert.ok(shown.styled, `${path}: the site's stylesheet applies offline`);
          if (path.endsWith("/function/") || path.endsWith("/loss/")) {
            assert.ok(shown.math > 0, `${path}: math offline`);
          }
        }
      }
      // Search works offline: its script and index came with the first visit.
      await page.goto(`${origin}/zh/`, { waitUntil: "load" });
      await page.keyboard.press("/");
      await page.keyboard.type("梯度");
      await waitUntil(
        page,
        `document.querySelector("[data-site-search]").dataset.results > 0`,
        30_000,
        "search results offline",
      );
      // A network trains offline: the engine, tfjs and the island's scripts all come from the cache.
      await page.goto(`${origin}/en/bumps/?bt.budget=200`, { waitUntil: "load" });
      const root = '[data-island="BumpTrainer"]';
      await page.$eval(root, (el) => el.scrollIntoView({ block: "center" }));
      await waitUntil(page, `document.querySelector('${root}[data-hydrated]') !== null`, 30_000);
      const pressed = await page.$$eval(`${root} button`, (bs) => {
        const b = bs.find((b) => /^train/i.test((b.textContent ?? "").trim()));
        b?.click();
        return b !== undefined;
      });
      assert.ok(pressed, "BumpTrainer has a Train button");
      await waitUntil(
        page,
        `Number(document.querySelector('${root} [data-steps]')?.dataset.steps) > 20`,
        60_000,
        "BumpTrainer trains offline",
      );
      const loss = await page.$eval(
        `${root} [data-loss]`,
        (el) => Number(el.getAttribute("data-loss")),
      );
      assert.ok(Number.isFinite(loss), `a finite loss offline: ${loss}`);
      assertClean(p, "offline");

      // A poisoned cached copy (Cache Storage is writable by any script of the origin) is never
      // served: with the server's file gone too, the page gets the 404, and the copy is deleted.
      // (Puppeteer's offline mode covers the page, not its service worker's own fetches.)
      await page.setOfflineMode(false);
      await page.goto(`${origin}/en/`, { waitUntil: "load" });
      const poisoned = await page.evaluate(async () => {
        const name = (await caches.keys()).find((n) => n.startsWith("nn-lessons-"))!;
        const cache = await caches.open(name);
        const key = (await cache.keys()).find((r) =>
          new URL(r.url).pathname === "/zh/where-next/index.html"
        )!;
        const headers = { "content-type": "text/html" };
        await cache.put(key, new Response("<h1>poisoned</h1>", { headers }));
        return key.url;
      });
      const cachedText = (url: string) =>
        page.evaluate(async (u) => (await caches.match(u))?.text() ?? null, url);
      const gone = join(dest, "zh/where-next/index.html");
      await Deno.rename(gone, gone + ".away");
      try {
        const r = await page.goto(`${origin}/zh/where-next/`, { waitUntil: "load" });
        assert.equal(r?.status(), 404, "the server's 404, not the poisoned copy");
        assert.doesNotMatch(await page.content(), /poisoned/);
      } finally {
        await Deno.rename(gone + ".away", gone);
      }
      await page.goto(`${origin}/en/`, { waitUntil: "load" });
      assert.equal(await cachedText(poisoned), null, "the poisoned copy was deleted");
      // With the file back, the page comes from the server and the worker keeps a good copy again.
      await page.goto(`${origin}/zh/where-next/`, { waitUntil: "load" });
      await page.goto(`${origin}/en/`, { waitUntil: "load" });
      for (let i = 0; i < 100 && !(await cachedText(poisoned))?.includes("<h1"); i++) {
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.match((await cachedText(poisoned)) ?? "", /<h1/, "the copy is fetched again");

      // Online, a file the server lost (404) is answered with the cached copy of the same hash.
      const lost = join(dest, "en/where-next/index.html");
      await Deno.rename(lost, lost + ".away");
      try {
        const response = await page.goto(`${origin}/en/where-next/`, { waitUntil: "load" });
        assert.equal(response?.status(), 200, "the cached copy, not the 404");
        assert.ok(response?.fromServiceWorker());
        assert.ok((await page.$eval("h1", (el) => el.textContent ?? "")).length > 0);
      } finally {
        await Deno.rename(lost + ".away", lost);
      }
    } finally {
      await p.page.setOfflineMode(false).catch(() => {});
      await p.close();
    }
  },
);

browserTest(
  "offline: no service worker under the dev server (live reload keeps working)",
  async () => {
    const { dest } = await site();
    const dev = serveStatic(dest, { port: 0, liveReload: true, quiet: true });
    const b = await browser();
    const context = await b.createBrowserContext();
    try {
      const page = await context.newPage();
      const url = `http://localhost:${dev.port}/en/bumps/`;
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(() => localStorage.setItem("sw", "on"));
      await page.reload({ waitUntil: "load" });
      await new Promise((r) => setTimeout(r, 1_000));
      const registered = await page.evaluate(async () =>
        (await navigator.serviceWorker.getRegistrations()).length
      );
      assert.equal(registered, 0, "the dev server's pages register no worker");
      // The reload stream still reaches the page.
      const reloaded = page.waitForNavigation({ timeout: 10_000 });
      dev.reload();
      await reloaded;
    } finally {
      await context.close();
      await dev.close();
    }
  },
);
