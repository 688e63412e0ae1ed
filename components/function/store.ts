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
