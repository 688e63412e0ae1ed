/**
 * The reader's saved state against hostile and careless input, in Chromium (issue 25):
 * - a sweep: every localStorage/sessionStorage key the site reads gets garbage, values of the
 *   wrong type, huge values and `__proto__`/`constructor` names; every page still hydrates every
 *   island, nothing reaches `Object.prototype`, and each key still holds the reader's value or a
 *   copy of it under `<key>.corrupt`;
 * - saved exercises, points and digits that cannot be read: the page says so and names the copy;
 * - a shared link's points do not replace the reader's saved ones; two tabs see each other's;
 * - corrupt backend timings in sessionStorage: the model is timed again and Train works.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { EXERCISES } from "../../components/exercises/defs.ts";
import { encodePoints, type OwnPoint } from "../../components/function/points.ts";
import { CORRUPT_SUFFIX } from "../../components/lib/storage.ts";
import { browserTest, hydrateAll, hydrateIsland, openPage, waitUntil } from "./harness.ts";
import { PAGES } from "./lessons.ts";

// Every key the site keeps (components/ui/progress.ts, ThemeToggle.tsx, builder/plugins/
// offline.ts, function/OwnPoints.tsx, islands/MyDigits.tsx, islands/CodeCell.tsx,
// islands/Exercise.tsx, runtime/client.ts).
const POINTS_KEY = "nn-lessons:playground-points";
const DIGITS_KEY = "nn-lessons:my-digits";
const EXERCISES_KEY = "progress-exercises";
const TIMINGS_KEY = "nn-runtime:measurements";
const DATA_KEYS = ["progress", EXERCISES_KEY, "theme", "sw", POINTS_KEY, DIGITS_KEY];
const CODE_KEYS = [
  ...PAGES.flatMap((l) => Array.from({ length: 8 }, (_, i) => `nn-cells:${l}:en:${i}`)),
  ...Object.keys(EXERCISES).map((id) => `nn-exercise:${id}:en`),
];

const HOSTILE = [
  "{not json",
  "[1,2,3]",
  "null",
  "12345",
  '"a string"',
  '{"__proto__":{"polluted":"yes"},"constructor":{"keys":"solved","entries":"solved"},' +
  '"function":{"constructor":"solved","__proto__":"solved"}}',
  "huge",
];
/** A huge value: 300 000 characters for the data keys, 20 000 for each code key. */
const valueOf = (v: string, key: string) =>
  v !== "huge" ? v : (DATA_KEYS.includes(key) ? "x" : "y").repeat(
    DATA_KEYS.includes(key) ? 300_000 : 20_000,
  );

/** What a key's value must be after the page: unchanged, kept aside, or (reading) extended. */
function kept(key: string, before: string, now: string | null, copy: string | null): boolean {
  if (now === before || copy === before) return true;
  if (key !== "progress" || now === null) return false;
  // The reading-progress script adds this page's mark to a record it could read.
  try {
    const was = JSON.parse(before), is = JSON.parse(now);
    return Object.keys(was).every((k) => JSON.stringify(was[k]) === JSON.stringify(is[k]));
  } catch {
    return false; // it was not a record, and no copy was kept
  }
}

browserTest(
  "storage: a hostile value in every key; every page hydrates, nothing lost",
  async () => {
    const p = await openPage("/en/");
    try {
      const { page, origin } = p;
      for (let round = 0; round < HOSTILE.length; round++) {
        for (const path of ["/en/", ...PAGES.map((l) => `/en/${l}/`)]) {
          // Each key gets a different kind of value each round; every key sees every kind.
          const values: Record<string, string> = {};
          [...DATA_KEYS, ...CODE_KEYS].forEach((key, i) => {
            values[key] = valueOf(HOSTILE[(i + round) % HOSTILE.length], key);
          });
          const timings = valueOf(HOSTILE[round], "progress");
          await page.evaluate(
            (values, timings, key) => {
              localStorage.clear();
              sessionStorage.clear();
              for (const [k, v] of Object.entries(values)) localStorage.setItem(k, v);
              sessionStorage.setItem(key, timings);
            },
            values,
            timings,
            TIMINGS_KEY,
          );
          await page.goto(origin + path, { waitUntil: "load" });
          const where = `${path} round ${round}`;
          // Every island of the page hydrates (hydrateAll waits for each, or fails).
          await hydrateAll(page);
          const state = await page.evaluate(
            (keys, suffix) => ({
              prototype: typeof Object.keys === "function" &&
                typeof Object.entries === "function" &&
                (({}) as Record<string, unknown>).polluted === undefined,
              stored: keys.map((k) => [localStorage.getItem(k), localStorage.getItem(k + suffix)]),
            }),
            Object.keys(values),
            CORRUPT_SUFFIX,
          );
          assert.ok(state.prototype, `${where}: Object.prototype untouched`);
          Object.keys(values).forEach((key, i) => {
            const [now, copy] = state.stored[i];
            assert.ok(
              kept(key, values[key], now, copy),
              `${where}: ${key} lost the reader's value (${values[key].slice(0, 40)}): now ` +
                `${now?.slice(0, 40)}, copy ${copy?.slice(0, 40)}`,
            );
          });
          const uncaught = p.errors.filter((e) => e.startsWith("uncaught"));
          assert.deepEqual(uncaught, [], `${where}: no uncaught errors`);
        }
      }
    } finally {
      await p.close();
    }
  },
);

const PG = '[data-island="Playground"] .playground';

browserTest(
  "storage: saved exercises, points and digits that cannot be read are kept aside, and the page says so",
  async () => {
    const p = await openPage("/en/");
    try {
      const { page, origin } = p;
      const exercises = JSON.stringify({ function: { "line-few-wrong": "solved", x: "maybe" } });
      await page.evaluate(
        (e, ek, pk, dk) => {
          localStorage.clear();
          localStorage.setItem(ek, e);
          localStorage.setItem(pk, "!!!!");
          localStorage.setItem(dk, "%%% not base-64");
        },
        exercises,
        EXERCISES_KEY,
        POINTS_KEY,
        DIGITS_KEY,
      );
      await page.goto(`${origin}/en/function/?pg.ds=own`, { waitUntil: "load" });
      // Exercises: the valid entry is kept (1 solved), the bar says a copy is kept, and where.
      await hydrateIsland(page, "ExerciseProgress");
      await waitUntil(page, `document.querySelector("[data-set-aside]") !== null`, 10_000);
      const bar = await page.$eval("[data-exercise-progress]", (el) => ({
        solved: el.getAttribute("data-solved"),
        text: el.querySelector("[data-set-aside]")!.textContent ?? "",
      }));
      assert.equal(bar.solved, "1", "the readable entry is kept");
      assert.match(bar.text, /progress-exercises\.corrupt/);
      assert.equal(
        await page.evaluate((k) => localStorage.getItem(k), EXERCISES_KEY + CORRUPT_SUFFIX),
        exercises,
      );
      // Dismissing lets the copy go.
      await page.click('[data-action="dismiss-copy"]');
      await waitUntil(page, `document.querySelector("[data-set-aside]") === null`, 10_000);
      // Points: the Playground says so; the copy holds what was saved.
      await hydrateIsland(page, "Playground");
      await waitUntil(page, `document.querySelector('${PG} [data-csv-message]') !== null`, 10_000);
      assert.match(
        await page.$eval(`${PG} [data-csv-message]`, (el) => el.textContent ?? ""),
        /nn-lessons:playground-points\.corrupt/,
      );
      assert.equal(
        await page.evaluate((k) => localStorage.getItem(k), POINTS_KEY + CORRUPT_SUFFIX),
        "!!!!",
      );
      // Digits: MyDigits says so.
      await page.goto(`${origin}/en/mnist/`, { waitUntil: "load" });
      await hydrateIsland(page, "MyDigits");
      await waitUntil(page, `document.querySelector('[data-island="MyDigits"] [role="alert"]')`);
      assert.match(
        await page.$eval('[data-island="MyDigits"] [role="alert"]', (el) => el.textContent ?? ""),
        /nn-lessons:my-digits\.corrupt/,
      );
      assert.equal(
        await page.evaluate((k) => localStorage.getItem(k), DIGITS_KEY + CORRUPT_SUFFIX),
        "%%% not base-64",
      );
    } finally {
      await p.close();
    }
  },
);

const pts = (n: number, label = 0): OwnPoint[] =>
  Array.from({ length: n }, (_, i) => ({ x1: -2 + i / 10, x2: 1, label }));
const shown = (page: Page) =>
  page.$eval(`${PG} [data-points]`, (el) => Number(el.getAttribute("data-points")));
const stored = (page: Page) => page.evaluate((k) => localStorage.getItem(k), POINTS_KEY);

/** Adds a point with the x₁/x₂ form (the tab is brought to the front first). */
async function addTyped(page: Page, x1: number, x2: number): Promise<void> {
  await page.bringToFront();
  await page.$eval(
    `${PG} form.pg-add`,
    (form, x1, x2) => {
      const f = form as HTMLFormElement;
      (f.elements.namedItem("x1") as HTMLInputElement).value = String(x1);
      (f.elements.namedItem("x2") as HTMLInputElement).value = String(x2);
      f.requestSubmit();
    },
    x1,
    x2,
  );
}

browserTest(
  "storage: a shared link's points never replace saved ones unasked; tabs see each other's",
  async () => {
    const saved = encodePoints(pts(30)), link = encodePoints(pts(2, 1));
    const p = await openPage("/en/");
    try {
      const { page, origin } = p;
      await page.evaluate(
        (k, v) => {
          localStorage.clear();
          localStorage.setItem(k, v);
        },
        POINTS_KEY,
        saved,
      );
      const open = async (page: Page, query: string) => {
        await page.goto(`${origin}/en/function/?${query}`, { waitUntil: "load" });
        await hydrateIsland(page, "Playground");
        await waitUntil(page, `document.querySelector('${PG} [data-points]') !== null`);
      };
      // The link's 2 points are shown; the 30 saved ones stay saved, through an edit too.
      await open(page, `pg.ds=own&pg.pts=${link}`);
      assert.equal(await shown(page), 2);
      assert.equal(
        await page.$eval(`${PG} [data-link-points]`, (el) => el.textContent!.length > 0),
        true,
      );
      await addTyped(page, 1, 1);
      await waitUntil(page, `document.querySelector('${PG} [data-points]').dataset.points === "3"`);
      assert.equal(await stored(page), saved, "the saved points are untouched");
      // Back to mine: the 30 saved points.
      await page.click(`${PG} button[data-action="back-to-saved"]`);
      await waitUntil(
        page,
        `document.querySelector('${PG} [data-points]').dataset.points === "30"`,
      );
      assert.equal(await stored(page), saved);
      // Keep the link's: they become the saved ones, and Undo brings the old ones back.
      await open(page, `pg.ds=own&pg.pts=${link}`);
      await page.click(`${PG} button[data-action="keep-link"]`);
      await waitUntil(page, `localStorage.getItem(${JSON.stringify(POINTS_KEY)}) === "${link}"`);
      await page.click(`${PG} button[data-action="undo"]`);
      await waitUntil(page, `localStorage.getItem(${JSON.stringify(POINTS_KEY)}) === "${saved}"`);
      await waitUntil(
        page,
        `document.querySelector('${PG} [data-points]').dataset.points === "30"`,
      );

      // Two tabs: a point added in one shows in the other (which then saves on top of it).
      const other = await page.browserContext().newPage();
      await open(other, "pg.ds=own");
      await page.bringToFront();
      assert.equal(await shown(other), 30);
      await addTyped(page, 0.5, 0.5);
      await waitUntil(
        other,
        `document.querySelector('${PG} [data-points]').dataset.points === "31"`,
      );
      await addTyped(other, -0.5, -0.5);
      await page.bringToFront();
      await waitUntil(
        page,
        `document.querySelector('${PG} [data-points]').dataset.points === "32"`,
      );
      assert.equal((await stored(page))!.length, 32 * 4, "both tabs' points are saved");
    } finally {
      await p.close();
    }
  },
);

browserTest("storage: corrupt backend timings in sessionStorage never stop training", async () => {
  const root = '[data-island="BumpTrainer"]';
  const p = await openPage("/en/bumps/?bt.budget=200");
  try {
    const { page } = p;
    const train = async (min: number) => {
      await hydrateIsland(page, "BumpTrainer");
      await page.$$eval(`${root} button`, (bs) => {
        bs.find((b) => /^train/i.test((b.textContent ?? "").trim()))?.click();
      });
      await waitUntil(
        page,
        `Number(document.querySelector('${root} [data-steps]')?.dataset.steps) > ${min}`,
        60_000,
        "BumpTrainer trains",
      );
    };
    await train(20);
    await waitUntil(
      page,
      `Object.keys(JSON.parse(sessionStorage.getItem("${TIMINGS_KEY}") ?? "{}")).length > 0`,
      60_000,
      "the runtime remembered a measurement",
    );
    // Every remembered measurement made unusable, each in another way.
    const keys = await page.evaluate((k) => {
      const all = JSON.parse(sessionStorage.getItem(k) ?? "{}");
      const bad = [
        { order: [], timings: [], skipped: [] },
        { order: ["fake-gpu"], timings: [], skipped: [] },
        { order: ["wasm"], timings: [{ name: "wasm", msPerStep: "fast" }], skipped: [] },
        "nonsense",
      ];
      Object.keys(all).forEach((key, i) => (all[key] = bad[i % bad.length]));
      sessionStorage.setItem(k, JSON.stringify(all));
      return Object.keys(all);
    }, TIMINGS_KEY);
    assert.ok(keys.length > 0);
    await page.reload({ waitUntil: "load" });
    await train(20);
    const status = await page.$eval(
      `${root} [data-steps]`,
      (el) => el.closest("[data-status]")?.getAttribute("data-status"),
    );
    assert.notEqual(status, "error");
  } finally {
    await p.close();
  }
});
