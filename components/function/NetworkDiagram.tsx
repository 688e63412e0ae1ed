/**
 * The Playground's network, drawn as TensorFlow Playground draws it: one column per layer (the
 * input features, each hidden layer, the output), every neuron a small heat map of its output
 * over the plane (from the trainer's one batched pass over the grid, `neurons` in the snapshot),
 * links blue for a positive weight and orange for a negative one, thicker the larger |w|.
 * Hovering or focusing a neuron shows its map large in the main view (`onShow`); clicking a link,
 * or Enter on it, opens an editor for that weight (`onEdit`; the next step starts from it).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { gridPoints, type Split } from "./datasets.ts";
import { type Feature, FEATURE_LABELS, featureRows } from "./features.ts";
import type { PlaygroundSnapshot } from "./playground_trainer.ts";
import { px, py } from "./plane.tsx";
import { CLASS_VARS, rgb } from "./decision_map.ts";
import type { PlaygroundNetStrings } from "./text.ts";

/** A neuron's map: values in [−1, 1], cell by cell over the grid, row by row from the top. */
export interface NeuronMap {
  map: Float32Array;
  win: Uint8Array;
  shares: number[];
}

const CELL = 34, PITCH = 42, DX = 76, PAD = 6;

/** The input features over the grid, each scaled into [−1, 1] (cached per grid and features). */
const inputCache = new Map<string, Float32Array[]>();
function inputMaps(features: readonly Feature[], grid: number): Float32Array[] {
  const key = `${grid}:${features.join(",")}`;
  let maps = inputCache.get(key);
  if (!maps) {
    const rows = featureRows(gridPoints(grid), features), k = features.length;
    maps = features.map((_, j) => {
      const m = new Float32Array(grid * grid);
      let top = 1e-9;
      for (let c = 0; c < m.length; c++) top = Math.max(top, Math.abs(rows[c * k + j]));
      for (let c = 0; c < m.length; c++) m[c] = rows[c * k + j] / top;
      return m;
    });
    inputCache.set(key, maps);
  }
  return maps;
}

/**
 * The map of neuron `i` of column `layer` (0: the inputs): its value clamped into [−1, 1] (the
 * output of a classifier: the decision map itself). Null when the snapshot has none.
 */
export function neuronMap(
  shot: PlaygroundSnapshot,
  features: readonly Feature[],
  grid: number,
  layer: number,
  i: number,
  /** Scaled up to this many cells a side (the main view's grid). */
  size = grid,
): NeuronMap | null {
  let map: Float32Array;
  if (layer === 0) map = inputMaps(features, grid)[i];
  else {
    const values = shot.neurons?.[layer - 1];
    if (!values) return null;
    const k = shot.layers[layer - 1].bias.length;
    map = new Float32Array(grid * grid);
    for (let c = 0; c < map.length; c++) map[c] = Math.max(-1, Math.min(1, values[c * k + i]));
  }
  if (!map) return null;
  if (size !== grid) {
    const big = new Float32Array(size * size);
    for (let r = 0; r < size; r++) {
      const row = Math.floor((r * grid) / size) * grid;
      for (let c = 0; c < size; c++) big[r * size + c] = map[row + Math.floor((c * grid) / size)];
    }
    map = big;
  }
  return { map, win: map.map((v) => (v > 0 ? 1 : 0)) as unknown as Uint8Array, shares: [0, 0] };
}

/** Paints a neuron's map: orange below 0, blue above, pale at 0. */
function paint(c: HTMLCanvasElement, map: Float32Array, grid: number, colours: number[][]) {
  const ctx = c.getContext("2d");
  if (!ctx) return;
  const [neg, pos, bg] = colours;
  const image = ctx.createImageData(grid, grid);
  for (let i = 0; i < map.length; i++) {
    const v = map[i], to = v > 0 ? pos : neg, w = 0.85 * Math.min(1, Math.abs(v));
    for (let j = 0; j < 3; j++) image.data[4 * i + j] = bg[j] + w * (to[j] - bg[j]);
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}

const fmt = (w: number) => (Math.abs(w) < 1e-3 && w !== 0 ? w.toExponential(1) : w.toFixed(3));

export function NetworkDiagram(props: {
  tn: PlaygroundNetStrings;
  shot: PlaygroundSnapshot | null;
  features: Feature[];
  hidden: number[];
  /** Outputs of the network (1, or the classes). */
  outputs: number;
  grid: number;
  /** Shows neuron "L:i" large in the main view (null: the output again). */
  onShow(id: string | null): void;
  /** Sets the weight from neuron `from` of column `layer − 1` to neuron `to` of column `layer`. */
  onEdit(layer: number, from: number, to: number, value: number): Promise<void>;
}) {
  const { tn, shot, features, grid } = props;
  const widths = [features.length, ...props.hidden, props.outputs];
  const tall = Math.max(...widths) * PITCH;
  const top = (n: number, i: number) => (tall - n * PITCH) / 2 + i * PITCH + PAD;
  const left = (L: number) => PAD + L * DX;
  const size = { width: left(widths.length - 1) + CELL + PAD, height: tall + PAD };
  const box = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState<[number, number, number] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // Paint every neuron's canvas when a snapshot (or the theme) changes.
  const [theme, setTheme] = useState(0);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme((k) => k + 1));
    observer.observe(document.documentElement, { attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  // The colours, read once per theme (reading CSS after the links change forces a style pass).
  const colours = useRef<{ theme: number; rgb: number[][] } | null>(null);
  useEffect(() => {
    const root = box.current;
    if (!root || !shot) return;
    if (colours.current?.theme !== theme) {
      const css = getComputedStyle(root);
      colours.current = {
        theme,
        rgb: [
          rgb(css.getPropertyValue(CLASS_VARS[0]) || "#c2410c"),
          rgb(css.getPropertyValue(CLASS_VARS[1]) || "#0b5cad"),
          rgb(css.getPropertyValue("--panel") || "#f2f3f1"),
        ],
      };
    }
    for (const c of root.querySelectorAll<HTMLCanvasElement>("canvas[data-map]")) {
      const [L, i] = c.dataset.map!.split(":").map(Number);
      const m = neuronMap(shot, features, grid, L, i);
      const holder = c.parentElement!;
      if (!m) {
        holder.removeAttribute("data-neuron-map");
        continue;
      }
      paint(c, m.map, grid, colours.current.rgb);
      holder.setAttribute("data-neuron-map", "");
    }
  }, [shot, theme, features.join(",")]);

  const links = useMemo(() => {
    if (!shot) return null;
    const out = [];
    for (let L = 1; L < widths.length; L++) {
      const { weight } = shot.layers[L - 1] ?? {};
      const n = widths[L - 1];
      if (!weight || weight.length !== n * widths[L]) continue;
      for (let j = 0; j < widths[L]; j++) {
        for (let i = 0; i < n; i++) {
          const w = weight[j * n + i];
          const label = tn.link(L, i + 1, j + 1);
          out.push(
            <line
              key={`${L}:${i}:${j}`}
              data-link={`${L}:${i}:${j}`}
              data-weight={String(w)}
              class={`pg-link ${w >= 0 ? "pos" : "neg"}`}
              x1={left(L - 1) + CELL}
              y1={top(n, i) + CELL / 2}
              x2={left(L)}
              y2={top(widths[L], j) + CELL / 2}
              stroke-width={0.6 + Math.min(5, 1.5 * Math.abs(w))}
              tabindex={0}
              role="button"
              aria-label={label}
              onClick={() => setEditing([L, i, j])}
              onKeyDown={(e) => {
                if (e.key === "Enter" || e.key === " ") {
                  e.preventDefault();
                  setEditing([L, i, j]);
                }
              }}
            />,
          );
        }
      }
    }
    return out;
  }, [shot, widths.join(",")]);

  const current = editing && shot
    ? shot.layers[editing[0] - 1]?.weight[editing[2] * widths[editing[0] - 1] + editing[1]]
    : undefined;

  return (
    <div class="pg-net">
      <p class="pg-net-title">{tn.diagram}</p>
      <p class="pg-note">{tn.diagramHelp}</p>
      <div class="pg-net-scroll" data-network-diagram ref={box}>
        <div class="pg-net-inner" style={{ width: `${size.width}px`, height: `${size.height}px` }}>
          <svg width={size.width} height={size.height} aria-label={tn.diagram} role="group">
            {links}
          </svg>
          {widths.map((n, L) =>
            Array.from({ length: n }, (_, i) => {
              const bias = L > 0 && shot ? shot.layers[L - 1]?.bias[i] : undefined;
              const name = L === 0
                ? `${tn.neuron(0, i + 1, null)}: ${FEATURE_LABELS[features[i]]}`
                : tn.neuron(L, i + 1, bias === undefined ? null : fmt(bias));
              return (
                <button
                  type="button"
                  key={`${L}:${i}`}
                  class="pg-neuron"
                  data-neuron={`${L}:${i}`}
                  aria-label={name}
                  title={name}
                  style={{ left: `${left(L)}px`, top: `${top(n, i)}px` }}
                  onPointerEnter={() => props.onShow(`${L}:${i}`)}
                  onPointerLeave={() => props.onShow(null)}
                  onFocus={() => props.onShow(`${L}:${i}`)}
                  onBlur={() => props.onShow(null)}
                >
                  <canvas data-map={`${L}:${i}`} width={grid} height={grid} />
                  {L === 0 && <span class="pg-neuron-label">{FEATURE_LABELS[features[i]]}</span>}
                </button>
              );
            })
          )}
        </div>
      </div>
      {editing && current !== undefined && (
        <form
          class="pg-weight"
          onSubmit={async (e) => {
            e.preventDefault();
            const input = (e.currentTarget as HTMLFormElement).elements.namedItem(
              "weight",
            ) as HTMLInputElement;
            const v = Number(input.value);
            if (input.value.trim() === "" || !Number.isFinite(v) || Math.abs(v) > 10) {
              setProblem(tn.badWeight);
              return;
            }
            setProblem(null);
            await props.onEdit(editing[0], editing[1], editing[2], v);
            setEditing(null);
          }}
        >
          <label>
            {tn.editWeight(tn.link(editing[0], editing[1] + 1, editing[2] + 1), fmt(current))}{" "}
            <input
              name="weight"
              type="number"
              step="0.1"
              min={-10}
              max={10}
              defaultValue={current.toFixed(3)}
              ref={(el) => el?.focus()}
            />
          </label>
          <button type="submit" data-action="set-weight">{tn.setWeight}</button>
          <button type="button" onClick={() => setEditing(null)}>{tn.cancel}</button>
          {problem && <span class="pg-error" role="alert">{problem}</span>}
        </form>
      )}
    </div>
  );
}

/**
 * The dataset's points on the main view: train ones, then test ones (ringed) when shown.
 * Regression: the target's sign picks the colour, its size how strong.
 */
export function datasetMarks(data: Split, regression: boolean, showTest: boolean) {
  const of = (set: "train" | "test") => {
    const d = data[set];
    return Array.from(d.y, (label, i) => (
      <circle
        key={`${set}${i}`}
        class={`pt ${label > 0 ? "blue" : "orange"} ${set}`}
        cx={px(d.x[2 * i])}
        cy={py(d.x[2 * i + 1])}
        r={set === "train" ? 3.6 : 3.2}
        style={regression ? { opacity: 0.25 + 0.75 * Math.min(1, Math.abs(label)) } : undefined}
      />
    ));
  };
  return <g>{of("train")}{showTest && of("test")}</g>;
}
