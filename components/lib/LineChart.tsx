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
  /** Fixed ranges; otherwise from the data. */
  xRange?: [number, number];
  yRange?: [number, number];
  /** Text alternative: what the chart shows, with its current numbers. */
  summary: string;
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

/** Log-axis labels: plain numbers from 0.01 to 10⁴, else 1e−k (uPlot prints 1e−12 as "0"). */
function logValues(_u: uPlot, splits: (number | null)[]): (string | null)[] {
  return splits.map((v) => {
    if (v === null) return null;
    if (v >= 0.01 && v < 1e4) return String(Number(v.toPrecision(3)));
    const e = Math.round(Math.log10(v));
    const m = v / 10 ** e;
    return `${Math.abs(m - 1) < 1e-9 ? "" : `${Number(m.toPrecision(2))}×`}1e${e}`.replace(
      "-",
      "−",
    );
  });
}

export default function LineChart(props: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const height = props.height ?? 220;

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
    props.legend,
    height,
  ]);
  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    let themeObserver: MutationObserver | undefined;
    (async () => {
      const { default: UPlot } = await import("uplot");
      if (disposed || !box.current) return;
      const el = box.current;
      const make = () => {
        plot.current?.destroy();
        const p = latest.current;
        const fg = cssColor(el, "var(--fg)");
        const grid = cssColor(el, "var(--grid)");
        const axis = (label?: string, log = false): uPlot.Axis => ({
          label,
          stroke: fg,
          grid: { stroke: grid, width: 1, ...(log ? { filter: decades } : {}) },
          ticks: { stroke: grid, width: 1, ...(log ? { filter: decades } : {}) },
          ...(log ? { filter: decades, values: logValues } : {}),
        });
        plot.current = new UPlot(
          {
            width: Math.max(200, el.clientWidth),
            height,
            // live: false — the legend names the series; values under the cursor read as "--" otherwise.
            legend: { show: p.legend ?? p.series.length > 1, live: false },
            cursor: { drag: { x: false, y: false } },
            scales: {
              x: {
                time: false,
                ...(p.logX ? { distr: 3 } : {}),
                ...(p.xRange ? { range: p.xRange } : {}),
              },
              y: p.logY ? { distr: 3 } : p.yRange ? { range: p.yRange } : {},
            },
            axes: [axis(p.xLabel, p.logX), axis(p.yLabel, p.logY)],
            series: [
              {},
              ...p.series.map((s): uPlot.Series => {
                const stroke = withAlpha(cssColor(el, s.color), s.opacity);
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
    })();
    return () => {
      disposed = true;
      observer?.disconnect();
      themeObserver?.disconnect();
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
