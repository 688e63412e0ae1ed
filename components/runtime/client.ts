/**
 * The page's end of the runtime: a `Connection` to a host that runs the engine in a dedicated
 * Web Worker, or, where Workers are unavailable (or fail to start, or `?worker=0` asks for it),
 * on the main thread with the same host code. Measurements of the backends are remembered for
 * the tab in sessionStorage, so a second island with the same model starts at once.
 */
import { assetUrl } from "../base.ts";
import { BACKEND_LABELS } from "../lib/text.ts";
import type { FromHost, Measurement, ToHost } from "./protocol.ts";
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

export class Connection {
  private worker: Worker | null = null;
  private local: { handle(m: ToHost): void } | null = null;
  private pending: ToHost[] = [];
  private started = false;
  private closed = false;

  /**
   * `mainThread`: the site's trainers and helpers for the host on the main thread, loaded only
   * when the worker cannot start (`components/trainers.ts`'s `mainThreadSetup`).
   */
  constructor(
    private readonly onMessage: (message: FromHost) => void,
    private readonly mainThread: () => Promise<HostSetup>,
  ) {
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
        `&mnist=${encodeURIComponent(mnistUrl())}`,
      location.href,
    ).href;
    // Started from a blob: URL that imports the bundle, so the worker runs under the page's
    // Content-Security-Policy (builder/plugins/csp.ts): a worker from an http(s) URL would get
    // only the policy of its own response's headers, which a static site cannot send.
    const boot = URL.createObjectURL(
      new Blob([`import ${JSON.stringify(url)};`], { type: "text/javascript" }),
    );
    const worker = new Worker(boot, { type: "module" });
    this.worker = worker;
    const timer = setTimeout(() => this.giveUpOnWorker(), HELLO_TIMEOUT_MS);
    worker.onmessage = (event: MessageEvent<FromHost>) => {
      if (event.data.type === "hello") {
        URL.revokeObjectURL(boot);
        clearTimeout(timer);
        this.started = true;
        for (const m of this.pending.splice(0)) worker.postMessage(m);
      }
      this.onMessage(event.data);
    };
    worker.onerror = (event) => {
      if (this.started) return;
      event.preventDefault?.();
      clearTimeout(timer);
      this.giveUpOnWorker();
    };
  }

  /** The worker did not start: run the same host on the main thread. */
  private giveUpOnWorker(): void {
    if (this.started || this.closed) return;
    this.worker?.terminate();
    this.worker = null;
    this.startLocal();
  }

  private startLocal(): void {
    const queued = this.pending;
    this.pending = [];
    void (async () => {
      const [{ RuntimeHost }, { trainers, loadMnist }] = await Promise.all([
        import("./host.ts"),
        this.mainThread(),
      ]);
      if (this.closed) return;
      const host = new RuntimeHost(
        // Asynchronous, as a worker's messages are: the page never runs inside the host's call.
        (m) => queueMicrotask(() => !this.closed && this.onMessage(m)),
        trainers,
        { worker: false, wasmPath: wasmUrl(), loadMnist },
      );
      this.local = host;
      this.started = true;
      this.onMessage({ type: "hello", worker: false });
      for (const m of [...queued, ...this.pending.splice(0)]) host.handle(m);
    })();
  }

  send(message: ToHost): void {
    if (this.closed) return;
    if (!this.started) this.pending.push(message);
    else if (this.worker) this.worker.postMessage(message);
    else this.local?.handle(structuredClone(message));
  }

  /** Ends the worker at once (a trainer on the main thread is closed instead). */
  close(): void {
    if (this.closed) return;
    if (this.local) this.local.handle({ type: "close" });
    this.closed = true;
    this.worker?.terminate();
    this.worker = null;
  }
}
