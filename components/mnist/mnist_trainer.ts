/**
 * Lesson 4's MNIST classifier as a trainer (it runs in the runtime's worker): one `MnistRun`
 * (mnist/train.ts: the command line's training loop, models, batches and shifts) on the shipped
 * digits, which the worker fetches itself from `props.data`. MnistTrainer trains it for
 * `settings.epochs` epochs with validation every quarter epoch; DrawDigit trains a quick one and
 * asks it for predictions. Both ask through `call` (its `methods`):
 *   - `predict(pixels)`: the ten class probabilities of one 28 × 28 image in [0, 1];
 *   - `evaluate()`: score the validation digits now (a stopped run), into the next snapshot;
 *   - `weights()`: the weights file (JSON text, the format of `deno task mnist`);
 *   - `load(text)`: use the model of a weights file from now on (predict, evaluate, weights);
 *     answers its name and its validation loss, accuracy and predictions; `load-unscored(text)`
 *     answers only the name (the views inside the network, which reload the weights of a run as
 *     it trains, need no score);
 *   - `test()`: the accuracy on the 1,000 test digits (asked once, when a run ends or a file
 *     is loaded: nothing is tuned on them);
 *   - `inside-weights()`, `inside-forward(pixels)`, `inside-top(k)`, `inside-cnn(pixels)`: the
 *     model opened up (components/mnist/inside.ts, for InsideMlp and InsideCnn).
 */
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import type { Digits } from "../../mnist/dataset.ts";
import { loadDigitsAt } from "./digits.ts";
import type { RunSettings } from "./settings.ts";
import { specName } from "./settings.ts";
import { type Evaluation, MnistRun } from "../../mnist/train.ts";
import { loadWeights, type Predictor, predictorOf } from "./predictor.ts";
import { cnnLayout, forwardMlp, mlpWeights, topExciting } from "./inside.ts";

export interface MnistTrainerProps {
  /** Absolute URL of the folder of the shipped IDX files (the worker fetches them). */
  data: string;
  settings: RunSettings;
  /** Validation runs per epoch (besides the one at each epoch's end). */
  evalsPerEpoch: number;
  /** Read the batch loss back every this many steps. */
  readEvery?: number;
  /** Train on the first `limit` training digits only (tests). */
  limit?: number;
  /** A new number for a new run with the same settings (not part of the model's shape). */
  run?: number;
}

/** What the island draws: the curves so far, the time per epoch, the last evaluation. */
export interface MnistSnapshot {
  name: string;
  steps: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** Epochs trained (fractional). */
  progress: number;
  /**
   * Training loss and accuracy (%) at the read steps, as running averages of the batches
   * (exponential, α = 0.3): [epochs, value]. The raw batch values are too noisy to read.
   */
  trainLoss: [number, number][];
  trainAcc: [number, number][];
  /** Validation loss and accuracy (%) at each evaluation: [epochs, value]. */
  valLoss: [number, number][];
  valAcc: [number, number][];
  /** The last batch loss read back (not averaged); null before the first read. */
  batchLoss: number | null;
  /** Milliseconds spent in training steps (and their evaluations) per finished epoch. */
  epochMs: number[];
  /** The latest evaluation's predicted class of each validation digit. */
  predictions: Int32Array | null;
}

/** What `load` answers. */
export interface LoadedModel {
  name: string;
  loss: number;
  accuracy: number;
  predictions: Int32Array;
}

/** The exponential moving average the curves and the readout show. */
export const SMOOTHING = 0.3;

class MnistTrainerImpl implements Trainer<MnistSnapshot> {
  readonly run: MnistRun;
  private readonly evalEvery: number;
  private readonly total: number;
  private history: Omit<MnistSnapshot, "name" | "steps" | "progress" | "predictions"> & {
    lossAvg: number;
    accAvg: number;
  };
  private predictions: Int32Array | null = null;
  /** Evaluated at this step (so `evaluate` after a stop does not repeat one). */
  private evaluatedAt = -1;
  private epochMs = 0;
  /** A model loaded from a weights file, with the file's text (to reload after a fallback). */
  private loaded: { predictor: Predictor; text: string } | null = null;

  constructor(
    private readonly e: Engine,
    private readonly train: Digits,
    private readonly val: Digits,
    private readonly test: Digits | null,
    private readonly p: MnistTrainerProps,
  ) {
    this.run = new MnistRun(e, train, val, p.settings, undefined, p.readEvery ?? 10, p.limit);
    this.evalEvery = Math.max(1, Math.ceil(this.run.stepsPerEpoch / Math.max(1, p.evalsPerEpoch)));
    this.total = p.settings.epochs * this.run.stepsPerEpoch;
    this.history = {
      stepsPerEpoch: this.run.stepsPerEpoch,
      totalSteps: this.total,
      trainLoss: [],
      trainAcc: [],
      valLoss: [],
      valAcc: [],
      epochMs: [],
      batchLoss: null,
      lossAvg: NaN,
      accAvg: NaN,
    };
  }

  get model() {
    return this.run.model;
  }

  get optimizer() {
    return this.run.optimizer;
  }

  async step(): Promise<void> {
    const start = performance.now();
    const r = this.run;
    const report = await r.step();
    const h = this.history;
    if (report.loss !== null) {
      h.batchLoss = report.loss;
      const a = SMOOTHING;
      h.lossAvg = Number.isNaN(h.lossAvg) ? report.loss : h.lossAvg + a * (report.loss - h.lossAvg);
      const acc = 100 * report.batchAccuracy!;
      h.accAvg = Number.isNaN(h.accAvg) ? acc : h.accAvg + a * (acc - h.accAvg);
      h.trainLoss.push([r.progress, h.lossAvg]);
      h.trainAcc.push([r.progress, h.accAvg]);
    }
    if (report.epochDone || r.steps % this.evalEvery === 0) await this.evaluate();
    this.epochMs += performance.now() - start;
    if (report.epochDone) {
      h.epochMs.push(this.epochMs);
      this.epochMs = 0;
    }
  }

  /** Scores the validation digits with the run's model (once per step). */
  private async evaluate(): Promise<Evaluation | null> {
    const r = this.run;
    if (this.evaluatedAt === r.steps || r.steps === 0) return null;
    const ev = await r.evaluate();
    this.evaluatedAt = r.steps;
    this.history.valLoss.push([r.progress, ev.loss]);
    this.history.valAcc.push([r.progress, 100 * ev.accuracy]);
    this.predictions = ev.predictions;
    return ev;
  }

  snapshot(): Promise<MnistSnapshot> {
    const { lossAvg: _l, accAvg: _a, ...h } = this.history;
    return Promise.resolve({
      ...h,
      // Copies: the host posts them while training goes on.
      trainLoss: [...h.trainLoss],
      trainAcc: [...h.trainAcc],
      valLoss: [...h.valLoss],
      valAcc: [...h.valAcc],
      epochMs: [...h.epochMs],
      name: this.loaded?.predictor.name ?? specName(this.p.settings.spec),
      steps: this.run.steps,
      progress: this.run.progress,
      predictions: this.predictions,
    });
  }

  /** Uses the model of a weights file from now on (a `WeightsError` says what is wrong). */
  private use(text: unknown): Predictor {
    if (typeof text !== "string") throw new Error("load: expected the weights file's text");
    const predictor = loadWeights(text, this.e);
    this.loaded?.predictor.dispose();
    this.loaded = { predictor, text };
    return predictor;
  }

  /** The model questions are about: a loaded one, else the one training. */
  private predictor(): Predictor {
    return this.loaded?.predictor ??
      predictorOf(this.run.model, this.p.settings.spec, this.run.norm, this.e);
  }

  /** The questions islands ask (`call(name, args)` on `useTrainer`); arguments are checked. */
  readonly methods = {
    predict: async (pixels: Float32Array): Promise<Float32Array> => {
      if (!(pixels instanceof Float32Array) || pixels.length !== 784) {
        throw new Error("predict: expected 784 pixels (a Float32Array of a 28 × 28 image)");
      }
      return await this.predictor().predict(pixels);
    },
    evaluate: async (): Promise<null> => {
      await this.evaluate();
      return null;
    },
    weights: (): Promise<string> => this.predictor().toJson(),
    test: async (): Promise<number> => {
      // The test digits: scored once, at the end; nothing is tuned on them.
      if (!this.test) throw new Error("test: no test digits were loaded");
      return (await this.predictor().evaluate(this.test)).accuracy;
    },
    load: async (text: string): Promise<LoadedModel> => {
      const predictor = this.use(text);
      const ev = await predictor.evaluate(this.val);
      return { name: predictor.name, ...ev };
    },
    "load-unscored": (text: string): { name: string } => ({ name: this.use(text).name }),
    "inside-weights": () => mlpWeights(this.predictor().model, this.e),
    "inside-forward": (pixels: ArrayLike<number>) =>
      forwardMlp(this.predictor().model, pixels, undefined, this.e),
    "inside-top": (k: number) =>
      topExciting(
        this.predictor().model,
        this.train,
        typeof k === "number" ? k : 8,
        undefined,
        undefined,
        this.e,
      ),
    "inside-cnn": (pixels: ArrayLike<number>) =>
      cnnLayout(this.predictor().model, pixels, undefined, this.e),
  };

  rebuild(): void {
    this.run.reupload();
    if (this.loaded) {
      const { text } = this.loaded;
      this.loaded = { predictor: loadWeights(text, this.e), text };
    }
  }

  dispose(): void {
    this.run.dispose();
    try {
      this.loaded?.predictor.dispose();
    } catch { /* freed with a lost backend */ }
    this.loaded = null;
  }
}

const mnist: TrainerModule<MnistTrainerProps, MnistSnapshot, MnistTrainerImpl["methods"]> = {
  create: async (engine, props) => {
    const { train, val, test } = await loadDigitsAt(props.data);
    return new MnistTrainerImpl(engine, train, val, test, props);
  },
  // A step's time depends on the model and the batch size, not the epochs or the seed.
  shape: (p) => JSON.stringify([p.settings.spec, p.settings.batchSize, p.settings.loss]),
};
export const { create, shape } = mnist;
