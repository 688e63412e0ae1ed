/**
 * Optimizer paths on 2-D losses (lesson 7's "Optimizers" figure): three surfaces written twice,
 * in float64 for the map and the tolerance test, and on the engine for the gradients the real
 * optimizers (`optim.SGD`, `optim.RMSprop`, `optim.Adam`) step on. `runPaths` takes the steps
 * with the engine it is given, so what the figure draws is what the engine does.
 */
import type { Tensor } from "../../engine/mod.ts";
import type { Engine } from "../runtime/trainer.ts";

export const SURFACES = ["valley", "rosenbrock", "saddle"] as const;
export type Surface = typeof SURFACES[number];

export const OPTIMIZERS = ["sgd", "momentum", "rmsprop", "adam"] as const;
export type OptimizerName = typeof OPTIMIZERS[number];

/** A step counts as arrived when the loss is below this (every surface's minimum is 0). */
export const TOLERANCE = 1e-3;
/** Steps each path takes at most. */
export const MAX_STEPS = 800;

/** The valley's curvatures: 1 along x, KAPPA across (its condition number). */
export const KAPPA = 50;

export interface SurfaceDef {
  /** The loss in float64. */
  f(x: number, y: number): number;
  /** Where every path starts. */
  start: [number, number];
  /** The minima (for the map's crosses). */
  minima: [number, number][];
  /** The map's extent: every map is 3:2, so a change of surface moves nothing on the page. */
  x: [number, number];
  y: [number, number];
}

export const SURFACE: Record<Surface, SurfaceDef> = {
  // An ill-conditioned bowl: f = (x² + κy²)/2.
  valley: {
    f: (x, y) => (x * x + KAPPA * y * y) / 2,
    start: [-4, 1],
    minima: [[0, 0]],
    x: [-5, 1],
    y: [-2, 2],
  },
  // Rosenbrock's banana, scaled down (10 instead of 100) so plain SGD gets there in a few hundred
  // steps: f = (1 − x)² + 10(y − x²)², minimum at (1, 1) at the end of a curved valley.
  rosenbrock: {
    f: (x, y) => (1 - x) ** 2 + 10 * (y - x * x) ** 2,
    start: [-1.5, 2],
    minima: [[1, 1]],
    x: [-2, 2.5],
    y: [-0.5, 2.5],
  },
  // A saddle at (0, 0) between two minima at (±1, 0): f = (x² − 1)²/4 + y²/2. The paths start
  // almost on the ridge, so the gradient that leads off it is tiny at first.
  saddle: {
    f: (x, y) => (x * x - 1) ** 2 / 4 + y * y / 2,
    start: [0.01, 1.5],
    minima: [[-1, 0], [1, 0]],
    x: [-1.8, 1.8],
    y: [-0.8, 1.6],
  },
};

/** The same losses on engine tensors x and y (shape [1] each), for backward(). */
export function surfaceLoss(s: Surface, x: Tensor, y: Tensor): Tensor {
  if (s === "valley") return x.mul(x).add(y.mul(y).mul(KAPPA)).mul(0.5);
  if (s === "rosenbrock") {
    return x.neg().add(1).pow(2).add(y.sub(x.mul(x)).pow(2).mul(10));
  }
  return x.mul(x).sub(1).pow(2).mul(0.25).add(y.mul(y).mul(0.5));
}

/** The figure's settings: two learning rates (plain and adaptive), β and β₂. */
export interface OptimSettings {
  /** η of SGD and momentum. */
  lr: number;
  /** η of RMSProp and Adam. */
  lrAdaptive: number;
  /** Momentum's β and Adam's β₁. */
  beta: number;
  /** RMSProp's α and Adam's β₂. */
  beta2: number;
}

/** The sliders' bounds (also what a URL or a caller may ask for). */
export const BOUNDS: Record<keyof OptimSettings, [number, number]> = {
  lr: [1e-3, 0.2],
  lrAdaptive: [1e-3, 1],
  beta: [0, 0.99],
  beta2: [0.5, 0.999],
};

/** Each surface's defaults: what the prose's step counts are measured at. */
export const DEFAULTS: Record<Surface, OptimSettings> = {
  valley: { lr: 0.03, lrAdaptive: 0.1, beta: 0.9, beta2: 0.999 },
  rosenbrock: { lr: 0.01, lrAdaptive: 0.1, beta: 0.9, beta2: 0.999 },
  saddle: { lr: 0.05, lrAdaptive: 0.1, beta: 0.9, beta2: 0.999 },
};

/** Settings checked one by one: a clear error names the first bad one. */
export function checkSettings(s: unknown): OptimSettings {
  if (s === null || typeof s !== "object") {
    throw new Error(`optimizer settings must be an object, got ${String(s)}`);
  }
  const out = {} as OptimSettings;
  for (const key of Object.keys(BOUNDS) as (keyof OptimSettings)[]) {
    const v = (s as Record<string, unknown>)[key];
    const [lo, hi] = BOUNDS[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
      throw new Error(`${key} must be a number in [${lo}, ${hi}], got ${String(v)}`);
    }
    out[key] = v;
  }
  return out;
}

export function checkSurface(s: unknown): Surface {
  if (!SURFACES.includes(s as Surface)) {
    throw new Error(`surface must be one of ${SURFACES.join(", ")}, got ${String(s)}`);
  }
  return s as Surface;
}

/** The engine optimizer each name stands for, with the figure's settings. */
export function makeOptimizer(E: Engine, name: OptimizerName, params: Tensor[], s: OptimSettings) {
  switch (name) {
    case "sgd":
      return new E.optim.SGD(params, { lr: s.lr });
    case "momentum":
      return new E.optim.SGD(params, { lr: s.lr, momentum: s.beta });
    case "rmsprop":
      return new E.optim.RMSprop(params, { lr: s.lrAdaptive, alpha: s.beta2 });
    case "adam":
      return new E.optim.Adam(params, { lr: s.lrAdaptive, betas: [s.beta, s.beta2] });
  }
}

/** One optimizer's path: x and y at steps 0…n, the loss there, and when it first got within tolerance. */
export interface Path {
  x: number[];
  y: number[];
  loss: number[];
  /** The first step whose loss is below TOLERANCE (null: never, within the steps taken). */
  arrived: number | null;
}

/** Past this size a coordinate has diverged: the path stops there. */
const BLOW_UP = 1e3;
/** Steps between reads: a path stops at the end of the chunk where it arrived or blew up. */
const CHUNK = 50;

/**
 * Runs one engine optimizer from the surface's start for at most `steps` steps, reading the
 * points back (asynchronously) every CHUNK steps: a read per step would wait on the backend each
 * time, and a path that has arrived or diverged stops at the end of its chunk.
 */
export async function runPath(
  E: Engine,
  surface: Surface,
  name: OptimizerName,
  settings: OptimSettings,
  steps = MAX_STEPS,
): Promise<Path> {
  const def = SURFACE[surface];
  const x = E.tensor([def.start[0]], [1], { requiresGrad: true, label: "x" });
  const y = E.tensor([def.start[1]], [1], { requiresGrad: true, label: "y" });
  const opt = makeOptimizer(E, name, [x, y], settings);
  const path: Path = { x: [def.start[0]], y: [def.start[1]], loss: [], arrived: null };
  const points: Tensor[] = [];
  try {
    let done = false;
    for (let taken = 0; taken < steps && !done;) {
      const n = Math.min(CHUNK, steps - taken);
      for (let i = 0; i < n; i++) {
        opt.zeroGrad();
        const loss = surfaceLoss(surface, x, y);
        loss.backward({ checkFinite: false });
        loss.dispose();
        opt.step();
        points.push(x.detach(), y.detach());
      }
      taken += n;
      const values = await Promise.all(points.map((p) => p.itemAsync()));
      for (const p of points) p.dispose();
      points.length = 0;
      done = extend(path, def, values);
    }
    return path;
  } finally {
    for (const p of points) p.dispose();
    opt.zeroGrad();
    opt.dispose();
    x.dispose();
    y.dispose();
  }
}

/**
 * Adds the points read back (x₁, y₁, x₂, y₂, …) to the path, with their loss (float64), up to the
 * first that blew up; true when the path is done (arrived or blew up).
 */
function extend(path: Path, def: SurfaceDef, values: number[]): boolean {
  if (path.loss.length === 0) path.loss.push(def.f(path.x[0], path.y[0]));
  for (let i = 0; i + 1 < values.length; i += 2) {
    const px = values[i], py = values[i + 1];
    if (!(Math.abs(px) < BLOW_UP && Math.abs(py) < BLOW_UP)) return true;
    path.x.push(px);
    path.y.push(py);
    const loss = def.f(px, py);
    path.loss.push(loss);
    if (path.arrived === null && loss < TOLERANCE) path.arrived = path.loss.length - 1;
  }
  return path.arrived !== null;
}

/** The four optimizers' paths on one surface with one set of settings. */
export async function runPaths(
  E: Engine,
  surface: Surface,
  settings: OptimSettings,
  steps = MAX_STEPS,
): Promise<Record<OptimizerName, Path>> {
  const out = {} as Record<OptimizerName, Path>;
  for (const name of OPTIMIZERS) out[name] = await runPath(E, surface, name, settings, steps);
  return out;
}
