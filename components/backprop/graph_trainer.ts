/**
 * Lesson 5's GraphStepper as a trainer (it runs in the runtime's worker). It holds one
 * expression's leaves as engine tensors (tensor view) and trains its parameters with SGD; and it
 * answers `call("set", { values })`: put these values in the leaves, then record the engine's
 * graph of both views (`record`: every node's op, shape, value and grad, plain data) and the
 * finite differences, for the island to lay out and draw.
 *
 * A snapshot holds the parameters' values now, the loss there, and the losses of every
 * READ_EVERY-th step since the last snapshot (read together, so a step never waits for a read).
 */
import type { nn as NN, optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import {
  cleanValues,
  type ExprId,
  type ExprSpec,
  type FdCheck,
  finiteDifferences,
  isExprId,
  makeLeaves,
  record,
  type RecordedGraph,
  SPECS,
  type Values,
  valuesKey,
} from "./expressions.ts";

export interface GraphTrainerProps {
  expr: ExprId;
}

export interface GraphSnapshot {
  /** `valuesKey` of `values`. */
  key: string;
  /** Every leaf's values, the parameters as trained so far. */
  values: Values;
  /** The loss at `values`. */
  loss: number;
  /** Steps taken by this trainer (not reset by `set`). */
  count: number;
  /** Loss of every READ_EVERY-th step since the last snapshot: [step numbers, losses]. */
  points: [number[], number[]];
}

/** What `call("set", { values })` answers. */
export interface GraphRecord {
  key: string;
  /** The trainer's step count when the values were set. */
  count: number;
  tensor: RecordedGraph;
  scalar: RecordedGraph;
  fd: FdCheck[];
  /** tfjs tensors alive after the recording (it frees all of its own). */
  tensors: number;
}

/** Keep the loss of every this many steps for the curve. */
const READ_EVERY = 10;

class GraphTrainer implements Trainer<GraphSnapshot> {
  model: NN.Module;
  optimizer: Optim.Optimizer;
  private readonly spec: ExprSpec;
  private values: Values;
  private readonly leaves: Record<string, Tensor>;
  private readonly all: Tensor[];
  private readonly params: string[];
  private count = 0;
  /** Loss tensors of every READ_EVERY-th step, read by the next snapshot. */
  private pending: [number, Tensor][] = [];

  constructor(private readonly engine: Engine, p: GraphTrainerProps) {
    if (!isExprId(p.expr)) throw new Error(`GraphStepper: no expression named "${p.expr}"`);
    this.spec = SPECS[p.expr];
    this.values = cleanValues(this.spec);
    const { whole, tensors } = makeLeaves(engine, this.spec, this.values, "tensor", (t) => t);
    this.leaves = whole;
    this.all = tensors;
    this.params = this.spec.leaves.filter((l) => l.role === "param").map((l) => l.name);
    const params = this.params.map((name) => whole[name]);
    // The parameters as a module's fields: the runtime checkpoints and times it.
    const fields = Object.fromEntries(this.params.map((name) => [name, whole[name]]));
    this.model = Object.assign(
      new (class extends engine.nn.Module {
        forward(x: Tensor): Tensor {
          return x;
        }
      })(),
      fields,
    );
    this.optimizer = new engine.optim.SGD(params, { lr: 0.01 });
  }

  private get expr(): ExprId {
    return this.spec.id;
  }

  /** Writes `values` into the leaves (the parameters keep their identity: the optimizer's). */
  private write(values: Values, names = this.spec.leaves.map((l) => l.name)): void {
    for (const leaf of this.spec.leaves) {
      if (!names.includes(leaf.name)) continue;
      const dtype = leaf.int ? "int32" as const : "float32" as const;
      this.leaves[leaf.name].data =
        this.engine.tensor(values[leaf.name], leaf.shape, { dtype }).data;
    }
  }

  /** After a backend switch the parameters come from the checkpoint; the data is written again. */
  rebuild(): void {
    this.write(this.values, this.spec.leaves.filter((l) => l.role === "data").map((l) => l.name));
  }

  step(): void {
    this.optimizer.zeroGrad();
    const loss = this.spec.tensor(this.engine, this.leaves, (t) => t);
    loss.backward({ checkFinite: false }); // the snapshot checks the losses, reading them at once
    this.optimizer.step();
    this.count++;
    if (this.count % READ_EVERY === 0) this.pending.push([this.count, loss]);
    else loss.dispose();
  }

  update(patch: Record<string, unknown>): void {
    const lr = patch.lr;
    if (typeof lr === "number" && Number.isFinite(lr) && lr > 0) this.optimizer.lr = lr;
  }

  private dropPending(): void {
    for (const [, t] of this.pending) t.dispose();
    this.pending = [];
  }

  async snapshot(): Promise<GraphSnapshot> {
    const { engine, spec } = this;
    const pending = this.pending;
    this.pending = [];
    const lossT = engine.noGrad(() => spec.tensor(engine, this.leaves, (t) => t));
    let reads: number[][];
    try {
      reads = await Promise.all(
        [
          ...this.params.map((name) => this.leaves[name]),
          lossT,
          ...pending.map(([, t]) => t),
        ].map(async (t) => Array.from(await t.values())),
      );
    } finally {
      lossT.dispose();
      for (const [, t] of pending) t.dispose();
    }
    const values = { ...this.values };
    this.params.forEach((name, i) => values[name] = reads[i]);
    const loss = reads[this.params.length][0];
    const losses = reads.slice(this.params.length + 1).map((r) => r[0]);
    const bad = [loss, ...losses, ...this.params.flatMap((n) => values[n])]
      .find((v) => !Number.isFinite(v));
    if (bad !== undefined) throw new engine.NonFiniteLossError(bad, "training");
    this.values = values;
    return {
      key: valuesKey(this.expr, values),
      values,
      loss,
      count: this.count,
      points: [pending.map(([k]) => k), losses],
    };
  }

  /** The questions GraphStepper asks (`call(name, args)` on `useTrainer`). */
  readonly methods = {
    set: (args: { values: Partial<Values> }) => this.set(args),
  };

  /** `set`: new values for every leaf, then both graphs and the finite differences there. */
  private async set(args: { values: Partial<Values> }): Promise<GraphRecord> {
    const given = (args as { values?: Partial<Values> } | undefined)?.values;
    if (!given || typeof given !== "object") throw new Error(`"set" needs { values }`);
    const values = cleanValues(this.spec, given);
    this.values = values;
    this.write(values);
    this.optimizer.zeroGrad();
    this.dropPending();
    const E = this.engine;
    const [tensor, scalar, fd] = await Promise.all([
      record(E, this.expr, values, "tensor"),
      record(E, this.expr, values, "scalar"),
      finiteDifferences(E, this.expr, values),
    ]);
    return {
      key: valuesKey(this.expr, values),
      count: this.count,
      tensor,
      scalar,
      fd,
      tensors: E.numTensors(),
    };
  }

  dispose(): void {
    this.optimizer.zeroGrad();
    this.optimizer.dispose();
    this.dropPending();
    for (const t of this.all) t.dispose();
  }
}

const graph: TrainerModule<GraphTrainerProps, GraphSnapshot, GraphTrainer["methods"]> = {
  create: (engine, props) => new GraphTrainer(engine, props),
  shape: (p) => p.expr,
};
export const { create, shape } = graph;
