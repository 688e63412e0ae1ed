/**
 * Initialization and depth: one deep MLP per init scheme (zeros, too small, too large, Xavier,
 * He, the reader's gain) on the shipped digits. "Measure step 0" draws, for the scheme picked,
 * a histogram per hidden layer of the activations and of ∂L/∂h, with their stds; two charts put
 * every scheme's per-layer stds side by side (log scale), and a table checks
 * Var(z) = n·σ_w²·E[h²] layer by layer. "Train" runs all six side by side (loss curves). The
 * work runs in the runtime's worker (components/training/init_trainer.ts); the reader's init and
 * what it measured go to `initFigureState` for the exercise.
 *
 * Test hooks: data-stds (JSON: per scheme, act and grad stds per layer), data-measured (the
 * activation, depth and gain measured), data-losses (last loss per scheme), data-steps,
 * data-status, data-backend, data-tensors, data-phase.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { Choice, numberOptions, Slider } from "../lib/Controls.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import LineChart from "../lib/LineChart.tsx";
import { errorMessage, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitsUrl } from "../mnist/digits.ts";
import { INIT_TEXT } from "../training/init_text.ts";
import {
  type Activation,
  ACTIVATIONS,
  INIT_LIMITS,
  INIT_SCHEMES,
  type InitScheme,
  schemeStd,
  varianceRatio,
} from "../training/init_stats.ts";
import type { InitialStats } from "../training/init_trainer.ts";
import { initFigureState } from "../training/init_store.ts";
import { fmtStat, HistogramRow, VarianceTable } from "../training/init_view.tsx";

export interface InitHistogramsProps {
  lang?: string;
  /** Steps each network trains for (default 300). */
  steps?: number;
}

const DEPTHS = [5, 10, 20];
const WIDTH = 64;
/** Losses are drawn up to this (an exploding run's first losses are ~10⁹). */
const LOSS_CAP = 3;

const COLORS: Record<InitScheme, { color: string; dash?: boolean }> = {
  zeros: { color: "var(--muted)", dash: true },
  small: { color: "#56b4e9" },
  large: { color: "#d55e00" },
  xavier: { color: "#e69f00" },
  he: { color: "#009e73" },
  custom: { color: "#cc79a7", dash: true },
};

const URL_SCHEMA = {
  act: { values: ACTIVATIONS },
  depth: { values: DEPTHS },
  gain: { min: INIT_LIMITS.gain.min, max: 3 },
  show: { values: INIT_SCHEMES },
  steps: { min: 10, max: 1000, integer: true },
};

interface Measured {
  key: string;
  activation: Activation;
  depth: number;
  gain: number;
  stats: InitialStats;
}

export default function InitHistograms(props: InitHistogramsProps) {
  const t = textFor(INIT_TEXT, props.lang);
  const punct = textFor(SHARED, props.lang).punct;
  const [state, update] = useUrlState(
    "in",
    { act: "relu", depth: 10, gain: 1, show: "he", steps: props.steps ?? 300 },
    URL_SCHEMA,
  );
  const total = Math.max(10, Math.min(1000, Math.round(state.steps)));
  const activation = state.act as Activation;
  const depth = state.depth;
  const gain = Math.round(state.gain * 100) / 100;
  const show = state.show as InitScheme;
  const trainerProps = { data: digitsUrl(), activation, depth, width: WIDTH, gain };
  const key = JSON.stringify([activation, depth, gain]);
  const trainer = useTrainer("training-init", trainerProps);
  const [measured, setMeasured] = useState<Measured | null>(null);
  const [wanted, setWanted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState("");
  const seq = useRef(0);

  async function measure() {
    const mine = ++seq.current;
    setWanted(true);
    setBusy(true);
    setMessage("");
    try {
      const stats = await trainer.call("initial");
      if (mine !== seq.current) return; // the props changed meanwhile: a newer measure follows
      setMeasured({ key, activation, depth, gain, stats });
      initFigureState.value = { activation, depth, gain, act: stats.custom.act };
    } catch (error) {
      if (mine === seq.current) setMessage(errorMessage(error));
    }
    if (mine === seq.current) setBusy(false);
  }

  // Once the reader has measured, a change of activation, depth or gain measures again (after
  // the slider rests for a moment: each measure builds six networks).
  useEffect(() => {
    if (!wanted || measured?.key === key) return;
    const timer = setTimeout(() => void measure(), 250);
    return () => clearTimeout(timer);
  }, [key, wanted]);

  function train() {
    trainer.reset();
    void trainer.play({ maxSteps: total });
  }

  const running = trainer.status === "running" || trainer.status === "starting";
  const snap = trainer.snapshot;
  const stats = measured?.stats ?? null;
  const n = snap?.at.length ?? 0;
  const lastLoss = (s: InitScheme) => snap?.losses[s][n - 1] ?? null;
  const phase = trainer.status === "error"
    ? "error"
    : running
    ? "running"
    : n > 0 && snap!.steps >= total
    ? "done"
    : "idle";
  const ratio = stats ? varianceRatio(stats.custom.act) : NaN;
  const series = useMemo(
    () => INIT_SCHEMES.map((s) => ({ label: t.schemes[s], ...COLORS[s], width: 2 })),
    [props.lang],
  );
  // What step 0 measured changes only with a new measure or another scheme shown: built once
  // per change, so the snapshots that arrive while training redraw only the loss chart.
  const stepZero = useMemo(() => {
    const layers = Array.from({ length: measured?.depth ?? depth }, (_, l) => l + 1);
    // log₁₀ of the std on a linear axis: the values span 40 decades (uPlot's own log axis
    // fails on such a range); zeros have no logarithm and are left out.
    const logStd = (v: number) => (v > 0 && Number.isFinite(v) ? Math.log10(v) : null);
    const stdChart = (kind: "act" | "grad") =>
      stats
        ? [layers, ...INIT_SCHEMES.map((s) => stats[s][kind].map(logStd))]
        : [layers, ...INIT_SCHEMES.map(() => layers.map(() => null))];
    const stdSummary = (kind: "act" | "grad", words: string) =>
      stats
        ? t.stdSummary(
          words,
          INIT_SCHEMES.map((s) => {
            const v = stats[s][kind];
            return `${t.schemes[s]} ${fmtStat(v[0])} → ${fmtStat(v[v.length - 1])}`;
          }).join(punct.items),
        )
        : t.notYet;
    const shownStats = stats?.[show];
    const varRows = shownStats && measured
      ? shownStats.pre.map((pre, l): [number, number, number, number, number] => {
        const fanIn = l === 0 ? 784 : WIDTH;
        return [
          fanIn,
          schemeStd(show, fanIn, WIDTH, measured.gain),
          shownStats.inSq[l],
          pre,
          l + 1,
        ];
      })
      : [];
    if (!stats) return <p class="init-status">{t.notYet}</p>;
    return (
      <>
        <div class="init-charts">
          <div>
            <p class="init-chart-title">{t.actStdTitle}</p>
            <LineChart
              data={stdChart("act")}
              series={series}
              height={220}
              xLabel={t.layerAxis}
              yLabel={t.stdAxis}
              summary={`${t.actStdTitle}. ${stdSummary("act", t.actKind)}`}
            />
          </div>
          <div>
            <p class="init-chart-title">{t.gradStdTitle}</p>
            <LineChart
              data={stdChart("grad")}
              series={series}
              height={220}
              xLabel={t.layerAxis}
              yLabel={t.stdAxis}
              summary={`${t.gradStdTitle}. ${stdSummary("grad", t.gradKind)}`}
            />
          </div>
        </div>
        {stats && <p class="init-note">{t.schemes.zeros} {t.zeroNote}</p>}
        <Choice
          class="init-show"
          label={t.shown}
          value={show}
          options={INIT_SCHEMES.map((s) => ({ value: s, label: t.schemes[s] }))}
          onChange={(show) => update({ show })}
        />
        {shownStats
          ? (
            <>
              <HistogramRow
                label={t.actRow}
                hists={shownStats.actHist}
                stds={shownStats.act}
                kind={t.actKind}
                std={t.std}
                layer={t.layer}
                alt={t.histAlt}
              />
              <HistogramRow
                label={t.gradRow}
                hists={shownStats.gradHist}
                stds={shownStats.grad}
                kind={t.gradKind}
                std={t.std}
                layer={t.layer}
                alt={t.histAlt}
              />
              <VarianceTable title={t.varTitle(t.schemes[show])} cols={t.varCols} rows={varRows} />
            </>
          )
          : <p class="init-status">{t.notYet}</p>}
      </>
    );
  }, [measured, show, series, depth]);
  const hooks = stats
    ? JSON.stringify(
      Object.fromEntries(INIT_SCHEMES.map((s) => [s, { act: stats[s].act, grad: stats[s].grad }])),
    )
    : "";
  // The losses change only when they are read (every 5 steps), not with every snapshot (every
  // 80 ms): the chart is redrawn only then, to keep the page's main thread free while it trains.
  const lossPart = useMemo(() => {
    const diverged = INIT_SCHEMES.filter((s) => snap?.diverged[s] != null);
    return (
      <>
        <div class="init-loss" hidden={n === 0}>
          <LineChart
            data={[
              snap?.at ?? [],
              ...INIT_SCHEMES.map((s) =>
                (snap?.losses[s] ?? []).map((v) => (v === null ? null : Math.min(v, LOSS_CAP)))
              ),
            ]}
            series={series}
            height={240}
            yRange={[0, LOSS_CAP]}
            xLabel={t.stepAxis}
            yLabel={t.lossAxis}
            summary={n
              ? t.lossSummary(
                snap!.at[n - 1],
                INIT_SCHEMES.map((s) => {
                  const v = lastLoss(s);
                  return `${t.schemes[s]} ${v === null ? "—" : fmtLoss(v)}`;
                }).join(punct.items),
              )
              : t.curvesLater}
          />
        </div>
        {n === 0 && <p class="init-status">{t.curvesLater}</p>}
        {diverged.length > 0 && (
          <p class="init-status">
            {diverged.map((s) => t.diverged(t.schemes[s], snap!.diverged[s]!)).join(punct.items)}
            {punct.period}
          </p>
        )}
      </>
    );
  }, [n, series]);

  return (
    <figure
      class="init-figure fig"
      {...trainerHooks(trainer, {
        stds: hooks,
        measured: measured?.key,
        losses: snap
          ? JSON.stringify(Object.fromEntries(INIT_SCHEMES.map((s) => [s, lastLoss(s)])))
          : "",
        phase,
        steps: snap?.steps ?? 0,
      })}
    >
      <div class="init-controls">
        <Choice
          style="radios"
          name="init-act"
          label={t.activation}
          value={activation}
          disabled={running}
          options={ACTIVATIONS.map((a) => ({ value: a, label: a === "relu" ? "ReLU" : "tanh" }))}
          onChange={(act) => update({ act })}
        />
        <Choice
          label={t.depth}
          value={depth}
          disabled={running}
          options={numberOptions(DEPTHS)}
          onChange={(depth) => update({ depth })}
        />
        <Slider
          label={t.gain}
          value={gain}
          min={0}
          max={3}
          step={0.01}
          disabled={running}
          onInput={(gain) => update({ gain })}
        />
        <button
          type="button"
          class="primary"
          data-action="measure"
          disabled={busy || running}
          onClick={measure}
        >
          {t.measure}
        </button>
      </div>
      <p class="init-ratio" role="status">
        {stats && measured
          ? t.ratio(Number.isFinite(ratio) ? fmtStat(ratio) : "—", measured.depth)
          : t.ratioNone}
      </p>
      {(busy || trainer.status === "starting") && <p class="init-status">{t.loading}</p>}
      {message && <p class="init-error" role="alert">{message}</p>}
      {stepZero}
      <div class="init-controls">
        <button
          type="button"
          class="primary"
          data-action="train"
          disabled={running}
          onClick={train}
        >
          {t.train(total)}
        </button>
        {running && (
          <button type="button" data-action="pause" onClick={() => trainer.pause()}>
            {textFor(SHARED, props.lang).pause}
          </button>
        )}
      </div>
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      {lossPart}
      {trainer.error && <p class="init-error" role="alert">{trainer.error}</p>}
    </figure>
  );
}
