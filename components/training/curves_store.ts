/**
 * What LearningCurves publishes for its exercise ("training-gap", components/exercises/): each
 * finished run's name, validation accuracy and train–validation gap. A store of
 * components/lib/store.ts (the one way islands share state); no engine, no tfjs.
 */
import { createStore } from "../lib/store.ts";
import { claimValue } from "../../claims/mod.ts";
import type { Regularizer } from "./curves_run_names.ts";

export interface CurvesRunState {
  name: Regularizer;
  /** Validation accuracy (%) at the kept epoch. */
  valAcc: number;
  /** Training minus validation accuracy (points) at the kept epoch. */
  gap: number;
}

/** The finished runs of the figure now; null until it hydrates. */
export const curvesState = createStore<{ runs: CurvesRunState[] } | null>(null);

/**
 * The exercise: a finished run whose gap is under `maxGap` points and whose validation accuracy
 * is at least the unregularized run's (so a run cut short, which has no gap because it learned
 * little, does not count). With the figure's defaults only "all four" gets there (claims
 * "training.curves.*", checked by tests/components/training_curves.test.ts).
 */
/**
 * LrRangeTest's finished curve, for the exercise "training-range": the rate of each step and the
 * smoothed loss; null until a range test has run to its end.
 */
export const rangeState = createStore<{ lrs: number[]; smoothed: number[] } | null>(null);

export const GAP_TASK = { maxGap: 9.5, minVal: claimValue("training.curves.none.val") };
