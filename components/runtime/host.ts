/**
 * The host: runs one trainer at a time for one session (an island's connection, or the notebook),
 * in the page's one runtime Web Worker (`components/runtime_worker.ts`) or on the main thread
 * (`client.ts`'s fallback). Every session of a page has a host of its own, and all of them share
 * the worker's one engine (tfjs, its WASM module, the trainers' modules and their caches, such as
 * the MNIST digits): `sessions.ts` routes the page's messages to them, and their work on the
 * engine takes turns (`Exclusive`): a slice of training, a question, a build at a time, each on
 * its own session's backend. This file dispatches the page's messages; the jobs live in their own
 * files:
 *   - `backend_choice.ts`: loads the engine's backends and picks one: `?backend=` when forced,
 *     else by timing a few steps of the actual model on each backend that starts (bounded by
 *     `measureBudgetMs`), fastest first; a timing remembered by the page is reused;
 *   - `training.ts`: the training loop (slices, snapshots, checkpoints) of one open trainer;
 *   - `fallback.ts`: when the backend dies (a lost WebGL context, a lost WebGPU device), carries
 *     on on the next backend from the last checkpoint (`BackendGuard`), and says so;
 *   - `notebook.ts`: or the session is the notebook of a lesson's code cells (`workspace`, `exec`):
 *     the backend is chosen the same way, timing the notebook's probe model, and cells run one
 *     after another, here or, through a relay, in a realm of their own.
 * The runtime imports nothing above it (`tests/components/runtime_layers.test.ts`): the site
 * passes in its trainers (a registry, `components/trainers.ts`) and its notebook (`notebook`,
 * `components/cells/host_notebook.ts`).
 */
import type { FromHost, ToHost } from "./protocol.ts";
import type { Engine, Registry, TrainerModule } from "./trainer.ts";
import { chooseBackend, type Chosen, measure } from "./backend_choice.ts";
import { type LoopControl, Session } from "./training.ts";
import { Exclusive, type Share } from "./exclusive.ts";
import { type Notebook, NotebookJob } from "./notebook.ts";
import { errorMessage } from "../lib/format.ts";

export type { Notebook, Registry };

/** What a host needs from the site: its trainers, and its notebook (for code cells). */
export interface HostSetup {
  trainers: Registry;
  notebook?: Notebook;
}

export interface HostOptions {
  /** URL of the folder holding tfjs's `.wasm` files. */
  wasmPath?: string;
  /** Whether this host runs in a Web Worker (reported to the page). */
  worker: boolean;
  /** Milliseconds of training between two yields (default: 40 in a worker, 8 on the page). */
  sliceMs?: number;
  /** Least milliseconds between two snapshots (default 80). */
  snapshotMs?: number;
  /** Milliseconds between two checkpoints of the weights (default 1,000). */
  checkpointMs?: number;
  /** Time allowed for timing the backends, in all (default 1,500). */
  measureBudgetMs?: number;
  /**
   * In a worker, time only these before training starts (default WASM and CPU, within
   * `quickBudgetMs`); the rest are timed by a second host in the background (`measure`).
   */
  quick?: readonly string[];
  /** Time allowed for the quick backends (default 400). */
  quickBudgetMs?: number;
  /** Backends to time, in this order (default: WASM, CPU, WebGL, WebGPU). */
  candidates?: readonly string[];
  /**
   * The site's notebook, for code cells (`notebook.ts`; `components/cells/host_notebook.ts`):
   * without it, a `workspace` is answered with an error.
   */
  notebook?: Notebook;
  /**
   * The turns on the engine, shared by every host of one worker (`sessions.ts`); default: this
   * host's own (it has the engine to itself).
   */
  exclusive?: Exclusive;
}

export class RuntimeHost {
  private engine: Engine | null = null;
  /** The open trainer (null: none). */
  private session: Session | null = null;
  /** The `id` of the open that built the trainer (tags the messages about it). */
  private openId: number | undefined;
  /** Steers the training loop: a pause asked for, questions answered between two slices. */
  private readonly control: LoopControl = { playing: false, stopAsked: false, between: [] };
  /** Work that must wait for the step under way: runs in order. */
  private chain: Promise<void> = Promise.resolve();
  private readonly o:
    & Required<Omit<HostOptions, "wasmPath" | "notebook" | "exclusive">>
    & Pick<HostOptions, "wasmPath">;
  private readonly exclusive: Exclusive;
  /** This session's use of the engine (the turns go to the least-served session first). */
  private readonly share: Share = { used: 0 };
  /**
   * The tfjs tensors this session made and has not freed: counted over its turns on the engine
   * (no other session runs during one), so a snapshot reports this session's tensors only.
   */
  private tensors = 0;
  /** `numTensors()` when the turn under way began (null: no turn under way). */
  private turnStart: number | null = null;
  /** The notebook's workspace, when this session is the notebook (`notebook.ts`). */
  private readonly notebook: NotebookJob;

  constructor(
    private readonly send: (message: FromHost) => void,
    private readonly registry: Registry,
    options: HostOptions,
  ) {
    this.o = {
      sliceMs: options.worker ? 40 : 8,
      snapshotMs: 80,
      checkpointMs: 1000,
      measureBudgetMs: 1500,
      candidates: ["wasm", "cpu", "webgl", "webgpu"],
      quick: ["wasm", "cpu"],
      quickBudgetMs: 400,
      ...options,
    };
    delete (this.o as HostOptions).exclusive;
    delete (this.o as HostOptions).notebook;
    this.exclusive = options.exclusive ?? new Exclusive();
    this.notebook = new NotebookJob({
      engine: () => this.loadEngine(),
      // Cells run whatever the reader writes, so the backend is chosen once, up front, from
      // every candidate (no switch later: the workspace's tensors live on it).
      choose: (engine, choice) =>
        this.chooseBackend(engine, { kind: "cells", ...choice, quickFirst: false }),
      post: (m) => this.post(m),
      worker: this.o.worker,
    }, options.notebook);
  }

  /** The tensors this session holds now (during a turn: with what the turn made so far). */
  ownTensors(): number {
    if (this.turnStart === null || !this.engine) return this.tensors;
    return this.tensors + this.engine.numTensors() - this.turnStart;
  }

  /**
   * Runs `work` on the engine when it is this session's turn, on this session's backend (another
   * session may have switched tfjs to its own since), counting the tensors it makes.
   */
  private async turn<T>(work: () => Promise<T>): Promise<T> {
    const engine = await this.loadEngine();
    this.share.active = this.control.playing;
    return await this.exclusive.run(async () => {
      const backend = this.session?.report.name;
      if (backend && engine.backendName() !== backend) {
        // A backend that will not start again is found by the next step (the fallback). Named
        // as preferred: the session chose it (by timing, or forced), so when it is started anew
        // (a dead instance) a software WebGPU adapter is not refused: refused, the session's
        // work would run on whichever backend another session left current.
        await engine.startBackend(backend, {
          wasmPath: this.o.wasmPath,
          prefer: engine.checkBackendName(backend),
        });
      }
      this.turnStart = engine.numTensors();
      try {
        return await work();
      } finally {
        this.tensors += engine.numTensors() - this.turnStart;
        this.turnStart = null;
      }
    }, this.share);
  }

  private post(message: FromHost): void {
    this.send(
      message.type === "result" || message.type === "measured" || message.type === "hello"
        ? message
        : { ...message, open: this.openId },
    );
  }

  /** Take one message from the page. */
  handle(message: ToHost): void {
    switch (message.type) {
      case "pause":
        this.control.stopAsked = true;
        return;
      case "interrupt":
        this.interruptCells();
        return;
      case "preload":
        // A warm-up the page sends at the reader's first intent or at idle: it never interrupts
        // a run (a run that stopped for it, mid-way, looked paused to the reader), and once a
        // trainer is open there is nothing left to load.
        // Its backend start is engine work: in this session's turn, like any other.
        if (!this.session && !this.control.playing) {
          this.queue(() => this.turn(() => this.run(message)));
        }
        return;
      case "lose-backend":
        // At once, mid-run: the next step finds the backend gone.
        this.engine?.loseBackendForTesting();
        return;
      case "call":
      case "update":
      case "switch":
        // Answered between two slices while training, else at once (in order).
        if (this.control.playing) {
          this.control.between.push(() => this.turn(() => this.run(message)));
        } else this.queue(() => this.turn(() => this.run(message)));
        return;
      default:
        // Anything else waits for the training under way to stop.
        if (message.type !== "play") this.control.stopAsked = true;
        // A play takes its turns slice by slice (`training.ts`), an open backend by backend, and
        // the notebook's relay works in the cell realm's own engine: none holds the engine
        // while it waits.
        this.queue(() => {
          if (message.type === "play") {
            return this.run(message).finally(() => this.share.active = false);
          }
          // An open takes its turns step by step too (`open`).
          return message.type === "open" ||
              (this.notebook.relayed && (message.type === "workspace" || message.type === "exec"))
            ? this.run(message)
            : this.turn(() => this.run(message));
        });
    }
  }

  private queue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch((error) => this.fail(error));
  }

  private async run(message: ToHost): Promise<void> {
    switch (message.type) {
      case "open":
        return this.open(message);
      case "play":
        if (!this.session) {
          this.post({ type: "stopped", steps: 0, reason: "error" });
          return;
        }
        return this.session.play(this.control, message.maxSteps, (work) => this.turn(work));
      case "step":
        return this.session?.stepN(message.n);
      case "update":
        this.session?.trainer.update?.(message.patch);
        return;
      case "call":
        try {
          // "sync": answered once everything asked before it is done.
          if (message.method === "sync") {
            this.post({ type: "result", id: message.id, value: this.session?.steps ?? 0 });
            return;
          }
          const methods = this.session?.trainer.methods as
            | Record<string, (args: unknown) => unknown>
            | undefined;
          if (!methods || !Object.hasOwn(methods, message.method)) {
            throw new Error(`no trainer answers "${message.method}"`);
          }
          const value = await this.session!.call(() => methods[message.method](message.args));
          this.post({ type: "result", id: message.id, value, tensors: this.ownTensors() });
        } catch (error) {
          this.post({ type: "result", id: message.id, error: errorMessage(error) });
        }
        return;
      case "close":
        this.close();
        return;
      case "preload": {
        const engine = await this.loadEngine();
        // Fetch and compile the WASM binary too: most small models train fastest there.
        if (this.o.candidates.includes("wasm")) {
          await engine.startBackend("wasm", { wasmPath: this.o.wasmPath });
        }
        return;
      }
      case "measure": {
        const engine = await this.loadEngine();
        const module = await this.module(message.kind);
        const value = await measure(engine, {
          module,
          props: message.props,
          settings: message.settings,
        }, {
          candidates: message.candidates,
          budgetMs: message.budgetMs,
          wasmPath: this.o.wasmPath,
        });
        this.post({ type: "measured", timings: value.timings, skipped: value.skipped });
        return;
      }
      case "switch":
        return this.session?.switchTo(message);
      case "lose-backend":
        this.engine?.loseBackendForTesting();
        return;
      case "workspace":
        this.close();
        return this.notebook.openWorkspace(message);
      case "exec":
        return this.notebook.exec(message);
    }
  }

  private async loadEngine(): Promise<Engine> {
    this.engine ??= await import("../../engine/mod.ts");
    return this.engine;
  }

  /** The session ends (the island went away): its trainer's tensors are freed in its turn. */
  end(): Promise<void> {
    this.control.stopAsked = true;
    this.share.active = false;
    this.exclusive.forget(this.share);
    this.interruptCells();
    if (!this.engine) {
      // Nothing of this session's is in the engine (the notebook's relay, say).
      this.close();
      return Promise.resolve();
    }
    return new Promise((resolve) =>
      this.queue(() => this.turn(() => Promise.resolve(this.close())).finally(resolve))
    );
  }

  private interruptCells(): void {
    this.notebook.interrupt();
  }

  private close(): void {
    this.notebook.close();
    this.session?.close();
    this.session = null;
  }

  /**
   * Builds the trainer. Not one turn on the engine but several: each backend timed is one, and
   * the build on the chosen backend the last (`chooseBackend`), so that a session opening (a
   * CNN timed on the CPU takes seconds) holds up the others' training by one of them at most.
   */
  private async open(m: Extract<ToHost, { type: "open" }>): Promise<void> {
    if (this.session || this.notebook.open) {
      await this.turn(() => Promise.resolve(this.close()));
    }
    this.openId = m.id;
    const engine = await this.loadEngine();
    const module = await this.module(m.kind);
    await this.chooseBackend(engine, {
      kind: m.kind,
      module,
      props: m.props,
      settings: m.settings,
      force: m.force,
      cache: m.cache,
      quickFirst: this.o.worker,
      turn: (work) => this.turn(work),
    }, async ({ report, measured, pending }) => {
      const trainer = await module.create(engine, m.props);
      if (m.settings) trainer.update?.(m.settings);
      const session = new Session(
        engine,
        trainer,
        report,
        (message) => this.post(message),
        (error) => this.fail(error),
        {
          ...(this.o.worker && module.pace ? { ...this.o, ...module.pace } : this.o),
          tensors: () => this.ownTensors(),
        },
      );
      await session.guard.checkpointAsync();
      this.session = session;
      this.post({ type: "ready", backend: report, measured, pending });
      await session.sendSnapshot();
    });
  }

  /** `chooseBackend` with this host's candidates, budgets and WASM folder. */
  private chooseBackend<T = void>(
    engine: Engine,
    choice: Omit<Parameters<typeof chooseBackend>[1], keyof HostOptions | "worker">,
    build?: (chosen: Chosen) => Promise<T>,
  ) {
    return chooseBackend<T>(engine, { ...this.o, ...choice }, build);
  }

  private async module(kind: string): Promise<TrainerModule> {
    const load = this.registry[kind];
    if (!load) throw new Error(`no trainer named "${kind}"`);
    return await load() as TrainerModule;
  }

  private fail(error: unknown): void {
    const nonFinite = (error as { name?: string })?.name === "NonFiniteLossError" ||
      (this.engine !== null && error instanceof this.engine.NonFiniteLossError);
    this.post({ type: "error", message: errorMessage(error), nonFinite });
  }
}
