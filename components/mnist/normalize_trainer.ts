/**
 * NormalizeStats as a trainer (it runs in the runtime's worker): the same MLP 784-128-10 (same
 * initial weights, same batches) trained twice side by side with plain SGD, once on pixels in
 * [0, 1] and once normalized with the training split's mean and std (`MNIST_NORMALIZATION`). One step is a step of each; after
 * `total` steps both are scored on the validation digits.
 */
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import type { nn } from "../../engine/mod.ts";
import { defaultSettings } from "./settings.ts";
import { MnistRun } from "../../mnist/train.ts";
import { loadDigitsAt } from "./digits.ts";

export interface NormalizeTrainerProps {
  /** Absolute URL of the folder of the shipped IDX files (the worker fetches them). */
  data: string;
  lr: number;
  /** Steps of each run; both are evaluated after the last. */
  total: number;
  /** Read the losses back every this many steps (default 5). */
  readEvery?: number;
}

export interface NormalizeSnapshot {
  steps: number;
  /** The steps at which both losses were read, and the losses (one batch each). */
  at: number[];
  raw: number[];
  norm: number[];
  /** Validation accuracy of each run, once both took `total` steps. */
  accuracy: { raw: number; norm: number } | null;
}

class NormalizeTrainer implements Trainer<NormalizeSnapshot> {
  readonly model: nn.Module;
  private readonly raw: MnistRun;
  private readonly norm: MnistRun;
  private readonly curves = { at: [] as number[], raw: [] as number[], norm: [] as number[] };
  private accuracy: NormalizeSnapshot["accuracy"] = null;

  constructor(
    engine: Engine,
    train: ConstructorParameters<typeof MnistRun>[1],
    val: ConstructorParameters<typeof MnistRun>[2],
    private readonly p: NormalizeTrainerProps,
  ) {
    // Plain SGD on an MLP 784-128-10, batch 64, no augmentation: the simplest setting in which
    // the pixels' scale alone decides how fast the loss falls. Same seed: same start, same batches.
    const settings = {
      ...defaultSettings("mlp"),
      spec: { kind: "mlp" as const, hidden: [128] },
      batchSize: 64,
      maxShift: 0,
      optimizer: "sgd" as const,
      momentum: 0,
      lrDecay: 1, // plain SGD: one constant rate, not the trainer's 0.6-per-epoch schedule
      lr: p.lr,
    };
    const every = p.readEvery ?? 5;
    this.raw = new MnistRun(engine, train, val, settings, { mean: 0, std: 1 }, every);
    this.norm = new MnistRun(engine, train, val, settings, undefined, every);
    // Both models' parameters, for the runtime's checkpoints (SGD without momentum keeps no
    // state of its own).
    this.model = new engine.nn.Sequential(this.raw.model, this.norm.model);
  }

  async step(): Promise<void> {
    const [a, b] = await Promise.all([this.raw.step(), this.norm.step()]);
    if (a.loss !== null && b.loss !== null) {
      this.curves.at.push(this.raw.steps);
      this.curves.raw.push(a.loss);
      this.curves.norm.push(b.loss);
    }
    if (this.raw.steps === this.p.total) {
      const [ea, eb] = [await this.raw.evaluate(), await this.norm.evaluate()];
      this.accuracy = { raw: ea.accuracy, norm: eb.accuracy };
    }
  }

  snapshot(): Promise<NormalizeSnapshot> {
    const c = this.curves;
    return Promise.resolve({
      steps: this.raw.steps,
      at: [...c.at],
      raw: [...c.raw],
      norm: [...c.norm],
      accuracy: this.accuracy,
    });
  }

  rebuild(): void {
    this.raw.reupload();
    this.norm.reupload();
  }

  dispose(): void {
    this.raw.dispose();
    this.norm.dispose();
  }
}

const normalize: TrainerModule<NormalizeTrainerProps, NormalizeSnapshot> = {
  create: async (engine, props) => {
    const { train, val } = await loadDigitsAt(props.data);
    return new NormalizeTrainer(engine, train, val, props);
  },
  shape: () => "mlp-128-sgd-64-x2",
};
export const { create, shape } = normalize;
