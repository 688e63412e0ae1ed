/**
 * The recorded graph as SVG: dagre's boxes and edges (layout.ts), each box with the node's name,
 * op, value and, once backward() reached it, its grad; the current node and its consumers are
 * highlighted.
 */
import { fmtLoss } from "../lib/format.ts";
import { fmtPlain, type GraphNode, type RecordedGraph } from "./expressions.ts";
import type { Layout } from "./layout.ts";
import { plainValue } from "./tex.tsx";
import type { GraphStepperStrings as Strings } from "./text.ts";

/** The least a narrow screen shrinks the graph (its labels stay legible: 11.5 px × 0.8). */
export const MIN_SCALE = 0.8;

const shapeText = (shape: number[]) => (shape.length === 0 ? "scalar" : shape.join("×"));

/** About this many characters fit on one line of a node's box. */
const BOX_CHARS = 17;

/** A short form of a few numbers for a box: 3 significant digits. */
function compact(values: number[]): string {
  const one = (v: number) => fmtPlain(Number(v.toPrecision(3)));
  return values.length === 1 ? one(values[0]) : `[${values.map(one).join(", ")}]`;
}

/** The first candidate that fits in a box line. */
function fit(...candidates: string[]): string {
  return candidates.find((c) => c.length <= BOX_CHARS) ?? candidates[candidates.length - 1];
}

/** The three lines of a node's box (the panel below shows the full numbers). */
function nodeLines(n: GraphNode, shown: boolean, t: Strings): string[] {
  if (n.kind === "const") return [fmtPlain(n.value[0])];
  const head = n.op
    ? `${n.text} = ${t.ops[n.op] ?? n.op}`
    : `${n.text} (${n.kind === "param" ? t.param : t.data})`;
  const shape = `${t.shape} ${shapeText(n.shape)}`;
  const value = fit(`= ${plainValue(n.value)}`, `= ${compact(n.value)}`, shape);
  const d = `∂L/∂${n.text}`;
  let grad: string;
  if (n.grad === null) grad = t.noGradShort;
  else if (!shown) grad = fit(`${d} = ?`, "∂L = ?");
  else {
    grad = fit(
      `${d} = ${plainValue(n.grad)}`,
      `∂L = ${plainValue(n.grad)}`,
      `∂L = ${compact(n.grad)}`,
      `∂L: ${shapeText(n.shape)} ✓`,
    );
  }
  return [head, value, grad];
}

export default function GraphSvg(
  props: {
    graph: RecordedGraph;
    layout: Layout;
    current: number | null;
    visited: Set<number>;
    t: Strings;
    /** The view's name, for the text alternative. */
    viewName: string;
  },
) {
  const { graph, layout, current, visited, t } = props;
  // The text alternative: every node, its rule and value, and its grad once backward() got there.
  const label = t.graph(props.viewName, graph.nodes.length, fmtLoss(graph.loss)) + " " +
    graph.nodes.filter((n) => n.kind !== "const").map((n) =>
      `${n.text}${
        n.op ? ` = ${n.op}(${n.parents.map((p) => graph.nodes[p].text).join(", ")})` : ""
      }: ${plainValue(n.value)}${
        n.grad && visited.has(n.id) ? `, ∂L/∂${n.text} = ${plainValue(n.grad)}` : ""
      }`
    ).join("; ");
  const consumersOfCurrent = new Set(
    current === null ? [] : graph.nodes.filter((n) => n.parents.includes(current)).map((n) => n.id),
  );
  return (
    <svg
      class="gs-svg"
      viewBox={`0 0 ${layout.width.toFixed(0)} ${layout.height.toFixed(0)}`}
      width={layout.width.toFixed(0)}
      height={layout.height.toFixed(0)}
      // A narrow screen shrinks the graph to fit, down to MIN_SCALE; past that the box scrolls.
      style={{
        width: "100%",
        maxWidth: `${layout.width.toFixed(0)}px`,
        minWidth: `${(MIN_SCALE * layout.width).toFixed(0)}px`,
        height: "auto",
      }}
      role="img"
      aria-label={label}
    >
      <defs>
        <marker
          id="gs-arrow"
          viewBox="0 0 8 8"
          refX="7"
          refY="4"
          markerWidth="8"
          markerHeight="8"
          markerUnits="userSpaceOnUse"
          orient="auto"
        >
          <path d="M0 0L8 4L0 8z" class="gs-arrowhead" />
        </marker>
      </defs>
      {layout.edges.map((e) => {
        const hot = current !== null && e.from === current && consumersOfCurrent.has(e.to);
        return (
          <path
            key={`${e.from}-${e.to}-${e.d}`}
            d={e.d}
            class={hot ? "gs-edge gs-edge-hot" : "gs-edge"}
            marker-end="url(#gs-arrow)"
          />
        );
      })}
      {layout.boxes.map((b) => {
        const n = graph.nodes[b.id];
        const lines = nodeLines(n, visited.has(n.id), t);
        const cls = [
          "gs-node",
          `gs-${n.kind}`,
          visited.has(n.id) ? "gs-visited" : "",
          current === n.id ? "gs-current" : "",
          consumersOfCurrent.has(n.id) ? "gs-consumer" : "",
        ].join(" ");
        return (
          <g
            key={b.id}
            class={cls}
            transform={`translate(${(b.x - b.width / 2).toFixed(1)} ${
              (b.y - b.height / 2).toFixed(1)
            })`}
            data-node={n.text}
            data-grad={n.grad && visited.has(n.id) ? JSON.stringify(n.grad) : undefined}
          >
            <rect width={b.width} height={b.height} rx="6" />
            {lines.map((line, i) => (
              <text
                key={i}
                x={b.width / 2}
                y={lines.length === 1 ? b.height / 2 + 4 : 17 + i * 16}
                text-anchor="middle"
                class={i === 0 ? "gs-head" : ""}
              >
                {line}
              </text>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
