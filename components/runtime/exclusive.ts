/**
 * Turns on the engine for the sessions of one runtime worker: tfjs has one active backend and
 * one tensor count, so one session works on it at a time (a slice of training, a build, a
 * question). Fair in time, not in turns: the next turn goes to the waiting session that has used
 * the engine least so far (as Linux's CFS picks the task with the least run time), so a session
 * whose single step takes 500 ms (a CNN) does not get as much of the engine as ten 40 ms slices of
 * an MLP beside it just for asking as often. A session that paused for a while does not bank the
 * time: it comes back level with the least-served session waiting.
 */

/** What one session has used of the engine, in milliseconds (kept by its host). */
export interface Share {
  used: number;
  /**
   * Training: the session yields between two slices (`training.ts`) and asks again at once, so
   * a turn it is owed is held for it a moment rather than given to a more-served session.
   */
  active?: boolean;
}

interface Waiting {
  share: Share;
  seq: number;
  start(): void;
}

/** The longest a turn is held for an active session that has not asked yet (milliseconds). */
const HOLD_MS = 20;

export class Exclusive {
  private busy = false;
  private readonly queue: Waiting[] = [];
  private readonly known = new Set<Share>();
  private seq = 0;
  /** The use of the last session given a turn: no session waits behind less than this. */
  private floor = 0;
  private holding: { since: number; timer: ReturnType<typeof setTimeout> | null } | null = null;

  /** Turns waiting now (tests, the bench). */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Runs `work` in `share`'s turn (default: a share of its own); the time it takes is added to
   * the share. Never call it from inside a turn: that turn would wait for itself.
   */
  run<T>(work: () => Promise<T>, share: Share = { used: this.floor }): Promise<T> {
    if (share.used < this.floor) share.used = this.floor;
    this.known.add(share);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        share,
        seq: this.seq++,
        start: async () => {
          const started = performance.now();
          try {
            resolve(await work());
          } catch (error) {
            reject(error);
          } finally {
            share.used += performance.now() - started;
            this.busy = false;
            this.next();
          }
        },
      });
      // Started from a microtask, as a chained promise would be: never inside the caller.
      queueMicrotask(() => this.next());
    });
  }

  /** A session that ended: it is owed nothing. */
  forget(share: Share): void {
    this.known.delete(share);
  }

  private next(): void {
    if (this.busy || this.queue.length === 0) return;
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      const a = this.queue[i], b = this.queue[best];
      if (a.share.used < b.share.used || (a.share.used === b.share.used && a.seq < b.seq)) {
        best = i;
      }
    }
    // A training session less served than the best waiting one is between two slices: hold the
    // turn for it a moment (it asks within a zero timeout), bounded by HOLD_MS.
    const owed = [...this.known].some((s) =>
      s.active && s.used < this.queue[best].share.used && !this.queue.some((w) => w.share === s)
    );
    const now = performance.now();
    if (owed && (!this.holding || now - this.holding.since < HOLD_MS)) {
      this.holding ??= { since: now, timer: null };
      if (this.holding.timer === null) {
        this.holding.timer = setTimeout(() => {
          if (this.holding) this.holding.timer = null;
          this.next();
        }, 1);
      }
      return;
    }
    if (this.holding?.timer) clearTimeout(this.holding.timer);
    this.holding = null;
    const [turn] = this.queue.splice(best, 1);
    this.busy = true;
    this.floor = Math.max(this.floor, turn.share.used);
    turn.start();
  }
}
