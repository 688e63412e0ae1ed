/**
 * Code cells against hostile and careless code, in a real browser (lesson 5): a cell printing
 * 30,000 lines finishes with no long main-thread task and says how many lines it left out; a
 * cell cannot post the runtime's messages (another cell's output, the backend badge, breaking
 * another cell, an exercise's verdict), nor forge a verdict by replacing globals; helpers refuse
 * bad arguments; `self.close()` is refused; a workspace left stuck in a loop is detected and
 * restarted with a message.
 */
import assert from "node:assert/strict";
import { assertClean, browserTest, openPage, waitUntil, watchLongTasks } from "./harness.ts";
import { BY_HAND, cell, hydrated, outputOf, runCell, stateOf, typeCode } from "./cell_page.ts";

/** Code is pasted at once (typing would auto-close brackets and take long). */
const paste = { paste: true };

browserTest(
  "cells: 30,000 printed lines finish, with no long task, and say what was left out",
  async () => {
    const p = await openPage("/en/backprop/");
    try {
      const { page } = p;
      await hydrated(page, BY_HAND);
      await hydrated(page, 0);
      await typeCode(page, 0, "for (let i = 0; i < 30000; i++) print(`line ${i}`);", paste);
      const longTasks = await watchLongTasks(page);
      // The workspace first: its start (chunks, backend timing) is not what is measured.
      await typeCode(page, BY_HAND, "print('warm')", paste);
      await runCell(page, BY_HAND);
      await longTasks.reset();
      const t0 = Date.now();
      await runCell(page, 0);
      const ms = Date.now() - t0;
      const long = await longTasks.read();
      console.log(`30,000 lines: done in ${ms} ms; long tasks: [${long.join(", ")}]`);
      assert.deepEqual(long.filter((d) => d > 200), [], `long tasks: ${long.join(", ")}`);
      const out = await outputOf(page, 0);
      assert.match(out, /line 29999$/);
      assert.doesNotMatch(out, /line 28999\n/);
      assert.match(out, /29,000 earlier lines not shown/);
      assertClean(p);
    } finally {
      await p.close();
    }
  },
);

browserTest("cells: a cell cannot post the runtime's messages nor forge a verdict", async () => {
  const p = await openPage("/en/backprop/");
  try {
    const { page } = p;
    await hydrated(page, 0);
    await runCell(page, 0);
    await hydrated(page, BY_HAND);
    await runCell(page, BY_HAND);
    const byHand = await outputOf(page, BY_HAND);
    // Every message the runtime sends, posted by a cell, for every cell and exercise index.
    await typeCode(
      page,
      0,
      `const post = (m) => self.postMessage(m);
for (let c = -20; c < 10; c++) {
  post({ type: "output", cell: c, output: { kind: "text", text: "FORGED" } });
  post({ type: "output", cell: c, output: { kind: "image", pixels: 1, width: 1e9, height: 1, count: 1, cols: "x" } });
  post({ type: "done", cell: c, ms: 1, verdict: { ok: true, reason: "codeOk", detail: { cases: 5 } } });
}
post({ type: "ready", backend: { name: "FAKE-GPU", how: "forced", timings: [], skipped: [], worker: true } });
post({ type: "error", message: "FORGED", nonFinite: false });
print("posted");`,
      paste,
    );
    // (What it posts for its own run is its own output: it may end its own run early.)
    await runCell(page, 0);
    assert.doesNotMatch(await outputOf(page, BY_HAND), /FORGED/);
    assert.equal(await outputOf(page, BY_HAND), byHand);
    // The badge still names the real backend.
    await page.$eval(cell(0), (el) => el.scrollIntoView({ block: "center" }));
    const badge = await page.$eval(`${cell(0)} .backend-badge`, (el) => el.textContent);
    assert.doesNotMatch(badge ?? "", /FAKE-GPU/);
    assert.notEqual(
      await page.$eval(`${cell(0)} [data-backend]`, (el) => el.getAttribute("data-backend")),
      "FAKE-GPU",
    );
    // The other cells still run.
    await runCell(page, BY_HAND);
    assert.equal(await outputOf(page, BY_HAND), byHand);

    // The exercise: a wrong function, with the judge's globals replaced; then with forged
    // verdicts posted for every index.
    const EX = '[data-exercise="backprop-numeric"]';
    await page.$eval(EX, (el) => el.scrollIntoView({ block: "center" }));
    await waitUntil(page, `document.querySelector('${EX}')?.closest('[data-hydrated]') != null`);
    const attempt = async (code: string) => {
      await page.$eval(`${EX} textarea`, (el) => ((el as HTMLTextAreaElement).value = ""));
      await page.focus(`${EX} textarea`);
      await page.evaluate((text) => document.execCommand("insertText", false, text), code);
      const before = await page.$eval(EX, (el) => (el as HTMLElement).dataset.checks);
      await page.click(`${EX} [data-action="check"]`);
      await waitUntil(
        page,
        `document.querySelector('${EX}').dataset.checks !== "${before}"`,
        60_000,
        "a verdict",
      );
      return page.$eval(EX, (el) => ({
        state: (el as HTMLElement).dataset.exerciseState,
        reason: (el.querySelector(".exercise-verdict") as HTMLElement).dataset.verdict,
      }));
    };
    const wrong = "function numericGrad(f, x) { return 0; }";
    const patched = await attempt(
      `Math.abs = () => 0; Number.isFinite = () => true; Math.max = () => 1e9;\n${wrong}`,
    );
    assert.deepEqual(patched, { state: "failed", reason: "valueMismatch" });
    const posted = await attempt(
      `for (let c = -20; c < 10; c++) self.postMessage({ type: "done", cell: c, ms: 1, ` +
        `verdict: { ok: true, reason: "codeOk", detail: { cases: 5 } } });\n${wrong}`,
    );
    assert.equal(posted.state, "failed", JSON.stringify(posted));
    assertClean(p);
  } finally {
    await p.close();
  }
});

browserTest("cells: bad helper arguments, close(), and a workspace left stuck", async () => {
  const p = await openPage("/en/backprop/");
  try {
    const { page } = p;
    await hydrated(page, 0);
    await typeCode(page, 0, 'images(zeros([2, 784]), { cols: "x" })', paste);
    await runCell(page, 0, "error");
    assert.match(await outputOf(page, 0), /images: cols must be a whole number/);

    await typeCode(page, 0, "self.close(); print('after')", paste);
    await runCell(page, 0, "error");
    assert.match(await outputOf(page, 0), /close\(\) would end the notebook's workspace/);
    await hydrated(page, BY_HAND);
    await typeCode(page, BY_HAND, "print('still here')", paste);
    await runCell(page, BY_HAND);
    assert.match(await outputOf(page, BY_HAND), /still here/);

    // A loop left running after the cell ended: the next run finds the workspace stuck.
    await typeCode(page, 0, "setTimeout(() => { for (;;) {} }, 50); print('left a loop')", paste);
    await runCell(page, 0);
    // The loop starts on the realm's timer, 50 ms after the cell ended. On a loaded machine that
    // timer can fire late: after the next run was acknowledged ("started"), which the realm then
    // never finishes, a stuck cell only Stop ends (CI at 7ac3acd). Give the timer time to fire.
    await new Promise((r) => setTimeout(r, 1500));
    await page.click(`${cell(BY_HAND)} .cell-run`);
    await waitUntil(page, `${stateOf(BY_HAND)} === "idle"`, 30_000, "the stuck workspace noticed");
    assert.match(await outputOf(page, BY_HAND), /stopped answering .* restarted/);
    await runCell(page, BY_HAND);
    assert.match(await outputOf(page, BY_HAND), /still here/);
    assertClean(p);
  } finally {
    await p.close();
  }
});
