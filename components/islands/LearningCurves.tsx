/**
 * Lesson 7's learning curves: the MLP of lesson 4 on 500 training digits, trained once per ticked
 * run (no regularization, weight decay, dropout, early stopping, shifted digits, all four), the
 * training (dashed) and validation (solid) loss of every run overlaid on one chart, and a table of
 * where each run ends and its train–validation gap. The runs train in the runtime's worker
 * (components/training/curves_trainer.ts); finished runs are published to `curvesState` for the
 * exercise "training-gap".
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import LineChart, { preloadLineChart, type Series } from "../lib/LineChart.tsx";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { useUrlState } from "../lib/url_state.ts";
import { SHARED } from "../lib/text.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitsUrl } from "../mnist/digits.ts";
import {
  CURVES_DEFAULTS,
  curvesSteps,
  type Regularizer,
  REGULARIZERS,
} from "../training/curves_run_names.ts";
import { curvesState } from "../training/curves_store.ts";
import { CURVES_TEXT } from "../training/curves_text.ts";
import type { CurvesProps, CurvesRunView } from "../training/curves_trainer.ts";

/** One colour per run (Okabe–Ito: told apart with the common colour-vision deficiencies). */
export const RUN_COLORS: Record<Regularizer, string> = {
  none: "#D55E00",
  weightDecay: "#0072B2",
  dropout: "#009E73",
  earlyStop: "#CC79A7",
  augment: "#E69F00",
  all: "#56B4E9",
};

export interface LearningCurvesProps {
  lang?: string;
  /** Epochs per run (default 30; clamped by the trainer). */
  epochs?: number;
}

/** A run's kept epoch (early stopping: the best validation loss; else the last). */
function keptOf(r: CurvesRunView) {
  return r.kept === null ? undefined : r.history[r.kept];
}

export default function LearningCurves(props: LearningCurvesProps) {
  const t = textFor(CURVES_TEXT, props.lang);
  const shared = textFor(SHARED, props.lang);
  // The ticked runs and the epochs per run live in the URL (`?curves.dropout=false&curves.epochs=5`).
  const [url, setUrl, restored] = useUrlState(
    "curves",
    {
      epochs: props.epochs ?? CURVES_DEFAULTS.epochs,
      ...Object.fromEntries(REGULARIZERS.map((r) => [r, true])) as Record<Regularizer, boolean>,
    },
    { epochs: { min: 1, max: 100, integer: true } },
  );
  const ticked = REGULARIZERS.filter((r) => url[r]);
  const [run, setRun] = useState<CurvesProps & { start: number }>(() => ({
    data: digitsUrl(),
    runs: [...REGULARIZERS],
    epochs: CURVES_DEFAULTS.epochs,
    start: 0,
  }));
  const { start, ...runProps } = run;
  const trainer = useTrainer("training-curves", runProps);
  const snap = trainer.snapshot;
  const status = trainer.status;
  const running = status === "running" || status === "starting";
  const runs = snap?.runs ?? [];
  // Every step is known in advance (the trainer's clamp of epochs is the same: 1 to 100).
  const epochs = run.epochs!;
  const total = curvesSteps(run.runs.length, { ...CURVES_DEFAULTS, epochs });

  useEffect(() => {
    if (start > 0) void trainer.playTo(total).catch(() => {});
  }, [run]);
  // The chart is made at the first scored epoch, while the runs train: its module is loaded now.
  useEffect(preloadLineChart, []);
  // The URL's runs and epochs, read after hydration, are the ones Train will use: the chart is
  // made for them once, not made again when training starts.
  useEffect(() => {
    if (restored && start === 0) setRun((old) => ({ ...old, runs: ticked, epochs: url.epochs }));
  }, [restored]);

  const finished = runs.filter((r) => r.done && r.history.length > 1);
  useEffect(() => {
    curvesState.value = {
      runs: finished.map((r) => {
        const k = keptOf(r)!;
        return { name: r.name, valAcc: k.valAcc, gap: k.trainAcc - k.valAcc };
      }),
    };
  }, [finished.length, snap]);

  // The curves change only when an epoch is scored: redraw then, not at every snapshot. The
  // series and the x range are fixed for a training (one pair per run, empty until it starts),
  // so the chart is made once and only its data change (each remake costs the main thread).
  const scored = runs.map((r) => r.history.length).join(",");
  const { data, series } = useMemo(() => {
    const xs = Array.from({ length: epochs + 1 }, (_, i) => i);
    const data: (number | null)[][] = [xs];
    const series: Series[] = [];
    for (const name of run.runs) {
      const history = runs.find((r) => r.name === name)?.history ?? [];
      const col = (f: (h: CurvesRunView["history"][number]) => number) =>
        xs.map((i) => (i < history.length && history.length > 1 ? f(history[i]) : null));
      data.push(col((h) => h.trainLoss), col((h) => h.valLoss));
      const label = t.runName[name];
      series.push(
        { label: t.trainOf(label), color: RUN_COLORS[name], dash: true, width: 1.5 },
        { label: t.valOf(label), color: RUN_COLORS[name], width: 2 },
      );
    }
    return { data, series };
  }, [scored, t, run]);
  const drawn = runs.filter((r) => r.history.length > 1).length;

  const current = runs.findIndex((r) => !r.done);
  const summaryRows = runs.filter((r) => r.history.length > 1).map((r) => {
    const k = keptOf(r)!;
    return t.summaryRow(t.runName[r.name], fmtLoss(k.trainLoss), fmtLoss(k.valLoss));
  }).join(t.sentenceGap);

  function train() {
    if (!ticked.length) return;
    const epochs = Math.min(100, Math.max(1, Math.round(url.epochs)));
    setRun((old) => ({ ...old, data: digitsUrl(), runs: ticked, epochs, start: old.start + 1 }));
  }

  // The chart and the table change only when an epoch is scored: the same elements otherwise,
  // which Preact does not diff again (a snapshot arrives every 80 ms).
  const figureBody = useMemo(() => (
    <>
      {/* No chart frame before a run has two scored epochs (an empty log axis has no labels). */}
      <div hidden={!drawn}>
        {drawn > 0 && (
          <LineChart
            data={data}
            series={series}
            height={300}
            xLabel={t.epochAxis}
            yLabel={t.lossAxis}
            logY
            legend={false}
            xRange={[0, epochs]}
            xIntegers
            summary={drawn ? t.summary(summaryRows) : t.notYet}
          />
        )}
      </div>
      {snap && (
        <div class="table-scroll">
          <table class="training-gaps">
            <caption>{t.tableCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{t.colRun}</th>
                <th scope="col">{t.colEpoch}</th>
                <th scope="col">{t.colTrainAcc}</th>
                <th scope="col">{t.colValAcc}</th>
                <th scope="col">{t.colGap}</th>
                <th scope="col">{t.colValLoss}</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => {
                const k = r.history.length > 1 ? keptOf(r) : undefined;
                const gap = k && r.done ? k.trainAcc - k.valAcc : null;
                return (
                  <tr key={r.name} data-run={r.name}>
                    <th scope="row">
                      <span class="swatch" style={{ background: RUN_COLORS[r.name] }} />
                      {t.runName[r.name]}
                    </th>
                    <td>
                      {k ? k.epoch : "—"}
                      {r.stoppedEarly && (
                        <small>{` ${shared.punct.paren(t.stoppedAt(r.history.length - 1))}`}</small>
                      )}
                    </td>
                    <td>{k ? `${fmt(k.trainAcc, 1)}%` : "—"}</td>
                    <td>{k ? `${fmt(k.valAcc, 1)}%` : "—"}</td>
                    <td data-gap={gap === null ? undefined : fmt(gap, 2)}>
                      {gap === null ? (k ? "…" : "—") : fmt(gap, 1)}
                    </td>
                    <td>{k ? fmtLoss(k.valLoss) : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  ), [scored, t, run, snap === null, status]);

  return (
    <figure
      class="training-curves"
      aria-label={t.figureLabel}
      {...trainerHooks(trainer, {
        status,
        totalSteps: total,
        series: 2 * drawn,
        runs: JSON.stringify(runs.map((r) => ({
          name: r.name,
          epochs: r.history.length - 1,
          // Its training and validation series on the chart (drawn from the first scored epoch).
          series: r.history.length > 1 ? 2 : 0,
          kept: r.kept,
          done: r.done,
          gap: r.done && keptOf(r) ? keptOf(r)!.trainAcc - keptOf(r)!.valAcc : null,
        }))),
      })}
    >
      <fieldset class="training-runs" disabled={running}>
        <legend>{t.runsLegend}</legend>
        {REGULARIZERS.map((r) => (
          <label key={r}>
            <input
              type="checkbox"
              name={`curves-${r}`}
              checked={ticked.includes(r)}
              onChange={(e) => {
                setUrl({ [r]: (e.currentTarget as HTMLInputElement).checked });
              }}
            />
            <span class="swatch" style={{ background: RUN_COLORS[r] }} aria-hidden="true" />
            <span>
              {t.runName[r]} <small>{shared.punct.paren(t.runNote[r])}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="controls buttons fig">
        {running ? <button type="button" onClick={trainer.pause}>{shared.pause}</button> : (
          <button
            type="button"
            class="primary"
            data-action="train"
            disabled={!ticked.length}
            onClick={status === "paused" && trainer.steps > 0 && trainer.steps < total
              ? () => void trainer.playTo(total).catch(() => {})
              : train}
          >
            {status === "paused" && trainer.steps > 0 && trainer.steps < total
              ? t.resume
              : shared.train}
          </button>
        )}
      </div>
      {!ticked.length && <p role="status">{t.pick}</p>}
      {snap && current >= 0 && (
        <p class="training-progress" role="status">
          {t.progress(
            current + 1,
            runs.length,
            Math.max(1, Math.min(epochs, runs[current].history.length)),
            epochs,
          )}
        </p>
      )}
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      {trainer.error && <p class="training-error" role="alert">{trainer.error}</p>}
      {/* Chart and table take their room when training starts, so nothing below moves later. */}
      {!snap && <p class="training-status">{t.chartsLater}</p>}
      {figureBody}
      <p class="training-note">{t.gapNote}</p>
    </figure>
  );
}
