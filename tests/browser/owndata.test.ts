/**
 * The reader's own data, in a real browser, in English and Chinese. Playground (lesson 1): points
 * added with the mouse and with the keyboard (the x₁, x₂ form), 3 classes trained with softmax +
 * cross-entropy while points are still being added (the trainer takes them with no rebuild: the
 * step count keeps going), reaching 100% on a separable layout; the points survive a reload (in
 * the URL, and past 60 points in localStorage); a bad CSV names its line; paint mode and Undo;
 * tensors flat; axe clean; no console errors; a phone can tap a point in. LossFit: points dragged
 * and added pull MSE's line, with MAE's and Huber's beside it. MyDigits: ten digits drawn and
 * labelled, shown in the gallery, kept over a reload; fine-tuning raises the accuracy on them.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import {
  assertClean,
  axeCheck,
  browserTest,
  hydrateIsland,
  openPage,
  reloadWithState,
  waitUntil,
} from "./harness.ts";

const PG = '[data-island="Playground"]';
const PG_ROOT = `${PG} .playground`;
const Q = `document.querySelector('${PG_ROOT}')`;

const hydrated = (page: Page, name: string) => hydrateIsland(page, name);

// The plot's geometry (components/islands/Playground.tsx): a 320-unit view box, the square
// [−3, 3]² inside 30 units from the left and 10 from the top, 280 units wide.
async function clientOf(page: Page, x: number, y: number): Promise<[number, number]> {
  const svg = (await page.$(`${PG_ROOT} .pg-stage svg`))!;
  // The figure is taller than the window (the network diagram): bring the plot into view.
  await svg.evaluate((el) => el.scrollIntoView({ block: "nearest" }));
  const box = (await svg.boundingBox())!;
  const k = box.width / 320;
  return [box.x + (30 + ((x + 3) / 6) * 280) * k, box.y + (10 + ((3 - y) / 6) * 280) * k];
}

/** Three separable clusters: class k around CENTRES[k]. */
const CENTRES: [number, number][] = [[-2, -2], [2, -2], [0, 2]];

async function pickClass(page: Page, k: number): Promise<void> {
  await page.click(`${PG_ROOT} input[name="pg-class"][value="${k}"]`);
}

const points = (page: Page) =>
  page.$eval(PG_ROOT, (el) => Number(el.getAttribute("data-train-points")));

for (const lang of ["en", "zh"] as const) {
  browserTest(`own data: Playground points, 3 classes, CSV (${lang})`, async () => {
    const path = `/${lang}/function/`;
    const p = await openPage(path, { waitFor: PG });
    try {
      const { page } = p;
      await hydrated(page, "Playground");
      await page.evaluate(() => localStorage.clear());
      await page.select(`${PG_ROOT} select[name="ds"]`, "own");
      await page.waitForSelector(`${PG_ROOT} select[name="k"]`);
      await page.select(`${PG_ROOT} select[name="k"]`, "3");
      await waitUntil(page, `${Q}.dataset.classes === "3"`);
      await page.select(`${PG_ROOT} select[name="layers"]`, "1");

      // The mouse: three points of each class around its centre.
      for (let k = 0; k < 3; k++) {
        await pickClass(page, k);
        for (const [dx, dy] of [[0, 0], [0.4, 0.3], [-0.3, 0.4]]) {
          const [cx, cy] = await clientOf(page, CENTRES[k][0] + dx, CENTRES[k][1] + dy);
          await page.mouse.click(cx, cy);
        }
      }
      await waitUntil(page, `${Q}.dataset.trainPoints === "9"`, 5_000, "9 points by mouse");

      // One step builds the network; the tensors alive after a step are the baseline (a step
      // holds its mini-batch until the next one, so compare counts taken the same way).
      await page.click(`${PG_ROOT} button[data-action="step"]`);
      await waitUntil(page, `${Q}.dataset.steps === "1"`, 60_000, "one step");
      const tensors = await page.$eval(PG_ROOT, (el) => el.getAttribute("data-tensors"));
      // Play; then the keyboard adds more while it trains (x₁, x₂, Enter).
      await page.click(`${PG_ROOT} button[data-action="play"]`);
      await waitUntil(page, `Number(${Q}.dataset.steps) > 20`, 60_000, "training runs");
      const stepsBefore = Number(await page.$eval(PG_ROOT, (el) => el.getAttribute("data-steps")));
      for (let k = 0; k < 3; k++) {
        await pickClass(page, k);
        const x1 = `${PG_ROOT} input[name="x1"]`, x2 = `${PG_ROOT} input[name="x2"]`;
        await page.$eval(x1, (el) => ((el as HTMLInputElement).value = ""));
        await page.type(x1, String(CENTRES[k][0] - 0.2));
        await page.$eval(x2, (el) => ((el as HTMLInputElement).value = ""));
        await page.type(x2, String(CENTRES[k][1] - 0.3));
        await page.keyboard.press("Enter");
      }
      await waitUntil(page, `${Q}.dataset.trainPoints === "12"`, 5_000, "3 more by keyboard");
      // Separable: every point right. The steps kept counting (no rebuild on new points).
      await waitUntil(
        page,
        `${Q}.dataset.acc === "1" && Number(${Q}.dataset.steps) > ${stepsBefore + 50}`,
        60_000,
        "100% of 12 points in 3 classes",
      );
      assert.equal(await page.$eval(PG_ROOT, (el) => el.querySelector('[role="alert"]')), null);
      await page.click(`${PG_ROOT} button[data-action="play"]`);
      await waitUntil(page, `${Q}.dataset.running === "false"`);
      const paused = Number(await page.$eval(PG_ROOT, (el) => el.getAttribute("data-steps")));
      await page.click(`${PG_ROOT} button[data-action="step"]`);
      await waitUntil(page, `Number(${Q}.dataset.steps) === ${paused + 1}`);
      assert.equal(
        await page.$eval(PG_ROOT, (el) => el.getAttribute("data-tensors")),
        tensors,
        "tensors flat while points were added",
      );
      const label = await page.$eval(`${PG_ROOT} canvas`, (el) => el.getAttribute("aria-label"));
      assert.match(label ?? "", lang === "en" ? /class 2 \d+%/ : /类别 2 \d+%/);

      // Delete: select a point by keyboard focus + Delete removes the last one added.
      await page.focus(`${PG_ROOT} .pg-focus`);
      await page.keyboard.press("Delete");
      await waitUntil(page, `${Q}.dataset.trainPoints === "11"`, 5_000, "Delete removes one");
      await page.click(`${PG_ROOT} button[data-action="undo"]`);
      await waitUntil(page, `${Q}.dataset.trainPoints === "12"`, 5_000, "Undo brings it back");

      await axeCheck(page, `${path} own points`);
      const dir = Deno.env.get("SCREENSHOT_DIR");
      if (dir) {
        await Deno.mkdir(dir, { recursive: true });
        await (await page.$(PG))!.screenshot({ path: `${dir}/owndata-pg-${lang}.png` });
      }

      // A reload keeps the points (in the URL: 12 points are 48 characters).
      const before = await page.$eval(`${PG_ROOT} .own-points`, (el) => el.innerHTML);
      await page.waitForFunction(
        `new URLSearchParams(location.search).get("pg.pts")?.length === 48`,
      );
      await reloadWithState(page);
      await hydrated(page, "Playground");
      await waitUntil(page, `${Q}.dataset.trainPoints === "12"`, 10_000, "points restored");
      assert.equal(await page.$eval(`${PG_ROOT} .own-points`, (el) => el.innerHTML), before);

      // A bad CSV names its line, and nothing changes.
      const file = await Deno.makeTempFile({ suffix: ".csv" });
      await Deno.writeTextFile(file, "x1,x2,label\n0,0,1\n0.5,zwei,1\n");
      const input = await page.$(`${PG_ROOT} input[type="file"]`);
      await input!.uploadFile(file);
      await page.waitForSelector(`${PG_ROOT} [data-csv-message]`);
      const message = await page.$eval(`${PG_ROOT} [data-csv-message]`, (el) => el.textContent);
      assert.match(message ?? "", lang === "en" ? /line 3: x2 "zwei" is not a number/ : /第 3 行/);
      assert.equal(await points(page), 12);
      // A good one replaces the points.
      await Deno.writeTextFile(file, "x1,x2,label\n0,0,1\n0.5,1,0\n-1,1,4\n");
      await input!.uploadFile(file);
      await waitUntil(page, `${Q}.dataset.trainPoints === "3" && ${Q}.dataset.classes === "5"`);

      // Paint mode: one drag lays down a row of points; one Undo takes the stroke back.
      await page.click(`${PG_ROOT} input[name="paint"]`);
      const [sx, sy] = await clientOf(page, -2.5, -1);
      const [ex, ey] = await clientOf(page, 2.5, -1);
      await page.mouse.move(sx, sy);
      await page.mouse.down();
      await page.mouse.move(ex, ey, { steps: 40 });
      await page.mouse.up();
      await waitUntil(page, `Number(${Q}.dataset.trainPoints) > 13`, 5_000, "a painted row");
      await page.click(`${PG_ROOT} button[data-action="undo"]`);
      await waitUntil(page, `${Q}.dataset.trainPoints === "3"`, 5_000, "Undo takes it back");

      // More than 60 points leave the URL and live in localStorage: a reload still has them.
      const rows = Array.from(
        { length: 61 },
        (_, i) => `${(i % 11) / 2 - 2.5},${i / 30 - 1},${i % 2}`,
      );
      await Deno.writeTextFile(file, rows.join("\n"));
      await input!.uploadFile(file);
      await waitUntil(page, `${Q}.dataset.trainPoints === "61"`, 5_000, "61 points imported");
      await page.waitForFunction(`!location.search.includes("pg.pts=")`);
      await reloadWithState(page);
      await hydrated(page, "Playground");
      await waitUntil(page, `${Q}.dataset.trainPoints === "61"`, 10_000, "61 points kept");
      await Deno.remove(file);
      assertClean(p, path);
    } finally {
      await p.close();
    }
  });
}

browserTest(
  "own data: Playground on a phone (a tap adds a point, no sideways scrolling)",
  async () => {
    const phone = { width: 390, height: 844, isMobile: true };
    const p = await openPage("/en/function/?pg.ds=own", { viewport: phone, waitFor: PG });
    try {
      const { page } = p;
      // Touch events for the tap (puppeteer reloads the page for it).
      await page.setViewport({ ...phone, hasTouch: true });
      await hydrated(page, "Playground");
      await page.evaluate(() => localStorage.clear());
      await page.$eval(
        `${PG_ROOT} .pg-stage`,
        (el) => el.scrollIntoView({ block: "center", behavior: "instant" }),
      );
      const [cx, cy] = await clientOf(page, 1, 1);
      await page.touchscreen.tap(cx, cy);
      await waitUntil(page, `${Q}.dataset.trainPoints === "1"`, 5_000, "a tap adds a point");
      const overflow = await page.evaluate(() =>
        document.documentElement.scrollWidth > document.documentElement.clientWidth + 1
      );
      assert.equal(overflow, false, "no horizontal scrolling on a phone");
      assertClean(p, "phone");
    } finally {
      await p.close();
    }
  },
);

const LF = '[data-island="LossFit"] .loss-island';
const LF_Q = `document.querySelector('${LF}')`;

/** A point of LossFit's editable plot (components/loss/FitEditor.tsx) → page coordinates. */
async function fitClient(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = (await (await page.$(`${LF} .fit-editor svg`))!.boundingBox())!;
  const k = box.width / 400;
  return [
    box.x + (34 + ((x + 0.1) / 2.2) * (400 - 44)) * k,
    box.y + (10 + ((8 - y) / 9) * (260 - 36)) * k,
  ];
}

async function trainRun(page: Page, until: number): Promise<void> {
  await page.click(`${LF} .loss-buttons button.primary`);
  await waitUntil(
    page,
    `${LF_Q}.dataset.running === "false" && ${LF_Q}.dataset.steps === "${until}"`,
    60_000,
    `LossFit at ${until} steps`,
  );
}

for (const lang of ["en", "zh"] as const) {
  browserTest(`own data: LossFit points dragged and added pull MSE's line (${lang})`, async () => {
    const path = `/${lang}/loss/`;
    const p = await openPage(path, { waitFor: '[data-island="LossFit"]' });
    try {
      const { page } = p;
      await hydrated(page, "LossFit");
      await waitUntil(page, `${LF_Q}.dataset.gradA !== ""`, 60_000, "engine numbers");
      await trainRun(page, 100);
      const a1 = Number(await page.$eval(LF, (el) => el.getAttribute("data-a")));
      const loss1 = Number(await page.$eval(LF, (el) => el.getAttribute("data-loss")));

      await page.click(`${LF} input[name="edit-points"]`);
      await page.waitForSelector(`${LF} .fit-editor svg`);
      await page.$eval(
        `${LF} .fit-editor`,
        (el) => el.scrollIntoView({ block: "center", behavior: "instant" }),
      );
      // Drag the rightmost point up to y = 7.5, then click two more points in high at the right.
      const last = await page.$(`${LF} .fit-pt[data-index="29"]`);
      const box = (await last!.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      const [tx, ty] = await fitClient(page, 2, 7.5);
      await page.mouse.move(tx, ty, { steps: 5 });
      await page.mouse.up();
      for (const [x, y] of [[1.9, 7.8], [1.8, 7]]) {
        const [cx, cy] = await fitClient(page, x, y);
        await page.mouse.click(cx, cy);
      }
      await waitUntil(page, `${LF_Q}.dataset.points === "32"`, 5_000, "2 points added");
      // The paused line's loss is re-measured on the new points: far higher.
      await waitUntil(page, `Number(${LF_Q}.dataset.loss) > ${3 * loss1}`, 10_000, "loss rises");
      await trainRun(page, 200);
      const a2 = Number(await page.$eval(LF, (el) => el.getAttribute("data-a")));
      assert.ok(a2 > a1 + 0.5, `MSE's slope pulled up by the reader's outliers: ${a1} → ${a2}`);
      // The other two losses' lines trained beside it: MAE's is pulled least.
      const others = JSON.parse(
        await page.$eval(LF, (el) => el.getAttribute("data-others")) ?? "{}",
      );
      assert.ok(others.mae[0] < a2 - 0.3, `MAE's slope ${others.mae[0]} stays below MSE's ${a2}`);
      assert.equal((await page.$$(`${LF} .fit-line.other`)).length, 2, "two comparison lines");
      console.log(
        `  LossFit ${lang}: MSE slope ${a1.toFixed(3)} → ${
          a2.toFixed(3)
        } with 3 points moved/added; beside it MAE ${others.mae[0].toFixed(3)}, Huber ${
          others.huber[0].toFixed(3)
        }`,
      );
      const dir = Deno.env.get("SCREENSHOT_DIR");
      if (dir) {
        await (await page.$('[data-island="LossFit"]'))!.screenshot({
          path: `${dir}/owndata-lossfit-${lang}.png`,
        });
      }
      // One more outlier and 100 more steps: as many tensors as before it.
      const tensors = await page.$eval(LF, (el) => el.getAttribute("data-tensors"));
      const [ox, oy] = await fitClient(page, 1.95, 6.5);
      await page.mouse.click(ox, oy);
      await waitUntil(page, `${LF_Q}.dataset.points === "33"`, 5_000, "one more point");
      await trainRun(page, 300);
      assert.equal(
        await page.$eval(LF, (el) => el.getAttribute("data-tensors")),
        tensors,
        "tensors flat over new points",
      );
      await axeCheck(page, `${path} LossFit editing`);
      assertClean(p, path);
    } finally {
      await p.close();
    }
  });
}

const MD = '[data-island="MyDigits"] .my-digits';
const MD_Q = `document.querySelector('${MD}')`;

/** Strokes on MyDigits' pad, in fractions of its size. */
async function draw(page: Page, strokes: [number, number][][]): Promise<void> {
  const box = (await (await page.$(`${MD} canvas.pad`))!.boundingBox())!;
  for (const stroke of strokes) {
    const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height];
    const [x0, y0] = at(stroke[0]);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (const p of stroke.slice(1)) {
      const [x, y] = at(p);
      await page.mouse.move(x, y, { steps: 4 });
    }
    await page.mouse.up();
  }
}

const ellipse = (): [number, number][] =>
  Array.from({ length: 13 }, (_, i) => {
    const a = (2 * Math.PI * i) / 12;
    return [0.5 + 0.2 * Math.sin(a), 0.5 - 0.3 * Math.cos(a)];
  });

/**
 * Ten digits in "my" hand: a 1, a 0 and a 7 as usual, and two of my own style that no MNIST
 * writer uses (a 1 lying down, a 4 written as a cross), each twice.
 */
const MY_HAND: [number, [number, number][][]][] = [
  [1, [[[0.5, 0.2], [0.5, 0.8]]]],
  [0, [ellipse()]],
  [7, [[[0.25, 0.2], [0.75, 0.2], [0.4, 0.8]]]],
  [1, [[[0.2, 0.5], [0.8, 0.5]]]],
  [4, [[[0.25, 0.25], [0.75, 0.75]], [[0.75, 0.25], [0.25, 0.75]]]],
  [1, [[[0.45, 0.2], [0.55, 0.8]]]],
  [0, [ellipse().map(([x, y]) => [x * 0.9 + 0.05, y] as [number, number])]],
  [7, [[[0.3, 0.25], [0.7, 0.25], [0.45, 0.8]]]],
  [1, [[[0.2, 0.45], [0.8, 0.55]]]],
  [4, [[[0.3, 0.2], [0.7, 0.8]], [[0.7, 0.2], [0.3, 0.8]]]],
];

for (const lang of ["en", "zh"] as const) {
  browserTest(`own data: MNIST my digits, evaluate and fine-tune (${lang})`, async () => {
    const path = `/${lang}/mnist/`;
    const p = await openPage(path, { waitFor: '[data-island="MyDigits"]' });
    try {
      const { page } = p;
      await page.evaluate(() => localStorage.clear());
      // A trained model: DrawDigit's quick one (published to the lesson's store).
      await hydrated(page, "DrawDigit");
      await page.click('[data-island="DrawDigit"] button.primary');
      await hydrated(page, "MyDigits");
      await waitUntil(page, `${MD_Q}.dataset.model !== ""`, 120_000, "a trained model");

      for (const [label, strokes] of MY_HAND) {
        await draw(page, strokes);
        await page.click(`${MD} button[data-label="${label}"]`);
      }
      await waitUntil(page, `${MD_Q}.dataset.count === "10"`, 5_000, "10 digits saved");
      const alt = await page.$eval(
        `${MD} .my-gallery canvas`,
        (el) => el.getAttribute("aria-label"),
      );
      assert.match(alt ?? "", /1 0 7 1 4 1 0 7 1 4/, "the gallery shows the 10 digits' labels");

      await page.click(`${MD} button[data-action="finetune"]`);
      await waitUntil(
        page,
        `${MD_Q}.dataset.mineAfter !== "" && ${MD_Q}.dataset.busy === "false"`,
        60_000,
        "fine-tuned",
      );
      assert.equal(await page.$eval(MD, (el) => el.querySelector('[role="alert"]')), null);
      const read = (k: string) => page.$eval(MD, (el, key) => Number(el.getAttribute(key)), k);
      const [mb, ma, vb, va] = await Promise.all(
        ["data-mine-before", "data-mine-after", "data-val-before", "data-val-after"].map(read),
      );
      console.log(
        `  MyDigits ${lang}: my 10 digits ${mb} → ${ma}, validation ${vb} → ${va} after 40 steps`,
      );
      assert.ok(ma > mb, `fine-tuning raises accuracy on my digits: ${mb} → ${ma}`);
      assert.ok(ma >= 0.9, `nearly all of my digits right after fine-tuning: ${ma}`);
      const tensors = await page.$eval(MD, (el) => el.getAttribute("data-tensors"));
      await page.click(`${MD} button[data-action="finetune"]`);
      await waitUntil(page, `${MD_Q}.dataset.steps === "80" && ${MD_Q}.dataset.busy === "false"`);
      assert.equal(
        await page.$eval(MD, (el) => el.getAttribute("data-tensors")),
        tensors,
        "tensors flat over fine-tuning runs",
      );
      await axeCheck(page, `${path} my digits`);
      const dir = Deno.env.get("SCREENSHOT_DIR");
      if (dir) {
        await (await page.$('[data-island="MyDigits"]'))!.screenshot({
          path: `${dir}/owndata-mydigits-${lang}.png`,
        });
      }
      // The digits survive a reload (localStorage).
      await page.reload({ waitUntil: "load" });
      await hydrated(page, "MyDigits");
      await waitUntil(page, `${MD_Q}.dataset.count === "10"`, 10_000, "digits kept");
      assertClean(p, path);
    } finally {
      await p.close();
    }
  });
}
