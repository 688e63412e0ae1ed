/**
 * The training loop of one open trainer: trains in slices of `sliceMs`, yielding between slices
 * so a pause (and, on the main thread, the page) gets in; sends a snapshot at most every
 * `snapshotMs`; checkpoints the weights every `checkpointMs` for the fallback (`fallback.ts`).
 * In a worker shared by several sessions, each slice is one turn on the engine (`Turn`).
 */
import type { BackendReport, FromHost, ToHost } from "./protocol.ts";
import type { Engine, Trainer } from "./trainer.ts";
import { BackendLostError, type Guard, guardTrainer, watched } from "./fallback.ts";
import { now, threadsOf, type Turn } from "./backend_choice.ts";

const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export interface LoopOptions {
  sliceMs: number;
  snapshotMs: number;
  checkpointMs: number;
  wasmPath?: string;
  worker: boolean;
  /** The tfjs tensors this session holds (default: all of the engine's). */
  tensors?: () => number;
}

/** Runs work on the engine in this session's turn (`host.ts`): one session at a time. */
export type { Turn };
const alone: Turn = (work) => work();

/** How the host steers a running loop: a pause asked for, questions to answer between slices. */
export interface LoopControl {
  stopAsked: boolean;
  playing: boolean;
  between: (() => Promise<void>)[];
}

/** One open trainer on its backend: its steps, its guard, its backend report. */
export class Session {
  steps = 0;
  closed = false;
  readonly guard: Guard;

  constructor(
    readonly engine: Engine,
    readonly trainer: Trainer,
    public report: BackendReport,
    private readonly post: (message: FromHost) => void,
    private readonly fail: (error: unknown) => void,
    private readonly o: LoopOptions,
  ) {
    this.guard = guardTrainer(engine, trainer, {
      wasmPath: o.wasmPath,
      worker: o.worker,
      report: () => this.report,
      onFallback: (f) => {
        this.report = f.backend;
        this.post({ type: "fallback", ...f });
      },
    });
  }

  /** Free the trainer (a trainer on a lost backend may fail to free its tensors). */
  close(): void {
    this.closed = true;
    try {
      this.trainer.dispose();
    } catch { /* ignore */ }
  }

  /** Move the trainer to a faster backend found by the background timing. */
  async switchTo(m: Extract<ToHost, { type: "switch" }>): Promise<void> {
    const choice = await this.guard.moveTo(m.order);
    await this.trainer.rebuild?.();
    this.report = {
      name: choice.name,
      how: "measured",
      timings: m.timings,
      skipped: [...m.skipped, ...choice.skipped],
      worker: this.o.worker,
      ...threadsOf(this.engine),
    };
    this.post({ type: "backend", backend: this.report });
  }

  /**
   * An island's question to the trainer (`call`). A read that waits on a lost backend fails
   * instead of hanging (`watched`: a lost WebGL context never answers), and a lost backend falls
   * back as a failed step does; then the question is asked once more, on the new backend. Any
   * other failure (a bad argument) is the answer.
   */
  async call<T>(invoke: () => T | Promise<T>): Promise<T> {
    const ask = () => watched(this.engine, Promise.resolve().then(invoke));
    try {
      return await ask();
    } catch (error) {
      if (!(error instanceof BackendLostError) && !this.engine.backendLost()) throw error;
      await this.guard.recover(error);
      return await ask();
    }
  }

  /** One guarded step: a lost backend counts as a failure, so the guard falls back. */
  private async oneStep(): Promise<void> {
    await this.guard.run(async () => {
      const lost = this.engine.backendLost();
      if (lost) throw new Error(lost);
      await this.trainer.step();
    });
    if (!this.closed) this.steps = this.guard.steps;
  }

  /**
   * Train until a pause is asked for, or until `maxSteps` steps in all. Each slice (with its
   * snapshot and checkpoint) is one `turn` on the engine; between two, other sessions of the
   * worker take theirs, in the order they asked, so sessions training at once share it fairly
   * and a paused one costs nothing.
   */
  async play(control: LoopControl, maxSteps?: number, turn: Turn = alone): Promise<void> {
    control.playing = true;
    control.stopAsked = false;
    this.post({ type: "running", steps: this.steps, at: now() });
    let reason: "paused" | "done" | "error" = "paused";
    let lastSnapshot = now(), lastCheckpoint = now();
    try {
      while (!control.stopAsked) {
        if (maxSteps !== undefined && this.steps >= maxSteps) {
          reason = "done";
          break;
        }
        await turn(async () => {
          const start = now();
          do {
            await this.oneStep();
          } while (
            now() - start < this.o.sliceMs && !control.stopAsked &&
            (maxSteps === undefined || this.steps < maxSteps)
          );
          try {
            if (now() - lastSnapshot >= this.o.snapshotMs) {
              await this.sendSnapshot(true);
              lastSnapshot = now();
            }
            if (now() - lastCheckpoint >= this.o.checkpointMs) {
              await watched(this.engine, this.guard.checkpointAsync());
              lastCheckpoint = now();
            }
          } catch (error) {
            if (!(error instanceof BackendLostError)) throw error;
            // The next step finds the backend gone and falls back from the last checkpoint.
            await this.oneStep();
          }
        });
        await pause();
        for (const task of control.between.splice(0)) await task();
      }
      await turn(() => this.sendSnapshot());
    } catch (error) {
      reason = "error";
      this.fail(error);
    } finally {
      control.playing = false;
      for (const task of control.between.splice(0)) await task();
      this.post({ type: "stopped", steps: this.steps, reason, at: now() });
    }
  }

  /** Exactly `n` steps, then a snapshot. */
  async stepN(n: number): Promise<void> {
    try {
      for (let i = 0; i < n; i++) await this.oneStep();
      await this.sendSnapshot();
    } catch (error) {
      this.fail(error);
    }
  }

  async sendSnapshot(live = false): Promise<void> {
    if (this.closed) return;
    const data = await watched(this.engine, this.trainer.snapshot(live));
    if (!this.closed) {
      this.post({
        type: "snapshot",
        steps: this.steps,
        data,
        tensors: this.o.tensors?.() ?? this.engine.numTensors(),
        at: now(),
      });
    }
  }
}
