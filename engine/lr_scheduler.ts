/**
 * `optim.lrScheduler`: learning-rate schedules, as PyTorch's `torch.optim.lr_scheduler`. A
 * scheduler sets its optimizer's `lr` at construction (epoch 0) and on each `step()` (call it once
 * per epoch, or per batch, after `optimizer.step()`); `getLastLr()` gives the rate it set, as a
 * list of one (PyTorch gives one per parameter group; the engine's optimizers have one).
 * The rate is computed from the epoch count in closed form, from the optimizer's `lr` when the
 * scheduler was made (the base rate), so it never drifts.
 */
import { checkNumber, EngineError } from "./errors.ts";
import type { Optimizer } from "./optim.ts";

/** Each optimizer's rate before its first scheduler changed it. */
const initialLr = new WeakMap<Optimizer, number>();

export abstract class LRScheduler {
  /** How many times `step()` has run (PyTorch's `last_epoch`). */
  lastEpoch = 0;
  /** The optimizer's `lr` before its first scheduler changed it (PyTorch's base_lrs). */
  readonly baseLr: number;
  #lastLr: number;

  constructor(readonly optimizer: Optimizer) {
    // The first scheduler on an optimizer records its rate (PyTorch's initial_lr); later ones
    // (the parts of a SequentialLR) start from it, not from what the first one set.
    this.baseLr = initialLr.get(optimizer) ?? optimizer?.lr;
    if (typeof this.baseLr !== "number" || !Number.isFinite(this.baseLr) || this.baseLr < 0) {
      const got = optimizer !== null && typeof optimizer === "object"
        ? `lr ${String(this.baseLr)}`
        : String(optimizer);
      throw new EngineError(
        `lrScheduler: needs an optimizer (optim.SGD, optim.Adam...) with an lr ≥ 0, got ${got}`,
      );
    }
    initialLr.set(optimizer, this.baseLr);
    this.#lastLr = this.baseLr;
  }

  /** The rate at `epoch` (from `baseLr`). */
  abstract lrAt(epoch: number): number;

  /** Sets the optimizer's rate for the current epoch: call from the subclass's constructor. */
  protected apply(): void {
    this.#lastLr = this.lrAt(this.lastEpoch);
    this.optimizer.lr = this.#lastLr;
  }

  /** Advance one epoch and set the optimizer's rate. */
  step(): void {
    this.lastEpoch++;
    this.apply();
  }

  getLastLr(): number[] {
    return [this.#lastLr];
  }
}

/** lr = base·γ^⌊epoch/stepSize⌋: multiplied by γ every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  constructor(optimizer: Optimizer, opts: { stepSize: number; gamma?: number }) {
    super(optimizer);
    this.stepSize = opts?.stepSize;
    this.gamma = opts?.gamma ?? 0.1;
    checkNumber(
      "StepLR",
      "stepSize",
      this.stepSize,
      (v) => Number.isInteger(v) && v >= 1,
      "a whole number ≥ 1",
    );
    checkNumber("StepLR", "gamma", this.gamma, (v) => v > 0, "a number > 0");
    this.apply();
  }
  lrAt(epoch: number): number {
    return this.baseLr * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/**
 * Cosine annealing (Loshchilov & Hutter 2017, without restarts), PyTorch's closed form:
 * lr = ηmin + (base − ηmin)·(1 + cos(π·epoch/TMax))/2, from base at epoch 0 to ηmin at TMax.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly TMax: number;
  readonly etaMin: number;
  constructor(optimizer: Optimizer, opts: { TMax: number; etaMin?: number }) {
    super(optimizer);
    this.TMax = opts?.TMax;
    this.etaMin = opts?.etaMin ?? 0;
    checkNumber(
      "CosineAnnealingLR",
      "TMax",
      this.TMax,
      (v) => Number.isInteger(v) && v >= 1,
      "a whole number ≥ 1",
    );
    checkNumber("CosineAnnealingLR", "etaMin", this.etaMin, (v) => v >= 0, "a number ≥ 0");
    this.apply();
  }
  lrAt(epoch: number): number {
    const { etaMin, baseLr } = this;
    return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / this.TMax)) / 2;
  }
}

/**
 * Linear warm-up (PyTorch's LinearLR): the factor goes in a straight line from `startFactor` to
 * `endFactor` over `totalIters` steps, then stays: lr = base·(s + (e − s)·min(epoch, T)/T).
 * Defaults as PyTorch: s = 1/3, e = 1, T = 5.
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  constructor(
    optimizer: Optimizer,
    opts: { startFactor?: number; endFactor?: number; totalIters?: number } = {},
  ) {
    super(optimizer);
    this.startFactor = opts?.startFactor ?? 1 / 3;
    this.endFactor = opts?.endFactor ?? 1;
    this.totalIters = opts?.totalIters ?? 5;
    checkNumber("LinearLR", "startFactor", this.startFactor, (v) => v > 0 && v <= 1, "in (0, 1]");
    checkNumber("LinearLR", "endFactor", this.endFactor, (v) => v >= 0 && v <= 1, "in [0, 1]");
    checkNumber(
      "LinearLR",
      "totalIters",
      this.totalIters,
      (v) => Number.isInteger(v) && v >= 1,
      "a whole number ≥ 1",
    );
    this.apply();
  }
  lrAt(epoch: number): number {
    const { startFactor: s, endFactor: e, totalIters: t } = this;
    return this.baseLr * (s + (e - s) * Math.min(epoch, t) / t);
  }
}

/**
 * Schedules one after another (PyTorch's SequentialLR): `schedulers[i]` runs from `milestones[i−1]`
 * on, counting its epochs from 0 again. Warm-up then cosine:
 * `new SequentialLR(opt, { schedulers: [new LinearLR(opt, { totalIters: 5 }),
 *   new CosineAnnealingLR(opt, { TMax: 95 })], milestones: [5] })`.
 */
export class SequentialLR extends LRScheduler {
  readonly schedulers: LRScheduler[];
  readonly milestones: number[];
  constructor(
    optimizer: Optimizer,
    opts: { schedulers: LRScheduler[]; milestones: number[] },
  ) {
    super(optimizer);
    this.schedulers = opts?.schedulers;
    this.milestones = opts?.milestones;
    if (
      !Array.isArray(this.schedulers) || this.schedulers.length === 0 ||
      !this.schedulers.every((s) => s instanceof LRScheduler && s.optimizer === optimizer)
    ) {
      throw new EngineError(
        "SequentialLR: schedulers must be a list of schedulers made on the same optimizer",
      );
    }
    const m = this.milestones;
    if (
      !Array.isArray(m) || m.length !== this.schedulers.length - 1 ||
      !m.every((v, i) => Number.isInteger(v) && v >= 1 && (i === 0 || v > m[i - 1]))
    ) {
      throw new EngineError(
        `SequentialLR: milestones must be ${this.schedulers.length - 1} increasing whole ` +
          `numbers ≥ 1 (one fewer than the schedulers), got ${JSON.stringify(m)}`,
      );
    }
    this.apply();
  }
  lrAt(epoch: number): number {
    let i = 0;
    while (i < this.milestones.length && epoch >= this.milestones[i]) i++;
    return this.schedulers[i].lrAt(epoch - (i > 0 ? this.milestones[i - 1] : 0));
  }
}
