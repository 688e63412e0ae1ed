/**
 * Fine-tuning on the reader's digits (the MyDigits island), as a trainer in the runtime's worker.
 * It starts from a trained model's weights file (`call("load", text)`: the model MnistTrainer or
 * DrawDigit published), takes the reader's digits (`call("mine", { images, labels })`, bounded
 * here), and each step trains on a batch that mixes `MINE_PER_BATCH` of the reader's digits
 * (drawn with replacement) with `SHIPPED_PER_BATCH` shipped training digits, with Adam at a small
 * learning rate, so the model adapts to the handwriting without forgetting the rest at once.
 * `call("evaluate")` answers the accuracy on the reader's digits (and each one's prediction) and
 * on the 1,000 validation digits, now. A snapshot holds the steps, the last batch loss, and the accuracy on the reader's digits.
 */
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import type { Digits } from "../../mnist/dataset.ts";
import { MNIST_NORMALIZATION } from "../../mnist/dataset.ts";
import { buildModel, inputShape, loadWeights as loadWeightsFile } from "../../mnist/models.ts";
import { batchTensors } from "../../mnist/train.ts";
import type { Generator, nn, optim } from "../../engine/mod.ts";
import { predictorOf } from "./predictor.ts";
import { defaultSettings, type ModelSpec, specName } from "./settings.ts";
import { loadDigitsAt } from "./digits.ts";
import { FINETUNE_LR, MAX_MY_DIGITS, MINE_PER_BATCH, SHIPPED_PER_BATCH } from "./my_digits.ts";

export interface FinetuneProps {
  /** Absolute URL of the folder of the shipped IDX files (the worker fetches them). */
  data: string;
  /** The loaded model's name (what decides a step's speed). */
  model: string;
  seed?: number;
}

export interface FinetuneSnapshot {
  steps: number;
  /** The last batch loss (null before the first step). */
  loss: number | null;
  /** Accuracy on the reader's digits now (null: none, or no model loaded). */
  mineAcc: number | null;
  name: string;
}

export interface FinetuneEvaluation {
  mine: { accuracy: number; predictions: Int32Array } | null;
  val: { accuracy: number };
}

/** The reader's digits from the island, bounded: ≤ MAX_MY_DIGITS, 784 bytes each, labels 0–9. */
export function boundedMine(args: unknown): Digits {
  const a = args as { images?: unknown; labels?: unknown } | null;
  if (!a || !(a.images instanceof Uint8Array) || !(a.labels instanceof Uint8Array)) {
    throw new Error("mine: expected { images: Uint8Array, labels: Uint8Array }");
  }
  const count = a.labels.length;
  if (count > MAX_MY_DIGITS) throw new Error(`mine: at most ${MAX_MY_DIGITS} digits, got ${count}`);
  if (a.images.length !== count * 784) {
    throw new Error(`mine: ${count} labels need ${count * 784} pixels, got ${a.images.length}`);
  }
  if (a.labels.some((l) => l > 9)) throw new Error("mine: labels must be 0 … 9");
  return { images: a.images, labels: a.labels, count, rows: 28, cols: 28 };
}

export class FinetuneTrainer implements Trainer<FinetuneSnapshot> {
  model: nn.Module;
  optimizer: optim.Adam;
  private spec: ModelSpec;
  private name: string;
  private mine: Digits | null = null;
  private steps = 0;
  private loss: number | null = null;
  private readonly gen: Generator;

  constructor(
    private readonly e: Engine,
    private readonly train: Digits,
    private readonly val: Digits,
    seed = 1,
  ) {
    // Until a model is loaded: the lesson's MLP, untrained (it times a step like the real one).
    this.gen = new e.Generator(seed);
    this.spec = defaultSettings("mlp").spec;
    this.name = specName(this.spec);
    this.model = buildModel(this.spec, this.gen, e);
    this.optimizer = new e.optim.Adam(this.model.parameters(), { lr: FINETUNE_LR });
  }

  /** Mixed batch indices into `[mine…, train…]` (the reader's first). */
  private batch(): { digits: Digits; idx: Int32Array } {
    const m = this.mine?.count ?? 0;
    const take = m ? MINE_PER_BATCH : 0;
    const idx = new Int32Array(take + SHIPPED_PER_BATCH);
    for (let i = 0; i < take; i++) idx[i] = Math.floor(this.gen.random() * m);
    for (let i = take; i < idx.length; i++) {
      idx[i] = m + Math.floor(this.gen.random() * this.train.count);
    }
    return { digits: this.combined(), idx };
  }

  private joined: Digits | null = null;
  /** The reader's digits followed by the shipped training digits, as one set. */
  private combined(): Digits {
    if (this.joined) return this.joined;
    const m = this.mine;
    if (!m || m.count === 0) return (this.joined = this.train);
    const images = new Uint8Array(m.images.length + this.train.images.length);
    images.set(m.images);
    images.set(this.train.images, m.images.length);
    const labels = new Uint8Array(m.count + this.train.count);
    labels.set(m.labels);
    labels.set(this.train.labels, m.count);
    return (this.joined = { images, labels, count: labels.length, rows: 28, cols: 28 });
  }

  async step(): Promise<void> {
    const { digits, idx } = this.batch();
    const { x, y } = batchTensors(digits, idx, {
      shape: inputShape(this.spec),
      normalization: MNIST_NORMALIZATION,
      engine: this.e,
    });
    this.optimizer.zeroGrad();
    const loss = this.e.F.crossEntropy(this.model.forward(x), y);
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    x.dispose();
    y.dispose();
    this.steps++;
    this.loss = await loss.itemAsync();
    loss.dispose();
  }

  private predictor() {
    return predictorOf(this.model, this.spec, MNIST_NORMALIZATION, this.e);
  }

  async snapshot(): Promise<FinetuneSnapshot> {
    if (this.loss !== null && !Number.isFinite(this.loss)) {
      throw new this.e.NonFiniteLossError(this.loss, `step ${this.steps}`);
    }
    const mineAcc = this.mine?.count ? (await this.predictor().evaluate(this.mine)).accuracy : null;
    return { steps: this.steps, loss: this.loss, mineAcc, name: this.name };
  }

  /** The questions MyDigits asks (`call(name, args)` on `useTrainer`); arguments are checked. */
  readonly methods = {
    load: (text: string): string => {
      if (typeof text !== "string") throw new Error("load: expected the weights file's text");
      // A WeightsError says what is wrong.
      const { model, spec } = loadWeightsFile(text, undefined, this.e);
      this.model.dispose();
      this.optimizer.dispose();
      this.model = model;
      this.spec = spec;
      this.name = specName(spec);
      this.optimizer = new this.e.optim.Adam(this.model.parameters(), { lr: FINETUNE_LR });
      this.steps = 0;
      this.loss = null;
      return this.name;
    },
    mine: (digits: { images: Uint8Array; labels: Uint8Array }): number => {
      this.mine = boundedMine(digits);
      this.joined = null;
      return this.mine.count;
    },
    evaluate: async (): Promise<FinetuneEvaluation> => {
      const p = this.predictor();
      const mine = this.mine?.count ? await p.evaluate(this.mine) : null;
      const val = await p.evaluate(this.val);
      return {
        mine: mine && { accuracy: mine.accuracy, predictions: mine.predictions },
        val: { accuracy: val.accuracy },
      };
    },
  };

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}

const finetune: TrainerModule<FinetuneProps, FinetuneSnapshot, FinetuneTrainer["methods"]> = {
  create: async (engine, props) => {
    const { train, val } = await loadDigitsAt(props.data);
    return new FinetuneTrainer(engine, train, val, props.seed ?? 1);
  },
  shape: (p) => JSON.stringify(["finetune", p.model]),
};
export const { create, shape } = finetune;
