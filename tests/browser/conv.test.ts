/**
 * Lesson 6 (convolutions), its first sections, in a real browser: English and Chinese, laptop and
 * phone, light and dark. ConvByHand: stepping the kernel by buttons and arrow keys, classic and
 * typed kernels (a typed 99 is clamped), another digit; each time the sum it shows equals a float64
 * sum computed here from the shipped digits. ConvShapes: the output size and parameter count
 * equal the engine's nn.Conv2d (built and run here, in Deno) for 20 random settings, and an out-
 * of-range value is clamped with a note. ConvPool: it follows ConvByHand's digit and kernel (the
 * store) and its measured changes equal the ones computed here. The exercises: a wrong answer and
 * a wrong kernel fail with their reasons, the right ones pass. No console errors, axe-core clean,
 * nothing past a phone's edge.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  axeCheck,
  browserTest,
  hydrateIsland,
  openPage,
  outsideViewport,
  waitUntil,
} from "./harness.ts";
import * as engine from "../../engine/mod.ts";
import { Generator, nn, zeros } from "../../engine/mod.ts";
import { parameterCount } from "../../mnist/models.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { SHAPE_FIELDS, shiftEffect } from "../../components/conv/math.ts";

await engine.initBackend({ prefer: "cpu" });
const { val } = await loadShippedDigits();

const island = (name: string) => `[data-island="${name}"]`;
const HAND = `${island("ConvByHand")} .conv-by-hand`;
const SHAPES = `${island("ConvShapes")} .conv-shapes`;
const POOL = `${island("ConvPool")} .conv-pool`;
const EX = (id: string) => `[data-exercise="${id}"]`;

const data = (page: Page, sel: string) =>
  page.$eval(sel, (el) => ({ ...(el as HTMLElement).dataset }) as Record<string, string>);

/** The digit's pixels in [0, 1], as float64. */
const pixels = (i: number) =>
  Float64Array.from(val.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255);

/** The output pixel (i, j) of digit ⊛ kernel, summed here in float64 in reading order. */
function reference(digit: number, kernel: number[], i: number, j: number): number {
  const x = pixels(digit);
  let sum = 0;
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) sum += x[(i + a) * 28 + j + b] * kernel[a * 3 + b];
  }
  return sum;
}

/** ConvByHand's sum equals the reference for what it says it shows; returns its state. */
async function assertSum(page: Page, where: string) {
  const d = await data(page, HAND);
  const kernel = d.kernel.split(",").map(Number);
  const [i, j] = d.position.split(",").map(Number);
  const want = reference(Number(d.digit), kernel, i, j);
  assert.ok(Math.abs(Number(d.sum) - want) < 1e-12, `${where}: sum ${d.sum} vs ${want}`);
  const shown = await page.$eval(`${HAND} [data-shown-sum]`, (el) => el.textContent ?? "");
  const text = want.toFixed(3).replace(/^-/, "−");
  assert.ok(shown.includes(text === "−0.000" ? "0.000" : text), `${where}: "${shown}" vs ${text}`);
  return { digit: Number(d.digit), kernel, i, j };
}

/** Sets a number input the way a reader commits one (value, then change). */
async function commit(page: Page, sel: string, value: string): Promise<void> {
  await page.$eval(sel, (el, v) => {
    (el as HTMLInputElement).value = v as string;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

/** Types into a field, replacing what it held. */
async function typeInto(page: Page, sel: string, text: string): Promise<void> {
  await page.$eval(sel, (el) => ((el as HTMLInputElement).value = ""));
  await page.focus(sel);
  await page.keyboard.type(text);
}

async function checkExercise(page: Page, id: string): Promise<string> {
  const before = await page.$eval(EX(id), (el) => (el as HTMLElement).dataset.checks);
  await page.click(`${EX(id)} [data-action="check"]`);
  await waitUntil(
    page,
    `document.querySelector('${EX(id)}').dataset.checks !== "${before}"`,
    30_000,
    `a verdict on ${id}`,
  );
  return page.$eval(`${EX(id)} .exercise-verdict`, (el) => (el as HTMLElement).dataset.verdict!);
}

/** Twenty random settings within the widget's ranges, each with the engine's answer. */
function shapeCases() {
  const gen = new Generator(21);
  const pick = (f: keyof typeof SHAPE_FIELDS, hi = SHAPE_FIELDS[f].hi) =>
    SHAPE_FIELDS[f].lo + Math.floor(gen.uniform(1, 0, 1)[0] * (hi - SHAPE_FIELDS[f].lo + 1));
  const cases = [];
  while (cases.length < 20) {
    // Channels kept small so the engine's module stays cheap; the formula does not care.
    const c = {
      n: pick("n"),
      k: pick("k"),
      p: pick("p"),
      s: pick("s"),
      cIn: pick("cIn", 6),
      cOut: pick("cOut", 8),
    };
    if (c.n + 2 * c.p < c.k) continue;
    const conv = new nn.Conv2d(c.cIn, c.cOut, c.k, { stride: c.s, padding: c.p });
    const y = conv.forward(zeros([1, c.n, c.n, c.cIn]));
    assert.equal(y.shape[1], y.shape[2]);
    cases.push({ ...c, out: y.shape[1], params: parameterCount(conv) });
  }
  return cases;
}
const CASES = shapeCases();

const RUNS = [
  { lang: "en", phone: false, scheme: "light" },
  { lang: "en", phone: true, scheme: "dark" },
  { lang: "zh", phone: false, scheme: "dark" },
  { lang: "zh", phone: true, scheme: "light" },
] as const;

for (const run of RUNS) {
  const where = `${run.lang} ${run.phone ? "phone" : "laptop"} ${run.scheme}`;
  browserTest(`conv: by hand, shapes, pooling and exercises (${where})`, async () => {
    const opened = await openPage(`/${run.lang}/conv/`, {
      colorScheme: run.scheme,
      viewport: run.phone
        ? { width: 390, height: 844, isMobile: true }
        : { width: 1280, height: 900 },
    });
    const { page } = opened;
    try {
      // ---- ConvByHand ----
      await hydrateIsland(page, "ConvByHand");
      await waitUntil(page, `document.querySelector('${HAND}').dataset.ready === "true"`);
      let s = await assertSum(page, `${where}, first`);
      assert.deepEqual([s.i, s.j], [9, 9]);
      for (let n = 0; n < 3; n++) await page.click(`${HAND} [data-move="right"]`);
      await page.focus(`${HAND} .conv-focus`);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowLeft");
      s = await assertSum(page, `${where}, stepped`);
      assert.deepEqual([s.i, s.j], [11, 11]);
      await page.click(`${HAND} [data-classic="sharpen"]`);
      s = await assertSum(page, `${where}, sharpen`);
      assert.deepEqual(s.kernel, [0, -1, 0, -1, 5, -1, 0, -1, 0]);
      await typeInto(page, `${HAND} [data-weight="4"]`, "2.5");
      s = await assertSum(page, `${where}, typed 2.5`);
      assert.equal(s.kernel[4], 2.5);
      await typeInto(page, `${HAND} [data-weight="0"]`, "99");
      s = await assertSum(page, `${where}, typed 99`);
      assert.equal(s.kernel[0], 10, "a typed 99 is clamped to 10");
      assert.ok(await page.$(`${HAND} [role="status"]`), "the clamp is said");
      await commit(page, `${HAND} .conv-controls input`, "7");
      await waitUntil(page, `document.querySelector('${HAND}').dataset.digit === "7"`);
      s = await assertSum(page, `${where}, digit 7`);
      // Updating the map is cheap: a classic kernel's click is drawn by the next frame. The
      // fastest of five changes is timed (the machine running the tests may be busy).
      const times = await page.evaluate(async (sel) => {
        const out: number[] = [];
        for (const name of ["identity", "vertical", "sharpen", "horizontal", "blur"]) {
          const t0 = performance.now();
          (document.querySelector(`${sel} [data-classic="${name}"]`) as HTMLButtonElement).click();
          await new Promise((r) => requestAnimationFrame(() => r(null)));
          out.push(performance.now() - t0);
        }
        return out;
      }, HAND);
      assert.ok(Math.min(...times) < 50, `${where}: kernel changes took ${times} ms`);
      s = await assertSum(page, `${where}, blur`);
      if (run.phone) assert.deepEqual(await outsideViewport(page, island("ConvByHand")), []);

      // ---- ConvShapes ----
      await hydrateIsland(page, "ConvShapes");
      const shapes = await data(page, SHAPES);
      assert.equal(shapes.outSize, "26");
      assert.equal(shapes.params, "160");
      for (const c of CASES) {
        for (const f of ["n", "k", "p", "s", "cIn", "cOut"] as const) {
          await commit(page, `${SHAPES} [data-field="${f}"]`, String(c[f]));
        }
        const d = await data(page, SHAPES);
        const label = JSON.stringify(c);
        assert.equal(Number(d.outSize), c.out, `${where}: output size ${label}`);
        assert.equal(Number(d.params), c.params, `${where}: parameters ${label}`);
      }
      await commit(page, `${SHAPES} [data-field="n"]`, "99");
      assert.equal((await data(page, SHAPES)).n, "32");
      assert.ok(await page.$(`${SHAPES} [role="status"]`), "the clamp is said");
      await commit(page, `${SHAPES} [data-field="n"]`, "2");
      await commit(page, `${SHAPES} [data-field="p"]`, "0");
      await commit(page, `${SHAPES} [data-field="k"]`, "7");
      assert.equal((await data(page, SHAPES)).outSize, "0");
      assert.ok(await page.$(`${SHAPES} .conv-error`), "no output is said");
      await commit(page, `${SHAPES} [data-field="n"]`, "28");
      await commit(page, `${SHAPES} [data-field="k"]`, "3");
      if (run.phone) assert.deepEqual(await outsideViewport(page, island("ConvShapes")), []);

      // ---- ConvPool: ConvByHand's digit and kernel (blur, digit 7) ----
      await hydrateIsland(page, "ConvPool");
      await waitUntil(page, `document.querySelector('${POOL}').dataset.convChange !== ""`);
      for (const [dx, dy] of [[1, 0], [2, 0], [-1, 2]]) {
        await page.select(`${POOL} [data-shift="dx"]`, String(dx));
        await page.select(`${POOL} [data-shift="dy"]`, String(dy));
        const d = await data(page, POOL);
        assert.equal(d.digit, String(s.digit));
        assert.deepEqual(d.kernel.split(",").map(Number), s.kernel);
        const e = shiftEffect(pixels(s.digit), s.kernel, dx, dy);
        assert.ok(
          Math.abs(Number(d.convChange) - e.conv) < 1e-12,
          `conv ${d.convChange} ${e.conv}`,
        );
        assert.ok(Math.abs(Number(d.maxChange) - e.max) < 1e-12);
        assert.ok(Math.abs(Number(d.avgChange) - e.avg) < 1e-12);
        assert.ok(Number(d.equivariance) < 1e-12);
      }
      if (run.phone) assert.deepEqual(await outsideViewport(page, island("ConvPool")), []);

      // ---- The exercises ----
      await page.$eval(EX("conv-out-size"), (el) => el.scrollIntoView({ block: "center" }));
      await waitUntil(
        page,
        `document.querySelector('${EX("conv-out-size")}')?.closest('[data-hydrated]') != null`,
      );
      await typeInto(page, `${EX("conv-out-size")} [data-field="0"]`, "12");
      assert.equal(await checkExercise(page, "conv-out-size"), "valueOff");
      await typeInto(page, `${EX("conv-out-size")} [data-field="0"]`, "13");
      assert.equal(await checkExercise(page, "conv-out-size"), "valueOk");
      await page.$eval(EX("conv-horizontal"), (el) => el.scrollIntoView({ block: "center" }));
      await waitUntil(
        page,
        `document.querySelector('${EX("conv-horizontal")}')?.closest('[data-hydrated]') != null`,
      );
      assert.equal(await checkExercise(page, "conv-horizontal"), "kernelNotHorizontal"); // blur
      await page.click(`${HAND} [data-classic="horizontal"]`);
      assert.equal(await checkExercise(page, "conv-horizontal"), "kernelOk");
      assert.equal(
        await page.$eval(EX("conv-horizontal"), (el) => (el as HTMLElement).dataset.exerciseState),
        "solved",
      );

      const dir = Deno.env.get("SCREENSHOT_DIR");
      if (dir) {
        await Deno.mkdir(dir, { recursive: true });
        for (const name of ["ConvByHand", "ConvShapes", "ConvPool"]) {
          const el = await page.$(island(name));
          await el?.screenshot({
            path: `${dir}/conv-${name}-${run.lang}-${
              run.phone ? "phone" : "laptop"
            }-${run.scheme}.png`,
          });
        }
      }
      await axeCheck(page, where);
      assertClean(opened, where);
    } finally {
      await opened.close();
    }
  });
}
