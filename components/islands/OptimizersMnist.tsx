/**
 * Lesson 7's "same optimizers on MNIST", drawn from the claims file (experiment
 * "training.optmnist", computed by `deno task claims`, not in the page): the smoothed training
 * loss of SGD, momentum, RMSprop and Adam on lesson 4's MLP, mean of seeds 1–3, on one chart, and
 * each one's final validation accuracy in a table. Nothing trains here.
 */
import { claimValue } from "../../claims/mod.ts";
import LineChart, { type Series } from "../lib/LineChart.tsx";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import {
  OPTMNIST,
  OPTMNIST_NAMES,
  optMnistLossClaim,
  type OptMnistName,
  optMnistSteps,
} from "../training/optmnist_names.ts";
import { OPTMNIST_TEXT } from "../training/optmnist_text.ts";
import { fmtLr } from "./LrRangeTest.tsx";

/** Okabe–Ito colours, told apart with colour-blindness, in both themes. */
export const OPTMNIST_COLORS: Record<OptMnistName, string> = {
  sgd: "#D55E00",
  momentum: "#0072B2",
  rmsprop: "#009E73",
  adam: "#CC79A7",
};

export default function OptimizersMnist(props: { lang?: string }) {
  const t = textFor(OPTMNIST_TEXT, props.lang);
  const punct = textFor(SHARED, props.lang).punct;
  const steps = optMnistSteps();
  const rows = OPTMNIST_NAMES.map((name) => ({
    name,
    curve: steps.map((_, k) => claimValue(optMnistLossClaim(name, k))),
    mean: claimValue(`training.optmnist.${name}.val.mean`),
    sd: claimValue(`training.optmnist.${name}.val.sd`),
  }));
  const series: Series[] = rows.map((r) => ({
    label: t.name[r.name],
    color: OPTMNIST_COLORS[r.name],
    width: 2,
  }));
  const summary = t.summary(
    rows.map((r) => `${t.name[r.name]} ${fmt(r.curve.at(-1)!, 2)}`).join(punct.items),
  );
  return (
    // No side margins (a figure's default 40 px each): the table needs the phone's width.
    <figure
      class="training-optmnist"
      aria-label={t.figureLabel}
      data-series={rows.length}
      style={{ margin: "1rem 0" }}
    >
      <LineChart
        data={[steps, ...rows.map((r) => r.curve)]}
        series={series}
        height={280}
        xLabel={t.stepAxis}
        yLabel={t.lossAxis}
        logY
        xRange={[0, OPTMNIST.steps]}
        summary={summary}
      />
      <figcaption>
        {t.caption(String(OPTMNIST.steps), String(OPTMNIST.batchSize), String(OPTMNIST.every))}
      </figcaption>
      <div class="table-scroll">
        <table class="training-gaps training-optmnist-table">
          <thead>
            <tr>
              <th scope="col">{t.colOpt}</th>
              <th scope="col">{t.colVal}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} data-opt={r.name}>
                <th scope="row">
                  <span class="swatch" style={{ background: OPTMNIST_COLORS[r.name] }} />
                  {t.name[r.name]}
                  <br />
                  <small>η = {fmtLr(OPTMNIST.lr[r.name])}</small>
                </th>
                <td>{fmt(r.mean, 1)} ± {fmt(r.sd, 1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
