/**
 * The expressions the GraphStepper island draws, each written twice with the engine's own ops:
 * once on tensors (the graph the engine records when it runs a model, one node per tensor op)
 * and once on shape-[] tensors (one node per number, as micrograd does). Both are real engine
 * graphs: `record` runs the forward, calls `backward({ keepGraph: true })`, reads every node's
 * op, shape, value and grad, and disposes everything.
 *
 * The engine is passed in (never imported here): the trainer (graph_trainer.ts) runs this in
 * the runtime's worker, and the island imports only the plain parts (specs, values, names).
 */
import type { Tensor } from "../../engine/mod.ts";
import type { Engine } from "../runtime/trainer.ts";

export type ExprId = "mse-line" | "mse-points" | "neuron" | "mlp" | "softmax-ce";
export type View = "scalar" | "tensor";
export const EXPRESSIONS: ExprId[] = ["mse-line", "mse-points", "neuron", "mlp", "softmax-ce"];

/** What a node needs besides its op to have its local derivatives written down. */
export interface OpMeta {
  /** Exponent of a pow node. */
  p?: number;
  /** Reduced axes of a sum or mean node, and whether they were kept. */
  axes?: number[];
  keepdims?: boolean;
}

export interface LeafSpec {
  /** Key in the values object ("a", "W1"). */
  name: string;
  /** Plain-text name (SVG, screen readers) and TeX name (formulas). */
  text: string;
  tex: string;
  shape: number[];
  /** Parameters get gradients; data (inputs, targets) does not. */
  role: "param" | "data";
  /** An integer class index (softmax-ce's target). */
  int?: boolean;
  /** Slider range for the reader. */
  min: number;
  max: number;
  step: number;
}

export type Values = Record<string, number[]>;

/** Names a node as it is made: plain text, TeX, and what its local derivative needs. */
export type Rec = (t: Tensor, text: string, tex: string, meta?: OpMeta) => Tensor;

export interface ExprSpec {
  id: ExprId;
  leaves: LeafSpec[];
  defaults: Values;
  /** The loss as one formula (TeX). */
  formula: string;
  /** The tensor graph: leaves by name, one engine op per node. */
  tensor(E: Engine, L: Record<string, Tensor>, rec: Rec): Tensor;
  /** The scalar graph: each leaf element its own shape-[] tensor (row-major). */
  scalar(E: Engine, S: Record<string, Tensor[]>, rec: Rec, values: Values): Tensor;
}

const SUB = "₀₁₂₃₄₅₆₇₈₉";
/** x₁, W₁₂: one-based subscripts as a reader writes them. */
export function sub(text: string, ...idx: number[]): string {
  return text + idx.map((i) => String(i + 1).split("").map((d) => SUB[+d]).join("")).join("");
}
/** The TeX of a subscripted name: x_{1}, W_{12}; `\hat y` becomes \hat y_{1}. */
export function texSub(tex: string, ...idx: number[]): string {
  const s = idx.map((i) => i + 1).join("");
  return /[_^]/.test(tex) ? `{${tex}}_{${s}}` : `${tex}_{${s}}`;
}

/** Σ of scalar nodes as a chain of adds (the engine's add is binary). */
function addChain(E: Engine, terms: Tensor[], rec: Rec, text: string, tex: string): Tensor {
  let acc = terms[0];
  for (let i = 1; i < terms.length; i++) {
    const last = i === terms.length - 1;
    acc = rec(
      E.F.add(acc, terms[i]),
      last ? text : `${text}′${i}`,
      last ? tex : `${tex}^{(${i})}`,
    );
  }
  return acc;
}

/** Mean squared error of scalar residual nodes: Σ rᵢ² / n, the engine's mean written out. */
function scalarMse(E: Engine, residuals: Tensor[], rec: Rec): Tensor {
  const n = residuals.length;
  const sq = residuals.map((r, i) =>
    rec(
      E.F.pow(r, 2),
      n === 1 ? "q" : sub("q", i),
      n === 1 ? "q" : texSub("q", i),
      { p: 2 },
    )
  );
  const total = n === 1 ? sq[0] : addChain(E, sq, rec, "s", "s");
  return rec(E.F.div(total, n), "L", "L");
}

// ------------------------------------------------------------------ the four expressions

/** The line of lessons 1 and 3 with MSE on n points: exactly what F.mseLoss(x.mul(a).add(b), y) records. */
function mseLine(id: ExprId, n: number, x: number[], y: number[]): ExprSpec {
  return {
    id,
    leaves: [
      { name: "a", text: "a", tex: "a", shape: [1], role: "param", min: -5, max: 5, step: 0.1 },
      { name: "b", text: "b", tex: "b", shape: [1], role: "param", min: -5, max: 5, step: 0.1 },
      { name: "x", text: "x", tex: "x", shape: [n], role: "data", min: -5, max: 5, step: 0.1 },
      { name: "y", text: "y", tex: "y", shape: [n], role: "data", min: -10, max: 10, step: 0.5 },
    ],
    defaults: { a: [2], b: [1], x, y },
    formula: n === 1
      ? String.raw`L = (a x + b - y)^2`
      : String.raw`L = \tfrac1${n}\textstyle\sum_i (a x_i + b - y_i)^2`,
    tensor(E, L, rec) {
      const u = rec(E.F.mul(L.x, L.a), "u", "u");
      const yhat = rec(E.F.add(u, L.b), "ŷ", String.raw`\hat y`);
      const r = rec(E.F.sub(yhat, L.y), "r", "r");
      const q = rec(E.F.pow(r, 2), "q", "q", { p: 2 });
      return rec(E.F.mean(q), "L", "L", { axes: [0], keepdims: false });
    },
    scalar(E, S, rec) {
      const name = (t: string, tex: string, i: number): [string, string] =>
        n === 1 ? [t, tex] : [sub(t, i), texSub(tex, i)];
      const residuals = S.x.map((x, i) => {
        const u = rec(E.F.mul(x, S.a[0]), ...name("u", "u", i));
        const yhat = rec(E.F.add(u, S.b[0]), ...name("ŷ", String.raw`\hat y`, i));
        return rec(E.F.sub(yhat, S.y[i]), ...name("r", "r", i));
      });
      return scalarMse(E, residuals, rec);
    },
  };
}

const neuron: ExprSpec = {
  id: "neuron",
  leaves: [
    { name: "w", text: "w", tex: "w", shape: [1, 2], role: "param", min: -4, max: 4, step: 0.1 },
    { name: "b", text: "b", tex: "b", shape: [1, 1], role: "param", min: -4, max: 4, step: 0.1 },
    { name: "x", text: "x", tex: "x", shape: [2, 1], role: "data", min: -3, max: 3, step: 0.1 },
    { name: "y", text: "y", tex: "y", shape: [1, 1], role: "data", min: 0, max: 1, step: 0.05 },
  ],
  defaults: { w: [1.5, -2], b: [0.5], x: [1, 0.5], y: [1] },
  formula: String.raw`L = (\sigma(w_1 x_1 + w_2 x_2 + b) - y)^2`,
  tensor(E, L, rec) {
    const z0 = rec(E.F.matmul(L.w, L.x), "wx", "wx");
    const z = rec(E.F.add(z0, L.b), "z", "z");
    const s = rec(E.F.sigmoid(z), "s", "s");
    const r = rec(E.F.sub(s, L.y), "r", "r");
    const q = rec(E.F.pow(r, 2), "q", "q", { p: 2 });
    return rec(E.F.mean(q), "L", "L", { axes: [0, 1], keepdims: false });
  },
  scalar(E, S, rec) {
    const m = S.x.map((x, k) => rec(E.F.mul(S.w[k], x), sub("m", k), texSub("m", k)));
    const z0 = addChain(E, m, rec, "wx", "wx");
    const z = rec(E.F.add(z0, S.b[0]), "z", "z");
    const s = rec(E.F.sigmoid(z), "s", "s");
    return scalarMse(E, [rec(E.F.sub(s, S.y[0]), "r", "r")], rec);
  },
};

/** Two inputs, two tanh hidden units, one output: column vectors, y = W₂ tanh(W₁x + b₁) + b₂. */
const mlp: ExprSpec = {
  id: "mlp",
  leaves: [
    {
      name: "W1",
      text: "W¹",
      tex: "W^{1}",
      shape: [2, 2],
      role: "param",
      min: -3,
      max: 3,
      step: 0.1,
    },
    {
      name: "b1",
      text: "b¹",
      tex: "b^{1}",
      shape: [2, 1],
      role: "param",
      min: -3,
      max: 3,
      step: 0.1,
    },
    {
      name: "W2",
      text: "W²",
      tex: "W^{2}",
      shape: [1, 2],
      role: "param",
      min: -3,
      max: 3,
      step: 0.1,
    },
    {
      name: "b2",
      text: "b²",
      tex: "b^{2}",
      shape: [1, 1],
      role: "param",
      min: -3,
      max: 3,
      step: 0.1,
    },
    { name: "x", text: "x", tex: "x", shape: [2, 1], role: "data", min: -3, max: 3, step: 0.1 },
    { name: "y", text: "y", tex: "y", shape: [1, 1], role: "data", min: -3, max: 3, step: 0.1 },
  ],
  defaults: {
    W1: [0.5, -1, 1.2, 0.3],
    b1: [0.1, -0.2],
    W2: [1, -0.7],
    b2: [0.2],
    x: [1, 2],
    y: [0.5],
  },
  formula: String.raw`L = (W^{2}\tanh(W^{1}x + b^{1}) + b^{2} - y)^2`,
  tensor(E, L, rec) {
    const z1 = rec(E.F.matmul(L.W1, L.x), "W¹x", "W^{1}x");
    const a1 = rec(E.F.add(z1, L.b1), "z", "z");
    const h = rec(E.F.tanh(a1), "h", "h");
    const z2 = rec(E.F.matmul(L.W2, h), "W²h", "W^{2}h");
    const out = rec(E.F.add(z2, L.b2), "ŷ", String.raw`\hat y`);
    const r = rec(E.F.sub(out, L.y), "r", "r");
    const q = rec(E.F.pow(r, 2), "q", "q", { p: 2 });
    return rec(E.F.mean(q), "L", "L", { axes: [0, 1], keepdims: false });
  },
  scalar(E, S, rec) {
    const h = [0, 1].map((j) => {
      const m = [0, 1].map((k) =>
        rec(E.F.mul(S.W1[2 * j + k], S.x[k]), sub("m", j, k), texSub("m", j, k))
      );
      const z1 = rec(E.F.add(m[0], m[1]), sub("(W¹x)", j), texSub("(W^{1}x)", j));
      const z = rec(E.F.add(z1, S.b1[j]), sub("z", j), texSub("z", j));
      return rec(E.F.tanh(z), sub("h", j), texSub("h", j));
    });
    const m2 = h.map((hj, j) => rec(E.F.mul(S.W2[j], hj), sub("n", j), texSub("n", j)));
    const z2 = rec(E.F.add(m2[0], m2[1]), "W²h", "W^{2}h");
    const out = rec(E.F.add(z2, S.b2[0]), "ŷ", String.raw`\hat y`);
    return scalarMse(E, [rec(E.F.sub(out, S.y[0]), "r", "r")], rec);
  },
};

/** Three classes from two inputs, rows as in PyTorch: z = xW + b, L = −log softmax(z)_y. */
const softmaxCe: ExprSpec = {
  id: "softmax-ce",
  leaves: [
    { name: "W", text: "W", tex: "W", shape: [2, 3], role: "param", min: -3, max: 3, step: 0.1 },
    { name: "b", text: "b", tex: "b", shape: [1, 3], role: "param", min: -3, max: 3, step: 0.1 },
    { name: "x", text: "x", tex: "x", shape: [1, 2], role: "data", min: -3, max: 3, step: 0.1 },
    {
      name: "y",
      text: "y",
      tex: "y",
      shape: [1],
      role: "data",
      int: true,
      min: 0,
      max: 2,
      step: 1,
    },
  ],
  defaults: { W: [0.5, -0.3, 0.1, 0.2, 0.8, -0.5], b: [0, 0.1, -0.1], x: [1, -1], y: [2] },
  formula: String.raw`L = -\log \frac{e^{z_y}}{\sum_j e^{z_j}},\; z = xW + b`,
  tensor(E, L, rec) {
    const xw = rec(E.F.matmul(L.x, L.W), "xW", "xW");
    const z = rec(E.F.add(xw, L.b), "z", "z");
    const e = rec(E.F.exp(z), "e", "e");
    const s = rec(E.F.sum(e, 1, true), "S", "S", { axes: [1], keepdims: true });
    const p = rec(E.F.div(e, s), "p", "p");
    const py = rec(E.F.gather(p, L.y), "p[y]", "p_y");
    const lp = rec(E.F.log(py), "log p[y]", String.raw`\log p_y`);
    const nl = rec(E.F.neg(lp), "ℓ", String.raw`\ell`);
    return rec(E.F.mean(nl), "L", "L", { axes: [0], keepdims: false });
  },
  scalar(E, S, rec, values) {
    const e = [0, 1, 2].map((j) => {
      const m = [0, 1].map((k) =>
        rec(E.F.mul(S.x[k], S.W[3 * k + j]), sub("m", k, j), texSub("m", k, j))
      );
      const xw = rec(E.F.add(m[0], m[1]), sub("(xW)", j), texSub("(xW)", j));
      const z = rec(E.F.add(xw, S.b[j]), sub("z", j), texSub("z", j));
      return rec(E.F.exp(z), sub("e", j), texSub("e", j));
    });
    const total = addChain(E, e, rec, "S", "S");
    const y = values.y[0];
    const py = rec(E.F.div(e[y], total), "p[y]", "p_y");
    const lp = rec(E.F.log(py), "log p[y]", String.raw`\log p_y`);
    const nl = rec(E.F.neg(lp), "ℓ", String.raw`\ell`);
    return rec(E.F.div(nl, 1), "L", "L");
  },
};

export const SPECS: Record<ExprId, ExprSpec> = {
  "mse-line": mseLine("mse-line", 1, [3], [10]),
  "mse-points": mseLine("mse-points", 3, [3, 1, -1], [10, 4, 0]),
  neuron,
  mlp,
  "softmax-ce": softmaxCe,
};

export function isExprId(s: string): s is ExprId {
  return (EXPRESSIONS as string[]).includes(s);
}

/** Clamp and fix the shapes of values from the URL or props; missing ones take the defaults. */
export function cleanValues(spec: ExprSpec, given: Partial<Values> = {}): Values {
  const out: Values = {};
  for (const leaf of spec.leaves) {
    const size = leaf.shape.reduce((k, d) => k * d, 1);
    const g = given[leaf.name];
    const base = g && g.length === size && g.every(Number.isFinite) ? g : spec.defaults[leaf.name];
    out[leaf.name] = base.map((v) => {
      const c = Math.min(leaf.max, Math.max(leaf.min, v));
      return leaf.int ? Math.round(c) : c;
    });
  }
  return out;
}

/** What identifies a graph: the expression and its values, flat ("mse-line:2,1,3,10"). */
export function valuesKey(expr: ExprId, values: Values): string {
  return `${expr}:${flatten(SPECS[expr], values).join(",")}`;
}

/** All values as one flat list in leaf order (for the URL), and back. */
export function flatten(spec: ExprSpec, values: Values): number[] {
  return spec.leaves.flatMap((l) => values[l.name]);
}
export function unflatten(spec: ExprSpec, flat: number[]): Values | null {
  const out: Values = {};
  let i = 0;
  for (const leaf of spec.leaves) {
    const size = leaf.shape.reduce((k, d) => k * d, 1);
    out[leaf.name] = flat.slice(i, i + size);
    i += size;
  }
  return i === flat.length ? out : null;
}

// ------------------------------------------------------------------ recording a graph

export type NodeKind = "param" | "data" | "const" | "op";

export interface GraphNode {
  /** Index in topological order (parents before children; the loss is last). */
  id: number;
  op: string | null;
  kind: NodeKind;
  text: string;
  tex: string;
  shape: number[];
  value: number[];
  /** ∂L/∂node as the engine's backward() left it; null where no gradient flows. */
  grad: number[] | null;
  parents: number[];
  meta: OpMeta;
}

export interface RecordedGraph {
  expr: ExprId;
  view: View;
  nodes: GraphNode[];
  loss: number;
  /** The node ids in the order backward() visits them: reverse topological, grads only. */
  steps: number[];
  /** Each parameter element's ∂L/∂θ, keyed like "a" or "W1[0,1]". */
  leafGrads: Record<string, number>;
}

/** "W1[0,1]": the key of one element of a leaf (just the name for a one-element leaf). */
export function elementKey(leaf: LeafSpec, flat: number): string {
  const size = leaf.shape.reduce((k, d) => k * d, 1);
  if (size === 1) return leaf.name;
  const idx: number[] = [];
  let rest = flat;
  for (let d = leaf.shape.length - 1; d >= 0; d--) {
    idx.unshift(rest % leaf.shape[d]);
    rest = Math.floor(rest / leaf.shape[d]);
  }
  // Drop axes of size 1 ("x[1]" for a column vector, not "x[1,0]").
  const shown = idx.filter((_, d) => leaf.shape[d] !== 1);
  return `${leaf.name}[${shown.join(",")}]`;
}

/** Plain-text and TeX names of one element (x₁, W¹₁₂). */
export function elementNames(leaf: LeafSpec, flat: number): { text: string; tex: string } {
  const key = elementKey(leaf, flat);
  const m = /\[([\d,]+)\]$/.exec(key);
  if (!m) return { text: leaf.text, tex: leaf.tex };
  const idx = m[1].split(",").map(Number);
  return { text: sub(leaf.text, ...idx), tex: texSub(leaf.tex, ...idx) };
}

/** Leaf tensors for one view: whole tensors, or one shape-[] tensor per element. */
export function makeLeaves(E: Engine, spec: ExprSpec, values: Values, view: View, rec: Rec) {
  const tensors: Tensor[] = [];
  const whole: Record<string, Tensor> = {};
  const scalars: Record<string, Tensor[]> = {};
  for (const leaf of spec.leaves) {
    const opts = {
      requiresGrad: leaf.role === "param",
      dtype: leaf.int ? "int32" as const : "float32" as const,
    };
    const vals = values[leaf.name];
    if (view === "tensor") {
      const t = rec(E.tensor(vals, leaf.shape, opts), leaf.text, leaf.tex);
      whole[leaf.name] = t;
      tensors.push(t);
    } else {
      scalars[leaf.name] = vals.map((v, i) => {
        const n = elementNames(leaf, i);
        const t = rec(E.tensor(v, [], opts), n.text, n.tex);
        tensors.push(t);
        return t;
      });
    }
  }
  return { tensors, whole, scalars };
}

/** Runs the forward of one view (recording, or inside noGrad) and returns the loss. */
function forward(
  E: Engine,
  spec: ExprSpec,
  values: Values,
  view: View,
  rec: Rec,
): { loss: Tensor; leaves: Tensor[] } {
  const { tensors, whole, scalars } = makeLeaves(E, spec, values, view, rec);
  const loss = view === "tensor"
    ? spec.tensor(E, whole, rec)
    : spec.scalar(E, scalars, rec, values);
  return { loss, leaves: tensors };
}

/**
 * Runs the expression on the engine, calls `backward({ keepGraph: true })`, reads back every
 * node (asynchronously: a WebGPU backend reads synchronously only at great cost), then frees
 * every tfjs tensor it made.
 */
export async function record(
  E: Engine,
  exprId: ExprId,
  given: Values,
  view: View,
): Promise<RecordedGraph> {
  const spec = SPECS[exprId];
  const values = cleanValues(spec, given);
  const names = new Map<Tensor, { text: string; tex: string; meta: OpMeta }>();
  const rec: Rec = (t, text, tex, meta = {}) => {
    t.label = text;
    names.set(t, { text, tex, meta });
    return t;
  };
  const { loss, leaves } = forward(E, spec, values, view, rec);
  try {
    // checkFinite would read the loss synchronously: on WebGPU (headless Chromium, SwiftShader)
    // one synchronous read leaves every later asynchronous read hanging. The loss is read below.
    loss.backward({ keepGraph: true, checkFinite: false });
    const order = E.graphOf(loss);
    const index = new Map(order.map((t, i) => [t, i]));
    const reads = await Promise.all(
      order.map((t) =>
        Promise.all([t.data.data(), t.grad ? t.grad.data.data() : Promise.resolve(null)])
      ),
    );
    const leafSet = new Set(leaves);
    const nodes: GraphNode[] = order.map((t, id) => {
      const name = names.get(t);
      const [value, grad] = reads[id];
      const kind: NodeKind = !t.isLeaf
        ? "op"
        : leafSet.has(t)
        ? (t.requiresGrad ? "param" : "data")
        : "const";
      const v = Array.from(value as ArrayLike<number>);
      const constText = kind === "const" ? fmtPlain(v[0]) : "";
      return {
        id,
        op: t.op,
        kind,
        text: name?.text ?? constText,
        tex: name?.tex ?? constText,
        shape: [...t.shape],
        value: v,
        grad: grad === null ? null : Array.from(grad as ArrayLike<number>),
        parents: t.parents.map((p) => index.get(p)!),
        meta: name?.meta ?? {},
      };
    });
    const steps = nodes.filter((n) => n.grad !== null).map((n) => n.id).reverse();
    const leafGrads: Record<string, number> = {};
    if (view === "tensor") {
      for (const leaf of spec.leaves) {
        if (leaf.role !== "param") continue;
        const node = nodes.find((n) => n.kind === "param" && n.text === leaf.text)!;
        node.grad!.forEach((g, i) => (leafGrads[elementKey(leaf, i)] = g));
      }
    } else {
      for (const leaf of spec.leaves) {
        if (leaf.role !== "param") continue;
        values[leaf.name].forEach((_, i) => {
          const text = elementNames(leaf, i).text;
          const node = nodes.find((n) => n.kind === "param" && n.text === text);
          // An element the loss does not use has no node's grad: its gradient is 0.
          leafGrads[elementKey(leaf, i)] = node?.grad?.[0] ?? 0;
        });
      }
    }
    return { expr: exprId, view, nodes, loss: nodes[nodes.length - 1].value[0], steps, leafGrads };
  } finally {
    loss.dispose();
    for (const t of leaves) t.dispose();
  }
}

/** A number for a node box: up to 4 significant digits, real minus sign. */
export function fmtPlain(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  const s = a >= 1e4 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  return s.replace(/-/g, "−");
}

// ------------------------------------------------------------------ finite differences

export interface FdCheck {
  key: string;
  text: string;
  tex: string;
  /** Central difference (L(θ+h) − L(θ−h)) / 2h, from two engine forwards in noGrad. */
  numeric: number;
}

/**
 * For every parameter element θ: (L(θ + h) − L(θ − h)) / 2h, with L the tensor view's forward
 * run inside noGrad. All the forwards are built first and read back together.
 */
export async function finiteDifferences(
  E: Engine,
  exprId: ExprId,
  given: Values,
  h = 1e-3,
): Promise<FdCheck[]> {
  const spec = SPECS[exprId];
  const values = cleanValues(spec, given);
  const noRec: Rec = (t) => t;
  const checks: Omit<FdCheck, "numeric">[] = [];
  const nudged: Values[] = [];
  for (const leaf of spec.leaves) {
    if (leaf.role !== "param") continue;
    values[leaf.name].forEach((v, i) => {
      checks.push({ key: elementKey(leaf, i), ...elementNames(leaf, i) });
      for (const sign of [1, -1]) {
        const copy = { ...values, [leaf.name]: [...values[leaf.name]] };
        copy[leaf.name][i] = v + sign * h;
        nudged.push(copy);
      }
    });
  }
  const losses = E.noGrad(() => nudged.map((vals) => forward(E, spec, vals, "tensor", noRec).loss));
  try {
    const read = await Promise.all(losses.map((l) => l.data.data()));
    return checks.map((c, i) => ({
      ...c,
      numeric: (read[2 * i][0] - read[2 * i + 1][0]) / (2 * h),
    }));
  } finally {
    for (const l of losses) l.dispose();
  }
}

/** The loss at these values (tensor view, noGrad). */
export async function lossAt(E: Engine, exprId: ExprId, given: Values): Promise<number> {
  const spec = SPECS[exprId];
  const loss = E.noGrad(() => forward(E, spec, cleanValues(spec, given), "tensor", (t) => t).loss);
  try {
    return (await loss.data.data())[0];
  } finally {
    loss.dispose();
  }
}
