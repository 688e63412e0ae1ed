/**
 * The optimizer figures' trainer (it runs in the runtime's worker). Its work is two questions
 * an island asks with `call`: `paths` (SGD, momentum, RMSProp and Adam from one start on a 2-D
 * surface, with the engine's optimizers) and `schedules` (minibatch SGD under four learning-rate
 * schedules). Its own model, a point (x, y) on the valley, is only what the runtime times to pick
 * a backend: tiny tensors, so it picks the one with the least overhead per op.
 */
import type { optim as Optim, Tensor } from "../../engine/mod.ts";
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import {
  checkSettings,
  checkSurface,
  type OptimSettings,
  type Path,
  runPaths,
  type Surface,
  surfaceLoss,
} from "./optim_paths.ts";
import { checkBatch, runSchedules, type ScheduleRun } from "./optim_schedules.ts";

// deno-lint-ignore ban-types
export type OptimProps = {};

export interface OptimSnapshot {
  steps: number;
}

class OptimTrainer implements Trainer<OptimSnapshot> {
  model;
  optimizer: Optim.SGD;
  private steps = 0;

  constructor(private readonly E: Engine) {
    class Point extends E.nn.Module {
      x = E.tensor([-4], [1], { requiresGrad: true, label: "x" });
      y = E.tensor([1], [1], { requiresGrad: true, label: "y" });
      /** The valley's loss at (x, y) (the input is ignored). */
      forward(): Tensor {
        return surfaceLoss("valley", this.x, this.y);
      }
    }
    this.model = new Point();
    this.optimizer = new E.optim.SGD(this.model.parameters(), { lr: 0.01 });
  }

  step(): void {
    this.optimizer.zeroGrad();
    const loss = this.model.forward();
    loss.backward({ checkFinite: false });
    loss.dispose();
    this.optimizer.step();
    this.steps++;
  }

  snapshot(): Promise<OptimSnapshot> {
    return Promise.resolve({ steps: this.steps });
  }

  /** The questions the optimizer figures ask (arguments come from the page: checked). */
  readonly methods = {
    /** The four optimizers' paths on a surface, with the figure's settings. */
    paths: (
      args: { surface: Surface; settings: OptimSettings },
    ): Promise<Record<string, Path>> => {
      if (args === null || typeof args !== "object") {
        throw new Error("paths: expected { surface, settings }");
      }
      return runPaths(this.E, checkSurface(args.surface), checkSettings(args.settings));
    },
    /** The four schedules' runs at a batch size. */
    schedules: (batch: number): Promise<Record<string, ScheduleRun>> =>
      runSchedules(this.E, checkBatch(batch)),
  };

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}

const optimTrainer: TrainerModule<OptimProps, OptimSnapshot, OptimTrainer["methods"]> = {
  create: (engine) => new OptimTrainer(engine),
  shape: () => "point-2d",
};
export const { create, shape } = optimTrainer;
