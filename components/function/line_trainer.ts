/**
 * Lesson 1's LineClassifier as a trainer (it runs in the runtime's worker): gradient descent on
 * the line y = ax + b that calls a point blue when it lies above it. The logit is the height
 * above the line, d = x₂ − (a·x₁ + b), the loss the binary cross-entropy of σ(d), the optimizer
 * plain SGD. A snapshot holds a, b (held inside the sliders' range, so what is drawn is what
 * trains) and the loss at that line. The reader moves the line with `update({ a, b, version })`;
 * the snapshot says which version of the reader's line it trained from.
 */
import type { nn as NN, optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import { linePoints } from "./line.ts";

export interface LineTrainerProps {
  /** Points in the data set, and its seed (`linePoints`). */
  points: number;
  seed: number;
  /** a and b are held inside [−range, range]. */
  range: number;
}

export interface LineSnapshot {
  a: number;
  b: number;
  /** The mean binary cross-entropy of the line (a, b). */
  loss: number;
  /** The `version` of the last line the reader set (`update`). */
  version: number;
}

class LineTrainer implements Trainer<LineSnapshot> {
  model: NN.Module;
  optimizer: Optim.Optimizer;
  private readonly a: Tensor;
  private readonly b: Tensor;
  private data!: { x1: Tensor; x2: Tensor; y: Tensor };
  private readonly points;
  private version = 0;

  constructor(private readonly engine: Engine, private readonly p: LineTrainerProps) {
    if (!(p.points >= 1) || !(p.range > 0)) {
      throw new Error(`line trainer: needs points ≥ 1 and range > 0 (got ${p.points}, ${p.range})`);
    }
    this.points = linePoints(p.points, p.seed);
    const param = (label: string) =>
      engine.tensor([0], [1], { requiresGrad: true, label }) as Tensor;
    const a = param("a"), b = param("b");
    this.a = a;
    this.b = b;
    // The two parameters as a module: the runtime checkpoints and times it.
    this.model = new (class extends engine.nn.Module {
      a = a;
      b = b;
      forward(x: Tensor): Tensor {
        return x;
      }
    })();
    this.optimizer = new engine.optim.SGD([a, b], { lr: 0.1 });
    this.rebuild();
  }

  /** The points as tensors on the backend running now. */
  rebuild(): void {
    const { tensor } = this.engine;
    const n = this.points.y.length;
    this.data = {
      x1: tensor(this.points.x1, [n]),
      x2: tensor(this.points.x2, [n]),
      y: tensor(this.points.y, [n]),
    };
  }

  private loss(): Tensor {
    const { x1, x2, y } = this.data;
    const d = x2.sub(x1.mul(this.a).add(this.b)); // height above the line
    return this.engine.F.binaryCrossEntropyWithLogits(d, y);
  }

  step(): void {
    const loss = this.loss();
    this.optimizer.zeroGrad();
    loss.backward({ checkFinite: false }); // the snapshot checks, without a read per step
    this.optimizer.step();
    loss.dispose();
  }

  /** `lr`; `a` and `b` (with the `version` of the reader's line) move the line. */
  update(patch: Record<string, unknown>): void {
    if (typeof patch.lr === "number" && Number.isFinite(patch.lr) && patch.lr > 0) {
      this.optimizer.lr = patch.lr;
    }
    for (const name of ["a", "b"] as const) {
      const v = patch[name];
      if (typeof v === "number" && Number.isFinite(v)) this.set(name, v);
    }
    if (typeof patch.version === "number") this.version = patch.version;
  }

  private set(name: "a" | "b", v: number): void {
    const r = this.p.range;
    this[name].data = this.engine.tensor([Math.max(-r, Math.min(r, v))], [1]).data;
  }

  async snapshot(): Promise<LineSnapshot> {
    const version = this.version;
    const [[a], [b]] = await Promise.all([this.a.values(), this.b.values()]);
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      throw new this.engine.NonFiniteLossError(NaN, "training");
    }
    // A line steeper than the sliders allow is held at their end.
    const r = this.p.range;
    if (Math.abs(a) > r) this.set("a", a);
    if (Math.abs(b) > r) this.set("b", b);
    const lossT = this.engine.noGrad(() => this.loss());
    const loss = await lossT.itemAsync().finally(() => lossT.dispose());
    if (!Number.isFinite(loss)) throw new this.engine.NonFiniteLossError(loss, "training");
    const clamp = (v: number) => Math.max(-r, Math.min(r, v));
    return { a: clamp(a), b: clamp(b), loss, version };
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    for (const x of Object.values(this.data)) x.dispose();
  }
}

const line: TrainerModule<LineTrainerProps, LineSnapshot> = {
  create: (engine, props) => new LineTrainer(engine, props),
  shape: (p) => String(p.points),
};
export const { create, shape } = line;
