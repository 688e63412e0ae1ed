/**
 * The page's end of the runtime: one dedicated Web Worker per page runs the engine for every
 * island and the notebook, each a session of it (a `Connection`); where Workers are unavailable
 * (or fail to start, or `?worker=0` asks for it), the same hosts run on the main thread. The GPU
 * backends are timed in a second worker, one per page too, started when a model is first timed.
 * Measurements of the backends are remembered for the tab in sessionStorage, so a second island
 * with the same model starts at once.
 */
import { assetUrl } from "../base.ts";
import { BACKEND_LABELS } from "../lib/text.ts";
import type {
  BackendTiming,
  FromHost,
  FromWorker,
  Measurement,
  ToHost,
  ToWorker,
} from "./protocol.ts";
import type { HostSetup } from "./host.ts";
import type { BackendName } from "../../engine/mod.ts";

const CACHE_KEY = "nn-runtime:measurements";
/** A worker that has not said hello by then is taken as broken (a missing file, say). */
const HELLO_TIMEOUT_MS = 10_000;

/**
 * The page's `?backend=`, if any. Not checked here: the host's engine answers an unknown name
 * with an error that lists the backends, which the island shows.
 */
export function forcedBackend(): BackendName | undefined {
  const value = new URL(location.href).searchParams.get("backend");
  return value ? value as BackendName : undefined;
}

/** Whether the page asks to run the engine on the main thread (`?worker=0`, for tests). */
function workerWanted(): boolean {
  return typeof Worker === "function" && new URL(location.href).searchParams.get("worker") !== "0";
}

/** The cache is small (50 model shapes); a larger value is not ours. */
const CACHE_MAX_CHARS = 256 * 1024;
const isBackend = (v: unknown): v is string =>
  typeof v === "string" && Object.hasOwn(BACKEND_LABELS, v);
const isText = (v: unknown, max = 500): v is string => typeof v === "string" && v.length <= max;

/**
 * A remembered measurement as the host can use it, or null: an order of known backends (each once,
 * at least one), timings of known backends (a finite time ≥ 0 or null), skips with a reason.
 */
function validMeasurement(v: unknown): Measurement | null {
  const m = v as Partial<Measurement> | null;
  if (!m || typeof m !== "object" || !Array.isArray(m.order)) return null;
  const { order, timings, skipped } = m;
  const named = Object.keys(BACKEND_LABELS).length;
  if (!order.length || order.length > named || new Set(order).size !== order.length) return null;
  if (!order.every(isBackend)) return null;
  if (!Array.isArray(timings) || timings.length > named || !Array.isArray(skipped)) return null;
  if (
    !timings.every((t) =>
      t && isBackend(t.name) && (t.note === undefined || isText(t.note)) &&
      (t.msPerStep === null || (Number.isFinite(t.msPerStep) && t.msPerStep >= 0))
    )
  ) return null;
  if (
    skipped.length > named || !skipped.every((k) => k && isText(k.name, 40) && isText(k.reason))
  ) return null;
  return {
    order: [...order],
    timings: timings.map((t) => ({ name: t.name, msPerStep: t.msPerStep, note: t.note })),
    skipped: skipped.map((k) => ({ name: k.name, reason: k.reason })),
  };
}

/**
 * This tab's remembered measurements. Anything that is not one (a bad entry, a value that is not
 * JSON, or too large) is dropped, and the cache rewritten without it: the model is timed again.
 */
export function readMeasurements(): Record<string, Measurement> {
  const out: Record<string, Measurement> = {};
  let raw: string | null = null;
  try {
    raw = sessionStorage.getItem(CACHE_KEY);
  } catch { /* no storage: nothing remembered */ }
  if (raw === null) return out;
  let parsed: unknown = null;
  try {
    if (raw.length <= CACHE_MAX_CHARS) parsed = JSON.parse(raw);
  } catch { /* dropped below */ }
  let dropped = !parsed || typeof parsed !== "object" || Array.isArray(parsed);
  for (const [key, value] of dropped ? [] : Object.entries(parsed as object)) {
    const m = key.length <= 200 && key !== "__proto__" ? validMeasurement(value) : null;
    if (m) out[key] = m;
    else dropped = true;
  }
  if (dropped) {
    try {
      sessionStorage.setItem(CACHE_KEY, JSON.stringify(out));
    } catch { /* as above */ }
  }
  return out;
}

export function rememberMeasurement(key: string, value: Measurement): void {
  try {
    const all = readMeasurements();
    all[key] = value;
    // Bounded: the newest 50 model shapes.
    const keys = Object.keys(all);
    for (const k of keys.slice(0, Math.max(0, keys.length - 50))) delete all[k];
    sessionStorage.setItem(CACHE_KEY, JSON.stringify(all));
  } catch { /* storage full or disabled: measure again next time */ }
}

/** The absolute URL of tfjs's `.wasm` folder (a worker resolves URLs against its own). */
const wasmUrl = () => new URL(assetUrl("assets/tfjs/"), location.href).href;
/** The absolute URL of the shipped digits' folder (code cells that use `mnist`). */
const mnistUrl = () => new URL(assetUrl("assets/mnist/"), location.href).href;

/** Which of the page's runtimes: the one that trains, or the one that times GPU backends. */
export type RuntimeRole = "runtime" | "timing";

/** The page event that ends the runtime's worker as a crash would (tests of the recovery). */
export const END_WORKER_EVENT = "nn-runtime:end-worker";
/** The timing worker goes once it has had nothing to time for this long. */
const TIMING_IDLE_MS = 20_000;

/**
 * One runtime of the page: a Web Worker (or, where none starts, a host on the main thread) that
 * serves every session (`Connection`) of the page. Sessions are numbered; messages travel
 * wrapped with the number (`ToWorker`, `FromWorker`). If the worker ends, every session hears
 * an `error` and `lost`, and the next message starts a fresh worker.
 */
class SharedRuntime {
  private worker: Worker | null = null;
  private local: { handle(m: ToWorker): void } | null = null;
  private pending: ToWorker[] = [];
  private started = false;
  private starting = false;
  private readonly sessions = new Map<number, (message: FromHost) => void>();
  private nextSession = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Workers this runtime started (tests and the bench read it through `runtimeStats`). */
  workersStarted = 0;

  constructor(
    readonly role: RuntimeRole,
    private readonly mainThread: () => Promise<HostSetup>,
  ) {}

  open(onMessage: (message: FromHost) => void): number {
    const id = this.nextSession++;
    this.sessions.set(id, onMessage);
    clearTimeout(this.idleTimer);
    return id;
  }

  send(session: number, message: ToHost): void {
    if (!this.sessions.has(session)) return;
    this.post({ session, message });
  }

  end(session: number): void {
    if (!this.sessions.delete(session)) return;
    if (this.started || this.pending.length) this.post({ session, end: true });
    if (this.role === "timing" && this.sessions.size === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.stop(), TIMING_IDLE_MS);
    }
  }

  get open_sessions(): number {
    return this.sessions.size;
  }

  get running(): "worker" | "main" | null {
    return this.worker ? "worker" : this.local ? "main" : null;
  }

  private post(envelope: ToWorker): void {
    if (!this.started) {
      this.pending.push(envelope);
      this.start();
    } else if (this.worker) this.worker.postMessage(envelope);
    else this.local?.handle(structuredClone(envelope));
  }

  private deliver(envelope: FromWorker): void {
    if (envelope.session === 0) {
      for (const listener of this.sessions.values()) listener(envelope.message);
    } else this.sessions.get(envelope.session)?.(envelope.message);
  }

  private start(): void {
    if (this.starting) return;
    this.starting = true;
    if (workerWanted()) {
      try {
        this.startWorker();
        return;
      } catch { /* fall through to the main thread */ }
    }
    this.startLocal();
  }

  private startWorker(): void {
    const url = new URL(
      `${assetUrl("assets/js/runtime-worker.js")}?wasm=${encodeURIComponent(wasmUrl())}` +
        `&mnist=${encodeURIComponent(mnistUrl())}&for=${this.role}`,
      location.href,
    ).href;
    // Started from a blob: URL that imports the bundle, so the worker runs under the page's
    // Content-Security-Policy (builder/plugins/csp.ts): a worker from an http(s) URL would get
    // only the policy of its own response's headers, which a static site cannot send.
    const boot = URL.createObjectURL(
      new Blob([`import ${JSON.stringify(url)};`], { type: "text/javascript" }),
    );
    const worker = new Worker(boot, { type: "module", name: `nn-${this.role}` });
    this.workersStarted++;
    this.worker = worker;
    const timer = setTimeout(() => this.giveUpOnWorker(worker), HELLO_TIMEOUT_MS);
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (this.worker !== worker) return;
      if (!this.started && event.data.message?.type === "hello") {
        URL.revokeObjectURL(boot);
        clearTimeout(timer);
        this.started = true;
        for (const m of this.pending.splice(0)) worker.postMessage(m);
      }
      this.deliver(event.data);
    };
    worker.onerror = (event) => {
      if (this.started || this.worker !== worker) return;
      event.preventDefault?.();
      clearTimeout(timer);
      this.giveUpOnWorker(worker);
    };
    worker.onmessageerror = () => this.crash("a message from the runtime's worker was unreadable");
  }

  /** The worker did not start: run the same host on the main thread. */
  private giveUpOnWorker(worker: Worker): void {
    if (this.started || this.worker !== worker) return;
    worker.terminate();
    this.worker = null;
    this.startLocal();
  }

  private startLocal(): void {
    void (async () => {
      const [{ SessionRouter }, { trainers, notebook }] = await Promise.all([
        import("./sessions.ts"),
        this.mainThread(),
      ]);
      const router = new SessionRouter(
        // Asynchronous, as a worker's messages are: the page never runs inside the host's call.
        (m) => queueMicrotask(() => this.local === router && this.deliver(m)),
        trainers,
        { worker: false, wasmPath: wasmUrl(), notebook },
      );
      this.local = router;
      this.started = true;
      this.deliver({ session: 0, message: { type: "hello", worker: false } });
      for (const m of this.pending.splice(0)) router.handle(m);
    })();
  }

  /** Ends the worker: nothing is open any more (the timing runtime, idle). */
  private stop(): void {
    if (this.sessions.size) return;
    this.worker?.terminate();
    this.worker = null;
    this.local = null;
    this.started = this.starting = false;
    this.pending = [];
  }

  /**
   * The worker ended under every session (a crash; tests end it on purpose): each session hears
   * why and that its trainer is gone; the next message starts a fresh worker.
   */
  crash(reason: string): void {
    if (!this.worker && !this.local) return;
    this.worker?.terminate();
    this.worker = null;
    this.local = null;
    this.started = this.starting = false;
    this.pending = [];
    // `lost` first: what waits on the worker is let go (a cell the notebook was running, a
    // trainer being built); then the island hears why its run stopped.
    for (const listener of [...this.sessions.values()]) {
      listener({ type: "lost" });
      listener({ type: "error", message: reason, nonFinite: false });
      listener({ type: "stopped", steps: 0, reason: "error" });
    }
  }
}

const runtimes = new Map<RuntimeRole, SharedRuntime>();

function runtimeFor(role: RuntimeRole, mainThread: () => Promise<HostSetup>): SharedRuntime {
  let runtime = runtimes.get(role);
  if (!runtime) {
    runtimes.set(role, runtime = new SharedRuntime(role, mainThread));
    // Tests and the bench read what the page's runtimes run (`nnRuntime.stats()`).
    (globalThis as { nnRuntime?: unknown }).nnRuntime = { stats: runtimeStats };
    if (role === "runtime" && typeof document !== "undefined") {
      document.addEventListener(
        END_WORKER_EVENT,
        () => runtime!.crash("the runtime's worker ended; press Play to start it again"),
      );
    }
  }
  return runtime;
}

/** What the page's runtimes run (tests and the bench: one worker, however many islands). */
export function runtimeStats(): Record<
  RuntimeRole,
  { sessions: number; workersStarted: number; running: "worker" | "main" | null }
> {
  const one = (role: RuntimeRole) => {
    const r = runtimes.get(role);
    return {
      sessions: r?.open_sessions ?? 0,
      workersStarted: r?.workersStarted ?? 0,
      running: r?.running ?? null,
    };
  };
  return { runtime: one("runtime"), timing: one("timing") };
}

/**
 * One session of the page's runtime: an island's trainer, the notebook, or a timing of the GPU
 * backends (`role` "timing": a second runtime, so the timing never holds up training).
 */
export class Connection {
  private readonly runtime: SharedRuntime;
  private readonly session: number;
  private closed = false;

  /**
   * `mainThread`: the site's trainers and helpers for the host on the main thread, loaded only
   * when the worker cannot start (`components/trainers.ts`'s `mainThreadSetup`).
   */
  constructor(
    onMessage: (message: FromHost) => void,
    mainThread: () => Promise<HostSetup>,
    role: RuntimeRole = "runtime",
  ) {
    this.runtime = runtimeFor(role, mainThread);
    this.session = this.runtime.open((m) => !this.closed && onMessage(m));
  }

  send(message: ToHost): void {
    if (!this.closed) this.runtime.send(this.session, message);
  }

  /** Ends the session: its trainer (or notebook) is freed; the page's runtime stays. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.runtime.end(this.session);
  }
}

/** What the timing of the GPU backends answered: their timings and skips (or why it failed). */
export interface BackgroundTiming {
  timings: BackendTiming[];
  skipped: { name: string; reason: string }[];
  /** False when it failed or never answered: not worth remembering. */
  complete: boolean;
}

/** Timings under way or done on this page, by measurement key: each model is timed once. */
const timingsByKey = new Map<string, Promise<BackgroundTiming>>();
/** A timing that never answers leaves the quick backends' timing as the answer. */
const TIMING_TIMEOUT_MS = 20_000;

/**
 * Times `candidates` on this model in the page's timing worker, once per page for a `key` (two
 * islands with the same model share the answer). The timing worker runs one timing at a time.
 */
export function timeInBackground(
  key: string,
  request: Omit<Extract<ToHost, { type: "measure" }>, "type">,
  mainThread: () => Promise<HostSetup>,
): Promise<BackgroundTiming> {
  let timing = timingsByKey.get(key);
  if (timing) return timing;
  timing = new Promise<BackgroundTiming>((resolve) => {
    const failed = (reason: string): BackgroundTiming => ({
      timings: [],
      skipped: request.candidates.map((name) => ({ name, reason })),
      complete: false,
    });
    const finish = (value: BackgroundTiming) => {
      clearTimeout(giveUp);
      probe.close();
      // A failed timing may be tried again by the next island that opens this model.
      if (!value.complete) timingsByKey.delete(key);
      resolve(value);
    };
    const giveUp = setTimeout(() => finish(failed("no answer")), TIMING_TIMEOUT_MS);
    const probe = new Connection(
      (m) => {
        if (m.type === "error") finish(failed(m.message));
        else if (m.type === "measured") {
          finish({ timings: m.timings, skipped: m.skipped, complete: true });
        }
      },
      mainThread,
      "timing",
    );
    probe.send({ type: "measure", ...request });
  });
  timingsByKey.set(key, timing);
  return timing;
}
