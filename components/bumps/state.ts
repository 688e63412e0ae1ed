/**
 * What the reader built in BumpBuilder, for BumpTrainer to start from. Both islands import this
 * module; the site bundles every island in one code-splitting build, so they share one instance
 * of it in the page. BumpBuilder also keeps its state in the URL (prefix `bb`), and the trainer
 * falls back to reading that when the builder has not hydrated yet (a link that lands below it).
 */
import { readUrlState, type UrlSchema } from "../lib/url_state.ts";

export interface BuiltBumps {
  heights: number[];
  steepness: number;
}

/** BumpBuilder's URL prefix and its defaults (the lesson's props give the same values). */
export const BUILDER_PREFIX = "bb";
export const BUILDER_DEFAULTS = { n: 5, h: [] as number[], w: 400 };
/** The builder's bounds: 2 to 20 bump pairs, heights in [0, 1], steepness up to 1000. */
export const BUILDER_SCHEMA = {
  n: { min: 2, max: 20, integer: true },
  h: { maxLength: 20, min: 0, max: 1 },
  w: { min: 1, max: 1000 },
} satisfies UrlSchema<typeof BUILDER_DEFAULTS>;

let current: BuiltBumps | null = null;
const listeners = new Set<(b: BuiltBumps) => void>();

/** BumpBuilder calls this on every change. */
export function publishBumps(b: BuiltBumps): void {
  current = b;
  for (const fn of listeners) fn(b);
}

/** The reader's bumps: the live ones, else what the URL says, else flat zero bumps. */
export function builtBumps(search = globalThis.location?.search ?? ""): BuiltBumps {
  if (current) return current;
  const s = readUrlState(search, BUILDER_PREFIX, BUILDER_DEFAULTS, BUILDER_SCHEMA);
  return {
    heights: Array.from({ length: s.n }, (_, i) => s.h[i] ?? 0),
    steepness: s.w,
  };
}

/** Be told when the builder changes; returns the unsubscribe function. */
export function onBumps(fn: (b: BuiltBumps) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
