/**
 * The view from inside (Olah, "Neural Networks, Manifolds, and Topology"): for a hidden layer of
 * 2 neurons, each training point drawn at that layer's two activations, and the input plane's
 * grid lines carried through the layer as a warped grid; the network bends the plane until a line
 * (dashed: where the output is 0, when the layer is the last hidden one) separates the classes.
 * A layer of 3 neurons is drawn in a fixed isometric projection. The trainer computes it all in
 * the worker (one batched pass over the points and the grid lines' points); this draws it on a
 * canvas per layer, once per animation frame at most.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { CLASS_VARS, rgb } from "./decision_map.ts";
import {
  type Activation,
  INSIDE_LINES,
  INSIDE_SAMPLES,
  type InsideView,
  type PlaygroundSnapshot,
} from "./playground_trainer.ts";
import type { PlaygroundNetStrings } from "./text.ts";

/** The canvas's side, in CSS pixels. */
const SIZE = 220;

/** A point of the layer → the view's 2-D coordinates (3 neurons: an isometric projection). */
function project(a: Float32Array, i: number, width: number): [number, number] {
  if (width === 2) return [a[2 * i], a[2 * i + 1]];
  const [x, y, z] = [a[3 * i], a[3 * i + 1], a[3 * i + 2]];
  return [(x - y) * 0.866, z - (x + y) / 2];
}

/** The view's range: tanh and σ have fixed ones in 2-D; otherwise from the points. */
function bounds(v: InsideView, activation: Activation): [number, number, number, number] {
  if (v.width === 2 && activation === "tanh") return [-1.08, 1.08, -1.08, 1.08];
  if (v.width === 2 && activation === "sigmoid") return [-0.04, 1.04, -0.04, 1.04];
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  const n = v.points.length / v.width;
  for (let i = 0; i < n; i++) {
    const [x, y] = project(v.points, i, v.width);
    [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
  }
  if (!Number.isFinite(x0)) return [-1, 1, -1, 1];
  // Square, padded, and never narrower than 0.1.
  const c = [(x0 + x1) / 2, (y0 + y1) / 2], r = Math.max(0.05, x1 - x0, y1 - y0) * 0.6;
  return [c[0] - r, c[0] + r, c[1] - r, c[1] + r];
}

function draw(
  c: HTMLCanvasElement,
  v: InsideView,
  activation: Activation,
  regression: boolean,
  css: Colours,
) {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1), px = Math.round(SIZE * dpr);
  if (c.width !== px) [c.width, c.height] = [px, px];
  const ctx = c.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, SIZE, SIZE);
  const [x0, x1, y0, y1] = bounds(v, activation);
  const X = (x: number) => ((x - x0) / (x1 - x0)) * SIZE;
  const Y = (y: number) => SIZE - ((y - y0) / (y1 - y0)) * SIZE;
  // The warped grid: each of the plane's lines, through the layer.
  ctx.lineWidth = 1;
  ctx.strokeStyle = css.grid;
  ctx.beginPath();
  for (let l = 0; l < 2 * INSIDE_LINES; l++) {
    for (let s = 0; s < INSIDE_SAMPLES; s++) {
      const [x, y] = project(v.lines, l * INSIDE_SAMPLES + s, v.width);
      if (s === 0) ctx.moveTo(X(x), Y(y));
      else ctx.lineTo(X(x), Y(y));
    }
  }
  ctx.stroke();
  // The output's line (w·h + b = 0), from the last hidden layer of 2.
  if (v.out && v.width === 2) {
    const [a, b] = v.out.weight, c0 = v.out.bias;
    const ends: [number, number][] = Math.abs(b) > Math.abs(a)
      ? [[x0, -(a * x0 + c0) / b], [x1, -(a * x1 + c0) / b]]
      : [[-(b * y0 + c0) / a, y0], [-(b * y1 + c0) / a, y1]];
    if (ends.flat().every(Number.isFinite)) {
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 2;
      ctx.strokeStyle = css.line;
      ctx.beginPath();
      ctx.moveTo(X(ends[0][0]), Y(ends[0][1]));
      ctx.lineTo(X(ends[1][0]), Y(ends[1][1]));
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  // The training points, in their class's colour (regression: the target's sign).
  const n = v.labels.length;
  for (let i = 0; i < n; i++) {
    const label = v.labels[i];
    const k = regression ? (label > 0 ? 1 : 0) : Math.max(0, Math.min(4, Math.round(label)));
    const [x, y] = project(v.points, i, v.width);
    ctx.fillStyle = css.classes[k];
    ctx.globalAlpha = regression ? 0.3 + 0.7 * Math.min(1, Math.abs(label)) : 0.9;
    ctx.beginPath();
    ctx.arc(X(x), Y(y), 2.6, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
}

type Colours = { classes: string[]; grid: string; line: string };
/** The colours, from CSS (read once per theme: reading them forces a style pass). */
function readColours(c: HTMLElement): Colours {
  const css = getComputedStyle(c);
  const get = (v: string, fallback: string) => css.getPropertyValue(v).trim() || fallback;
  const [r, g, b] = rgb(get("--muted", "#666666"));
  return {
    classes: CLASS_VARS.map((v, k) => get(v, ["#c2410c", "#0b5cad", "#009e73"][k] ?? "#888")),
    grid: `rgba(${r},${g},${b},0.45)`,
    line: get("--fg", "#222222"),
  };
}

/** One canvas per hidden layer of 2 or 3 neurons; nothing when there is none. */
export function InsideViews(props: {
  tn: PlaygroundNetStrings;
  shot: PlaygroundSnapshot | null;
  hidden: number[];
  activation: Activation;
  regression: boolean;
}) {
  const { tn, shot } = props;
  const layers = props.hidden.flatMap((w, i) => (w === 2 || w === 3 ? [[i + 1, w]] : []));
  const box = useRef<HTMLDivElement>(null);
  const frame = useRef(0);
  const latest = useRef(shot);
  latest.current = shot;
  const [theme, setTheme] = useState(0);
  const colours = useRef<{ theme: number; c: Colours } | null>(null);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme((k) => k + 1));
    observer.observe(document.documentElement, { attributeFilter: ["data-theme"] });
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (!shot?.inside || frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const views = latest.current?.inside ?? [], root = box.current;
      if (!root) return;
      if (colours.current?.theme !== theme) colours.current = { theme, c: readColours(root) };
      for (const v of views) {
        const holder = root.querySelector<HTMLElement>(`[data-inside="${v.layer}"]`);
        const c = holder?.querySelector("canvas");
        if (!holder || !c || v.width !== props.hidden[v.layer - 1]) continue;
        draw(c, v, props.activation, props.regression, colours.current.c);
        const [x, y] = project(v.points, 0, v.width);
        holder.setAttribute("data-sample", `${x.toFixed(4)},${y.toFixed(4)}`);
        holder.setAttribute("data-drawn-points", String(v.labels.length));
      }
    });
  }, [shot, theme]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  if (!layers.length) return null;
  return (
    <div class="pg-inside" ref={box}>
      <p class="pg-net-title">{tn.insideTitle}</p>
      <p class="pg-note">{tn.insideHelp}</p>
      <div class="pg-inside-views">
        {layers.map(([L, w]) => (
          <figure class="pg-inside-view" key={L} data-inside={String(L)} data-width={String(w)}>
            <canvas
              role="img"
              aria-label={tn.insideLabel(L, w)}
              style={{ width: `${SIZE}px`, height: `${SIZE}px` }}
            />
            <figcaption>{tn.insideCaption(L, w)}</figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
