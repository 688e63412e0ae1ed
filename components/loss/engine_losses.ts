/**
 * The lesson's losses on the engine, for the lesson's trainers (the engine is passed in: they run
 * in the runtime's worker, so nothing here pulls tfjs into a page's bundle): the line y = ax + b
 * as a module, the three regression losses, L on many (a, b) at once, finite differences and
 * `backward()` at a point.
 */
import type { nn, Tensor } from "../../engine/mod.ts";
import type { Engine } from "../runtime/trainer.ts";
import type { LossKind } from "./math.ts";

/** The line's two parameters a and b (shape [1] each) as an engine module: forward(x) = ax + b. */
export interface LineModel extends nn.Module {
  a: Tensor;
  b: Tensor;
}

/** A line module starting at (a0, b0), on the backend running now. */
export function lineModel(E: Engine, a0: number, b0: number): LineModel {
  class Line extends E.nn.Module {
    a = E.tensor([a0], [1], { requiresGrad: true, label: "a" });
    b = E.tensor([b0], [1], { requiresGrad: true, label: "b" });
    forward(x: Tensor): Tensor {
      return x.mul(this.a).add(this.b);
    }
  }
  return new Line();
}

/**
 * Appends a row to columns of history (a loss curve, a path), keeping at most `max` rows: past
 * that, every other row is dropped, so a long run keeps its shape at half the resolution.
 */
export function appendCapped(columns: number[][], row: number[], max = 2000): void {
  columns.forEach((c, i) => c.push(row[i]));
  if (columns[0].length <= max) return;
  for (const c of columns) {
    const kept = c.filter((_, i) => i % 2 === 0 || i === c.length - 1);
    c.length = 0;
    c.push(...kept);
  }
}

type Reduction = "mean" | "sum" | "none";

/** F.mseLoss, F.l1Loss or F.huberLoss: the engine's own definitions, PyTorch's names. */
export function regressionLoss(
  E: Engine,
  kind: LossKind,
  pred: Tensor,
  target: Tensor,
  delta = 1,
  reduction: Reduction = "mean",
): Tensor {
  if (kind === "mse") return E.F.mseLoss(pred, target, { reduction });
  if (kind === "mae") return E.F.l1Loss(pred, target, { reduction });
  return E.F.huberLoss(pred, target, { delta, reduction });
}

/**
 * A tensor's values, read without blocking: WebGPU cannot read synchronously (its `dataSync` is
 * slow, and headless Chromium's SwiftShader gives zeros), and on WebGL an async read lets the
 * page paint while the GPU finishes.
 */
export async function read(t: Tensor): Promise<Float32Array> {
  return await t.data.data() as Float32Array;
}

/**
 * L(aⱼ, bⱼ) for m parameter pairs in ONE batched forward pass, without a graph:
 * pred[j, i] = aⱼ·xᵢ + bⱼ (shapes [m,1]·[1,n] + [m,1]), the loss per element, then the mean
 * over the points. Used for the landscape grid and for finite differences.
 */
export async function lossAt(
  E: Engine,
  kind: LossKind,
  as: ArrayLike<number>,
  bs: ArrayLike<number>,
  xs: readonly number[],
  ys: readonly number[],
  delta = 1,
): Promise<Float32Array> {
  const m = as.length, n = xs.length;
  const tiled = new Float32Array(m * n);
  for (let j = 0; j < m; j++) tiled.set(ys, j * n);
  // noGrad frees every tensor made inside except the one returned.
  const L = E.noGrad(() => {
    const A = E.tensor(Float32Array.from(as), [m, 1]);
    const B = E.tensor(Float32Array.from(bs), [m, 1]);
    const X = E.tensor(Float32Array.from(xs), [1, n]);
    const pred = A.mul(X).add(B);
    return regressionLoss(E, kind, pred, E.tensor(tiled, [m, n]), delta, "none").mean(1);
  });
  try {
    return Float32Array.from(await read(L));
  } finally {
    L.dispose();
  }
}

/** Central finite differences of L at (a, b) with step h: one batched forward of 4 points. */
export async function finiteDiff(
  E: Engine,
  kind: LossKind,
  a: number,
  b: number,
  xs: readonly number[],
  ys: readonly number[],
  delta = 1,
  h = 1e-3,
): Promise<[number, number]> {
  const L = await lossAt(E, kind, [a + h, a - h, a, a], [b, b, b + h, b - h], xs, ys, delta);
  return [(L[0] - L[1]) / (2 * h), (L[2] - L[3]) / (2 * h)];
}

/**
 * L and [∂L/∂a, ∂L/∂b] at (a, b) from the engine's `backward()`, on fresh leaves (so the
 * training parameters' grads are untouched); everything made here is freed.
 */
export async function backwardAt(
  E: Engine,
  kind: LossKind,
  a: number,
  b: number,
  X: Tensor,
  Y: Tensor,
  delta = 1,
): Promise<{ loss: number; da: number; db: number }> {
  const pa = E.tensor([a], [1], { requiresGrad: true });
  const pb = E.tensor([b], [1], { requiresGrad: true });
  try {
    const loss = regressionLoss(E, kind, X.mul(pa).add(pb), Y, delta);
    loss.backward({ checkFinite: false });
    try {
      const [l, da, db] = await Promise.all([read(loss), read(pa.grad!), read(pb.grad!)]);
      return { loss: l[0], da: da[0], db: db[0] };
    } finally {
      loss.dispose();
    }
  } finally {
    pa.dispose();
    pb.dispose();
  }
}
