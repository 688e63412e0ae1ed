/**
 * Code cells in a real browser (lesson 5, whose cells are quick): a cell runs in the worker and
 * prints; a later cell sees an earlier cell's names; editing a cell changes what it prints, makes
 * the cells below stale, survives a reload, and "Revert" restores the lesson's code; a syntax
 * error names its line; Stop ends an endless loop within a second; the page stays responsive
 * while a cell trains for 5 s; axe finds nothing; Chinese too; with JavaScript off the code is
 * there, highlighted.
 */
import assert from "node:assert/strict";
import {
  assertClean,
  axeCheck,
  browserTest,
  openPage,
  waitUntil,
  watchLongTasks,
} from "./harness.ts";
import { BY_HAND, cell, hydrated, outputOf, runCell, stateOf, typeCode } from "./cell_page.ts";

browserTest(
  "cells: run, names across cells, edit, stale, reload, revert, errors, stop",
  async () => {
    const p = await openPage("/en/backprop/");
    try {
      const { page } = p;
      await hydrated(page, 0);
      // The editor is not loaded until a cell is focused or run.
      assert.equal(await page.$(".cm-editor"), null);
      const t0 = Date.now();
      await page.click(`${cell(0)} .cell-run`);
      await waitUntil(page, `document.querySelector('${cell(0)} .cell-text') !== null`, 60_000);
      const firstOutputMs = Date.now() - t0;
      await waitUntil(page, `${stateOf(0)} === "done"`, 30_000);
      const out0 = await outputOf(page, 0);
      assert.match(out0, /#8 mean\(#7\) = 9/);
      assert.match(out0, /-18 -6/);
      console.log(
        `Run → first output line: ${firstOutputMs} ms (first run: worker, engine, backend timing)`,
      );
      const t1 = Date.now();
      await hydrated(page, BY_HAND);
      await runCell(page, BY_HAND);
      console.log(`second cell, Run → done: ${Date.now() - t1} ms`);
      // The by-hand cell reads a, b (and their gradients) defined by cell 0.
      assert.match(await outputOf(page, BY_HAND), /by hand: -18 -6\s+engine: -18 -6/);

      // Editing the by-hand cell and running it changes its output; cell 0's names are still there.
      await typeCode(page, BY_HAND, "print(a.grad.item() * 2)");
      await runCell(page, BY_HAND);
      assert.equal((await outputOf(page, BY_HAND)).trim(), "-36");

      // Editing cell 0 makes the by-hand cell stale.
      await typeCode(page, 0, "const a = tensor([5], [1], { requiresGrad: true });");
      await waitUntil(page, `${stateOf(BY_HAND)} === "stale"`, 5_000, "by-hand cell stale");
      await axeCheck(page, "cells after runs");

      // A syntax error names its line and column.
      await typeCode(page, 0, "const z = 1;\nconst w = ;");
      await runCell(page, 0, "error");
      assert.match(await outputOf(page, 0), /SyntaxError at line 2, column 11/);

      // Stop ends an endless loop within a second, by restarting the workspace.
      await typeCode(page, 0, "while (true) {}");
      await runCell(page, 0, "running");
      const stopAt = Date.now();
      await page.click(`${cell(0)} .cell-stop`);
      await waitUntil(page, `${stateOf(0)} === "idle"`, 2_000, "stopped");
      const stopMs = Date.now() - stopAt;
      assert.ok(stopMs < 1000, `Stop took ${stopMs} ms`);
      assert.match(await outputOf(page, 0), /workspace restarted/);

      // Edits survive a reload; Revert brings back the lesson's code.
      await page.reload({ waitUntil: "load" });
      await hydrated(page, BY_HAND);
      await page.waitForSelector(`${cell(BY_HAND)} .cm-content`, { timeout: 30_000 });
      assert.equal(
        await page.$eval(`${cell(BY_HAND)} .cm-content`, (el) => el.textContent),
        "print(a.grad.item() * 2)",
      );
      await page.click(`${cell(BY_HAND)} .cell-revert`);
      assert.match(
        await page.$eval(`${cell(BY_HAND)} .cm-content`, (el) => el.textContent ?? ""),
        /By hand/,
      );
      assert.equal(await page.$(`${cell(BY_HAND)} .cell-revert`), null);
      await page.$eval(cell(0), (el) => el.scrollIntoView({ block: "center" }));
      await page.click(`${cell(0)} .cell-revert`);
      await runCell(page, 0);
      await runCell(page, BY_HAND);
      assert.match(await outputOf(page, BY_HAND), /by hand: -18 -6/);
      assertClean(p);
    } finally {
      await p.close();
    }
  },
);

browserTest("cells: no main-thread task over 100 ms while a cell trains for 5 s", async () => {
  const p = await openPage("/en/backprop/");
  try {
    const { page } = p;
    await hydrated(page, 0);
    await typeCode(
      page,
      0,
      "const m = new nn.Linear(2, 1); const o = new optim.SGD(m.parameters(), { lr: 0.1 }); " +
        "const xx = randn([64, 2]); const t0 = performance.now(); let n = 0; " +
        "while (performance.now() - t0 < 5000) { const l = F.mseLoss(m.forward(xx), xx.sum(1, true)); " +
        "o.zeroGrad(); l.backward(); o.step(); n++; progress((performance.now() - t0) / 5000, `step ${n}`); } " +
        "print(`${n} steps`);",
    );
    const longTasks = await watchLongTasks(page);
    await page.click(`${cell(0)} .cell-run`);
    await waitUntil(page, `document.querySelector('${cell(0)} progress') !== null`, 30_000);
    // Measure only while the cell trains (the start loads the worker's chunks).
    await longTasks.reset();
    await waitUntil(page, `${stateOf(0)} === "done"`, 30_000);
    const long = await longTasks.read();
    assert.deepEqual(long.filter((d) => d > 100), [], `long tasks: ${long.join(", ")}`);
    assert.match(await outputOf(page, 0), /\d+ steps/);
    assertClean(p);
  } finally {
    await p.close();
  }
});

browserTest("cells: Chinese page runs the same code; JavaScript off shows the code", async () => {
  const p = await openPage("/zh/backprop/");
  try {
    const { page } = p;
    await hydrated(page, 0);
    await runCell(page, 0);
    assert.match(await outputOf(page, 0), /-18 -6/);
    assert.match(await page.$eval(`${cell(0)} .cell-status`, (el) => el.textContent ?? ""), /完成/);
    await axeCheck(page, "zh cells");
    assertClean(p);
  } finally {
    await p.close();
  }
  const off = await openPage("/en/mnist/", { javaScript: false });
  try {
    const code = await off.page.$$eval(
      "[data-code-cell] pre code",
      (els) => els.map((e) => e.textContent),
    );
    assert.equal(code.length, 7);
    assert.match(code[4]!, /opt\.lr = 3e-3 \* 0\.6 \*\* epoch/);
    assert.ok(await off.page.$("[data-code-cell] pre code .hljs-keyword"), "highlighted");
  } finally {
    await off.close();
  }
});

browserTest(
  "cells: a name from a cell that has not run names that cell and offers to run the cells above, en and zh",
  async () => {
    for (
      const [lang, link, button] of [
        ["en", "code cell 1", "Run the cells above"],
        ["zh", "代码单元 1", "运行上面的单元"],
      ]
    ) {
      const p = await openPage(`/${lang}/backprop/`);
      try {
        const { page } = p;
        await hydrated(page, BY_HAND);
        await runCell(page, BY_HAND, "error");
        assert.match(await outputOf(page, BY_HAND), /ReferenceError.*[:：] ?a is not defined/);
        const hint = await page.$eval(`${cell(BY_HAND)} [data-cell-missing]`, (el) => ({
          name: el.getAttribute("data-cell-missing"),
          text: el.textContent ?? "",
          href: el.querySelector("a")?.getAttribute("href"),
          button: el.querySelector("button")?.textContent ?? "",
        }));
        assert.equal(hint.name, "a");
        assert.ok(hint.text.includes(link), `${lang}: ${hint.text}`);
        assert.equal(hint.href, "#code-cell-1");
        assert.ok(await page.$("#code-cell-1[data-cell-index='0']"), "the link's target");
        assert.ok(hint.button.startsWith(button), hint.button);
        await axeCheck(page, `${lang} cell hint`);
        await page.click(`${cell(BY_HAND)} .cell-run-above`);
        await waitUntil(
          page,
          `${stateOf(BY_HAND)} === "done"`,
          60_000,
          "ran after the cells above",
        );
        assert.equal(await page.$eval(cell(0), (el) => el.getAttribute("data-cell-state")), "done");
        assert.match(
          await outputOf(page, BY_HAND),
          lang === "en" ? /by hand: -18 -6/ : /手算： -18 -6/,
        );
        assert.equal(await page.$(`${cell(BY_HAND)} [data-cell-missing]`), null);
        assertClean(p);
      } finally {
        await p.close();
      }
    }
  },
);

browserTest(
  "cells: print(model) names the layers in the minified bundle (lessons 2 and 4)",
  async () => {
    for (
      const [path, index, expected] of [
        [
          "/en/bumps/",
          0,
          /^Sequential\(\n {2}\(0\): Linear\(weight: \[10, 1\], bias: \[10\]\)\n {2}\(1\): Sigmoid\(\)\n {2}\(2\): Linear\(/,
        ],
        [
          "/zh/mnist/",
          2,
          /^Sequential\(\n {2}\(0\): Conv2d\(weight: \[3, 3, 1, 16\], bias: \[16\]\)\n {2}\(1\): ReLU\(\)\n {2}\(2\): MaxPool2d\(\)[^]*\(6\): Flatten\(\)\n {2}\(7\): Linear\(weight: \[256, 800\]/,
        ],
      ] as const
    ) {
      const p = await openPage(path);
      try {
        await hydrated(p.page, index);
        await runCell(p.page, index);
        assert.match((await outputOf(p.page, index)).trim(), expected);
        assertClean(p);
      } finally {
        await p.close();
      }
    }
  },
);
