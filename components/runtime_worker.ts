/**
 * The runtime's Web Worker (bundled as `assets/js/runtime-worker.js`): the engine and tfjs live
 * here, so training never blocks the page. The page starts one (`runtime/client.ts`), shared by
 * all its islands and its notebook, each a session of it (`runtime/sessions.ts`), and passes the
 * folders of tfjs's `.wasm` files and of the MNIST digits in the URL. It lives outside
 * `runtime/` because it brings the runtime's host together with this site's trainers.
 *
 * The same bundle with `role=cells` is the notebook's cell realm (`components/cells/relay.ts`):
 * a worker this one starts, where reader code runs; it reaches only this worker's relay.
 */
import { RuntimeHost } from "./runtime/host.ts";
import { SessionRouter } from "./runtime/sessions.ts";
import type { FromHost, FromWorker, ToHost, ToWorker } from "./runtime/protocol.ts";
import { TRAINERS } from "./trainers.ts";
import { loadDigitsAt } from "./mnist/digits.ts";
import { type CellRealm, lockRealm } from "./cells/relay.ts";
import { cellNotebook } from "./cells/host_notebook.ts";
import { provideThreadWorker } from "../engine/threads.ts";

const scope = globalThis as unknown as {
  postMessage(message: FromHost | FromWorker): void;
  onmessage: ((event: MessageEvent<ToHost | ToWorker>) => void) | null;
};
// The relay's own way to start the cell realm, kept before `Worker` leaves the global below.
const StartWorker = typeof Worker === "function" ? Worker : undefined;
// Reader code (code cells, exercises) gets no Cache Storage (the service worker's offline copy is
// the origin's) and no way to start a worker that has one: gone before any reader code runs.
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
// `role=cells`: the notebook's cell realm, started by the runtime's own worker; reader code runs
// here, and `close()` is refused before any of it runs.
const cells = params.get("role") === "cells";
if (cells) lockRealm(globalThis);
// tfjs's threaded WASM build starts its threads with the global `Worker`, while it initialises:
// the engine puts the private reference back for that time only (engine/threads.ts). Never in the
// cell realm, where reader code runs: its notebook computes on single-threaded WASM.
if (!cells) provideThreadWorker(() => StartWorker);

/**
 * Starts the cell realm: this bundle with `role=cells`, from a blob: URL that imports it, so it
 * runs under the page's Content-Security-Policy as this worker does (a worker from an http(s) URL
 * would get only its response's headers' policy, which a static site cannot send).
 */
function startCellRealm(Start: typeof Worker): CellRealm {
  const url = new URL(import.meta.url);
  url.searchParams.set("role", "cells");
  const boot = URL.createObjectURL(
    new Blob([`import ${JSON.stringify(url.href)};`], { type: "text/javascript" }),
  );
  const worker = new Start(boot, { type: "module" });
  // Its first message (hello) or error: the blob has been read.
  const revoke = () => URL.revokeObjectURL(boot);
  worker.addEventListener("message", revoke, { once: true });
  worker.addEventListener("error", revoke, { once: true });
  return worker as unknown as CellRealm;
}

// Code cells that use `mnist` read the shipped digits (the page's URL of them): in the runtime's
// worker, the copy its trainers decoded.
const loadMnist = mnistUrl ? () => loadDigitsAt(mnistUrl) : undefined;
if (cells) {
  // The cell realm serves one notebook, through the relay of the runtime's worker: its cells run
  // here.
  const host = new RuntimeHost((m) => scope.postMessage(m), {}, {
    worker: true,
    wasmPath,
    notebook: cellNotebook({ loadMnist }),
  });
  scope.onmessage = (event) => host.handle(event.data as ToHost);
  scope.postMessage({ type: "hello", worker: true });
} else {
  // The page's one runtime: every island and the notebook are sessions of it (one engine).
  // The notebook's cells run in the cell realm, a worker of their own, where one can start.
  const router = new SessionRouter((m) => scope.postMessage(m), TRAINERS, {
    worker: true,
    wasmPath,
    notebook: cellNotebook({
      loadMnist,
      cellRealm: StartWorker ? () => startCellRealm(StartWorker) : undefined,
    }),
  });
  scope.onmessage = (event) => router.handle(event.data as ToWorker);
  scope.postMessage({ session: 0, message: { type: "hello", worker: true } });
}
