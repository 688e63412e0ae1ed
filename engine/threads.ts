/**
 * Threads for the WASM backend, with no import of tfjs (so a worker's entry can load this before
 * the engine): how many threads the threaded build runs, and where it may get a `Worker`.
 *
 * tfjs's threaded SIMD build (`tfjs-backend-wasm-threaded-simd.wasm`) runs XNNPACK on Emscripten
 * pthreads: Web Workers (from `blob:` URLs) sharing the module's memory, which needs a
 * `SharedArrayBuffer`, so a cross-origin isolated page (COOP/COEP headers, or the service worker
 * that adds them). Emscripten starts those workers with the global `new Worker(...)` while the
 * backend initialises. The runtime's worker removes `Worker` from its global scope (reader code
 * must not start workers) and hands its private reference here instead (`provideThreadWorker`):
 * the engine puts it back on the global only while the threaded backend starts.
 */

/** Most threads the threaded build runs (its pool holds eight workers). */
export const MAX_WASM_THREADS = 8;

/** Threads for the threaded WASM build: the machine's logical cores, 1 to `MAX_WASM_THREADS`. */
export function wasmThreadCount(): number {
  const cores = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)
    ?.hardwareConcurrency;
  const n = typeof cores === "number" && Number.isFinite(cores) ? Math.floor(cores) : 1;
  return Math.min(MAX_WASM_THREADS, Math.max(1, n));
}

let provider: (() => typeof Worker | undefined) | null = null;

/**
 * Where the threaded WASM build gets its `Worker` when the global scope has none: the runtime's
 * worker passes its private reference (never to a realm where reader code runs).
 */
export function provideThreadWorker(get: (() => typeof Worker | undefined) | null): void {
  provider = get;
}

/** A `Worker` constructor the threaded build may use here, or null. */
export function threadWorker(): typeof Worker | null {
  const own = (globalThis as { Worker?: unknown }).Worker;
  if (typeof own === "function") return own as typeof Worker;
  return provider?.() ?? null;
}

/**
 * Runs `work` (the threaded backend's start) with `Worker` on the global scope (put back after
 * when it was not there before), and with `navigator.hardwareConcurrency` reading `2 × threads`:
 * tfjs's build takes half the logical cores as its thread count, at most the count it is asked
 * for (it assumes two hardware threads per core), so a 2-core machine would get one thread. The
 * build reads the cores once, as it starts; the real value is back when `work` ends.
 */
export async function whileThreadsStart<T>(threads: number, work: () => Promise<T>): Promise<T> {
  const scope = globalThis as { Worker?: unknown };
  const undo: (() => void)[] = [];
  if (typeof scope.Worker !== "function") {
    const ctor = provider?.();
    if (ctor) {
      Object.defineProperty(scope, "Worker", { value: ctor, configurable: true, writable: true });
      undo.push(() => delete scope.Worker);
    }
  }
  const nav = globalThis.navigator as object | undefined;
  if (nav && !Object.hasOwn(nav, "hardwareConcurrency")) {
    Object.defineProperty(nav, "hardwareConcurrency", { value: 2 * threads, configurable: true });
    undo.push(() => delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency);
  }
  try {
    return await work();
  } finally {
    for (const f of undo) f();
  }
}
