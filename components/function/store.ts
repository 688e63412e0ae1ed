/**
 * What lesson 1's figures share with other islands, as stores (components/lib/store.ts, the one
 * way islands share state).
 */
import { createStore } from "../lib/store.ts";

/** LineClassifier's line y = ax + b, which its exercise checks ("line-few-wrong"). */
export interface LineClassifierState {
  a: number;
  b: number;
}

/** LineClassifier's line, set on every change; null until it hydrates. */
export const lineClassifierState = createStore<LineClassifierState | null>(null);

/** What the Playground trains and how well, for its exercise ("playground-features"). */
export interface PlaygroundState {
  dataset: string;
  /** Training on the reader's own points (no test set). */
  own: boolean;
  problem: "classification" | "regression";
  hidden: number[];
  features: string[];
  /** Accuracy on the test points at the last snapshot (NaN before one). */
  testAcc: number;
  steps: number;
}

/** The Playground's settings and test accuracy, set on every snapshot; null until it hydrates. */
export const playgroundState = createStore<PlaygroundState | null>(null);
