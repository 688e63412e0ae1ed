/**
 * Running a benchmark in parts that cannot take each other down: each part runs under its own
 * time limit; a part that throws, or outlasts its limit (a WebGL run that stalls the page), is
 * reported as one result with its error, and the next part runs. Used for the benchmarks of
 * `deno task bench` and for the parts inside one (the MNIST page on each backend).
 */

/** One part: a name for the report, the work, and how long it may take. */
export interface Part<T> {
  name: string;
  run: () => Promise<T[]>;
  /** Milliseconds before the part is given up (its work is left behind, not awaited). */
  limitMs: number;
  /** After a failure or a time-out: free what the part held (a browser tab); bounded too. */
  cleanup?: () => Promise<void>;
}

/** What a failed part leaves in the results (a type, not an interface: it is a plain result). */
export type PartFailure = {
  name: string;
  backend: string;
  error: string;
  seconds: number;
};

/** Thrown (and reported) when a part outlasts its limit. */
export class PartTimeout extends Error {
  override name = "PartTimeout";
}

/** `work`, or a `PartTimeout` after `ms` (the work goes on, unobserved). */
export async function withinLimit<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PartTimeout(`${what}: no result within ${Math.round(ms / 1000)} s`)),
      ms,
    );
  });
  // A rejection after the limit must not become an unhandled one.
  work.catch(() => {});
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs the parts in turn; each one's results, or one `PartFailure` for a part that failed. The
 * whole always comes back: `failed` counts the parts that did not.
 */
export async function runParts<T>(
  parts: Part<T>[],
  log: (line: string) => void,
): Promise<{ results: (T | PartFailure)[]; failed: number }> {
  const results: (T | PartFailure)[] = [];
  let failed = 0;
  for (const part of parts) {
    const start = performance.now();
    try {
      results.push(...await withinLimit(part.run(), part.limitMs, part.name));
    } catch (error) {
      failed++;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const seconds = (performance.now() - start) / 1000;
      log(`${part.name}: FAILED after ${seconds.toFixed(1)} s (${message}); going on`);
      results.push({ name: part.name, backend: "", error: message, seconds });
      if (part.cleanup) {
        await withinLimit(part.cleanup(), 10_000, `${part.name} cleanup`).catch((e) =>
          log(`${part.name}: cleanup failed (${e instanceof Error ? e.message : e})`)
        );
      }
    }
  }
  return { results, failed };
}
