/**
 * The Content-Security-Policy (builder/plugins/csp.ts) in Chromium: every page carries one and
 * runs with no violation (inline scripts by hash, islands, KaTeX, the runtime's worker, WASM);
 * reader code in a code cell cannot reach another origin, has no Cache Storage and cannot start
 * a worker that would have one; the page itself cannot fetch another origin.
 */
import assert from "node:assert/strict";
import { assertClean, browserTest, hydrateAll, openPage, waitUntil } from "./harness.ts";

const cell = (i: number) => `[data-code-cell][data-cell-index="${i}"]`;

browserTest(
  "csp: every page has a policy and breaks nothing; cells reach no other origin or cache",
  async () => {
    const p = await openPage("/en/");
    try {
      const { page, origin } = p;
      // Violations are collected from the start of every document.
      await page.evaluateOnNewDocument(() => {
        const seen: string[] = [];
        (globalThis as unknown as { violations: string[] }).violations = seen;
        document.addEventListener("securitypolicyviolation", (e) => {
          seen.push(`${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      for (const path of ["/", "/en/", "/zh/", "/en/function/", "/en/mnist/", "/zh/backprop/"]) {
        await page.goto(origin + path, { waitUntil: "load" });
        const meta = await page.$eval(
          'meta[http-equiv="Content-Security-Policy"]',
          (el) => el.getAttribute("content") ?? "",
        );
        assert.match(meta, /connect-src 'self'/, `${path}: connect-src`);
        assert.match(meta, /script-src 'self' /, `${path}: script-src`);
        await hydrateAll(page);
        // The inline scripts ran: the theme toggle is wired, progress marks are set.
        if (path.startsWith("/en/") && path.length > 4) {
          await waitUntil(page, `localStorage.getItem("progress") !== null`, 10_000);
        }
        const violations = await page.evaluate(() =>
          (globalThis as unknown as { violations: string[] }).violations
        );
        assert.deepEqual(violations, [], `${path}: no policy violations`);
      }
      // A network trains in the runtime's worker (WASM or a GPU backend) under the policy.
      await page.goto(`${origin}/en/bumps/?bt.budget=200`, { waitUntil: "load" });
      const root = '[data-island="BumpTrainer"]';
      await page.$eval(root, (el) => el.scrollIntoView({ block: "center" }));
      await waitUntil(page, `document.querySelector('${root}[data-hydrated]') !== null`, 30_000);
      await page.$$eval(`${root} button`, (bs) => {
        bs.find((b) => /^train/i.test((b.textContent ?? "").trim()))?.click();
      });
      await waitUntil(
        page,
        `Number(document.querySelector('${root} [data-steps]')?.dataset.steps) > 20`,
        60_000,
        "BumpTrainer trains under the policy",
      );
      // The page cannot fetch another origin.
      const pageFetch = await page.evaluate(async () => {
        try {
          await fetch("http://127.0.0.2:9/x");
          return "reached";
        } catch {
          // The violation event comes in a task of its own.
          await new Promise((k) => setTimeout(k, 500));
          return (globalThis as unknown as { violations: string[] }).violations.join();
        }
      });
      assert.match(pageFetch, /connect-src/);

      // Reader code in a cell (in the cell realm, a worker the runtime's worker starts from a blob:
      // URL): the page's policy holds there too; no other origin, no caches, no workers.
      await page.goto(`${origin}/en/backprop/`, { waitUntil: "load" });
      await page.$eval(cell(0), (el) => el.scrollIntoView({ block: "center" }));
      await waitUntil(
        page,
        `document.querySelector('${
          cell(0)
        }')?.closest('[data-island]')?.dataset.hydrated === "true"`,
        30_000,
      );
      const source = await page.$(`${cell(0)} .cell-source`);
      if (source) await source.click();
      await page.waitForSelector(`${cell(0)} .cm-content`, { timeout: 30_000 });
      await page.click(`${cell(0)} .cm-content`);
      await page.keyboard.down("Control");
      await page.keyboard.press("a");
      await page.keyboard.up("Control");
      await page.keyboard.press("Backspace");
      await page.keyboard.type(
        `let v = "none"; globalThis.addEventListener("securitypolicyviolation", (e) => ` +
          `{ v = e.violatedDirective; }); let r = "fetched"; try { await ` +
          `fetch("http://127.0.0.2:9/x"); } catch { r = "failed"; } await new Promise((k) => ` +
          `setTimeout(k, 300)); print(r, v, typeof caches, typeof Worker);`,
      );
      await page.click(`${cell(0)} .cell-run`);
      await waitUntil(
        page,
        `document.querySelector('${cell(0)}')?.dataset.cellState === "done"`,
        60_000,
        "the cell ran",
      );
      const out = await page.$eval(`${cell(0)} [data-cell-output]`, (el) => el.textContent ?? "");
      assert.match(out, /failed connect-src undefined undefined/, `the cell's view: ${out}`);
      // The page's own records: the blocked fetches are the only problems.
      p.failed.splice(0, p.failed.length);
      p.errors.splice(
        0,
        p.errors.length,
        ...p.errors.filter((e) => !/Content Security Policy|127\.0\.0\.2/.test(e)),
      );
      assertClean(p, "csp");
    } finally {
      await p.close();
    }
  },
);
