/**
 * The line classifier's math, in plain numbers so the figure can redraw on every slider move
 * without the engine: the points, and for a line y = ax + b the loss and the mistakes. The
 * classifier says "blue" when a point lies above the line: its logit is the height above it,
 * d = x₂ − (a·x₁ + b), its probability of blue p = σ(d), and the loss is the mean binary
 * cross-entropy, exactly what `F.binaryCrossEntropyWithLogits` computes when the figure trains.
 */
import { Generator } from "../../engine/random.ts";
import { EXTENT } from "./datasets.ts";

export interface LinePoints {
  /** Point i is (x1[i], x2[i]). */
  x1: Float32Array;
  x2: Float32Array;
  /** 1 blue, 0 orange. */
  y: Float32Array;
}

/** The line the labels come from: x₂ = TRUE_A·x₁ + TRUE_B. */
export const TRUE_A = -0.6;
export const TRUE_B = 0.4;

/**
 * `n` points in the plotted square, blue with probability σ(4·height above the true line): the
 * classes are separable by a line except for a few points near it, as real data is.
 */
export function linePoints(n: number, seed = 1): LinePoints {
  const gen = new Generator(seed);
  const x1 = new Float32Array(n), x2 = new Float32Array(n), y = new Float32Array(n);
  const span = EXTENT * 0.93;
  for (let i = 0; i < n; i++) {
    x1[i] = (gen.random() * 2 - 1) * span;
    x2[i] = (gen.random() * 2 - 1) * span;
    const d = x2[i] - (TRUE_A * x1[i] + TRUE_B);
    y[i] = gen.random() < 1 / (1 + Math.exp(-4 * d)) ? 1 : 0;
  }
  return { x1, x2, y };
}

/** ℓ(d, y) = max(d, 0) − d·y + log(1 + e^{−|d|}), the stable form of the cross-entropy. */
function bceWithLogit(d: number, y: number): number {
  return Math.max(d, 0) - d * y + Math.log1p(Math.exp(-Math.abs(d)));
}

export interface LineScore {
  loss: number;
  /** Indices of the points on the wrong side of the line. */
  wrong: number[];
}

/** The mean loss and the misclassified points for the line y = ax + b. */
export function scoreLine(points: LinePoints, a: number, b: number): LineScore {
  let loss = 0;
  const wrong: number[] = [];
  const n = points.y.length;
  for (let i = 0; i < n; i++) {
    const d = points.x2[i] - (a * points.x1[i] + b);
    loss += bceWithLogit(d, points.y[i]);
    if ((d > 0 ? 1 : 0) !== points.y[i]) wrong.push(i);
  }
  return { loss: loss / n, wrong };
}

/** The line through two points (x, y) and (u, v), as [a, b]; null if it would be vertical. */
export function lineThrough(x: number, y: number, u: number, v: number): [number, number] | null {
  if (Math.abs(u - x) < 1e-6) return null;
  const a = (v - y) / (u - x);
  return [a, y - a * x];
}

/**
 * The part of the square [−e, e]² above (side 1) or below (side −1) the line y = ax + b, as its
 * corners in order (Sutherland–Hodgman clipping against one edge).
 */
export function halfSquare(a: number, b: number, side: 1 | -1, e: number): [number, number][] {
  const corners: [number, number][] = [[-e, -e], [e, -e], [e, e], [-e, e]];
  const h = ([x, y]: [number, number]) => side * (y - (a * x + b));
  const out: [number, number][] = [];
  for (let i = 0; i < 4; i++) {
    const p = corners[i], q = corners[(i + 1) % 4];
    const hp = h(p), hq = h(q);
    if (hp >= 0) out.push(p);
    if ((hp >= 0) !== (hq >= 0)) {
      const t = hp / (hp - hq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** Where y = ax + b enters and leaves the square [−e, e]², left to right (null if it misses). */
export function visibleSegment(
  a: number,
  b: number,
  e: number,
): [[number, number], [number, number]] | null {
  const hits: [number, number][] = [];
  for (const x of [-e, e]) {
    const y = a * x + b;
    if (y >= -e && y <= e) hits.push([x, y]);
  }
  if (a !== 0) {
    for (const y of [-e, e]) {
      const x = (y - b) / a;
      if (x > -e && x < e) hits.push([x, y]);
    }
  }
  if (hits.length < 2) return null;
  hits.sort((p, q) => p[0] - q[0]);
  return [hits[0], hits[hits.length - 1]];
}
