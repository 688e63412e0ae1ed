/**
 * Classification losses on one example with K = 3 classes. Drag the logits; the engine turns them
 * into softmax probabilities, computes −log p of the right class as `nllLoss(logSoftmax(z))` and
 * as `crossEntropy(z)` (the same number), and MSE of the probabilities against the one-hot target,
 * each with its gradient with respect to the logits from `backward()`. Train runs gradient
 * descent on two copies of the logits, one with cross-entropy and one with MSE, and plots the
 * right class's probability for both: from a confidently wrong start, MSE's gradient vanishes.
 * The engine runs in the runtime's worker (components/loss/classifier_trainer.ts).
 */
import { useEffect } from "preact/hooks";
import RunSummary from "../lib/RunSummary.tsx";
import BackendBadge from "../lib/BackendBadge.tsx";
import { Choice, Slider } from "../lib/Controls.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import LineChart from "../lib/LineChart.tsx";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import {
  CLASSIFIER_LR,
  CLASSIFIER_RUN_STEPS,
  type LossResult,
} from "../loss/classifier_trainer.ts";
import { mseOneHot, mseOneHotGrad, nll, nllGrad, softmax } from "../loss/math.ts";
import { CLASSIFIER_LOSS } from "../loss/text.ts";

export interface ClassifierLossProps {
  classes?: number;
  logits?: number[];
  target?: number;
  lang?: string;
}

const Z_RANGE: [number, number] = [-6, 6];
/** A confidently wrong start: the right class (1) gets p ≈ 0.002. */
const WRONG = [-2, 0, 4];

/** The URL's values, bounded by the controls: up to 5 logits in Z_RANGE, a class index. */
const URL_SCHEMA = {
  z: { maxLength: 5, min: Z_RANGE[0], max: Z_RANGE[1] },
  y: { min: 0, max: 4, integer: true },
};

export default function ClassifierLoss(props: ClassifierLossProps) {
  const t = textFor(CLASSIFIER_LOSS, props.lang);
  const shared = textFor(SHARED, props.lang);
  const K = Math.max(2, Math.min(5, props.classes ?? 3));
  const start = Array.from({ length: K }, (_, k) => props.logits?.[k] ?? 0);
  const [state, update, restored] = useUrlState(
    "cl",
    { z: start, y: props.target ?? 0 },
    URL_SCHEMA,
  );
  const z = Array.from({ length: K }, (_, k) => clampZ(state.z[k] ?? 0));
  const y = Math.max(0, Math.min(K - 1, Math.round(state.y)));

  // New logits or class: a new trainer, whose first snapshot has the engine's numbers.
  const trainer = useTrainer("loss-classifier", { z, y });
  const snap = trainer.snapshot;
  const running = trainer.status === "running";
  // The first build measures the backends; later ones (new props) are quick.
  const loading = trainer.status === "starting" && !trainer.backend;
  const key = `${z.join(",")}|${y}`;
  useEffect(() => {
    if (restored) trainer.sync().catch(() => undefined);
  }, [restored, key]);

  const train = async () => {
    if (running) {
      trainer.pause();
      return;
    }
    // A run always starts from the logits on the sliders.
    if (trainer.steps > 0 || trainer.status === "error") trainer.reset();
    await trainer.play({ maxSteps: CLASSIFIER_RUN_STEPS });
  };

  const setLogits = (next: number[]) => update({ z: next });

  const js = {
    probs: softmax(z),
    nll: { value: nll(z, y), grad: nllGrad(z, y) },
    mse: { value: mseOneHot(z, y), grad: mseOneHotGrad(z, y) },
  };
  const res = snap?.evaluation ?? null;
  const run = snap ?? { step: [], pCe: [], pMse: [] };
  const probs = res?.probs ?? js.probs;
  const rows: [string, LossResult | null][] = [
    [t.rows.nll, res?.nll ?? null],
    [t.rows.ce, res?.ce ?? null],
    [t.rows.mse, res?.mse ?? null],
  ];
  const gCe = (res?.ce.grad ?? js.nll.grad)[y];
  const gMse = (res?.mse.grad ?? js.mse.grad)[y];
  const ratio = Math.abs(gMse) > 1e-12 && Math.abs(gCe / gMse) >= 2
    ? String(Math.round(Math.abs(gCe / gMse)))
    : "";
  const last = run.step.length - 1;
  const trained = run.step.length > 1;

  const readout = (res ? `${t.same(diffText(Math.abs(res.nll.value - res.ce.value)))} ` : "") +
    t.push(fmt(probs[y], 3), fmt(gCe, 3), fmt(gMse, 4), ratio);
  return (
    <figure
      class="loss-island classifier-loss"
      {...trainerHooks(trainer, {
        loss: snap?.lossCe ?? js.nll.value,
        lossMse: snap?.lossMse ?? js.mse.value,
        ce: res?.ce.value,
        nll: res?.nll.value,
        mse: res?.mse.value,
        gradCe: res?.ce.grad,
        gradMse: res?.mse.grad,
        pRight: probs[y],
        pCe: last >= 0 ? run.pCe[last] : null,
        pMse: last >= 0 ? run.pMse[last] : null,
        target: y,
        running,
      })}
    >
      <figcaption class="loss-title">{t.title}</figcaption>
      <div class="loss-controls">
        {z.map((v, k) => (
          <Slider
            key={k}
            label={t.logit(k)}
            value={v}
            min={Z_RANGE[0]}
            max={Z_RANGE[1]}
            step={0.1}
            onInput={(value) => {
              const next = z.slice();
              next[k] = value;
              setLogits(next);
            }}
          />
        ))}
        <Choice
          label={t.right}
          value={y}
          options={z.map((_, k) => ({ value: k, label: t.cls(k) }))}
          onChange={(y) => update({ y })}
        />
        <div class="loss-buttons">
          <button
            type="button"
            onClick={() => {
              setLogits(WRONG.slice(0, K).concat(Array(Math.max(0, K - 3)).fill(0)));
              update({ y: 0 });
            }}
          >
            {t.wrong}
          </button>
          <button type="button" class="primary" onClick={train}>
            {running ? shared.pause : t.train}
          </button>
        </div>
      </div>
      <div class="loss-probs" role="group" aria-label={t.probs}>
        {probs.map((p, k) => (
          <div key={k} class={k === y ? "loss-prob right" : "loss-prob"}>
            <span class="loss-prob-name">
              {t.cls(k)}
              {k === y && <em>({t.rightTag})</em>}
            </span>
            <span class="loss-prob-bar" aria-hidden="true">
              <span style={{ width: `${(p * 100).toFixed(1)}%` }} />
            </span>
            <span class="loss-prob-value">p = {fmt(p, 3)}</span>
          </div>
        ))}
      </div>
      <div class="loss-table-wrap" role="region" aria-label={t.colLoss} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.colLoss}</th>
              <th scope="col">{t.colValue}</th>
              {z.map((_, k) => <th key={k} scope="col">{t.grad(k)}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, r], i) => {
              const fallback = i === 2 ? js.mse : js.nll;
              return (
                <tr key={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>{fmt(r?.value ?? fallback.value, 4)}</td>
                  {(r?.grad ?? fallback.grad).map((g, k) => <td key={k}>{fmt(g, 4)}</td>)}
                </tr>
              );
            })}
            <tr>
              <th scope="row">{t.rows.formula}</th>
              <td>—</td>
              {js.nll.grad.map((g, k) => <td key={k}>{fmt(g, 4)}</td>)}
            </tr>
          </tbody>
        </table>
      </div>
      {/* Live for the reader's own moves; quiet while training (RunSummary speaks at the stop). */}
      <p class="loss-readout" aria-live={running ? "off" : "polite"}>{readout}</p>
      <RunSummary running={running} steps={trainer.steps} text={readout} />
      {!trained && <p class="loss-chart-later">{t.chartLater}</p>}
      <div class="loss-chart" hidden={!trained}>
        <p class="loss-key" aria-hidden="true">
          <span class="key-points">—</span> {t.pCe} <span class="key-outliers">- -</span> {t.pMse}
        </p>
        <LineChart
          data={[run.step, run.pCe, run.pMse]}
          series={[
            { label: t.pCe, color: "var(--step)" },
            { label: t.pMse, color: "var(--curve)", dash: true },
          ]}
          xLabel={t.step_}
          yLabel={t.p_}
          yRange={[0, 1]}
          legend={false}
          height={200}
          summary={t.chartSummary(
            trained ? run.step[last] : 0,
            CLASSIFIER_LR,
            trained ? fmt(run.pCe[last], 3) : "—",
            trained ? fmt(run.pMse[last], 3) : "—",
          )}
        />
      </div>
      <p class="loss-status" role="status">
        {trainer.error ?? (loading ? shared.loading : "")}
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

function diffText(d: number): string {
  return d === 0 ? "0" : d.toExponential(1).replace("-", "−");
}

function clampZ(v: number): number {
  return Math.max(Z_RANGE[0], Math.min(Z_RANGE[1], Number.isFinite(v) ? v : 0));
}
