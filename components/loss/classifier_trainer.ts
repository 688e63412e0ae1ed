/**
 * ClassifierLoss as a trainer (it runs in the runtime's worker). Built from one example's logits
 * z and its right class y, it answers the table's numbers from the engine: softmax(z), and
 * `nllLoss(logSoftmax(z), y)`, `crossEntropy(z, y)` and `mseLoss(softmax(z), one-hot y)`, each
 * with its gradient with respect to z from its own `backward()`. Training runs gradient descent
 * (η = 1) on two copies of z side by side, one with cross-entropy and one with MSE; a snapshot
 * holds p(right class) of both copies at every step so far and their current losses.
 */
import type { nn, optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import { softmax } from "./math.ts";

export interface ClassifierProps {
  /** The logits, one per class (2 to 5 classes). */
  z: number[];
  /** The right class, 0-based. */
  y: number;
}

/** One loss on the engine: its value and ∂loss/∂z. */
export interface LossResult {
  value: number;
  grad: number[];
}

/** The table: everything from the engine at the props' logits. */
export interface Evaluation {
  probs: number[];
  nll: LossResult;
  ce: LossResult;
  mse: LossResult;
}

export interface ClassifierSnapshot {
  evaluation: Evaluation;
  /** Steps 0, 1, 2... with p(right class) of the copy trained with each loss. */
  step: number[];
  pCe: number[];
  pMse: number[];
  /** The current cross-entropy of the first copy and MSE of the second. */
  lossCe: number;
  lossMse: number;
}

/** The learning rate of both copies. */
export const CLASSIFIER_LR = 1;
/** Steps one "Train both" press runs (lesson 3 states where MSE is when they end). */
export const CLASSIFIER_RUN_STEPS = 150;

/** Every number of the table from the engine: three losses, each with its own backward(). */
export async function evaluate(E: Engine, z: number[], y: number): Promise<Evaluation> {
  const K = z.length;
  const target = E.tensor([y], [1], { dtype: "int32" });
  const oneHot = E.tensor(z.map((_, k) => (k === y ? 1 : 0)), [1, K]);
  const made: Tensor[] = [target, oneHot];
  /** Forward and backward now; the values are read afterwards, all at once. */
  const run = (f: (Z: Tensor) => Tensor): [Tensor, Tensor] => {
    const Z = E.tensor([z], [1, K], { requiresGrad: true });
    const loss = f(Z);
    loss.backward({ checkFinite: false });
    made.push(Z, loss);
    return [loss, Z.grad!];
  };
  try {
    const probs = E.noGrad(() => E.F.softmax(E.tensor([z], [1, K]), 1));
    made.push(probs);
    const parts = [
      run((Z) => E.F.nllLoss(E.F.logSoftmax(Z, 1), target)),
      run((Z) => E.F.crossEntropy(Z, target)),
      run((Z) => E.F.mseLoss(E.F.softmax(Z, 1), oneHot)),
    ];
    const [p, ...values] = await Promise.all([probs, ...parts.flat()].map((x) => x.values()));
    const result = (i: number): LossResult => ({
      value: values[2 * i][0],
      grad: Array.from(values[2 * i + 1]),
    });
    return { probs: Array.from(p), nll: result(0), ce: result(1), mse: result(2) };
  } finally {
    for (const t of made) t.dispose();
  }
}

/** The two copies of the logits, as the module the runtime checkpoints. */
interface Copies extends nn.Module {
  zCe: Tensor;
  zMse: Tensor;
}

function copies(E: Engine, z: number[]): Copies {
  const K = z.length;
  class Logits extends E.nn.Module {
    zCe = E.tensor([z], [1, K], { requiresGrad: true, label: "z (cross-entropy)" });
    zMse = E.tensor([z], [1, K], { requiresGrad: true, label: "z (MSE)" });
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  return new Logits();
}

class ClassifierTrainer implements Trainer<ClassifierSnapshot> {
  model: Copies;
  optimizer: Optim.SGD;
  private target!: Tensor;
  private oneHot!: Tensor;
  private evaluation: Evaluation | null = null;
  /** Both copies' logits after each step since the last snapshot, read there. */
  private pending: Tensor[][] = [];
  private readonly history: { step: number[]; pCe: number[]; pMse: number[] };
  private steps = 0;

  constructor(private readonly E: Engine, private readonly p: ClassifierProps) {
    const K = p.z.length;
    if (K < 2 || !p.z.every(Number.isFinite)) {
      throw new Error(`ClassifierLoss needs 2 or more finite logits (got [${p.z.join(", ")}])`);
    }
    if (!(Number.isInteger(p.y) && p.y >= 0 && p.y < K)) {
      throw new Error(`ClassifierLoss: the right class ${p.y} is not one of 0..${K - 1}`);
    }
    this.model = copies(E, p.z);
    this.optimizer = new E.optim.SGD(this.model.parameters(), { lr: CLASSIFIER_LR });
    const p0 = softmax(p.z)[p.y];
    this.history = { step: [0], pCe: [p0], pMse: [p0] };
    this.rebuild();
  }

  rebuild(): void {
    for (const x of this.pending.flat()) x.dispose();
    this.pending = [];
    const { z, y } = this.p;
    this.target = this.E.tensor([y], [1], { dtype: "int32" });
    this.oneHot = this.E.tensor(z.map((_, k) => (k === y ? 1 : 0)), [1, z.length]);
  }

  private losses(): [Tensor, Tensor] {
    const { F } = this.E;
    const { zCe, zMse } = this.model;
    return [F.crossEntropy(zCe, this.target), F.mseLoss(F.softmax(zMse, 1), this.oneHot)];
  }

  step(): void {
    this.optimizer.zeroGrad();
    for (const loss of this.losses()) {
      loss.backward({ checkFinite: false });
      loss.dispose();
    }
    this.optimizer.step();
    this.steps++;
    this.pending.push([this.model.zCe.detach(), this.model.zMse.detach()]);
  }

  async snapshot(): Promise<ClassifierSnapshot> {
    this.evaluation ??= await evaluate(this.E, this.p.z, this.p.y);
    const pending = this.pending;
    this.pending = [];
    const now = this.E.noGrad(() => this.losses());
    let logits: Float32Array[], lossCe: number, lossMse: number;
    try {
      logits = await Promise.all(pending.flat().map((x) => x.values() as Promise<Float32Array>));
      [lossCe, lossMse] = await Promise.all(now.map((x) => x.itemAsync()));
    } finally {
      for (const x of [...pending.flat(), ...now]) x.dispose();
    }
    const h = this.history, y = this.p.y;
    const first = this.steps - pending.length + 1;
    for (let i = 0; i < pending.length; i++) {
      h.step.push(first + i);
      h.pCe.push(softmax(Array.from(logits[2 * i]))[y]);
      h.pMse.push(softmax(Array.from(logits[2 * i + 1]))[y]);
    }
    for (const v of [lossCe, lossMse]) {
      if (!Number.isFinite(v)) throw new this.E.NonFiniteLossError(v, `step ${this.steps}`);
    }
    return {
      evaluation: this.evaluation,
      step: h.step.slice(),
      pCe: h.pCe.slice(),
      pMse: h.pMse.slice(),
      lossCe,
      lossMse,
    };
  }

  dispose(): void {
    for (const x of [this.target, this.oneHot, ...this.pending.flat()]) x.dispose();
    this.pending = [];
    this.model.dispose();
    this.optimizer.dispose();
  }
}

const classifier: TrainerModule<ClassifierProps, ClassifierSnapshot> = {
  create: (engine, props) => new ClassifierTrainer(engine, props),
  // Only the number of classes changes the work of a step.
  shape: (p) => String(p.z.length),
};
export const { create, shape } = classifier;
