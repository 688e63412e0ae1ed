/**
 * One run of the learning-rate sweep (claims/experiments.ts "training.sweep"; the claims test
 * reruns seed 1): the curves' MLP trained with `CurvesRun`, no regularization, at rate `lr`.
 */
import * as engine from "../../engine/mod.ts";
import type { Digits } from "../../mnist/dataset.ts";
import { evaluate } from "../../mnist/train.ts";
import { CurvesRun, REGULARIZATION } from "./curves_run.ts";
import { SWEEP } from "./sweep_range.ts";

/** Validation accuracy (%) after the sweep's epochs, and the test accuracy (%) when asked. */
export async function sweepRun(
  sets: { train: Digits; val: Digits; test: Digits },
  lr: number,
  seed: number,
  withTest = false,
): Promise<{ val: number; test: number | null }> {
  const run = new CurvesRun(engine, sets.train, sets.val, REGULARIZATION.none, {
    trainSize: SWEEP.trainSize,
    epochs: SWEEP.epochs,
    batchSize: SWEEP.batchSize,
    lr,
    hidden: 128,
    seed,
  });
  try {
    while (!run.done) await run.step();
    const val = run.history.at(-1)!.valAcc;
    const test = withTest
      ? 100 * (await evaluate(run.model, sets.test, { kind: "mlp" })).accuracy
      : null;
    return { val, test };
  } finally {
    run.dispose();
  }
}
