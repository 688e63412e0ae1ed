/**
 * Turns on the engine for the sessions of one runtime worker: tfjs has one active backend and
 * one tensor count, so one session works on it at a time (a slice of training, a build, a
 * question), in the order the turns were asked for. A session waiting between two slices lets
 * the others in, so two sessions training at once alternate slices.
 */
export class Exclusive {
  private tail: Promise<unknown> = Promise.resolve();
  /** Sessions waiting for a turn, and whether one is under way (tests, the bench). */
  waiting = 0;

  /** Runs `work` once every turn asked for before it has ended. Never call it from inside one. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(() => {
      this.waiting--;
      return work();
    });
    this.tail = result.catch(() => {});
    return result;
  }
}
