/**
 * Nielsen's towers over [0, 1]²: on a G×G grid, a pair of steep neurons per slice in x and in y
 * makes walls; a threshold neuron keeps only where two walls cross; an output weight per tower
 * sets its height. The reader sets heights (sliders laid out like the map) and compares the
 * network's heat map with a target surface; Train lets Adam adjust every weight (engine).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { type BackendChoice, type Engine, errorMessage, loadEngine } from "../lib/engine.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import {
  colormap,
  evalLayers,
  fitTowerHeights,
  type Layer,
  meanAbsDiff,
  round,
  sampleGrid,
  towerLayers,
  towerTarget,
} from "../bumps/math.ts";
import { dataset, MlpTrainer } from "../bumps/train.ts";

export interface TowersProps {
  grid?: number;
  steepness?: number;
  lang?: string;
}

type Tensor = InstanceType<Engine["Tensor"]>;

const PIXELS = 48;
const SAMPLES = 20;
const TARGET_IMG = sampleGrid(towerTarget, PIXELS);
const TRAIN_IN: number[][] = [];
const TRAIN_OUT: number[] = [];
for (let j = 0; j < SAMPLES; j++) {
  for (let i = 0; i < SAMPLES; i++) {
    const x = (i + 0.5) / SAMPLES, y = (j + 0.5) / SAMPLES;
    TRAIN_IN.push([x, y]);
    TRAIN_OUT.push(towerTarget(x, y));
  }
}

const text = {
  en: {
    how:
      "Each slider is the height of one tower, laid out like the map (top row = largest y). Compare the network's output with the target.",
    target: "target surface",
    output: "network output",
    targetAlt: (lo: string, hi: string) =>
      `Heat map of the target surface over x and y from 0 to 1: a hill near x = 0.3, y = 0.65 on a slope rising towards x = y = 1; values from ${lo} to ${hi}.`,
    outputAlt: (g: number, dev: string, steps: number) =>
      `Heat map of the network's output over x and y from 0 to 1: ${g}×${g} towers${
        steps ? ` after ${steps} training steps` : ""
      }; average deviation from the target ${dev}.`,
    heights: "Tower heights",
    tower: (i: number, j: number) => `tower at column ${i}, row ${j} from the bottom`,
    fit: "Fit heights for me",
    zero: "All heights to 0",
    train: "Train all weights",
    pause: "Pause",
    deviation: "average deviation",
    trainedNote: "The network was trained: moving a slider goes back to the hand-built towers.",
    loss: (steps: number, loss: string) => `step ${steps}: MSE = ${loss}`,
    steepness: "steepness w",
    error: "Training stopped:",
  },
  zh: {
    how:
      "每个滑块是一座塔的高度，排布方式与热力图相同（最上一行 y 最大）。对比网络输出与目标曲面。",
    target: "目标曲面",
    output: "网络输出",
    targetAlt: (lo: string, hi: string) =>
      `目标曲面的热力图，x、y 都从 0 到 1：在 x = 0.3、y = 0.65 附近有一座小山，整体向 x = y = 1 方向升高；取值从 ${lo} 到 ${hi}。`,
    outputAlt: (g: number, dev: string, steps: number) =>
      `网络输出的热力图，x、y 都从 0 到 1：${g}×${g} 座塔${
        steps ? `，已训练 ${steps} 步` : ""
      }；与目标的平均偏差 ${dev}。`,
    heights: "塔的高度",
    tower: (i: number, j: number) => `第 ${i} 列、自下而上第 ${j} 行的塔`,
    fit: "帮我拟合高度",
    zero: "高度全部归零",
    train: "训练全部权重",
    pause: "暂停",
    deviation: "平均偏差",
    trainedNote: "网络已经训练过：拖动任一滑块会回到手搭的塔。",
    loss: (steps: number, loss: string) => `第 ${steps} 步：MSE = ${loss}`,
    steepness: "陡峭度 w",
    error: "训练已停止：",
  },
};

function HeatMap(props: { values: Float32Array; label: string; title: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    const img = ctx.createImageData(PIXELS, PIXELS);
    props.values.forEach((v, k) => {
      const [r, g, b] = colormap(v);
      img.data.set([r, g, b, 255], 4 * k);
    });
    ctx.putImageData(img, 0, 0);
  }, [props.values]);
  return (
    <figure class="towers-map">
      <figcaption>{props.title}</figcaption>
      <div class="towers-frame">
        <span class="towers-ylab" aria-hidden="true">
          <span>y 1</span>
          <span>0</span>
        </span>
        <canvas ref={ref} width={PIXELS} height={PIXELS} role="img" aria-label={props.label} />
      </div>
      <div class="towers-axis" aria-hidden="true">
        <span>x 0</span>
        <span>1</span>
      </div>
    </figure>
  );
}

/** The URL's values: up to 6×6 tower heights in [0, 1], a steepness up to the largest offered. */
const URL_SCHEMA = {
  h: { maxLength: 36, min: 0, max: 1 },
  w: { min: 1, max: 1000 },
};

export default function Towers(props: TowersProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const g = Math.max(2, Math.min(6, props.grid ?? 4));
  const defaults = useMemo(() => ({ h: [] as number[], w: props.steepness ?? 200 }), []);
  const [state, update] = useUrlState("tw", defaults, URL_SCHEMA);
  const heights = Array.from({ length: g * g }, (_, k) => state.h[k] ?? 0);
  const handBuilt = useMemo(() => towerLayers(heights, g, state.w), [heights.join(","), state.w]);

  const [trained, setTrained] = useState<Layer[] | null>(null);
  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [steps, setSteps] = useState(0);
  const [loss, setLoss] = useState(NaN);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState("");
  const eng = useRef<{ E: Engine; X: Tensor; Y: Tensor } | null>(null);
  const trainer = useRef<MlpTrainer | null>(null);
  const loop = useRef<TrainingLoop | null>(null);

  const layers = trained ?? handBuilt;
  const output = useMemo(() => sampleGrid((x, y) => evalLayers(layers, [x, y])[0], PIXELS), [
    layers,
  ]);
  const deviation = meanAbsDiff(output, TARGET_IMG);

  // Hand edits drop the trained network (its weights no longer match the sliders).
  const dropTrained = () => {
    loop.current?.pause();
    trainer.current?.dispose();
    trainer.current = null;
    loop.current = null;
    setTrained(null);
    setSteps(0);
    setLoss(NaN);
  };
  useEffect(() => () => {
    loop.current?.pause();
    trainer.current?.dispose();
    eng.current?.X.dispose();
    eng.current?.Y.dispose();
  }, []);

  async function train() {
    if (running) {
      loop.current?.pause();
      return;
    }
    setError("");
    try {
      if (!eng.current) {
        const loaded = await loadEngine({ prefer: "wasm" });
        setChoice(loaded.choice);
        const [X, Y] = dataset(loaded.engine, TRAIN_IN, TRAIN_OUT);
        eng.current = { E: loaded.engine, X, Y };
      }
      const { E, X, Y } = eng.current;
      if (!trainer.current) {
        const tr = new MlpTrainer(
          E,
          { sizes: [2, 4 * g, g * g, 1], act: "sigmoid", init: handBuilt, seed: 1, lr: 0.01 },
          X,
          Y,
        );
        trainer.current = tr;
        let shown = 0;
        loop.current = new TrainingLoop({
          step: () => tr.step(),
          maxSteps: 3000,
          onUpdate: () => {
            if (performance.now() - shown < 100) return;
            shown = performance.now();
            if (tr.weights) setTrained(tr.weights);
            setSteps(tr.steps);
            if (Number.isFinite(tr.loss)) setLoss(tr.loss);
          },
          onError: (message) => setError(message),
          onStop: () => {
            setRunning(false);
            if (tr.weights) setTrained(tr.weights);
            setSteps(tr.steps);
            if (Number.isFinite(tr.loss)) setLoss(tr.loss);
          },
        });
        await tr.evaluate();
        setLoss(tr.loss);
      }
      setRunning(true);
      loop.current!.play();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const dev = fmt(deviation, 4);
  const rows = Array.from({ length: g }, (_, r) => g - 1 - r); // top row first = largest y
  return (
    <figure
      class="bumps towers"
      data-backend={choice?.name ?? ""}
      data-loss={Number.isFinite(loss) ? String(loss) : ""}
      data-steps={String(steps)}
      data-running={running ? "true" : "false"}
      data-heights={heights.join(",")}
      data-deviation={String(deviation)}
      data-trained={trained ? "true" : "false"}
      data-error={error}
    >
      <p class="bumps-how">{t.how}</p>
      <div class="towers-maps">
        <HeatMap
          values={TARGET_IMG}
          title={t.target}
          label={t.targetAlt(fmt(Math.min(...TARGET_IMG)), fmt(Math.max(...TARGET_IMG)))}
        />
        <HeatMap values={output} title={t.output} label={t.outputAlt(g, dev, steps)} />
      </div>
      <div class="towers-legend" aria-hidden="true">
        <span>0</span>
        <span class="bar" />
        <span>1</span>
      </div>
      <p class="bumps-score" aria-live="polite">
        {t.deviation} <span class="math">mean|t − n|</span> = <output>{dev}</output>
        {steps > 0 && Number.isFinite(loss) ? ` · ${t.loss(steps, fmtLoss(loss))}` : ""}
      </p>
      {trained && <p class="bumps-note">{t.trainedNote}</p>}
      {error && <p class="bumps-error" role="alert">{t.error} {error}</p>}
      <fieldset class="towers-grid" style={{ "--cols": String(g) }}>
        <legend>{t.heights}</legend>
        {rows.flatMap((j) =>
          Array.from({ length: g }, (_, i) => {
            const k = j * g + i;
            return (
              <label key={k}>
                <span aria-hidden="true">{fmt(heights[k])}</span>
                <input
                  type="range"
                  min={0}
                  max={1}
                  step={0.01}
                  value={heights[k]}
                  aria-label={t.tower(i + 1, j + 1)}
                  disabled={running}
                  onInput={(e) => {
                    const next = heights.slice();
                    next[k] = Number((e.currentTarget as HTMLInputElement).value);
                    dropTrained();
                    update({ h: next });
                  }}
                />
              </label>
            );
          })
        )}
      </fieldset>
      <div class="bumps-controls">
        <label>
          <span>{t.steepness}</span>
          <select
            value={String(state.w)}
            disabled={running}
            onChange={(e) => {
              dropTrained();
              update({ w: Number((e.currentTarget as HTMLSelectElement).value) });
            }}
          >
            {[...new Set([10, 30, 100, 200, 1000, state.w])].sort((a, b) => a - b).map((s) => (
              <option key={s} value={String(s)}>{s}</option>
            ))}
          </select>
        </label>
        <div class="bumps-buttons">
          <button
            type="button"
            class="fit"
            disabled={running}
            onClick={() => {
              dropTrained();
              update({ h: fitTowerHeights(g).map((h) => round(h)) });
            }}
          >
            {t.fit}
          </button>
          <button
            type="button"
            class="secondary zero"
            disabled={running}
            onClick={() => {
              dropTrained();
              update({ h: heights.map(() => 0) });
            }}
          >
            {t.zero}
          </button>
          <button type="button" class="train" onClick={train}>
            {running ? t.pause : t.train}
          </button>
        </div>
      </div>
      <BackendBadge choice={choice} lang={props.lang} />
    </figure>
  );
}
