/**
 * `nn`: layers as PyTorch names them. A Module owns parameters (leaf Tensors with requiresGrad)
 * and sub-modules; `parameters()` finds them all by walking its fields, as PyTorch does.
 * Initial weights follow PyTorch's defaults and come from a seeded generator.
 */
import * as tf from "@tensorflow/tfjs-core";
import { checkShape, EngineError } from "./errors.ts";
import * as F from "./functional.ts";
import { defaultGenerator, Generator } from "./random.ts";
import { Tensor } from "./tensor.ts";

export * as init from "./init.ts";

export abstract class Module {
  /**
   * The name a module prints as (`print(model)`): each engine module sets its own, as a bundler
   * minifies class names (`Linear` would print as `Gn`). A subclass that sets none (a cell's own
   * `class Net extends nn.Module`, never minified) prints as its class's name.
   */
  static readonly typeName?: string;

  /** Training mode (dropout active) or evaluation mode. */
  training = true;

  /** `Linear`, `Sequential`, ...: see `Module.typeName`. */
  get typeName(): string {
    const type = this.constructor as typeof Module;
    return Object.hasOwn(type, "typeName") && type.typeName ? type.typeName : type.name;
  }

  abstract forward(x: Tensor): Tensor;

  /** Parameters with dotted names, in the order they were assigned ("0.weight", "0.bias"). */
  namedParameters(prefix = ""): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Tensor && value.requiresGrad && value.isLeaf) {
        out.push([prefix + key, value]);
      } else if (value instanceof Module) {
        out.push(...value.namedParameters(`${prefix}${key}.`));
      } else if (Array.isArray(value)) {
        value.forEach((m, i) => {
          if (m instanceof Module) out.push(...m.namedParameters(`${prefix}${i}.`));
        });
      }
    }
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /** Direct sub-modules. */
  children(): Module[] {
    const out: Module[] = [];
    for (const value of Object.values(this)) {
      if (value instanceof Module) out.push(value);
      else if (Array.isArray(value)) out.push(...value.filter((m) => m instanceof Module));
    }
    return out;
  }

  /** Forget every parameter's gradient (PyTorch's `zero_grad(set_to_none=True)`). */
  zeroGrad(): void {
    for (const p of this.parameters()) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /**
   * Set training mode (`train()`) or evaluation mode (`train(false)`, `eval()`) on this module and
   * every sub-module, as PyTorch does; only `Dropout` behaves differently between the two.
   */
  train(mode = true): this {
    if (typeof mode !== "boolean") {
      throw new EngineError(`train: mode must be true or false, got ${String(mode)}`);
    }
    this.training = mode;
    for (const c of this.children()) c.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** The parameters' values copied out as plain arrays (to save, or to move to another backend). */
  stateDict(): Record<string, { shape: number[]; values: Float32Array }> {
    const out: Record<string, { shape: number[]; values: Float32Array }> = {};
    for (const [name, p] of this.namedParameters()) {
      out[name] = { shape: p.shape, values: Float32Array.from(p.data.dataSync() as Float32Array) };
    }
    return out;
  }

  /** `stateDict()` without blocking: GPU backends are read asynchronously (see Tensor.values). */
  async stateDictAsync(): Promise<Record<string, { shape: number[]; values: Float32Array }>> {
    const named = [...this.namedParameters()];
    const values = await Promise.all(named.map(([, p]) => p.data.data() as Promise<Float32Array>));
    const out: Record<string, { shape: number[]; values: Float32Array }> = {};
    named.forEach(([name, p], i) =>
      out[name] = { shape: p.shape, values: Float32Array.from(values[i]) }
    );
    return out;
  }

  /** Put values saved by `stateDict` back (on whatever backend is active now). */
  loadStateDict(state: Record<string, { shape: number[]; values: Float32Array }>): void {
    for (const [name, p] of this.namedParameters()) {
      const s = state[name];
      if (!s) throw new EngineError(`loadStateDict: no values for parameter "${name}"`);
      p.data = tf.tensor(s.values, s.shape);
      p.grad?.dispose();
      p.grad = null;
    }
  }

  /** Free every parameter (and its gradient). */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
  }
}

/** A parameter: U(−bound, bound), PyTorch's default for Linear and Conv2d (bound = 1/√fan_in). */
function uniformParam(shape: number[], bound: number, gen: Generator, label: string): Tensor {
  const n = shape.reduce((k, d) => k * d, 1);
  return new Tensor(tf.tensor(gen.uniform(n, -bound, bound), shape), {
    requiresGrad: true,
    label,
  });
}

interface InitOptions {
  bias?: boolean;
  generator?: Generator;
}

/** y = x Wᵀ + b, W of shape [out, in]. Input [N, in], output [N, out]. */
export class Linear extends Module {
  static override readonly typeName = "Linear";
  weight: Tensor;
  bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, opts: InitOptions = {}) {
    super();
    checkShape("nn.Linear", [outFeatures, inFeatures]);
    const gen = opts.generator ?? defaultGenerator;
    const bound = 1 / Math.sqrt(inFeatures);
    this.weight = uniformParam([outFeatures, inFeatures], bound, gen, "weight");
    this.bias = (opts.bias ?? true) ? uniformParam([outFeatures], bound, gen, "bias") : null;
  }

  forward(x: Tensor): Tensor {
    return F.linear(x, this.weight, this.bias);
  }
}

/**
 * 2-D convolution. Unlike PyTorch (NCHW), the input is NHWC — [N, height, width, channels] — and
 * the weight is [kh, kw, in, out]: tfjs runs that layout natively on every backend, so no
 * transposes are paid per step. An MNIST batch is [N, 28, 28, 1].
 */
export class Conv2d extends Module {
  static override readonly typeName = "Conv2d";
  weight: Tensor;
  bias: Tensor | null;
  stride: number;
  padding: F.Padding;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    opts: InitOptions & { stride?: number; padding?: F.Padding } = {},
  ) {
    super();
    checkShape("nn.Conv2d", [kernelSize, kernelSize, inChannels, outChannels]);
    const gen = opts.generator ?? defaultGenerator;
    const bound = 1 / Math.sqrt(inChannels * kernelSize * kernelSize);
    this.weight = uniformParam(
      [kernelSize, kernelSize, inChannels, outChannels],
      bound,
      gen,
      "weight",
    );
    this.bias = (opts.bias ?? true) ? uniformParam([outChannels], bound, gen, "bias") : null;
    this.stride = opts.stride ?? 1;
    this.padding = opts.padding ?? "valid";
  }

  forward(x: Tensor): Tensor {
    const y = F.conv2d(x, this.weight, this.stride, this.padding);
    return this.bias ? F.add(y, this.bias) : y;
  }
}

/** Max over k×k windows (NHWC), stride k by default. */
export class MaxPool2d extends Module {
  static override readonly typeName = "MaxPool2d";
  constructor(readonly kernelSize = 2, readonly stride = kernelSize) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.maxPool2d(x, this.kernelSize, this.stride);
  }
}

/** [N, d1, d2, ...] → [N, d1·d2·...]. */
export class Flatten extends Module {
  static override readonly typeName = "Flatten";
  constructor(readonly startDim = 1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.flatten(x, this.startDim);
  }
}

/**
 * Inverted dropout: while training (`model.train()`, the default) each element is zeroed with
 * probability p and the rest are scaled by 1/(1−p), so a unit's expected output is unchanged; in
 * evaluation (`model.eval()`) it is the identity. Masks come from `generator` (the default
 * generator unless given), so a seeded run draws the same masks. p must be in [0, 1).
 */
export class Dropout extends Module {
  static override readonly typeName = "Dropout";
  readonly generator: Generator;
  constructor(readonly p = 0.5, opts: Generator | { generator?: Generator } = {}) {
    super();
    if (typeof p !== "number" || !(p >= 0 && p < 1)) {
      throw new EngineError(
        `nn.Dropout: p = ${String(p)}; p is the probability of zeroing an element and must be ` +
          `in [0, 1) (0.5 is usual; 1 would zero everything)`,
      );
    }
    this.generator = opts instanceof Generator ? opts : opts.generator ?? defaultGenerator;
  }
  forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training, this.generator);
  }
}

export class ReLU extends Module {
  static override readonly typeName = "ReLU";
  forward(x: Tensor): Tensor {
    return F.relu(x);
  }
}

export class Sigmoid extends Module {
  static override readonly typeName = "Sigmoid";
  forward(x: Tensor): Tensor {
    return F.sigmoid(x);
  }
}

export class Tanh extends Module {
  static override readonly typeName = "Tanh";
  forward(x: Tensor): Tensor {
    return F.tanh(x);
  }
}

/** Modules applied one after the other. */
export class Sequential extends Module {
  static override readonly typeName = "Sequential";
  readonly layers: Module[];
  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }
  forward(x: Tensor): Tensor {
    let y = x;
    for (const layer of this.layers) y = layer.forward(y);
    return y;
  }
}
