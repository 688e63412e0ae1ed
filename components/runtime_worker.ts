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
  location: { href: string };
};
const wasmPath = new URL(scope.location.href).searchParams.get("wasm") ?? undefined;
const params = new URL(scope.location.href).searchParams;
const mnistUrl = params.get("mnist");
const host = new RuntimeHost((m) => scope.postMessage(m), TRAINERS, {
  worker: true,
  wasmPath,
  // Code cells that use `mnist` fetch the shipped digits (the page's URL of them).
  loadMnist: mnistUrl ? () => loadShippedFromUrl(mnistUrl) : undefined,
});
scope.onmessage = (event) => host.handle(event.data);
scope.postMessage({ type: "hello", worker: true });
