/**
 * Which tfjs backend runs the math. Everything about backends lives here, so the rest of the
 * engine never names one. The best available is picked in the order WebGPU, WebGL, WASM, CPU;
 * each one skipped is reported with the reason. The GPU and WASM backends are loaded with a
 * dynamic `import()`, so a browser bundle puts each in a chunk of its own and only loads the one
 * it uses.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { EngineError } from "./errors.ts";
import { threadWorker, wasmThreadCount, whileThreadsStart } from "./threads.ts";

/**
 * The backends, best first. `wasm-threads` is tfjs's threaded SIMD WASM build on
 * `wasmThreadCount()` threads (only where the page is cross-origin isolated: engine/threads.ts);
 * `wasm` is the single-threaded SIMD build, everywhere WebAssembly runs.
 */
export const BACKENDS = ["webgpu", "webgl", "wasm-threads", "wasm", "cpu"] as const;
export type BackendName = typeof BACKENDS[number];

export interface BackendChoice {
  /** The backend now running. */
  name: string;
  /** The better ones that were not used, and why. */
  skipped: { name: string; reason: string }[];
}

export interface InitOptions {
  /** Try this one first (a page passes `?backend=`); the others remain as fallbacks. */
  prefer?: BackendName;
  /** Folder (URL) holding the tfjs-backend-wasm `.wasm` files. */
  wasmPath?: string;
  /** Only these, in this order (default: all four). */
  order?: readonly string[];
}

const inDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
/** A page or a Web Worker of one (tfjs's WebGL runs there on an OffscreenCanvas). */
const inBrowser = !inDeno &&
  (typeof (globalThis as { document?: unknown }).document !== "undefined" ||
    typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined");

let lastChoice: BackendChoice | null = null;
/** Threads of the `wasm-threads` backend once started (tfjs's own count), else 0. */
let threadedCount = 0;
/** Whether tfjs's WASM backend was registered again as `wasm` and `wasm-threads`. */
let wasmSplit = false;

/**
 * tfjs registers one `wasm` backend that picks its build when it starts (threaded where it can
 * share memory). Here it is two backends, timed apart: `wasm` starts the single-threaded build,
 * `wasm-threads` the threaded one; both run tfjs's WASM kernels (registered for both names).
 * Switching between them re-binds the kernels to that backend's module (tfjs runs each kernel's
 * setup on `setBackend`); a tensor of one is moved to the other when used there.
 */
function splitWasm(wasm: typeof import("@tensorflow/tfjs-backend-wasm")): void {
  if (wasmSplit) return;
  wasmSplit = true;
  const factory = tf.findBackendFactory("wasm") as () => Promise<tf.KernelBackend>;
  const flag = "WASM_HAS_MULTITHREAD_SUPPORT";
  tf.removeBackend("wasm");
  // tfjs's `init` reads the flag when called, before its first await: set just before, it holds.
  tf.registerBackend("wasm", () => {
    tf.env().set(flag, false);
    return factory();
  }, 2);
  tf.registerBackend(WASM_THREADS, async () => {
    tf.env().set(flag, true);
    const threads = wasmThreadCount();
    wasm.setThreadsCount(threads);
    const backend = await whileThreadsStart(threads, factory);
    // Asked of this backend's own module (tfjs's `getThreadsCount()` tells the last one built).
    threadedCount = (backend as unknown as { wasm: { tfjs: { getThreadsCount(): number } } })
      .wasm.tfjs.getThreadsCount();
    return backend;
  }, 0);
  for (const kernel of tf.getKernelsForBackend("wasm")) {
    tf.registerKernel({ ...kernel, backendName: WASM_THREADS });
  }
}

/** The threaded WASM backend's name. */
export const WASM_THREADS = "wasm-threads";

/** Why the threaded WASM build cannot run here, or null when it may. */
export function wasmThreadsUnavailable(): string | null {
  if (inDeno) return "threads need a cross-origin isolated browser page";
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true) {
    return "the page is not cross-origin isolated, so WASM threads cannot share memory";
  }
  if (typeof SharedArrayBuffer !== "function") return "no SharedArrayBuffer here";
  if (!threadWorker()) return "no Worker here to run WASM threads";
  if (wasmThreadCount() < 2) return "one CPU core: no threads to add";
  return null;
}

/** Threads the running backend computes on: the count of `wasm-threads`, else 1. */
export function backendThreads(): number {
  return tf.getBackend() === WASM_THREADS && threadedCount > 0 ? threadedCount : 1;
}

/** Whether a backend name is one of tfjs's WASM builds (the same kernels). */
export function isWasm(name: string): boolean {
  return name === "wasm" || name === WASM_THREADS;
}
let lastOrder: string[] = [...BACKENDS];

/** Throw a clear error for a name that is not a backend. */
export function checkBackendName(name: string): BackendName {
  if (!(BACKENDS as readonly string[]).includes(name)) {
    throw new EngineError(
      `unknown backend '${name}': choose one of ${BACKENDS.join(", ")}`,
    );
  }
  return name as BackendName;
}

/** The `?backend=` of a page's URL, checked (undefined when absent). */
export function parseBackendParam(url: string | URL): BackendName | undefined {
  const value = new URL(url).searchParams.get("backend");
  return value === null || value === "" ? undefined : checkBackendName(value);
}

/** The parts of a WebGPU adapter looked at here (the DOM types are not assumed). */
interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

/** Whether a WebGPU adapter is a CPU fallback rather than a GPU. */
export function isSoftwareAdapter(adapter: GpuAdapterLike): boolean {
  const info = adapter.info ?? {};
  return !!(adapter.isFallbackAdapter || info.isFallbackAdapter ||
    /swiftshader/i.test(`${info.architecture ?? ""} ${info.description ?? ""}`));
}

/**
 * Load (register) one backend and switch to it, with no fallback; resolves to null, or the reason
 * it failed. (`initBackend` tries several in order; a runtime that times backends uses this.)
 */
export async function startBackend(name: string, opts: InitOptions): Promise<string | null> {
  try {
    // One engine may serve several trainers (a page's runtime worker): one whose backend died
    // fell back, but the dead instance stayed registered, and the next trainer to start that
    // backend got it (its first read failed). It is dropped here, so this start builds anew.
    const instance = tf.engine().registry[name];
    if (instance) {
      if (!isDead(instance)) {
        // Started before and healthy: switching back is only making it current again.
        if (tf.getBackend() !== name && !await tf.setBackend(name)) return "failed to initialize";
        return null;
      }
      dropInstance(name);
    }
    if (name === "webgpu") {
      if (!inBrowser) return "not in a browser";
      const gpu = (navigator as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } })
        .gpu;
      if (!gpu) return "this browser has no WebGPU (navigator.gpu is missing)";
      const adapter = await gpu.requestAdapter();
      if (!adapter) return "WebGPU found no adapter (GPU)";
      // A software adapter (SwiftShader, in headless or GPU-less browsers) runs WebGPU's
      // compute shaders on the CPU, about ten times slower than WebGL does there: use it only
      // when asked for by name.
      if (opts.prefer !== "webgpu" && isSoftwareAdapter(adapter)) {
        return "the WebGPU adapter is software (no GPU); ?backend=webgpu forces it";
      }
      await import("@tensorflow/tfjs-backend-webgpu");
      if (!tf.findBackendFactory("webgpu")) return "not registered";
      const ok = await tf.setBackend(name);
      if (!ok) return "failed to initialize";
      await tf.ready();
      watchDevice();
      return null;
    } else if (name === "webgl") {
      if (!inBrowser) return "not in a browser";
      await import("@tensorflow/tfjs-backend-webgl");
    } else if (isWasm(name)) {
      if (name === WASM_THREADS) {
        const why = wasmThreadsUnavailable();
        if (why) return why;
      }
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      if (inDeno) {
        // Deno's fetch reads file: URLs; worker threads are not set up for it here.
        tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
      }
      if (opts.wasmPath) wasm.setWasmPaths(opts.wasmPath, true);
      else if (inDeno) return "no wasmPath given (the .wasm files' folder)";
      splitWasm(wasm);
      if (name === WASM_THREADS && !await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) {
        return "no WebAssembly SIMD here (the threaded build needs it)";
      }
    } else if (!tf.findBackendFactory(name)) {
      return "not registered";
    }
    const ok = await tf.setBackend(name);
    if (!ok) return "failed to initialize";
    await tf.ready();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
  }
}

/**
 * Pick and start the best backend: `prefer` first if given, then WebGPU, WebGL, WASM, CPU.
 * Resolves to the one running and the reasons the better ones were skipped.
 */
export async function initBackend(opts: InitOptions = {}): Promise<BackendChoice> {
  const order = [...(opts.order ?? BACKENDS)];
  if (opts.order === undefined) order.forEach(checkBackendName);
  if (opts.prefer !== undefined) {
    checkBackendName(opts.prefer);
    order.splice(order.indexOf(opts.prefer), 1);
    order.unshift(opts.prefer);
  }
  lastOrder = order;
  const skipped: { name: string; reason: string }[] = [];
  for (const name of order) {
    const reason = await startBackend(name, opts);
    if (reason === null) {
      lastChoice = { name, skipped };
      return lastChoice;
    }
    skipped.push({ name, reason });
  }
  throw new EngineError(
    `no tfjs backend could start: ${skipped.map((s) => `${s.name} (${s.reason})`).join("; ")}`,
  );
}

let deviceLost: string | null = null;
/** WebGPU devices that went away. */
const lostDevices = new WeakSet<object>();
/** Backend instances a step failed on (`fallBackFrom`): never made current again. */
const failedInstances = new WeakSet<object>();

/** Remember when the WebGPU device goes away (a driver reset, or `loseBackendForTesting`). */
function watchDevice(): void {
  deviceLost = null;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<{ message?: string }> } })
    .device;
  device?.lost?.then((info) => {
    lostDevices.add(device);
    // Told while it is the registered WebGPU instance's device (current or not).
    const webgpu = tf.engine().registry.webgpu as unknown as { device?: unknown } | undefined;
    if (webgpu?.device === device) deviceLost = info?.message || "the WebGPU device was lost";
  });
}

/**
 * Whether a registered backend instance can no longer compute: a step failed on it, its WebGL
 * context is lost, or its WebGPU device went away.
 */
function isDead(instance: tf.KernelBackend): boolean {
  if (failedInstances.has(instance)) return true;
  const gpu = instance as unknown as { gpgpu?: { gl?: WebGL2RenderingContext }; device?: object };
  if (gpu.gpgpu?.gl?.isContextLost()) return true;
  return gpu.device !== undefined && lostDevices.has(gpu.device);
}

/**
 * Unregisters the instance of backend `name` (tfjs's `removeBackend`, which frees it), keeping its
 * factory: the next `setBackend(name)` builds a fresh one (a new WebGPU device, a new WebGL
 * context). Tensors left on the old one fail when read, and their trainer falls back.
 */
function dropInstance(name: string): void {
  const engine = tf.engine();
  const entry = engine.registryFactory[name];
  if (!entry) return;
  try {
    tf.removeBackend(name);
  } catch {
    // Freeing a dead device can throw: it is forgotten all the same.
    delete engine.registry[name];
    delete engine.registryFactory[name];
  }
  tf.registerBackend(name, entry.factory, entry.priority);
}

/** The WebGL context of the running backend, when it is WebGL. */
function glContext(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== "webgl") return null;
  const gpgpu = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu;
  return gpgpu?.gl ?? null;
}

/**
 * Why the running backend can no longer compute (a lost WebGL context, a lost WebGPU device), or
 * null while it is healthy. A lost context does not make tfjs throw: its reads return zeros, so a
 * training loop asks here and treats an answer as a backend failure.
 */
export function backendLost(): string | null {
  const gl = glContext();
  if (gl?.isContextLost()) return "the WebGL context was lost";
  if (tf.getBackend() === "webgpu" && deviceLost) return deviceLost;
  return null;
}

/**
 * Make the running GPU backend fail as a real device would (tests of the fallback path): WebGL
 * loses its context through WEBGL_lose_context; WebGPU destroys its device. Returns whether it
 * did anything (not on WASM or the CPU).
 */
export function loseBackendForTesting(): boolean {
  const gl = glContext();
  if (gl) {
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return true;
  }
  const device = (tf.backend() as unknown as { device?: { destroy?: () => void } }).device;
  if (tf.getBackend() === "webgpu" && device?.destroy) {
    device.destroy();
    return true;
  }
  return false;
}

/** How many tfjs tensors are alive: a training step must leave this unchanged. */
export function numTensors(): number {
  return tf.memory().numTensors;
}

/** The backend running now ("cpu", "webgl", ...). */
export function backendName(): string {
  return tf.getBackend();
}

/** What the last `initBackend` chose and skipped (null before it ran). */
export function lastBackendChoice(): BackendChoice | null {
  return lastChoice;
}

/**
 * After `failed` broke mid-run: start the next backend after it in the last `initBackend` order.
 * The caller then rebuilds its tensors from values it saved (see `Trainer`).
 */
export async function fallBackFrom(failed: string, opts: InitOptions = {}): Promise<BackendChoice> {
  // Whoever starts this backend next (another trainer of the same engine) gets a fresh instance.
  const instance = tf.engine().registry[failed];
  if (instance) failedInstances.add(instance);
  const rest = lastOrder.slice(lastOrder.indexOf(failed) + 1);
  if (rest.length === 0) {
    throw new EngineError(
      `backend '${failed}' failed and there is no other backend to fall back to`,
    );
  }
  const choice = await initBackend({ ...opts, order: rest });
  choice.skipped.unshift({ name: failed, reason: "failed during training" });
  lastOrder = rest;
  return choice;
}
