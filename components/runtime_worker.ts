/**
 * The runtime's Web Worker (bundled as `assets/js/runtime-worker.js`): the engine and tfjs live
 * here, so training never blocks the page. The page creates it (`runtime/client.ts`) and passes
 * the folders of tfjs's `.wasm` files and of the MNIST digits in the URL. It lives outside
 * `runtime/` because it brings the runtime's host together with this site's trainers.
 */
import { RuntimeHost } from "./runtime/host.ts";
import type { FromHost, ToHost } from "./runtime/protocol.ts";
import { TRAINERS } from "./trainers.ts";
import { loadShippedFromUrl } from "../mnist/dataset.ts";

const scope = globalThis as unknown as {
  postMessage(message: FromHost): void;
  onmessage: ((event: MessageEvent<ToHost>) => void) | null;
};
// Reader code (code cells, exercises) runs in this worker: it gets no Cache Storage (the
// service worker's offline copy is the origin's) and no way to start a worker that has one.
for (const name of ["caches", "Worker", "SharedWorker"]) {
  for (let o: object | null = globalThis; o; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, name)) delete (o as Record<string, unknown>)[name];
  }
}
// The page starts this module from a blob: URL that imports it (client.ts): the folders come in
// the module's own URL.
const params = new URL(import.meta.url).searchParams;
const wasmPath = params.get("wasm") ?? undefined;
const mnistUrl = params.get("mnist");
const host = new RuntimeHost((m) => scope.postMessage(m), TRAINERS, {
  worker: true,
  wasmPath,
  // Code cells that use `mnist` fetch the shipped digits (the page's URL of them).
  loadMnist: mnistUrl ? () => loadShippedFromUrl(mnistUrl) : undefined,
});
scope.onmessage = (event) => host.handle(event.data);
scope.postMessage({ type: "hello", worker: true });
