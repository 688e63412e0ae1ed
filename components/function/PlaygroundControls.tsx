/**
 * The Playground's controls and readout (components/islands/Playground.tsx): the data source,
 * the network (layers, neurons, activation), the optimizer, learning rate and batch size; and the
 * steps, epochs, losses and accuracies. Every change goes to the island's URL state.
 */
import { MarkerLegend } from "./plane.tsx";
import { Fragment } from "preact";
import {
  type Activation,
  type PlaygroundSnapshot,
  type Problem,
  REG_RATES,
  type Regularization,
} from "./playground_trainer.ts";
import { DATASETS, REGRESSIONS } from "./datasets.ts";
import { FEATURE_LABELS, FEATURES } from "./features.ts";
import { MAX_CLASSES } from "./points.ts";
import type { PlaygroundNetStrings, PlaygroundStrings } from "./text.ts";
import { fmtLoss } from "../lib/format.ts";

export const ACTIVATIONS: Activation[] = ["tanh", "relu", "sigmoid", "linear"];
export const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
export const BATCHES = [1, 5, 10, 25, 50, 100];
export const MAX_LAYERS = 6;
export const MAX_NEURONS = 8;
export const PROBLEMS: Problem[] = ["classification", "regression"];
export const REGULARIZATIONS: Regularization[] = ["none", "l1", "l2"];

const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : "–");
const id = (name: string) => `pg-${name}`;

/** The island's URL state (what the controls show and change). */
export interface PlaygroundConfig {
  ds: string;
  noise: number;
  split: number;
  h: number[];
  act: string;
  opt: string;
  lr: number;
  bs: number;
  seed: number;
  k: number;
  pts: string;
  /** Problem type: "classification" or "regression". */
  prob: string;
  /** The input features, as indices into FEATURES. */
  f: number[];
  /** Regularization ("none", "l1", "l2") and its rate. */
  reg: string;
  rr: number;
  /** Show the test points; draw the output discretized; start every weight at zero. */
  test: boolean;
  disc: boolean;
  iz: boolean;
}

export function PlaygroundControls(props: {
  t: PlaygroundStrings;
  tn: PlaygroundNetStrings;
  cfg: PlaygroundConfig;
  update: (patch: Partial<PlaygroundConfig>) => void;
  own: boolean;
  /** The dataset in use (a regression one for regression). */
  ds: string;
  /** Regression: its datasets in the list. */
  regression: boolean;
  classes: number;
  /** The fewest classes the reader's points allow (the labels in use). */
  minClasses: number;
  hidden: number[];
  act: Activation;
}) {
  const { t, cfg, update, own, ds, classes, hidden, act } = props;
  const setLayers = (count: number) => {
    const next = hidden.slice(0, count);
    while (next.length < count) next.push(4);
    update({ h: next });
  };
  const setNeurons = (i: number, k: number) => {
    const next = hidden.slice();
    next[i] = k;
    update({ h: next });
  };

  return (
    <div class="pg-controls">
      <label for={id("ds")}>{t.dataset}</label>
      <select
        id={id("ds")}
        name="ds"
        value={own ? "own" : ds}
        onChange={(e) => update({ ds: (e.currentTarget as HTMLSelectElement).value })}
      >
        {props.regression
          ? REGRESSIONS.map((d) => <option key={d} value={d}>{props.tn.regressions[d]}</option>)
          : DATASETS.map((d) => <option key={d} value={d}>{t.datasets[d]}</option>)}
        {!props.regression && <option value="own">{t.own}</option>}
      </select>
      {own && (
        <>
          <label for={id("k")}>{t.classes}</label>
          <select
            id={id("k")}
            name="k"
            value={String(classes)}
            onChange={(e) => update({ k: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {Array.from({ length: MAX_CLASSES - 1 }, (_, i) => i + 2).map((k) => (
              <option key={k} value={String(k)} disabled={k < props.minClasses}>{k}</option>
            ))}
          </select>
        </>
      )}
      {!own && (
        <>
          <label for={id("noise")}>
            {t.noise} <output>{pct(cfg.noise)}</output>
          </label>
          <input
            id={id("noise")}
            type="range"
            name="noise"
            min={0}
            max={0.5}
            step={0.05}
            value={cfg.noise}
            onInput={(e) => update({ noise: Number((e.currentTarget as HTMLInputElement).value) })}
          />
          <label for={id("split")}>
            {t.split} <output>{pct(cfg.split)}</output>
          </label>
          <input
            id={id("split")}
            type="range"
            name="split"
            min={0.1}
            max={0.9}
            step={0.1}
            value={cfg.split}
            onInput={(e) => update({ split: Number((e.currentTarget as HTMLInputElement).value) })}
          />
        </>
      )}
      <label for={id("layers")}>{t.layers}</label>
      <select
        id={id("layers")}
        name="layers"
        value={String(hidden.length)}
        onChange={(e) => setLayers(Number((e.currentTarget as HTMLSelectElement).value))}
      >
        {Array.from(
          { length: MAX_LAYERS + 1 },
          (_, k) => <option key={k} value={String(k)}>{k}</option>,
        )}
      </select>
      {hidden.map((k, i) => (
        <Fragment key={i}>
          <label for={id(`h${i}`)}>
            {t.neurons(i + 1)} <output>{k}</output>
          </label>
          <input
            id={id(`h${i}`)}
            type="range"
            name={`h${i}`}
            min={1}
            max={MAX_NEURONS}
            step={1}
            value={k}
            onInput={(e) => setNeurons(i, Number((e.currentTarget as HTMLInputElement).value))}
          />
        </Fragment>
      ))}
      <label for={id("act")}>{t.activation}</label>
      <select
        id={id("act")}
        name="act"
        value={act}
        onChange={(e) => update({ act: (e.currentTarget as HTMLSelectElement).value })}
      >
        {ACTIVATIONS.map((a) => <option key={a} value={a}>{a}</option>)}
      </select>
      <label for={id("opt")}>{t.optimizer}</label>
      <select
        id={id("opt")}
        name="opt"
        value={cfg.opt}
        onChange={(e) => update({ opt: (e.currentTarget as HTMLSelectElement).value })}
      >
        <option value="adam">Adam</option>
        <option value="sgd">SGD</option>
      </select>
      <label for={id("lr")}>{t.lr}</label>
      <select
        id={id("lr")}
        name="lr"
        value={String(cfg.lr)}
        onChange={(e) => update({ lr: Number((e.currentTarget as HTMLSelectElement).value) })}
      >
        {LRS.map((v) => <option key={v} value={String(v)}>{v}</option>)}
      </select>
      <label for={id("bs")}>{t.batch}</label>
      <select
        id={id("bs")}
        name="bs"
        value={String(cfg.bs)}
        onChange={(e) => update({ bs: Number((e.currentTarget as HTMLSelectElement).value) })}
      >
        {BATCHES.map((v) => <option key={v} value={String(v)}>{v}</option>)}
      </select>
      {!own && (
        <>
          <span class="pg-seed">
            {t.seed} {cfg.seed}
          </span>
          <button
            type="button"
            data-action="new-data"
            onClick={() => update({ seed: cfg.seed + 1 })}
          >
            {t.newData}
          </button>
        </>
      )}
    </div>
  );
}

/**
 * Steps, epochs, losses and accuracies (test ones only for the datasets, not own points). They
 * change 20+ times a second while training, so they are not a live region: a screen reader hears
 * one summary when a run stops (or after a step), from the status line below them.
 */
export function PlaygroundStats(props: {
  t: PlaygroundStrings;
  steps: number;
  /** Training now: the summary waits for the run to stop. */
  running: boolean;
  metrics: PlaygroundSnapshot | null;
  own: boolean;
  /** The penalty's name, when the loss has one (a regularization with a rate above 0). */
  penalty: string | null;
  regression: boolean;
}) {
  const { t, steps, metrics, own, regression } = props;
  const summary = props.running || !metrics || steps === 0
    ? ""
    : own
    ? t.chartOwn(steps, fmtLoss(metrics.trainLoss))
    : t.chart(steps, fmtLoss(metrics.trainLoss), fmtLoss(metrics.testLoss));
  return (
    <>
      <p class="visually-hidden" role="status" data-summary>{summary}</p>
      <dl class="pg-stats">
        <div>
          <dt>{t.steps}</dt>
          <dd>{steps}</dd>
        </div>
        <div>
          <dt>{t.epochs}</dt>
          <dd>{metrics?.epochs ?? 0}</dd>
        </div>
        <div>
          <dt>{t.trainLoss}</dt>
          <dd>
            {metrics && Number.isFinite(metrics.trainLoss) ? fmtLoss(metrics.trainLoss) : "–"}
          </dd>
        </div>
        {props.penalty !== null && (
          <div>
            <dt>{props.penalty}</dt>
            <dd data-penalty>{metrics ? fmtLoss(metrics.penalty) : "–"}</dd>
          </div>
        )}
        {!own && (
          <div>
            <dt>{t.testLoss}</dt>
            <dd>{metrics ? fmtLoss(metrics.testLoss) : "–"}</dd>
          </div>
        )}
        {!regression && (
          <div>
            <dt>{t.trainAcc}</dt>
            <dd>{metrics ? pct(metrics.trainAcc) : "–"}</dd>
          </div>
        )}
        {!own && !regression && (
          <div>
            <dt>{t.testAcc}</dt>
            <dd>{metrics ? pct(metrics.testAcc) : "–"}</dd>
          </div>
        )}
      </dl>
    </>
  );
}

/**
 * TensorFlow Playground's other controls: the problem type, the input features (at least one
 * stays on), regularization and its rate, showing the test points, a discretized output and
 * starting every weight at zero.
 */
export function PlaygroundOptions(props: {
  tn: PlaygroundNetStrings;
  cfg: PlaygroundConfig;
  update: (patch: Partial<PlaygroundConfig>) => void;
  own: boolean;
  /** The features on, as indices into FEATURES. */
  features: number[];
}) {
  const { tn, cfg, update, own, features } = props;
  const toggle = (i: number, on: boolean) =>
    update({ f: on ? [...features, i].sort((a, b) => a - b) : features.filter((k) => k !== i) });
  const check = (name: "test" | "disc" | "iz", label: string) => (
    <label class="pg-check">
      <input
        type="checkbox"
        name={name}
        checked={cfg[name]}
        onChange={(e) => update({ [name]: (e.currentTarget as HTMLInputElement).checked })}
      />{" "}
      {label}
    </label>
  );
  return (
    <div class="pg-controls pg-options">
      {!own && (
        <>
          <label for={id("prob")}>{tn.problem}</label>
          <select
            id={id("prob")}
            name="prob"
            value={cfg.prob}
            onChange={(e) => {
              const prob = (e.currentTarget as HTMLSelectElement).value;
              update({ prob, ds: prob === "regression" ? "plane" : "circles" });
            }}
          >
            {PROBLEMS.map((p) => <option key={p} value={p}>{tn.problems[p]}</option>)}
          </select>
        </>
      )}
      <fieldset class="pg-features">
        <legend>{tn.features}</legend>
        {FEATURES.map((f, i) => {
          const on = features.includes(i);
          return (
            <label key={f} class="pg-check">
              <input
                type="checkbox"
                name={`f-${f}`}
                data-feature={f}
                checked={on}
                disabled={on && features.length === 1}
                onChange={(e) => toggle(i, (e.currentTarget as HTMLInputElement).checked)}
              />{" "}
              {FEATURE_LABELS[f]}
            </label>
          );
        })}
      </fieldset>
      <label for={id("reg")}>{tn.reg}</label>
      <select
        id={id("reg")}
        name="reg"
        value={cfg.reg}
        onChange={(e) => update({ reg: (e.currentTarget as HTMLSelectElement).value })}
      >
        {REGULARIZATIONS.map((r) => <option key={r} value={r}>{tn.regs[r]}</option>)}
      </select>
      <label for={id("rr")}>{tn.regRate}</label>
      <select
        id={id("rr")}
        name="rr"
        value={String(cfg.rr)}
        disabled={cfg.reg === "none"}
        onChange={(e) => update({ rr: Number((e.currentTarget as HTMLSelectElement).value) })}
      >
        {REG_RATES.map((v) => <option key={v} value={String(v)}>{v}</option>)}
      </select>
      <div class="pg-checks">
        {!own && check("test", tn.showTest)}
        {check("disc", tn.discretize)}
        {check("iz", tn.initZero)}
      </div>
    </div>
  );
}

/**
 * What the marks on the plane mean: the training and (when shown) test points as they are drawn,
 * or one sentence where the marks say something else (the reader's points, a regression's values).
 */
export function PlaygroundLegend(props: {
  text: string | null;
  t: { legendTrain: string; legendTest: string; legend: string };
  test: boolean;
}) {
  const { t } = props;
  if (props.text !== null) return <p class="pg-legend">{props.text}</p>;
  return (
    <MarkerLegend
      class="pg-legend"
      items={props.test
        ? [["train", t.legendTrain], ["test", t.legendTest]]
        : [["train", t.legendTrain]]}
      note={t.legend}
    />
  );
}
