/**
 * When a backend dies mid-run (a lost WebGL context, a lost WebGPU device): the trainer's
 * weights are checkpointed every `checkpointMs`, and a failed step carries on on the next
 * backend from that checkpoint (the engine's `BackendGuard`), with a report that says why.
 */
import type { BackendReport } from "./protocol.ts";
import type { Engine, Trainer } from "./trainer.ts";
import { errorMessage } from "../lib/format.ts";
import { threadsOf } from "./backend_choice.ts";

/** Thrown when a read waits on a backend that is gone (a lost context never answers reads). */
export class BackendLostError extends Error {
  override name = "BackendLostError";
}

export type Guard = InstanceType<Engine["BackendGuard"]>;

/** What the fallback tells the page: the backend now, where it came from, from which step. */
export interface FallbackReport {
  from: string;
  reason: string;
  steps: number;
  backend: BackendReport;
}

/**
 * Guards `trainer`'s steps: on a failure, the guard restores the last checkpoint on the next
 * backend, the trainer rebuilds its data there, and `onFallback` hears of it.
 */
export function guardTrainer(
  engine: Engine,
  trainer: Trainer,
  o: {
    wasmPath?: string;
    worker: boolean;
    /** The timings of the backend report before (kept in the new one). */
    report: () => BackendReport | null;
    onFallback: (fallback: FallbackReport) => void;
  },
): Guard {
  const guard: Guard = new engine.BackendGuard({
    // Read at each checkpoint: a trainer may replace its model and optimizer (MyDigits loads a
    // weights file); a guard holding the first ones would checkpoint disposed tensors.
    get model() {
      return trainer.model;
    },
    get optimizer() {
      return trainer.optimizer;
    },
    checkpointEvery: 0,
    init: { wasmPath: o.wasmPath },
    onFallback: async (choice, error) => {
      await trainer.rebuild?.();
      const backend: BackendReport = {
        name: choice.name,
        how: "fallback",
        timings: o.report()?.timings ?? [],
        // The badge's details say what went wrong, not only that something did.
        skipped: choice.skipped.map((s, i) => i === 0 ? { ...s, detail: errorMessage(error) } : s),
        worker: o.worker,
        ...threadsOf(engine),
      };
      o.onFallback({
        from: choice.skipped[0]?.name ?? "",
        reason: errorMessage(error),
        steps: guard.checkpointStep ?? 0,
        backend,
      });
    },
  });
  return guard;
}

/**
 * Waits for `read` (values coming back from the backend), checking every 100 ms that the
 * backend is still there: a lost WebGL context never answers, so the read would hang.
 */
export async function watched<T>(engine: Engine, read: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setInterval> | undefined;
  const lost = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const why = engine.backendLost();
      if (why) reject(new BackendLostError(why));
    }, 100);
  });
  try {
    return await Promise.race([read, lost]);
  } finally {
    clearInterval(timer);
  }
}
