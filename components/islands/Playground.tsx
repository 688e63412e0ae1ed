/**
 * A small playground: pick a dataset (linear, circles, XOR, spiral, blobs) with noise and a
 * train/test split, an MLP (hidden layers, neurons, activation), an optimizer, learning rate and
 * batch size; play, pause, step or reset training. The heat map under the points is the
 * network's function, σ(output) over a 64×64 grid computed in one batched forward pass; train
 * and test loss are plotted as it learns. Everything trains on the project's engine.
 */
import { Fragment } from "preact";
import { useEffect, useMemo, useRef } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import LineChart from "../lib/LineChart.tsx";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../runtime/useTrainer.ts";
import {
  type DatasetName,
  DATASETS,
  EXTENT,
  makeDataset,
  splitData,
} from "../function/datasets.ts";
import type {
  Activation,
  PlaygroundSnapshot,
  PlaygroundTrainerProps,
} from "../function/playground_trainer.ts";
import { PLAYGROUND } from "../function/text.ts";

export interface PlaygroundProps {
  dataset?: DatasetName;
  hidden?: number[];
  activation?: Activation;
  optimizer?: "adam" | "sgd";
  lr?: number;
  batch?: number;
  lang?: string;
}

const ACTIVATIONS: Activation[] = ["tanh", "relu", "sigmoid", "linear"];
const LRS = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3];
const BATCHES = [1, 5, 10, 25, 50, 100];
const MAX_LAYERS = 4;
const MAX_NEURONS = 8;
/** Points in a dataset (train and test together). */
const N_POINTS = 500;
/** The heat map's resolution: one forward pass over GRID² points. */
const GRID = 64;

// The plot: data square [−EXTENT, EXTENT]² in a 320×320 view box, canvas under the SVG.
const S = 320;
const PAD = { left: 30, right: 10, top: 10, bottom: 28 };
const INNER = S - PAD.left - PAD.right; // = S - PAD.top - PAD.bottom
const px = (x: number) => PAD.left + ((x + EXTENT) / (2 * EXTENT)) * INNER;
const py = (y: number) => PAD.top + ((EXTENT - y) / (2 * EXTENT)) * INNER;
const TICKS = [-3, -2, -1, 0, 1, 2, 3];

/** "#rrggbb" (or "rgb(r, g, b)") → [r, g, b]. */
function rgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [n >> 16, (n >> 8) & 255, n & 255];
  }
  const m = color.match(/\d+/g);
  return m && m.length >= 3 ? [+m[0], +m[1], +m[2]] : [128, 128, 128];
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The URL's values, bounded by the controls' ranges and choices. */
const URL_SCHEMA = {
  ds: { values: DATASETS },
  noise: { min: 0, max: 0.5 },
  split: { min: 0.1, max: 0.9 },
  h: { maxLength: MAX_LAYERS, min: 1, max: MAX_NEURONS, integer: true },
  act: { values: ACTIVATIONS },
  opt: { values: ["adam", "sgd"] },
  lr: { values: LRS },
  bs: { values: BATCHES },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true },
};

export default function Playground(props: PlaygroundProps) {
  const t = textFor(PLAYGROUND, props.lang);
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
  };
  const [cfg, update] = useUrlState("pg", defaults, URL_SCHEMA);
  const ds = (DATASETS as readonly string[]).includes(cfg.ds) ? cfg.ds as DatasetName : "circles";
  const hidden = cfg.h.slice(0, MAX_LAYERS).map((k) =>
    Math.max(1, Math.min(MAX_NEURONS, Math.round(k)))
  );
  const act = (ACTIVATIONS as string[]).includes(cfg.act) ? cfg.act as Activation : "tanh";
  const data = useMemo(
    () => splitData(makeDataset(ds, N_POINTS, cfg.noise, cfg.seed), cfg.split, cfg.seed),
    [ds, cfg.noise, cfg.seed, cfg.split],
  );

  const trainerProps: PlaygroundTrainerProps = {
    dataset: ds,
    points: N_POINTS,
    noise: cfg.noise,
    split: cfg.split,
    seed: cfg.seed,
    hidden,
    activation: act,
    optimizer: cfg.opt === "sgd" ? "sgd" : "adam",
    lr: cfg.lr,
    batch: cfg.bs,
    grid: GRID,
  };
  // The learning rate and the batch size change as it trains; anything else starts over.
  const trainer = useTrainer<PlaygroundTrainerProps, PlaygroundSnapshot>(
    "playground",
    { ...trainerProps, lr: 0, batch: 0 },
    { lr: cfg.lr, batch: cfg.bs },
  );
  const metrics = trainer.snapshot;
  const running = trainer.status === "running";
  const steps = trainer.steps;
  const canvas = useRef<HTMLCanvasElement>(null);
  // The loss curves, one point per snapshot.
  const history = useRef<[number[], number[], number[]]>([[], [], []]);
  if (!metrics) history.current = [[], [], []];
  else {
    const [xs, a, b] = history.current;
    if (xs[xs.length - 1] !== steps) {
      history.current = [[...xs, steps], [...a, metrics.trainLoss], [...b, metrics.testLoss]];
    }
  }

  useEffect(() => {
    if (metrics) drawMap(metrics.map);
    else {
      const c = canvas.current;
      c?.getContext("2d")?.clearRect(0, 0, c.width, c.height);
    }
  }, [metrics]);

  /** σ(output) on the grid → pixels: blue where p → 1, orange where p → 0, pale near ½. */
  function drawMap(map: Float32Array) {
    const c = canvas.current;
    const ctx = c?.getContext("2d");
    if (!c || !ctx) return;
    const style = getComputedStyle(c);
    const blue = rgb(style.getPropertyValue("--blue") || "#0b5cad");
    const orange = rgb(style.getPropertyValue("--orange") || "#c2410c");
    const bg = rgb(style.getPropertyValue("--panel") || "#f2f3f1");
    const image = ctx.createImageData(GRID, GRID);
    for (let i = 0; i < map.length; i++) {
      const p = map[i];
      const target = p > 0.5 ? blue : orange;
      const w = 0.55 * Math.abs(2 * p - 1); // at most 55% colour, so the points stay visible
      for (let k = 0; k < 3; k++) image.data[4 * i + k] = bg[k] + w * (target[k] - bg[k]);
      image.data[4 * i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  function play() {
    if (running) trainer.pause();
    else void trainer.play();
  }

  // Redraw the last map when the theme flips (colours come from CSS variables).
  const latest = useRef(metrics);
  latest.current = metrics;
  useEffect(() => {
    const observer = new MutationObserver(() => latest.current && drawMap(latest.current.map));
    observer.observe(document.documentElement, { attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);

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

  const [hx, trainH, testH] = history.current;
  const chartSummary = hx.length > 1
    ? t.chart(
      hx[hx.length - 1],
      fmtLoss(trainH[trainH.length - 1]),
      fmtLoss(testH[testH.length - 1]),
    )
    : t.chartEmpty;
  const mapLabel = `${t.map}. ${
    metrics ? t.mapLive(metrics.blue, pct(metrics.trainAcc), pct(metrics.testAcc)) : t.mapIdle
  }`;
  const id = (name: string) => `pg-${name}`;

  // The points change only with the data: the same vnodes every snapshot, so Preact skips them.
  const points = useMemo(() => {
    const of = (set: "train" | "test") => {
      const d = data[set];
      return Array.from(d.y, (label, i) => (
        <circle
          key={`${set}${i}`}
          class={`pt ${label ? "blue" : "orange"} ${set}`}
          cx={px(d.x[2 * i])}
          cy={py(d.x[2 * i + 1])}
          r={set === "train" ? 3.6 : 3.2}
        />
      ));
    };
    return <g>{of("train")}{of("test")}</g>;
  }, [data]);

  return (
    <figure
      class="playground"
      aria-label={t.figure}
      data-dataset={ds}
      data-hidden={hidden.join(",")}
      data-activation={act}
      data-optimizer={cfg.opt}
      data-lr={String(cfg.lr)}
      data-batch={String(cfg.bs)}
      data-noise={String(cfg.noise)}
      data-split={String(cfg.split)}
      data-seed={String(cfg.seed)}
      data-train-points={String(data.train.y.length)}
      data-steps={String(steps)}
      data-loss={metrics ? String(metrics.trainLoss) : ""}
      data-test-loss={metrics ? String(metrics.testLoss) : ""}
      data-running={running ? "true" : "false"}
      data-backend={trainer.backend?.name ?? ""}
      data-status={trainer.status}
      data-tensors={String(trainer.tensors)}
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
            <svg viewBox={`0 0 ${S} ${S}`} aria-hidden="true">
              <g class="grid">
                {TICKS.map((v) => (
                  <g key={v}>
                    <line x1={px(v)} x2={px(v)} y1={py(-EXTENT)} y2={py(EXTENT)} />
                    <line x1={px(-EXTENT)} x2={px(EXTENT)} y1={py(v)} y2={py(v)} />
                  </g>
                ))}
              </g>
              <g class="ticks">
                {TICKS.map((v) => (
                  <g key={v}>
                    <text x={px(v)} y={S - 12} text-anchor="middle">{fmt(v, 0)}</text>
                    <text x={PAD.left - 6} y={py(v) + 4} text-anchor="end">{fmt(v, 0)}</text>
                  </g>
                ))}
                <text x={S - PAD.right} y={S - 1} text-anchor="end" class="axis-name">x₁</text>
                <text x={PAD.left + 4} y={PAD.top + 12} class="axis-name">{t.x2}</text>
              </g>
              {points}
            </svg>
          </div>
          <p class="pg-legend">{t.legend}</p>
          <p class="pg-arch">{t.architecture(hidden, act)}</p>
        </div>
        <div class="pg-side">
          <div class="pg-buttons">
            <button type="button" class="primary" data-action="play" onClick={play}>
              {running ? shared.pause : shared.play}
            </button>
            <button
              type="button"
              data-action="step"
              onClick={() => trainer.step()}
              disabled={running}
            >
              {shared.step}
            </button>
            <button type="button" data-action="reset" onClick={trainer.reset}>
              {shared.reset}
            </button>
          </div>
          <dl class="pg-stats" aria-live="polite">
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
              <dd>{metrics ? fmtLoss(metrics.trainLoss) : "–"}</dd>
            </div>
            <div>
              <dt>{t.testLoss}</dt>
              <dd>{metrics ? fmtLoss(metrics.testLoss) : "–"}</dd>
            </div>
            <div>
              <dt>{t.trainAcc}</dt>
              <dd>{metrics ? pct(metrics.trainAcc) : "–"}</dd>
            </div>
            <div>
              <dt>{t.testAcc}</dt>
              <dd>{metrics ? pct(metrics.testAcc) : "–"}</dd>
            </div>
          </dl>
          {trainer.status === "starting" && <p class="pg-note">{shared.loading}</p>}
          {trainer.error && <p class="pg-error" role="alert">{trainer.error}</p>}
          {trainer.fallback && (
            <p class="pg-note" role="status">
              {shared.fellBack(trainer.fallback.from, trainer.fallback.to, trainer.fallback.steps)}
            </p>
          )}
          <div class="pg-controls">
            <label for={id("ds")}>{t.dataset}</label>
            <select
              id={id("ds")}
              name="ds"
              value={ds}
              onChange={(e) => update({ ds: (e.currentTarget as HTMLSelectElement).value })}
            >
              {DATASETS.map((d) => <option key={d} value={d}>{t.datasets[d]}</option>)}
            </select>
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
              onInput={(e) =>
                update({ noise: Number((e.currentTarget as HTMLInputElement).value) })}
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
              onInput={(e) =>
                update({ split: Number((e.currentTarget as HTMLInputElement).value) })}
            />
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
                  onInput={(e) =>
                    setNeurons(i, Number((e.currentTarget as HTMLInputElement).value))}
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
          </div>
          <BackendBadge report={trainer.backend} lang={props.lang} />
        </div>
      </div>
      <div class="pg-chart">
        <p class="pg-chart-title">{t.chartTitle}</p>
        <LineChart
          data={[hx, trainH, testH]}
          series={[
            { label: t.trainLoss, color: "var(--curve)" },
            { label: t.testLoss, color: "var(--step)", dash: true },
          ]}
          height={170}
          xLabel={t.xAxis}
          yLabel={t.yAxis}
          summary={chartSummary}
        />
      </div>
    </figure>
  );
}
