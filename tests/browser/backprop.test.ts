/**
 * Lesson 5 (backprop) in a real browser: the GraphStepper island records the engine's graph,
 * steps through backward() node by node, shows grads that match the engine and the hand-derived
 * formula, agrees between the scalar and tensor views and with finite differences, trains, keeps
 * its state in the URL, frees its tensors, and passes axe-core in both languages and themes.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  axeCheck,
  browserTest,
  openPage,
  reloadWithState,
  screenshot,
  settledBadge,
  waitUntil,
} from "./harness.ts";

const ISLAND = '[data-island="GraphStepper"]';
const ROOT = `${ISLAND} figure.gs`;

/** Scrolls the island into view and waits until it hydrated and drew its first graph. */
async function ready(page: Page): Promise<void> {
  await page.$eval(ISLAND, (el) => el.scrollIntoView());
  await waitUntil(page, `document.querySelector('${ISLAND}[data-hydrated]') !== null`, 30_000);
  await waitUntil(
    page,
    `document.querySelector('${ROOT}')?.dataset.ready === 'true'`,
    60_000,
    "GraphStepper drew its graph",
  );
}

const data = (page: Page) =>
  page.$eval(ROOT, (el) => ({ ...(el as HTMLElement).dataset })) as Promise<
    Record<string, string>
  >;

/** The tfjs tensor count in the runtime's worker, as the island reports it. */
const numTensors = async (page: Page) => Number((await data(page)).tensors);

/** Whether tfjs was loaded on the page itself (it keeps its engine on the global object). */
const tfjsOnPage = (page: Page) =>
  // deno-lint-ignore no-explicit-any
  page.evaluate(() => (globalThis as any)._tfengine !== undefined) as Promise<boolean>;

/** Waits until the island shows a graph computed for its current values. */
async function settled(page: Page): Promise<void> {
  await waitUntil(
    page,
    `document.querySelector('${ROOT}')?.dataset.ready === 'true'`,
    30_000,
    "graph recomputed",
  );
}

/** Presses "next" with the keyboard until the whole backward pass was stepped through. */
async function stepThrough(page: Page): Promise<{ node: string; ok: string; grad: string }[]> {
  const seen: { node: string; ok: string; grad: string }[] = [];
  const total = Number((await data(page)).total);
  assert.ok(total > 3, `the graph has ${total} backward steps`);
  await page.focus(`${ROOT} button[data-action="next"]`);
  for (let i = 1; i <= total; i++) {
    await page.keyboard.press("Enter");
    await waitUntil(page, `document.querySelector('${ROOT}').dataset.step === '${i}'`, 5_000);
    seen.push(
      await page.$eval(`${ROOT} .gs-panel`, (el) => ({
        node: el.getAttribute("data-current") ?? "",
        ok: el.getAttribute("data-chain-ok") ?? "",
        grad: el.querySelector("[data-engine-grad]")?.textContent ?? "",
      })),
    );
    // The button stays focused (and enabled) until the last step.
    if (i < total) await page.focus(`${ROOT} button[data-action="next"]`);
  }
  return seen;
}

/** A screenshot of the island alone (next to the full-page ones), for looking at it closely. */
async function shotIsland(page: Page, name: string): Promise<void> {
  const dir = Deno.env.get("SCREENSHOT_DIR");
  if (!dir) return;
  await Deno.mkdir(dir, { recursive: true });
  const el = await page.$(ROOT);
  await el?.screenshot({ path: `${dir}/${name}.png` as `${string}.png` });
}

/** axe-core (WCAG 2 A/AA + best practice) on the island only. */
async function axeIsland(page: Page, where: string): Promise<void> {
  await page.evaluate(
    Deno.readTextFileSync(new URL("../../node_modules/axe-core/axe.min.js", import.meta.url)),
  );
  const violations = await page.evaluate(async (sel) => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const result = await axe.run({ include: [sel] }, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      },
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) =>
      // deno-lint-ignore no-explicit-any
      `${v.id}: ${v.nodes.map((n: any) => n.target.join(" ")).join(", ")}`
    );
  }, ISLAND);
  assert.deepEqual(violations, [], `${where}: axe-core violations in the island`);
}

const num = (s: string) => Number(s.replace(/−/g, "-").replace(/[[\]]/g, ""));

browserTest(
  "GraphStepper (en): steps through the line's graph; grads match engine and hand",
  async () => {
    const p = await openPage("/en/backprop/", { waitFor: ISLAND });
    try {
      const { page } = p;
      const scripts = await page.$$eval(
        "script[src]",
        (els) => els.map((e) => e.getAttribute("src")),
      );
      assert.ok(
        !scripts.some((s) => s && /katex/i.test(s)),
        `no KaTeX script at load: ${scripts}`,
      );
      await ready(page);
      let d = await data(page);
      // The default backend, whatever it is, is reported by the island and its badge.
      assert.ok(d.backend.length > 0, "a backend is reported");
      const badge = await page.$eval(
        `${ROOT} .backend-badge`,
        (el) => el.getAttribute("data-backend"),
      );
      assert.equal(badge, d.backend);
      // The default: the backend timed fastest (or remembered from an earlier timing).
      const badgeState = await settledBadge(page, `${ROOT} .backend-badge`);
      assert.ok(
        ["measured", "cached"].includes(badgeState.how),
        `chosen by timing: ${badgeState.how}`,
      );
      d = await data(page);
      assert.equal(d.backend, badgeState.name, "the fastest timed backend runs");
      console.log(`default backend: ${d.backend} (${JSON.stringify(badgeState.timings)})`);

      // The lesson's step: x = 3, y = 10, a = 2, b = 1 → L = 9, ∂L/∂a = −18, ∂L/∂b = −6.
      // Hand-derived: dL/da = 2/n Σ (a xᵢ + b − yᵢ) xᵢ, dL/db = 2/n Σ (a xᵢ + b − yᵢ).
      const hand = (a: number, b: number, xs: number[], ys: number[]) => {
        const r = xs.map((x, i) => a * x + b - ys[i]);
        return {
          a: (2 / xs.length) * r.reduce((s, ri, i) => s + ri * xs[i], 0),
          b: (2 / xs.length) * r.reduce((s, ri) => s + ri, 0),
        };
      };
      assert.equal(d.view, "scalar");
      assert.equal(Number(d.loss), 9);
      const engine: Record<string, number> = JSON.parse(d.leafGrads);
      assert.deepEqual({ ...engine }, hand(2, 1, [3], [10]));
      assert.deepEqual(JSON.parse(d.leafGradsScalar), engine, "scalar view = tensor view");

      const tensorsBefore = await numTensors(page);
      const seen = await stepThrough(page);
      // backward() starts at the loss and ends at the leaves; every node's chain-rule sum agrees
      // with the grad the engine stored.
      assert.equal(seen[0].node, "L");
      assert.ok(seen.every((s) => s.ok === "true"), JSON.stringify(seen));
      const byNode = Object.fromEntries(seen.map((s) => [s.node, s.grad]));
      assert.equal(num(byNode.a), engine.a, "panel shows ∂L/∂a");
      assert.equal(num(byNode.b), engine.b, "panel shows ∂L/∂b");
      assert.equal(num(byNode.r), -6);
      // The grads drawn in the graph's boxes, and the check table.
      const boxes = await page.$$eval(
        `${ROOT} g.gs-param`,
        (els) => els.map((e) => [e.getAttribute("data-node"), e.getAttribute("data-grad")]),
      );
      for (const [name, grad] of boxes) assert.deepEqual(JSON.parse(grad!), [engine[name!]]);
      const rows = await page.$$eval(`${ROOT} .gs-check tbody tr`, (trs) =>
        trs.map((tr) => ({
          key: tr.getAttribute("data-key"),
          cells: [...tr.querySelectorAll("td")].map((td) => td.textContent),
          fd: Number(tr.querySelector("[data-fd]")?.getAttribute("data-fd")),
        })));
      assert.equal(rows.length, 2);
      for (const row of rows) {
        assert.equal(num(row.cells[0]!), engine[row.key!], "scalar column");
        assert.equal(num(row.cells[1]!), engine[row.key!], "tensor column");
        // float32 forwards with h = 1e-3: the central difference is within 0.1 % here.
        assert.ok(Math.abs(row.fd - engine[row.key!]) < 0.02, `FD ${row.fd}`);
      }

      await shotIsland(page, "island-en-laptop-scalar-end");
      // Previous goes back one node; the tensor view has fewer nodes and the same leaf grads.
      await page.click(`${ROOT} button[data-action="prev"]`);
      await waitUntil(
        page,
        `document.querySelector('${ROOT}').dataset.step === '${seen.length - 1}'`,
      );
      await page.click(`${ROOT} input[type="radio"][value="tensor"]`);
      await waitUntil(page, `document.querySelector('${ROOT}').dataset.view === 'tensor'`);
      d = await data(page);
      assert.deepEqual(JSON.parse(d.leafGrads), engine);
      const tensorSeen = await stepThrough(page);
      assert.ok(tensorSeen.length < seen.length + 2);
      assert.ok(tensorSeen.every((s) => s.ok === "true"));

      // Another expression: three points; grads follow the hand formula at its defaults.
      await page.select(`${ROOT} .gs-controls select`, "mse-points");
      await waitUntil(page, `document.querySelector('${ROOT}').dataset.expr === 'mse-points'`);
      await settled(page);
      d = await data(page);
      const h3 = hand(2, 1, [3, 1, -1], [10, 4, 0]);
      const g3 = JSON.parse(d.leafGrads);
      assert.ok(Math.abs(g3.a - h3.a) < 1e-4 && Math.abs(g3.b - h3.b) < 1e-4, JSON.stringify(g3));

      // Change an input with the keyboard: pick x₁ and press ArrowRight (x₁: 3 → 3.5).
      const editSelect = `${ROOT} .gs-controls label:nth-of-type(2) select`;
      const options = await page.$$eval(
        `${editSelect} option`,
        (os) => os.map((o) => o.textContent),
      );
      const xIndex = options.findIndex((o) => o?.startsWith("x₁"));
      await page.select(editSelect, String(xIndex));
      await page.focus(`${ROOT} input[type="range"]`);
      for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
      await waitUntil(
        page,
        `document.querySelector('${ROOT}').dataset.values.split(',')[2] === '3.5'`,
      );
      await waitUntil(
        page,
        `JSON.parse(document.querySelector('${ROOT}').dataset.leafGrads).a !== ${g3.a}`,
        30_000,
      );
      await settled(page);
      d = await data(page);
      const hx = hand(2, 1, [3.5, 1, -1], [10, 4, 0]);
      const gx = JSON.parse(d.leafGrads);
      assert.ok(Math.abs(gx.a - hx.a) < 1e-4, `${gx.a} vs ${hx.a}`);

      // Nothing leaked: stepping, switching views and expressions kept the tensor count flat.
      assert.ok(tensorsBefore > 0, `tensors counted: ${tensorsBefore}`);
      assert.equal(await numTensors(page), tensorsBefore, "tf.memory().numTensors is flat");
      assert.equal(await tfjsOnPage(page), false, "the page itself runs no tfjs: the worker does");

      // The URL keeps the view: reload and the same expression, view, step and values come back.
      const url = page.url();
      assert.match(url, /gs\.e=mse-points/);
      const before = await data(page);
      await reloadWithState(page);
      await ready(page);
      const after = await data(page);
      for (const key of ["expr", "view", "step", "values", "leafGrads"]) {
        assert.equal(after[key], before[key], `${key} restored from the URL`);
      }
      await screenshot(page, "backprop-en-laptop");
      await shotIsland(page, "island-en-laptop-mse-points");

      // Train on the default (measured) backend: the speed a reader gets.
      const steps0 = Number(after.steps);
      const t0 = Date.now();
      await page.click(`${ROOT} button[data-action="train"]`);
      await waitUntil(
        page,
        `document.querySelector('${ROOT}').dataset.steps === '${steps0 + 200}'`,
        60_000,
      );
      await waitUntil(page, `document.querySelector('${ROOT}').dataset.training === 'false'`);
      const seconds = (Date.now() - t0) / 1000;
      console.log(
        `${after.backend} (default): 200 training steps in ${seconds.toFixed(2)} s = ${
          (200 / seconds).toFixed(0)
        } steps/s`,
      );
      await settled(page);
      assert.ok(Number((await data(page)).loss) < Number(after.loss), "training lowers the loss");
      assert.equal(await numTensors(page), tensorsBefore, "training freed every tensor it made");
      await axeCheck(page, "/en/backprop/ (light)");
      assertClean(p, "/en/backprop/");
    } finally {
      await p.close();
    }
  },
);

browserTest(
  "GraphStepper (zh, ?backend=webgl): trains; steps/s; a too-large step stops with a message",
  async () => {
    const p = await openPage("/zh/backprop/?backend=webgl", { waitFor: ISLAND });
    try {
      const { page } = p;
      await ready(page);
      let d = await data(page);
      assert.equal(d.backend, "webgl");
      assert.deepEqual(JSON.parse(d.leafGrads), { a: -18, b: -6 });
      const seen = await stepThrough(page);
      assert.ok(seen.every((s) => s.ok === "true"));
      assert.ok(
        (await page.$eval(`${ROOT} .gs-panel`, (el) => el.textContent ?? "")).includes("引擎"),
      );

      // One SGD step with lr 0.01: a 2 → 2.18, b 1 → 1.06, loss 9 → 5.76 (the lesson's numbers).
      await page.click(`${ROOT} button[data-action="sgd"]`);
      await waitUntil(page, `document.querySelector('${ROOT}').dataset.steps === '1'`);
      await waitUntil(page, `document.querySelector('${ROOT}').dataset.values.startsWith('2.18')`);
      await settled(page);
      d = await data(page);
      const [a, b] = d.values.split(",").map(Number);
      assert.ok(Math.abs(a - 2.18) < 1e-5 && Math.abs(b - 1.06) < 1e-5, d.values);
      await waitUntil(
        page,
        `Math.abs(Number(document.querySelector('${ROOT}').dataset.loss) - 5.76) < 1e-3`,
      );

      // Train 200 steps. The loss of one point under y = ax + b can reach 0; with lr 0.01 each
      // step shrinks the residual by a factor 0.8 (1 − 2·0.01·(x² + 1)), so 200 steps bring the loss
      // from 5.76 to far below 1e-6 in exact arithmetic: 1e-3 leaves room for float32 rounding.
      const tensorsBefore = await numTensors(page);
      // The steps/loss readouts (<output>s: live regions by default) must be quiet while it
      // trains: every change seen during the run is recorded with its aria-live.
      await page.$eval(ROOT, (root) => {
        const seen: string[] = [];
        (globalThis as { __readoutLive?: string[] }).__readoutLive = seen;
        new MutationObserver((records) => {
          if ((root as HTMLElement).dataset.training !== "true") return;
          for (const r of records) {
            const out = (r.target instanceof Element ? r.target : r.target.parentElement)
              ?.closest("output");
            if (out) seen.push(out.getAttribute("aria-live") ?? "(none)");
          }
        }).observe(root.querySelector(".gs-readout")!, {
          subtree: true,
          childList: true,
          characterData: true,
        });
      });
      const t0 = Date.now();
      await page.click(`${ROOT} button[data-action="train"]`);
      await waitUntil(page, `document.querySelector('${ROOT}').dataset.steps === '201'`, 60_000);
      await waitUntil(page, `document.querySelector('${ROOT}').dataset.training === 'false'`);
      const live = await page.evaluate(() =>
        (globalThis as { __readoutLive?: string[] }).__readoutLive ?? []
      );
      assert.ok(live.length > 0, "the readouts changed while training");
      assert.deepEqual([...new Set(live)], ["off"], "readouts are not live while training");
      const seconds = (Date.now() - t0) / 1000;
      console.log(
        `webgl: 200 training steps in ${seconds.toFixed(2)} s = ${
          (200 / seconds).toFixed(0)
        } steps/s`,
      );
      await settled(page);
      d = await data(page);
      assert.ok(Number(d.loss) < 1e-3, `loss after training: ${d.loss}`);
      const chart = await page.$eval(`${ROOT} .chart-summary`, (el) => el.textContent ?? "");
      assert.match(chart, /201/);
      assert.equal(await numTensors(page), tensorsBefore, "training freed every tensor it made");
      assert.equal(await tfjsOnPage(page), false, "the page itself runs no tfjs: the worker does");
      await shotIsland(page, "island-zh-laptop-trained");

      // lr = 1 diverges: the loop stops with a message telling the reader to lower it; no NaN.
      await page.click(`${ROOT} button[data-action="reset"]`);
      await page.select(`${ROOT} .gs-train select`, "1");
      await settled(page);
      await page.click(`${ROOT} button[data-action="train"]`);
      await page.waitForSelector(`${ROOT} .gs-error`, { timeout: 30_000 });
      await waitUntil(page, `document.querySelector('${ROOT}').dataset.training === 'false'`);
      const message = await page.$eval(`${ROOT} .gs-error`, (el) => el.textContent ?? "");
      assert.match(message, /学习率/);
      const shown = await page.$eval(ROOT, (el) => el.textContent ?? "");
      assert.ok(!/NaN|Infinity/.test(shown), "no NaN on screen");
      await settled(page);
      assert.equal((await data(page)).values, "2,1,3,10", "values back where training started");

      await screenshot(page, "backprop-zh-laptop");
      await shotIsland(page, "island-zh-laptop-diverged");
      await axeCheck(page, "/zh/backprop/ (light)");
      assertClean(p, "/zh/backprop/?backend=webgl");
    } finally {
      await p.close();
    }
  },
);

browserTest(
  "GraphStepper: phone and dark theme (en: MLP tensor view, zh: softmax scalar view)",
  async () => {
    const cases = [["en", "mlp", "tensor"], ["zh", "softmax-ce", "scalar"]];
    for (const [lang, expr, view] of cases) {
      const path = `/${lang}/backprop/?gs.e=${expr}&gs.v=${view}&gs.s=4`;
      const p = await openPage(path, {
        viewport: { width: 390, height: 844, isMobile: true },
        colorScheme: "dark",
      });
      try {
        const { page } = p;
        await ready(page);
        const d = await data(page);
        assert.equal(d.expr, expr);
        assert.equal(d.view, view);
        assert.equal(d.step, "4");
        const overflow = await page.evaluate(() =>
          document.documentElement.scrollWidth > document.documentElement.clientWidth + 1
        );
        assert.equal(overflow, false, "no page-wide horizontal scrolling on a phone");
        // Play advances one node at a time; pressing it again pauses.
        const play = `${ROOT} button[data-action="play"]`;
        await page.click(play);
        await waitUntil(
          page,
          `Number(document.querySelector('${ROOT}').dataset.step) >= 6`,
          10_000,
        );
        await page.click(play);
        assert.equal(await page.$eval(play, (el) => el.getAttribute("aria-pressed")), "false");
        const grads = JSON.parse(d.leafGrads), scalar = JSON.parse(d.leafGradsScalar);
        for (const k of Object.keys(grads)) assert.ok(Math.abs(grads[k] - scalar[k]) < 1e-4, k);
        await screenshot(page, `backprop-${lang}-phone-dark`);
        await shotIsland(page, `island-${lang}-phone-dark-${expr}-${view}`);
        // On a phone the lesson's own code blocks and long display formulas scroll sideways
        // without being focusable (a builder matter, reported); the island is checked here.
        await axeIsland(page, `${path} (dark, phone)`);
        assertClean(p, path);
      } finally {
        await p.close();
      }
    }
  },
);

browserTest("GraphStepper without JavaScript: controls and a note are rendered", async () => {
  const p = await openPage("/en/backprop/", { javaScript: false });
  try {
    const text = await p.page.$eval(ISLAND, (el) => el.textContent ?? "");
    assert.match(text, /JavaScript/);
    const buttons = await p.page.$$eval(`${ISLAND} button`, (els) => els.length);
    assert.ok(buttons >= 5);
  } finally {
    await p.close();
  }
});
