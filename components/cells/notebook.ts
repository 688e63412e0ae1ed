/**
 * The page's side of a lesson's code cells: one notebook per page, shared by every `CodeCell`
 * island (a module-level value, like `components/mnist/store.ts`). It owns the runtime
 * connection (a Web Worker running the workspace), runs cells one at a time in the order asked,
 * knows which cells are stale (an earlier cell changed, or ran again, since they ran), and stops a
 * runaway cell by ending the worker (the workspace restarts, and says so).
 */
import {
  Connection,
  forcedBackend,
  readMeasurements,
  rememberMeasurement,
} from "../runtime/client.ts";
import type { BackendName } from "../../engine/mod.ts";
import type { BackendReport, FromHost } from "../runtime/protocol.ts";
import type { CellOutput } from "./output.ts";
import type { CellError } from "./workspace.ts";
import { probeFor } from "./probe_trainer.ts";
import { mainThreadSetup } from "../trainers.ts";
import type { Verdict } from "../exercises/verdict.ts";

/** How long Stop waits for a cell to notice before ending the worker. */
const STOP_GRACE_MS = 250;

export interface CellListener {
  /** The code the cell holds now (edited or not). */
  code(): string;
  /** The names the lesson's code of the cell defines at its top level (known at build time). */
  defines?: readonly string[];
  output(o: CellOutput): void;
  started(): void;
  /** `verdict`: an exercise's, when the run asked for a check (`run(index, check)`). */
  done(error: CellError | undefined, ms: number, verdict?: Verdict): void;
  /**
   * The workspace was thrown away (Restart, or Stop had to end the worker, or it stopped
   * answering: `lost`).
   */
  reset(reason: "restart" | "stopped" | "lost"): void;
  /** Something changed that may make this cell stale. */
  changed(): void;
}

interface RunRecord {
  /** Order of the runs, page-wide. */
  seq: number;
  /** The code of the cells above it when it ran. */
  above: string[];
}

export class Notebook {
  private connection: Connection | null = null;
  private ready: Promise<BackendReport> | null = null;
  private readyResolve: ((r: BackendReport) => void) | null = null;
  private readyReject: ((e: Error) => void) | null = null;
  private cells = new Map<number, CellListener>();
  private runs = new Map<number, RunRecord>();
  private seq = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private current: { index: number; finish: (error?: CellError) => void } | null = null;
  backend: BackendReport | null = null;

  constructor(readonly lesson: string) {}

  register(index: number, cell: CellListener): () => void {
    this.cells.set(index, cell);
    return () => this.cells.delete(index);
  }

  /** Whether cell `index` ran, and an earlier cell has changed or run again since. */
  isStale(index: number): boolean {
    const mine = this.runs.get(index);
    if (!mine) return false;
    const above = this.above(index);
    if (above.length !== mine.above.length || above.some((c, i) => c !== mine.above[i])) {
      return true;
    }
    for (const [j, r] of this.runs) if (j < index && r.seq > mine.seq) return true;
    return false;
  }

  /** A cell's code changed: the cells below may be stale now. */
  edited(): void {
    for (const c of this.cells.values()) c.changed();
  }

  private above(index: number): string[] {
    return [...this.cells.keys()].filter((j) => j >= 0 && j < index).sort((a, b) => a - b)
      .map((j) => this.cells.get(j)!.code());
  }

  private open(): Promise<BackendReport> {
    if (this.ready) return this.ready;
    this.ready = new Promise<BackendReport>((resolve, reject) => {
      this.readyResolve = resolve;
      this.readyReject = reject;
    });
    const connection = new Connection((m) => this.onMessage(connection, m), mainThreadSetup);
    this.connection = connection;
    connection.send({
      type: "workspace",
      probe: probeFor(this.lesson),
      force: forcedBackend() as BackendName | undefined,
      cache: readMeasurements(),
    });
    return this.ready;
  }

  private onMessage(from: Connection, m: FromHost): void {
    if (from !== this.connection) return; // a worker ended by Stop or Restart
    switch (m.type) {
      case "ready":
        if (m.measured) rememberMeasurement(m.measured.key, m.measured.value);
        this.backend = m.backend;
        this.readyResolve?.(m.backend);
        return;
      case "error":
        // The workspace could not open (an unknown ?backend=, say).
        this.readyReject?.(new Error(m.message));
        this.ready = null;
        this.connection?.close();
        this.connection = null;
        return;
      case "output":
        this.cells.get(m.cell)?.output(m.output);
        return;
      case "lost":
        this.restart("lost");
        return;
      case "done":
        if (this.current?.index === m.cell) {
          // The runtime carries a verdict with any reason (`CellVerdict`); this site's relay
          // judges with its own checkers (`components/exercises/`), whose reasons these are.
          this.cells.get(m.cell)?.done(m.error, m.ms, m.verdict as Verdict | undefined);
          this.current.finish(m.error);
        }
        return;
    }
  }

  /**
   * Runs cell `index` after any cell already asked to run; `check`: an exercise's code checker
   * to run on what the code defined (exercises register with negative indices).
   */
  run(index: number, check?: string): Promise<CellError | undefined> {
    const task = this.chain.then(() => this.runNow(index, check));
    this.chain = task.catch(() => {});
    return task;
  }

  private async runNow(index: number, check?: string): Promise<CellError | undefined> {
    const cell = this.cells.get(index);
    if (!cell) return undefined;
    cell.started();
    try {
      await this.open();
    } catch (error) {
      const e: CellError = { kind: "runtime", name: "Error", message: (error as Error).message };
      cell.done(e, 0);
      return e;
    }
    const code = cell.code();
    this.runs.set(index, { seq: ++this.seq, above: this.above(index) });
    const result = await new Promise<CellError | undefined>((finish) => {
      this.current = { index, finish };
      this.connection!.send({ type: "exec", cell: index, code, check });
    });
    this.current = null;
    for (const c of this.cells.values()) c.changed();
    return result;
  }

  /** Runs every cell from the first, in order, stopping at the first that fails. */
  async runAll(): Promise<void> {
    await this.runThrough(Infinity);
  }

  /** Runs the cells from the first through cell `last`, in order, stopping at the first failure. */
  async runThrough(last: number): Promise<CellError | undefined> {
    for (
      const index of [...this.cells.keys()].filter((i) => i >= 0 && i <= last).sort((a, b) => a - b)
    ) {
      const error = await this.run(index);
      if (error) return error;
    }
    return undefined;
  }

  /** The nearest cell above cell `index` that defines `name` (null: none does). */
  definedAbove(index: number, name: string): number | null {
    const above = [...this.cells.keys()].filter((j) => j >= 0 && j < index).sort((a, b) => b - a);
    return above.find((j) => this.cells.get(j)!.defines?.includes(name)) ?? null;
  }

  /**
   * Stops the running cell: asks it to stop at its next output, and ends the worker if it has
   * not within STOP_GRACE_MS (a loop that never yields cannot hear the request).
   */
  stop(): void {
    const current = this.current;
    if (!current) return;
    this.connection?.send({ type: "interrupt" });
    setTimeout(() => {
      if (this.current === current) this.restart("stopped");
    }, STOP_GRACE_MS);
  }

  /** Throws the workspace away: every name is forgotten, every cell is idle again. */
  restart(reason: "restart" | "stopped" | "lost" = "restart"): void {
    this.connection?.close();
    this.connection = null;
    this.ready = null;
    this.runs.clear();
    const current = this.current;
    this.current = null;
    // Queued runs are dropped: a fresh chain.
    this.chain = Promise.resolve();
    for (const c of this.cells.values()) c.reset(reason);
    current?.finish({ kind: "interrupted", name: "Interrupted", message: reason });
  }
}

const notebooks = new Map<string, Notebook>();

/** The notebook of a lesson on this page (one per lesson). */
export function notebookFor(lesson: string): Notebook {
  let nb = notebooks.get(lesson);
  if (!nb) notebooks.set(lesson, nb = new Notebook(lesson));
  return nb;
}
