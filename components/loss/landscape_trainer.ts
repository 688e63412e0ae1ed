/**
 * LossLandscape as a trainer (it runs in the runtime's worker): plain gradient descent on the
 * line y = ax + b from a fixed start over the lesson's 30 clean points, with the chosen loss and
 * a learning rate that changes live. A snapshot holds the path taken so far (a, b and the loss at
 * every point) and, when a or b left the map far behind (|a| or |b| > 20) or the loss stopped
 * being a number, the step where training diverged; the step after that throws, so training
 * stops with the reason. `call("landscape")` answers L over the map's grid (one batched forward
 * pass of the engine, without a graph).
 */
import type { optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import {
  appendCapped,
  type LineModel,
  lineModel,
  lossAt,
  regressionLoss,
} from "./engine_losses.ts";
import { landscapeNodes, type LossKind, lossKind, makePoints, START } from "./math.ts";

export interface LandscapeProps {
  kind: LossKind;
}

export interface LandscapeSnapshot {
  /** The points of the path, the start first and the current point last. */
  a: number[];
  b: number[];
  /** L at each point of the path. */
  loss: number[];
  /** The step at which each point was reached (0: the start). */
  step: number[];
  /** The step where training diverged (null: it has not). */
  diverged: number | null;
}

/** |a| or |b| past this (3× beyond the map) is divergence, long before float32 overflows. */
export const BLOW_UP = 20;
/** Points on the map. */
export const LANDSCAPE_POINTS = 30;

class LandscapeTrainer implements Trainer<LandscapeSnapshot> {
  model: LineModel;
  optimizer: Optim.SGD;
  private readonly kind: LossKind;
  private readonly pts = makePoints(LANDSCAPE_POINTS, false);
  private X!: Tensor;
  private Y!: Tensor;
  private steps = 0;
  /** [a, b, loss] before each step since the last snapshot, read there all at once. */
  private pending: Tensor[][] = [];
  /** a, b, loss and step of every point so far (thinned past 2,000). */
  private readonly path: [number[], number[], number[], number[]] = [[], [], [], []];
  private diverged: { step: number; loss: number } | null = null;

  constructor(private readonly E: Engine, p: LandscapeProps) {
    this.kind = lossKind(p.kind);
    this.model = lineModel(E, START.a, START.b);
    this.optimizer = new E.optim.SGD(this.model.parameters(), { lr: 0.01 });
    this.rebuild();
  }

  rebuild(): void {
    for (const x of this.pending.flat()) x.dispose();
    this.pending = [];
    this.X = this.E.tensor(Float32Array.from(this.pts.xs), [this.pts.xs.length]);
    this.Y = this.E.tensor(Float32Array.from(this.pts.ys), [this.pts.ys.length]);
  }

  update(patch: Record<string, unknown>): void {
    if (typeof patch.lr === "number" && patch.lr > 0) this.optimizer.lr = patch.lr;
  }

  private lossNow(): Tensor {
    return regressionLoss(this.E, this.kind, this.model.forward(this.X), this.Y);
  }

  step(): void {
    const d = this.diverged;
    if (d) {
      if (!Number.isFinite(d.loss)) throw new this.E.NonFiniteLossError(d.loss, `step ${d.step}`);
      throw new this.E.EngineError(
        `step ${d.step}: a or b went past ±${BLOW_UP} (the map spans a ∈ [−2, 4], b ∈ [−3, 3]), ` +
          `so training has diverged. Lower the learning rate and train again.`,
      );
    }
    this.optimizer.zeroGrad();
    const { a, b } = this.model;
    const before = [a.detach(), b.detach()];
    const loss = this.lossNow();
    // Checked in the snapshot, with the path read back, not here (a read waits).
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    this.pending.push([...before, loss]);
    this.steps++;
  }

  async snapshot(): Promise<LandscapeSnapshot> {
    const pending = this.pending;
    this.pending = [];
    const tip = this.E.noGrad(() => this.lossNow());
    let values: number[];
    try {
      values = await Promise.all(
        [...pending.flat(), this.model.a, this.model.b, tip].map((x) => x.itemAsync()),
      );
    } finally {
      for (const x of [...pending.flat(), tip]) x.dispose();
    }
    const first = this.steps - pending.length;
    for (let i = 0; i < pending.length && !this.diverged; i++) {
      this.add(values.slice(3 * i, 3 * i + 3), first + i);
    }
    const [a, b, loss] = values.slice(-3);
    const out: LandscapeSnapshot = {
      a: [...this.path[0]],
      b: [...this.path[1]],
      loss: [...this.path[2]],
      step: [...this.path[3]],
      diverged: null,
    };
    if (!this.diverged) {
      // The current point ends the path shown, and is checked like the others.
      out.a.push(a);
      out.b.push(b);
      out.loss.push(loss);
      out.step.push(this.steps);
      if (this.blewUp(a, b, loss)) this.diverged = { step: this.steps, loss };
    }
    out.diverged = this.diverged?.step ?? null;
    return out;
  }

  /** One point of the path; the first that blew up is the last one kept. */
  private add([a, b, loss]: number[], step: number): void {
    appendCapped(this.path, [a, b, loss, step]);
    if (this.blewUp(a, b, loss)) this.diverged = { step, loss };
  }

  private blewUp(a: number, b: number, loss: number): boolean {
    return !Number.isFinite(loss) || !(Math.abs(a) < BLOW_UP && Math.abs(b) < BLOW_UP);
  }

  /** The questions LossLandscape asks (`call(name)` on `useTrainer`). */
  readonly methods = {
    /** The loss over the grid of (a, b) the picture shows. */
    landscape: (): Promise<Float32Array> => {
      const { as, bs } = landscapeNodes();
      return lossAt(this.E, this.kind, as, bs, this.pts.xs, this.pts.ys);
    },
  };

  dispose(): void {
    for (const x of [this.X, this.Y, ...this.pending.flat()]) x.dispose();
    this.pending = [];
    this.model.dispose();
    this.optimizer.dispose();
  }
}

const landscape: TrainerModule<LandscapeProps, LandscapeSnapshot, LandscapeTrainer["methods"]> = {
  create: (engine, props) => new LandscapeTrainer(engine, props),
  // The same two parameters and 30 points whatever the loss.
  shape: () => "line-30",
};
export const { create, shape } = landscape;
