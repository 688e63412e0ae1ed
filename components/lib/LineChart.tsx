/**
 * A line chart on uPlot (small, fast, canvas): loss curves, fitted functions. uPlot draws the
 * axes, scales and ticks; this wrapper creates it after hydration, feeds it new data without
 * re-creating it, follows the container's width and the light/dark theme, and renders a sized
 * placeholder on the server. Every chart carries a text alternative (`summary`), which the
 * caller keeps live with the numbers that matter.
 */
import { useEffect, useRef } from "preact/hooks";
import type uPlot from "uplot";

export interface Series {
  label: string;
  /** A CSS colour or `var(--name)` of the site's palette. */
  color: string;
  /** Dashed line. */
  dash?: boolean;
  /** Draw points only (a scatter). */
  points?: boolean;
  width?: number;
  /** 0–1: draw the line faintly (a hex colour or palette variable gets this alpha). */
  opacity?: number;
  /** Join the line across null values (series sampled at other x than the rest). */
  spanGaps?: boolean;
}

export interface LineChartProps {
  /** `[xs, ys1, ys2, ...]`, one array per series after the x values. */
  data: (number | null)[][];
  series: Series[];
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Log-scale y axis (loss curves). */
  logY?: boolean;
  /** Log-scale x axis (sizes 2, 4, 8, ...). */
  logX?: boolean;
  /** Show uPlot's legend (default: when there is more than one series). */
  legend?: boolean;
  /** Ticks on x at whole numbers only (epochs, counts): never 0.5 between two epochs. */
  xIntegers?: boolean;
  /** Fixed ranges (on a log axis too: both bounds above 0); otherwise from the data. */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Text alternative: what the chart shows, with its current numbers. */
  summary: string;
}

/**
 * A linear axis's range from the data: uPlot's, but at least 1e-3 of the values wide. A flat
 * series (a loss stuck at ln 2 for a while) otherwise gets a range of a few ulps, whose ticks
 * cost uPlot seconds per redraw.
 */
function linearRange(
  rangeNum: typeof uPlot.rangeNum, // uPlot's own default for a y scale
  min: number,
  max: number,
): uPlot.Range.MinMax {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [min, max]; // no data yet
  const least = 1e-3 * Math.max(1, Math.abs(min), Math.abs(max));
  if (!(max - min < least)) return rangeNum(min, max, 0.1, true);
  const mid = (min + max) / 2;
  return rangeNum(mid - least / 2, mid + least / 2, 0.1, true);
}

/**
 * The chart's x and y scales: log (uPlot's `distr: 3`) or linear, each with its fixed range when
 * one is given, on a log axis as on a linear one; a linear y without one gets `linearRange`.
 */
export function chartScales(
  p: Pick<LineChartProps, "logX" | "logY" | "xRange" | "yRange">,
  rangeNum: typeof uPlot.rangeNum,
): uPlot.Scales {
  return {
    x: {
      time: false,
      ...(p.logX ? { distr: 3 } : {}),
      ...(p.xRange ? { range: p.xRange } : {}),
    },
    y: p.yRange
      ? { ...(p.logY ? { distr: 3 } : {}), range: p.yRange }
      : p.logY
      ? { distr: 3 }
      : { range: (_u, lo, hi) => linearRange(rangeNum, lo, hi) },
  };
}

function cssColor(el: Element, color: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(color);
  return m ? getComputedStyle(el).getPropertyValue(m[1]).trim() || "#888" : color;
}

/** `#rgb` / `#rrggbb` with an alpha, as rgba(); other colour syntaxes are returned unchanged. */
function withAlpha(color: string, alpha: number | undefined): string {
  if (alpha === undefined) return color;
  let hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color)?.[1];
  if (!hex) return color;
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex!.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/**
 * The tick steps of an axis of whole numbers: 1, 2, 5 × 10ᵏ (uPlot takes the smallest that
 * leaves its minimum room between ticks; its default list goes down to 1e−16).
 */
export const WHOLE_STEPS: number[] = Array.from(
  { length: 16 },
  (_, k) => [1, 2, 5].map((m) => m * 10 ** k),
)
  .flat();

/** The font uPlot draws tick labels in; also the font they are measured in. */
const AXIS_FONT = "12px system-ui, -apple-system, sans-serif";
const AXIS_FONT_PX = 12;
/** Least room between two tick labels, in CSS pixels. */
const LABEL_GAP = 6;
/** Charts shorter than this leave a plot area too short to read (canvas, axes included). */
export const MIN_CHART_HEIGHT = 220;

let measurer: CanvasRenderingContext2D | null | undefined;
/** Width in CSS pixels of `text` in the axis font. */
function textWidth(text: string): number {
  measurer ??= document.createElement("canvas").getContext("2d");
  if (!measurer) return text.length * AXIS_FONT_PX * 0.6;
  measurer.font = AXIS_FONT;
  return measurer.measureText(text).width;
}

/**
 * A log axis spanning many decades (a loss falling from 10 to 1e−12) gets a tick at every
 * 1, 2, ..., 9 × 10ᵏ from uPlot: a solid block of grid lines. Past three decades keep only the
 * powers of ten, at most about six of them.
 */
function decades(_u: uPlot, splits: number[]): (number | null)[] {
  const exps = splits.map((v) => Math.log10(v));
  const lo = Math.min(...exps), hi = Math.max(...exps);
  if (!(hi - lo >= 3)) return splits;
  const every = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / 6));
  return splits.map((v, i) => {
    const e = Math.round(exps[i]);
    return Math.abs(exps[i] - e) < 1e-9 && (e - Math.ceil(lo)) % every === 0 ? v : null;
  });
}

/** The leading digit of `v` (1–9) in its decade. */
function mantissa(v: number): number {
  return Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
}

/**
 * Which log-axis ticks carry a label: the powers of ten when at least two are in view, else
 * 1, 2, 5 × 10ᵏ when two of those are, else every tick uPlot made (a range inside one decade:
 * 0.4 … 0.9). {@link fitLabels} then thins whatever is chosen until no two labels touch.
 */
function logLabelled(splits: (number | null)[]): (number | null)[] {
  for (const keep of [[1], [1, 2, 5]]) {
    const chosen = splits.map((v) => v !== null && keep.includes(mantissa(v)) ? v : null);
    if (chosen.filter((v) => v !== null).length >= 2) return chosen;
  }
  return splits;
}

/** Log-axis labels: plain numbers from 0.01 to 10⁴, else 1e−k (uPlot prints 1e−12 as "0"). */
function logLabel(v: number): string {
  if (v >= 0.01 && v < 1e4) return String(Number(v.toPrecision(3)));
  const e = Math.floor(Math.log10(v) + 1e-9);
  const m = v / 10 ** e;
  return `${Math.abs(m - 1) < 1e-9 ? "" : `${Number(m.toPrecision(2))}×`}1e${e}`.replace("-", "−");
}

/** Linear-axis labels with as many decimals as the tick step has (step 0.25: "0.75"). */
function linearLabel(v: number, incr: number): string {
  const step = Number(incr.toPrecision(6)).toFixed(12).replace(/0+$/, "");
  const digits = Math.min(12, step.split(".")[1]?.length ?? 0);
  return v.toFixed(digits).replace(/^-(0\.?0*)$/, "$1");
}

/**
 * Drops labels (every second, then every third, …) until no two neighbours overlap: along x a
 * label is as wide as its text, along y as tall as the font, plus {@link LABEL_GAP}. The ticks
 * and grid lines stay; only their text goes.
 */
function fitLabels(
  u: uPlot,
  axis: number,
  splits: (number | null)[],
  labels: (string | null)[],
): (string | null)[] {
  const scale = axis === 0 ? "x" : "y";
  const at = splits.map((v) => v === null ? NaN : u.valToPos(v, scale));
  const size = labels.map((l) => l === null ? 0 : axis === 0 ? textWidth(l) : AXIS_FONT_PX);
  const shown = labels.map((l, i) => l !== null && Number.isFinite(at[i]) ? i : -1)
    .filter((i) => i >= 0);
  for (let every = 1; every <= shown.length; every++) {
    const keep = shown.filter((_, k) => k % every === 0);
    const fits = keep.every((i, k) =>
      k === 0 ||
      Math.abs(at[i] - at[keep[k - 1]]) >= (size[i] + size[keep[k - 1]]) / 2 + LABEL_GAP
    );
    if (fits) return labels.map((l, i) => keep.includes(i) ? l : null);
  }
  return labels.map(() => null);
}

/** Tick labels of an axis: log or linear, thinned so that none overlap. */
function axisValues(log: boolean) {
  return (u: uPlot, splits: (number | null)[], axis: number, _space: number, incr: number) => {
    const labelled = log ? logLabelled(splits) : splits;
    const text = labelled.map((v) =>
      v === null ? null : log ? logLabel(v) : linearLabel(v, incr || 1)
    );
    return fitLabels(u, axis, splits, text);
  };
}

/** The y axis is as wide as its widest label (+ tick and gap), so "1×1e−12" is not cut off. */
function yAxisSize(_u: uPlot, values: (string | null)[] | null): number {
  const widest = Math.max(0, ...(values ?? []).map((v) => v === null ? 0 : textWidth(v)));
  return Math.max(36, Math.ceil(widest) + 10 + 5 + 4);
}

interface LabelBox {
  axis: "x" | "y";
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * The boxes of the tick labels uPlot drew, in CSS pixels relative to the plot area, as the
 * browser tests read them (`data-tick-labels`): canvas text is not in the DOM.
 */
function labelBoxes(u: uPlot): LabelBox[] {
  const boxes: LabelBox[] = [];
  const axes = u.axes as (uPlot.Axis & { _splits?: number[]; _values?: (string | null)[] })[];
  axes.forEach((a, i) => {
    const key = i === 0 ? "x" : "y";
    (a._values ?? []).forEach((text, k) => {
      const v = a._splits?.[k];
      if (text === null || v === undefined) return;
      const at = u.valToPos(v, key);
      const w = textWidth(String(text)), h = AXIS_FONT_PX;
      boxes.push(
        key === "x"
          ? { axis: key, text, left: at - w / 2, right: at + w / 2, top: 0, bottom: h }
          : { axis: key, text, left: -w, right: 0, top: at - h / 2, bottom: at + h / 2 },
      );
    });
  });
  return boxes;
}

/**
 * Loads and evaluates uPlot's module ahead of the first chart: an island whose chart appears
 * only once training has produced something calls it when it mounts, so that the module's
 * evaluation (about 30 ms of main-thread CPU time, traced) is not among the tasks of the run.
 */
export function preloadLineChart(): void {
  void import("uplot").catch(() => {});
}

export default function LineChart(props: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const height = Math.max(MIN_CHART_HEIGHT, props.height ?? 220);

  const legend = props.legend ?? props.series.length > 1;
  // Create the chart once (and again when the series, axes or ranges change, or the theme flips).
  const shape = JSON.stringify([
    props.xRange,
    props.yRange,
    props.series,
    props.xLabel,
    props.yLabel,
    props.logY,
    props.logX,
    props.xIntegers,
    props.legend,
    height,
  ]);
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    let themeObserver: MutationObserver | undefined;
    let scheme: MediaQueryList | undefined;
    let onScheme: (() => void) | undefined;
    (async () => {
      const { default: UPlot } = await import("uplot");
      // The first chart of a page evaluates uPlot's module in this task: the chart is made in
      // the next one, so that the two together do not hold the main thread (traced: 30 ms to
      // evaluate the module and 23 ms to make a chart of twelve series, in one task, while
      // LearningCurves trained).
      await new Promise((r) => setTimeout(r, 0));
      if (disposed || !box.current) return;
      const el = box.current;
      const make = () => {
        plot.current?.destroy();
        const p = latest.current;
        const fg = cssColor(el, "var(--fg)");
        const grid = cssColor(el, "var(--grid)");
        // The axis colour in use, for tests that flip the theme.
        el.dataset.axisColor = fg;
        const axis = (
          label: string | undefined,
          log: boolean,
          y: boolean,
          whole = false,
        ): uPlot.Axis => ({
          label,
          ...(whole && !log ? { incrs: WHOLE_STEPS } : {}),
          stroke: fg,
          font: AXIS_FONT,
          grid: { stroke: grid, width: 1, ...(log ? { filter: decades } : {}) },
          ticks: { stroke: grid, width: 1, ...(log ? { filter: decades } : {}) },
          values: axisValues(log),
          // uPlot's defaults (50 px for the tick labels, 30 for the title) leave a short plot.
          labelSize: 20,
          ...(log ? { filter: decades } : {}),
          size: y ? yAxisSize : 34,
        });
        const colors = p.series.map((s) => withAlpha(cssColor(el, s.color), s.opacity));
        plot.current = new UPlot(
          {
            width: Math.max(200, el.clientWidth),
            height,
            // live: false — the legend names the series; values under the cursor read as "--" otherwise.
            // Every series gets a swatch in its own colour: a scatter's line stroke is transparent,
            // which uPlot would otherwise use for its marker.
            legend: {
              show: p.legend ?? p.series.length > 1,
              live: false,
              markers: {
                stroke: (_u, i) => colors[i - 1] ?? "transparent",
                // A dashed series: a dashed outline (filled, the dashes would not show).
                fill: (_u, i) =>
                  p.series[i - 1]?.dash ? "transparent" : colors[i - 1] ?? "transparent",
                dash: (_u, i) => p.series[i - 1]?.dash ? "dashed" : "solid",
              },
            },
            cursor: { drag: { x: false, y: false } },
            scales: chartScales(p, UPlot.rangeNum),
            axes: [axis(p.xLabel, !!p.logX, false, p.xIntegers), axis(p.yLabel, !!p.logY, true)],
            hooks: {
              draw: [(u) => {
                el.dataset.tickLabels = JSON.stringify(labelBoxes(u));
              }],
            },
            series: [
              {},
              ...p.series.map((s, i): uPlot.Series => {
                const stroke = colors[i];
                return {
                  label: s.label,
                  // A points-only series keeps its colour (the legend's swatch) but draws no line.
                  stroke,
                  ...(s.points ? { paths: () => null } : {}),
                  width: s.width ?? 2,
                  dash: s.dash ? [6, 4] : undefined,
                  spanGaps: s.spanGaps,
                  points: s.points
                    ? { show: true, size: 6, fill: stroke, stroke }
                    : { show: false },
                };
              }),
            ],
          },
          p.data as uPlot.AlignedData,
          el,
        );
      };
      make();
      observer = new ResizeObserver(() => {
        plot.current?.setSize({ width: Math.max(200, el.clientWidth), height });
      });
      observer.observe(el);
      // The theme toggle sets data-theme on <html>; redraw with the new palette.
      themeObserver = new MutationObserver(make);
      themeObserver.observe(document.documentElement, { attributeFilter: ["data-theme"] });
      // With no theme chosen, the page follows the system's light/dark setting: redraw when it flips.
      scheme = globalThis.matchMedia?.("(prefers-color-scheme: dark)");
      onScheme = make;
      scheme?.addEventListener("change", onScheme);
    })();
    return () => {
      disposed = true;
      observer?.disconnect();
      themeObserver?.disconnect();
      if (onScheme) scheme?.removeEventListener("change", onScheme);
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape]);

  // New data: update in place (cheap; no re-creation).
  useEffect(() => {
    plot.current?.setData(props.data as uPlot.AlignedData);
  }, [props.data]);

  return (
    <figure class="chart">
      <div
        ref={box}
        class="chart-canvas"
        // Room for the canvas and, when shown, uPlot's one-line legend.
        style={{ minHeight: `${height + (legend ? 30 : 0)}px` }}
        aria-hidden="true"
      />
      <figcaption class="chart-summary" aria-live="polite">{props.summary}</figcaption>
    </figure>
  );
}
