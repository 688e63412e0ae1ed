/**
 * Normalization, measured: the mean and standard deviation of the shipped training pixels
 * (computed on the page: no engine needed) next to PyTorch's 0.1307 / 0.3081, and the pixels
 * after the course's normalization (the training split's own pair), then the same MLP (same
 * initial weights, same batches) trained twice with SGD, once on pixels in [0, 1] and once
 * normalized, with both loss curves on one chart: components/mnist/normalize_trainer.ts, in the
 * runtime's worker.
 */
import { useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { Choice, Slider } from "../lib/Controls.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import LineChart from "../lib/LineChart.tsx";
import { errorMessage } from "../lib/format.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitsUrl, loadDigits } from "../mnist/digits.ts";
import {
  MNIST_MEAN,
  MNIST_NORMALIZATION as norm,
  MNIST_STD,
  pixelStats,
} from "../../mnist/dataset.ts";
import { NORMALIZE_STATS } from "../mnist/text.ts";

export interface NormalizeStatsProps {
  lang?: string;
}

const LRS = [0.01, 0.03, 0.1, 0.3];

/** The URL's values, bounded by the rates offered and the steps slider. */
const URL_SCHEMA = {
  lr: { values: LRS },
  steps: { min: 20, max: 300, integer: true },
};

export default function NormalizeStats(props: NormalizeStatsProps) {
  const t = textFor(NORMALIZE_STATS, props.lang);
  const [state, update] = useUrlState("ns", { lr: 0.03, steps: 100 }, URL_SCHEMA);
  const [stats, setStats] = useState<{ mean: number; std: number } | null>(null);
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const total = Math.max(10, Math.min(500, state.steps));
  const trainer = useTrainer("mnist-normalize", {
    data: digitsUrl(),
    lr: state.lr,
    total,
  });
  const snap = trainer.snapshot;
  const running = trainer.status === "running" || trainer.status === "starting";
  const done = snap?.accuracy != null;
  const phase = trainer.status === "error" ? "error" : running ? "running" : done ? "done" : "idle";

  async function compute() {
    setBusy(true);
    try {
      const { train } = await loadDigits();
      setStats(pixelStats(train));
    } catch (error) {
      setMessage(errorMessage(error));
    }
    setBusy(false);
  }

  function train() {
    // A fresh pair of runs from the same start each time.
    trainer.reset();
    void trainer.play({ maxSteps: total });
  }

  const curves = snap ?? { at: [], raw: [], norm: [] };
  const n = curves.at.length;
  const lastRaw = curves.raw[n - 1], lastNorm = curves.norm[n - 1];
  const shown = trainer.error
    ? (trainer.nonFinite ? t.diverged(state.lr) : trainer.error)
    : snap?.accuracy
    ? t.result(`${fmt(100 * snap.accuracy.raw, 1)}%`, `${fmt(100 * snap.accuracy.norm, 1)}%`)
    : message;
  const row = (label: string, mean: number | null, std: number | null) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{mean === null ? "—" : fmt(mean, 4)}</td>
      <td>{std === null ? "—" : fmt(std, 4)}</td>
    </tr>
  );
  return (
    <figure
      class="mnist-island fig normalize-stats"
      {...trainerHooks(trainer, {
        mean: stats?.mean,
        std: stats?.std,
        phase,
        steps: n ? curves.at[n - 1] : 0,
        loss: n ? lastNorm : null,
        lossRaw: n ? lastRaw : null,
      })}
    >
      <div class="controls">
        <button type="button" class="primary" disabled={busy} onClick={compute}>
          {t.compute}
        </button>
      </div>
      <table class="norm-stats">
        <thead>
          <tr>
            <th scope="col">{t.source}</th>
            <th scope="col">{t.mean}</th>
            <th scope="col">{t.std}</th>
          </tr>
        </thead>
        <tbody>
          {row(t.ours, stats?.mean ?? null, stats?.std ?? null)}
          {row(t.torch, MNIST_MEAN, MNIST_STD)}
          {row(
            t.after(String(norm.mean), String(norm.std)),
            stats ? (stats.mean - norm.mean) / norm.std : null,
            stats ? stats.std / norm.std : null,
          )}
        </tbody>
      </table>
      <div class="controls">
        <Choice
          label={t.lr}
          value={state.lr}
          disabled={phase === "running"}
          options={LRS.map((v) => ({ value: v, label: String(v) }))}
          onChange={(lr) => update({ lr })}
        />
        <Slider
          label={t.steps}
          value={state.steps}
          min={20}
          max={300}
          step={20}
          disabled={phase === "running"}
          onInput={(steps) => update({ steps })}
        />
        <button type="button" class="primary" disabled={phase === "running"} onClick={train}>
          {t.train}
        </button>
      </div>
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      {/* No empty chart frame before the first run; the summary below says "not trained yet". */}
      <div class="mnist-chart" hidden={n === 0}>
        <LineChart
          data={[curves.at, curves.raw, curves.norm]}
          series={[
            { label: t.raw, color: "var(--curve)" },
            { label: t.norm, color: "var(--step)", dash: true },
          ]}
          height={220}
          xLabel={t.stepAxis}
          yLabel={t.lossAxis}
          summary={n ? t.summary(curves.at[n - 1], fmtLoss(lastRaw), fmtLoss(lastNorm)) : t.notYet}
        />
      </div>
      {n === 0 && <p class="mnist-status">{t.notYet}</p>}
      {trainer.status === "starting" && <p class="mnist-status">{t.loading}</p>}
      {shown && (
        <p class={phase === "error" ? "mnist-error" : "mnist-status"} role="status">{shown}</p>
      )}
    </figure>
  );
}
