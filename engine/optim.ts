/**
 * Optimizers: they read each parameter's `.grad` and move the parameter a little downhill.
 * The update runs on tfjs tensors directly (no graph); each parameter's value is swapped for the
 * new one and the old one is disposed, so the parameter Tensor object stays the same.
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError } from "./errors.ts";
import type { Tensor } from "./tensor.ts";

export abstract class Optimizer {
  /** How many times `step()` has run. */
  stepCount = 0;
  /** The step size `step()` uses: change it between steps for a schedule. */
  abstract lr: number;
  /** "SGD", "Adam": for messages (class names do not survive minification). */
  protected abstract readonly kind: string;
  readonly params: Tensor[];

  constructor(params: Iterable<Tensor>) {
    this.params = [...params];
    if (this.params.length === 0) throw new EngineError("optimizer got an empty parameter list");
    for (const p of this.params) {
      if (!p.requiresGrad) {
        throw new EngineError(`optimizer: parameter ${p.describe()} does not require grad`);
      }
    }
  }

  /** Forget every gradient (PyTorch's `zero_grad()`, which sets them to None). */
  zeroGrad(): void {
    for (const p of this.params) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** Apply one update to every parameter that has a gradient. */
  step(): void {
    // The rate may have been changed since the constructor checked it (a schedule, a page's select).
    checkHyper(this.kind, "lr", this.lr, (v) => v >= 0, "a number ≥ 0");
    this.stepCount++;
    this.params.forEach((p, i) => {
      if (p.grad === null) return;
      const g = p.grad.data;
      const next = tf.tidy(() => this.update(i, p.data, g));
      p.data = tf.keep(next);
    });
  }

  /** The new value of parameter i, given its value and gradient (inside a tfjs scope). */
  protected abstract update(i: number, param: tf.Tensor, grad: tf.Tensor): tf.Tensor;

  /** Replace a state tensor (keeping it past the scope, disposing the old one). */
  protected swap(state: (tf.Tensor | null)[], i: number, value: tf.Tensor): tf.Tensor {
    state[i]?.dispose();
    state[i] = tf.keep(value);
    return value;
  }

  /** The optimizer's state tensors by name (momentum buffers, Adam's m and v), one per parameter. */
  protected abstract stateTensors(): Record<string, (tf.Tensor | null)[]>;

  /** The optimizer's state as plain arrays (momentum buffers...), to move to another backend. */
  stateDict(): { stepCount: number; buffers: Record<string, (Float32Array | null)[]> } {
    const buffers: Record<string, (Float32Array | null)[]> = {};
    for (const [name, list] of Object.entries(this.stateTensors())) buffers[name] = toArrays(list);
    return { stepCount: this.stepCount, buffers };
  }

  /** `stateDict()` without blocking: GPU backends are read asynchronously (see Tensor.values). */
  async stateDictAsync(): Promise<
    { stepCount: number; buffers: Record<string, (Float32Array | null)[]> }
  > {
    const stepCount = this.stepCount;
    const buffers: Record<string, (Float32Array | null)[]> = {};
    for (const [name, list] of Object.entries(this.stateTensors())) {
      buffers[name] = await Promise.all(
        list.map(async (t) => (t ? Float32Array.from(await t.data() as Float32Array) : null)),
      );
    }
    return { stepCount, buffers };
  }
  abstract loadStateDict(
    state: { stepCount: number; buffers: Record<string, (Float32Array | null)[]> },
  ): void;

  /** Free the optimizer's state tensors. */
  abstract dispose(): void;
}

/**
 * Checks one hyper-parameter: a finite number for which `ok` holds, else an EngineError naming the
 * optimizer, the setting and its value (`lr: NaN` or `lr: -1` would train to garbage silently).
 */
function checkHyper(
  optimizer: string,
  name: string,
  value: unknown,
  ok: (v: number) => boolean,
  expected: string,
): void {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new EngineError(`${optimizer}: ${name} must be ${expected}, got ${String(value)}`);
  }
}

function toArrays(list: (tf.Tensor | null)[]): (Float32Array | null)[] {
  return list.map((t) => (t ? Float32Array.from(t.dataSync() as Float32Array) : null));
}

function fromArrays(
  list: (Float32Array | null)[],
  params: Tensor[],
  into: (tf.Tensor | null)[],
): void {
  list.forEach((a, i) => {
    into[i]?.dispose();
    into[i] = a ? tf.keep(tf.tensor(a, params[i].shape)) : null;
  });
}

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/**
 * Stochastic gradient descent, as in PyTorch:
 *   g ← ∇ + λ·θ                       (weight decay λ)
 *   b ← μ·b + (1 − τ)·g               (momentum μ, dampening τ; b = g on the first step)
 *   g ← g + μ·b if nesterov, else b
 *   θ ← θ − lr·g
 */
export class SGD extends Optimizer {
  protected readonly kind = "SGD";
  lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  private buffers: (tf.Tensor | null)[];

  constructor(params: Iterable<Tensor>, opts: SGDOptions) {
    super(params);
    this.lr = opts.lr;
    this.momentum = opts.momentum ?? 0;
    this.dampening = opts.dampening ?? 0;
    this.nesterov = opts.nesterov ?? false;
    this.weightDecay = opts.weightDecay ?? 0;
    checkHyper("SGD", "lr", this.lr, (v) => v >= 0, "a number ≥ 0");
    checkHyper("SGD", "momentum", this.momentum, (v) => v >= 0, "a number ≥ 0");
    checkHyper("SGD", "dampening", this.dampening, (v) => v >= 0 && v <= 1, "in [0, 1]");
    checkHyper("SGD", "weightDecay", this.weightDecay, (v) => v >= 0, "a number ≥ 0");
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new EngineError("SGD: nesterov needs a momentum > 0 and zero dampening");
    }
    this.buffers = this.params.map(() => null);
  }

  protected update(i: number, param: tf.Tensor, grad: tf.Tensor): tf.Tensor {
    let g = this.weightDecay !== 0 ? tf.add(grad, tf.mul(param, this.weightDecay)) : grad;
    if (this.momentum !== 0) {
      const prev = this.buffers[i];
      const b = prev === null
        ? tf.clone(g)
        : tf.add(tf.mul(prev, this.momentum), tf.mul(g, 1 - this.dampening));
      this.swap(this.buffers, i, b);
      g = this.nesterov ? tf.add(g, tf.mul(b, this.momentum)) : b;
    }
    return tf.sub(param, tf.mul(g, this.lr));
  }

  protected stateTensors() {
    return { momentum: this.buffers };
  }
  loadStateDict(state: { stepCount: number; buffers: Record<string, (Float32Array | null)[]> }) {
    this.stepCount = state.stepCount;
    fromArrays(state.buffers.momentum, this.params, this.buffers);
  }
  dispose(): void {
    for (const b of this.buffers) b?.dispose();
    this.buffers = this.params.map(() => null);
  }
}

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

/**
 * Adam, as in PyTorch (t counts steps from 1):
 *   g ← ∇ + λ·θ
 *   m ← β₁m + (1 − β₁)g          v ← β₂v + (1 − β₂)g²
 *   θ ← θ − lr/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * m and v average the gradient and its square; the (1 − βᵗ) terms undo their start at zero.
 */
export class Adam extends Optimizer {
  protected readonly kind = "Adam";
  lr: number;
  readonly betas: [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  private m: (tf.Tensor | null)[];
  private v: (tf.Tensor | null)[];

  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}) {
    super(params);
    this.lr = opts.lr ?? 1e-3;
    this.betas = opts.betas ?? [0.9, 0.999];
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    checkHyper("Adam", "lr", this.lr, (v) => v >= 0, "a number ≥ 0");
    if (!Array.isArray(this.betas) || this.betas.length !== 2) {
      throw new EngineError(`Adam: betas must be two numbers in [0, 1), got ${String(this.betas)}`);
    }
    this.betas.forEach((b, i) =>
      checkHyper("Adam", `betas[${i}]`, b, (v) => v >= 0 && v < 1, "in [0, 1)")
    );
    checkHyper("Adam", "eps", this.eps, (v) => v >= 0, "a number ≥ 0");
    checkHyper("Adam", "weightDecay", this.weightDecay, (v) => v >= 0, "a number ≥ 0");
    this.m = this.params.map(() => null);
    this.v = this.params.map(() => null);
  }

  protected update(i: number, param: tf.Tensor, grad: tf.Tensor): tf.Tensor {
    const [b1, b2] = this.betas;
    const t = this.stepCount;
    const g = this.weightDecay !== 0 ? tf.add(grad, tf.mul(param, this.weightDecay)) : grad;
    const m0 = this.m[i], v0 = this.v[i];
    const m = m0 === null ? tf.mul(g, 1 - b1) : tf.add(tf.mul(m0, b1), tf.mul(g, 1 - b1));
    const g2 = tf.square(g);
    const v = v0 === null ? tf.mul(g2, 1 - b2) : tf.add(tf.mul(v0, b2), tf.mul(g2, 1 - b2));
    this.swap(this.m, i, m);
    this.swap(this.v, i, v);
    const stepSize = this.lr / (1 - b1 ** t);
    const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(1 - b2 ** t)), this.eps);
    return tf.sub(param, tf.mul(tf.div(m, denom), stepSize));
  }

  protected stateTensors() {
    return { m: this.m, v: this.v };
  }
  loadStateDict(state: { stepCount: number; buffers: Record<string, (Float32Array | null)[]> }) {
    this.stepCount = state.stepCount;
    fromArrays(state.buffers.m, this.params, this.m);
    fromArrays(state.buffers.v, this.params, this.v);
  }
  dispose(): void {
    for (const t of [...this.m, ...this.v]) t?.dispose();
    this.m = this.params.map(() => null);
    this.v = this.params.map(() => null);
  }
}
