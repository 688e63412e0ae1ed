/**
 * The runtime's Web Worker: the engine and tfjs live here, so training never blocks the page.
 * The page creates it (`client.ts`) and passes the folders of tfjs's `.wasm` files and of the
 * MNIST digits in the URL.
 */
import { RuntimeHost } from "./host.ts";
import type { FromHost, ToHost } from "./protocol.ts";
import { TRAINERS } from "./trainers.ts";
import { loadShippedFromUrl } from "../../mnist/dataset.ts";
import { type CellRealm, lockRealm } from "../cells/relay.ts";

const scope = globalThis as unknown as {
  postMessage(message: FromHost): void;
  onmessage: ((event: MessageEvent<ToHost>) => void) | null;
  location: { href: string };
};
const wasmPath = new URL(scope.location.href).searchParams.get("wasm") ?? undefined;
const params = new URL(scope.location.href).searchParams;
const mnistUrl = params.get("mnist");
// `role=cells`: the notebook's cell realm, started by the runtime's own worker
// (`components/cells/relay.ts`); reader code runs here, and reaches only that worker.
const cells = params.get("role") === "cells";
if (cells) lockRealm(scope);
const host = new RuntimeHost((m) => scope.postMessage(m), cells ? {} : TRAINERS, {
  worker: true,
  wasmPath,
  // Code cells that use `mnist` fetch the shipped digits (the page's URL of them).
  loadMnist: mnistUrl ? () => loadShippedFromUrl(mnistUrl) : undefined,
  cellRealm: cells || typeof Worker !== "function" ? undefined : () => {
    const url = new URL(scope.location.href);
    url.searchParams.set("role", "cells");
    return new Worker(url, { type: "module" }) as unknown as CellRealm;
  },
});
scope.onmessage = (event) => host.handle(event.data);
scope.postMessage({ type: "hello", worker: true });
