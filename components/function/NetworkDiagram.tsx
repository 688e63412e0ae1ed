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

const CELL = 34, PITCH = 42, DX = 76, PAD = 6, LABELS = 40;

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

/** The diagram's colours: orange (negative), blue (positive), the panel (0). */
type Colours = { neg: number[]; pos: number[]; bg: number[] };

/** Writes a neuron's values (`values[c·stride + offset]`, clamped to [−1, 1]) as pixels. */
function fill(
  image: ImageData,
  values: Float32Array,
  stride: number,
  offset: number,
  { neg, pos, bg }: Colours,
) {
  const d = image.data, n = image.width * image.height;
  for (let c = 0; c < n; c++) {
    const v = values[c * stride + offset], to = v > 0 ? pos : neg;
    const w = 0.85 * Math.min(1, Math.abs(v) || 0);
    d[4 * c] = bg[0] + w * (to[0] - bg[0]);
    d[4 * c + 1] = bg[1] + w * (to[1] - bg[1]);
    d[4 * c + 2] = bg[2] + w * (to[2] - bg[2]);
    d[4 * c + 3] = 255;
  }
}

const fmt = (w: number) => (Math.abs(w) < 1e-3 && w !== 0 ? w.toExponential(1) : w.toFixed(3));

/** The diagram's geometry for layer widths (inputs, hidden..., outputs). */
function layout(widths: number[]) {
  const tall = Math.max(...widths) * PITCH;
  const top = (n: number, i: number) => (tall - n * PITCH) / 2 + i * PITCH + PAD;
  // Room on the left for the input features' labels (x₁², sin x₁ ...), drawn beside their cells.
  const left = (L: number) => PAD + LABELS + L * DX;
  return { top, left, width: left(widths.length - 1) + CELL + PAD, height: tall + PAD };
}

/** Every link, in the keyboard's order: layer by layer, then by the neuron fed, then by source. */
function linkList(widths: number[]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let L = 1; L < widths.length; L++) {
    for (let j = 0; j < widths[L]; j++) {
      for (let i = 0; i < widths[L - 1]; i++) out.push([L, i, j]);
    }
  }
  return out;
}

/**
 * Draws the whole diagram on one canvas: links (colour by sign, width by |w|), each neuron's map
 * (one reused ImageData per map, drawn scaled), each bias as a small square at its neuron's
 * lower left. Then updates the links' `data-weight` and the neurons' `data-neuron-map` hooks
 * without a render: a snapshot changes no element's style, so the page restyles nothing.
 */
function drawDiagram(
  canvas: HTMLCanvasElement,
  root: HTMLElement,
  shot: PlaygroundSnapshot,
  features: readonly Feature[],
  widths: number[],
  grid: number,
  colours: Colours,
) {
  const { top, left, width, height } = layout(widths);
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  const W = Math.round(width * dpr), H = Math.round(height * dpr);
  if (canvas.width !== W || canvas.height !== H) [canvas.width, canvas.height] = [W, H];
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const css = (c: number[], a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;
  // Links, batched into one path per sign and width (a quarter pixel apart).
  const links = root.querySelectorAll<SVGLineElement>("line[data-link]");
  const paths = new Map<number, Path2D>();
  let k = 0;
  for (let L = 1; L < widths.length; L++) {
    const { weight } = shot.layers[L - 1] ?? {};
    const n = widths[L - 1];
    if (!weight || weight.length !== n * widths[L]) continue;
    for (let j = 0; j < widths[L]; j++) {
      for (let i = 0; i < n; i++) {
        const w = weight[j * n + i];
        const key = (w >= 0 ? 1 : -1) * (1 + Math.round(4 * Math.min(5, 1.5 * Math.abs(w))));
        let path = paths.get(key);
        if (!path) paths.set(key, path = new Path2D());
        path.moveTo(left(L - 1) + CELL, top(n, i) + CELL / 2);
        path.lineTo(left(L), top(widths[L], j) + CELL / 2);
        const line = links[k++];
        if (line?.dataset.link === `${L}:${i}:${j}`) line.setAttribute("data-weight", String(w));
      }
    }
  }
  ctx.lineCap = "round";
  for (const [key, path] of paths) {
    ctx.strokeStyle = css(key > 0 ? colours.pos : colours.neg, 0.75);
    ctx.lineWidth = 0.6 + (Math.abs(key) - 1) / 4;
    ctx.stroke(path);
  }
  // Maps, each painted at the grid's size and drawn scaled into its cell.
  const scratch = mapCanvas(grid), sctx = scratch.getContext("2d")!;
  const image = sctx.createImageData(grid, grid);
  const inputs = inputMaps(features, grid);
  for (let L = 0; L < widths.length; L++) {
    const values = L === 0 ? null : shot.neurons?.[L - 1];
    if (L > 0 && !values) continue;
    for (let i = 0; i < widths[L]; i++) {
      if (values) fill(image, values, widths[L], i, colours);
      else fill(image, inputs[i], 1, 0, colours);
      sctx.putImageData(image, 0, 0);
      const x = left(L) + 1, y = top(widths[L], i) + 1;
      ctx.drawImage(scratch, x, y, CELL - 2, CELL - 2);
      const b = L > 0 ? shot.layers[L - 1]?.bias[i] : undefined;
      if (b !== undefined) {
        // The bias: a square on the cell's lower left corner, outlined so it stands off the map.
        const s = 3 + Math.min(5, 4 * Math.abs(b));
        ctx.fillStyle = css(b >= 0 ? colours.pos : colours.neg);
        ctx.strokeStyle = css(colours.bg);
        ctx.lineWidth = 1;
        ctx.fillRect(x - 1 - s / 2, y + CELL - 2 - s / 2, s, s);
        ctx.strokeRect(x - 1 - s / 2, y + CELL - 2 - s / 2, s, s);
      }
    }
  }
  root.dataset.draws = String(Number(root.dataset.draws ?? 0) + 1);
  for (const el of root.querySelectorAll<HTMLElement>("[data-neuron]:not([data-neuron-map])")) {
    const L = Number(el.dataset.neuron!.split(":")[0]);
    if (L === 0 || shot.neurons?.[L - 1]) el.setAttribute("data-neuron-map", "");
  }
}

let scratchCanvas: HTMLCanvasElement | null = null;
function mapCanvas(grid: number): HTMLCanvasElement {
  scratchCanvas ??= document.createElement("canvas");
  if (scratchCanvas.width !== grid) [scratchCanvas.width, scratchCanvas.height] = [grid, grid];
  return scratchCanvas;
}

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
  const shape = `${widths.join(",")}/${features.join(",")}`;
  const { top, left, width, height } = layout(widths);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [editing, setEditing] = useState<[number, number, number] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The neuron under the pointer or focus (its bias is read out below the diagram).
  const [shown, setShown] = useState<[number, number] | null>(null);
  // The link that takes the Tab stop (roving focus: arrows move among the links).
  const [active, setActive] = useState(0);
  const all = useMemo(() => linkList(widths), [shape]);

  // Redraw on a snapshot (or a theme change), once per animation frame at most.
  const [theme, setTheme] = useState(0);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme((k) => k + 1));
    observer.observe(document.documentElement, { attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  // The colours, read once per theme (reading CSS forces a style pass).
  const colours = useRef<{ theme: number; c: Colours } | null>(null);
  const frame = useRef(0);
  const latest = useRef(shot);
  latest.current = shot;
  useEffect(() => {
    if (!shot || frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const root = box.current, c = canvas.current, s = latest.current;
      if (!root || !c || !s) return;
      if (colours.current?.theme !== theme) {
        const css = getComputedStyle(root);
        colours.current = {
          theme,
          c: {
            neg: rgb(css.getPropertyValue(CLASS_VARS[0]) || "#c2410c"),
            pos: rgb(css.getPropertyValue(CLASS_VARS[1]) || "#0b5cad"),
            bg: rgb(css.getPropertyValue("--panel") || "#f2f3f1"),
          },
        };
      }
      drawDiagram(c, root, s, features, widths, grid, colours.current.c);
    });
  }, [shot, theme, shape]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const focusLink = (k: number) => {
    const next = Math.max(0, Math.min(all.length - 1, k));
    setActive(next);
    box.current?.querySelector<SVGElement>(`[data-link="${all[next].join(":")}"]`)?.focus();
  };
  // The links as hit targets (drawn on the canvas): the same vnodes until the shape changes.
  const lines = useMemo(() =>
    all.map(([L, i, j], k) => (
      <line
        key={`${L}:${i}:${j}`}
        data-link={`${L}:${i}:${j}`}
        class="pg-link"
        x1={left(L - 1) + CELL}
        y1={top(widths[L - 1], i) + CELL / 2}
        x2={left(L)}
        y2={top(widths[L], j) + CELL / 2}
        tabindex={k === active ? 0 : -1}
        role="button"
        aria-label={tn.link(L, i + 1, j + 1)}
        onClick={() => setEditing([L, i, j])}
        onFocus={() => setActive(k)}
      />
    )), [shape, active, tn]);
  const neurons = useMemo(() =>
    widths.map((n, L) =>
      Array.from({ length: n }, (_, i) => {
        const name = L === 0
          ? `${tn.neuron(0, i + 1, null)}: ${FEATURE_LABELS[features[i]]}`
          : tn.neuron(L, i + 1, null);
        const show = () => {
          props.onShow(`${L}:${i}`);
          setShown([L, i]);
        };
        const hide = () => {
          props.onShow(null);
          setShown(null);
        };
        return (
          <button
            type="button"
            key={`${L}:${i}`}
            class="pg-neuron"
            data-neuron={`${L}:${i}`}
            aria-label={name}
            title={name}
            style={{ left: `${left(L)}px`, top: `${top(n, i)}px` }}
            onPointerEnter={show}
            onPointerLeave={hide}
            onFocus={show}
            onBlur={hide}
          >
            {L === 0 && <span class="pg-neuron-label">{FEATURE_LABELS[features[i]]}</span>}
          </button>
        );
      })
    ), [shape, tn]);

  const current = editing && shot
    ? shot.layers[editing[0] - 1]?.weight[editing[2] * widths[editing[0] - 1] + editing[1]]
    : undefined;
  const bias = shown && shown[0] > 0 && shot ? shot.layers[shown[0] - 1]?.bias[shown[1]] : null;

  return (
    <div class="pg-net">
      <p class="pg-net-title">{tn.diagram}</p>
      <p class="pg-note">{tn.diagramHelp}</p>
      <div class="pg-net-scroll" data-network-diagram ref={box}>
        <div class="pg-net-inner" style={{ width: `${width}px`, height: `${height}px` }}>
          <canvas ref={canvas} class="pg-net-canvas" aria-hidden="true" />
          <svg
            width={width}
            height={height}
            aria-label={tn.diagram}
            role="group"
            onKeyDown={(e) => {
              const k = all.findIndex((l) =>
                l.join(":") === (e.target as SVGElement).dataset?.link
              );
              if (k < 0) return;
              const to = e.key === "ArrowDown" || e.key === "ArrowRight"
                ? k + 1
                : e.key === "ArrowUp" || e.key === "ArrowLeft"
                ? k - 1
                : e.key === "Home"
                ? 0
                : e.key === "End"
                ? all.length - 1
                : null;
              if (to !== null) {
                e.preventDefault();
                focusLink(to);
              } else if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                setEditing(all[k]);
              }
            }}
          >
            {lines}
          </svg>
          {neurons}
        </div>
      </div>
      <p class="pg-note pg-net-bias">
        {shown && shown[0] > 0 && bias !== null && bias !== undefined
          ? tn.neuron(shown[0], shown[1] + 1, fmt(bias))
          : "\u00a0"}
      </p>
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
