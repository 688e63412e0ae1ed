/**
 * A small playground: pick a dataset (linear, circles, XOR, spiral, blobs) with noise and a
 * train/test split, an MLP (hidden layers, neurons, activation), an optimizer, learning rate and
 * batch size; play, pause, step or reset training. The heat map under the points is the
 * network's function, σ(output) over a 64×64 grid computed in one batched forward pass; train
 * and test loss are plotted as it learns. Everything trains on the project's engine.
 *
 * "Your points" replaces the dataset with the reader's own (components/function/OwnPoints.tsx):
 * 2 to 5 classes, sent to the running trainer as they change (no rebuild), kept in the URL when
 * few (`pg.pts`, 4 characters a point) and in localStorage always.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import RunButtons from "../lib/RunButtons.tsx";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import {
  type DatasetName,
  EXTENT,
  makeDataset,
  makeRegression,
  type RegressionName,
  splitData,
} from "../function/datasets.ts";
import type {
  Activation,
  PlaygroundSnapshot,
  PlaygroundTrainerProps,
} from "../function/playground_trainer.ts";
import { PLAYGROUND, PLAYGROUND_NET } from "../function/text.ts";
import { OwnPointsPanel, useOwnPoints } from "../function/OwnPoints.tsx";
import { classesOf } from "../function/points.ts";
import {
  ACTIVATIONS,
  MAX_LAYERS,
  MAX_NEURONS,
  PlaygroundControls,
  PlaygroundLegend,
  PlaygroundOptions,
  PlaygroundStats,
} from "../function/PlaygroundControls.tsx";
import { resolveConfig, URL_SCHEMA } from "../function/playground_config.ts";
import { drawDecisionMap } from "../function/decision_map.ts";
import { PlaygroundChart } from "../function/PlaygroundChart.tsx";
import { InsideViews } from "../function/InsideView.tsx";
import { playgroundState } from "../function/store.ts";
import { datasetMarks, NetworkDiagram, neuronMap } from "../function/NetworkDiagram.tsx";
import { dataX, dataY, INNER, PAD, PlaneAxes, px, py, S } from "../function/plane.tsx";

export interface PlaygroundProps {
  dataset?: DatasetName | RegressionName;
  hidden?: number[];
  activation?: Activation;
  optimizer?: "adam" | "sgd";
  lr?: number;
  batch?: number;
  lang?: string;
}

/** Points in a dataset (train and test together). */
const N_POINTS = 500;
/** The heat map's resolution: one forward pass over GRID² points. */
const GRID = 64;
/** Each neuron's map in the network diagram: NEURON_GRID² points (shown large, scaled up). */
const NEURON_GRID = 32;

// The plot: lesson 1's plane (components/function/plane.tsx), the heat map's canvas under the SVG.

const pct = (v: number) => (Number.isFinite(v) ? `${Math.round(v * 100)}%` : "–");

export default function Playground(props: PlaygroundProps) {
  const t = textFor(PLAYGROUND, props.lang);
  const tn = textFor(PLAYGROUND_NET, props.lang);
  const shared = textFor(SHARED, props.lang);
  const defaults = {
    ds: (props.dataset ?? "circles") as string,
    noise: 0,
    split: 0.5,
    h: props.hidden ?? [4, 4],
    act: (props.activation ?? "tanh") as string,
    opt: (props.optimizer ?? "adam") as string,
    lr: props.lr ?? 0.03,
    bs: props.batch ?? 10,
    seed: 1,
    k: 2,
    pts: "",
    prob: "classification",
    f: [0, 1],
    reg: "none",
    rr: 0.003,
    test: true,
    disc: false,
    iz: false,
  };
  const [cfg, update, restored] = useUrlState("pg", defaults, URL_SCHEMA);
  const { own, regression, ds, features, featureNames, reg } = resolveConfig(cfg);
  const ownPts = useOwnPoints({
    own,
    restored,
    url: { pts: cfg.pts, k: cfg.k },
    update,
    t,
    view: {
      size: S,
      toView: (x1, x2) => [px(x1), py(x2)],
      toData(vx, vy) {
        const [x, y] = [dataX(vx), dataY(vy)];
        return Math.abs(x) <= EXTENT && Math.abs(y) <= EXTENT ? [x, y] : null;
      },
    },
  });
  const { mine, classes } = ownPts;
  const hidden = cfg.h.slice(0, MAX_LAYERS).map((k) =>
    Math.max(1, Math.min(MAX_NEURONS, Math.round(k)))
  );
  const act = (ACTIVATIONS as string[]).includes(cfg.act) ? cfg.act as Activation : "tanh";
  const data = useMemo(() => {
    const made = regression
      ? makeRegression(ds as RegressionName, N_POINTS, cfg.noise, cfg.seed)
      : makeDataset(ds as DatasetName, N_POINTS, cfg.noise, cfg.seed);
    return splitData(made, cfg.split, cfg.seed);
  }, [ds, regression, cfg.noise, cfg.seed, cfg.split]);

  const trainerProps: PlaygroundTrainerProps = {
    dataset: ds,
    points: own ? 0 : N_POINTS,
    noise: own ? 0 : cfg.noise,
    split: own ? 1 : cfg.split,
    seed: own ? 1 : cfg.seed,
    hidden,
    activation: act,
    optimizer: cfg.opt === "sgd" ? "sgd" : "adam",
    lr: cfg.lr,
    batch: cfg.bs,
    grid: GRID,
    features: featureNames,
    problem: regression ? "regression" : "classification",
    initZero: cfg.iz,
    neurons: NEURON_GRID,
    inside: true,
    ...(own ? { own: true, classes } : {}),
  };
  const ownFlat = useMemo(() => mine.flatMap((p) => [p.x1, p.x2, p.label]), [mine]);
  // The learning rate, batch size and regularization change as it trains; anything else starts
  // over.
  const settings = { lr: cfg.lr, batch: cfg.bs, reg, regRate: cfg.rr };
  // The untrained network (step 0) is in the diagram without a Play: the trainer opens early.
  const trainer = useTrainer(
    "playground",
    { ...trainerProps, lr: 0, batch: 0 },
    own ? { ...settings, own: ownFlat } : settings,
    { openEarly: true },
  );
  // A weight edited while paused: its snapshot until the trainer sends a newer one.
  const [edited, setEdited] = useState<
    { after: PlaygroundSnapshot | null; shot: PlaygroundSnapshot }
  >();
  const metrics = edited && edited.after === trainer.snapshot ? edited.shot : trainer.snapshot;
  // The neuron shown large in the main view ("L:i"; null: the output).
  const [shown, setShown] = useState<string | null>(null);
  const running = trainer.status === "running";
  const steps = trainer.steps;
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (metrics) drawMap(metrics);
    else {
      const c = canvas.current;
      c?.getContext("2d")?.clearRect(0, 0, c.width, c.height);
    }
  }, [metrics, cfg.disc, shown]);

  const drawMap = (shot: PlaygroundSnapshot) => {
    const [L, i] = (shown ?? "").split(":").map(Number);
    const neuron = shown ? neuronMap(shot, featureNames, NEURON_GRID, L, i, GRID) : null;
    if (canvas.current) {
      drawDecisionMap(canvas.current, neuron ?? shot, GRID, {
        regression: regression || neuron !== null,
        discretize: cfg.disc,
      });
    }
  };

  function play() {
    if (running) trainer.pause();
    else void trainer.play();
  }

  // The exercise reads what it trains and how well (components/function/store.ts).
  useEffect(() => {
    playgroundState.value = {
      dataset: ds,
      own,
      problem: regression ? "regression" : "classification",
      hidden,
      features: featureNames,
      testAcc: metrics?.testAcc ?? NaN,
      steps,
    };
  }, [metrics, ds, own, regression, hidden.join(","), featureNames.join(",")]);

  // Redraw the last map when the theme flips (colours come from CSS variables).
  const latest = useRef(metrics);
  latest.current = metrics;
  useEffect(() => {
    const observer = new MutationObserver(() => latest.current && drawMap(latest.current));
    observer.observe(document.documentElement, { attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);

  const mapLabel = `${t.map}. ${
    !metrics
      ? t.mapIdle
      : own
      ? t.mapOwn(metrics.shares, pct(metrics.trainAcc))
      : t.mapLive(metrics.blue, pct(metrics.trainAcc), pct(metrics.testAcc))
  }`;

  // The points change only with the data: the same vnodes every snapshot, so Preact skips them.
  const points = useMemo(() => datasetMarks(data, regression, cfg.test), [data, cfg.test]);

  // The controls change with the settings, not with each snapshot: the same vnodes meanwhile.
  const controls = useMemo(() => (
    <>
      <PlaygroundControls
        t={t}
        tn={tn}
        cfg={cfg}
        update={update}
        own={own}
        ds={ds}
        regression={regression}
        classes={classes}
        minClasses={classesOf(mine)}
        hidden={hidden}
        act={act}
      />
      <PlaygroundOptions tn={tn} cfg={cfg} update={update} own={own} features={features} />
    </>
  ), [cfg, own, ds, regression, classes, mine, hidden.join(","), act, featureNames.join(",")]);

  return (
    <figure
      class="playground"
      aria-label={t.figure}
      {...trainerHooks(trainer, {
        dataset: ds,
        hidden,
        activation: act,
        optimizer: cfg.opt,
        lr: cfg.lr,
        batch: cfg.bs,
        noise: cfg.noise,
        split: cfg.split,
        seed: cfg.seed,
        trainPoints: own ? mine.length : data.train.y.length,
        classes: own ? classes : 2,
        acc: metrics?.trainAcc,
        steps,
        loss: metrics?.trainLoss,
        testLoss: metrics?.testLoss,
        running,
        problem: regression ? "regression" : "classification",
        features: featureNames,
        reg,
        regRate: cfg.rr,
        penalty: metrics?.penalty,
        initZero: cfg.iz,
        discretize: cfg.disc,
        showTest: cfg.test,
        inputs: metrics ? metrics.layers[0].weight.length / metrics.layers[0].bias.length : null,
        shown,
        maxWeight: metrics
          ? metrics.layers[0].weight.reduce((m, w) => Math.max(m, Math.abs(w)), 0)
          : null,
      })}
    >
      <div class="pg-body">
        <div class="pg-plot">
          <div class="pg-stage">
            <canvas
              ref={canvas}
              width={GRID}
              height={GRID}
              role="img"
              aria-label={mapLabel}
              style={{
                left: `${(100 * PAD.left) / S}%`,
                top: `${(100 * PAD.top) / S}%`,
                width: `${(100 * INNER) / S}%`,
                height: `${(100 * INNER) / S}%`,
              }}
            />
            <svg
              ref={ownPts.svg}
              viewBox={`0 0 ${S} ${S}`}
              aria-hidden="true"
              class={own ? "editable" : undefined}
              onPointerDown={ownPts.onPointerDown}
              onPointerMove={ownPts.onPointerMove}
              onPointerUp={ownPts.onPointerUp}
              onPointerCancel={ownPts.onPointerUp}
            >
              <PlaneAxes x2={t.x2} />
              {own ? ownPts.marks : points}
            </svg>
            {own && (
              <div
                class="pg-focus"
                role="group"
                tabIndex={0}
                aria-label={t.stage(mine.length, ownPts.selectedText)}
                onKeyDown={ownPts.onStageKey}
              />
            )}
          </div>
          <PlaygroundLegend
            text={own ? t.legendOwn : regression ? tn.legendRegression : null}
            t={t}
            test={cfg.test}
          />
          <p class="pg-arch">{t.architecture(hidden, act, own && classes > 2 ? classes : 1)}</p>
          {own && <OwnPointsPanel points={ownPts} t={t} />}
        </div>
        <div class="pg-side">
          <RunButtons
            class="pg-buttons"
            lang={props.lang}
            verb="play"
            running={running}
            onTrain={play}
            onStep={() => trainer.step()}
            onReset={trainer.reset}
          />
          <PlaygroundStats
            t={t}
            steps={steps}
            running={running}
            metrics={metrics}
            own={own}
            penalty={reg !== "none" && cfg.rr > 0 ? tn.penalty : null}
            regression={regression}
          />
          {trainer.status === "starting" && <p class="pg-note">{shared.loading}</p>}
          {trainer.error && <p class="pg-error" role="alert">{trainer.error}</p>}
          {controls}
          <BackendBadge
            report={trainer.backend}
            fallback={trainer.fallback}
            msPerStep={trainer.msPerStep}
            lang={props.lang}
          />
        </div>
      </div>
      <NetworkDiagram
        tn={tn}
        shot={metrics}
        features={featureNames}
        hidden={hidden}
        outputs={own && classes > 2 ? classes : 1}
        grid={NEURON_GRID}
        onShow={setShown}
        onEdit={async (layer, from, to, value) => {
          const shot = await trainer.call("setWeight", {
            layer,
            from,
            to,
            value,
          });
          setEdited({ after: trainer.snapshot, shot });
        }}
      />
      <InsideViews
        tn={tn}
        shot={metrics}
        hidden={hidden}
        activation={act}
        regression={regression}
      />
      <PlaygroundChart t={t} metrics={metrics} steps={steps} running={running} own={own} />
    </figure>
  );
}
