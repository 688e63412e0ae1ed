/**
 * The threaded WASM build as a backend of its own, in Deno (which is never cross-origin
 * isolated): it is a candidate beside `wasm` wherever `wasm` is, skipped here with the reason,
 * and the `Worker` the runtime's worker hides comes back only while the threads start.
 */
import assert from "node:assert/strict";
import {
  chooseBackend,
  THREADS_MIN_STEP_MS,
  THREADS_NOT_WORTH,
  withWasmThreads,
} from "../../components/runtime/backend_choice.ts";
import { TRAINERS } from "../../components/trainers.ts";
import * as engine from "../../engine/mod.ts";
import {
  MAX_WASM_THREADS,
  provideThreadWorker,
  wasmThreadCount,
  whileThreadsStart,
} from "../../engine/threads.ts";
import { SMALL_PLAYGROUND } from "../fixtures/runtime.ts";

const wasmPath = new URL("../../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
  .href;

Deno.test("wasm threads: a candidate right after wasm, once", () => {
  assert.deepEqual(withWasmThreads(["wasm", "cpu", "webgl"]), [
    "wasm",
    "wasm-threads",
    "cpu",
    "webgl",
  ]);
  assert.deepEqual(withWasmThreads(["cpu", "webgl"]), ["cpu", "webgl"]);
  assert.deepEqual(withWasmThreads(["wasm-threads", "wasm"]), ["wasm-threads", "wasm"]);
  assert.ok(engine.BACKENDS.includes("wasm-threads"));
  assert.equal(engine.checkBackendName("wasm-threads"), "wasm-threads");
});

Deno.test("wasm threads: the thread count follows the cores, 1 to 8", () => {
  const n = wasmThreadCount();
  assert.ok(n >= 1 && n <= MAX_WASM_THREADS, String(n));
  assert.equal(n, Math.min(MAX_WASM_THREADS, Math.max(1, navigator.hardwareConcurrency)));
});

Deno.test("wasm threads: not isolated, so skipped with the reason; wasm is chosen", async () => {
  const module = await TRAINERS.playground();
  const { report } = await chooseBackend(engine, {
    module,
    props: { ...SMALL_PLAYGROUND, points: 100, grid: 8 },
    kind: "playground",
    quickFirst: false,
    candidates: ["wasm"],
    quick: ["wasm"],
    measureBudgetMs: 2000,
    quickBudgetMs: 400,
    wasmPath,
    worker: false,
  });
  assert.equal(report.name, "wasm");
  assert.equal(report.threads, undefined, "one thread");
  const skip = report.skipped.find((s) => s.name === "wasm-threads");
  assert.match(skip?.reason ?? "", /cross-origin isolated/);
  assert.equal(engine.backendThreads(), 1);
  const forced = await engine.startBackend("wasm-threads", { wasmPath });
  assert.match(forced ?? "", /cross-origin isolated/);
});

Deno.test("wasm threads: the hidden Worker is back only while the threads start", async () => {
  const scope = globalThis as { Worker?: unknown };
  const own = Object.getOwnPropertyDescriptor(globalThis, "Worker");
  const Real = scope.Worker as typeof Worker;
  delete scope.Worker;
  try {
    provideThreadWorker(() => Real);
    const seen = await whileThreadsStart(3, () =>
      Promise.resolve({
        worker: scope.Worker,
        cores: navigator.hardwareConcurrency,
      }));
    assert.equal(seen.worker, Real, "the private Worker, during the start");
    assert.equal(seen.cores, 6, "tfjs reads half the cores: it sees twice the threads");
    assert.equal(scope.Worker, undefined, "gone again after");
    assert.notEqual(navigator.hardwareConcurrency, 6);
    // A start that fails cleans up too.
    await assert.rejects(whileThreadsStart(2, () => Promise.reject(new Error("no"))), /no/);
    assert.equal(scope.Worker, undefined);
    // With no provider (the cell realm), nothing is put back.
    provideThreadWorker(null);
    assert.equal(
      await whileThreadsStart(2, () => Promise.resolve(typeof scope.Worker)),
      "undefined",
    );
  } finally {
    provideThreadWorker(null);
    if (own) Object.defineProperty(globalThis, "Worker", own);
  }
});

Deno.test("wasm threads: timed in the background, unless a WASM step is too short to share", async () => {
  // An engine that could start threads (as an isolated page's worker can).
  const isolatedEngine = { ...engine, wasmThreadsUnavailable: () => null };
  const stub = (ms: number) => ({
    create: () => ({
      model: { parameters: () => [] },
      step() {
        const end = performance.now() + ms;
        while (performance.now() < end) { /* a step of `ms` */ }
      },
      snapshot: () => Promise.resolve({}),
      dispose() {},
    }),
  });
  const choose = (ms: number) =>
    chooseBackend(isolatedEngine as typeof engine, {
      module: stub(ms) as never,
      props: { ms },
      kind: "stub",
      quickFirst: true,
      candidates: ["wasm", "cpu"],
      quick: ["wasm", "cpu"],
      measureBudgetMs: 3000,
      quickBudgetMs: 1000,
      wasmPath,
      worker: true,
    });
  const small = await choose(0);
  assert.equal(small.pending, undefined, "nothing left to time");
  const note = small.report.timings.find((t) => t.name === "wasm-threads");
  assert.equal(note?.msPerStep, null);
  assert.equal(note?.note, THREADS_NOT_WORTH);
  const big = await choose(THREADS_MIN_STEP_MS + 4);
  assert.deepEqual(big.pending?.candidates, ["wasm-threads"], "timed by the second host");
  assert.equal(big.report.how, "measuring");
});
