/**
 * BumpTrainer's comparison as a runtime trainer: for each hidden size H in SWEEP_SIZES, train
 * nn.Linear(1, H) → activation → nn.Linear(H, 1) from random weights (seed 1) for `budget` steps
 * of full-batch Adam on f's samples, and keep its final MSE. One step of this trainer is one step
 * of the size being trained; after `budget` of them it reads that size's loss and moves on, so
 * the whole comparison is SWEEP_SIZES.length × budget steps (then steps do nothing).
 *
 * The six networks are built up front in one module with one Adam over all of them: only the
 * network in training has gradients, and the optimizer's step count is set back to 0 when a new
 * size starts, so each size trains exactly as under a fresh Adam. That way the runtime's
 * checkpoint (weights and optimizer state) covers the whole comparison; the module's state dict
 * also carries the position (which size, the losses so far), so a backend fallback resumes at the
 * checkpoint's step with everything consistent.
 */
import type { nn as NN, optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import { type Activation, BUMP_SAMPLES, linspace, nielsen, SWEEP_SIZES } from "./math.ts";
import { buildMlp, dataset, mseStep, readMse } from "./train.ts";

export interface BumpSweepProps {
  act: Activation;
  lr: number;
  /** Steps per size. */
  budget: number;
  /** Hidden sizes (default SWEEP_SIZES). */
  sizes?: number[];
}

export interface BumpSweepSnapshot {
  /** Final MSE per size, null until that size is trained. */
  results: (number | null)[];
  /** The size in training (the last one when done). */
  hidden: number;
  /** Steps taken on it. */
  step: number;
  budget: number;
  done: boolean;
}

type StateDict = Record<string, { shape: number[]; values: Float32Array }>;

const XS = linspace(0, 1, BUMP_SAMPLES);

/** The networks of every size in one module; forward runs the one in training. */
function sweepModule(engine: Engine, nets: NN.Module[]) {
  return new (class extends engine.nn.Module {
    readonly nets = nets;
    /** Index of the size in training (nets.length when done). */
    current = 0;
    /** Final losses so far, NaN where not trained yet. */
    results = new Float32Array(nets.length).fill(NaN);

    forward(x: Tensor): Tensor {
      return this.nets[Math.min(this.current, this.nets.length - 1)].forward(x);
    }
    private position(): StateDict {
      return {
        "sweep.current": { shape: [1], values: Float32Array.of(this.current) },
        "sweep.results": { shape: [this.results.length], values: this.results.slice() },
      };
    }
    override stateDict(): StateDict {
      return { ...super.stateDict(), ...this.position() };
    }
    override async stateDictAsync(): Promise<StateDict> {
      const position = this.position(); // as of now, with the weights read from now
      return { ...await super.stateDictAsync(), ...position };
    }
    override loadStateDict(state: StateDict): void {
      super.loadStateDict(state);
      this.current = state["sweep.current"]?.values[0] ?? 0;
      this.results = state["sweep.results"]?.values.slice() ?? this.results;
    }
  })();
}

class BumpSweepTrainer implements Trainer<BumpSweepSnapshot> {
  readonly model: ReturnType<typeof sweepModule>;
  readonly optimizer: Optim.Adam;
  private readonly sizes: number[];
  private X!: Tensor;
  private Y!: Tensor;

  constructor(private readonly engine: Engine, private readonly p: BumpSweepProps) {
    if (!(p.budget >= 1)) {
      throw new Error(`the sweep needs a budget of 1 step or more, got ${p.budget}`);
    }
    this.sizes = p.sizes ?? SWEEP_SIZES;
    const nets = this.sizes.map((h) =>
      buildMlp(engine, { sizes: [1, h, 1], act: p.act, seed: 1 }).model
    );
    this.model = sweepModule(engine, nets);
    this.optimizer = new engine.optim.Adam(this.model.parameters(), { lr: p.lr });
    this.rebuild();
  }

  rebuild(): void {
    [this.X, this.Y] = dataset(this.engine, XS.map((x) => [x]), XS.map(nielsen));
  }

  update(patch: Record<string, unknown>): void {
    if (typeof patch.lr === "number" && patch.lr > 0) this.optimizer.lr = patch.lr;
  }

  async step(): Promise<void> {
    const m = this.model;
    if (m.current >= this.sizes.length) return;
    const net = m.nets[m.current];
    mseStep(this.engine, net, this.optimizer, this.X, this.Y);
    // The optimizer counts the steps of this size (it starts again at 0 for the next one).
    if (this.optimizer.stepCount < this.p.budget) return;
    const { loss } = await readMse(
      this.engine,
      net,
      this.X,
      this.Y,
      [],
      `the loss of ${this.sizes[m.current]} hidden neurons`,
    );
    m.results[m.current] = loss;
    m.current++;
    this.optimizer.stepCount = 0;
  }

  snapshot(): Promise<BumpSweepSnapshot> {
    const m = this.model;
    const done = m.current >= this.sizes.length;
    return Promise.resolve({
      results: Array.from(m.results, (v) => Number.isFinite(v) ? v : null),
      hidden: this.sizes[Math.min(m.current, this.sizes.length - 1)],
      step: done ? this.p.budget : this.optimizer.stepCount,
      budget: this.p.budget,
      done,
    });
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.X.dispose();
    this.Y.dispose();
  }
}

const bumpSweep: TrainerModule<BumpSweepProps, BumpSweepSnapshot> = {
  create: (engine, props) => new BumpSweepTrainer(engine, props),
  // Timed on the first (smallest) size: every size here is dispatch-bound alike.
  shape: (p) => JSON.stringify(p.sizes ?? SWEEP_SIZES),
};
export const { create, shape } = bumpSweep;
