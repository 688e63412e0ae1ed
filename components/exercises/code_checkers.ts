/**
 * The checkers of "write it in a cell" and "predict, then run" exercises. They run where the
 * notebook workspace runs (the runtime's Web Worker; Deno in the tests), after the reader's code
 * ran in it: they look up the function the task asked for among the names the code defined, call
 * it on hidden cases drawn from a seeded generator (the same cases every time, different from the
 * visible example, so hard-coding the example's answer fails), and compare with the engine's own
 * op or with the math. A checker never throws: what the reader's code throws is a verdict.
 */
import type { Engine } from "../runtime/trainer.ts";
import type { Tensor } from "../../engine/mod.ts";
import { Generator } from "../../engine/random.ts";
import { type Detail, failed, solved, type Verdict } from "./verdict.ts";

/** What a checker gets: the engine, the names the code defined, and the code itself. */
export type CodeChecker = (
  E: Engine,
  vars: Record<string, unknown>,
  code: string,
) => Promise<Verdict> | Verdict;

// deno-lint-ignore no-explicit-any
type Fn = (...args: any[]) => unknown;

const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

function lookUp(vars: Record<string, unknown>, name: string): Fn | Verdict {
  const fn = vars[name];
  return typeof fn === "function" ? fn as Fn : failed("noFunction", { name });
}

const isVerdict = (v: unknown): v is Verdict =>
  typeof v === "object" && v !== null && "reason" in v && "ok" in v;

const isTensor = (E: Engine, v: unknown): v is Tensor => v instanceof E.Tensor;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return Infinity;
    m = Math.max(m, d);
  }
  return m;
}

/** Runs `body` for each case (numbered from 1); the first verdict that is not solved wins. */
async function eachCase(
  n: number,
  body: (k: number) => Promise<Verdict | null> | Verdict | null,
): Promise<Verdict | null> {
  for (let k = 1; k <= n; k++) {
    try {
      const v = await body(k);
      if (v) return v;
    } catch (error) {
      return failed("threw", { case: k, message: errorText(error) });
    }
  }
  return null;
}

/** Hidden cases of huber: sizes, value scales and deltas (case 1 is the lesson's example). */
const HUBER_CASES = [
  { n: 4, scale: 2, delta: 1 },
  { n: 17, scale: 3, delta: 0.5 },
  { n: 1, scale: 5, delta: 2.3 },
  { n: 64, scale: 0.2, delta: 0.1 },
  { n: 9, scale: 10, delta: 4 },
];

/** `huber(pred, target, delta)`: the mean Huber loss, as F.huberLoss, values and gradients. */
const huber: CodeChecker = async (E, vars) => {
  const fn = lookUp(vars, "huber");
  if (isVerdict(fn)) return fn;
  const gen = new Generator(1301);
  const v = await eachCase(HUBER_CASES.length, (k) => {
    const c = HUBER_CASES[k - 1];
    const p = Array.from(gen.normal(c.n, 0, c.scale));
    const t = Array.from(gen.normal(c.n, 0, c.scale));
    const pred = E.tensor(p, [c.n], { requiresGrad: true });
    const target = E.tensor(t, [c.n]);
    const out = fn(pred, target, c.delta);
    if (!isTensor(E, out) || out.size !== 1) {
      return failed("badOutput", { case: k, want: "a tensor with one value" });
    }
    const got = out.item();
    if (!Number.isFinite(got)) return failed("nonFinite", { case: k });
    const ref = E.tensor(p, [c.n], { requiresGrad: true });
    const want = E.F.huberLoss(ref, target, { delta: c.delta });
    const wantValue = want.item();
    const tol = 1e-4 * Math.max(1, Math.abs(wantValue));
    if (Math.abs(got - wantValue) > tol) {
      return failed("valueMismatch", { case: k, got, want: wantValue, delta: c.delta });
    }
    if (!out.requiresGrad) return failed("gradMismatch", { case: k, diff: "none" });
    out.backward();
    want.backward();
    if (!pred.grad) return failed("gradMismatch", { case: k, diff: "none" });
    const diff = maxAbsDiff(pred.grad.dataSync(), ref.grad!.dataSync());
    if (diff > 1e-4) return failed("gradMismatch", { case: k, diff });
    return null;
  });
  return v ?? solved("codeOk", { cases: HUBER_CASES.length });
};

/** Logit rows for softmax: ordinary, huge, hugely negative, one wide row, one column. */
function softmaxCases(gen: Generator): { rows: number; cols: number; values: number[] }[] {
  const normal = (n: number, mean: number, std: number) => Array.from(gen.normal(n, mean, std));
  return [
    { rows: 2, cols: 3, values: normal(6, 0, 1) },
    { rows: 3, cols: 4, values: normal(12, 1000, 2) },
    { rows: 2, cols: 5, values: normal(10, -1000, 3) },
    { rows: 1, cols: 10, values: normal(10, 500, 300) },
    { rows: 4, cols: 1, values: normal(4, 0, 800) },
  ];
}

/** `softmax(z)`: rows of probabilities along the last axis, finite even for logits of 1,000. */
const softmax: CodeChecker = async (E, vars) => {
  const fn = lookUp(vars, "softmax");
  if (isVerdict(fn)) return fn;
  const cases = softmaxCases(new Generator(2207));
  const v = await eachCase(cases.length, (k) => {
    const c = cases[k - 1];
    const z = E.tensor(c.values, [c.rows, c.cols]);
    const out = fn(z);
    if (!isTensor(E, out) || out.shape.join() !== z.shape.join()) {
      return failed("badOutput", { case: k, want: `a tensor of shape [${c.rows}, ${c.cols}]` });
    }
    const got = out.dataSync();
    const big = Math.max(...c.values.map(Math.abs));
    if (!Array.from(got).every(Number.isFinite)) {
      return failed(big > 80 ? "overflow" : "nonFinite", { case: k, big });
    }
    const want = E.F.softmax(z).dataSync();
    const diff = maxAbsDiff(got, want);
    if (diff > 1e-5) return failed("valueMismatch", { case: k, got: diff, want: 0, big });
    return null;
  });
  return v ?? solved("codeOk", { cases: cases.length });
};

/**
 * Points y = a·x + b + noise with hidden a, b, as [n, 1] tensors. The x ranges include the
 * visible example's [0, 2], where the loss is steep enough (λmax ≈ 4.4) that η = 0.5 diverges.
 */
function lineCases(gen: Generator) {
  return [[-1, 1], [0, 2], [-1.5, 1.5]].map(([lo, hi]) => {
    const a = gen.random() * 4 - 2, b = gen.random() * 2 - 1;
    const n = 40;
    const xs = Array.from(gen.uniform(n, lo, hi));
    const noise = gen.normal(n, 0, 0.1);
    const ys = xs.map((x, i) => a * x + b + noise[i]);
    return { xs, ys, n };
  });
}

const FIT_MAX_LOSS = 0.05;

/** `fitLine(x, y)`: gradient descent written by hand (no optim), to an MSE below 0.05. */
const fitLine: CodeChecker = async (E, vars, code) => {
  const fn = lookUp(vars, "fitLine");
  if (isVerdict(fn)) return fn;
  if (/\boptim\s*\./.test(code)) return failed("usesOptim");
  const cases = lineCases(new Generator(3109));
  const v = await eachCase(cases.length, async (k) => {
    const c = cases[k - 1];
    const out = await fn(E.tensor(c.xs, [c.n, 1]), E.tensor(c.ys, [c.n, 1])) as
      | { a?: unknown; b?: unknown }
      | null;
    const num = (u: unknown) => isTensor(E, u) ? u.item() : u;
    const a = num(out?.a), b = num(out?.b);
    if (typeof a !== "number" || typeof b !== "number") {
      return failed("badOutput", { case: k, want: "{ a, b } (two numbers)" });
    }
    if (!Number.isFinite(a) || !Number.isFinite(b)) return failed("nonFinite", { case: k });
    const loss = c.xs.reduce((s, x, i) => s + (a * x + b - c.ys[i]) ** 2, 0) / c.n;
    return loss < FIT_MAX_LOSS ? null : failed("lossHigh", { case: k, loss, max: FIT_MAX_LOSS });
  });
  return v ?? solved("codeOk", { cases: cases.length });
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

/** `bump(x, h, left, right)`: two steep neurons make a bump (lesson 2). */
const bump: CodeChecker = async (E, vars) => {
  const fn = lookUp(vars, "bump");
  if (isVerdict(fn)) return fn;
  const xs = Array.from({ length: 201 }, (_, i) => i / 200);
  const v = await eachCase(BUMP_CASES.length, (k) => {
    const c = BUMP_CASES[k - 1];
    const out = fn(E.tensor(xs, [xs.length, 1]), c.h, c.left, c.right);
    if (!isTensor(E, out) || out.size !== xs.length) {
      return failed("badOutput", { case: k, want: `a tensor of ${xs.length} values` });
    }
    const got = out.dataSync();
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
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
  });
  return v ?? solved("codeOk", { cases: BUMP_CASES.length });
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
const numericGrad: CodeChecker = async (_E, vars) => {
  const fn = lookUp(vars, "numericGrad");
  if (isVerdict(fn)) return fn;
  const v = await eachCase(GRAD_CASES.length, (k) => {
    const c = GRAD_CASES[k - 1];
    const got = fn(c.f, c.x);
    if (typeof got !== "number") return failed("badOutput", { case: k, want: "a number" });
    if (!Number.isFinite(got)) return failed("nonFinite", { case: k });
    const want = c.df(c.x);
    return Math.abs(got - want) <= 1e-3 * Math.max(1, Math.abs(want))
      ? null
      : failed("valueMismatch", { case: k, got, want, x: c.x });
  });
  return v ?? solved("codeOk", { cases: GRAD_CASES.length });
};

/** Sizes of mlpGrads' hidden cases: [examples, inputs, hidden units, classes]; none is the example's. */
const MLP_CASES = [[5, 4, 3, 3], [1, 6, 5, 4], [16, 10, 8, 10], [32, 3, 12, 2]];
/** The gradients, in the order backpropagation finds them. */
const MLP_GRADS = ["dW2", "db2", "dW1", "db1"] as const;

/**
 * `mlpGrads(X, Y, W1, b1, W2, b2)`: the forward and backward pass of a 2-layer sigmoid MLP with
 * softmax cross-entropy, written with matrix operations, against the engine's own backward().
 */
const mlpGrads: CodeChecker = async (E, vars, code) => {
  const fn = lookUp(vars, "mlpGrads");
  if (isVerdict(fn)) return fn;
  if (/\.backward\s*\(/.test(code)) return failed("usesBackward");
  const gen = new Generator(5081);
  const v = await eachCase(MLP_CASES.length, async (k) => {
    const [n, inputs, hidden, classes] = MLP_CASES[k - 1];
    const values = (count: number, std: number) => Array.from(gen.normal(count, 0, std));
    const labels = Array.from({ length: n }, () => Math.floor(gen.random() * classes));
    const shapes: Record<string, number[]> = {
      W1: [hidden, inputs],
      b1: [hidden],
      W2: [classes, hidden],
      b2: [classes],
    };
    const data = Object.fromEntries(
      Object.entries(shapes).map((
        [name, shape],
      ) => [name, values(shape.reduce((a, b) => a * b), 0.7)]),
    );
    const x = values(n * inputs, 1);
    const oneHot = labels.flatMap((y) =>
      Array.from({ length: classes }, (_, c) => (c === y ? 1 : 0))
    );
    const args = ["W1", "b1", "W2", "b2"].map((name) => E.tensor(data[name], shapes[name]));
    const out = await fn(E.tensor(x, [n, inputs]), E.tensor(oneHot, [n, classes]), ...args) as
      | Record<string, unknown>
      | null;
    // The reference: the same network through the engine's autograd.
    const p = Object.fromEntries(
      Object.entries(shapes).map((
        [name, shape],
      ) => [name, E.tensor(data[name], shape, { requiresGrad: true })]),
    );
    const X = E.tensor(x, [n, inputs]);
    const H = X.matmul(p.W1.transpose()).add(p.b1).sigmoid();
    const ref = E.F.crossEntropy(
      H.matmul(p.W2.transpose()).add(p.b2),
      E.tensor(labels, [n], { dtype: "int32" }),
    );
    ref.backward();
    const loss = out?.loss;
    const got = isTensor(E, loss) ? loss.item() : loss;
    if (typeof got !== "number") {
      return failed("badOutput", { case: k, want: "{ loss, dW1, db1, dW2, db2 }" });
    }
    if (!Number.isFinite(got)) return failed("nonFinite", { case: k });
    const want = ref.item();
    if (Math.abs(got - want) > 1e-4 * Math.max(1, Math.abs(want))) {
      return failed("valueMismatch", { case: k, got, want });
    }
    for (const g of MLP_GRADS) {
      const t = out?.[g];
      const param = p[g.slice(1)];
      if (!isTensor(E, t) || t.shape.join() !== param.shape.join()) {
        return failed("badOutput", { case: k, want: `${g} of shape [${param.shape.join(", ")}]` });
      }
      const ours = param.grad!.dataSync();
      const diff = maxAbsDiff(t.dataSync(), ours);
      const scale = Math.max(1e-3, ...Array.from(ours, Math.abs));
      if (!(diff <= 1e-4 * scale)) return failed("gradOff", { case: k, name: g, diff });
    }
    return null;
  });
  return v ?? solved("codeOk", { cases: MLP_CASES.length });
};

/** "Predict, then run": the experiment leaves its number in `result`. */
const measured: CodeChecker = (E, vars) => {
  const r = vars.result;
  const value = isTensor(E, r) ? r.item() : r;
  if (typeof value !== "number") return failed("badOutput", { case: 1, want: "result (a number)" });
  if (!Number.isFinite(value)) return failed("nonFinite", { case: 1 });
  return solved("valueOk", { value } as Detail);
};

/** Every code checker, by the `check` name an exercise gives (see `defs.ts`). */
export const CODE_CHECKERS: Record<string, CodeChecker> = {
  huber,
  softmax,
  fitLine,
  bump,
  numericGrad,
  mlpGrads,
  measured,
};
