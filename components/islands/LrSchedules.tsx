/**
 * Learning-rate schedules on a run: minibatch SGD fits a line under four schedules made with the
 * engine's `optim.lrScheduler` (constant, step, cosine, warm-up then cosine), the rate and the
 * excess loss L − L* drawn against the step. The batch size sets the gradient noise: a constant
 * rate ends on a floor that noise holds up; a falling rate goes below it. The runs are the
 * worker's (`call("schedules")` on components/training/optim_trainer.ts).
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import LineChart from "../lib/LineChart.tsx";
import { fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import {
  BATCHES,
  SCHEDULE_STEPS,
  type ScheduleRun,
  SCHEDULES,
} from "../training/optim_schedules.ts";
import { SCHEDULES_TEXT } from "../training/optim_text.ts";

export interface LrSchedulesProps {
  lang?: string;
}

/** One colour per schedule (Dark2: distinct in both themes). */
const COLORS = ["#e7298a", "#d95f02", "#1b9e77", "#7570b3"];
const PROPS = {};
const STEPS = Array.from({ length: SCHEDULE_STEPS + 1 }, (_, i) => i);

export default function LrSchedules(props: LrSchedulesProps) {
  const t = textFor(SCHEDULES_TEXT, props.lang);
  const punct = textFor(SHARED, props.lang).punct;
  const [state, update, restored] = useUrlState("ls", { batch: 4 }, {
    batch: { values: BATCHES },
  });
  const trainer = useTrainer("optim-paths", PROPS);
  const [runs, setRuns] = useState<{ batch: number; runs: Record<string, ScheduleRun> }>();
  const [error, setError] = useState("");

  useEffect(() => {
    if (!restored) return;
    let alive = true;
    trainer.call("schedules", state.batch)
      .then((r) => alive && setRuns({ batch: state.batch, runs: r }))
      .catch((e) => alive && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      alive = false;
    };
  }, [restored, state.batch]);

  const ready = runs?.batch === state.batch;
  // The charts' data change with the runs only (a new array would redraw the chart).
  const data = useMemo(() =>
    runs && {
      lr: [STEPS.slice(0, SCHEDULE_STEPS), ...SCHEDULES.map((s) => runs.runs[s].lr)],
      excess: [STEPS, ...SCHEDULES.map((s) => runs.runs[s].excess.map((v) => Math.max(v, 1e-7)))],
    }, [runs]);
  // The second chart is made a moment after the first: two uPlot charts built in one task
  // would hold the main thread too long.
  const [both, setBoth] = useState(false);
  useEffect(() => {
    if (!data || both) return;
    const id = setTimeout(() => setBoth(true), 100);
    return () => clearTimeout(id);
  }, [data]);
  const series = SCHEDULES.map((s, i) => ({ label: t.names[s], color: COLORS[i] }));
  const finals = runs
    ? SCHEDULES.map((s) => `${t.names[s]} ${fmtLoss(runs.runs[s].final)}`).join(t.listSep)
    : "";

  return (
    <figure
      class="optim-island optim-schedules"
      {...trainerHooks(trainer, {
        ready,
        batch: state.batch,
        finals: runs
          ? JSON.stringify(Object.fromEntries(SCHEDULES.map((s) => [s, runs.runs[s].final])))
          : "",
      })}
    >
      <figcaption class="optim-title">{t.title}</figcaption>
      <div class="optim-buttons" role="group" aria-label={t.batch}>
        <span>{t.batch}{punct.colon.trim()}</span>
        {BATCHES.map((b) => (
          <button
            type="button"
            key={b}
            data-batch={b}
            aria-pressed={b === state.batch ? "true" : "false"}
            onClick={() => update({ batch: b })}
          >
            {b}
          </button>
        ))}
      </div>
      {!runs && <p class="optim-wait-line">{t.computing}</p>}
      {runs && (
        <div class="optim-charts">
          <LineChart
            data={data!.lr}
            series={series}
            xLabel={t.step}
            yLabel={t.lr}
            height={200}
            summary={t.lrSummary(SCHEDULE_STEPS)}
          />
          {both && (
            <LineChart
              data={data!.excess}
              series={series}
              xLabel={t.step}
              yLabel={t.excess}
              logY
              height={200}
              summary={t.lossSummary(runs.batch, finals)}
            />
          )}
        </div>
      )}
      {runs && (
        <table class="optim-table">
          <thead>
            <tr>
              <th scope="col">{t.schedule}</th>
              <th scope="col">{t.floor}</th>
            </tr>
          </thead>
          <tbody>
            {SCHEDULES.map((s) => (
              <tr key={s} data-schedule={s}>
                <th scope="row">{t.names[s]}</th>
                <td>{fmtLoss(runs.runs[s].final)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="optim-status" role="status">{error || trainer.error || ""}</p>
      <BackendBadge report={trainer.backend} fallback={trainer.fallback} lang={props.lang} />
    </figure>
  );
}
