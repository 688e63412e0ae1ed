/**
 * Lesson 7's learning-rate range test (Smith 2017) as a trainer: one run of the curves' MLP
 * (784-128-10, Adam, batches of 50 of the 8,000 training digits) whose learning rate grows by the
 * same factor every step, from `lrMin` to `lrMax`; the loss of each batch against the rate it was
 * trained at. It stops once the smoothed loss passes 4 × its lowest (the rate is too high from
 * there on). LrRangeTest draws it; the exercise "training-range" reads it from its store.
 */
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import type { Generator, optim } from "../../engine/mod.ts";
import { batchTensors } from "../../mnist/train.ts";
import type { Digits } from "../../mnist/dataset.ts";
import { loadDigitsAt } from "../mnist/digits.ts";
import { curvesModel } from "./curves_run.ts";
import { rangeLr, type RangeSettings, rangeSettings, smoothLosses } from "./sweep_range.ts";

export interface RangeProps extends Partial<RangeSettings> {
  /** Absolute URL of the folder of the shipped IDX files (the worker fetches them). */
  data: string;
}

export interface RangeSnapshot {
  steps: number;
  totalSteps: number;
  /** The rate of each step so far, and its batch loss. */
  lrs: number[];
  losses: number[];
  /** The losses smoothed (exponential average, bias-corrected): what the reader reads. */
  smoothed: number[];
  /** Stopped: the smoothed loss passed 4 × its lowest, or a loss was not finite. */
  stopped: boolean;
}

/** The curve is over once the smoothed loss passes this many times its lowest. */
export const BLOW_UP = 4;

class RangeTest implements Trainer<RangeSnapshot> {
  readonly model;
  readonly optimizer: optim.Adam;
  private readonly generator: Generator;
  private readonly order: Int32Array;
  private readonly lrs: number[] = [];
  private readonly losses: number[] = [];
  private stopped = false;

  constructor(
    /** The engine the runtime injected (`create(engine, props)`). */
    private readonly e: Engine,
    private readonly train: Digits,
    private readonly s: RangeSettings,
  ) {
    this.generator = new e.Generator(s.seed);
    this.model = curvesModel(e, 128, 0, this.generator);
    this.optimizer = new e.optim.Adam(this.model.parameters(), { lr: s.lrMin });
    // Enough digits for every step without repeating one.
    this.order = this.generator.permutation(train.count);
  }

  async step(): Promise<void> {
    const i = this.lrs.length;
    if (this.stopped || i >= this.s.steps) return;
    const lr = rangeLr(this.s, i);
    this.optimizer.lr = lr;
    const start = (i * 50) % (this.train.count - 50);
    const { x, y } = batchTensors(this.train, this.order.subarray(start, start + 50), {
      shape: [784],
      engine: this.e,
    });
    this.optimizer.zeroGrad();
    const loss = this.e.F.crossEntropy(this.model.forward(x), y);
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    const value = await loss.itemAsync();
    [x, y, loss].forEach((t) => t.dispose());
    this.lrs.push(lr);
    this.losses.push(value);
    const smoothed = smoothLosses(this.losses);
    const last = smoothed.at(-1)!;
    if (!Number.isFinite(last) || (i > 5 && last > BLOW_UP * Math.min(...smoothed))) {
      this.stopped = true;
    }
  }

  snapshot(): Promise<RangeSnapshot> {
    return Promise.resolve({
      steps: this.lrs.length,
      totalSteps: this.s.steps,
      lrs: [...this.lrs],
      losses: this.losses.map((l) => (Number.isFinite(l) ? l : NaN)),
      smoothed: smoothLosses(this.losses),
      stopped: this.stopped,
    });
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}

const range: TrainerModule<RangeProps, RangeSnapshot> = {
  create: async (engine, props) => {
    const s = rangeSettings(props);
    const { train } = await loadDigitsAt(props.data);
    return new RangeTest(engine, train, s);
  },
  shape: () => "mlp-128-batch-50",
};
export const { create, shape } = range;
