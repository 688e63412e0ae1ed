/**
 * Lesson 1's Playground as a trainer (it runs in the runtime's worker): an MLP 2 → hidden → 1 on
 * one of the 2-D datasets, trained with binary cross-entropy on the logits, mini-batches drawn
 * from a seeded shuffle. A snapshot holds the train and test loss and accuracy and the network's
 * σ(output) over a GRID×GRID map of the plane (one batched forward pass).
 */
import type { nn as NN, optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import { type DatasetName, gridPoints, makeDataset, splitData } from "./datasets.ts";

export type Activation = "tanh" | "relu" | "sigmoid" | "linear";

export interface PlaygroundTrainerProps {
  dataset: DatasetName;
  /** Points in the dataset (train and test together). */
  points: number;
  noise: number;
  /** Fraction of the points that train. */
  split: number;
  seed: number;
  hidden: number[];
  activation: Activation;
  optimizer: "adam" | "sgd";
  lr: number;
  batch: number;
  /** The heat map's resolution. */
  grid: number;
}

export interface PlaygroundSnapshot {
  trainLoss: number;
  testLoss: number;
  trainAcc: number;
  testAcc: number;
  /** Percent of the map called blue. */
  blue: number;
  /** σ(output) on the map, row by row from the top. */
  map: Float32Array;
  epochs: number;
}

/** Accuracy of logits against labels (logit > 0 means blue). */
export function accuracyOf(logits: ArrayLike<number>, labels: ArrayLike<number>): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if ((logits[i] > 0 ? 1 : 0) === labels[i]) right++;
  return labels.length ? right / labels.length : 0;
}

export function buildMlp(
  engine: Engine,
  hidden: number[],
  activation: Activation,
  gen: InstanceType<Engine["Generator"]>,
): NN.Module {
  const layers: NN.Module[] = [];
  let inFeatures = 2;
  for (const width of hidden) {
    layers.push(new engine.nn.Linear(inFeatures, width, { generator: gen }));
    if (activation === "tanh") layers.push(new engine.nn.Tanh());
    else if (activation === "relu") layers.push(new engine.nn.ReLU());
    else if (activation === "sigmoid") layers.push(new engine.nn.Sigmoid());
    inFeatures = width;
  }
  layers.push(new engine.nn.Linear(inFeatures, 1, { generator: gen }));
  return new engine.nn.Sequential(...layers);
}

class PlaygroundTrainer implements Trainer<PlaygroundSnapshot> {
  model: NN.Module;
  optimizer: Optim.Optimizer;
  private tensors!: { xTrain: Tensor; yTrain: Tensor; xTest: Tensor; yTest: Tensor; grid: Tensor };
  private gen: InstanceType<Engine["Generator"]>;
  private batches: Generator<[Tensor, Tensor], void, undefined> | null = null;
  private epochs = 0;
  private batch: number;
  private readonly data;

  constructor(private readonly engine: Engine, private readonly p: PlaygroundTrainerProps) {
    this.data = splitData(makeDataset(p.dataset, p.points, p.noise, p.seed), p.split, p.seed);
    this.gen = new engine.Generator(p.seed);
    this.model = buildMlp(engine, p.hidden, p.activation, this.gen);
    this.optimizer = p.optimizer === "sgd"
      ? new engine.optim.SGD(this.model.parameters(), { lr: p.lr })
      : new engine.optim.Adam(this.model.parameters(), { lr: p.lr });
    this.batch = p.batch;
    this.rebuild();
  }

  /** The data as tensors on the backend running now (the old ones, if any, are freed). */
  rebuild(): void {
    const { tensor } = this.engine;
    const d = this.data, g = this.p.grid;
    this.batches?.return();
    this.batches = null;
    for (const x of Object.values(this.tensors ?? {})) {
      try {
        x.dispose();
      } catch { /* on a lost backend: nothing left to free */ }
    }
    this.tensors = {
      xTrain: tensor(d.train.x, [d.train.y.length, 2]),
      yTrain: tensor(d.train.y, [d.train.y.length, 1]),
      xTest: tensor(d.test.x, [d.test.y.length, 2]),
      yTest: tensor(d.test.y, [d.test.y.length, 1]),
      grid: tensor(gridPoints(g), [g * g, 2]),
    };
  }

  /** The next mini-batch; a new shuffled pass over the training points when one ends. */
  private nextBatch(): [Tensor, Tensor] {
    const { xTrain, yTrain } = this.tensors;
    const bs = Math.max(1, Math.min(this.batch, xTrain.shape[0]));
    for (let tries = 0; tries < 2; tries++) {
      this.batches ??= this.engine.batches(xTrain, yTrain, bs, { generator: this.gen });
      const next = this.batches.next();
      if (!next.done) return next.value;
      this.batches = null;
      this.epochs++;
    }
    throw new Error("no training points");
  }

  step(): void {
    const [xb, yb] = this.nextBatch();
    const loss = this.engine.F.binaryCrossEntropyWithLogits(this.model.forward(xb), yb);
    this.optimizer.zeroGrad();
    loss.backward({ checkFinite: false }); // the snapshot checks the loss, without a sync read
    this.optimizer.step();
    loss.dispose();
  }

  update(patch: Record<string, unknown>): void {
    if (typeof patch.lr === "number" && patch.lr > 0) this.optimizer.lr = patch.lr;
    if (typeof patch.batch === "number" && patch.batch >= 1) {
      this.batch = Math.round(patch.batch);
      this.batches?.return();
      this.batches = null;
    }
  }

  async snapshot(): Promise<PlaygroundSnapshot> {
    const { F, noGrad } = this.engine;
    const t = this.tensors;
    const out = noGrad(() => {
      const trainLogits = this.model.forward(t.xTrain);
      const testLogits = this.model.forward(t.xTest);
      return {
        trainLogits,
        testLogits,
        trainLoss: F.binaryCrossEntropyWithLogits(trainLogits, t.yTrain),
        testLoss: F.binaryCrossEntropyWithLogits(testLogits, t.yTest),
        map: F.sigmoid(this.model.forward(t.grid)),
      };
    });
    let values: Float32Array[];
    try {
      values = await Promise.all(
        [out.trainLogits, out.testLogits, out.trainLoss, out.testLoss, out.map].map((x) =>
          x.values() as Promise<Float32Array>
        ),
      );
    } finally {
      for (const x of Object.values(out)) x.dispose();
    }
    const [trL, teL, [trainLoss], [testLoss], map] = values;
    if (!Number.isFinite(trainLoss)) {
      throw new this.engine.NonFiniteLossError(trainLoss, "the training loss");
    }
    let blue = 0;
    for (let i = 0; i < map.length; i++) if (map[i] > 0.5) blue++;
    return {
      trainLoss,
      testLoss,
      trainAcc: accuracyOf(trL, this.data.train.y),
      testAcc: accuracyOf(teL, this.data.test.y),
      blue: Math.round((100 * blue) / map.length),
      map: Float32Array.from(map),
      epochs: this.epochs,
    };
  }

  dispose(): void {
    this.batches?.return();
    this.model.dispose();
    this.optimizer.dispose();
    for (const x of Object.values(this.tensors)) x.dispose();
  }
}

const playground: TrainerModule<PlaygroundTrainerProps, PlaygroundSnapshot> = {
  create: (engine, props) => new PlaygroundTrainer(engine, props),
  shape: (p) => JSON.stringify([p.points, p.split, p.hidden, p.activation, p.optimizer, p.batch]),
};
export const { create, shape } = playground;
