/**
 * Lesson 7's learning-rate sweep, drawn from the claims file (experiment "training.sweep",
 * computed by `deno task claims`, not in the page): validation accuracy at each log-spaced rate,
 * mean of seeds 1–3 with ±1 standard deviation bars, the chosen rate marked, and the same numbers
 * in a table. An SVG of a few elements: nothing trains here.
 */
import { claimValue } from "../../claims/mod.ts";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { SWEEP, sweepClaim } from "../training/sweep_range.ts";
import { SWEEP_TEXT } from "../training/curves_text.ts";
import { fmtLr } from "./LrRangeTest.tsx";

// Text is 15 units of a 480-wide drawing: 11 px on a phone's 350 px, 15 px on a laptop.
const W = 480, H = 260, L = 56, R = 16, T = 16, B = 48;

export default function LrSweep(props: { lang?: string }) {
  const t = textFor(SWEEP_TEXT, props.lang);
  const punct = textFor(SHARED, props.lang).punct;
  const rows = SWEEP.lrs.map((lr, i) => ({
    lr,
    mean: claimValue(sweepClaim(i, "mean")),
    sd: claimValue(sweepClaim(i, "sd")),
  }));
  const best = claimValue("training.sweep.best.index");
  const lo = Math.floor(Math.min(...rows.map((r) => r.mean - r.sd)) / 5) * 5;
  const hi = Math.min(100, Math.ceil(Math.max(...rows.map((r) => r.mean + r.sd)) / 5) * 5);
  const [a, b] = [Math.log10(SWEEP.lrs[0]), Math.log10(SWEEP.lrs.at(-1)!)];
  const x = (lr: number) => L + ((Math.log10(lr) - a) / (b - a)) * (W - L - R - 20) + 10;
  const y = (v: number) => T + ((hi - v) / (hi - lo)) * (H - T - B);
  const ticks = Array.from({ length: (hi - lo) / 5 + 1 }, (_, i) => lo + 5 * i);
  const bestLr = fmtLr(SWEEP.lrs[best]);
  return (
    <figure class="training-sweep" aria-label={t.figureLabel} data-best={String(SWEEP.lrs[best])}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t.summary(
          rows.map((r) =>
            `η = ${fmtLr(r.lr)}: ${fmt(r.mean, 1)} ± ${fmt(r.sd, 1)}%`
          ).join(punct.items),
          bestLr,
        )}
      >
        {ticks.map((v) => (
          <g key={v}>
            <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} class="grid" />
            <text x={L - 6} y={y(v) + 4} text-anchor="end">{v}</text>
          </g>
        ))}
        <polyline
          class="mean"
          points={rows.map((r) =>
            `${x(r.lr)},${y(r.mean)}`
          ).join(" ")}
        />
        {rows.map((r, i) => (
          <g key={r.lr} class={i === best ? "point best" : "point"}>
            <line x1={x(r.lr)} x2={x(r.lr)} y1={y(r.mean - r.sd)} y2={y(r.mean + r.sd)} />
            <line x1={x(r.lr) - 5} x2={x(r.lr) + 5} y1={y(r.mean - r.sd)} y2={y(r.mean - r.sd)} />
            <line x1={x(r.lr) - 5} x2={x(r.lr) + 5} y1={y(r.mean + r.sd)} y2={y(r.mean + r.sd)} />
            <circle cx={x(r.lr)} cy={y(r.mean)} r={i === best ? 5 : 3.5} />
            <text x={x(r.lr)} y={H - B + 20} text-anchor="middle">{fmtLr(r.lr)}</text>
          </g>
        ))}
        <text x={(L + W - R) / 2} y={H - 6} text-anchor="middle">{t.lrAxis}</text>
        <text
          x={14}
          y={(T + H - B) / 2}
          text-anchor="middle"
          transform={`rotate(-90 16 ${(T + H - B) / 2})`}
        >
          {t.accAxis}
        </text>
      </svg>
      <figcaption>{t.caption(bestLr)}</figcaption>
      <div class="table-scroll">
        <table class="training-sweep-table">
          <thead>
            <tr>
              <th scope="col">{t.colLr}</th>
              <th scope="col">{t.colVal}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.lr} class={i === best ? "best" : undefined}>
                <th scope="row">{fmtLr(r.lr)}</th>
                <td>
                  {fmt(r.mean, 1)} ± {fmt(r.sd, 1)}
                  {i === best && <strong>{` (${t.chosen})`}</strong>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
