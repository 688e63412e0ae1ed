/**
 * Nielsen's towers over [0, 1]²: on a G×G grid, a pair of steep neurons per slice in x and in y
 * makes walls; a threshold neuron keeps only where two walls cross; an output weight per tower
 * sets its height. The reader sets heights (sliders laid out like the map) and compares the
 * network's heat map with a target surface; Train lets Adam adjust every weight (engine).
 */
import { useEffect, useMemo, useRef } from "preact/hooks";
import RunSummary from "../lib/RunSummary.tsx";
import BackendBadge from "../lib/BackendBadge.tsx";
import { Choice, numberOptions, Slider } from "../lib/Controls.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import {
  colormap,
  evalLayers,
  fitTowerHeights,
  meanAbsDiff,
  round,
  sampleGrid,
  TOWER_SAMPLES,
  towerLayers,
  towerTarget,
} from "../bumps/math.ts";
import { TOWERS } from "../bumps/text.ts";

export interface TowersProps {
  grid?: number;
  steepness?: number;
  lang?: string;
}

const PIXELS = 48;
const TARGET_IMG = sampleGrid(towerTarget, PIXELS);
/** A press of Train runs at most this many steps in all. */
const MAX_STEPS = 3000;

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
  const t = textFor(TOWERS, props.lang);
  const shared = textFor(SHARED, props.lang);
  const g = Math.max(2, Math.min(6, props.grid ?? 4));
  const defaults = useMemo(() => ({ h: [] as number[], w: props.steepness ?? 200 }), []);
  const [state, update] = useUrlState("tw", defaults, URL_SCHEMA);
  const heights = Array.from({ length: g * g }, (_, k) => state.h[k] ?? 0);
  const handBuilt = useMemo(() => towerLayers(heights, g, state.w), [heights.join(","), state.w]);

  // The trainer starts from the hand-built towers: a hand edit builds a new one (the trained
  // weights no longer match the sliders).
  const trainer = useTrainer("towers", {
    grid: g,
    heights,
    steepness: state.w,
    lr: 0.01,
  });
  const steps = trainer.steps;
  const trained = steps > 0 ? trainer.snapshot?.layers ?? null : null;
  const loss = trainer.snapshot?.loss ?? NaN;
  const running = trainer.status === "running";
  /** Starting or running: Train pauses it. */
  const active = running || trainer.status === "starting";

  const layers = trained ?? handBuilt;
  const output = useMemo(() => sampleGrid((x, y) => evalLayers(layers, [x, y])[0], PIXELS), [
    layers,
  ]);
  const deviation = meanAbsDiff(output, TARGET_IMG);

  function train() {
    if (active) trainer.pause();
    else void trainer.play({ maxSteps: MAX_STEPS });
  }

  const dev = fmt(deviation, 4);
  const rows = Array.from({ length: g }, (_, r) => g - 1 - r); // top row first = largest y
  return (
    <figure
      class="bumps towers"
      {...trainerHooks(trainer, {
        loss,
        steps,
        running,
        heights,
        deviation,
        trained: !!trained,
        error: trainer.error,
      })}
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
      {/* Live for the reader's own moves; quiet while training (RunSummary speaks at the stop). */}
      <p class="bumps-score" aria-live={active ? "off" : "polite"}>
        {t.deviation} = {/* An <output> is a live region of its own: it follows the paragraph. */}
        <output aria-live={active ? "off" : "polite"}>{dev}</output>
        {steps > 0 && Number.isFinite(loss)
          ? ` · ${t.loss(steps, fmtLoss(loss), TOWER_SAMPLES ** 2)}`
          : ""}
      </p>
      <RunSummary
        running={active}
        steps={steps}
        text={`${t.deviation} = ${dev} · ${t.loss(steps, fmtLoss(loss), TOWER_SAMPLES ** 2)}`}
      />
      {trained && <p class="bumps-note">{t.trainedNote}</p>}
      {trainer.status === "starting" && <p class="bumps-note">{shared.loading}</p>}
      {trainer.error && <p class="bumps-error" role="alert">{t.error} {trainer.error}</p>}
      <fieldset class="towers-grid" style={{ "--cols": String(g) }}>
        <legend>{t.heights}</legend>
        {rows.flatMap((j) =>
          Array.from({ length: g }, (_, i) => {
            const k = j * g + i;
            return (
              <Slider
                key={k}
                caption="value"
                label={t.tower(i + 1, j + 1)}
                ariaLabel={t.tower(i + 1, j + 1)}
                format={fmt}
                value={heights[k]}
                min={0}
                max={1}
                step={0.01}
                disabled={active}
                onInput={(v) => {
                  const next = heights.slice();
                  next[k] = v;
                  update({ h: next });
                }}
              />
            );
          })
        )}
      </fieldset>
      <div class="bumps-controls">
        <Choice
          label={t.steepness}
          value={state.w}
          disabled={active}
          options={numberOptions([10, 30, 100, 200, 1000], state.w)}
          onChange={(w) => update({ w })}
        />
        <div class="bumps-buttons">
          <button
            type="button"
            class="fit"
            disabled={active}
            onClick={() => {
              update({ h: fitTowerHeights(g).map((h) => round(h)) });
            }}
          >
            {t.fit}
          </button>
          <button
            type="button"
            class="secondary zero"
            disabled={active}
            onClick={() => {
              update({ h: heights.map(() => 0) });
            }}
          >
            {t.zero}
          </button>
          <button type="button" class="train" onClick={train}>
            {active ? shared.pause : t.train}
          </button>
        </div>
      </div>
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
    </figure>
  );
}
