/**
 * Loading the engine from an island. The engine and tfjs are imported with a dynamic `import()`,
 * so the bundler puts them in chunks of their own that a page fetches only when a reader first
 * asks an island to train. The backend is chosen once per page: `?backend=webgl` (or webgpu,
 * wasm, cpu) in the page's URL forces one; otherwise the best available runs.
 */
import { assetUrl } from "../base.ts";

export type Engine = typeof import("../../engine/mod.ts");
export type { BackendChoice } from "../../engine/mod.ts";

export interface LoadedEngine {
  engine: Engine;
  /** The backend running and the better ones skipped, with reasons. */
  choice: import("../../engine/mod.ts").BackendChoice;
}

let loading: Promise<LoadedEngine> | undefined;

export interface LoadOptions {
  /**
   * Try this backend first when the URL names none. Tiny models (a few hundred numbers) are
   * dispatch-bound on the GPU: each op costs a shader launch, so WASM or the CPU can train them
   * several times faster. The first island on a page to load the engine decides for the page.
   */
  prefer?: import("../../engine/mod.ts").BackendName;
}

/** Loads the engine and starts a backend (once per page; later calls share it). */
export function loadEngine(opts: LoadOptions = {}): Promise<LoadedEngine> {
  loading ??= (async () => {
    const engine = await import("../../engine/mod.ts");
    const prefer = engine.parseBackendParam(location.href) ?? opts.prefer;
    const choice = await engine.initBackend({ prefer, wasmPath: assetUrl("assets/tfjs/") });
    return { engine, choice };
  })();
  // A failed start (an unknown ?backend=, say) may be retried after the reader fixes the URL.
  loading.catch(() => (loading = undefined));
  return loading;
}

/** A message for the reader from anything an engine call threw. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
