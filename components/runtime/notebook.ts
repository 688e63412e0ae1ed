/**
 * The notebook, as one of the host's jobs: a lesson's code cells run in a workspace (`workspace`,
 * then `exec` per cell, answered by `output`s and a `done`). The runtime knows only this shape;
 * the site plugs the notebook in (`Notebook`, implemented by `components/cells/host_notebook.ts`
 * and passed in by `components/runtime_worker.ts`, by `components/trainers.ts`'s `mainThreadSetup`
 * for the main-thread fallback, and by `deno task lesson`), as it passes in its trainers. A host
 * with no notebook answers a `workspace` with an error and an `exec` with "no workspace is open".
 */
import {
  type BackendReport,
  type CellError,
  type CellOutput,
  type CellVerdict,
  type FromHost,
  noWorkspace,
  type ToHost,
} from "./protocol.ts";
import type { Engine, TrainerModule } from "./trainer.ts";
import { type Chosen, now } from "./backend_choice.ts";

export type WorkspaceMessage = Extract<ToHost, { type: "workspace" }>;
export type ExecMessage = Extract<ToHost, { type: "exec" }>;

/** Where cells run in the host's own realm: names kept from cell to cell. */
export interface CellWorkspace {
  /** Runs `code`; its outputs go to `emit`; resolves with its error, if any. */
  exec(
    code: string,
    emit: (output: CellOutput) => void,
    test?: Record<string, string>,
  ): Promise<CellError | undefined>;
  /** An exercise's code checker (by name) on the names the code defined. */
  verdict(check: string, code: string): Promise<CellVerdict>;
  /** A code checker's first half only: plain outcomes, for a relay to judge. */
  outcomes(check: string): Promise<unknown>;
  /** The running cell stops at its next output. */
  interrupt(): void;
}

/** Cells run in a realm of their own, reached through this relay (it posts to the page itself). */
export interface CellRelayPort {
  open(message: WorkspaceMessage): Promise<void>;
  exec(message: ExecMessage): Promise<void>;
  interrupt(): void;
  close(): void;
}

/** What the site plugs into the runtime for its code cells. */
export interface Notebook {
  /** The trainer timed to choose the workspace's backend (a step of the lesson's size). */
  probe(): Promise<TrainerModule>;
  /** A workspace on `engine`. `ownsEngine`: no other session uses this engine. */
  workspace(
    engine: Engine,
    options: { batchMs: number; ownsEngine: boolean },
  ): Promise<CellWorkspace>;
  /**
   * When present, reader code runs out of the host's reach, in a realm this relay starts; the
   * relay sends the page's messages through `post`. Absent: cells run in the host's realm.
   */
  relay?(post: (message: FromHost) => void): CellRelayPort;
}

/** What the job needs from its host: the engine, the backend choice, the way to the page. */
export interface NotebookHost {
  engine(): Promise<Engine>;
  /** Chooses the workspace's backend by timing `module` (the notebook's probe). */
  choose(
    engine: Engine,
    choice: Pick<WorkspaceMessage, "force" | "cache"> & {
      module: TrainerModule;
      props: unknown;
    },
  ): Promise<Chosen>;
  post(message: FromHost): void;
  /** The host runs in a Web Worker (the notebook then has the engine to itself). */
  worker: boolean;
}

/** One session's notebook: its workspace (or its relay), opened and run cell by cell. */
export class NotebookJob {
  private workspace: CellWorkspace | null = null;
  private relay: CellRelayPort | null = null;
  /** The workspace's backend. */
  report: BackendReport | null = null;

  constructor(private readonly host: NotebookHost, private readonly notebook?: Notebook) {}

  /** Cells run in a realm of their own: the job never holds this realm's engine. */
  get relayed(): boolean {
    return this.notebook?.relay !== undefined;
  }

  /** A workspace (or a relay) is open. */
  get open(): boolean {
    return this.workspace !== null || this.relay !== null;
  }

  /** Opens the workspace (closing any open one first); answers `ready`. */
  async openWorkspace(m: WorkspaceMessage): Promise<void> {
    this.close();
    const notebook = this.notebook;
    if (!notebook) throw new Error("this runtime has no notebook");
    if (notebook.relay) {
      this.relay = notebook.relay((message) => this.host.post(message));
      return this.relay.open(m);
    }
    const engine = await this.host.engine();
    const module = await notebook.probe();
    // Cells run whatever the reader writes, so the backend is chosen once, up front, from every
    // candidate (no switch later: the workspace's tensors live on it).
    const { report, measured } = await this.host.choose(engine, {
      module,
      props: m.probe,
      force: m.force,
      cache: m.cache,
    });
    // Printed lines go to the page in batches (a cell printing in a loop sends a few messages).
    // In a worker, the notebook has the engine to itself: its memory budget always holds.
    this.workspace = await notebook.workspace(engine, {
      batchMs: 50,
      ownsEngine: this.host.worker,
    });
    this.report = report;
    this.host.post({ type: "ready", backend: report, measured });
  }

  /** Runs one cell: `started`, its `output`s, then `done` (with the exercise's verdict if asked). */
  async exec(m: ExecMessage): Promise<void> {
    if (this.relay) return this.relay.exec(m);
    const workspace = this.workspace;
    if (!workspace) {
      this.host.post(noWorkspace(m.cell));
      return;
    }
    const start = now();
    this.host.post({ type: "started", cell: m.cell });
    const error = await workspace.exec(
      m.code,
      (output) => this.host.post({ type: "output", cell: m.cell, output }),
      m.test,
    );
    const verdict = !error && m.check ? await workspace.verdict(m.check, m.code) : undefined;
    const outcomes = !error && m.outcomes ? await workspace.outcomes(m.outcomes) : undefined;
    this.host.post({ type: "done", cell: m.cell, error, ms: now() - start, verdict, outcomes });
  }

  interrupt(): void {
    this.workspace?.interrupt();
    this.relay?.interrupt();
  }

  close(): void {
    this.workspace = null;
    this.relay?.close();
    this.relay = null;
  }
}
