/**
 * Training lesson 2's networks with the project's engine: an MLP fitted to samples of a target
 * by full-batch MSE and Adam. `MlpTrainer` is a runtime trainer (it runs in the worker); the bump
 * fit and the towers are MlpTrainers on their own samples, and the sweep over hidden sizes trains
 * MLPs built here one after another.
 *
 * A step reads nothing back (backward skips its NaN check, which would read the loss with a
 * blocking call); the snapshot reads the loss and the weights together, asynchronously.
 */
import type { nn as NN, optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer } from "../runtime/trainer.ts";
import type { Activation, Layer } from "./math.ts";

/** Initial weights for one dense layer, PyTorch layout: W [out][in], b [out]. */
export interface LayerInit {
  W: number[][];
  b: number[];
}

export interface MlpSpec {
  /** Layer widths, input first: [1, 10, 1] is one hidden layer of 10. */
  sizes: number[];
  /** The activation between layers (none after the last). */
  act: Activation;
  /** Start from these weights (one per layer); otherwise PyTorch's default random init. */
  init?: LayerInit[];
  seed: number;
  lr: number;
}

/** What an MLP trainer shows: the loss of its weights on all the samples, and the weights. */
export interface MlpSnapshot {
  loss: number;
  layers: Layer[];
}

/** An MLP as the engine's modules: its Linear layers and the Sequential that runs them. */
export interface Mlp {
  linears: NN.Linear[];
  model: NN.Sequential;
}

export function buildMlp(engine: Engine, spec: Omit<MlpSpec, "lr">): Mlp {
  const gen = new engine.Generator(spec.seed);
  const { sizes } = spec;
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`an MLP needs two or more positive integer widths, got [${sizes}]`);
  }
  const linears = sizes.slice(1).map((out, i) =>
    new engine.nn.Linear(sizes[i], out, { generator: gen })
  );
  spec.init?.forEach((l, i) => {
    const lin = linears[i];
    lin.loadStateDict({
      weight: { shape: [lin.outFeatures, lin.inFeatures], values: Float32Array.from(l.W.flat()) },
      bias: { shape: [lin.outFeatures], values: Float32Array.from(l.b) },
    });
  });
  const layers = linears.flatMap((lin, i) =>
    i === linears.length - 1 || spec.act === "none"
      ? [lin]
      : [lin, spec.act === "relu" ? new engine.nn.ReLU() : new engine.nn.Sigmoid()]
  );
  return { linears, model: new engine.nn.Sequential(...layers) };
}

/** Samples as [n, dims] inputs and [n, 1] targets, on the backend running now. */
export function dataset(engine: Engine, inputs: number[][], targets: number[]): [Tensor, Tensor] {
  if (inputs.length === 0 || inputs.length !== targets.length) {
    throw new Error(`dataset: ${inputs.length} inputs for ${targets.length} targets`);
  }
  return [
    engine.tensor(inputs.flat(), [inputs.length, inputs[0].length]),
    engine.tensor(targets, [targets.length, 1]),
  ];
}

/** One step of full-batch gradient descent on MSE. */
export function mseStep(
  engine: Engine,
  model: NN.Module,
  optimizer: Optim.Optimizer,
  X: Tensor,
  Y: Tensor,
): void {
  const loss = engine.F.mseLoss(model.forward(X), Y);
  optimizer.zeroGrad();
  loss.backward({ checkFinite: false }); // the snapshot checks the loss, without a sync read
  optimizer.step();
  loss.dispose();
}

/**
 * The MSE of `model` on (X, Y), read back together with `extra` tensors (one wait for the
 * backend). Throws the engine's NonFiniteLossError when the loss is not finite.
 */
export async function readMse(
  engine: Engine,
  model: NN.Module,
  X: Tensor,
  Y: Tensor,
  extra: Tensor[] = [],
  where = "the training loss",
): Promise<{ loss: number; values: Float32Array[] }> {
  const loss = engine.noGrad(() => engine.F.mseLoss(model.forward(X), Y));
  let values: Float32Array[];
  try {
    values = await Promise.all([loss, ...extra].map((t) => t.values() as Promise<Float32Array>));
  } finally {
    loss.dispose();
  }
  const value = values[0][0];
  if (!Number.isFinite(value)) throw new engine.NonFiniteLossError(value, where);
  return { loss: value, values: values.slice(1) };
}

export class MlpTrainer implements Trainer<MlpSnapshot> {
  readonly linears: NN.Linear[];
  readonly model: NN.Sequential;
  readonly optimizer: Optim.Adam;
  private X!: Tensor;
  private Y!: Tensor;

  constructor(
    private readonly engine: Engine,
    readonly spec: MlpSpec,
    private readonly inputs: number[][],
    private readonly targets: number[],
  ) {
    ({ linears: this.linears, model: this.model } = buildMlp(engine, spec));
    this.optimizer = new engine.optim.Adam(this.model.parameters(), { lr: spec.lr });
    this.rebuild();
  }

  /** The samples as tensors on the backend running now. */
  rebuild(): void {
    [this.X, this.Y] = dataset(this.engine, this.inputs, this.targets);
  }

  step(): void {
    mseStep(this.engine, this.model, this.optimizer, this.X, this.Y);
  }

  update(patch: Record<string, unknown>): void {
    if (typeof patch.lr === "number" && patch.lr > 0) this.optimizer.lr = patch.lr;
  }

  async snapshot(): Promise<MlpSnapshot> {
    const params = this.linears.flatMap((l) => [l.weight, l.bias!]);
    const { loss, values } = await readMse(this.engine, this.model, this.X, this.Y, params);
    const layers = this.linears.map((lin, i): Layer => {
      const w = values[2 * i], b = values[2 * i + 1];
      const W = Array.from(
        { length: lin.outFeatures },
        (_, o) => Array.from(w.subarray(o * lin.inFeatures, (o + 1) * lin.inFeatures)),
      );
      const last = i === this.linears.length - 1;
      return { W, b: Array.from(b), act: last ? "none" : this.spec.act };
    });
    return { loss, layers };
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    this.X.dispose();
    this.Y.dispose();
  }
}
