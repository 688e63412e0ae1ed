/**
 * Lesson 7's learning curves as a trainer (it runs in the runtime's worker): the runs
 * `props.runs` names (components/training/curves_run.ts), trained one after another on the first
 * `trainSize` shipped training digits, each scored on those digits and the 1,000 validation
 * digits after every epoch. Every run takes `epochs × stepsPerEpoch` steps; a run that early
 * stopping ended spends the rest of its steps doing nothing, so the total is known in advance.
 */
import type { Engine, Trainer, TrainerModule } from "../runtime/trainer.ts";
import type { Digits } from "../../mnist/dataset.ts";
import { loadDigitsAt } from "../mnist/digits.ts";
import {
  CurvesRun,
  type CurvesSettings,
  curvesSettings,
  type EpochScores,
  REGULARIZATION,
  type Regularizer,
  REGULARIZERS,
} from "./curves_run.ts";

export interface CurvesProps extends Partial<CurvesSettings> {
  /** Absolute URL of the folder of the shipped IDX files (the worker fetches them). */
  data: string;
  /** The runs to train, in order (each at most once). */
  runs: Regularizer[];
}

export interface CurvesRunView {
  name: Regularizer;
  /** Scores after each epoch, from epoch 0 (before training). */
  history: EpochScores[];
  /** The epoch the run keeps (the best validation loss with early stopping, else the last). */
  kept: number | null;
  stoppedEarly: boolean;
  done: boolean;
}

export interface CurvesSnapshot {
  steps: number;
  totalSteps: number;
  stepsPerRun: number;
  runs: CurvesRunView[];
}

/** The run names, checked: known, each once, at least one. */
export function checkRuns(runs: unknown): Regularizer[] {
  if (!Array.isArray(runs) || runs.length === 0) {
    throw new Error(`curves: runs must be a list of ${REGULARIZERS.join(", ")}`);
  }
  for (const r of runs) {
    if (!REGULARIZERS.includes(r)) {
      throw new Error(`curves: unknown run "${String(r)}": use ${REGULARIZERS.join(", ")}`);
    }
  }
  if (new Set(runs).size !== runs.length) throw new Error("curves: a run is named twice");
  return runs as Regularizer[];
}

class CurvesTrainer implements Trainer<CurvesSnapshot> {
  private readonly runs: CurvesRun[];
  private current = 0;
  private steps = 0;
  private readonly stepsPerRun: number;

  constructor(
    engine: Engine,
    train: Digits,
    val: Digits,
    private readonly names: Regularizer[],
    settings: CurvesSettings,
  ) {
    this.runs = names.map((n) => new CurvesRun(engine, train, val, REGULARIZATION[n], settings));
    this.stepsPerRun = settings.epochs * this.runs[0].stepsPerEpoch;
  }

  /** The run training now (the runtime checkpoints its model and optimizer). */
  get model() {
    return this.runs[this.current].model;
  }

  get optimizer() {
    return this.runs[this.current].optimizer;
  }

  async step(): Promise<void> {
    if (this.steps >= this.stepsPerRun * this.runs.length) return;
    await this.runs[this.current].step();
    this.steps++;
    if (this.steps % this.stepsPerRun === 0 && this.current < this.runs.length - 1) this.current++;
  }

  async snapshot(): Promise<CurvesSnapshot> {
    // Runs not started yet still show their epoch 0 (the same for all: the untrained model).
    const first = this.runs[this.current];
    if (first.history.length === 0) await first.score();
    return {
      steps: this.steps,
      totalSteps: this.stepsPerRun * this.runs.length,
      stepsPerRun: this.stepsPerRun,
      runs: this.runs.map((r, i) => ({
        name: this.names[i],
        history: r.history.map((h) => ({ ...h })),
        kept: r.kept?.epoch ?? null,
        stoppedEarly: r.stoppedEarly,
        done: r.done,
      })),
    };
  }

  rebuild(): void {
    for (const r of this.runs) r.reupload();
  }

  dispose(): void {
    for (const r of this.runs) r.dispose();
  }
}

const curves: TrainerModule<CurvesProps, CurvesSnapshot> = {
  create: async (engine, props) => {
    const names = checkRuns(props.runs);
    const { runs: _r, data, ...rest } = props;
    const settings = curvesSettings(rest);
    const { train, val } = await loadDigitsAt(data);
    return new CurvesTrainer(engine, train, val, names, settings);
  },
  shape: (p) => JSON.stringify([p.hidden ?? 128, p.batchSize ?? 50]),
};
export const { create, shape } = curves;
