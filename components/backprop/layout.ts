/**
 * Lays a recorded graph out with dagre (ranks top to bottom: leaves above, the loss at the
 * bottom), so node positions come from a maintained layout library, not from hand-placed boxes.
 */
import dagre from "@dagrejs/dagre";
import type { GraphNode } from "./expressions.ts";

export interface Box {
  id: number;
  /** Centre and size, in SVG units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Edge {
  from: number;
  to: number;
  /** SVG path through dagre's points. */
  d: string;
}

export interface Layout {
  boxes: Box[];
  edges: Edge[];
  width: number;
  height: number;
}

export const NODE_W = 120;
export const NODE_H = 58;
const CONST_W = 44;
const CONST_H = 30;

export function layoutGraph(nodes: GraphNode[]): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 14, ranksep: 26, marginx: 6, marginy: 6 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    const small = n.kind === "const";
    g.setNode(String(n.id), { width: small ? CONST_W : NODE_W, height: small ? CONST_H : NODE_H });
  }
  for (const n of nodes) {
    n.parents.forEach((p, k) => g.setEdge(String(p), String(n.id), {}, `${n.id}:${k}`));
  }
  dagre.layout(g);
  const boxes = nodes.map((n) => {
    const b = g.node(String(n.id));
    return { id: n.id, x: b.x, y: b.y, width: b.width, height: b.height };
  });
  const edges: Edge[] = [];
  for (const n of nodes) {
    n.parents.forEach((p, k) => {
      const e = g.edge(String(p), String(n.id), `${n.id}:${k}`);
      const pts: { x: number; y: number }[] =
        (e as { points?: { x: number; y: number }[] }).points ?? [];
      const d = pts.map((pt, i) => `${i === 0 ? "M" : "L"}${pt.x.toFixed(1)} ${pt.y.toFixed(1)}`)
        .join("");
      edges.push({ from: p, to: n.id, d });
    });
  }
  const info = g.graph();
  return { boxes, edges, width: info.width ?? 0, height: info.height ?? 0 };
}
