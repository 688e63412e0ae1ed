/**
 * LossFit's points, editable: an SVG scatter of the points and the current line y = ax + b over
 * the plot's ranges (`FIT_X_RANGE` × `FIT_Y_RANGE`). Drag a point to move it; click or tap an
 * empty place to add a point there (an outlier, if you put it far from the line). From the
 * keyboard: focus the plot, `,` and `.` pick the previous or next point, the arrow keys move it,
 * Delete removes it (at least 2 stay). Points are kept in order of x, as the chart shows them.
 */
import { useRef, useState } from "preact/hooks";
import { fmt } from "../lib/format.ts";
import { FIT_X_RANGE, FIT_Y_RANGE, MAX_FIT_POINTS } from "./math.ts";

export interface FitEditorProps {
  xs: number[];
  ys: number[];
  /** Points the reader added or moved (drawn in the outlier colour). */
  edited: boolean[];
  a: number;
  b: number;
  /** The line's loss, named (the legend). */
  name: string;
  /** Lines of other losses trained beside it (dashed), named. */
  others?: { name: string; a: number; b: number }[];
  onChange(xs: number[], ys: number[], edited: boolean[]): void;
  /** The plot's text alternative, given the selected point's description (or null). */
  label: (selected: string | null) => string;
  /** Said when the reader tries to add past MAX_FIT_POINTS. */
  full: string;
}

const W = 400, H = 260;
const PAD = { left: 34, right: 10, top: 10, bottom: 26 };
const [X0, X1] = FIT_X_RANGE, [Y0, Y1] = FIT_Y_RANGE;
const sx = (x: number) => PAD.left + ((x - X0) / (X1 - X0)) * (W - PAD.left - PAD.right);
const sy = (y: number) => PAD.top + ((Y1 - y) / (Y1 - Y0)) * (H - PAD.top - PAD.bottom);
const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const round = (v: number) => Math.round(v * 100) / 100;

export default function FitEditor(p: FitEditorProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const drag = useRef<number | null>(null);

  const toData = (e: PointerEvent): [number, number] | null => {
    const box = svg.current?.getBoundingClientRect();
    if (!box || !box.width) return null;
    const vx = ((e.clientX - box.left) / box.width) * W;
    const vy = ((e.clientY - box.top) / box.height) * H;
    const x = X0 + ((vx - PAD.left) / (W - PAD.left - PAD.right)) * (X1 - X0);
    const y = Y1 - ((vy - PAD.top) / (H - PAD.top - PAD.bottom)) * (Y1 - Y0);
    if (x < X0 || x > X1 || y < Y0 || y > Y1) return null;
    return [round(x), round(y)];
  };
  const set = (i: number, x: number, y: number) => {
    const xs = p.xs.slice(), ys = p.ys.slice(), edited = p.edited.slice();
    xs[i] = round(clamp(x, X0, X1));
    ys[i] = round(clamp(y, Y0, Y1));
    edited[i] = true;
    p.onChange(xs, ys, edited);
  };
  const onDown = (e: PointerEvent) => {
    if (e.button > 0) return;
    const hit = (e.target as Element).closest("[data-index]");
    if (hit) {
      const i = Number(hit.getAttribute("data-index"));
      drag.current = i;
      setSelected(i);
      svg.current?.setPointerCapture?.(e.pointerId);
      e.preventDefault();
      return;
    }
    const at = toData(e);
    if (!at) return;
    if (p.xs.length >= MAX_FIT_POINTS) {
      setNote(p.full);
      return;
    }
    setNote(null);
    p.onChange([...p.xs, at[0]], [...p.ys, at[1]], [...p.edited, true]);
    setSelected(p.xs.length);
  };
  const onMove = (e: PointerEvent) => {
    if (drag.current === null) return;
    const at = toData(e);
    if (at) set(drag.current, at[0], at[1]);
  };
  const onUp = () => (drag.current = null);
  const onKey = (e: KeyboardEvent) => {
    const n = p.xs.length;
    if (e.key === "," || e.key === ".") {
      e.preventDefault();
      const from = selected ?? (e.key === "." ? -1 : 0);
      setSelected((from + (e.key === "." ? 1 : -1) + n) % n);
      return;
    }
    if (selected === null || selected >= n) return;
    if ((e.key === "Delete" || e.key === "Backspace") && n > 2) {
      e.preventDefault();
      const keep = (_: unknown, j: number) => j !== selected;
      p.onChange(p.xs.filter(keep), p.ys.filter(keep), p.edited.filter(keep));
      setSelected(null);
      return;
    }
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-0.05, 0],
      ArrowRight: [0.05, 0],
      ArrowUp: [0, 0.25],
      ArrowDown: [0, -0.25],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    set(selected, p.xs[selected] + m[0], p.ys[selected] + m[1]);
  };

  const sel = selected !== null && selected < p.xs.length
    ? `(${fmt(p.xs[selected], 2)}, ${fmt(p.ys[selected], 2)})`
    : null;
  const xTicks = [0, 0.5, 1, 1.5, 2], yTicks = [0, 2, 4, 6, 8];
  return (
    <div class="fit-editor">
      <div
        class="fit-editor-stage"
        role="group"
        tabIndex={0}
        aria-label={p.label(sel)}
        onKeyDown={onKey}
      >
        <svg
          ref={svg}
          viewBox={`0 0 ${W} ${H}`}
          aria-hidden="true"
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
        >
          <g class="grid">
            {xTicks.map((x) => (
              <line
                key={`x${x}`}
                x1={sx(x)}
                x2={sx(x)}
                y1={sy(Y0)}
                y2={sy(Y1)}
              />
            ))}
            {yTicks.map((y) => (
              <line
                key={`y${y}`}
                x1={sx(X0)}
                x2={sx(X1)}
                y1={sy(y)}
                y2={sy(y)}
              />
            ))}
          </g>
          <g class="ticks">
            {xTicks.map((x) => (
              <text key={`x${x}`} x={sx(x)} y={H - 8} text-anchor="middle">{fmt(x, 1)}</text>
            ))}
            {yTicks.map((y) => (
              <text key={`y${y}`} x={PAD.left - 5} y={sy(y) + 4} text-anchor="end">{y}</text>
            ))}
          </g>
          {(p.others ?? []).map((o, k) => (
            <line
              key={o.name}
              class={`fit-line other o${k}`}
              x1={sx(X0)}
              x2={sx(X1)}
              y1={sy(clamp(o.a * X0 + o.b, Y0 - 50, Y1 + 50))}
              y2={sy(clamp(o.a * X1 + o.b, Y0 - 50, Y1 + 50))}
            />
          ))}
          <line
            class="fit-line"
            x1={sx(X0)}
            x2={sx(X1)}
            y1={sy(clamp(p.a * X0 + p.b, Y0 - 50, Y1 + 50))}
            y2={sy(clamp(p.a * X1 + p.b, Y0 - 50, Y1 + 50))}
          />
          {p.xs.map((x, i) => (
            <circle
              key={i}
              data-index={i}
              class={`fit-pt${p.edited[i] ? " edited" : ""}${i === selected ? " selected" : ""}`}
              cx={sx(x)}
              cy={sy(p.ys[i])}
              r={5}
            />
          ))}
        </svg>
      </div>
      <p class="fit-legend">
        <span class="fit-key main" aria-hidden="true" /> {p.name}
        {(p.others ?? []).map((o, k) => (
          <span key={o.name}>
            {" "}
            <span class={`fit-key o${k}`} aria-hidden="true" /> {o.name}: y = {fmt(o.a, 2)}x +{" "}
            {fmt(o.b, 2)}
          </span>
        ))}
      </p>
      {note && <p class="loss-hint" role="status">{note}</p>}
    </div>
  );
}
