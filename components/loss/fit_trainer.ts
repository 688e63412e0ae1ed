/**
 * LossFit as a trainer (it runs in the runtime's worker): plain gradient descent on the line
 * y = ax + b over the lesson's noisy points, with MSE, MAE or Huber (switched live, as is
 * Huber's δ). The learning rate is fixed below the MSE bowl's limit. A snapshot holds a, b, the
 * loss curve so far, and the derivatives at the current a, b from the engine's `backward()` and
 * from central finite differences of its forward pass.
 *
 * The reader can move the points and add outliers: `update({ points: [x, y, x, y, ...] })` swaps
 * the data under the running line (bounded to the plot's ranges, at most `MAX_FIT_POINTS`).
 * `update({ compare: true })` also trains, step for step, a line for each of the other two
 * losses, starting where the line is now, so the three answer the same points side by side.
 */
import type { optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import {
  appendCapped,
  backwardAt,
  finiteDiff,
  type LineModel,
  lineModel,
  regressionLoss,
} from "./engine_losses.ts";
import {
  FIT_X_RANGE,
  FIT_Y_RANGE,
  LOSS_KINDS,
  type LossKind,
  lossKind,
  makePoints,
  MAX_FIT_POINTS,
  mseCurvature,
  type Points,
} from "./math.ts";

export interface FitProps {
  /** Clean points (three outliers come on top). */
  points: number;
  outliers: boolean;
  /** Where the line starts. */
  a: number;
  b: number;
}

/** Settings that change as it trains. */
export interface FitSettings {
  kind: LossKind;
  delta: number;
}

export interface FitSnapshot {
  a: number;
  b: number;
  kind: LossKind;
  delta: number;
  /** L at (a, b), from the engine. */
  loss: number;
  /** [∂L/∂a, ∂L/∂b] from `backward()`. */
  backward: [number, number];
  /** The same by central finite differences of the forward pass. */
  fd: [number, number];
  /** [steps, loss before that step] of every step so far (thinned past 2,000). */
  curve: [number[], number[]];
  /** With `compare`: the lines of the other losses, [a, b] each. */
  others: Partial<Record<LossKind, [number, number]>>;
}

/** Below the MSE bowl's limit 2/λmax (≈ 0.46 on the lesson's points), with room to spare. */
export function fitLearningRate(xs: readonly number[]): number {
  return Math.min(0.2, 0.8 / mseCurvature(xs));
}

/** Points from the island, bounded: finite, inside the plot, at most MAX_FIT_POINTS. */
function boundedPoints(flat: unknown[]): Points {
  const clamp = (v: number, [lo, hi]: [number, number]) => Math.max(lo, Math.min(hi, v));
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i + 1 < flat.length && xs.length < MAX_FIT_POINTS; i += 2) {
    const x = Number(flat[i]), y = Number(flat[i + 1]);
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    xs.push(Math.fround(clamp(x, FIT_X_RANGE)));
    ys.push(Math.fround(clamp(y, FIT_Y_RANGE)));
  }
  return { xs, ys, outlier: xs.map(() => false) };
}

class FitTrainer implements Trainer<FitSnapshot> {
  model: LineModel;
  optimizer: Optim.SGD;
  private pts: Points;
  private X!: Tensor;
  private Y!: Tensor;
  private kind: LossKind = "mse";
  private delta = 1;
  private steps = 0;
  /** Losses of the steps since the last snapshot, read there all at once. */
  private pending: Tensor[] = [];
  private readonly curve: [number[], number[]] = [[], []];
  /** With `compare`: a line and its optimizer per other loss. */
  private others: { kind: LossKind; model: LineModel; optimizer: Optim.SGD }[] = [];
  private compare = false;

  constructor(private readonly E: Engine, p: FitProps) {
    if (!(p.points >= 2)) throw new Error(`LossFit needs at least 2 points (got ${p.points})`);
    this.pts = makePoints(p.points, p.outliers);
    this.model = lineModel(E, p.a, p.b);
    this.optimizer = new E.optim.SGD(this.model.parameters(), {
      lr: fitLearningRate(this.pts.xs),
    });
    this.rebuild();
  }

  rebuild(): void {
    for (const x of this.pending) x.dispose();
    this.pending = [];
    this.X = this.E.tensor(Float32Array.from(this.pts.xs), [this.pts.xs.length]);
    this.Y = this.E.tensor(Float32Array.from(this.pts.ys), [this.pts.ys.length]);
    // After a backend switch the comparison lines start again from the (restored) line.
    if (this.others.length) this.startOthers();
  }

  /** The comparison lines for the losses other than `this.kind`, from the line's place now. */
  private startOthers(): void {
    this.disposeOthers();
    if (!this.compare) return;
    for (const kind of LOSS_KINDS) {
      if (kind === this.kind) continue;
      const model = lineModel(this.E, 0, 0);
      model.a.data = this.model.a.data.clone();
      model.b.data = this.model.b.data.clone();
      const optimizer = new this.E.optim.SGD(model.parameters(), { lr: this.optimizer.lr });
      this.others.push({ kind, model, optimizer });
    }
  }

  private disposeOthers(): void {
    for (const o of this.others) {
      o.model.dispose();
      o.optimizer.dispose();
    }
    this.others = [];
  }

  update(patch: Record<string, unknown>): void {
    const before = { kind: this.kind, compare: this.compare };
    if (typeof patch.compare === "boolean") this.compare = patch.compare;
    if (Array.isArray(patch.points)) {
      const pts = boundedPoints(patch.points);
      if (pts.xs.length >= 2) {
        this.pts = pts;
        this.optimizer.lr = fitLearningRate(pts.xs);
        // The losses of steps taken on the old points stay pending (they are the curve so far).
        this.X.dispose();
        this.Y.dispose();
        this.X = this.E.tensor(Float32Array.from(pts.xs), [pts.xs.length]);
        this.Y = this.E.tensor(Float32Array.from(pts.ys), [pts.ys.length]);
        for (const o of this.others) o.optimizer.lr = this.optimizer.lr;
      }
    }
    if (patch.kind !== undefined) this.kind = lossKind(patch.kind);
    if (typeof patch.delta === "number" && patch.delta > 0) this.delta = patch.delta;
    if (this.kind !== before.kind || this.compare !== before.compare) this.startOthers();
  }

  step(): void {
    this.optimizer.zeroGrad();
    const loss = regressionLoss(this.E, this.kind, this.model.forward(this.X), this.Y, this.delta);
    // Checked in the snapshot, with the other values read back, not here (a read waits).
    loss.backward({ checkFinite: false });
    this.optimizer.step();
    this.steps++;
    this.pending.push(loss);
    for (const o of this.others) {
      o.optimizer.zeroGrad();
      const l = regressionLoss(this.E, o.kind, o.model.forward(this.X), this.Y, this.delta);
      l.backward({ checkFinite: false });
      o.optimizer.step();
      l.dispose();
    }
  }

  async snapshot(): Promise<FitSnapshot> {
    const pending = this.pending;
    this.pending = [];
    let losses: number[];
    try {
      losses = await Promise.all(pending.map((x) => x.itemAsync()));
    } finally {
      for (const x of pending) x.dispose();
    }
    const first = this.steps - losses.length + 1;
    losses.forEach((v, i) => appendCapped(this.curve, [first + i, v]));
    const bad = losses.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new this.E.NonFiniteLossError(losses[bad], `step ${first + bad}`);
    const [a, b] = await Promise.all([this.model.a.itemAsync(), this.model.b.itemAsync()]);
    const { kind, delta } = this;
    const bw = await backwardAt(this.E, kind, a, b, this.X, this.Y, delta);
    const fd = await finiteDiff(this.E, kind, a, b, this.pts.xs, this.pts.ys, delta);
    const others: FitSnapshot["others"] = {};
    for (const o of this.others) {
      others[o.kind] = await Promise.all([o.model.a.itemAsync(), o.model.b.itemAsync()]);
    }
    return {
      a,
      b,
      kind,
      delta,
      loss: bw.loss,
      backward: [bw.da, bw.db],
      fd,
      curve: [this.curve[0].slice(), this.curve[1].slice()],
      others,
    };
  }

  dispose(): void {
    this.disposeOthers();
    for (const x of [this.X, this.Y, ...this.pending]) x.dispose();
    this.pending = [];
    this.model.dispose();
    this.optimizer.dispose();
  }
}

const fit: TrainerModule<FitProps, FitSnapshot> = {
  create: (engine, props) => new FitTrainer(engine, props),
  // Every LossFit takes the same time per step: two parameters, 30 or 33 points.
  shape: (p) => JSON.stringify([p.points, p.outliers]),
};
export const { create, shape } = fit;
