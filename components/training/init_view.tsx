/**
 * The init figure's drawings: a row of small per-layer histograms (SVG bars, each with its
 * std under it and a text alternative), and the table that checks Var(z) = n·σ²·E[h²] layer by
 * layer. Plain components of plain data; InitHistograms composes them.
 */
import { fmtLoss } from "../lib/format.ts";
import type { Histogram } from "./init_stats.ts";

/** A std or a variance, short: 3 significant digits, powers of ten when tiny or huge. */
export function fmtStat(v: number): string {
  if (v === 0) return "0";
  if (!Number.isFinite(v)) return fmtLoss(v);
  return Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2
    ? v.toExponential(1).replace("-", "−")
    : v.toPrecision(3);
}

const W = 60, H = 36;

/**
 * A histogram's bars as one SVG path (a rectangle per non-empty bin): at 20 layers the figure
 * draws 40 histograms of 24 bins, and as separate <rect>s their style, layout and paint took
 * one main-thread task past 50 ms of CPU time on a phone (traced); one element each does not.
 */
export function barsPath(counts: number[], bw: number, max: number): string {
  const r = (v: number) => Math.round(v * 100) / 100;
  return counts.map((c, k) => {
    if (c <= 0) return "";
    const height = (H - 2) * (Math.sqrt(c) / max);
    return `M${r(k * bw)} ${r(H - height)}h${r(bw)}v${r(height)}h${r(-bw)}z`;
  }).join("");
}

/** One row of histograms, one per layer, on the scheme's shared axis. */
export function HistogramRow(
  props: {
    label: string;
    hists: Histogram[];
    stds: number[];
    kind: string;
    std: string;
    layer: (l: number) => string;
    alt: (kind: string, l: number, std: string, lo: string, hi: string) => string;
  },
) {
  return (
    <div class="init-row">
      <p class="init-row-label">{props.label}</p>
      <ol class="init-hists">
        {props.hists.map((h, l) => {
          // Heights on a square-root scale: ReLU's spike at 0 (half of all values) would
          // otherwise flatten the rest of the histogram.
          const max = Math.sqrt(Math.max(1, ...h.counts));
          const bw = W / h.counts.length;
          const std = fmtStat(props.stds[l]);
          return (
            <li key={l}>
              <svg
                viewBox={`0 0 ${W} ${H}`}
                width={W}
                height={H}
                role="img"
                aria-label={props.alt(props.kind, l + 1, std, fmtStat(h.lo), fmtStat(h.hi))}
              >
                <line x1={W / 2} x2={W / 2} y1={0} y2={H} class="init-zero" />
                <path class="init-bars" d={barsPath(h.counts, bw, max)} />
              </svg>
              <span class="init-layer">{props.layer(l + 1)}</span>
              <span class="init-std">{props.std} = {std}</span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The variance argument, layer by layer: predicted n·σ_w²·E[h²] against the measured Var(z). */
export function VarianceTable(
  props: { title: string; cols: string[]; rows: [number, number, number, number, number][] },
) {
  return (
    <div class="init-table-wrap" role="region" aria-label={props.title} tabIndex={0}>
      <table class="init-var">
        <caption>{props.title}</caption>
        <thead>
          <tr>{props.cols.map((c) => <th scope="col" key={c}>{c}</th>)}</tr>
        </thead>
        <tbody>
          {props.rows.map(([n, sw, inSq, pre, l]) => {
            const predicted = n * sw * sw * inSq, measured = pre * pre;
            return (
              <tr key={l}>
                <th scope="row">{l}</th>
                <td>{n}</td>
                <td>{fmtStat(sw)}</td>
                <td>{fmtStat(inSq)}</td>
                <td>{fmtStat(predicted)}</td>
                <td>{fmtStat(measured)}</td>
                <td>{predicted > 0 ? (measured / predicted).toFixed(2) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
