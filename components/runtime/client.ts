/**
 * The page's end of the runtime: a `Connection` to a host that runs the engine in a dedicated
 * Web Worker, or, where Workers are unavailable (or fail to start, or `?worker=0` asks for it),
 * on the main thread with the same host code. Measurements of the backends are remembered for
 * the tab in sessionStorage, so a second island with the same model starts at once.
 */
import { assetUrl } from "../base.ts";
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

export function readMeasurements(): Record<string, Measurement> {
  try {
    const raw = sessionStorage.getItem(CACHE_KEY);
    const parsed = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
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
    const url = `${assetUrl("assets/js/runtime-worker.js")}?wasm=${encodeURIComponent(wasmUrl())}` +
      `&mnist=${encodeURIComponent(mnistUrl())}`;
    const worker = new Worker(url, { type: "module" });
    this.worker = worker;
    const timer = setTimeout(() => this.giveUpOnWorker(), HELLO_TIMEOUT_MS);
    worker.onmessage = (event: MessageEvent<FromHost>) => {
      if (event.data.type === "hello") {
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
