/**
 * What lesson 7's optimizer figure shares with other islands (components/lib/store.ts, the one
 * way islands share state): OptimizerPaths publishes the surface, its settings and each
 * optimizer's steps to the tolerance; the "which arrives first" exercise reads it.
 */
import { createStore } from "../lib/store.ts";
import type { OptimizerName, OptimSettings, Surface } from "./optim_paths.ts";

export interface OptimPathsState {
  surface: Surface;
  settings: OptimSettings;
  /** Steps until the loss was below the tolerance (null: not within the steps taken). */
  arrived: Record<OptimizerName, number | null>;
}

/** The paths the figure shows now; null until its first paths are computed. */
export const optimPathsState = createStore<OptimPathsState | null>(null);
