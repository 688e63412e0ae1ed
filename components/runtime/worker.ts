/**
 * The runtime's Web Worker: the engine and tfjs live here, so training never blocks the page.
 * The page creates it (`client.ts`) and passes the folders of tfjs's `.wasm` files and of the
 * MNIST digits in the URL. The worker's script (`components/runtime_worker.ts`, outside the
 * runtime) calls `serveWorker` with the site's trainers.
 */
import { type HostSetup, RuntimeHost } from "./host.ts";
import type { FromHost, ToHost } from "./protocol.ts";

/**
 * Serves the page from this worker. `setup(mnistUrl)`: the site's trainers and helpers, given
 * the page's URL of the shipped digits (code cells that use `mnist` fetch them).
 */
export function serveWorker(setup: (mnistUrl: string | null) => HostSetup): void {
  const scope = globalThis as unknown as {
    postMessage(message: FromHost): void;
    onmessage: ((event: MessageEvent<ToHost>) => void) | null;
    location: { href: string };
  };
  const params = new URL(scope.location.href).searchParams;
  const { trainers, loadMnist } = setup(params.get("mnist"));
  const host = new RuntimeHost((m) => scope.postMessage(m), trainers, {
    worker: true,
    wasmPath: params.get("wasm") ?? undefined,
    loadMnist,
  });
  scope.onmessage = (event) => host.handle(event.data);
  scope.postMessage({ type: "hello", worker: true });
}
