/**
 * The lesson's losses on the engine (the engine is passed in: islands load it with
 * `loadEngine()`, so nothing here pulls tfjs into a page's first bundle).
 */
import type { Engine } from "../lib/engine.ts";
import type { Tensor } from "../../engine/mod.ts";
import type { LossKind } from "./math.ts";

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
 * L(aⱼ, bⱼ) for m parameter pairs in ONE batched forward pass, without a graph:
 * pred[j, i] = aⱼ·xᵢ + bⱼ (shapes [m,1]·[1,n] + [m,1]), the loss per element, then the mean
 * over the points. Used for the landscape grid and for finite differences.
 */
export function lossAt(
  E: Engine,
  kind: LossKind,
  as: ArrayLike<number>,
  bs: ArrayLike<number>,
  xs: readonly number[],
  ys: readonly number[],
  delta = 1,
): Float32Array {
  const m = as.length, n = xs.length;
  const tiled = new Float32Array(m * n);
  for (let j = 0; j < m; j++) tiled.set(ys, j * n);
  return E.noGrad(() => {
    const A = E.tensor(Float32Array.from(as), [m, 1]);
    const B = E.tensor(Float32Array.from(bs), [m, 1]);
    const X = E.tensor(Float32Array.from(xs), [1, n]);
    const pred = A.mul(X).add(B);
    const perPoint = regressionLoss(E, kind, pred, E.tensor(tiled, [m, n]), delta, "none");
    // A plain array leaves the scope: noGrad frees every tensor made above.
    return Float32Array.from(perPoint.mean(1).dataSync());
  });
}

/** Central finite differences of L at (a, b) with step h: one batched forward of 4 points. */
export function finiteDiff(
  E: Engine,
  kind: LossKind,
  a: number,
  b: number,
  xs: readonly number[],
  ys: readonly number[],
  delta = 1,
  h = 1e-3,
): [number, number] {
  const L = lossAt(E, kind, [a + h, a - h, a, a], [b, b, b + h, b - h], xs, ys, delta);
  return [(L[0] - L[1]) / (2 * h), (L[2] - L[3]) / (2 * h)];
}

/**
 * L and [∂L/∂a, ∂L/∂b] at (a, b) from the engine's `backward()`, on fresh leaves (so the
 * training parameters' grads are untouched); everything made here is freed.
 */
export function backwardAt(
  E: Engine,
  kind: LossKind,
  a: number,
  b: number,
  X: Tensor,
  Y: Tensor,
  delta = 1,
): { loss: number; da: number; db: number } {
  const pa = E.tensor([a], [1], { requiresGrad: true });
  const pb = E.tensor([b], [1], { requiresGrad: true });
  try {
    const loss = regressionLoss(E, kind, X.mul(pa).add(pb), Y, delta);
    loss.backward({ checkFinite: false });
    const out = { loss: loss.item(), da: pa.grad!.item(), db: pb.grad!.item() };
    loss.dispose();
    return out;
  } finally {
    pa.dispose();
    pb.dispose();
  }
}
