/**
 * The square plane lesson 1's point pictures are drawn on (the Playground's map, LineClassifier's
 * plot): the data square [−EXTENT, EXTENT]² in an S × S SVG view box, with room on the left and
 * at the bottom for tick labels; the maps between data and view units; and its grid, ticks and
 * axis names as one SVG group.
 */
import { fmt } from "../lib/format.ts";
import { EXTENT } from "./datasets.ts";

/** The view box's side. */
export const S = 320;
export const PAD = { left: 30, right: 10, top: 10, bottom: 28 };
/** The data square's side in view units (the same across and down). */
export const INNER = S - PAD.left - PAD.right;
export const TICKS = [-3, -2, -1, 0, 1, 2, 3];

/** Data → view units. */
export const px = (x: number) => PAD.left + ((x + EXTENT) / (2 * EXTENT)) * INNER;
export const py = (y: number) => PAD.top + ((EXTENT - y) / (2 * EXTENT)) * INNER;
/** View units → data (past the square's edges too). */
export const dataX = (vx: number) => ((vx - PAD.left) / INNER) * 2 * EXTENT - EXTENT;
export const dataY = (vy: number) => EXTENT - ((vy - PAD.top) / INNER) * 2 * EXTENT;

/** The grid, the tick labels and the axis names (decoration: hidden from screen readers). */
export function PlaneAxes({ x2 = "x₂" }: { x2?: string }) {
  return (
    <>
      <g class="grid">
        {TICKS.map((v) => (
          <g key={v}>
            <line x1={px(v)} x2={px(v)} y1={py(-EXTENT)} y2={py(EXTENT)} />
            <line x1={px(-EXTENT)} x2={px(EXTENT)} y1={py(v)} y2={py(v)} />
          </g>
        ))}
      </g>
      <g class="ticks" aria-hidden="true">
        {TICKS.map((v) => (
          <g key={v}>
            <text x={px(v)} y={S - 12} text-anchor="middle">{fmt(v, 0)}</text>
            <text x={PAD.left - 6} y={py(v) + 4} text-anchor="end">{fmt(v, 0)}</text>
          </g>
        ))}
        <text x={S - PAD.right} y={S - 1} text-anchor="end" class="axis-name">x₁</text>
        <text x={PAD.left + 4} y={PAD.top + 12} class="axis-name">{x2}</text>
      </g>
    </>
  );
}

/**
 * The point markers of lesson 1's figures, one meaning each wherever they appear: the fill colour
 * is the class; a dark ring around a filled dot is a misclassified point (LineClassifier); a
 * hollow dot, outlined in its class's colour, is a test point (the Playground).
 */
export type Marker = "blue" | "orange" | "wrong" | "train" | "test";

/** The SVG classes of a point marker (styled in function.css). */
export const MARKER_CLASS: Record<Marker, string> = {
  blue: "pt blue",
  orange: "pt orange",
  wrong: "pt blue wrong",
  train: "pt blue train",
  test: "pt blue test",
};

/**
 * A figure's legend: each marker drawn as the figure draws it (the same classes, inside the same
 * figure's styles), with its meaning; `note`: what else the picture shows, in words.
 */
export function MarkerLegend(
  { items, note, class: cls }: { items: [Marker, string][]; note?: string; class: string },
) {
  return (
    <div class={`marker-legend ${cls}`} data-legend="">
      <ul>
        {items.map(([marker, text]) => (
          <li key={marker} data-marker={marker}>
            <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
              <circle
                class={MARKER_CLASS[marker]}
                cx="8"
                cy="8"
                r={marker === "wrong" ? 5.5 : 4.5}
              />
            </svg>
            <span>{text}</span>
          </li>
        ))}
      </ul>
      {note && <p>{note}</p>}
    </div>
  );
}
