/**
 * Lesson 7's learning-rate range test (Smith 2017): one run whose learning rate grows by the same
 * factor every step, the batch loss (faint) and its smoothed average against the rate on a log
 * axis, and what the curve says: the rate at the lowest smoothed loss and a tenth of it. It trains
 * in the runtime's worker (components/training/sweep_range_trainer.ts).
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import LineChart from "../lib/LineChart.tsx";
import { fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitsUrl } from "../mnist/digits.ts";
import { RANGE_DEFAULTS, rangeReading } from "../training/sweep_range.ts";
import { RANGE_TEXT } from "../training/curves_text.ts";
import { rangeState } from "../training/curves_store.ts";

/** A learning rate as the reader reads it: 2 significant digits. */
export const fmtLr = (lr: number) => String(Number(lr.toPrecision(2)));

export default function LrRangeTest(props: { lang?: string }) {
  const t = textFor(RANGE_TEXT, props.lang);
  const [started, setStarted] = useState(0);
  const trainer = useTrainer("training-range", { data: digitsUrl() });
  const snap = trainer.snapshot;
  const running = trainer.status === "running" || trainer.status === "starting";
  const points = snap?.lrs.length ?? 0;
  const data = useMemo(
    () => (snap ? [snap.lrs, snap.losses, snap.smoothed] : [[], [], []]),
    [snap],
  );
  const reading = points > 5 ? rangeReading(snap!.lrs, snap!.smoothed) : null;
  // A finished curve goes to the exercise "training-range" (components/training/curves_store.ts).
  useEffect(() => {
    if (snap && !running && points > 5) {
      rangeState.value = { lrs: snap.lrs, smoothed: snap.smoothed };
    }
  }, [snap, running]);

  async function run() {
    trainer.reset();
    setStarted((n) => n + 1);
    await trainer.playTo(RANGE_DEFAULTS.steps).catch(() => {});
  }

  return (
    <figure
      class="training-range"
      aria-label={t.figureLabel}
      {...trainerHooks(trainer, { points, lrAtMin: reading?.lrAtMin })}
    >
      <div class="controls buttons fig">
        <button type="button" class="primary" data-action="range" disabled={running} onClick={run}>
          {t.run}
        </button>
      </div>
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      {trainer.error && <p class="training-error" role="alert">{trainer.error}</p>}
      {points === 0 && started === 0 && <p class="training-status">{t.chartsLater}</p>}
      <div hidden={points === 0}>
        <LineChart
          data={data}
          series={[
            { label: t.raw, color: "var(--curve)", opacity: 0.6, width: 1 },
            { label: t.smooth, color: "var(--step)", width: 2 },
          ]}
          height={260}
          logX
          logY
          xLabel={t.lrAxis}
          yLabel={t.lossAxis}
          summary={reading
            ? t.summary(points, fmtLr(reading.lrAtMin), fmtLoss(reading.minLoss))
            : t.notYet}
        />
      </div>
      {reading && !running && (
        <p class="training-reading" role="status">
          {t.reading(fmtLr(reading.lrAtMin), fmtLr(reading.suggested))}
          {snap!.stopped && ` ${t.stopped}`}
        </p>
      )}
    </figure>
  );
}
