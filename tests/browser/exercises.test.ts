/**
 * Exercises in a real browser, in English and Chinese: for each lesson one exercise is solved by
 * driving the page (the line's sliders by keyboard, typed numbers, typed code run in the
 * lesson's worker), the verdict turns to solved and stays so after a reload (localStorage), and
 * the lesson's progress bar counts it; a wrong attempt gets the intended reason; hint and solution
 * open by keyboard (the solution only after a try); a progress file that is not JSON is refused
 * with a clear message; axe-core finds nothing.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { assertClean, axeCheck, browserTest, openPage, waitUntil } from "./harness.ts";
import { mseLimit } from "../../components/exercises/checkers.ts";
import { EXERCISES } from "../../components/exercises/defs.ts";
import { EXERCISE_TEXT } from "../../components/exercises/text.ts";

const EX = (id: string) => `[data-exercise="${id}"]`;

/** Scrolls an exercise into view and waits until it has hydrated. */
async function ready(page: Page, id: string): Promise<void> {
  await page.$eval(EX(id), (el) => el.scrollIntoView({ block: "center" }));
  await waitUntil(
    page,
    `document.querySelector('${EX(id)}')?.closest('[data-hydrated]') != null`,
    30_000,
    `exercise ${id} hydrated`,
  );
}

/** Presses a button with the keyboard (focus, Enter). */
async function press(page: Page, selector: string): Promise<void> {
  await page.focus(selector);
  await page.keyboard.press("Enter");
}

/** Checks an exercise by keyboard and waits for a verdict; returns its reason and text. */
async function check(page: Page, id: string): Promise<{ reason: string; text: string }> {
  const before = await page.$eval(EX(id), (el) => (el as HTMLElement).dataset.checks);
  await press(page, `${EX(id)} [data-action="check"]`);
  await waitUntil(
    page,
    `document.querySelector('${EX(id)}').dataset.checks !== "${before}"`,
    60_000,
    `a verdict on ${id}`,
  );
  return page.$eval(`${EX(id)} .exercise-verdict`, (el) => ({
    reason: (el as HTMLElement).dataset.verdict ?? "",
    text: el.textContent ?? "",
  }));
}

const state = (page: Page, id: string) =>
  page.$eval(EX(id), (el) => (el as HTMLElement).dataset.exerciseState);

/** Types into a field, replacing what it held. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.$eval(selector, (el) => ((el as HTMLInputElement).value = ""));
  await page.focus(selector);
  await page.keyboard.type(text);
}

/** After a reload the exercise is still solved, and the lesson's bar counts it. */
async function persists(page: Page, id: string, lesson: string): Promise<void> {
  await page.reload({ waitUntil: "load" });
  await ready(page, id);
  await waitUntil(
    page,
    `document.querySelector('${EX(id)}').dataset.exerciseState === "solved"`,
    10_000,
    `${id} still solved after reload`,
  );
  await page.$eval(`[data-exercise-progress="${lesson}"]`, (el) => el.scrollIntoView());
  await waitUntil(
    page,
    `Number(document.querySelector('[data-exercise-progress="${lesson}"]').dataset.solved) >= 1`,
    30_000,
    `the ${lesson} bar counts it`,
  );
}

for (const lang of ["en", "zh"] as const) {
  const t = EXERCISE_TEXT[lang];

  browserTest(`exercises: lessons 1 and 2, figure and code (${lang})`, async () => {
    const p = await openPage(`/${lang}/function/`, { waitFor: EX("line-few-wrong") });
    try {
      const { page } = p;
      const id = "line-few-wrong";
      await ready(page, id);
      // The solution is closed before a try.
      assert.equal(
        await page.$eval(
          `${EX(id)} [data-action="solution"]`,
          (b) => (b as HTMLButtonElement).disabled,
        ),
        true,
      );
      // The check reads the line the figure publishes in its store once hydrated, not its
      // data-* test hooks: hooks that say a solving line change nothing.
      await waitUntil(
        page,
        `document.querySelector('[data-island="LineClassifier"][data-hydrated]')`,
      );
      await page.$eval('[data-island="LineClassifier"] .line-classifier', (el) => {
        (el as HTMLElement).dataset.a = "-0.85";
        (el as HTMLElement).dataset.b = "0.1";
      });
      // The starting line: too many mistakes, and the verdict says how many.
      const wrong = await check(page, id);
      assert.equal(wrong.reason, "lineWrong");
      assert.equal(await state(page, id), "failed");
      // Hint and solution by keyboard.
      await press(page, `${EX(id)} [data-action="hint"]`);
      assert.equal(
        await page.$eval(`${EX(id)} .exercise-hint`, (el) => (el as HTMLElement).hidden),
        false,
      );
      await press(page, `${EX(id)} [data-action="solution"]`);
      const solution = await page.$eval(`${EX(id)} .exercise-solution`, (el) => ({
        hidden: (el as HTMLElement).hidden,
        text: el.textContent ?? "",
      }));
      assert.equal(solution.hidden, false);
      assert.ok(solution.text.includes("0.85"), solution.text);
      // Move the line by keyboard to a = −0.85, b = 0.1 (the sliders step by 0.01).
      await page.$eval('[data-island="LineClassifier"]', (el) => el.scrollIntoView());
      await waitUntil(
        page,
        `document.querySelector('[data-island="LineClassifier"][data-hydrated]')`,
      );
      const root = '[data-island="LineClassifier"] .line-classifier';
      await page.focus(`${root} input[name="a"]`);
      for (let i = 0; i < 135; i++) await page.keyboard.press("ArrowLeft");
      await page.focus(`${root} input[name="b"]`);
      for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowRight");
      await waitUntil(
        page,
        `Math.abs(Number(document.querySelector('${root}').dataset.a) + 0.85) < 1e-6`,
        5_000,
        "a = −0.85",
      );
      const right = await check(page, id);
      assert.equal(right.reason, "lineOk", right.text);
      assert.equal(await state(page, id), "solved");
      await persists(page, id, "function");
      await axeCheck(page, `${lang}/function`);

      // Predict, then run: Run is off until a prediction is chosen (by keyboard), then the
      // experiment runs in the lesson's worker and the verdict compares.
      const xor = "line-xor";
      await ready(page, xor);
      assert.equal(
        await page.$eval(
          `${EX(xor)} [data-action="check"]`,
          (b) => (b as HTMLButtonElement).disabled,
        ),
        true,
      );
      // Run is enabled by the re-render that follows the choice: pressing it before (a loaded
      // machine) would do nothing and no verdict would ever come.
      await page.focus(`${EX(xor)} input[type="radio"][value="2"]`);
      await page.keyboard.press("Space");
      await waitUntil(
        page,
        `!document.querySelector('${EX(xor)} [data-action="check"]').disabled`,
        10_000,
        "Run enabled after the prediction",
      );
      const measured = await check(page, xor);
      assert.equal(measured.reason, "predictRight", measured.text);
      assert.equal(await state(page, xor), "solved");
      await axeCheck(page, `${lang}/function, after the experiment`);
      assertClean(p, `${lang}/function`);

      // The home page of the language counts the lesson's solved exercises.
      await page.goto(new URL(`/${lang}/`, page.url()).href, { waitUntil: "load" });
      // Lesson 1 has four exercises (the Playground's features is the fourth).
      const count = await page.$eval('li[data-lesson="function"]', (li) => ({
        solved: (li as HTMLElement).dataset.solved,
        text: li.querySelector(".exercise-count")?.textContent,
      }));
      assert.deepEqual(count, { solved: "2", text: t.progress.solved(2, 4) });
    } finally {
      await p.close();
    }

    const q = await openPage(`/${lang}/bumps/`, { waitFor: EX("bumps-one") });
    try {
      const { page } = q;
      const id = "bumps-one";
      await ready(page, id);
      // The starter (a single step) is wrong on case 1, and the verdict says where.
      const wrong = await check(page, id);
      assert.equal(wrong.reason, "valueMismatch", wrong.text);
      // The reader's own code, typed in.
      const code = (EXERCISES[id] as { solution: string }).solution;
      await page.$eval(`${EX(id)} textarea`, (el) => ((el as HTMLTextAreaElement).value = ""));
      await page.focus(`${EX(id)} textarea`);
      await page.keyboard.sendCharacter(code);
      const right = await check(page, id);
      assert.equal(right.reason, "codeOk", right.text);
      assert.ok(right.text.includes("4"), right.text);
      await persists(page, id, "bumps");
      await axeCheck(page, `${lang}/bumps`);
      assertClean(q, `${lang}/bumps`);
    } finally {
      await q.close();
    }
  });

  browserTest(`exercises: lessons 3–5, typed answers and a code verdict (${lang})`, async () => {
    const p = await openPage(`/${lang}/loss/`, { waitFor: EX("loss-learning-rate") });
    try {
      const { page } = p;
      // The naive softmax overflows on the hidden logits of 1,000.
      await ready(page, "loss-softmax");
      const overflow = await check(page, "loss-softmax");
      assert.equal(overflow.reason, "overflow", overflow.text);
      assert.ok(overflow.text.includes("∞"), overflow.text);
      // A softmax that never returns: Stop ends the check (the workspace restarts).
      const sm = "loss-softmax";
      await typeInto(page, `${EX(sm)} textarea`, "function softmax(z) { while (true) {} }");
      const checksBefore = await page.$eval(EX(sm), (el) => (el as HTMLElement).dataset.checks);
      await press(page, `${EX(sm)} [data-action="check"]`);
      await page.waitForSelector(`${EX(sm)} [data-action="stop"]`, { timeout: 30_000 });
      await press(page, `${EX(sm)} [data-action="stop"]`);
      await waitUntil(
        page,
        `document.querySelector('${EX(sm)}').dataset.checks !== "${checksBefore}"`,
        10_000,
        "the stopped check's verdict",
      );
      assert.equal(
        await page.$eval(
          `${EX(sm)} .exercise-verdict`,
          (el) => (el as HTMLElement).dataset.verdict,
        ),
        "stopped",
      );
      // Learning rates: first one that converges, then right.
      const id = "loss-learning-rate";
      await ready(page, id);
      const limit = mseLimit();
      await typeInto(page, `${EX(id)} input[data-field="0"]`, (0.5 * limit).toFixed(3));
      await typeInto(page, `${EX(id)} input[data-field="1"]`, (0.95 * limit).toFixed(3));
      assert.equal((await check(page, id)).reason, "lrDoesNotDiverge");
      await typeInto(page, `${EX(id)} input[data-field="0"]`, (1.1 * limit).toFixed(3));
      const right = await check(page, id);
      assert.equal(right.reason, "lrOk", right.text);
      await persists(page, id, "loss");
      await axeCheck(page, `${lang}/loss`);
      assertClean(p, `${lang}/loss`);
    } finally {
      await p.close();
    }

    const m = await openPage(`/${lang}/mnist/`, { waitFor: EX("mnist-params") });
    try {
      const { page } = m;
      const id = "mnist-params";
      await ready(page, id);
      await typeInto(page, `${EX(id)} input[data-field="0"]`, "50240"); // the first layer only
      const low = await check(page, id);
      assert.equal(low.reason, "valueOff");
      assert.equal(low.text, t.reasons.valueOff({ got: 50240, tol: 0, pct: 1.277, dir: "low" }));
      await typeInto(page, `${EX(id)} input[data-field="0"]`, "fifty");
      assert.equal((await check(page, id)).reason, "notNumber");
      await typeInto(page, `${EX(id)} input[data-field="0"]`, "50,890"); // a thousands comma
      assert.equal((await check(page, id)).reason, "valueOk");
      await persists(page, id, "mnist");
      // A progress file that is not JSON is refused, with the reason.
      const path = await Deno.makeTempFile({ suffix: ".json" });
      await Deno.writeTextFile(path, "not json");
      const input = await page.$('[data-exercise-progress="mnist"] input[type="file"]');
      await input!.uploadFile(path);
      await waitUntil(page, `document.querySelector('.exercise-progress-message') !== null`);
      assert.equal(
        await page.$eval(".exercise-progress-message", (el) => el.textContent),
        t.progress.errors.notJson,
      );
      await Deno.remove(path);
      await axeCheck(page, `${lang}/mnist`);
      assertClean(m, `${lang}/mnist`);
    } finally {
      await m.close();
    }

    const b = await openPage(`/${lang}/backprop/`, { waitFor: EX("backprop-db") });
    try {
      const { page } = b;
      const id = "backprop-db";
      await ready(page, id);
      await typeInto(page, `${EX(id)} input[data-field="0"]`, "3.333");
      assert.equal((await check(page, id)).reason, "valueSign");
      await typeInto(page, `${EX(id)} input[data-field="0"]`, "−3.333");
      assert.equal((await check(page, id)).reason, "valueOk");
      // The 2-layer MLP by hand: the starter's zero gradients are off; the solution passes.
      const mlp = "backprop-mlp";
      await ready(page, mlp);
      const zero = await check(page, mlp);
      assert.equal(zero.reason, "gradOff", zero.text);
      assert.ok(zero.text.includes("dW2"), zero.text);
      await page.$eval(`${EX(mlp)} textarea`, (el) => ((el as HTMLTextAreaElement).value = ""));
      await page.focus(`${EX(mlp)} textarea`);
      await page.keyboard.sendCharacter((EXERCISES[mlp] as { solution: string }).solution);
      const mlpRight = await check(page, mlp);
      assert.equal(mlpRight.reason, "codeOk", mlpRight.text);
      await persists(page, id, "backprop");
      await axeCheck(page, `${lang}/backprop`);
      assertClean(b, `${lang}/backprop`);
    } finally {
      await b.close();
    }
  });
}

browserTest(
  "exercises: a prediction chosen the moment the exercise hydrates is kept (before its effects run)",
  async () => {
    // The exercise's mount effect syncs its mark from storage; it used to clear the choice when
    // there was none, so a choice made between hydration and that effect (a reader quick on a
    // busy machine, or a test pressing Space after a reload: CI at 8a7c607) was lost.
    const p = await openPage("/en/function/");
    try {
      const { page } = p;
      const xor = "line-xor";
      await page.$eval(EX(xor), (el) => {
        const marker = el.closest("[data-island]")!;
        if (marker.hasAttribute("data-hydrated")) throw new Error("hydrated before the test");
        // A mutation observer runs right after the loader's task, before Preact's effects.
        new MutationObserver((_, observer) => {
          if (!marker.hasAttribute("data-hydrated")) return;
          observer.disconnect();
          marker.querySelector<HTMLInputElement>('input[type="radio"][value="2"]')!.click();
          (globalThis as { __chosenAt?: string }).__chosenAt = "hydration";
        }).observe(marker, { attributes: true, attributeFilter: ["data-hydrated"] });
        el.scrollIntoView({ block: "center" });
      });
      await waitUntil(page, `globalThis.__chosenAt === "hydration"`, 30_000, "chosen at hydration");
      // Let the effects run (two frames and a task), then the choice must still stand.
      await page.evaluate(() =>
        new Promise((r) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))
        )
      );
      const after = await page.$eval(EX(xor), (el) => ({
        checked: el.querySelector<HTMLInputElement>('input[type="radio"][value="2"]')!.checked,
        run: !el.querySelector<HTMLButtonElement>('[data-action="check"]')!.disabled,
      }));
      assert.deepEqual(after, { checked: true, run: true }, "the choice kept, Run on");
      // A verdict marks it; the lesson's Reset then forgets the mark, and with it the choice.
      await check(page, xor);
      assert.equal(await state(page, xor), "solved");
      page.on("dialog", (d) => d.accept());
      await page.$eval('[data-island="ExerciseProgress"]', (el) => el.scrollIntoView());
      await waitUntil(
        page,
        `!document.querySelector('[data-action="reset-exercises"]')?.disabled`,
        30_000,
        "Reset on",
      );
      await page.click('[data-action="reset-exercises"]');
      await waitUntil(
        page,
        `document.querySelector('${EX(xor)}').dataset.exerciseState === "open" && ` +
          `!document.querySelector('${EX(xor)} input[type="radio"]:checked')`,
        10_000,
        "the exercise open again, no choice",
      );
      assertClean(p);
    } finally {
      await p.close();
    }
  },
);
