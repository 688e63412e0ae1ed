/**
 * The Playground's controls and readout (components/islands/Playground.tsx): the data source,
 * the network (layers, neurons, activation), the optimizer, learning rate and batch size; and the
 * steps, epochs, losses and accuracies. Every change goes to the island's URL state.
 */
import { MarkerLegend } from "./plane.tsx";
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
import { Choice, Slider } from "../lib/Controls.tsx";

export const ACTIVATIONS: Activation[] = ["tanh", "relu", "sigmoid", "linear"];
export const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
export const BATCHES = [1, 5, 10, 25, 50, 100];
export const MAX_LAYERS = 6;
export const MAX_NEURONS = 8;
export const PROBLEMS: Problem[] = ["classification", "regression"];
export const REGULARIZATIONS: Regularization[] = ["none", "l1", "l2"];

const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : "–");
const id = (name: string) => `pg-${name}`;
/** A field's label: `display: contents` (function.css), so its words and input are grid cells. */
const FIELD = "pg-field";

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

  const opts = <T extends string | number>(values: readonly T[], label = (v: T) => String(v)) =>
    values.map((value) => ({ value, label: label(value) }));
  return (
    <div class="pg-controls">
      <Choice
        class={FIELD}
        id={id("ds")}
        name="ds"
        label={t.dataset}
        value={own ? "own" : ds}
        options={props.regression
          ? opts(REGRESSIONS, (d) => props.tn.regressions[d])
          : [...opts(DATASETS, (d) => t.datasets[d]), { value: "own", label: t.own }]}
        onChange={(ds) => update({ ds })}
      />
      {own && (
        <Choice
          class={FIELD}
          id={id("k")}
          name="k"
          label={t.classes}
          value={classes}
          options={Array.from({ length: MAX_CLASSES - 1 }, (_, i) => i + 2).map((k) => ({
            value: k,
            label: String(k),
            disabled: k < props.minClasses,
          }))}
          onChange={(k) => update({ k })}
        />
      )}
      {!own && (
        <>
          <Slider
            class={FIELD}
            id={id("noise")}
            name="noise"
            caption="space"
            label={t.noise}
            format={pct}
            value={cfg.noise}
            min={0}
            max={0.5}
            step={0.05}
            onInput={(noise) => update({ noise })}
          />
          <Slider
            class={FIELD}
            id={id("split")}
            name="split"
            caption="space"
            label={t.split}
            format={pct}
            value={cfg.split}
            min={0.1}
            max={0.9}
            step={0.1}
            onInput={(split) => update({ split })}
          />
        </>
      )}
      <Choice
        class={FIELD}
        id={id("layers")}
        name="layers"
        label={t.layers}
        value={hidden.length}
        options={opts(Array.from({ length: MAX_LAYERS + 1 }, (_, k) => k))}
        onChange={setLayers}
      />
      {hidden.map((k, i) => (
        <Slider
          key={i}
          class={FIELD}
          id={id(`h${i}`)}
          name={`h${i}`}
          caption="space"
          label={t.neurons(i + 1)}
          value={k}
          min={1}
          max={MAX_NEURONS}
          step={1}
          onInput={(k) => setNeurons(i, k)}
        />
      ))}
      <Choice
        class={FIELD}
        id={id("act")}
        name="act"
        label={t.activation}
        value={act}
        options={opts(ACTIVATIONS)}
        onChange={(act) => update({ act })}
      />
      <Choice
        class={FIELD}
        id={id("opt")}
        name="opt"
        label={t.optimizer}
        value={cfg.opt}
        options={[{ value: "adam", label: "Adam" }, { value: "sgd", label: "SGD" }]}
        onChange={(opt) => update({ opt })}
      />
      <Choice
        class={FIELD}
        id={id("lr")}
        name="lr"
        label={t.lr}
        value={cfg.lr}
        options={opts(LRS)}
        onChange={(lr) => update({ lr })}
      />
      <Choice
        class={FIELD}
        id={id("bs")}
        name="bs"
        label={t.batch}
        value={cfg.bs}
        options={opts(BATCHES)}
        onChange={(bs) => update({ bs })}
      />
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
        <Choice
          class={FIELD}
          id={id("prob")}
          name="prob"
          label={tn.problem}
          value={cfg.prob}
          options={PROBLEMS.map((p) => ({ value: p as string, label: tn.problems[p] }))}
          onChange={(prob) => update({ prob, ds: prob === "regression" ? "plane" : "circles" })}
        />
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
      <Choice
        class={FIELD}
        id={id("reg")}
        name="reg"
        label={tn.reg}
        value={cfg.reg}
        options={REGULARIZATIONS.map((r) => ({ value: r as string, label: tn.regs[r] }))}
        onChange={(reg) => update({ reg })}
      />
      <Choice
        class={FIELD}
        id={id("rr")}
        name="rr"
        label={tn.regRate}
        value={cfg.rr}
        disabled={cfg.reg === "none"}
        options={REG_RATES.map((v) => ({ value: v, label: String(v) }))}
        onChange={(rr) => update({ rr })}
      />
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
