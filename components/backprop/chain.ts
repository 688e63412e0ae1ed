/**
 * The chain rule at one node, written out for the stepper: ∂L/∂v = Σ over the nodes c that use
 * v of ∂L/∂c · ∂c/∂v. The engine's backward() does exactly this sum (it pushes each term into v's
 * grad as it visits c); here each term is recomputed in plain JavaScript from the recorded values,
 * so the page can show the local derivative and the product, and check that the terms add up to
 * the grad the engine found.
 */
import type { GraphNode } from "./expressions.ts";

export interface ChainTerm {
  /** The node c that uses v, and which of c's inputs v is. */
  consumer: number;
  input: number;
  /** ∂c/∂v written as a formula (TeX), scalar or as the vector-Jacobian rule of a tensor op. */
  localTex: string;
  /** ∂c/∂v as a number: scalar graphs, and element-wise tensor ops of matching shapes. */
  local: number | null;
  /** The term ∂L/∂c · ∂c/∂v, with v's shape. */
  term: number[];
}

export interface ChainAtNode {
  node: number;
  terms: ChainTerm[];
  /** Σ of the terms (the loss node: its seed, 1). */
  total: number[];
  /** Largest |total − engine grad|. */
  mismatch: number;
}

const strides = (shape: number[]) => {
  const s = new Array(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
};

/** For each flat index of `outShape`, the flat index of the element of `inShape` it broadcast from. */
export function broadcastIndex(outShape: number[], inShape: number[]): number[] {
  const n = outShape.reduce((k, d) => k * d, 1);
  const lead = outShape.length - inShape.length;
  const os = strides(outShape), is = strides(inShape);
  const map = new Array<number>(n);
  for (let f = 0; f < n; f++) {
    let rest = f, j = 0;
    for (let d = 0; d < outShape.length; d++) {
      const i = Math.floor(rest / os[d]);
      rest -= i * os[d];
      const di = d - lead;
      if (di >= 0 && inShape[di] !== 1) j += i * is[di];
    }
    map[f] = j;
  }
  return map;
}

/** For each flat index of the input of a reduction, the flat index of the output it went to. */
function reductionIndex(inShape: number[], axes: number[], outShape: number[]): number[] {
  const kept = inShape.map((d, i) => (axes.includes(i) ? 1 : d));
  // The output, reshaped with the reduced axes kept as 1, broadcasts back over the input.
  void outShape;
  return broadcastIndex(inShape, kept);
}

const size = (shape: number[]) => shape.reduce((k, d) => k * d, 1);

/** v's share of consumer c's gradient: the local vector-Jacobian product of c's op. */
function term(c: GraphNode, k: number, nodes: GraphNode[]): Omit<ChainTerm, "consumer" | "input"> {
  const G = c.grad!;
  const ins = c.parents.map((p) => nodes[p]);
  const v = ins[k];
  const out = new Array<number>(size(v.shape)).fill(0);
  const scalar = size(c.shape) === 1 && size(v.shape) === 1;
  const other = ins[1 - k];
  const elementwise = (local: (o: number) => number, tex: string): ReturnType<typeof term> => {
    const map = broadcastIndex(c.shape, v.shape);
    let first = NaN, uniform = true;
    G.forEach((g, o) => {
      const l = local(o);
      out[map[o]] += g * l;
      if (o === 0) first = l;
      else if (l !== first) uniform = false;
    });
    // One number for ∂c/∂v when it is the same for every element and no broadcast summed it.
    const one = scalar || (uniform && size(c.shape) === size(v.shape));
    return { localTex: tex, local: one ? first : null, term: out };
  };
  const A = (o: number) => ins[0].value[broadcastIndex(c.shape, ins[0].shape)[o]];
  const B = (o: number) => ins[1].value[broadcastIndex(c.shape, ins[1].shape)[o]];
  const C = (o: number) => c.value[o];
  const t = (n: GraphNode) => n.tex;
  switch (c.op) {
    case "add":
      return elementwise(() => 1, "1");
    case "sub":
      return elementwise(() => (k === 0 ? 1 : -1), k === 0 ? "1" : "-1");
    case "mul":
      return elementwise((o) => (k === 0 ? B(o) : A(o)), t(other));
    case "div":
      return k === 0
        ? elementwise((o) => 1 / B(o), String.raw`\frac{1}{${t(other)}}`)
        : elementwise((o) => -A(o) / (B(o) * B(o)), String.raw`-\frac{${t(other)}}{${t(v)}^2}`);
    case "pow": {
      const p = c.meta.p ?? 2;
      return elementwise(
        (o) => p * Math.pow(A(o), p - 1),
        p === 2 ? `2${t(v)}` : `${p}${t(v)}^{${p - 1}}`,
      );
    }
    case "exp":
      return elementwise(C, String.raw`e^{${t(v)}} = ${t(c)}`);
    case "log":
      return elementwise((o) => 1 / A(o), String.raw`\frac{1}{${t(v)}}`);
    case "neg":
      return elementwise(() => -1, "-1");
    case "tanh":
      return elementwise((o) => 1 - C(o) * C(o), `1 - ${t(c)}^2`);
    case "sigmoid":
      return elementwise((o) => C(o) * (1 - C(o)), `${t(c)}(1 - ${t(c)})`);
    case "relu":
      return elementwise((o) => (A(o) > 0 ? 1 : 0), String.raw`[${t(v)} > 0]`);
    case "sum":
    case "mean": {
      const axes = c.meta.axes ?? v.shape.map((_, i) => i);
      const n = axes.reduce((m, ax) => m * v.shape[ax], 1);
      const scale = c.op === "mean" ? 1 / n : 1;
      const map = reductionIndex(v.shape, axes, c.shape);
      map.forEach((o, i) => (out[i] = G[o] * scale));
      return {
        localTex: c.op === "mean" ? String.raw`\tfrac{1}{${n}}` : "1",
        local: scale,
        term: out,
      };
    }
    case "matmul": {
      // c = A·B with A [m, q], B [q, n]: ∂L/∂A = G Bᵀ, ∂L/∂B = Aᵀ G.
      const [m, q] = ins[0].shape, n = ins[1].shape[1];
      const a = ins[0].value, b = ins[1].value;
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          const g = G[i * n + j];
          for (let r = 0; r < q; r++) {
            if (k === 0) out[i * q + r] += g * b[r * n + j];
            else out[r * n + j] += g * a[i * q + r];
          }
        }
      }
      const local = scalar ? (k === 0 ? b[0] : a[0]) : null;
      return {
        localTex: k === 0
          ? String.raw`(\,\cdot\,)\,${t(other)}^\top`
          : String.raw`${t(other)}^\top(\,\cdot\,)`,
        local,
        term: out,
      };
    }
    case "gather": {
      // c[i] = v[i, yᵢ]: the gradient goes to the picked element only.
      const cols = v.shape[1];
      other.value.forEach((y, i) => (out[i * cols + y] += G[i]));
      return { localTex: String.raw`[\,j = y\,]`, local: null, term: out };
    }
    default:
      return { localTex: "?", local: null, term: out.fill(NaN) };
  }
}

/** The chain rule at `id`: one term per use of the node, their sum, and the engine's grad. */
export function chainAt(nodes: GraphNode[], id: number): ChainAtNode {
  const v = nodes[id];
  const last = nodes.length - 1;
  const terms: ChainTerm[] = [];
  for (const c of nodes) {
    if (c.grad === null) continue;
    c.parents.forEach((p, k) => {
      if (p === id) terms.push({ consumer: c.id, input: k, ...term(c, k, nodes) });
    });
  }
  const total = id === last
    ? v.value.map(() => 1)
    : v.value.map((_, i) => terms.reduce((s, tm) => s + tm.term[i], 0));
  const engine = v.grad ?? total.map(() => 0);
  const mismatch = Math.max(0, ...total.map((x, i) => Math.abs(x - engine[i])));
  return { node: id, terms, total, mismatch };
}

/** The node's forward rule as TeX: "u = x \cdot a". */
export function forwardTex(nodes: GraphNode[], id: number): string {
  const c = nodes[id];
  const [a, b] = c.parents.map((p) => nodes[p].tex);
  const rhs = (() => {
    switch (c.op) {
      case null:
        return "";
      case "add":
        return `${a} + ${b}`;
      case "sub":
        return `${a} - ${b}`;
      case "mul":
        return String.raw`${a} \cdot ${b}`;
      case "div":
        return String.raw`\frac{${a}}{${b}}`;
      case "pow":
        return `${wrap(a)}^{${c.meta.p ?? 2}}`;
      case "exp":
        return `e^{${a}}`;
      case "log":
        return String.raw`\log ${wrap(a)}`;
      case "neg":
        return `-${wrap(a)}`;
      case "tanh":
        return String.raw`\tanh ${wrap(a)}`;
      case "sigmoid":
        return String.raw`\sigma(${a})`;
      case "relu":
        return String.raw`\max(0, ${a})`;
      case "sum":
        return String.raw`\textstyle\sum ${wrap(a)}`;
      case "mean":
        return String.raw`\operatorname{mean} ${wrap(a)}`;
      case "matmul":
        return `${wrap(a)}\\,${wrap(b)}`;
      case "gather":
        return `${wrap(a)}_{[${b}]}`;
      default:
        return `\\operatorname{${c.op}}(${a})`;
    }
  })();
  return rhs ? `${c.tex} = ${rhs}` : c.tex;
}

/** Parenthesize a TeX name that is more than one symbol. */
function wrap(tex: string): string {
  return /^(\\hat \w|\\ell|[A-Za-z](_\{\d+\}|\^\{\d+\})?|\{.*\}_\{\d+\})$/.test(tex)
    ? tex
    : `(${tex})`;
}
