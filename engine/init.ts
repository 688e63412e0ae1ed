/**
 * `nn.init`: fill a parameter in place with the values an initialization scheme asks for, as
 * PyTorch's `torch.nn.init` does (names in camelCase, the trailing `_` kept: it means "in place").
 * Each returns the tensor it filled. Random ones draw from `generator` (the default generator
 * unless given), so `manualSeed(s)` replays them.
 *
 * Fans, with the engine's weight layouts: a Linear weight [out, in] has fanIn = in and
 * fanOut = out; a Conv2d weight [kh, kw, in, out] has fanIn = in·kh·kw and fanOut = out·kh·kw (in
 * general, for rank ≥ 3 the last two sizes are in and out, the others the kernel).
 */
import * as tf from "@tensorflow/tfjs-core";
import { checkNumber, EngineError, fmtShape } from "./errors.ts";
import { defaultGenerator, type Generator } from "./random.ts";
import { Tensor } from "./tensor.ts";

/** The nonlinearities `calculateGain` knows (PyTorch's strings). */
export type Nonlinearity =
  | "linear"
  | "conv1d"
  | "conv2d"
  | "conv3d"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "leaky_relu"
  | "selu";

const NONLINEARITIES: readonly string[] = [
  "linear",
  "conv1d",
  "conv2d",
  "conv3d",
  "sigmoid",
  "tanh",
  "relu",
  "leaky_relu",
  "selu",
];

/**
 * PyTorch's `calculate_gain`: the factor by which a nonlinearity shrinks the standard deviation of
 * its input, to be undone by the initial weights. linear, conv, sigmoid: 1; tanh: 5/3; relu: √2;
 * leaky_relu with negative slope a (default 0.01): √(2/(1 + a²)); selu: 3/4.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear":
    case "conv1d":
    case "conv2d":
    case "conv3d":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const a = param ?? 0.01;
      checkNumber("calculateGain", "negative slope", a, () => true, "a finite number");
      return Math.sqrt(2 / (1 + a * a));
    }
    case "selu":
      return 3 / 4;
  }
  throw new EngineError(
    `calculateGain: unknown nonlinearity "${String(nonlinearity)}"; use one of ${
      NONLINEARITIES.join(", ")
    }`,
  );
}

/** fanIn and fanOut of a weight (see the layouts above). */
export function calculateFans(op: string, t: Tensor): { fanIn: number; fanOut: number } {
  checkTensor(op, t);
  const s = t.shape;
  if (s.length < 2) {
    throw new EngineError(
      `${op}: fan in and fan out need a weight of rank ≥ 2 ([out, in] or [kh, kw, in, out]), got ` +
        `${fmtShape(s)} (a bias has no fans: use zeros_ or uniform_)`,
    );
  }
  if (s.length === 2) return { fanIn: s[1], fanOut: s[0] };
  const receptive = s.slice(0, -2).reduce((k, d) => k * d, 1);
  return { fanIn: s[s.length - 2] * receptive, fanOut: s[s.length - 1] * receptive };
}

export type FanMode = "fan_in" | "fan_out";

interface RandomOptions {
  generator?: Generator;
}

/** Fills `t` with U(low, high). */
export function uniform_(
  t: Tensor,
  opts: RandomOptions & { a?: number; b?: number } = {},
): Tensor {
  const a = opts.a ?? 0, b = opts.b ?? 1;
  checkNumber("uniform_", "a", a, () => true, "a finite number");
  checkNumber("uniform_", "b", b, (v) => v >= a, `a finite number ≥ a (${a})`);
  return fill("uniform_", t, (n) => gen(opts).uniform(n, a, b));
}

/** Fills `t` with samples of N(mean, std²). */
export function normal_(
  t: Tensor,
  opts: RandomOptions & { mean?: number; std?: number } = {},
): Tensor {
  const mean = opts.mean ?? 0, std = opts.std ?? 1;
  checkNumber("normal_", "mean", mean, () => true, "a finite number");
  checkNumber("normal_", "std", std, (v) => v >= 0, "a number ≥ 0");
  return fill("normal_", t, (n) => gen(opts).normal(n, mean, std));
}

/** Fills `t` with `value`. */
export function constant_(t: Tensor, value: number): Tensor {
  checkNumber("constant_", "value", value, () => true, "a finite number");
  return fill("constant_", t, (n) => new Float32Array(n).fill(value));
}

export function zeros_(t: Tensor): Tensor {
  return fill("zeros_", t, (n) => new Float32Array(n));
}

export function ones_(t: Tensor): Tensor {
  return fill("ones_", t, (n) => new Float32Array(n).fill(1));
}

/**
 * Glorot & Bengio (2010): U(−b, b) with b = gain·√(6/(fanIn + fanOut)), so
 * std = gain·√(2/(fanIn + fanOut)): the variance of the signal is kept both forward and backward.
 */
export function xavierUniform_(t: Tensor, opts: RandomOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = calculateFans("xavierUniform_", t);
  const gain = checkGain("xavierUniform_", opts.gain);
  const b = gain * Math.sqrt(6 / (fanIn + fanOut));
  return fill("xavierUniform_", t, (n) => gen(opts).uniform(n, -b, b));
}

/** Glorot & Bengio (2010): N(0, std²) with std = gain·√(2/(fanIn + fanOut)). */
export function xavierNormal_(t: Tensor, opts: RandomOptions & { gain?: number } = {}): Tensor {
  const { fanIn, fanOut } = calculateFans("xavierNormal_", t);
  const gain = checkGain("xavierNormal_", opts.gain);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  return fill("xavierNormal_", t, (n) => gen(opts).normal(n, 0, std));
}

interface KaimingOptions extends RandomOptions {
  /** The negative slope of a leaky ReLU after this layer (default 0: a plain ReLU). */
  a?: number;
  /** "fan_in" (default) keeps the forward signal's variance; "fan_out" the gradient's. */
  mode?: FanMode;
  /** Default "leaky_relu" (with a = 0: gain √2, as PyTorch). */
  nonlinearity?: Nonlinearity;
}

/** He et al. (2015): the std for a Kaiming initializer, gain/√fan. */
function kaimingStd(op: string, t: Tensor, opts: KaimingOptions): number {
  const mode = opts.mode ?? "fan_in";
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw new EngineError(`${op}: mode must be "fan_in" or "fan_out", got "${String(mode)}"`);
  }
  const fans = calculateFans(op, t);
  const fan = mode === "fan_in" ? fans.fanIn : fans.fanOut;
  return calculateGain(opts.nonlinearity ?? "leaky_relu", opts.a ?? 0) / Math.sqrt(fan);
}

/** He et al. (2015): U(−b, b) with b = gain·√(3/fan), so std = gain/√fan (√(2/fanIn) for ReLU). */
export function kaimingUniform_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const b = Math.sqrt(3) * kaimingStd("kaimingUniform_", t, opts);
  return fill("kaimingUniform_", t, (n) => gen(opts).uniform(n, -b, b));
}

/** He et al. (2015): N(0, std²) with std = gain/√fan (√(2/fanIn) for ReLU). */
export function kaimingNormal_(t: Tensor, opts: KaimingOptions = {}): Tensor {
  const std = kaimingStd("kaimingNormal_", t, opts);
  return fill("kaimingNormal_", t, (n) => gen(opts).normal(n, 0, std));
}

// ------------------------------------------------------------------ helpers

function gen(opts: RandomOptions): Generator {
  return opts.generator ?? defaultGenerator;
}

function checkGain(op: string, gain: number | undefined): number {
  checkNumber(op, "gain", gain ?? 1, (v) => v >= 0, "a number ≥ 0 (see calculateGain)");
  return gain ?? 1;
}

/** A live Tensor, not a module or an array (`init.zeros_(layer)` for `layer.weight`, say). */
function checkTensor(op: string, t: unknown): asserts t is Tensor {
  if (!(t instanceof Tensor)) {
    throw new EngineError(
      `${op}: needs a Tensor (a parameter such as layer.weight), got ${
        Array.isArray(t)
          ? "an array"
          : t !== null && typeof t === "object"
          ? "another object (a layer? pass its .weight)"
          : String(t)
      }`,
    );
  }
  if (!t.isAlive) throw new EngineError(`${op}: ${t.describe()} was disposed or freed`);
}

/**
 * Replaces the values of leaf `t` with `values(t.size)`, keeping the Tensor object (so a model and
 * an optimizer that hold it see the new values); its gradient is dropped.
 */
function fill(op: string, t: Tensor, values: (n: number) => Float32Array): Tensor {
  checkTensor(op, t);
  if (!t.isLeaf) {
    throw new EngineError(
      `${op}: ${t.describe()} is computed from other tensors; initialize a leaf (a parameter)`,
    );
  }
  if (t.dtype !== "float32") {
    throw new EngineError(`${op}: ${t.describe()} is ${t.dtype}; only float32 tensors are filled`);
  }
  t.data = tf.tensor(values(t.size), t.shape); // the setter disposes the old value
  t.grad?.dispose();
  t.grad = null;
  return t;
}
