/**
 * The checkers of "write it in a cell" and "predict, then run" exercises, in two halves so the
 * reader's code cannot forge a verdict:
 *   run    where the reader's code ran (the notebook's cell worker; Deno in the tests): looks up
 *          the function the task asked for among the names the code defined, calls it on each
 *          hidden case, and answers plain data (numbers, shapes) — an "outcome" per case;
 *   judge  elsewhere (the runtime's own worker, which no reader code reaches): compares each
 *          outcome with the answer it computes itself from the case, in plain arithmetic, and
 *          gives the verdict. An outcome is untrusted data: anything malformed is a bad output.
 * The cases come from a seeded generator: the same every time, different from the visible
 * example, so hard-coding the example's answer fails. A checker never throws: what the
 * reader's code throws is a verdict.
 */
import type { Engine } from "../runtime/trainer.ts";
import type { Tensor } from "../../engine/mod.ts";
import { Generator } from "../../engine/random.ts";
import { type Detail, failed, solved, type Verdict } from "./verdict.ts";

// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => unknown;

/** What one case gave, as plain data: the function's answer, or what it threw. */
export type Outcome = { value: unknown } | { threw: string };
/** What `runChecks` answers: the outcome of each case, or that the function is missing. */
export type Outcomes = { missing: string } | { cases: Outcome[] };

/** One checker's two halves (see the top of the file). */
interface Check<Case> {
  /** The name of the function the task asks for (null: the experiment's `result`). */
  fn: string | null;
  cases(): Case[];
  /** In the reader's realm: the reader's function on one case, to plain data. */
  run(E: Engine, fn: Fn, c: Case, vars: Record<string, unknown>): unknown;
  /** Out of the reader's reach: null when the case passes, else the verdict (case k, from 1). */
  judge(c: Case, value: unknown, k: number): Verdict | null;
  /** Before any case (the code itself: `fitLine` may not use optim). */
  before?(code: string): Verdict | null;
  /** The verdict when every case passed. */
  passed(outcomes: unknown[]): Verdict;
}

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

const isTensor = (E: Engine, v: unknown): v is Tensor => v instanceof E.Tensor;

/** A plain object with these fields, from untrusted data. */
const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : null;

/** An array of `n` numbers, from untrusted data (null otherwise). */
function numbers(v: unknown, n: number): number[] | null {
  if (!Array.isArray(v) || v.length !== n) return null;
  return v.every((x) => typeof x === "number") ? v as number[] : null;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Infinity;
    m = Math.max(m, d);
  }
  return m;
}

/** The values the engine holds for `xs` (float32): what the reader's function really gets. */
const f32 = (xs: number[]) => xs.map(Math.fround);

/** Hidden cases of huber: sizes, value scales and deltas (case 1 is the lesson's example). */
const HUBER_CASES = [
  { n: 4, scale: 2, delta: 1 },
  { n: 17, scale: 3, delta: 0.5 },
  { n: 1, scale: 5, delta: 2.3 },
  { n: 64, scale: 0.2, delta: 0.1 },
  { n: 9, scale: 10, delta: 4 },
];

type HuberCase = { n: number; delta: number; p: number[]; t: number[] };

/** `huber(pred, target, delta)`: the mean Huber loss, as F.huberLoss, values and gradients. */
const huber: Check<HuberCase> = {
  fn: "huber",
  cases() {
    const gen = new Generator(1301);
    return HUBER_CASES.map((c) => ({
      n: c.n,
      delta: c.delta,
      p: Array.from(gen.normal(c.n, 0, c.scale)),
      t: Array.from(gen.normal(c.n, 0, c.scale)),
    }));
  },
  run(E, fn, c) {
    const pred = E.tensor(c.p, [c.n], { requiresGrad: true });
    const out = fn(pred, E.tensor(c.t, [c.n]), c.delta);
    if (!isTensor(E, out) || out.size !== 1) return null;
    const value = out.item();
    if (!out.requiresGrad) return { value, grad: null };
    out.backward();
    return { value, grad: pred.grad ? Array.from(pred.grad.dataSync()) : null };
  },
  judge(c, v, k) {
    const o = record(v);
    if (!o || typeof o.value !== "number") {
      return failed("badOutput", { case: k, want: "a tensor with one value" });
    }
    const got = o.value;
    if (!Number.isFinite(got)) return failed("nonFinite", { case: k });
    const p = f32(c.p), t = f32(c.t), d = c.delta;
    const r = p.map((x, i) => x - t[i]);
    const want =
      r.reduce((s, x) => s + (Math.abs(x) < d ? 0.5 * x * x : d * (Math.abs(x) - 0.5 * d)), 0) /
      c.n;
    const tol = 1e-4 * Math.max(1, Math.abs(want));
    if (Math.abs(got - want) > tol) {
      return failed("valueMismatch", { case: k, got, want, delta: d });
    }
    const grad = numbers(o.grad, c.n);
    if (!grad) return failed("gradMismatch", { case: k, diff: "none" });
    const wantGrad = r.map((x) => (Math.abs(x) < d ? x : d * Math.sign(x)) / c.n);
    const diff = maxAbsDiff(grad, wantGrad);
    return diff > 1e-4 ? failed("gradMismatch", { case: k, diff }) : null;
  },
  passed: () => solved("codeOk", { cases: HUBER_CASES.length }),
};

type SoftmaxCase = { rows: number; cols: number; values: number[] };

/** `softmax(z)`: rows of probabilities along the last axis, finite even for logits of 1,000. */
const softmax: Check<SoftmaxCase> = {
  fn: "softmax",
  // Logit rows: ordinary, huge, hugely negative, one wide row, one column.
  cases() {
    const gen = new Generator(2207);
    const normal = (n: number, mean: number, std: number) => Array.from(gen.normal(n, mean, std));
    return [
      { rows: 2, cols: 3, values: normal(6, 0, 1) },
      { rows: 3, cols: 4, values: normal(12, 1000, 2) },
      { rows: 2, cols: 5, values: normal(10, -1000, 3) },
      { rows: 1, cols: 10, values: normal(10, 500, 300) },
      { rows: 4, cols: 1, values: normal(4, 0, 800) },
    ];
  },
  run(E, fn, c) {
    const out = fn(E.tensor(c.values, [c.rows, c.cols]));
    return isTensor(E, out) ? { shape: out.shape, values: Array.from(out.dataSync()) } : null;
  },
  judge(c, v, k) {
    const o = record(v);
    const shape = numbers(o?.shape, 2);
    const got = numbers(o?.values, c.rows * c.cols);
    if (!shape || shape[0] !== c.rows || shape[1] !== c.cols || !got) {
      return failed("badOutput", { case: k, want: `a tensor of shape [${c.rows}, ${c.cols}]` });
    }
    const z = f32(c.values);
    const big = Math.max(...z.map(Math.abs));
    if (!got.every(Number.isFinite)) {
      return failed(big > 80 ? "overflow" : "nonFinite", { case: k, big });
    }
    const want: number[] = [];
    for (let i = 0; i < c.rows; i++) {
      const row = z.slice(i * c.cols, (i + 1) * c.cols);
      const m = Math.max(...row);
      const e = row.map((x) => Math.exp(x - m));
      const sum = e.reduce((a, b) => a + b, 0);
      want.push(...e.map((x) => x / sum));
    }
    const diff = maxAbsDiff(got, want);
    return diff > 1e-5 ? failed("valueMismatch", { case: k, got: diff, want: 0, big }) : null;
  },
  passed: () => solved("codeOk", { cases: 5 }),
};

type LineCase = { xs: number[]; ys: number[]; n: number };
const FIT_MAX_LOSS = 0.05;

/** `fitLine(x, y)`: gradient descent written by hand (no optim), to an MSE below 0.05. */
const fitLine: Check<LineCase> = {
  fn: "fitLine",
  before: (code) => /\boptim\s*\./.test(code) ? failed("usesOptim") : null,
  // Points y = a·x + b + noise with hidden a, b, as [n, 1] tensors. The x ranges include the
  // visible example's [0, 2], where the loss is steep enough (λmax ≈ 4.4) that η = 0.5 diverges.
  cases() {
    const gen = new Generator(3109);
    return [[-1, 1], [0, 2], [-1.5, 1.5]].map(([lo, hi]) => {
      const a = gen.random() * 4 - 2, b = gen.random() * 2 - 1;
      const n = 40;
      const xs = Array.from(gen.uniform(n, lo, hi));
      const noise = gen.normal(n, 0, 0.1);
      const ys = xs.map((x, i) => a * x + b + noise[i]);
      return { xs, ys, n };
    });
  },
  async run(E, fn, c) {
    const out = await fn(E.tensor(c.xs, [c.n, 1]), E.tensor(c.ys, [c.n, 1])) as
      | { a?: unknown; b?: unknown }
      | null;
    const num = (u: unknown) => isTensor(E, u) ? u.item() : u;
    return { a: num(out?.a), b: num(out?.b) };
  },
  judge(c, v, k) {
    const o = record(v);
    const a = o?.a, b = o?.b;
    if (typeof a !== "number" || typeof b !== "number") {
      return failed("badOutput", { case: k, want: "{ a, b } (two numbers)" });
    }
    if (!Number.isFinite(a) || !Number.isFinite(b)) return failed("nonFinite", { case: k });
    const loss = c.xs.reduce((s, x, i) => s + (a * x + b - c.ys[i]) ** 2, 0) / c.n;
    return loss < FIT_MAX_LOSS ? null : failed("lossHigh", { case: k, loss, max: FIT_MAX_LOSS });
  },
  passed: () => solved("codeOk", { cases: 3 }),
};

/** Bumps: height h on (left, right), about 0 elsewhere; case 1 is the lesson's example. */
const BUMP_CASES = [
  { h: 0.6, left: 0.4, right: 0.6 },
  { h: 0.3, left: 0.1, right: 0.35 },
  { h: -0.5, left: 0.55, right: 0.9 },
  { h: 1, left: 0.2, right: 0.8 },
];
/** How far from an edge the bump is judged, and how close it must be there. */
const BUMP_MARGIN = 0.03, BUMP_TOL = 0.05;
const BUMP_XS = Array.from({ length: 201 }, (_, i) => i / 200);

/** `bump(x, h, left, right)`: two steep neurons make a bump (lesson 2). */
const bump: Check<(typeof BUMP_CASES)[number]> = {
  fn: "bump",
  cases: () => BUMP_CASES,
  run(E, fn, c) {
    const out = fn(E.tensor(BUMP_XS, [BUMP_XS.length, 1]), c.h, c.left, c.right);
    return isTensor(E, out) ? Array.from(out.dataSync()) : null;
  },
  judge(c, v, k) {
    const got = numbers(v, BUMP_XS.length);
    if (!got) return failed("badOutput", { case: k, want: `a tensor of ${BUMP_XS.length} values` });
    for (let i = 0; i < BUMP_XS.length; i++) {
      const x = BUMP_XS[i];
      if (!Number.isFinite(got[i])) return failed("nonFinite", { case: k });
      const inside = x > c.left + BUMP_MARGIN && x < c.right - BUMP_MARGIN;
      const outside = x < c.left - BUMP_MARGIN || x > c.right + BUMP_MARGIN;
      if (!inside && !outside) continue;
      const want = inside ? c.h : 0;
      if (Math.abs(got[i] - want) > BUMP_TOL) {
        return failed("valueMismatch", { case: k, x, got: got[i], want });
      }
    }
    return null;
  },
  passed: () => solved("codeOk", { cases: BUMP_CASES.length }),
};

/** Functions with known derivatives, at points; none is the lesson's example. */
const GRAD_CASES: { f: (x: number) => number; df: (x: number) => number; x: number }[] = [
  { f: (x) => x ** 3, df: (x) => 3 * x ** 2, x: 1.3 },
  { f: Math.exp, df: Math.exp, x: -0.7 },
  { f: Math.sin, df: Math.cos, x: 2 },
  { f: (x) => 1 / x, df: (x) => -1 / x ** 2, x: 0.5 },
  { f: (x) => Math.log(1 + x * x), df: (x) => (2 * x) / (1 + x * x), x: -1.5 },
];

/** `numericGrad(f, x)`: a finite-difference estimate of f′(x), within 0.1%. */
const numericGrad: Check<number> = {
  fn: "numericGrad",
  // The case is its index: the function f exists in each realm (this module), not as data.
  cases: () => GRAD_CASES.map((_, i) => i),
  run: (_E, fn, i) => fn(GRAD_CASES[i].f, GRAD_CASES[i].x),
  judge(i, got, k) {
    const c = GRAD_CASES[i];
    if (typeof got !== "number") return failed("badOutput", { case: k, want: "a number" });
    if (!Number.isFinite(got)) return failed("nonFinite", { case: k });
    const want = c.df(c.x);
    return Math.abs(got - want) <= 1e-3 * Math.max(1, Math.abs(want))
      ? null
      : failed("valueMismatch", { case: k, got, want, x: c.x });
  },
  passed: () => solved("codeOk", { cases: GRAD_CASES.length }),
};

/** Sizes of mlpGrads' hidden cases: [examples, inputs, hidden units, classes]; none is the example's. */
const MLP_CASES = [[5, 4, 3, 3], [1, 6, 5, 4], [16, 10, 8, 10], [32, 3, 12, 2]];
/** The gradients, in the order backpropagation finds them. */
const MLP_GRADS = ["dW2", "db2", "dW1", "db1"] as const;
/** The parameters, in mlpGrads' argument order. */
const MLP_PARAMS = ["W1", "b1", "W2", "b2"] as const;

type MlpCase = {
  n: number;
  inputs: number;
  hidden: number;
  classes: number;
  labels: number[];
  x: number[];
  data: Record<(typeof MLP_PARAMS)[number], number[]>;
};

const mlpShapes = (c: MlpCase): Record<(typeof MLP_PARAMS)[number], number[]> => ({
  W1: [c.hidden, c.inputs],
  b1: [c.hidden],
  W2: [c.classes, c.hidden],
  b2: [c.classes],
});

/**
 * The loss and gradients of mlpGrads' network, in float64 from the float32 values the reader's
 * function gets: H = σ(X·W1ᵀ + b1), Z = H·W2ᵀ + b2, the mean over the batch of softmax
 * cross-entropy, and its backward pass (dZ = (softmax(Z) − Y)/n, dH = dZ·W2, dZ1 = dH·H·(1 − H)).
 */
function mlpReference(c: MlpCase): { loss: number } & Record<(typeof MLP_GRADS)[number], number[]> {
  const { n, inputs: I, hidden: J, classes: C } = c;
  const x = f32(c.x), W1 = f32(c.data.W1), b1 = f32(c.data.b1);
  const W2 = f32(c.data.W2), b2 = f32(c.data.b2);
  const dW1 = new Array(J * I).fill(0), db1 = new Array(J).fill(0);
  const dW2 = new Array(C * J).fill(0), db2 = new Array(C).fill(0);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const h = new Array(J).fill(0);
    for (let j = 0; j < J; j++) {
      let z = b1[j];
      for (let k = 0; k < I; k++) z += x[i * I + k] * W1[j * I + k];
      h[j] = 1 / (1 + Math.exp(-z));
    }
    const z2 = new Array(C).fill(0);
    for (let o = 0; o < C; o++) {
      let z = b2[o];
      for (let j = 0; j < J; j++) z += h[j] * W2[o * J + j];
      z2[o] = z;
    }
    const m = Math.max(...z2);
    const e = z2.map((z) => Math.exp(z - m));
    const sum = e.reduce((a, b) => a + b, 0);
    const y = c.labels[i];
    loss += (Math.log(sum) + m - z2[y]) / n;
    const dz2 = e.map((v, o) => (v / sum - (o === y ? 1 : 0)) / n);
    const dh = new Array(J).fill(0);
    for (let o = 0; o < C; o++) {
      db2[o] += dz2[o];
      for (let j = 0; j < J; j++) {
        dW2[o * J + j] += dz2[o] * h[j];
        dh[j] += dz2[o] * W2[o * J + j];
      }
    }
    for (let j = 0; j < J; j++) {
      const dz1 = dh[j] * h[j] * (1 - h[j]);
      db1[j] += dz1;
      for (let k = 0; k < I; k++) dW1[j * I + k] += dz1 * x[i * I + k];
    }
  }
  return { loss, dW1, db1, dW2, db2 };
}

/**
 * `mlpGrads(X, Y, W1, b1, W2, b2)`: the forward and backward pass of a 2-layer sigmoid MLP with
 * softmax cross-entropy, written with matrix operations (no backward()), against the gradients
 * the judge computes in plain arithmetic (`mlpReference`).
 */
const mlpGrads: Check<MlpCase> = {
  fn: "mlpGrads",
  before: (code) => /\.backward\s*\(/.test(code) ? failed("usesBackward") : null,
  cases() {
    const gen = new Generator(5081);
    return MLP_CASES.map(([n, inputs, hidden, classes]) => {
      const values = (count: number, std: number) => Array.from(gen.normal(count, 0, std));
      const labels = Array.from({ length: n }, () => Math.floor(gen.random() * classes));
      const c = { n, inputs, hidden, classes, labels } as MlpCase;
      const shapes = mlpShapes(c);
      c.data = Object.fromEntries(
        MLP_PARAMS.map((name) => [name, values(shapes[name].reduce((a, b) => a * b), 0.7)]),
      ) as MlpCase["data"];
      c.x = values(n * inputs, 1);
      return c;
    });
  },
  async run(E, fn, c) {
    const shapes = mlpShapes(c);
    const oneHot = c.labels.flatMap((y) =>
      Array.from({ length: c.classes }, (_, k) => (k === y ? 1 : 0))
    );
    const args = MLP_PARAMS.map((name) => E.tensor(c.data[name], shapes[name]));
    const out = record(
      await fn(E.tensor(c.x, [c.n, c.inputs]), E.tensor(oneHot, [c.n, c.classes]), ...args),
    );
    const loss = out?.loss;
    const grads: Record<string, { shape: number[]; values: number[] } | null> = {};
    for (const g of MLP_GRADS) {
      const t = out?.[g];
      grads[g] = isTensor(E, t) ? { shape: [...t.shape], values: Array.from(t.dataSync()) } : null;
    }
    return {
      loss: isTensor(E, loss) && loss.size === 1
        ? loss.item()
        : typeof loss === "number"
        ? loss
        : null,
      grads,
    };
  },
  judge(c, v, k) {
    const o = record(v);
    const got = o?.loss;
    if (typeof got !== "number") {
      return failed("badOutput", { case: k, want: "{ loss, dW1, db1, dW2, db2 }" });
    }
    if (!Number.isFinite(got)) return failed("nonFinite", { case: k });
    const ref = mlpReference(c);
    if (Math.abs(got - ref.loss) > 1e-4 * Math.max(1, Math.abs(ref.loss))) {
      return failed("valueMismatch", { case: k, got, want: ref.loss });
    }
    const shapes = mlpShapes(c);
    const grads = record(o?.grads);
    for (const g of MLP_GRADS) {
      const shape = shapes[g.slice(1) as (typeof MLP_PARAMS)[number]];
      const t = record(grads?.[g]);
      const tShape = numbers(t?.shape, shape.length);
      const values = numbers(t?.values, ref[g].length);
      if (!tShape || tShape.join() !== shape.join() || !values) {
        return failed("badOutput", { case: k, want: `${g} of shape [${shape.join(", ")}]` });
      }
      const diff = maxAbsDiff(values, ref[g]);
      const scale = Math.max(1e-3, ...ref[g].map(Math.abs));
      if (!(diff <= 1e-4 * scale)) return failed("gradOff", { case: k, name: g, diff });
    }
    return null;
  },
  passed: () => solved("codeOk", { cases: MLP_CASES.length }),
};

/**
 * "Predict, then run": the experiment leaves its number in `result`. Its code is the lesson's,
 * run in a workspace of its own (no reader code ran there), so the number is the experiment's.
 */
const measured: Check<0> = {
  fn: null,
  cases: () => [0],
  run: (E, _fn, _c, vars) => isTensor(E, vars.result) ? vars.result.item() : vars.result,
  judge(_c, value) {
    if (typeof value !== "number") {
      return failed("badOutput", { case: 1, want: "result (a number)" });
    }
    if (!Number.isFinite(value)) return failed("nonFinite", { case: 1 });
    return null;
  },
  passed: ([o]) => solved("valueOk", { value: (o as { value: number }).value } as Detail),
};

// Lesson 6 (convolutions), conv-b: "conv-by-hand".
type ConvCase = { h: number; w: number; k: number; stride: number; x: number[]; kernel: number[] };

/** conv2d's hidden cases: sizes, kernels and strides (case 1 is the exercise's example). */
const CONV_SHAPES = [
  { h: 5, w: 5, k: 3, stride: 1 },
  { h: 7, w: 9, k: 2, stride: 1 },
  { h: 8, w: 8, k: 3, stride: 2 },
  { h: 6, w: 4, k: 1, stride: 1 },
  { h: 11, w: 10, k: 4, stride: 3 },
  { h: 12, w: 12, k: 5, stride: 2 },
];

/** The valid convolution (PyTorch's: the kernel not flipped), in float64 from float32 values. */
export function conv2dReference(c: ConvCase, flip = false): number[] {
  const x = f32(c.x), w = f32(c.kernel), { k, stride } = c;
  const oh = Math.floor((c.h - k) / stride) + 1, ow = Math.floor((c.w - k) / stride) + 1;
  const out: number[] = [];
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      let sum = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          const wk = flip ? w[(k - 1 - a) * k + (k - 1 - b)] : w[a * k + b];
          sum += x[(i * stride + a) * c.w + j * stride + b] * wk;
        }
      }
      out.push(sum);
    }
  }
  return out;
}

/** `conv2d(x, w, stride)`: the valid convolution of an image [H, W] with a kernel [k, k]. */
const conv2dByHand: Check<ConvCase> = {
  fn: "conv2d",
  before: (code) => /\bF\s*\.\s*conv2d\s*\(/.test(code) ? failed("usesConv2d") : null,
  cases() {
    const gen = new Generator(621);
    return CONV_SHAPES.map((s, i) => ({
      ...s,
      // Case 1: the example's ramp image and kernel; the others random.
      x: i === 0
        ? Array.from({ length: s.h * s.w }, (_, p) => p)
        : Array.from(gen.normal(s.h * s.w, 0, 1)),
      kernel: i === 0 ? [1, 0, -1, 1, 0, -1, 1, 0, -1] : Array.from(gen.normal(s.k * s.k, 0, 1)),
    }));
  },
  run(E, fn, c) {
    let out = fn(E.tensor(c.x, [c.h, c.w]), E.tensor(c.kernel, [c.k, c.k]), c.stride);
    if (Array.isArray(out)) out = E.tensor(out as number[][]);
    return isTensor(E, out) ? { shape: out.shape, values: Array.from(out.dataSync()) } : null;
  },
  judge(c, v, k) {
    const oh = Math.floor((c.h - c.k) / c.stride) + 1, ow = Math.floor((c.w - c.k) / c.stride) + 1;
    const o = record(v);
    const shape = numbers(o?.shape, 2);
    const got = numbers(o?.values, oh * ow);
    if (!shape || shape[0] !== oh || shape[1] !== ow || !got) {
      return failed("badOutput", { case: k, want: `a tensor of shape [${oh}, ${ow}]` });
    }
    if (!got.every(Number.isFinite)) return failed("nonFinite", { case: k });
    const want = conv2dReference(c);
    const tol = 1e-4 * (1 + Math.max(...want.map(Math.abs)));
    const diff = maxAbsDiff(got, want);
    if (diff <= tol) return null;
    if (c.k > 1 && maxAbsDiff(got, conv2dReference(c, true)) <= tol) {
      return failed("kernelFlipped", { case: k });
    }
    const at = [...want.keys()].find((i) => Math.abs(got[i] - want[i]) > tol)!;
    return failed("valueMismatch", { case: k, got: got[at], want: want[at] });
  },
  passed: () => solved("codeOk", { cases: CONV_SHAPES.length }),
};
// Lesson 7 (training), optimizers (train-b).
/** One case of `adam`: θ₀, one gradient per step, and the settings. */
export interface AdamCase {
  theta: number[];
  grads: number[][];
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/** Adam (Kingma & Ba 2015; PyTorch's and the engine's form), in float64: θ after the steps. */
export function adamReference(c: AdamCase): number[] {
  const theta = [...c.theta];
  const m = theta.map(() => 0), v = theta.map(() => 0);
  c.grads.forEach((g, s) => {
    const t = s + 1;
    for (let i = 0; i < theta.length; i++) {
      m[i] = c.beta1 * m[i] + (1 - c.beta1) * g[i];
      v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] * g[i];
      const mHat = m[i] / (1 - c.beta1 ** t), vHat = v[i] / (1 - c.beta2 ** t);
      theta[i] -= c.lr * mHat / (Math.sqrt(vHat) + c.eps);
    }
  });
  return theta;
}

/** The visible example (case 1), as the starter prints it. */
export const ADAM_EXAMPLE: AdamCase = {
  theta: [1, -2],
  grads: [[0.5, -1], [0.3, 0.2]],
  lr: 0.1,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
};

/**
 * Hidden cases: one step (the bias correction is all of it), many steps, β₁ = 0, a large ε
 * (inside or outside the root shows), gradients of very different scales.
 */
const ADAM_SETTINGS = [
  { dim: 3, steps: 5, scale: 1, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  { dim: 1, steps: 1, scale: 10, lr: 0.5, beta1: 0.8, beta2: 0.99, eps: 1e-8 },
  { dim: 4, steps: 20, scale: 1, lr: 0.1, beta1: 0.5, beta2: 0.9, eps: 0.1 },
  { dim: 2, steps: 12, scale: 0.01, lr: 0.03, beta1: 0, beta2: 0.999, eps: 1e-8 },
  { dim: 5, steps: 3, scale: 3, lr: 0.2, beta1: 0.95, beta2: 0.5, eps: 1e-6 },
];

/** `adam(theta, grads, lr, beta1, beta2, eps)`: θ after one Adam step per gradient. */
const adam: Check<AdamCase> = {
  fn: "adam",
  before: (code) => /\boptim\s*\./.test(code) ? failed("usesOptim") : null,
  cases() {
    const gen = new Generator(1707);
    return [
      ADAM_EXAMPLE,
      ...ADAM_SETTINGS.map((s) => ({
        theta: Array.from(gen.normal(s.dim, 0, 1)),
        grads: Array.from({ length: s.steps }, () => Array.from(gen.normal(s.dim, 0, s.scale))),
        lr: s.lr,
        beta1: s.beta1,
        beta2: s.beta2,
        eps: s.eps,
      })),
    ];
  },
  async run(E, fn, c) {
    const out = await fn(
      [...c.theta],
      c.grads.map((g) => [...g]),
      c.lr,
      c.beta1,
      c.beta2,
      c.eps,
    );
    return isTensor(E, out) ? Array.from(out.dataSync()) : out;
  },
  judge(c, v, k) {
    const got = numbers(v, c.theta.length);
    if (!got) {
      return failed("badOutput", { case: k, want: `θ as ${c.theta.length} numbers` });
    }
    if (!got.every(Number.isFinite)) return failed("nonFinite", { case: k });
    const want = adamReference(c);
    // The reader may compute in float32 (tensors): 10⁻⁴ of the step's scale is far above that.
    for (let i = 0; i < want.length; i++) {
      if (Math.abs(got[i] - want[i]) > 1e-4 * Math.max(1, Math.abs(want[i]))) {
        return failed("valueMismatch", { case: k, got: got[i], want: want[i] });
      }
    }
    return null;
  },
  passed: () => solved("codeOk", { cases: ADAM_SETTINGS.length + 1 }),
};

// deno-lint-ignore no-explicit-any
const CHECKS: Record<string, Check<any>> = {
  huber,
  softmax,
  fitLine,
  bump,
  numericGrad,
  mlpGrads,
  measured,
  // Lesson 6 (convolutions), conv-b.
  conv2d: conv2dByHand,
  // Lesson 7 (training), optimizers (train-b).
  adam,
};

/** The names of the code checkers (the `check` an exercise gives, see `defs.ts`). */
export const CODE_CHECKS: readonly string[] = Object.keys(CHECKS);

/**
 * The half that runs where the reader's code ran: each hidden case through the reader's
 * function, as plain data. Never rejects.
 */
export async function runChecks(
  E: Engine,
  name: string,
  vars: Record<string, unknown>,
): Promise<Outcomes> {
  const check = CHECKS[name];
  if (!check) return { cases: [] };
  const fn = check.fn === null ? () => {} : vars[check.fn];
  if (typeof fn !== "function") return { missing: check.fn ?? "result" };
  const cases: Outcome[] = [];
  for (const c of check.cases()) {
    try {
      cases.push({ value: await check.run(E, fn as Fn, c, vars) });
    } catch (error) {
      cases.push({ threw: errorText(error) });
      break;
    }
  }
  return { cases };
}

/**
 * The half out of the reader's reach: the verdict on the `outcomes` the other half sent
 * (untrusted data), for `code` (the code the page sent, not what the worker says it ran).
 */
export function judgeChecks(name: string, code: string, outcomes: unknown): Verdict {
  const check = CHECKS[name];
  if (!check) return failed("threw", { case: 0, message: `no checker named "${name}"` });
  const early = check.before?.(code);
  if (early) return early;
  const o = record(outcomes);
  if (o && typeof o.missing === "string") {
    return failed("noFunction", { name: check.fn ?? "result" });
  }
  const cases = check.cases();
  const list = Array.isArray(o?.cases) ? o.cases as unknown[] : [];
  const values: unknown[] = [];
  for (let k = 1; k <= cases.length; k++) {
    const r = record(list[k - 1]);
    if (r && "threw" in r) {
      return failed("threw", { case: k, message: String(r.threw).slice(0, 500) });
    }
    if (!r || !("value" in r)) return failed("badOutput", { case: k, want: "an answer" });
    const v = check.judge(cases[k - 1], r.value, k);
    if (v) return v;
    values.push(r);
  }
  return check.passed(values);
}

/** Both halves in one realm (Deno, the tests, the page without workers). */
export async function checkCode(
  E: Engine,
  name: string,
  vars: Record<string, unknown>,
  code: string,
): Promise<Verdict> {
  const early = CHECKS[name]?.before?.(code);
  if (early) return early;
  return judgeChecks(name, code, await runChecks(E, name, vars));
}
