/**
 * Choosing a trainer's backend: `?backend=` when forced, a measurement the page remembered, or
 * timing a few steps of the actual model on each backend that starts (bounded by a budget),
 * fastest first. In a worker, only the quick backends are timed before training starts; the
 * rest are left to a second host in the background (`pending`).
 *
 * WASM is two candidates where the page is cross-origin isolated: the threaded build
 * (`wasm-threads`, on `navigator.hardwareConcurrency` threads) beside the single-threaded one
 * (`wasm`), timed like any other backend (`withWasmThreads`; in a worker, in the background with
 * the GPU backends); the faster wins. Elsewhere `wasm-threads` is reported as skipped, with why.
 */
import type { BackendName } from "../../engine/mod.ts";
import {
  type BackendReport,
  type BackendTiming,
  type Measurement,
  measurementKey,
} from "./protocol.ts";
import type { AnyTrainerModule, Engine, Trainer } from "./trainer.ts";
import { errorMessage } from "../lib/format.ts";

export const now = () => performance.now();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Resolves to true if `work` ends within `ms`, false if the time runs out first. */
export async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A step and a read of one parameter, so the time includes the backend's queued work. */
async function stepAndWait(trainer: Trainer): Promise<void> {
  await trainer.step();
  const first = trainer.model.parameters()[0];
  if (first) await first.data.data();
}

/**
 * `names` with `wasm-threads` right after `wasm` (when `wasm` is there and the threaded build
 * is not already listed): both WASM builds are timed.
 */
export function withWasmThreads(names: readonly string[]): string[] {
  if (!names.includes("wasm") || names.includes(WASM_THREADS)) return [...names];
  return names.flatMap((n) => n === "wasm" ? ["wasm", WASM_THREADS] : [n]);
}

const WASM_THREADS = "wasm-threads";

/** A WASM step shorter than this (ms) is not worth timing the threaded build for. */
export const THREADS_MIN_STEP_MS = 4;
/** The note of a threaded build left untimed because the WASM step is that short. */
export const THREADS_NOT_WORTH = "not timed: a WASM step is too short for threads to pay off";

/** The running backend's thread count for its report, when more than one. */
export function threadsOf(engine: Engine): { threads?: number } {
  const threads = engine.backendThreads();
  return threads > 1 ? { threads } : {};
}

/** The model to time: a trainer module, the props and settings it is built with. */
export interface Timed {
  module: AnyTrainerModule;
  props: unknown;
  settings?: Record<string, unknown>;
}

/**
 * Time a few steps of this very model on each backend that starts, within the budget: a
 * warm-up step (shaders compile, WASM pages grow), then up to five timed steps. A backend whose
 * step outlasts the time left is dropped unfinished.
 */
export async function measure(
  engine: Engine,
  model: Timed,
  which: { candidates: readonly string[]; budgetMs: number; wasmPath?: string },
  turn: Turn = alone,
): Promise<Measurement> {
  const deadline = now() + which.budgetMs;
  const timings: BackendTiming[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const [index, name] of which.candidates.entries()) {
    const left = deadline - now();
    if (left <= 0) {
      timings.push({ name, msPerStep: null, note: "not timed: the time for timing ran out" });
      continue;
    }
    // Each backend is timed in a turn of its own on a shared engine: the other sessions' turns
    // come between two backends, not after all of them (the time waited is not counted).
    await turn(() => timeOne(engine, model, name, which, { index, deadline, timings, skipped }));
  }
  const timed = timings.filter((t) => t.msPerStep !== null)
    .sort((a, b) => a.msPerStep! - b.msPerStep!);
  const untimed = timings.filter((t) => t.msPerStep === null);
  const order = [...timed, ...untimed].map((t) => t.name);
  return { order, timings: [...timed, ...untimed], skipped };
}

/** Runs work on the engine in the session's turn (`host.ts`; alone: at once). */
export type Turn = <T>(work: () => Promise<T>) => Promise<T>;
const alone: Turn = (work) => work();

/** Times one backend for `measure`: pushes its timing, or why it was skipped. */
async function timeOne(
  engine: Engine,
  model: Timed,
  name: string,
  which: { candidates: readonly string[]; wasmPath?: string },
  o: {
    index: number;
    deadline: number;
    timings: BackendTiming[];
    skipped: { name: string; reason: string }[];
  },
): Promise<void> {
  const { deadline, timings, skipped } = o;
  // After its first timed step, a backend times more only within its share of the time left,
  // so that the first one cannot use up the budget of those after it.
  const shareEnd = now() + (deadline - now()) / (which.candidates.length - o.index);
  const reason = await engine.startBackend(name, { wasmPath: which.wasmPath });
  if (reason !== null) {
    skipped.push({ name, reason });
    return;
  }
  let trainer: Trainer | null = null;
  let abandoned = false;
  try {
    trainer = await model.module.create(engine, model.props);
    if (model.settings) trainer.update?.(model.settings);
    if (!await within(deadline - now(), stepAndWait(trainer))) {
      abandoned = true;
      timings.push({ name, msPerStep: null, note: "slower than the time left for timing" });
      return;
    }
    const times: number[] = [];
    // A step that blocks (the CPU backend's kernels are synchronous) cannot be cut short by
    // `within`: it always "ends in time". So the deadline is also checked between steps.
    while (times.length < 5 && now() < (times.length ? Math.min(shareEnd, deadline) : deadline)) {
      const start = now();
      if (!await within(Math.max(0, deadline - start), stepAndWait(trainer))) {
        abandoned = true;
        break;
      }
      times.push(now() - start);
    }
    timings.push(
      times.length
        ? { name, msPerStep: median(times) }
        : { name, msPerStep: null, note: "slower than the time left for timing" },
    );
  } catch (error) {
    skipped.push({ name, reason: errorMessage(error) });
  } finally {
    // A step still running on an abandoned backend keeps its tensors until it ends.
    if (!abandoned) {
      try {
        trainer?.dispose();
      } catch { /* ignore */ }
    }
  }
}

/** What `chooseBackend` needs besides the engine. */
export interface ChoiceOptions extends Timed {
  /** The trainer's name: with the model's shape, the key of a remembered measurement. */
  kind: string;
  /** `?backend=` of the page: no measurement. */
  force?: BackendName;
  /** Earlier measurements of this tab, by key. */
  cache?: Record<string, Measurement>;
  /** Time only the quick backends now and leave the rest to the background (`pending`). */
  quickFirst: boolean;
  /** Backends to time, in this order. */
  candidates: readonly string[];
  /** The quick ones among them (timed first in a worker). */
  quick: readonly string[];
  /** Time allowed for timing the backends, in all; and for the quick ones. */
  measureBudgetMs: number;
  quickBudgetMs: number;
  wasmPath?: string;
  /** Whether the host runs in a Web Worker (reported to the page). */
  worker: boolean;
  /**
   * The session's turns on a shared engine (default: at once): each backend is timed in one, and
   * the chosen one is started in the last, where the caller builds its trainer.
   */
  turn?: Turn;
}

/** The backend chosen: its report, the timing to remember, the backends left to time. */
export interface Chosen {
  report: BackendReport;
  measured?: { key: string; value: Measurement };
  pending?: { key: string; candidates: string[]; budgetLeftMs: number };
}

/**
 * Picks the backend for a model: forced, remembered (`cache`), or timed; and starts it. With
 * `o.turn`, the chosen backend is started in the last turn, where `build` then runs (the
 * caller builds its trainer there, on it).
 */
export async function chooseBackend<T = void>(
  engine: Engine,
  o: ChoiceOptions,
  build: (chosen: Chosen) => Promise<T> = () => Promise.resolve(undefined as T),
): Promise<Chosen & { built: T }> {
  const key = measurementKey(o.kind, o.module.shape?.(o.props) ?? JSON.stringify(o.props));
  const turn = o.turn ?? alone;
  if (o.force) {
    return await turn(async () => {
      const choice = await engine.initBackend({ prefer: o.force, wasmPath: o.wasmPath });
      const report: BackendReport = {
        name: choice.name,
        how: "forced",
        timings: [],
        skipped: choice.skipped,
        worker: o.worker,
        ...threadsOf(engine),
      };
      return { report, built: await build({ report }) };
    });
  }
  let measured: { key: string; value: Measurement } | undefined;
  let pending: { key: string; candidates: string[]; budgetLeftMs: number } | undefined;
  const cached = o.cache?.[key];
  // The threaded WASM build where it can run; elsewhere it is reported as skipped, with why.
  const threadsWhy = o.candidates.includes("wasm") && !o.candidates.includes(WASM_THREADS)
    ? engine.wasmThreadsUnavailable()
    : null;
  const candidates = threadsWhy ? [...o.candidates] : withWasmThreads(o.candidates);
  // In a worker, training starts on the fastest quick backend; the others (the threaded WASM
  // build among them: it starts a pool of workers, too slow to wait for) are timed by the
  // page's one timing worker meanwhile. On the page's own thread, everything is timed first.
  const quick = o.quickFirst ? candidates.filter((c) => o.quick.includes(c)) : candidates;
  const later = candidates.filter((c) => !quick.includes(c));
  // One more backend to time: the budget grows with the list, so each keeps the time it had.
  const budgetMs = o.measureBudgetMs * candidates.length / Math.max(1, o.candidates.length);
  const started = now();
  const value = cached ?? await measure(engine, o, {
    candidates: quick,
    budgetMs: later.length ? o.quickBudgetMs : budgetMs,
    wasmPath: o.wasmPath,
  }, turn);
  // A WASM step too short for threads to pay off (a small model: waking the threads costs more
  // than the work they share): the threaded build is not started just to be timed.
  const wasmMs = value.timings.find((t) => t.name === "wasm")?.msPerStep;
  const threadsPay = cached || !o.quickFirst || wasmMs === undefined || wasmMs === null ||
    wasmMs >= THREADS_MIN_STEP_MS;
  if (!threadsPay && later.includes(WASM_THREADS)) {
    later.splice(later.indexOf(WASM_THREADS), 1);
    value.timings.push({ name: WASM_THREADS, msPerStep: null, note: THREADS_NOT_WORTH });
    value.order.push(WASM_THREADS);
  }
  if (!cached && later.length === 0) measured = { key, value };
  if (!cached && later.length) {
    pending = {
      key,
      candidates: later,
      budgetLeftMs: Math.max(0, budgetMs - (now() - started)),
    };
  }
  // The fastest first; the rest stay as fallbacks in the order of their times.
  const order = [...value.order, ...(cached ? [] : later)];
  return await turn(async () => {
    const choice = await engine.initBackend({ order, wasmPath: o.wasmPath });
    const report: BackendReport = {
      name: choice.name,
      how: cached ? "cached" : pending ? "measuring" : "measured",
      timings: value.timings,
      skipped: [
        ...value.skipped,
        ...choice.skipped.filter((s) => !later.includes(s.name)),
        ...(threadsWhy ? [{ name: WASM_THREADS, reason: threadsWhy }] : []),
      ],
      worker: o.worker,
    };
    const chosen: Chosen = { report: { ...report, ...threadsOf(engine) }, measured, pending };
    return { ...chosen, built: await build(chosen) };
  });
}
