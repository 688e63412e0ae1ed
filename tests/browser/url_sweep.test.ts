/**
 * Hostile URLs on every lesson: every URL key of every island (the keys each page reads, as
 * `useUrlState` reports them on `globalThis.__urlStateKeys`) is set to hostile values — script
 * payloads, NaN, ±Infinity, 0, −1, 1e9, 1e308, malformed lists, unknown names — then every
 * island's Train/Play control is pressed. The page must show no dialog, grow no element from the
 * payload, log no error, answer within a second, and show only values inside the controls'
 * bounds. Three rounds per page, the values rotated over the keys, so each key meets three.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { assertClean, browserTest, hydrateAll, openPage } from "./harness.ts";
import { LESSONS } from "./lessons.ts";

const HOSTILE = [
  `"><img src=x id=xss onerror="globalThis.__xss=1">`,
  "NaN",
  "Infinity",
  "-Infinity",
  "0",
  "-1",
  "1e9",
  "1e308",
  "1,,2,abc,1e9",
  "no-such-choice",
  "<script>globalThis.__xss=1</script>",
  "-1e308,1e308",
];

/**
 * Each island may take up to 30 s to hydrate here, as this sweep always allowed (the harness's
 * default is 20 s): it opens every lesson four times in a row, the heavy pages included.
 */
const HYDRATE = { timeoutMs: 30_000 };

/** How long the page takes to answer a trivial evaluate (a frozen tab never answers). */
async function answerMs(page: Page): Promise<number> {
  const started = performance.now();
  await Promise.race([
    page.evaluate(() => 1),
    new Promise((_, reject) => setTimeout(() => reject(new Error("no answer in 5 s")), 5000)),
  ]);
  return performance.now() - started;
}

for (const slug of LESSONS) {
  browserTest(
    `hostile URL values on every key of ${slug}: bounded, inert, responsive`,
    async () => {
      // The keys the page reads.
      const first = await openPage(`/en/${slug}/`);
      let keys: Record<string, string[]>;
      try {
        await hydrateAll(first.page, HYDRATE);
        keys = await first.page.evaluate(() =>
          (globalThis as { __urlStateKeys?: Record<string, string[]> }).__urlStateKeys ?? {}
        );
      } finally {
        await first.close();
      }
      const names = Object.entries(keys).flatMap(([prefix, ks]) => ks.map((k) => `${prefix}.${k}`));
      assert.ok(names.length > 0, `${slug}: the islands report their URL keys`);

      for (let round = 0; round < 3; round++) {
        const params = new URLSearchParams();
        names.forEach((name, i) => params.set(name, HOSTILE[(i + round * 5) % HOSTILE.length]));
        const path = `/en/${slug}/?${params}`;
        const p = await openPage(path);
        try {
          const { page } = p;
          let dialogs = 0;
          page.on("dialog", async (d) => {
            dialogs++;
            await d.dismiss();
          });
          await hydrateAll(page, HYDRATE);
          // Press every island's Train / Play.
          const pressed = await page.$$eval(
            '[data-island] button.primary, [data-island] button[data-action="play"], ' +
              '[data-island] button[data-action="train"]',
            (buttons) => {
              const unique = [...new Set(buttons)] as HTMLButtonElement[];
              let n = 0;
              for (const b of unique) {
                if (b.disabled) continue;
                b.click();
                n++;
              }
              return n;
            },
          );
          await new Promise((r) => setTimeout(r, 2000));
          const ms = await answerMs(page);
          assert.ok(ms < 1000, `${path}: the page answered in ${ms.toFixed(0)} ms`);
          const state = await page.evaluate(() => {
            const out: string[] = [];
            // Every range input and select shows a value inside its bounds / among its options.
            for (
              const input of document.querySelectorAll<HTMLInputElement>('input[type="range"]')
            ) {
              const v = Number(input.value), min = Number(input.min), max = Number(input.max);
              if (!(v >= min && v <= max)) out.push(`${input.name || input.id}: ${input.value}`);
            }
            for (
              const select of document.querySelectorAll<HTMLSelectElement>("[data-island] select")
            ) {
              if (select.selectedIndex < 0 || select.value === "") {
                out.push(`select ${select.name || select.id}: "${select.value}"`);
              }
            }
            // Numbers the islands show as data-* stay numbers.
            for (const el of document.querySelectorAll<HTMLElement>("[data-island] *")) {
              for (const [k, v] of Object.entries(el.dataset)) {
                // (A word is a named choice, e.g. data-split="train": the selects check those.)
                if (
                  /(^|[A-Z])(steps|lr|batch|hidden|noise|split)$/i.test(k) && v &&
                  !/^[a-z-]+$/i.test(v)
                ) {
                  const parts = v.split(",").map(Number);
                  if (parts.some((x) => !Number.isFinite(x) || Math.abs(x) > 1e6)) {
                    out.push(`data-${k}=${v}`);
                  }
                }
              }
            }
            return {
              bad: out,
              xss: (globalThis as { __xss?: number }).__xss ?? 0,
              injected: document.querySelectorAll("#xss, img[src='x']").length,
            };
          });
          assert.equal(dialogs, 0, `${path}: no dialog`);
          assert.equal(state.xss, 0, `${path}: no script from the URL ran`);
          assert.equal(state.injected, 0, `${path}: no element from the URL`);
          assert.deepEqual(state.bad, [], `${path}: every value shown is inside its bounds`);
          assertClean(p, `${slug} round ${round} (${pressed} controls pressed)`);
        } finally {
          await p.close();
        }
      }
    },
  );
}
