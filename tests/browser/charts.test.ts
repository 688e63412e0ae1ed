/**
 * Every chart on every lesson, after its island has drawn something (Train / Play / Sweep
 * pressed where the island has one): no two tick labels of an axis overlap, and a shown legend
 * has a visible swatch for every series. Tick labels are canvas text, so LineChart records the
 * boxes it drew in `data-tick-labels` (CSS pixels, from uPlot's positions and the measured
 * text); the test checks those boxes, at phone and laptop widths.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { assertClean, browserTest, hydrateAll, openPage } from "./harness.ts";
import { LESSONS } from "./lessons.ts";

/** Smaller work so that the sweep and training finish quickly. */
const query: Record<string, string> = { bumps: "?bt.budget=200" };
/** Buttons that make an island draw: their text starts with one of these (English pages). */
const START = /^(train|play|run)/i;
/** Then, on a fresh page, the buttons that draw the other charts (lesson 2's sweep). */
const SECOND = /^(sweep|run the comparison)/i;

interface Box {
  axis: "x" | "y";
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Scrolls to every island (so it hydrates) and presses the first button matching `start`. */
async function startIslands(page: Page, start: RegExp): Promise<number> {
  await hydrateAll(page);
  return await page.evaluate((pattern) => {
    const re = new RegExp(pattern, "i");
    let pressed = 0;
    for (const island of document.querySelectorAll("[data-island]")) {
      for (const b of island.querySelectorAll("button")) {
        if (!b.disabled && re.test((b.textContent ?? "").trim())) {
          b.click();
          pressed++;
          break;
        }
      }
    }
    return pressed;
  }, start.source);
}

interface ChartReport {
  where: string;
  boxes: Box[] | null;
  drawn: boolean;
  legend: { label: string; swatch: string }[] | null;
}

function readCharts(page: Page): Promise<ChartReport[]> {
  return page.$$eval(".chart", (charts) =>
    charts.map((chart, i) => {
      const island = chart.closest("[data-island]")?.getAttribute("data-island") ?? "?";
      const canvas = chart.querySelector<HTMLElement>(".chart-canvas");
      const raw = canvas?.dataset.tickLabels;
      const legend = chart.querySelector(".u-legend");
      return {
        where: `${island} chart ${i}`,
        boxes: raw ? JSON.parse(raw) : null,
        drawn: chart.querySelector("canvas") !== null,
        legend: legend && getComputedStyle(legend).display !== "none"
          ? [...legend.querySelectorAll(".u-series")].map((row) => {
            const marker = row.querySelector(".u-marker");
            const style = marker ? getComputedStyle(marker) : null;
            const colors = style
              ? [style.backgroundColor, style.borderTopColor].filter((c) =>
                c && c !== "transparent" && !/rgba\(.*, 0\)$/.test(c)
              )
              : [];
            return { label: row.textContent ?? "", swatch: colors.join(" ") };
          })
          : null,
      };
    }));
}

function overlapping(boxes: Box[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.axis !== b.axis) continue;
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top ||
        b.bottom <= a.top;
      if (!apart) found.push(`${a.axis}: "${a.text}" and "${b.text}"`);
    }
  }
  return found;
}

for (
  const [name, viewport] of [
    ["phone", { width: 390, height: 844, isMobile: true }],
    ["laptop", { width: 1280, height: 900 }],
  ] as const
) {
  browserTest(`charts (${name}): tick labels never overlap, legends have swatches`, async () => {
    const problems: string[] = [];
    const drawn = new Set<string>();
    for (const lesson of LESSONS) {
      for (const [start, wait] of [[START, 4_000], [SECOND, 8_000]] as const) {
        const path = `/en/${lesson}/${query[lesson] ?? ""}`;
        const p = await openPage(path, { viewport });
        try {
          const pressed = await startIslands(p.page, start);
          if (start === SECOND && pressed === 0) continue;
          // Let the islands train and draw for a while (the charts are read while they run).
          await new Promise((r) => setTimeout(r, wait));
          for (const chart of await readCharts(p.page)) {
            if (!chart.drawn) continue;
            const where = `${path} ${chart.where}`;
            if (!chart.boxes) {
              problems.push(`${where}: no data-tick-labels`);
              continue;
            }
            // A chart with no data yet has no ticks (an island that shows an empty frame; MNIST
            // charts before the first epoch on a slow machine).
            if (chart.boxes.length === 0) continue;
            drawn.add(where);
            if (!chart.boxes.some((b) => b.axis === "y")) problems.push(`${where}: no y labels`);
            for (const o of overlapping(chart.boxes)) problems.push(`${where}: overlap ${o}`);
            for (const row of chart.legend ?? []) {
              if (!row.swatch) problems.push(`${where}: legend "${row.label}" has no swatch`);
            }
          }
          assertClean(p, path);
        } finally {
          await p.close();
        }
      }
    }
    assert.ok(drawn.size >= 10, `only ${drawn.size} charts drew: ${[...drawn].join(", ")}`);
    assert.ok(
      [...drawn].some((w) => w.includes("BumpTrainer chart 3")),
      "the sweep chart (final loss against hidden neurons) drew",
    );
    assert.deepEqual(problems, []);
  });
}
