/**
 * The engine's public API: a small reverse-mode autograd over TensorFlow.js, shaped like
 * PyTorch. Start reading at `tensor.ts` (the graph and backward), then `ops/` (one op, its
 * derivative next to it), `functional.ts` (composed ops and losses), `nn.ts`, `optim.ts`.
 */
export {
  assertFinite,
  assertFiniteAsync,
  checkFiniteValues,
  graphOf,
  isGradEnabled,
  noGrad,
  Tensor,
} from "./tensor.ts";
export type { BackwardFn, TensorLike } from "./tensor.ts";
export { ones, rand, randn, tensor, zeros } from "./creation.ts";
export type { CreateOptions } from "./creation.ts";
export { EngineError, MAX_ELEMENTS, NonFiniteLossError } from "./errors.ts";
export { defaultGenerator, Generator, manualSeed } from "./random.ts";
export * as F from "./functional.ts";
export * as nn from "./nn.ts";
export * as optim from "./optim.ts";
export { accuracy, batches, normalize, oneHot } from "./data.ts";
export type { BatchOptions } from "./data.ts";
export {
  backendLost,
  backendName,
  BACKENDS,
  backendThreads,
  checkBackendName,
  fallBackFrom,
  initBackend,
  lastBackendChoice,
  loseBackendForTesting,
  numTensors,
  parseBackendParam,
  startBackend,
  WASM_THREADS,
  wasmThreadsUnavailable,
} from "./backend.ts";
export type { BackendChoice, BackendName, InitOptions } from "./backend.ts";
export { BackendGuard } from "./fallback.ts";
export { liveBytes, memoryBudget, setMemoryBudget } from "./memory.ts";
export type { GuardOptions } from "./fallback.ts";
