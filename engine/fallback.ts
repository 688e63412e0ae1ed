/**
 * Carrying on when a backend dies mid-run (a lost WebGL context, a GPU reset). A `BackendGuard`
 * copies the weights (and the optimizer's state) to plain arrays every few steps. If a step throws
 * something that is not an `EngineError`, it starts the next backend in the `initBackend` order,
 * rebuilds the parameters there from the last copy, tells the page, and runs the step again.
 */
import {
  type BackendChoice,
  backendName,
  fallBackFrom,
  initBackend,
  type InitOptions,
} from "./backend.ts";
import { EngineError } from "./errors.ts";
import type { Module } from "./nn.ts";
import type { Optimizer } from "./optim.ts";

/** At most this many backends in a row are tried after the first fails (there are five). */
const MAX_FALLBACKS = 4;

export interface GuardOptions {
  model: Module;
  optimizer?: Optimizer;
  /**
   * Copy the weights out every this many steps (default 10; each copy waits for the backend).
   * 0: never by itself — the caller copies with `checkpointAsync()` (pages on GPU backends, where
   * a synchronous read stalls), starting before the first `run`.
   */
  checkpointEvery?: number;
  /** Passed to `initBackend` for the next backend (`wasmPath`). */
  init?: InitOptions;
  /** Called after a switch: rebuild anything else that lived on the dead backend (the data). */
  onFallback?: (choice: BackendChoice, error: unknown) => void | Promise<void>;
}

export class BackendGuard {
  /** Successful steps so far. */
  steps = 0;
  /** The step count at the last copy of the weights. */
  checkpointStep = 0;
  private saved: {
    model: ReturnType<Module["stateDict"]>;
    optimizer?: ReturnType<Optimizer["stateDict"]>;
  };

  constructor(private readonly opts: GuardOptions) {
    this.saved = opts.checkpointEvery === 0 ? { model: {} } : this.copy();
  }

  private copy() {
    return { model: this.opts.model.stateDict(), optimizer: this.opts.optimizer?.stateDict() };
  }

  /** Copy the weights out now. */
  checkpoint(): void {
    this.saved = this.copy();
    this.checkpointStep = this.steps;
  }

  /** Copy the weights out without blocking (reads GPU backends asynchronously). */
  async checkpointAsync(): Promise<void> {
    const steps = this.steps;
    const [model, optimizer] = await Promise.all([
      this.opts.model.stateDictAsync(),
      this.opts.optimizer?.stateDictAsync(),
    ]);
    this.saved = { model, optimizer };
    this.checkpointStep = steps;
  }

  /** Put the last copy back into the model and the optimizer, on the backend running now. */
  private restore(): void {
    this.opts.model.loadStateDict(this.saved.model);
    if (this.opts.optimizer && this.saved.optimizer) {
      this.opts.optimizer.loadStateDict(this.saved.optimizer);
    }
  }

  /**
   * Move to another backend on purpose (a faster one was found): copy the weights out, start the
   * first backend of `order` that works (the rest stay as fallbacks), copy them back in. The
   * caller rebuilds its other tensors (the data) afterwards, as after a fallback.
   */
  async moveTo(order: readonly string[]): Promise<BackendChoice> {
    await this.checkpointAsync();
    const choice = await initBackend({ ...this.opts.init, order });
    this.restore();
    return choice;
  }

  /**
   * Start the next backend after the one running now and put the last copy back there. Moving the
   * weights can fail on the new backend as well: then the one after it. With none left, `error`
   * (the step's own failure) is what the caller hears.
   */
  private async fallBack(error: unknown): Promise<void> {
    for (let tries = 0;; tries++) {
      let choice: BackendChoice;
      try {
        choice = await fallBackFrom(backendName(), this.opts.init);
      } catch {
        throw error;
      }
      try {
        this.restore();
        this.steps = this.checkpointStep;
        await this.opts.onFallback?.(choice, error);
        return;
      } catch (again) {
        if (again instanceof EngineError || tries >= MAX_FALLBACKS) throw again;
      }
    }
  }

  /**
   * After a backend failure outside `run` (a question asked of the model, not a step): start the
   * next backend and put the last copy back there, as a failed step would, without counting a
   * step. Throws `error` when no backend is left.
   */
  async recover(error: unknown): Promise<void> {
    await this.fallBack(error);
  }

  /**
   * Run one training step; on a backend failure, switch backend, restore and run it again. The
   * next backend may fail too (software WebGPU dying can take a WebGL context of the same worker
   * with it): then the one after it, until a backend runs the step or none is left (then the
   * step's own error is thrown, as `fallBack` says).
   */
  async run<T>(step: () => T | Promise<T>): Promise<T> {
    let result: T;
    for (let tries = 0;; tries++) {
      try {
        result = await step();
        break;
      } catch (error) {
        // A mistake in the model, not the backend; or the backends tried are enough.
        if (error instanceof EngineError || tries >= MAX_FALLBACKS) throw error;
        await this.fallBack(error);
      }
    }
    this.steps++;
    const every = this.opts.checkpointEvery ?? 10;
    if (every > 0 && this.steps - this.checkpointStep >= every) this.checkpoint();
    return result;
  }
}
