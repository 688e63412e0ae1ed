/**
 * Lesson 7's learning curves: the MNIST MLP of lesson 4 (784-128-10) trained on a deliberately
 * small training set, scored on those same training digits and on the 1,000 validation digits
 * after every epoch, with one regularizer switched on at a time (weight decay, dropout, early
 * stopping, the one-pixel shifts of lesson 4).
 *
 * Batches, shifts and evaluation are lesson 4's own (`batchTensors` with `maxShift`, `uploadSet`,
 * `evaluateSet` from mnist/train.ts). The step is written here rather than in `MnistRun` because
 * that run has neither dropout nor weight decay, and a Dropout layer in its `Sequential` would
 * renumber the parameters its weights files name ("2.weight"). Engine ops only; it never touches
 * the DOM, and every tensor a step makes is freed before it returns. The engine is an argument:
 * the trainers pass the one the runtime injected, the claims the one they imported.
 */
import type { Generator, nn, optim } from "../../engine/mod.ts";
import type { Engine } from "../runtime/trainer.ts";
import type { Digits } from "../../mnist/dataset.ts";
import {
  batchTensors,
  disposeSet,
  evaluateSet,
  type UploadedSet,
  uploadSet,
} from "../../mnist/train.ts";
import {
  CURVES_DEFAULTS,
  type CurvesSettings,
  type Regularizer,
  REGULARIZERS,
} from "./curves_run_names.ts";

export { CURVES_DEFAULTS, type CurvesSettings, type Regularizer, REGULARIZERS };

/** The first `n` digits of a set (a view: no copy). */
export function firstDigits(d: Digits, n: number): Digits {
  const count = Math.min(d.count, n);
  return {
    ...d,
    images: d.images.subarray(0, count * d.rows * d.cols),
    labels: d.labels.subarray(0, count),
    count,
  };
}

/** What a regularizer changes in a run. */
export interface Regularization {
  /** L2 penalty λ: Adam's `weightDecay`, λ·w added to every weight's gradient. */
  weightDecay: number;
  /** Dropout probability after the hidden layer (0: none). */
  dropout: number;
  /** Stop after this many epochs without a lower validation loss (0: never). */
  patience: number;
  /** Shift each training image by up to this many pixels (lesson 4's augmentation). */
  maxShift: number;
}

export const REGULARIZATION: Record<Regularizer, Regularization> = {
  none: { weightDecay: 0, dropout: 0, patience: 0, maxShift: 0 },
  weightDecay: { weightDecay: 1e-2, dropout: 0, patience: 0, maxShift: 0 },
  dropout: { weightDecay: 0, dropout: 0.5, patience: 0, maxShift: 0 },
  earlyStop: { weightDecay: 0, dropout: 0, patience: 3, maxShift: 0 },
  augment: { weightDecay: 0, dropout: 0, patience: 0, maxShift: 1 },
  all: { weightDecay: 1e-2, dropout: 0.5, patience: 3, maxShift: 1 },
};

/** Bounds on what a page or a URL may ask for. */
const LIMITS: Record<keyof CurvesSettings, [number, number]> = {
  trainSize: [50, 8000],
  epochs: [1, 100],
  batchSize: [1, 500],
  lr: [1e-6, 1],
  hidden: [4, 512],
  seed: [0, 2 ** 31],
};

/** The settings with defaults filled in; a value that is not a finite number is an Error. */
export function curvesSettings(partial: Partial<CurvesSettings> = {}): CurvesSettings {
  const out = { ...CURVES_DEFAULTS };
  for (const key of Object.keys(LIMITS) as (keyof CurvesSettings)[]) {
    const v = partial[key];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`curves: ${key} must be a number, got ${JSON.stringify(v)}`);
    }
    const [lo, hi] = LIMITS[key];
    const clamped = Math.min(hi, Math.max(lo, v));
    out[key] = key === "lr" ? clamped : Math.round(clamped);
  }
  return out;
}

/** One epoch's scores (epoch 0: before training). Losses are mean cross-entropy; accuracies %. */
export interface EpochScores {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  trainAcc: number;
  valAcc: number;
}

/** The model: 784 → hidden → ReLU (→ Dropout) → 10, weights drawn from `generator`. */
export function curvesModel(
  E: Engine,
  hidden: number,
  dropout: number,
  generator: Generator,
): nn.Sequential {
  const layers: nn.Module[] = [new E.nn.Linear(784, hidden, { generator }), new E.nn.ReLU()];
  if (dropout > 0) layers.push(new E.nn.Dropout(dropout, { generator }));
  layers.push(new E.nn.Linear(hidden, 10, { generator }));
  return new E.nn.Sequential(...layers);
}

/**
 * One run: `step()` trains one batch; after the last batch of an epoch both sets are scored
 * (model in eval mode: no dropout, no shifts) and the scores appended to `history`.
 */
export class CurvesRun {
  readonly model: nn.Sequential;
  readonly optimizer: optim.Adam;
  readonly stepsPerEpoch: number;
  readonly history: EpochScores[] = [];
  steps = 0;
  /** Early stopping ended the run (before `settings.epochs`). */
  stoppedEarly = false;
  private readonly generator: Generator;
  private readonly train: Digits;
  private sets: { train: UploadedSet; val: UploadedSet };
  private order: Int32Array | null = null;
  private stepInEpoch = 0;

  constructor(
    /** The engine to train with (a trainer's injected one). */
    private readonly e: Engine,
    train: Digits,
    private readonly val: Digits,
    readonly regularization: Regularization,
    readonly settings: CurvesSettings,
  ) {
    this.train = firstDigits(train, settings.trainSize);
    // The order of draws: weights, then per epoch a permutation, shifts and dropout masks.
    this.generator = new e.Generator(settings.seed);
    this.model = curvesModel(e, settings.hidden, regularization.dropout, this.generator);
    this.optimizer = new e.optim.Adam(this.model.parameters(), {
      lr: settings.lr,
      weightDecay: regularization.weightDecay,
    });
    this.stepsPerEpoch = Math.ceil(this.train.count / settings.batchSize);
    this.sets = this.upload();
  }

  private upload() {
    const spec = { kind: "mlp" as const };
    const upload = (d: Digits) => uploadSet(d, spec, undefined, undefined, this.e);
    return { train: upload(this.train), val: upload(this.val) };
  }

  /** Epochs finished. */
  get epoch(): number {
    return Math.max(0, this.history.length - 1);
  }

  /** The run is over: every epoch trained, or stopped early. */
  get done(): boolean {
    return this.stoppedEarly || this.epoch >= this.settings.epochs;
  }

  /** The epoch whose model the run keeps: the lowest validation loss with early stopping. */
  get kept(): EpochScores | undefined {
    if (!this.regularization.patience) return this.history.at(-1);
    return this.history.reduce<EpochScores | undefined>(
      (best, h) => (best === undefined || h.valLoss < best.valLoss ? h : best),
      undefined,
    );
  }

  /** Scores both sets now and appends them (epoch 0 before the first step). */
  async score(): Promise<EpochScores> {
    const [t, v] = [
      await evaluateSet(this.model, this.sets.train, "crossEntropy", this.e),
      await evaluateSet(this.model, this.sets.val, "crossEntropy", this.e),
    ];
    const scores = {
      epoch: this.history.length,
      trainLoss: t.loss,
      valLoss: v.loss,
      trainAcc: 100 * t.accuracy,
      valAcc: 100 * v.accuracy,
    };
    if (!Number.isFinite(scores.trainLoss)) {
      throw new this.e.NonFiniteLossError(scores.trainLoss, `epoch ${scores.epoch}`);
    }
    this.history.push(scores);
    const { patience } = this.regularization;
    if (patience > 0 && this.history.length > patience) {
      const best = this.kept!.epoch;
      if (scores.epoch - best >= patience) this.stoppedEarly = true;
    }
    return scores;
  }

  /** One Adam step on the next batch (nothing once the run is done); true when an epoch ended. */
  async step(): Promise<boolean> {
    if (this.history.length === 0) await this.score();
    if (this.done) return false;
    const s = this.settings;
    this.order ??= this.generator.permutation(this.train.count);
    const start = this.stepInEpoch * s.batchSize;
    const { x, y } = batchTensors(
      this.train,
      this.order.subarray(start, Math.min(this.train.count, start + s.batchSize)),
      {
        shape: [784],
        maxShift: this.regularization.maxShift,
        random: () => this.generator.random(),
        engine: this.e,
      },
    );
    this.optimizer.zeroGrad();
    const loss = this.e.F.crossEntropy(this.model.forward(x), y);
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    [x, y, loss].forEach((t) => t.dispose());
    this.steps++;
    if (++this.stepInEpoch < this.stepsPerEpoch) return false;
    this.stepInEpoch = 0;
    this.order = null;
    await this.score();
    return true;
  }

  /** Uploads both sets again (after a backend switch). */
  reupload(): void {
    try {
      disposeSet(this.sets.train);
      disposeSet(this.sets.val);
    } catch { /* a lost backend may fail to free them */ }
    this.sets = this.upload();
  }

  dispose(): void {
    disposeSet(this.sets.train);
    disposeSet(this.sets.val);
    this.optimizer.dispose();
    this.model.dispose();
  }
}

/** Train–validation gap of an epoch: loss (validation − training) and accuracy points. */
export function gapOf(e: EpochScores): { loss: number; points: number } {
  return { loss: e.valLoss - e.trainLoss, points: e.trainAcc - e.valAcc };
}
