/**
 * Optimizers: they read each parameter's `.grad` and move the parameter a little downhill.
 * The update runs on tfjs tensors directly (no graph); each parameter's value is swapped for the
 * new one and the old one is disposed, so the parameter Tensor object stays the same.
 */
import * as tf from "@tensorflow/tfjs-core";
import { checkNumber, EngineError } from "./errors.ts";
import type { Tensor } from "./tensor.ts";

export * as lrScheduler from "./lr_scheduler.ts";

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
    checkNumber(this.kind, "lr", this.lr, (v) => v >= 0, "a number ≥ 0");
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
    checkNumber("SGD", "lr", this.lr, (v) => v >= 0, "a number ≥ 0");
    checkNumber("SGD", "momentum", this.momentum, (v) => v >= 0, "a number ≥ 0");
    checkNumber("SGD", "dampening", this.dampening, (v) => v >= 0 && v <= 1, "in [0, 1]");
    checkNumber("SGD", "weightDecay", this.weightDecay, (v) => v >= 0, "a number ≥ 0");
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
  // A getter, not a field: AdamW's name must be there while Adam's constructor checks the options.
  protected get kind(): string {
    return "Adam";
  }
  /** AdamW: weight decay shrinks θ directly instead of being added to the gradient. */
  protected get decoupled(): boolean {
    return false;
  }
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
    this.weightDecay = opts.weightDecay ?? (this.decoupled ? 1e-2 : 0);
    const kind = this.kind;
    checkNumber(kind, "lr", this.lr, (v) => v >= 0, "a number ≥ 0");
    if (!Array.isArray(this.betas) || this.betas.length !== 2) {
      throw new EngineError(
        `${kind}: betas must be two numbers in [0, 1), got ${String(this.betas)}`,
      );
    }
    this.betas.forEach((b, i) =>
      checkNumber(kind, `betas[${i}]`, b, (v) => v >= 0 && v < 1, "in [0, 1)")
    );
    checkNumber(kind, "eps", this.eps, (v) => v >= 0, "a number ≥ 0");
    checkNumber(kind, "weightDecay", this.weightDecay, (v) => v >= 0, "a number ≥ 0");
    this.m = this.params.map(() => null);
    this.v = this.params.map(() => null);
  }

  protected update(i: number, param: tf.Tensor, grad: tf.Tensor): tf.Tensor {
    const [b1, b2] = this.betas;
    const t = this.stepCount;
    let g = grad;
    if (this.weightDecay !== 0 && this.decoupled) {
      param = tf.mul(param, 1 - this.lr * this.weightDecay);
    } else if (this.weightDecay !== 0) g = tf.add(grad, tf.mul(param, this.weightDecay));
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

/**
 * AdamW (Loshchilov & Hutter 2019), as in PyTorch: weight decay is decoupled from the gradient,
 *   θ ← θ·(1 − lr·λ), then the Adam step with ∇ alone
 * (in Adam the λ·θ added to the gradient is divided by √v, so weights with large gradients decay
 * less). Its default λ is 0.01, as in PyTorch.
 */
export class AdamW extends Adam {
  protected override get kind(): string {
    return "AdamW";
  }
  protected override get decoupled(): boolean {
    return true;
  }
}

export interface RMSpropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
}

/**
 * RMSprop (Hinton's lecture 6e), as in PyTorch:
 *   g ← ∇ + λ·θ
 *   v ← α·v + (1 − α)·g²                      (v starts at 0)
 *   centered: ḡ ← α·ḡ + (1 − α)·g, and v − ḡ² replaces v below (the variance, not the 2nd moment)
 *   d ← g / (√v + ε)
 *   momentum μ > 0: b ← μ·b + d (b starts at 0), θ ← θ − lr·b;  else θ ← θ − lr·d
 * Each weight's step is divided by the size of its recent gradients.
 */
export class RMSprop extends Optimizer {
  protected readonly kind = "RMSprop";
  lr: number;
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;
  private squareAvg: (tf.Tensor | null)[];
  private gradAvg: (tf.Tensor | null)[];
  private buffers: (tf.Tensor | null)[];

  constructor(params: Iterable<Tensor>, opts: RMSpropOptions = {}) {
    super(params);
    this.lr = opts.lr ?? 1e-2;
    this.alpha = opts.alpha ?? 0.99;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    this.momentum = opts.momentum ?? 0;
    this.centered = opts.centered ?? false;
    checkNumber("RMSprop", "lr", this.lr, (v) => v >= 0, "a number ≥ 0");
    checkNumber("RMSprop", "alpha", this.alpha, (v) => v >= 0 && v <= 1, "in [0, 1]");
    checkNumber("RMSprop", "eps", this.eps, (v) => v >= 0, "a number ≥ 0");
    checkNumber("RMSprop", "weightDecay", this.weightDecay, (v) => v >= 0, "a number ≥ 0");
    checkNumber("RMSprop", "momentum", this.momentum, (v) => v >= 0, "a number ≥ 0");
    if (typeof this.centered !== "boolean") {
      throw new EngineError(
        `RMSprop: centered must be true or false, got ${String(this.centered)}`,
      );
    }
    this.squareAvg = this.params.map(() => null);
    this.gradAvg = this.params.map(() => null);
    this.buffers = this.params.map(() => null);
  }

  protected update(i: number, param: tf.Tensor, grad: tf.Tensor): tf.Tensor {
    const a = this.alpha;
    const g = this.weightDecay !== 0 ? tf.add(grad, tf.mul(param, this.weightDecay)) : grad;
    const v0 = this.squareAvg[i];
    const g2 = tf.mul(tf.square(g), 1 - a);
    const v = this.swap(this.squareAvg, i, v0 === null ? g2 : tf.add(tf.mul(v0, a), g2));
    let variance = v;
    if (this.centered) {
      const m0 = this.gradAvg[i];
      const g1 = tf.mul(g, 1 - a);
      const m = this.swap(this.gradAvg, i, m0 === null ? g1 : tf.add(tf.mul(m0, a), g1));
      variance = tf.relu(tf.sub(v, tf.square(m))); // ≥ 0 but for rounding: no √ of a negative
    }
    let d = tf.div(g, tf.add(tf.sqrt(variance), this.eps));
    if (this.momentum > 0) {
      const b0 = this.buffers[i];
      d = this.swap(this.buffers, i, b0 === null ? d : tf.add(tf.mul(b0, this.momentum), d));
    }
    return tf.sub(param, tf.mul(d, this.lr));
  }

  protected stateTensors() {
    return { squareAvg: this.squareAvg, gradAvg: this.gradAvg, momentum: this.buffers };
  }
  loadStateDict(state: { stepCount: number; buffers: Record<string, (Float32Array | null)[]> }) {
    this.stepCount = state.stepCount;
    fromArrays(state.buffers.squareAvg, this.params, this.squareAvg);
    fromArrays(state.buffers.gradAvg, this.params, this.gradAvg);
    fromArrays(state.buffers.momentum, this.params, this.buffers);
  }
  dispose(): void {
    for (const t of [...this.squareAvg, ...this.gradAvg, ...this.buffers]) t?.dispose();
    this.squareAvg = this.params.map(() => null);
    this.gradAvg = this.params.map(() => null);
    this.buffers = this.params.map(() => null);
  }
}
