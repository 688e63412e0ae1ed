/**
 * The math behind lesson 2's figures, in plain numbers (no tensors): Nielsen's target f, bumps
 * made of pairs of steep sigmoid neurons, towers made of bumps in x and y, and a small MLP
 * evaluator that draws any of them from their weights. The islands share one parameterization:
 * a bump network IS the weights of `nn.Linear(1, 2N) → σ → nn.Linear(2N, 1)`, so the trainer can
 * start from exactly what the reader built.
 */

/** Nielsen's chapter-4 target on [0, 1]. */
export function nielsen(x: number): number {
  return 0.2 + 0.4 * x * x + 0.3 * x * Math.sin(15 * x) + 0.05 * Math.cos(50 * x);
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export type Activation = "sigmoid" | "relu" | "none";

export function activate(act: Activation, z: number): number {
  return act === "sigmoid" ? sigmoid(z) : act === "relu" ? Math.max(0, z) : z;
}

/** n evenly spaced points from a to b (both included). */
export function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

/**
 * The weights of a one-input, one-hidden-layer, one-output network, PyTorch's layout:
 * hidden unit i computes act(w[i]·x + b[i]); the output is Σ v[i]·hᵢ + c.
 */
export interface Net1D {
  w: number[];
  b: number[];
  v: number[];
  c: number;
}

/**
 * N bumps on equal slices of [0, 1]: bump i is the pair of neurons stepping up at s = i/N (output
 * weight +hᵢ) and at s = (i+1)/N (output weight −hᵢ). A step at s with steepness w is σ(wx + b)
 * with b = −w·s.
 */
export function bumpNet(heights: number[], steepness: number): Net1D {
  const n = heights.length;
  const net: Net1D = { w: [], b: [], v: [], c: 0 };
  heights.forEach((h, i) => {
    for (const [s, sign] of [[i / n, 1], [(i + 1) / n, -1]]) {
      net.w.push(steepness);
      net.b.push(-steepness * s);
      net.v.push(sign * h);
    }
  });
  return net;
}

/** Hidden unit i's part of the output at x: v[i]·act(w[i]x + b[i]). */
export function contribution(net: Net1D, i: number, x: number, act: Activation): number {
  return net.v[i] * activate(act, net.w[i] * x + net.b[i]);
}

/** The network's output at x. */
export function evalNet(net: Net1D, x: number, act: Activation = "sigmoid"): number {
  let y = net.c;
  for (let i = 0; i < net.w.length; i++) y += contribution(net, i, x, act);
  return y;
}

/** Samples of f on [0, 1] that BumpTrainer fits (both ends included). */
export const BUMP_SAMPLES = 200;
/** Towers: samples per side of the grid the trainer fits (TOWER_SAMPLES² points). */
export const TOWER_SAMPLES = 20;

/** Hidden sizes of BumpTrainer's "final loss against hidden neurons" comparison. */
export const SWEEP_SIZES = [2, 4, 8, 16, 32, 64];

/** A one-hidden-layer net's plain weights from its two dense layers (the inverse of a bumpNet). */
export function net1dOf(layers: Layer[]): Net1D {
  const [l1, l2] = layers;
  return { w: l1.W.map((r) => r[0]), b: l1.b, v: l2.W[0], c: l2.b[0] };
}

/** Mean |f − g| over [0, 1], on `samples` midpoints. */
export function averageDeviation(
  g: (x: number) => number,
  f: (x: number) => number = nielsen,
  samples = 1000,
): number {
  let sum = 0;
  for (let j = 0; j < samples; j++) {
    const x = (j + 0.5) / samples;
    sum += Math.abs(f(x) - g(x));
  }
  return sum / samples;
}

/** Mean squared error of g against f on `samples` midpoints of [0, 1]. */
export function meanSquaredError(
  g: (x: number) => number,
  f: (x: number) => number = nielsen,
  samples = 1000,
): number {
  let sum = 0;
  for (let j = 0; j < samples; j++) {
    const x = (j + 0.5) / samples;
    sum += (f(x) - g(x)) ** 2;
  }
  return sum / samples;
}

/**
 * The height of each of N equal bumps that makes the staircase closest to f in mean squared
 * error: f's average over the bump's slice (with ideal steps).
 */
export function fitHeights(n: number, f: (x: number) => number = nielsen, sub = 64): number[] {
  return Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let k = 0; k < sub; k++) s += f((i + (k + 0.5) / sub) / n);
    return s / sub;
  });
}

/** Round to `digits` decimals (keeps URLs short). */
export function round(v: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

/** Resize a list of heights to n entries, keeping the ones that exist (new ones are 0). */
export function resizeHeights(heights: number[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => heights[i] ?? 0);
}

// ---------------------------------------------------------------------------- towers (2-D)

/** A 2-D target surface on [0, 1]²: a hill, a slope and a ripple. Values stay within [0, 1]. */
export function towerTarget(x: number, y: number): number {
  return 0.15 + 0.6 * Math.exp(-8 * ((x - 0.3) ** 2 + (y - 0.65) ** 2)) + 0.25 * x * y;
}

/** One dense layer: out = act(W·in + b), W of shape [out][in] (PyTorch's layout). */
export interface Layer {
  W: number[][];
  b: number[];
  act: Activation;
}

/** Run plain-number layers on one input vector. */
export function evalLayers(layers: Layer[], input: number[]): number[] {
  let a = input;
  for (const { W, b, act } of layers) {
    const out = new Array<number>(W.length);
    for (let o = 0; o < W.length; o++) {
      let z = b[o];
      const row = W[o];
      for (let i = 0; i < row.length; i++) z += row[i] * a[i];
      out[o] = activate(act, z);
    }
    a = out;
  }
  return a;
}

/** The threshold neuron's steepness: σ(T·(sum − 1.5)) is ≈1 where both bumps are up, ≈0 else. */
export const TOWER_THRESHOLD_STEEPNESS = 30;

/**
 * Nielsen's towers on a G×G grid of [0, 1]², as a network 2 → 4G → G² → 1:
 * - layer 1: for each x slice i, two neurons stepping up at i/G and (i+1)/G (looking only at x);
 *   the same for y (neurons 2G + 2j, 2G + 2j + 1);
 * - layer 2: tower (i, j) adds the x bump of slice i and the y bump of slice j (1 on the square,
 *   1 on the walls, 0 elsewhere… 2 on the crossing) and thresholds the sum at 1.5;
 * - layer 3: tower (i, j) gets output weight h[j·G + i] (row j counts up in y).
 */
export function towerLayers(heights: number[], g: number, steepness: number): Layer[] {
  const W1: number[][] = [];
  const b1: number[] = [];
  for (const axis of [0, 1]) {
    for (let i = 0; i < g; i++) {
      for (const s of [i / g, (i + 1) / g]) {
        W1.push(axis === 0 ? [steepness, 0] : [0, steepness]);
        b1.push(-steepness * s);
      }
    }
  }
  const T = TOWER_THRESHOLD_STEEPNESS;
  const W2: number[][] = [];
  const b2: number[] = [];
  for (let j = 0; j < g; j++) {
    for (let i = 0; i < g; i++) {
      const row = new Array<number>(4 * g).fill(0);
      row[2 * i] = T;
      row[2 * i + 1] = -T;
      row[2 * g + 2 * j] = T;
      row[2 * g + 2 * j + 1] = -T;
      W2.push(row);
      b2.push(-1.5 * T);
    }
  }
  return [
    { W: W1, b: b1, act: "sigmoid" },
    { W: W2, b: b2, act: "sigmoid" },
    { W: [heights.slice(0, g * g)], b: [0], act: "none" },
  ];
}

/** Each tower's best height for a target: the target's average over its square. */
export function fitTowerHeights(
  g: number,
  t: (x: number, y: number) => number = towerTarget,
  sub = 16,
): number[] {
  const out: number[] = [];
  for (let j = 0; j < g; j++) {
    for (let i = 0; i < g; i++) {
      let s = 0;
      for (let a = 0; a < sub; a++) {
        for (let b = 0; b < sub; b++) s += t((i + (a + 0.5) / sub) / g, (j + (b + 0.5) / sub) / g);
      }
      out.push(s / (sub * sub));
    }
  }
  return out;
}

/**
 * Values of a 2-D function on an n×n grid of cell centres, row-major with row 0 at the TOP
 * (y = 1), as an image is stored.
 */
export function sampleGrid(fn: (x: number, y: number) => number, n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let r = 0; r < n; r++) {
    const y = 1 - (r + 0.5) / n;
    for (let c = 0; c < n; c++) out[r * n + c] = fn((c + 0.5) / n, y);
  }
  return out;
}

/** Mean |a − b| of two equal-length arrays. */
export function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

/**
 * Viridis-like colour map (5 stops, linear between them): dark violet at 0, yellow at 1. Readable
 * on light and dark pages and for the common colour-vision deficiencies.
 */
const STOPS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export function colormap(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(t));
  const u = t - k;
  const [a, b] = [STOPS[k], STOPS[k + 1]];
  return [
    Math.round(a[0] + (b[0] - a[0]) * u),
    Math.round(a[1] + (b[1] - a[1]) * u),
    Math.round(a[2] + (b[2] - a[2]) * u),
  ];
}
