/**
 * Fit y = ax + b to noisy points with MSE, MAE or Huber, on the engine: the same model, the same
 * data, only the loss changes. Toggle three outliers and watch MSE's line get pulled while MAE's
 * holds. The derivatives ∂L/∂a and ∂L/∂b are shown three ways: from the engine's `backward()`
 * and from central finite differences of its forward pass (both computed by the trainer, in the
 * runtime's worker: components/loss/fit_trainer.ts), and from the lesson's formula (KaTeX, loaded
 * on first interaction, with the numbers filled in).
 *
 * "Move and add points" makes the points the reader's: drag them, click to add outliers
 * (components/loss/FitEditor.tsx). The trainer takes the new points as it trains (no rebuild), so
 * the line of the chosen loss answers each move.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import RunSummary from "../lib/RunSummary.tsx";
import BackendBadge from "../lib/BackendBadge.tsx";
import { Slider } from "../lib/Controls.tsx";
import RunButtons from "../lib/RunButtons.tsx";
import LineChart from "../lib/LineChart.tsx";
import { fmt, fmtLoss } from "../lib/format.ts";
import { trainerHooks } from "../lib/hooks.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import LossSelect from "../loss/LossSelect.tsx";
import FitEditor from "../loss/FitEditor.tsx";
import DerivativePanel from "../loss/DerivativePanel.tsx";
import type { FitProps } from "../loss/fit_trainer.ts";
import {
  gradTerms,
  LOSS_KINDS,
  lossGrad,
  type LossKind,
  lossKind,
  lossValue,
  makePoints,
  MAX_FIT_POINTS,
  type Points,
  START,
} from "../loss/math.ts";
import { LOSS_FIT } from "../loss/text.ts";

export interface LossFitProps {
  loss?: string;
  outliers?: boolean;
  points?: number;
  delta?: number;
  lang?: string;
}

/** Steps per press of Train. */
const STEPS_PER_RUN = 100;

type KatexModule = import("../loss/DerivativePanel.tsx").KatexModule;
let katexLoading: Promise<KatexModule> | undefined;

/** The URL's values: a known loss, δ within its slider, a line no training run goes past. */
const URL_SCHEMA = {
  loss: { values: LOSS_KINDS },
  delta: { min: 0.1, max: 3 },
  a: { min: -100, max: 100 },
  b: { min: -100, max: 100 },
};

export default function LossFit(props: LossFitProps) {
  const t = textFor(LOSS_FIT, props.lang);
  const shared = textFor(SHARED, props.lang);
  const n = props.points ?? 30;
  const defaults = {
    loss: lossKind(props.loss),
    outliers: props.outliers ?? false,
    delta: props.delta ?? 1,
    a: START.a,
    b: START.b,
  };
  const [state, update, restored] = useUrlState("lf", defaults, URL_SCHEMA);
  const kind = lossKind(state.loss);
  const base = useMemo(() => makePoints(n, state.outliers), [n, state.outliers]);
  // The reader's points (moved, added), once they edit; `outlier` marks the ones they touched.
  const [mine, setMine] = useState<Points | null>(null);
  const [editing, setEditing] = useState(false);
  const pts = mine ?? base;
  const flatPoints = useMemo(() => pts.xs.flatMap((x, i) => [x, pts.ys[i]]), [pts]);

  // Where the trainer's line starts: the URL's line (fixed in the render that read the URL, so no
  // trainer is built from the defaults first), the line when the points change, or START.
  const origin = useRef<{ a: number; b: number } | null>(null);
  if (restored && !origin.current) origin.current = { a: state.a, b: state.b };
  const setOrigin = (o: { a: number; b: number }) => origin.current = o;
  // Reset builds a new trainer even when the line starts where it did.
  const [generation, setGeneration] = useState(0);
  const trainerProps: FitProps = {
    points: n,
    outliers: state.outliers,
    ...(origin.current ?? { a: state.a, b: state.b }),
  };
  const trainer = useTrainer("loss-fit", trainerProps, {
    kind,
    delta: state.delta,
    points: flatPoints,
    compare: editing,
  });
  const snap = trainer.snapshot;
  const running = trainer.status === "running";
  // The first build measures the backends; later ones (new props) are quick.
  const loading = trainer.status === "starting" && !trainer.backend;
  const [katex, setKatex] = useState<KatexModule | null>(null);
  const [done, setDone] = useState<number | null>(null);

  // Open the trainer (its first snapshot has the engine's derivatives) once the URL was read, and
  // again after a rebuild.
  const key = JSON.stringify(trainerProps);
  useEffect(() => {
    if (restored) trainer.sync().catch(() => undefined);
  }, [restored, key, generation]);

  // A new loss or δ: the derivatives and the loss at the current a, b change.
  const settingsKey = `${kind}|${state.delta}`;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else if (snap && !running) void trainer.step(0);
  }, [settingsKey]);

  // The line the trainer reached goes into the URL whenever it stops.
  useEffect(() => {
    if (snap && !running) update({ a: round(snap.a), b: round(snap.b) });
  }, [snap, running]);

  const wantKatex = () => {
    katexLoading ??= import("../loss/typeset.ts");
    katexLoading.then((k) => setKatex(() => k)).catch(() => {});
  };

  const train = async () => {
    wantKatex();
    if (running) {
      trainer.pause();
      return;
    }
    setDone(null);
    const target = trainer.steps + STEPS_PER_RUN;
    await trainer.play({ maxSteps: target });
    setDone(target);
  };
  const stepOnce = () => {
    wantKatex();
    setDone(null);
    void trainer.step();
  };
  const reset = () => {
    wantKatex();
    setDone(null);
    trainer.reset();
    update({ a: START.a, b: START.b });
    setOrigin({ ...START });
    setGeneration((g) => g + 1);
  };
  const setOutliers = (outliers: boolean) => {
    // The line keeps its place; the new points make a new trainer.
    if (snap) setOrigin({ a: round(snap.a), b: round(snap.b) });
    setDone(null);
    setMine(null);
    update({ outliers });
  };
  const editPoints = (xs: number[], ys: number[], edited: boolean[]) => {
    wantKatex();
    setMine({ xs, ys, outlier: edited });
  };
  // A paused line shows its loss and derivatives on new points at once (after the trainer got
  // them: the runtime's settings effect runs before this one).
  const firstPoints = useRef(true);
  useEffect(() => {
    if (firstPoints.current) firstPoints.current = false;
    else if (snap && !running) void trainer.step(0);
  }, [flatPoints, editing]);

  // Before the engine runs (server render, hydration), show the formula's numbers.
  const a = snap ? snap.a : state.a;
  const b = snap ? snap.b : state.b;
  // The engine's numbers, once the trainer has them for this loss and δ.
  const derivs = snap && snap.kind === kind && snap.delta === state.delta ? snap : null;
  const shownLoss = derivs?.loss ?? lossValue(kind, a, b, pts, state.delta);
  const terms = gradTerms(kind, a, b, pts, state.delta);
  const formula = lossGrad(kind, a, b, pts, state.delta);
  const steps = trainer.steps;
  const curve = snap?.curve ?? [[], []];

  const fitData = useMemo(() => {
    const line = pts.xs.map((x) => a * x + b);
    return [
      pts.xs,
      pts.ys.map((y, i) => (pts.outlier[i] ? null : y)),
      pts.ys.map((y, i) => (pts.outlier[i] ? y : null)),
      line,
    ];
  }, [pts, a, b]);

  const lossName = t.names[kind];

  return (
    <figure
      class="loss-island loss-fit"
      {...trainerHooks(trainer, {
        loss: shownLoss,
        kind,
        outliers: state.outliers,
        points: pts.xs.length,
        others: snap ? JSON.stringify(snap.others) : "",
        a,
        b,
        running,
        ready: !!snap,
        gradA: derivs?.backward[0],
        gradB: derivs?.backward[1],
        fdA: derivs?.fd[0],
        fdB: derivs?.fd[1],
        formulaA: formula[0],
        formulaB: formula[1],
        katex: !!katex,
      })}
      onPointerDown={wantKatex}
      onKeyDown={wantKatex}
    >
      <figcaption class="loss-title">{t.title}</figcaption>
      <div class="loss-controls">
        <LossSelect
          label={t.loss}
          names={t.names}
          value={kind}
          onChange={(loss) => update({ loss })}
        />
        {kind === "huber" && (
          <Slider
            label={t.delta}
            value={state.delta}
            min={0.1}
            max={3}
            step={0.1}
            onInput={(delta) => update({ delta })}
          />
        )}
        <label class="loss-check">
          <input
            type="checkbox"
            checked={state.outliers}
            onChange={(e) => setOutliers((e.currentTarget as HTMLInputElement).checked)}
          />
          <span>{t.outliers}</span>
        </label>
        <label class="loss-check">
          <input
            type="checkbox"
            name="edit-points"
            checked={editing}
            onChange={(e) => setEditing((e.currentTarget as HTMLInputElement).checked)}
          />
          <span>{t.editPoints}</span>
        </label>
        {mine && (
          <button type="button" data-action="restore-points" onClick={() => setMine(null)}>
            {t.restorePoints}
          </button>
        )}
        <RunButtons
          class="loss-buttons"
          lang={props.lang}
          running={running}
          onTrain={train}
          onStep={stepOnce}
          onReset={reset}
        />
      </div>
      {/* Live for the reader's own moves; quiet while training (RunSummary speaks at the stop). */}
      <p class="loss-readout" aria-live={running ? "off" : "polite"}>
        a = <strong>{fmt(a, 3)}</strong>, b = <strong>{fmt(b, 3)}</strong>, {lossName} ={" "}
        <strong>{fmtLoss(shownLoss)}</strong>, {t.step_} {steps}
      </p>
      <RunSummary
        running={running}
        steps={steps}
        text={`a = ${fmt(a, 3)}, b = ${fmt(b, 3)}, ${lossName} = ${
          fmtLoss(shownLoss)
        }, ${t.step_} ${steps}`}
      />
      <p class="loss-key" aria-hidden="true">
        <span class="key-points">●</span> {t.points}
        {state.outliers && (
          <>
            {" "}
            <span class="key-outliers">●</span> {t.outlierPts}
          </>
        )}
        {editing && (
          <>
            {" "}
            <span class="key-outliers">●</span> {t.moved}
          </>
        )} <span class="key-line">—</span> {t.line}
      </p>
      {editing && <p class="loss-hint">{t.editHelp(MAX_FIT_POINTS)}</p>}
      <div class="loss-charts">
        {editing && (
          <FitEditor
            xs={pts.xs}
            ys={pts.ys}
            edited={pts.outlier}
            a={a}
            b={b}
            name={t.names[kind]}
            others={snap
              ? Object.entries(snap.others).map(([k, [oa, ob]]) => ({
                name: t.names[k as LossKind],
                a: oa,
                b: ob,
              }))
              : []}
            onChange={editPoints}
            label={(sel) => t.editorLabel(pts.xs.length, fmt(a, 2), fmt(b, 2), sel)}
            full={t.full(MAX_FIT_POINTS)}
          />
        )}
        <div hidden={editing}>
          <LineChart
            data={fitData}
            series={[
              { label: t.points, color: "var(--step)", points: true },
              { label: t.outlierPts, color: "var(--curve)", points: true },
              { label: t.line, color: "var(--fg)", width: 2 },
            ]}
            xLabel="x"
            yLabel="y"
            yRange={[-1, 8]}
            legend={false}
            height={240}
            summary={t.fitSummary(fmt(a, 2), fmt(b, 2), pts.xs.length, state.outliers)}
          />
        </div>
        {curve[0].length === 0 && <p class="loss-chart-later">{t.curveLater}</p>}
        <div class="loss-chart" hidden={curve[0].length === 0}>
          <LineChart
            data={curve}
            series={[{ label: `${t.loss_} (${lossName})`, color: "var(--curve)" }]}
            xLabel={t.step_}
            yLabel={t.loss_}
            logY
            legend={false}
            height={240}
            summary={t.curveSummary(lossName, steps, fmtLoss(shownLoss))}
          />
        </div>
      </div>
      <DerivativePanel
        t={t}
        kind={kind}
        terms={terms}
        formula={formula}
        derivs={derivs}
        katex={katex}
      />
      <p class="loss-status" role="status">
        {trainer.error ??
          (loading ? shared.loading : done !== null && steps >= done ? t.done(steps) : "")}
      </p>
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
    </figure>
  );
}

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
