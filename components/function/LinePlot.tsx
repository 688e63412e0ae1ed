/**
 * The LineClassifier's picture: the points, the line y = ax + b with the two half-planes
 * coloured, the misclassified points ringed, and two handles to drag the line (the other handle
 * stays put; the line goes through it and the pointer). Plain SVG from plain numbers, so the
 * server render shows it.
 */
import { useRef } from "preact/hooks";
import { EXTENT } from "./datasets.ts";
import { halfSquare, type LinePoints, lineThrough, visibleSegment } from "./line.ts";
import { dataX, dataY, PlaneAxes, px, py, S } from "./plane.tsx";

export interface LinePlotProps {
  a: number;
  b: number;
  points: LinePoints;
  /** Indices of the misclassified points. */
  wrong: number[];
  /** The text alternative. */
  label: string;
  /** The reader dragged the line to y = ax + b. */
  onLine: (a: number, b: number) => void;
}

// Geometry of the SVG: data square [−EXTENT, EXTENT]² inside a 320×320 view box.

/** A half-plane of the square (`halfSquare`) as SVG polygon points. */
const polygon = (corners: [number, number][]) =>
  corners.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ");

export default function LinePlot(props: LinePlotProps) {
  const { a, b, points } = props;
  const wrong = new Set(props.wrong);
  // Dragging a handle: the other handle stays put, the line goes through it and the pointer.
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ fixed: [number, number] } | null>(null);
  const seg = visibleSegment(a, b, EXTENT);
  const handles: [number, number][] = seg
    ? [0.2, 0.8].map((f) => [
      seg[0][0] + f * (seg[1][0] - seg[0][0]),
      seg[0][1] + f * (seg[1][1] - seg[0][1]),
    ])
    : [];
  const toData = (e: PointerEvent): [number, number] => {
    const r = svg.current!.getBoundingClientRect();
    return [
      dataX(((e.clientX - r.left) / r.width) * S),
      dataY(((e.clientY - r.top) / r.height) * S),
    ];
  };
  const onDown = (i: number) => (e: PointerEvent) => {
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    drag.current = { fixed: handles[1 - i] };
    e.preventDefault();
  };
  const onMove = (e: PointerEvent) => {
    if (!drag.current) return;
    const [x, y] = toData(e);
    const [fx, fy] = drag.current.fixed;
    const line = lineThrough(fx, fy, x, y);
    if (line) props.onLine(line[0], line[1]);
  };
  const onUp = () => (drag.current = null);

  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${S} ${S}`}
      role="img"
      aria-label={props.label}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
    >
      <polygon class="side-orange" points={polygon(halfSquare(a, b, -1, EXTENT))} />
      <polygon class="side-blue" points={polygon(halfSquare(a, b, 1, EXTENT))} />
      <PlaneAxes />
      {Array.from(points.y, (label, i) => (
        <circle
          key={i}
          class={`pt ${label ? "blue" : "orange"}${wrong.has(i) ? " wrong" : ""}`}
          cx={px(points.x1[i])}
          cy={py(points.x2[i])}
          r={wrong.has(i) ? 6 : 4.5}
        />
      ))}
      {seg && (
        <line
          class="boundary"
          x1={px(seg[0][0])}
          y1={py(seg[0][1])}
          x2={px(seg[1][0])}
          y2={py(seg[1][1])}
        />
      )}
      {handles.map(([x, y], i) => (
        <circle
          key={`h${i}`}
          class="handle"
          cx={px(x)}
          cy={py(y)}
          r={9}
          onPointerDown={onDown(i)}
        />
      ))}
    </svg>
  );
}
