/**
 * Training lesson 2's networks with the project's engine: a one-input MLP fitted to samples of a
 * target by full-batch MSE and Adam. The engine is passed in (the island loads it lazily with
 * `loadEngine()`), so this module never pulls tfjs into a page's first bundle.
 *
 * GPU reads are rationed: `step()` reads the loss and the weights back (one asynchronous wait for
 * the GPU) only every `readEvery` steps; in between, backward skips its NaN check, which would
 * read the loss with a blocking call.
 */
import type { Engine } from "../lib/engine.ts";
import type { Activation, Layer } from "./math.ts";

type Tensor = InstanceType<Engine["Tensor"]>;
type Linear = InstanceType<Engine["nn"]["Linear"]>;
type Module = InstanceType<Engine["nn"]["Sequential"]>;
type Optimizer = InstanceType<Engine["optim"]["Adam"]>;

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

export class MlpTrainer {
  readonly linears: Linear[];
  readonly model: Module;
  readonly opt: Optimizer;
  steps = 0;
  /** The last loss read back from the backend (NaN before the first read). */
  loss = NaN;
  /** The weights as of that read, in plain numbers (null before the first read). */
  weights: Layer[] | null = null;

  constructor(
    private readonly E: Engine,
    readonly spec: MlpSpec,
    private readonly X: Tensor,
    private readonly Y: Tensor,
    private readonly readEvery = 10,
  ) {
    const gen = new E.Generator(spec.seed);
    const { sizes } = spec;
    this.linears = sizes.slice(1).map((out, i) =>
      new E.nn.Linear(sizes[i], out, { generator: gen })
    );
    spec.init?.forEach((l, i) => {
      const lin = this.linears[i];
      lin.loadStateDict({
        weight: { shape: [lin.outFeatures, lin.inFeatures], values: Float32Array.from(l.W.flat()) },
        bias: { shape: [lin.outFeatures], values: Float32Array.from(l.b) },
      });
    });
    const layers = this.linears.flatMap((lin, i) =>
      i === this.linears.length - 1 || spec.act === "none"
        ? [lin]
        : [lin, spec.act === "relu" ? new E.nn.ReLU() : new E.nn.Sigmoid()]
    );
    this.model = new E.nn.Sequential(...layers);
    this.opt = new E.optim.Adam(this.model.parameters(), { lr: spec.lr });
  }

  /** One step of full-batch gradient descent; resolves to the last loss read back. */
  async step(): Promise<number> {
    const { E } = this;
    const loss = E.F.mseLoss(this.model.forward(this.X), this.Y);
    this.opt.zeroGrad();
    loss.backward({ checkFinite: false });
    this.opt.step();
    this.steps++;
    if (this.steps % this.readEvery === 0) await this.read(loss);
    else loss.dispose();
    return this.loss;
  }

  /** The loss of the current weights, read now (with the weights). */
  async evaluate(): Promise<number> {
    const { E } = this;
    await this.read(E.noGrad(() => E.F.mseLoss(this.model.forward(this.X), this.Y)));
    return this.loss;
  }

  /**
   * Read the loss and the weights back together, asynchronously (one wait for the backend; a
   * blocking read stalls WebGPU), then free the loss. Throws if the loss is not finite.
   */
  private async read(loss: Tensor): Promise<void> {
    const params = this.linears.flatMap((l) => [l.weight, l.bias!]);
    let values: ArrayLike<number>[];
    try {
      values = await Promise.all([loss, ...params].map((t) => t.data.data()));
    } finally {
      loss.dispose();
    }
    const value = values[0][0];
    if (!Number.isFinite(value)) {
      throw new this.E.NonFiniteLossError(value, `step ${this.steps}`);
    }
    this.loss = value;
    this.weights = this.linears.map((lin, i) => {
      const w = values[1 + 2 * i], b = values[2 + 2 * i];
      const W = Array.from(
        { length: lin.outFeatures },
        (_, o) => Array.from(w).slice(o * lin.inFeatures, (o + 1) * lin.inFeatures),
      );
      const last = i === this.linears.length - 1;
      return { W, b: Array.from(b), act: last ? "none" as const : this.spec.act };
    });
  }

  dispose(): void {
    this.model.dispose();
    this.opt.dispose();
  }
}

/** Samples of a target as [n, dims] inputs and [n, 1] targets. */
export function dataset(E: Engine, inputs: number[][], targets: number[]): [Tensor, Tensor] {
  return [
    E.tensor(inputs.flat(), [inputs.length, inputs[0].length]),
    E.tensor(targets, [targets.length, 1]),
  ];
}
