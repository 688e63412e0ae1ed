/**
 * The Tensor and reverse-mode autodiff: the heart of the engine.
 *
 * A Tensor wraps a tfjs tensor (its value) and remembers the op and the parents that made it.
 * Each op (in `ops/`) computes its value and hands over a `backward` function: given ∂L/∂out, it
 * returns ∂L/∂parent for every parent (the chain rule, one op at a time). `loss.backward()` then
 *   1. sorts the graph so that every node comes after the nodes it was made from, and
 *   2. walks it from the loss back to the leaves, calling each node's `backward` and adding
 *      (never overwriting) what reaches each parent: a value used twice gets both contributions.
 * Finally it frees the graph: the values kept for the backward pass are disposed.
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape, NonFiniteLossError } from "./errors.ts";
import { checkMemoryBudget } from "./memory.ts";
import * as ew from "./ops/elementwise.ts";
import * as red from "./ops/reduce.ts";
import * as shp from "./ops/shape.ts";
import * as mm from "./ops/matmul.ts";
import * as sel from "./ops/select.ts";

/** Given ∂L/∂out, return ∂L/∂parent for each parent, in order (null: no gradient flows there). */
export type BackwardFn = (grad: tf.Tensor) => (tf.Tensor | null)[];

/** What a value can be given as: a Tensor, or a plain number that becomes a constant. */
export type TensorLike = Tensor | number;

let gradEnabled = true;

/** Whether ops record the graph right now (false inside `noGrad`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

export class Tensor {
  /** Name of the op that made this tensor ("matmul", "add", ...), or null for a leaf. */
  op: string | null = null;
  /** The tensors this one was computed from (empty for a leaf, or once the graph is freed). */
  parents: Tensor[] = [];
  /** Optional name shown when a page draws the graph ("W1", "loss"). */
  label?: string;
  /** ∂L/∂this after `backward()`: kept on leaves that require grad, on every node with keepGraph. */
  grad: Tensor | null = null;
  /** Whether gradients flow back to this tensor. */
  requiresGrad: boolean;

  #data: tf.Tensor;
  #backward: BackwardFn | null = null;
  /** Extra tfjs tensors an op keeps for its backward pass (a mask, say); freed with the graph. */
  #saved: tf.Tensor[] = [];
  /** Set when backward freed this node's value or its graph, or dispose() its value. */
  #freed: "value" | "graph" | "disposed" | null = null;
  /** A constant made inside a composed op: freed with the graph like an interior node. */
  #ownedByGraph = false;

  constructor(data: tf.Tensor, opts: { requiresGrad?: boolean; label?: string } = {}) {
    checkMemoryBudget(data);
    this.#data = data;
    this.requiresGrad = opts.requiresGrad ?? false;
    if (opts.requiresGrad && data.dtype !== "float32") {
      throw new EngineError(`only float32 tensors can require grad (this one is ${data.dtype})`);
    }
    this.label = opts.label;
  }

  /** The tfjs tensor holding the value. */
  get data(): tf.Tensor {
    if (this.#freed === "disposed") throw new EngineError(this.#disposedMessage());
    if (this.#freed === "value") {
      throw new EngineError(
        `this ${this.op ?? "tensor"} ${this.describe()} was freed: backward() frees the graph's ` +
          `intermediate values. Read them before backward(), or call backward({ keepGraph: true }).`,
      );
    }
    return this.#data;
  }

  /** Swap in a new value (the optimizer does this); the old one is disposed. */
  set data(value: tf.Tensor) {
    if (value !== this.#data) {
      try {
        this.#data.dispose();
      } catch { /* its backend died (a lost WebGL context): nothing left to free */ }
    }
    this.#data = value;
    this.#freed = null;
  }

  #disposedMessage(op?: string): string {
    return `${op ? `${op}: an input, ` : ""}this ${this.op ?? "tensor"} ${this.describe()}, was ` +
      `disposed: dispose() frees a tensor's value for good, so it cannot be used after it.`;
  }

  /** Called by ops on their inputs: one that was disposed is an EngineError naming the op. */
  static checkInputs(op: string, ...inputs: Tensor[]): void {
    for (const t of inputs) {
      if (t.#freed === "disposed") throw new EngineError(t.#disposedMessage(op));
    }
  }

  get shape(): number[] {
    return this.#data.shape;
  }
  get dtype(): tf.DataType {
    return this.#data.dtype;
  }
  get size(): number {
    return this.#data.size;
  }
  get rank(): number {
    return this.#data.rank;
  }
  /** A leaf was made by the user (data, a parameter), not by an op. */
  get isLeaf(): boolean {
    return this.op === null;
  }
  /** Whether the value is still there (false once backward or dispose freed it). */
  get isAlive(): boolean {
    return this.#freed !== "value" && this.#freed !== "disposed" && !this.#data.isDisposed;
  }

  describe(): string {
    return `${this.label ? `"${this.label}" ` : ""}of shape ${fmtShape(this.shape)}`;
  }

  /**
   * Called by ops: make a node of the graph. Outside `noGrad` the op and parents are kept, so the
   * node is freed with the graph. `backward` null: the op has no gradient (a comparison, argmax).
   */
  static fromOp(
    op: string,
    data: tf.Tensor,
    parents: Tensor[],
    backward: BackwardFn | null,
    saved: tf.Tensor[] = [],
  ): Tensor {
    if (!gradEnabled) {
      for (const s of saved) s.dispose();
      return new Tensor(data);
    }
    let out: Tensor;
    try {
      out = new Tensor(data);
    } catch (error) {
      for (const s of saved) s.dispose();
      throw error;
    }
    out.op = op;
    out.parents = parents;
    if (backward !== null && parents.some((p) => p.requiresGrad)) {
      out.requiresGrad = true;
      out.#backward = backward;
      out.#saved = saved;
    } else {
      for (const s of saved) s.dispose();
    }
    return out;
  }

  /** Called by composed ops: a constant that is freed together with the graph that uses it. */
  static constant(data: tf.Tensor): Tensor {
    const t = new Tensor(data);
    t.#ownedByGraph = gradEnabled;
    return t;
  }

  // ---------------------------------------------------------------- backward

  /**
   * Fill `.grad` of every leaf that requires grad with ∂this/∂leaf (added to what is there).
   * `grad`: ∂L/∂this when this is not a scalar. `keepGraph`: keep the graph and the grad of every
   * node (so a page can draw them, or call backward again). `checkFinite`: throw on a NaN loss.
   */
  backward(opts: { grad?: Tensor; keepGraph?: boolean; checkFinite?: boolean } = {}): void {
    Tensor.checkInputs("backward()", this);
    if (this.#freed === "graph" || this.#freed === "value") {
      throw new EngineError(
        `backward() through a graph that was already freed: the first backward() frees it. ` +
          `Pass { keepGraph: true } to the first call if you need to go through it again.`,
      );
    }
    if (!this.requiresGrad) {
      throw new EngineError(
        `backward() on a tensor ${this.describe()} that does not require grad: nothing it was ` +
          `computed from has requiresGrad set (was it made inside noGrad, or from detached data?)`,
      );
    }
    let seed: tf.Tensor;
    if (opts.grad) {
      if (!sameShape(opts.grad.shape, this.shape)) {
        throw new EngineError(
          `backward(): grad of shape ${fmtShape(opts.grad.shape)} does not match the tensor's ` +
            `shape ${fmtShape(this.shape)}`,
        );
      }
      seed = tf.clone(opts.grad.data);
    } else {
      if (this.size !== 1) {
        throw new EngineError(
          `backward() on a tensor ${this.describe()}, which is not a scalar: reduce it first ` +
            `(.sum() or .mean()), or pass the gradient: backward({ grad })`,
        );
      }
      if (opts.checkFinite ?? true) assertFinite(this);
      seed = tf.onesLike(this.#data);
    }
    const keep = opts.keepGraph ?? false;

    // 1. Topological order: every node after its parents.
    const order = graphOf(this);

    // 2. Chain rule, from the output back: ∂L/∂parent += backward(∂L/∂node)[i].
    const grads = new Map<Tensor, tf.Tensor>([[this, seed]]);
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i];
      const g = grads.get(node);
      if (g === undefined) continue;
      grads.delete(node);
      if (node.#backward === null) {
        if (node.requiresGrad && node.isLeaf) accumulate(node, g);
        else g.dispose();
        continue;
      }
      const fn = node.#backward;
      const parentGrads = tf.tidy(() => fn(g) as tf.Tensor[]) as (tf.Tensor | null)[];
      const seen = new Set<tf.Tensor>();
      node.parents.forEach((parent, k) => {
        let pg = parentGrads[k];
        if (!pg) return;
        if (!parent.requiresGrad) {
          if (pg !== g) pg.dispose();
          return;
        }
        if (pg === g || seen.has(pg)) pg = tf.clone(pg); // each grad is owned once
        seen.add(pg);
        if (!sameShape(pg.shape, parent.shape)) {
          throw new EngineError(
            `${node.op}: backward gave a gradient of shape ${fmtShape(pg.shape)} for an input ` +
              `of shape ${fmtShape(parent.shape)} (a bug in the op's backward)`,
          );
        }
        const prev = grads.get(parent);
        if (prev === undefined) grads.set(parent, pg);
        else {
          grads.set(parent, tf.add(prev, pg));
          prev.dispose();
          pg.dispose();
        }
      });
      if (keep) accumulate(node, g);
      else g.dispose();
    }
    for (const g of grads.values()) g.dispose();

    // 3. Free the graph: dispose every intermediate value and forget the links.
    if (!keep) Tensor.#freeGraph(this);
  }

  /** Free this tensor's value, its grad and the graph behind it (intermediates, not leaves). */
  dispose(): void {
    Tensor.#freeGraph(this);
    this.#data.dispose();
    this.#freed = "disposed";
    this.grad?.dispose();
    this.grad = null;
  }

  /** Free only the graph behind this tensor, keeping its own value. */
  freeGraph(): void {
    Tensor.#freeGraph(this);
  }

  /** Free every intermediate value behind `root` (not leaves: data and parameters are the user's). */
  static #freeGraph(root: Tensor): void {
    for (const node of graphOf(root)) {
      const keepValue = node === root;
      if (!keepValue && node.isLeaf && !node.#ownedByGraph) continue;
      for (const s of node.#saved) s.dispose();
      node.#saved = [];
      node.#backward = null;
      node.parents = [];
      if (keepValue) {
        node.#freed = "graph";
      } else {
        node.#data.dispose();
        node.grad?.dispose();
        node.grad = null;
        node.#freed = "value";
      }
    }
  }

  // ---------------------------------------------------------------- values

  /** The value of a one-element tensor, as a number (waits for the backend). */
  item(): number {
    if (this.size !== 1) {
      throw new EngineError(`item() needs a tensor with one element, not ${this.describe()}`);
    }
    return this.data.dataSync()[0];
  }

  /** The values as nested arrays (waits for the backend). */
  toArray(): unknown {
    return this.data.arraySync();
  }

  /** The values as a flat typed array (waits for the backend). */
  dataSync(): Float32Array | Int32Array | Uint8Array {
    return this.data.dataSync() as Float32Array | Int32Array | Uint8Array;
  }

  /**
   * The values as a flat typed array, without blocking: on a GPU backend the read waits for the
   * GPU asynchronously instead of stalling the page (WebGPU cannot read synchronously at all on
   * some devices). Use this, or `itemAsync()`, in pages.
   */
  async values(): Promise<Float32Array | Int32Array | Uint8Array> {
    return (await this.data.data()) as Float32Array | Int32Array | Uint8Array;
  }

  /** The value of a one-element tensor, without blocking (see `values()`). */
  async itemAsync(): Promise<number> {
    if (this.size !== 1) {
      throw new EngineError(`itemAsync() needs a tensor with one element, not ${this.describe()}`);
    }
    return (await this.values())[0];
  }

  /** A new leaf with the same value and no history: gradients stop here. */
  detach(): Tensor {
    return new Tensor(tf.clone(this.data));
  }

  toString(): string {
    return `Tensor(${this.op ?? "leaf"}, shape ${fmtShape(this.shape)})`;
  }

  // ---------------------------------------------------------------- ops as methods

  add(other: TensorLike): Tensor {
    return ew.add(this, other);
  }
  sub(other: TensorLike): Tensor {
    return ew.sub(this, other);
  }
  mul(other: TensorLike): Tensor {
    return ew.mul(this, other);
  }
  div(other: TensorLike): Tensor {
    return ew.div(this, other);
  }
  neg(): Tensor {
    return ew.neg(this);
  }
  pow(exponent: number): Tensor {
    return ew.pow(this, exponent);
  }
  exp(): Tensor {
    return ew.exp(this);
  }
  log(): Tensor {
    return ew.log(this);
  }
  abs(): Tensor {
    return ew.abs(this);
  }
  relu(): Tensor {
    return ew.relu(this);
  }
  sigmoid(): Tensor {
    return ew.sigmoid(this);
  }
  tanh(): Tensor {
    return ew.tanh(this);
  }
  matmul(other: Tensor): Tensor {
    return mm.matmul(this, other);
  }
  sum(axis?: number | number[], keepdims = false): Tensor {
    return red.sum(this, axis, keepdims);
  }
  mean(axis?: number | number[], keepdims = false): Tensor {
    return red.mean(this, axis, keepdims);
  }
  max(axis?: number | number[], keepdims = false): Tensor {
    return red.max(this, axis, keepdims);
  }
  argmax(axis = -1): Tensor {
    return red.argmax(this, axis);
  }
  reshape(shape: number[]): Tensor {
    return shp.reshape(this, shape);
  }
  /** Permute the axes (PyTorch's `permute`); without `perm`, reverse them (`.T`). */
  transpose(perm?: number[]): Tensor {
    return shp.transpose(this, perm);
  }
  flatten(startDim = 1): Tensor {
    return shp.flatten(this, startDim);
  }
  gt(other: TensorLike): Tensor {
    return sel.gt(this, other);
  }
  lt(other: TensorLike): Tensor {
    return sel.lt(this, other);
  }
  ge(other: TensorLike): Tensor {
    return sel.ge(this, other);
  }
  le(other: TensorLike): Tensor {
    return sel.le(this, other);
  }
  eq(other: TensorLike): Tensor {
    return sel.eq(this, other);
  }
  /** `x.gather(index)`: row i's element at column index[i] (scores of the true classes). */
  gather(index: Tensor): Tensor {
    return sel.gather(this, index);
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** node.grad += g (the grad tensor takes ownership of g). */
function accumulate(node: Tensor, g: tf.Tensor): void {
  tf.keep(g);
  if (node.grad === null) {
    node.grad = new Tensor(g);
  } else {
    const sum = tf.keep(tf.add(node.grad.data, g));
    g.dispose();
    node.grad.data = sum;
  }
}

/**
 * Every node of the graph that made `root`, parents before children (root last). Iterative
 * depth-first search, so a long chain of ops cannot overflow the stack.
 */
export function graphOf(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, next] = top;
    if (next < node.parents.length) {
      top[1]++;
      const p = node.parents[next];
      if (!visited.has(p)) {
        visited.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/**
 * Throw a `NonFiniteLossError` if `loss` is NaN or infinite (reads the value: waits for the
 * backend). `step` is put in the message when given.
 */
export function assertFinite(loss: Tensor, step?: number): void {
  checkFiniteValues(loss.data.dataSync(), step);
}

/**
 * `assertFinite` without blocking, for pages on a GPU backend: they call
 * `backward({ checkFinite: false })` and check the loss every few steps with this.
 */
export async function assertFiniteAsync(loss: Tensor, step?: number): Promise<void> {
  checkFiniteValues(await loss.data.data(), step);
}

/** Throws a `NonFiniteLossError` for the first NaN or infinite value. */
export function checkFiniteValues(values: ArrayLike<number>, step?: number): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new NonFiniteLossError(values[i], step === undefined ? "backward()" : `step ${step}`);
    }
  }
}

/**
 * Run `fn` without recording a graph (evaluation, optimizer updates), like `torch.no_grad()`.
 * Every tfjs tensor made inside is disposed except those of the Tensors `fn` returns (alone, in
 * an array or in a plain object), so `noGrad(() => model.forward(x))` leaks nothing. `fn` must be
 * synchronous.
 */
export function noGrad<T>(fn: () => T): T {
  const before = gradEnabled;
  gradEnabled = false;
  tf.engine().startScope();
  let result: T | undefined;
  try {
    result = fn();
  } finally {
    gradEnabled = before;
    tf.engine().endScope(result === undefined ? undefined : tfTensorsIn(result));
  }
  return result;
}

function tfTensorsIn(value: unknown, out: tf.Tensor[] = [], depth = 0): tf.Tensor[] {
  if (depth > 4 || value === null || typeof value !== "object") return out;
  if (value instanceof Tensor) {
    if (value.isAlive) out.push(value.data);
    if (value.grad?.isAlive) out.push(value.grad.data);
  } else if (value instanceof tf.Tensor) out.push(value);
  else if (Array.isArray(value)) { for (const v of value) tfTensorsIn(v, out, depth + 1); }
  else if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) tfTensorsIn(v, out, depth + 1);
  }
  return out;
}
