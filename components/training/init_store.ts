/**
 * What the initialization figure (InitHistograms) shares with other islands, as a store
 * (components/lib/store.ts): the reader's own init and what it measured, which the exercise
 * "training-init-depth" checks.
 */
import { createStore } from "../lib/store.ts";
import type { Activation } from "./init_stats.ts";

export interface InitFigureState {
  activation: Activation;
  /** Hidden layers of the measured network. */
  depth: number;
  /** The reader's gain: weights from N(0, (gain/√fanIn)²). */
  gain: number;
  /** Std of each hidden layer's activations with that gain at step 0 (layer 1 first). */
  act: number[];
}

/** Set each time the figure measures step 0; null until then. */
export const initFigureState = createStore<InitFigureState | null>(null);
