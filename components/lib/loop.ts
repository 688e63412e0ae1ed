/**
 * A training loop that never freezes the page: it runs steps for a slice of each animation frame
 * (about 12 ms, at least one step), then hands the frame back to the browser so the page can
 * paint and take input. Play, pause, single step and stop; a diverging loss stops the loop with
 * the engine's message (which says what to change) instead of putting NaN on screen.
 */

export interface LoopOptions {
  /** One training step; resolves to the loss (or anything the caller wants reported). */
  step: () => number | Promise<number>;
  /** After each frame's steps: the step count and the last value. */
  onUpdate?: (steps: number, last: number) => void;
  /** The loop stopped because a step threw; `message` is for the reader. */
  onError?: (message: string, error: unknown) => void;
  /** Stop by itself after this many steps (default: never). */
  maxSteps?: number;
  /** Milliseconds of work per frame (default 12). */
  budgetMs?: number;
  /** Called when the loop stops running (paused, finished or failed). */
  onStop?: () => void;
}

const nextFrame = () =>
  new Promise<void>((resolve) => {
    // requestAnimationFrame stalls in hidden tabs; a timeout keeps a backgrounded run going.
    if (typeof requestAnimationFrame === "function" && document.visibilityState === "visible") {
      requestAnimationFrame(() => resolve());
    } else setTimeout(resolve, 0);
  });

export class TrainingLoop {
  steps = 0;
  running = false;
  last = NaN;
  private stopRequested = false;

  constructor(private readonly opts: LoopOptions) {}

  /** Runs until paused, stopped, finished or failed. */
  async play(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopRequested = false;
    try {
      while (!this.stopRequested && !this.done()) {
        const start = performance.now();
        do {
          if (!(await this.runOne())) return;
        } while (
          !this.stopRequested && !this.done() &&
          performance.now() - start < (this.opts.budgetMs ?? 12)
        );
        this.opts.onUpdate?.(this.steps, this.last);
        await nextFrame();
      }
    } finally {
      this.running = false;
      this.opts.onStop?.();
    }
  }

  /** Asks the loop to stop after the step under way. */
  pause(): void {
    this.stopRequested = true;
  }

  /** Runs exactly one step (when not playing). */
  async stepOnce(): Promise<void> {
    if (this.running) return;
    if (await this.runOne()) this.opts.onUpdate?.(this.steps, this.last);
  }

  private done(): boolean {
    return this.opts.maxSteps !== undefined && this.steps >= this.opts.maxSteps;
  }

  private async runOne(): Promise<boolean> {
    try {
      this.last = await this.opts.step();
      this.steps++;
      return true;
    } catch (error) {
      this.stopRequested = true;
      this.opts.onError?.(error instanceof Error ? error.message : String(error), error);
      return false;
    }
  }
}
