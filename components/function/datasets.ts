/**
 * The playground's datasets: two classes of points in the square [−3, 3]², made by pure, seeded
 * functions, so the same seed gives the same points on every machine (and in the URL a reader
 * shares). `noise` (0 to 0.5) jitters each point by a Gaussian of that standard deviation times
 * the square's half-width, so the classes start to overlap; `splitData` holds some points out as
 * a test set that training never sees.
 */
import { Generator } from "../../engine/random.ts";

/** The plotted square is [−EXTENT, EXTENT]²: coordinates of a few units suit the default
 * initialization (weights of about ±1/√fan_in) without saturating tanh. */
export const EXTENT = 3;

export const DATASETS = ["linear", "circles", "xor", "spiral", "blobs"] as const;
export type DatasetName = typeof DATASETS[number];

export interface Dataset {
  /** Point i is (x[2i], x[2i + 1]). */
  x: Float32Array;
  /** 1 (blue) or 0 (orange), one per point. */
  y: Float32Array;
}

/** Keeps a value inside the unit square (shapes are drawn there, then scaled by EXTENT). */
const clamp = (v: number) => Math.max(-1, Math.min(1, v));

/** Where point i of class `label` sits before the noise. */
type Shape = (gen: Generator, i: number, n: number) => [number, number, number];

const shapes: Record<DatasetName, Shape> = {
  // Above or below the line x₂ = 0.4·x₁ + 0.1, at least 0.1 away from it so the classes are
  // separable when there is no noise.
  linear(gen) {
    for (;;) {
      const a = gen.random() * 1.8 - 0.9, b = gen.random() * 1.8 - 0.9;
      const d = b - (0.4 * a + 0.1);
      if (Math.abs(d) > 0.1) return [a, b, d > 0 ? 1 : 0];
    }
  },
  // A disc of radius 0.4 (blue) inside a ring from 0.6 to 0.9 (orange).
  circles(gen, i) {
    const inner = i % 2 === 0;
    const r = inner ? 0.4 * Math.sqrt(gen.random()) : 0.6 + 0.3 * gen.random();
    const t = 2 * Math.PI * gen.random();
    return [r * Math.cos(t), r * Math.sin(t), inner ? 1 : 0];
  },
  // Opposite quadrants share a class; points keep 0.05 away from the axes.
  xor(gen) {
    const side = () => (0.05 + 0.85 * gen.random()) * (gen.random() < 0.5 ? -1 : 1);
    const a = side(), b = side();
    return [a, b, a * b > 0 ? 1 : 0];
  },
  // Two arms, each turning 1.75 times around the centre, one the other rotated by π.
  spiral(_gen, i, n) {
    const arm = i % 2;
    const s = Math.floor(i / 2) / Math.ceil(n / 2); // 0 → 1 along the arm
    const r = 0.9 * s + 0.05;
    const t = 1.75 * 2 * Math.PI * s + arm * Math.PI;
    return [r * Math.sin(t), r * Math.cos(t), arm === 0 ? 1 : 0];
  },
  // Two round Gaussian clouds (standard deviation 0.2) centred at ±(0.4, 0.4).
  blobs(gen, i) {
    const label = i % 2 === 0 ? 1 : 0;
    const [u, v] = gen.normal(2, 0, 0.2);
    const c = label ? 0.4 : -0.4;
    return [clamp(c + u), clamp(c + v), label];
  },
};

/** `n` points of `name`, jittered by `noise`, from `seed`. */
export function makeDataset(name: DatasetName, n: number, noise: number, seed: number): Dataset {
  const shape = shapes[name];
  if (!shape) throw new Error(`unknown dataset '${name}': choose one of ${DATASETS.join(", ")}`);
  const gen = new Generator(seed);
  const jitter = new Generator(seed ^ 0x5bd1e995);
  const x = new Float32Array(2 * n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, label] = shape(gen, i, n);
    const [da, db] = noise > 0 ? jitter.normal(2, 0, noise) : [0, 0];
    x[2 * i] = EXTENT * clamp(a + da);
    x[2 * i + 1] = EXTENT * clamp(b + db);
    y[i] = label;
  }
  return { x, y };
}

export interface Split {
  train: Dataset;
  test: Dataset;
}

/** A seeded shuffle, then the first `round(trainFraction·n)` points train, the rest test. */
export function splitData(data: Dataset, trainFraction: number, seed: number): Split {
  const n = data.y.length;
  const order = new Generator(seed ^ 0x27d4eb2f).permutation(n);
  const nTrain = Math.max(1, Math.min(n - 1, Math.round(trainFraction * n)));
  const take = (from: number, to: number): Dataset => {
    const x = new Float32Array(2 * (to - from)), y = new Float32Array(to - from);
    for (let k = from; k < to; k++) {
      const i = order[k];
      x[2 * (k - from)] = data.x[2 * i];
      x[2 * (k - from) + 1] = data.x[2 * i + 1];
      y[k - from] = data.y[i];
    }
    return { x, y };
  };
  return { train: take(0, nTrain), test: take(nTrain, n) };
}

/** Regression datasets: a value in [−1, 1] for each point of the square (trained with MSE). */
export const REGRESSIONS = ["plane", "gauss"] as const;
export type RegressionName = typeof REGRESSIONS[number];

/** The value each regression dataset gives a point (u, v) of the unit square. */
const targets: Record<RegressionName, (u: number, v: number) => number> = {
  // A tilted plane: −1 in one corner, +1 in the opposite one.
  plane: (u, v) => (u + v) / 2,
  // Two Gaussian bumps (standard deviation 0.35): +1 at (0.4, 0.4), −1 at (−0.4, −0.4).
  gauss(u, v) {
    const bump = (cu: number, cv: number) =>
      Math.exp(-((u - cu) ** 2 + (v - cv) ** 2) / (2 * 0.35 ** 2));
    return bump(0.4, 0.4) - bump(-0.4, -0.4);
  },
};

/**
 * `n` points spread evenly over the square, each labelled with `name`'s value at its place
 * (before the noise moves it, so noise blurs the target as it does TFP's).
 */
export function makeRegression(
  name: RegressionName,
  n: number,
  noise: number,
  seed: number,
): Dataset {
  const target = targets[name];
  if (!target) {
    throw new Error(`unknown regression '${name}': choose one of ${REGRESSIONS.join(", ")}`);
  }
  const gen = new Generator(seed);
  const jitter = new Generator(seed ^ 0x5bd1e995);
  const x = new Float32Array(2 * n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = 2 * gen.random() - 1, b = 2 * gen.random() - 1;
    const [da, db] = noise > 0 ? jitter.normal(2, 0, noise) : [0, 0];
    x[2 * i] = EXTENT * clamp(a + da);
    x[2 * i + 1] = EXTENT * clamp(b + db);
    y[i] = target(a, b);
  }
  return { x, y };
}

/** The centres of a `size`×`size` grid over the plotted square, row by row from the top. */
export function gridPoints(size: number): Float32Array {
  const out = new Float32Array(2 * size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const k = 2 * (r * size + c);
      out[k] = EXTENT * (-1 + (2 * c + 1) / size);
      out[k + 1] = EXTENT * (1 - (2 * r + 1) / size);
    }
  }
  return out;
}
