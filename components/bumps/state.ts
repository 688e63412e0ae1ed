/**
 * What the reader built in BumpBuilder, for BumpTrainer to start from and for the "bumps-fit"
 * exercise to check: a store (components/lib/store.ts, the one way islands share state) that
 * BumpBuilder sets on every change. BumpBuilder also keeps its state in the URL (prefix `bb`), and the trainer
 * falls back to reading that when the builder has not hydrated yet (a link that lands below it).
 */
import { readUrlState, type UrlSchema } from "../lib/url_state.ts";
import { createStore } from "../lib/store.ts";

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

/** BumpBuilder's bumps, set on every change; null until it hydrates. */
export const liveBumps = createStore<BuiltBumps | null>(null);

/** The reader's bumps: the live ones, else what the URL says, else flat zero bumps. */
export function builtBumps(search = globalThis.location?.search ?? ""): BuiltBumps {
  if (liveBumps.value) return liveBumps.value;
  const s = readUrlState(search, BUILDER_PREFIX, BUILDER_DEFAULTS, BUILDER_SCHEMA);
  return {
    heights: Array.from({ length: s.n }, (_, i) => s.h[i] ?? 0),
    steepness: s.w,
  };
}
