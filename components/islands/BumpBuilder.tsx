/**
 * Nielsen's bumps, built by hand. N bumps share [0, 1] in equal slices; bump i is two steep
 * sigmoid neurons (steps up at i/N and at (i+1)/N, output weights +hᵢ and −hᵢ). The reader sets
 * each height with a slider or by dragging on the plot, and watches the average deviation
 * mean|f − g| from Nielsen's f. Plain-number math (nothing to train here); the weights it implies
 * are published for BumpTrainer, which can start from them.
 */
import { useEffect, useMemo, useRef } from "preact/hooks";
import { Choice, numberOptions, Slider } from "../lib/Controls.tsx";
import { hooks } from "../lib/hooks.ts";
import LineChart from "../lib/LineChart.tsx";
import { useUrlState } from "../lib/url_state.ts";
import { fmt } from "../lib/format.ts";
import {
  averageDeviation,
  bumpNet,
  evalNet,
  fitHeights,
  linspace,
  nielsen,
  resizeHeights,
  round,
} from "../bumps/math.ts";
import { BUILDER_PREFIX, BUILDER_SCHEMA, liveBumps } from "../bumps/state.ts";
import { textFor } from "../lib/lang.ts";
import { BUMP_BUILDER } from "../bumps/text.ts";

export interface BumpBuilderProps {
  /** Number of bumps at first (each is two neurons). */
  pairs?: number;
  /** Only "nielsen" for now: f(x) = 0.2 + 0.4x² + 0.3x·sin(15x) + 0.05·cos(50x). */
  target?: string;
  /** The hidden neurons' weight w (how sharp each step is). */
  steepness?: number;
  lang?: string;
}

const { min: MIN_BUMPS, max: MAX_BUMPS } = BUILDER_SCHEMA.n;
const STEEPNESS = [10, 30, 100, 400, 1000];
const Y_RANGE: [number, number] = [0, 1];
const XS = linspace(0, 1, 401);
const TARGET = XS.map(nielsen);

export default function BumpBuilder(props: BumpBuilderProps) {
  const t = textFor(BUMP_BUILDER, props.lang);
  const defaults = useMemo(
    () => ({ n: clampN(props.pairs ?? 5), h: [] as number[], w: props.steepness ?? 400 }),
    [],
  );
  const [state, update] = useUrlState(BUILDER_PREFIX, defaults, BUILDER_SCHEMA);
  const n = clampN(state.n);
  const heights = resizeHeights(state.h, n);
  const w = state.w;
  const net = useMemo(() => bumpNet(heights, w), [heights.join(","), w]);
  const output = useMemo(() => XS.map((x) => evalNet(net, x)), [net]);
  const deviation = useMemo(() => averageDeviation((x) => evalNet(net, x)), [net]);

  useEffect(() => void (liveBumps.value = { heights, steepness: w }), [net]);

  const setHeight = (i: number, h: number) => {
    const next = heights.slice();
    next[i] = round(Math.min(1, Math.max(0, h)));
    update({ h: next });
  };

  // Dragging on the plot: the pointer's x picks the bump, its y sets the height. The plotting
  // area is uPlot's `.u-over` element, whose box spans exactly the fixed ranges x ∈ [0, 1], Y_RANGE.
  const plotBox = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const dragTo = (e: PointerEvent) => {
    const over = plotBox.current?.querySelector(".u-over");
    if (!over) return false;
    const r = over.getBoundingClientRect();
    const x = (e.clientX - r.left) / r.width;
    const y = Y_RANGE[1] - ((e.clientY - r.top) / r.height) * (Y_RANGE[1] - Y_RANGE[0]);
    if (x < 0 || x >= 1) return false;
    setHeight(Math.min(n - 1, Math.floor(x * n)), y);
    return true;
  };

  const dev = fmt(deviation, 4);
  return (
    <figure
      class="bumps bump-builder"
      {...hooks({ bumps: n, steepness: w, heights, deviation })}
    >
      <p class="bumps-how">{t.how}</p>
      <div
        ref={plotBox}
        class="bumps-plot bumps-drag"
        onPointerDown={(e) => {
          if (dragTo(e)) {
            dragging.current = true;
            (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
            e.preventDefault();
          }
        }}
        onPointerMove={(e) => dragging.current && dragTo(e)}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
      >
        <LineChart
          data={[XS, TARGET, output]}
          series={[
            { label: t.target, color: "var(--curve)", width: 2.5 },
            { label: t.output, color: "var(--step)", width: 2 },
          ]}
          xRange={[0, 1]}
          yRange={Y_RANGE}
          xLabel="x"
          height={240}
          summary={t.summary(n, dev, w)}
        />
      </div>
      <p class="bumps-score" aria-live="polite">
        {t.deviation} <span class="math">mean|f − g|</span> = <output>{dev}</output>{" "}
        <span class="bumps-muted">({n} × 2 = {t.neurons(n)})</span>
      </p>
      <fieldset class="bumps-heights" style={{ "--cols": String(n) }}>
        <legend>{t.heights}</legend>
        {heights.map((h, i) => (
          <Slider
            key={i}
            class="bumps-height"
            vertical
            caption="label"
            label={t.height(i + 1)}
            ariaLabel={t.heightLong(i + 1, fmt(i / n), fmt((i + 1) / n))}
            value={h}
            min={0}
            max={1}
            step={0.01}
            onInput={(v) => setHeight(i, v)}
          />
        ))}
      </fieldset>
      <div class="bumps-controls">
        <Slider
          label={t.bumps}
          value={n}
          min={MIN_BUMPS}
          max={MAX_BUMPS}
          step={1}
          onInput={(k) => update({ n: k, h: resizeHeights(heights, k) })}
        />
        <Choice
          label={t.steepness}
          value={w}
          options={numberOptions(STEEPNESS, w)}
          onChange={(w) => update({ w })}
        />
        <div class="bumps-buttons">
          <button type="button" onClick={() => update({ h: fitHeights(n).map((h) => round(h)) })}>
            {t.fit}
          </button>
          <button
            type="button"
            class="secondary"
            onClick={() => update({ h: heights.map(() => 0) })}
          >
            {t.zero}
          </button>
        </div>
      </div>
      <details class="bumps-weights">
        <summary>{t.weights}</summary>
        <p>{t.table(n)}</p>
        <div class="bumps-table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.neuron}</th>
                <th scope="col">w</th>
                <th scope="col">b</th>
                <th scope="col">s = −b/w</th>
                <th scope="col">{t.outW}</th>
              </tr>
            </thead>
            <tbody>
              {net.w.map((wk, k) => (
                <tr key={k}>
                  <td>{k + 1}</td>
                  <td>{wk}</td>
                  <td>{fmt(net.b[k], 1)}</td>
                  <td>{fmt(-net.b[k] / wk, 3)}</td>
                  <td>{fmt(net.v[k], 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function clampN(n: number): number {
  return Math.min(MAX_BUMPS, Math.max(MIN_BUMPS, Math.round(n)));
}
