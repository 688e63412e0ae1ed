/**
 * Gradient descent takes over from the bumps: nn.Linear(1, H) → activation → nn.Linear(H, 1),
 * trained with MSE and Adam on 200 samples of Nielsen's f. It starts from random weights or from
 * the reader's hand-built bumps (BumpBuilder's weights, same layout). Each hidden neuron's part
 * vᵢ·act(wᵢx + bᵢ) is drawn faintly under the sum. With the activation off the fit is a line.
 * A sweep trains H = 2 … 64 for a fixed number of steps and plots the final loss against H.
 * Both train in the runtime's worker (trainers `bump-fit` and `bump-sweep`); this is the view.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import LineChart from "../lib/LineChart.tsx";
import { Choice, numberOptions } from "../lib/Controls.tsx";
import BackendBadge from "../lib/BackendBadge.tsx";
import RunButtons from "../lib/RunButtons.tsx";
import RunSummary from "../lib/RunSummary.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import {
  type Activation,
  bumpNet,
  contribution,
  evalNet,
  fitHeights,
  linspace,
  meanSquaredError,
  net1dOf,
  nielsen,
  SWEEP_SIZES,
} from "../bumps/math.ts";
import { builtBumps, liveBumps } from "../bumps/state.ts";
import { BUMP_TRAINER } from "../bumps/text.ts";

export interface BumpTrainerProps {
  hidden?: number;
  start?: "random" | "built";
  activation?: Activation;
  lang?: string;
}

const HIDDEN = [2, 4, 6, 8, 10, 16, 20, 32, 64];
const RATES = [0.001, 0.003, 0.01, 0.03, 0.1];
const BUDGETS = [200, 500, 2000, 5000];
/** A press of Train runs at most this many steps (press again to go on). */
const RUN_STEPS = 5000;
const XS_PLOT = linspace(0, 1, 201);
const TARGET = XS_PLOT.map(nielsen);
const MAX_LOSS_POINTS = 400;

/** The hand-built staircase's MSE for 2N neurons (N = H/2 bumps, f's slice means, w = 400). */
const IDEAL = SWEEP_SIZES.map((h) =>
  meanSquaredError((x) => evalNet(bumpNet(fitHeights(h / 2), 400), x))
);

/** Largest distance of the curve from the straight line through its ends. */
function bendOf(ys: number[]): number {
  const n = ys.length - 1;
  let m = 0;
  ys.forEach((y, i) => (m = Math.max(m, Math.abs(y - (ys[0] + ((ys[n] - ys[0]) * i) / n)))));
  return m;
}

/** The URL's values, bounded by the controls' ranges (a hidden size of 1e9 froze the tab). */
const URL_SCHEMA = {
  start: { values: ["random", "built"] },
  hidden: { min: 1, max: HIDDEN[HIDDEN.length - 1], integer: true },
  act: { values: ["sigmoid", "relu", "none"] },
  lr: { min: RATES[0], max: RATES[RATES.length - 1] },
  budget: { min: 1, max: BUDGETS[BUDGETS.length - 1], integer: true },
};

export default function BumpTrainer(props: BumpTrainerProps) {
  const t = textFor(BUMP_TRAINER, props.lang);
  const shared = textFor(SHARED, props.lang);
  const defaults = useMemo(() => ({
    start: (props.start ?? "random") as string,
    hidden: props.hidden ?? 10,
    act: (props.activation ?? "sigmoid") as string,
    lr: 0.03,
    budget: 2000,
  }), []);
  const [state, update] = useUrlState("bt", defaults, URL_SCHEMA);
  const act =
    (["sigmoid", "relu", "none"].includes(state.act) ? state.act : "sigmoid") as Activation;
  const built = state.start === "built";
  const [bumps, setBumps] = useState(() => builtBumps(""));
  useEffect(() => {
    setBumps(builtBumps());
    return liveBumps.subscribe((b) => b && setBumps(b));
  }, []);
  const hidden = built ? 2 * bumps.heights.length : state.hidden;

  // The learning rate changes as it trains; anything else builds a new network.
  const fit = useTrainer(
    "bump-fit",
    { hidden, act, start: built ? bumps : null, seed: 1, lr: 0 },
    { lr: state.lr },
  );
  const sweep = useTrainer("bump-sweep", {
    act,
    lr: state.lr,
    budget: state.budget,
  });
  const running = fit.status === "running";
  /** Starting or running: Train pauses it. */
  const active = running || fit.status === "starting";
  const sweeping = sweep.status === "running" || sweep.status === "starting";
  const busy = active || sweeping;

  // Before the first snapshot: the starting weights where they are known (the reader's bumps).
  const initNet = useMemo(
    () => built ? bumpNet(bumps.heights, bumps.steepness) : null,
    [built, bumps],
  );
  const net = useMemo(() => fit.snapshot ? net1dOf(fit.snapshot.layers) : initNet, [
    fit.snapshot,
    initNet,
  ]);
  const loss = fit.snapshot
    ? fit.snapshot.loss
    : initNet
    ? meanSquaredError((x) => evalNet(initNet, x, act))
    : NaN;

  // The loss curve, one point per snapshot (halved when it grows long).
  const history = useRef<[number[], number[]]>([[], []]);
  if (!fit.snapshot) history.current = [[], []];
  else if (history.current[0].at(-1) !== fit.steps) {
    let [xs, ys] = history.current;
    xs = [...xs, fit.steps];
    ys = [...ys, fit.snapshot.loss];
    if (xs.length > MAX_LOSS_POINTS) {
      xs = xs.filter((_, i) => i % 2 === 0);
      ys = ys.filter((_, i) => i % 2 === 0);
    }
    history.current = [xs, ys];
  }

  function train() {
    if (active) fit.pause();
    else void fit.play({ maxSteps: fit.steps + RUN_STEPS });
  }

  function runSweep() {
    if (sweeping) return sweep.pause();
    fit.pause();
    sweep.reset();
    void sweep.play({ maxSteps: SWEEP_SIZES.length * state.budget });
  }

  // Curves: the sum and each neuron's part, from plain-number weights.
  const curves = useMemo(() => {
    if (!net) return { data: [XS_PLOT, TARGET], parts: 0, output: null as number[] | null };
    const output = XS_PLOT.map((x) => evalNet(net, x, act));
    const parts = net.w.map((_, i) => XS_PLOT.map((x) => contribution(net, i, x, act)));
    return { data: [XS_PLOT, TARGET, output, ...parts], parts: parts.length, output };
  }, [net, act]);
  const isLine = curves.output !== null && bendOf(curves.output) < 1e-3;

  const series = [
    { label: t.target, color: "var(--curve)", width: 2.5 },
    ...(curves.output ? [{ label: t.output, color: "var(--step)", width: 2.5 }] : []),
    ...Array.from({ length: curves.parts }, (_, i) => ({
      label: t.neuron(i + 1),
      color: "var(--muted)",
      width: 1,
      opacity: 0.45,
    })),
  ];
  const lossText = Number.isFinite(loss) ? fmtLoss(loss) : t.notStarted;
  const actName = act === "sigmoid" ? t.sigmoid : act === "relu" ? t.relu : t.none;
  const results = sweep.snapshot?.results ?? SWEEP_SIZES.map(() => null);
  const sweepRows = SWEEP_SIZES.map((h, k) =>
    results[k] === null ? "" : `${h}${shared.punct.colon}${fmtLoss(results[k]!)}`
  ).filter(Boolean).join(shared.punct.list);
  const sweepData = useMemo(() => [SWEEP_SIZES, results, IDEAL], [sweep.snapshot]);
  const s = sweep.snapshot;
  const sweepNote = s?.done
    ? t.sweepDone
    : s && sweeping
    ? t.sweepProgress(s.hidden, s.step, s.budget)
    : "";
  const error = fit.error ?? sweep.error ?? "";
  const backend = fit.backend ?? sweep.backend;
  const [lossX, lossY] = history.current;

  return (
    <figure
      class="bumps bump-trainer"
      {...trainerHooks(fit, {
        backend: backend?.name,
        loss,
        running,
        hidden,
        act,
        start: built ? "built" : "random",
        line: curves.output ? isLine : null,
        sweep: results.map((v) => v ?? ""),
        sweeping,
        error,
      })}
    >
      <div class="bumps-controls">
        <Choice
          label={t.start}
          value={built ? "built" : "random"}
          disabled={busy}
          options={[{ value: "random", label: t.random }, { value: "built", label: t.built }]}
          onChange={(start) => update({ start })}
        />
        {built
          ? (
            <label>
              <span>{t.hidden}</span>
              <output class="bumps-fixed">{t.fromBumps(bumps.heights.length)}</output>
            </label>
          )
          : (
            <Choice
              label={t.hidden}
              value={state.hidden}
              disabled={busy}
              options={numberOptions(HIDDEN, state.hidden)}
              onChange={(hidden) => update({ hidden })}
            />
          )}
        <Choice
          label={t.activation}
          value={act}
          disabled={busy}
          options={[
            { value: "sigmoid", label: t.sigmoid },
            { value: "relu", label: t.relu },
            { value: "none", label: t.none },
          ]}
          onChange={(act) => update({ act })}
        />
        <Choice
          label={t.lr}
          value={state.lr}
          disabled={sweeping}
          options={numberOptions(RATES, state.lr)}
          onChange={(lr) => update({ lr })}
        />
        <RunButtons
          class="bumps-buttons"
          lang={props.lang}
          running={active}
          onTrain={train}
          onStep={() => fit.step()}
          onReset={fit.reset}
          buttons={{
            train: { class: "train", disabled: sweeping },
            step: { class: "secondary", disabled: sweeping },
            reset: { class: "secondary", disabled: busy },
          }}
        />
      </div>
      {/* Not live: the loss changes with every snapshot; RunSummary speaks when a run stops. */}
      <p class="bumps-score">
        {fit.steps > 0 || Number.isFinite(loss) ? t.lossAt(fit.steps, lossText) : t.notStarted}
      </p>
      <RunSummary running={active} steps={fit.steps} text={t.lossAt(fit.steps, lossText)} />
      {fit.status === "starting" && <p class="bumps-note">{shared.loading}</p>}
      {error && <p class="bumps-error" role="alert">{t.stopped} {error}</p>}
      <LineChart
        data={curves.data}
        series={series}
        xRange={[0, 1]}
        yRange={[-0.5, 1.25]}
        xLabel="x"
        height={260}
        legend={false}
        summary={t.fitSummary(
          hidden,
          actName,
          Number.isFinite(loss) ? lossText : null,
          fit.steps,
          isLine,
        )}
      />
      {act === "none" && <p class="bumps-note">{t.lineNote}</p>}
      <BackendBadge
        report={backend}
        fallback={fit.fallback ?? sweep.fallback}
        msPerStep={fit.backend ? fit.msPerStep : sweep.msPerStep}
        lang={props.lang}
      />
      {/* No empty frame before training: the loss chart appears with its first point. */}
      <div class="bumps-loss" hidden={lossX.length === 0}>
        <h3 class="bumps-sub">{t.lossTitle}</h3>
        <LineChart
          data={[lossX, lossY]}
          series={[{ label: "MSE", color: "var(--step)" }]}
          logY
          xLabel={t.xStep}
          height={160}
          summary={t.lossSummary(fit.steps, lossText)}
        />
      </div>
      <h3 class="bumps-sub">{t.sweep}</h3>
      <div class="bumps-controls">
        <Choice
          label={t.budget}
          value={state.budget}
          disabled={busy}
          options={numberOptions(BUDGETS, state.budget)}
          onChange={(budget) => update({ budget })}
        />
        <div class="bumps-buttons">
          <button type="button" class="sweep" onClick={runSweep} disabled={active}>
            {sweeping ? shared.stop : t.sweepRun}
          </button>
        </div>
      </div>
      <p class="bumps-status" aria-live="polite">{sweepNote}</p>
      <LineChart
        data={sweepData}
        series={[
          { label: t.trained, color: "var(--step)", points: true },
          { label: t.ideal, color: "var(--curve)", dash: true },
        ]}
        logX
        logY
        xLabel={t.xHidden}
        yLabel="MSE"
        height={200}
        summary={t.sweepSummary(sweepRows) +
          ` ${t.ideal}: ${SWEEP_SIZES.map((h, k) => `${h}: ${fmtLoss(IDEAL[k])}`).join(", ")}.`}
      />
    </figure>
  );
}
