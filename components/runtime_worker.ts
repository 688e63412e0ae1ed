/**
 * The script of the runtime's Web Worker (bundled as `assets/js/runtime-worker.js`): the runtime
 * (`components/runtime/worker.ts`) with this site's trainers (`trainers.ts`).
 */
import { serveWorker } from "./runtime/worker.ts";
import { TRAINERS } from "./trainers.ts";
import { loadShippedFromUrl } from "../mnist/dataset.ts";

serveWorker((mnistUrl) => ({
  trainers: TRAINERS,
  loadMnist: mnistUrl ? () => loadShippedFromUrl(mnistUrl) : undefined,
}));
