/**
 * The host: runs one trainer at a time for one connection, in a Web Worker (`worker.ts`) or on
 * the main thread (`client.ts`'s fallback). It
 *   - loads the engine and picks the backend: `?backend=` when forced, else by timing a few steps
 *     of the actual model on each backend that starts (bounded by `measureBudgetMs`), fastest
 *     first; a timing remembered by the page is reused;
 *   - trains in slices of `sliceMs`, yielding between slices so a pause (and, on the main thread,
 *     the page) gets in; sends a snapshot at most every `snapshotMs`;
 *   - checkpoints the weights every `checkpointMs` and, when the backend dies (a lost WebGL
 *     context, a lost WebGPU device), carries on on the next backend from that checkpoint
 *     (`BackendGuard`), and says so;
 *   - or holds the notebook workspace of a lesson's code cells (`workspace`, `exec`): the backend
 *     is chosen the same way, timing a probe model of the lesson's size
 *     (`components/cells/probe_trainer.ts`), and cells run one after another.
 */
import type { BackendName } from "../../engine/mod.ts";
import {
  type BackendReport,
  type BackendTiming,
  type FromHost,
  type Measurement,
  measurementKey,
  type ToHost,
} from "./protocol.ts";
import type { Engine, Trainer, TrainerModule } from "./trainer.ts";
import { errorMessage } from "../lib/format.ts";
import type { Workspace } from "../cells/workspace.ts";
import { type CellRealm, CellRelay } from "../cells/relay.ts";
import type { Digits } from "../../mnist/dataset.ts";

export type Registry = Record<string, () => Promise<TrainerModule<never, unknown>>>;

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
  /** The shipped digits, for code cells that use `mnist`. */
  loadMnist?: () => Promise<{ train: Digits; val: Digits; test: Digits }>;
  /**
   * Starts a worker for reader code (`components/cells/relay.ts`): the notebook then runs there,
   * out of this host's reach. Without it, cells run in this host's own realm.
   */
  cellRealm?: () => CellRealm;
}

const now = () => performance.now();
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Resolves to true if `work` ends within `ms`, false if the time runs out first. */
async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), ms));
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Thrown when a read waits on a backend that is gone (a lost context never answers reads). */
class BackendLostError extends Error {
  override name = "BackendLostError";
}

/** A step and a read of one parameter, so the time includes the backend's queued work. */
async function stepAndWait(trainer: Trainer): Promise<void> {
  await trainer.step();
  const first = trainer.model.parameters()[0];
  if (first) await first.data.data();
}

export class RuntimeHost {
  private engine: Engine | null = null;
  private trainer: Trainer | null = null;
  private guard: InstanceType<Engine["BackendGuard"]> | null = null;
  private report: BackendReport | null = null;
  private steps = 0;
  /** The `id` of the open that built the trainer (tags the messages about it). */
  private openId: number | undefined;
  private playing = false;
  private stopAsked = false;
  /** Work that must wait for the step under way: runs in order. */
  private chain: Promise<void> = Promise.resolve();
  /** Questions asked while training: answered between two slices. */
  private between: (() => Promise<void>)[] = [];
  private readonly o:
    & Required<Omit<HostOptions, "wasmPath" | "loadMnist" | "cellRealm">>
    & Pick<HostOptions, "wasmPath" | "loadMnist" | "cellRealm">;
  private workspace: Workspace | null = null;
  private relay: CellRelay | null = null;

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
        this.stopAsked = true;
        return;
      case "interrupt":
        this.workspace?.interrupt();
        this.relay?.interrupt();
        return;
      case "lose-backend":
        // At once, mid-run: the next step finds the backend gone.
        this.engine?.loseBackendForTesting();
        return;
      case "call":
      case "update":
      case "switch":
        // Answered between two slices while training, else at once (in order).
        if (this.playing) this.between.push(() => this.run(message));
        else this.queue(() => this.run(message));
        return;
      default:
        // Anything else waits for the training under way to stop.
        if (message.type !== "play") this.stopAsked = true;
        this.queue(() => this.run(message));
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
        return this.play(message.maxSteps);
      case "step":
        return this.stepN(message.n);
      case "update":
        this.trainer?.update?.(message.patch);
        return;
      case "call":
        try {
          // "sync": answered once everything asked before it is done.
          if (message.method === "sync") {
            this.post({ type: "result", id: message.id, value: this.steps });
            return;
          }
          if (!this.trainer?.call) throw new Error(`no trainer answers "${message.method}"`);
          const value = await this.trainer.call(message.method, message.args);
          this.post({ type: "result", id: message.id, value });
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
        const value = await this.measure(engine, module, message.props, message.settings, {
          candidates: message.candidates,
          budgetMs: message.budgetMs,
        });
        this.post({ type: "measured", timings: value.timings, skipped: value.skipped });
        return;
      }
      case "switch":
        return this.switchTo(message);
      case "lose-backend":
        this.engine?.loseBackendForTesting();
        return;
      case "workspace":
        if (this.o.cellRealm) {
          this.close();
          this.relay = new CellRelay(this.o.cellRealm, (m) => this.post(m));
          return this.relay.open(message);
        }
        return this.openWorkspace(message);
      case "exec":
        return this.relay ? this.relay.exec(message) : this.exec(message);
    }
  }

  private async openWorkspace(m: Extract<ToHost, { type: "workspace" }>): Promise<void> {
    this.close();
    const engine = await this.loadEngine();
    const [probe, { Workspace }] = await Promise.all([
      import("../cells/probe_trainer.ts"),
      import("../cells/workspace.ts"),
    ]);
    // Cells run whatever the reader writes, so the backend is chosen once, up front, from every
    // candidate (no switch later: the workspace's tensors live on it).
    const { report, measured } = await this.chooseBackend(
      engine,
      "cells",
      probe.default as TrainerModule,
      m.probe,
      undefined,
      m.force,
      m.cache,
      false,
    );
    // Printed lines go to the page in batches (a cell printing in a loop sends a few messages).
    this.workspace = new Workspace({
      engine,
      loadMnist: this.o.loadMnist,
      batchMs: 50,
      // In a worker, the notebook has the engine to itself: its memory budget always holds.
      ownsEngine: this.o.worker,
    });
    this.report = report;
    this.post({ type: "ready", backend: report, measured });
  }

  private async exec(m: Extract<ToHost, { type: "exec" }>): Promise<void> {
    if (!this.workspace) {
      this.post({
        type: "done",
        cell: m.cell,
        ms: 0,
        error: { kind: "runtime", name: "Error", message: "no workspace is open" },
      });
      return;
    }
    const start = now();
    this.post({ type: "started", cell: m.cell });
    const error = await this.workspace.exec(
      m.code,
      (output) => this.post({ type: "output", cell: m.cell, output }),
      m.test,
    );
    const verdict = !error && m.check ? await this.workspace.verdict(m.check, m.code) : undefined;
    const outcomes = !error && m.outcomes ? await this.workspace.outcomes(m.outcomes) : undefined;
    this.post({ type: "done", cell: m.cell, error, ms: now() - start, verdict, outcomes });
  }

  private async loadEngine(): Promise<Engine> {
    this.engine ??= await import("../../engine/mod.ts");
    return this.engine;
  }

  private close(): void {
    this.workspace = null;
    this.relay?.close();
    this.relay = null;
    try {
      this.trainer?.dispose();
    } catch { /* a trainer on a lost backend may fail to free its tensors */ }
    this.trainer = null;
    this.guard = null;
    this.steps = 0;
  }

  private async open(m: Extract<ToHost, { type: "open" }>): Promise<void> {
    this.close();
    this.openId = m.id;
    const engine = await this.loadEngine();
    const module = await this.module(m.kind);
    const { report, measured, pending } = await this.chooseBackend(
      engine,
      m.kind,
      module,
      m.props,
      m.settings,
      m.force,
      m.cache,
      this.o.worker,
    );
    this.trainer = await module.create(engine, m.props as never);
    if (m.settings) this.trainer.update?.(m.settings);
    this.guard = new engine.BackendGuard({
      model: this.trainer.model,
      optimizer: this.trainer.optimizer,
      checkpointEvery: 0,
      init: { wasmPath: this.o.wasmPath },
      onFallback: async (choice, error) => {
        await this.trainer?.rebuild?.();
        this.report = {
          name: choice.name,
          how: "fallback",
          timings: this.report?.timings ?? [],
          // The badge's details say what went wrong, not only that something did.
          skipped: choice.skipped.map((s, i) =>
            i === 0 ? { ...s, detail: errorMessage(error) } : s
          ),
          worker: this.o.worker,
        };
        this.post({
          type: "fallback",
          from: choice.skipped[0]?.name ?? "",
          reason: errorMessage(error),
          steps: this.guard?.checkpointStep ?? 0,
          backend: this.report,
        });
      },
    });
    await this.guard.checkpointAsync();
    this.report = report;
    this.steps = 0;
    this.post({ type: "ready", backend: report, measured, pending });
    await this.sendSnapshot();
  }

  /**
   * Picks the backend for a model: forced, remembered (`cache`), or timed. `quickFirst`: time
   * only the quick backends now and leave the rest to the background (`pending`).
   */
  private async chooseBackend(
    engine: Engine,
    kind: string,
    module: TrainerModule,
    props: unknown,
    settings: Record<string, unknown> | undefined,
    force: BackendName | undefined,
    cache: Record<string, Measurement> | undefined,
    quickFirst: boolean,
  ) {
    const key = measurementKey(kind, module.shape?.(props as never) ?? JSON.stringify(props));
    let measured: { key: string; value: Measurement } | undefined;
    let pending: { key: string; candidates: string[]; budgetLeftMs: number } | undefined;
    let report: BackendReport;
    if (force) {
      const choice = await engine.initBackend({ prefer: force, wasmPath: this.o.wasmPath });
      report = {
        name: choice.name,
        how: "forced",
        timings: [],
        skipped: choice.skipped,
        worker: this.o.worker,
      };
    } else {
      const cached = cache?.[key];
      // In a worker, training starts on the fastest quick backend; the others are timed by a
      // second worker meanwhile. On the page's own thread, everything is timed first.
      const quick = quickFirst
        ? this.o.candidates.filter((c) => this.o.quick.includes(c))
        : [...this.o.candidates];
      const later = this.o.candidates.filter((c) => !quick.includes(c));
      const started = now();
      const value = cached ?? await this.measure(engine, module, props, settings, {
        candidates: quick,
        budgetMs: later.length ? this.o.quickBudgetMs : this.o.measureBudgetMs,
      });
      if (!cached && later.length === 0) measured = { key, value };
      if (!cached && later.length) {
        pending = {
          key,
          candidates: later,
          budgetLeftMs: Math.max(0, this.o.measureBudgetMs - (now() - started)),
        };
      }
      // The fastest first; the rest stay as fallbacks in the order of their times.
      const order = [...value.order, ...(cached ? [] : later)];
      const choice = await engine.initBackend({ order, wasmPath: this.o.wasmPath });
      report = {
        name: choice.name,
        how: cached ? "cached" : pending ? "measuring" : "measured",
        timings: value.timings,
        skipped: [...value.skipped, ...choice.skipped.filter((s) => !later.includes(s.name))],
        worker: this.o.worker,
      };
    }
    return { report, measured, pending };
  }

  private async module(kind: string): Promise<TrainerModule> {
    const load = this.registry[kind];
    if (!load) throw new Error(`no trainer named "${kind}"`);
    return await load() as TrainerModule;
  }

  /**
   * Time a few steps of this very model on each backend that starts, within the budget: a
   * warm-up step (shaders compile, WASM pages grow), then up to five timed steps. A backend whose
   * step outlasts the time left is dropped unfinished.
   */
  private async measure(
    engine: Engine,
    module: TrainerModule,
    props: unknown,
    settings: Record<string, unknown> | undefined,
    which: { candidates: readonly string[]; budgetMs: number },
  ) {
    const deadline = now() + which.budgetMs;
    const timings: BackendTiming[] = [];
    const skipped: { name: string; reason: string }[] = [];
    for (const name of which.candidates) {
      const left = deadline - now();
      if (left <= 0) {
        timings.push({ name, msPerStep: null, note: "not timed: the time for timing ran out" });
        continue;
      }
      const reason = await engine.startBackend(name, { wasmPath: this.o.wasmPath });
      if (reason !== null) {
        skipped.push({ name, reason });
        continue;
      }
      let trainer: Trainer | null = null;
      let abandoned = false;
      try {
        trainer = await module.create(engine, props as never);
        if (settings) trainer.update?.(settings);
        if (!await within(deadline - now(), stepAndWait(trainer))) {
          abandoned = true;
          timings.push({ name, msPerStep: null, note: "slower than the time left for timing" });
          continue;
        }
        const times: number[] = [];
        // A step that blocks (the CPU backend's kernels are synchronous) cannot be cut short by
        // `within`: it always "ends in time". So the deadline is also checked between steps.
        while (times.length < 5 && now() < deadline) {
          const start = now();
          if (!await within(Math.max(0, deadline - start), stepAndWait(trainer))) {
            abandoned = true;
            break;
          }
          times.push(now() - start);
        }
        timings.push(
          times.length
            ? { name, msPerStep: median(times) }
            : { name, msPerStep: null, note: "slower than the time left for timing" },
        );
      } catch (error) {
        skipped.push({ name, reason: errorMessage(error) });
      } finally {
        // A step still running on an abandoned backend keeps its tensors until it ends.
        if (!abandoned) {
          try {
            trainer?.dispose();
          } catch { /* ignore */ }
        }
      }
    }
    const timed = timings.filter((t) => t.msPerStep !== null)
      .sort((a, b) => a.msPerStep! - b.msPerStep!);
    const untimed = timings.filter((t) => t.msPerStep === null);
    const order = [...timed, ...untimed].map((t) => t.name);
    return { order, timings: [...timed, ...untimed], skipped } satisfies Measurement;
  }

  /**
   * Waits for `read` (values coming back from the backend), checking every 100 ms that the
   * backend is still there: a lost WebGL context never answers, so the read would hang.
   */
  private async watched<T>(read: Promise<T>): Promise<T> {
    const engine = this.engine!;
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

  /** Move the trainer to a faster backend found by the background timing. */
  private async switchTo(m: Extract<ToHost, { type: "switch" }>): Promise<void> {
    if (!this.trainer || !this.guard || !this.engine) return;
    const choice = await this.guard.moveTo(m.order);
    await this.trainer.rebuild?.();
    this.report = {
      name: choice.name,
      how: "measured",
      timings: m.timings,
      skipped: [...m.skipped, ...choice.skipped],
      worker: this.o.worker,
    };
    this.post({ type: "backend", backend: this.report });
  }

  /** One guarded step: a lost backend counts as a failure, so the guard falls back. */
  private async oneStep(): Promise<void> {
    const trainer = this.trainer!;
    const engine = this.engine!;
    await this.guard!.run(async () => {
      const lost = engine.backendLost();
      if (lost) throw new Error(lost);
      await this.trainer!.step();
    });
    if (this.trainer === trainer) this.steps = this.guard!.steps;
  }

  private async play(maxSteps?: number): Promise<void> {
    if (!this.trainer) {
      this.post({ type: "stopped", steps: this.steps, reason: "error" });
      return;
    }
    this.playing = true;
    this.stopAsked = false;
    this.post({ type: "running" });
    let reason: "paused" | "done" | "error" = "paused";
    let lastSnapshot = now(), lastCheckpoint = now();
    try {
      while (!this.stopAsked) {
        if (maxSteps !== undefined && this.steps >= maxSteps) {
          reason = "done";
          break;
        }
        const start = now();
        do {
          await this.oneStep();
        } while (
          now() - start < this.o.sliceMs && !this.stopAsked &&
          (maxSteps === undefined || this.steps < maxSteps)
        );
        try {
          if (now() - lastSnapshot >= this.o.snapshotMs) {
            await this.sendSnapshot();
            lastSnapshot = now();
          }
          if (now() - lastCheckpoint >= this.o.checkpointMs) {
            await this.watched(this.guard!.checkpointAsync());
            lastCheckpoint = now();
          }
        } catch (error) {
          if (!(error instanceof BackendLostError)) throw error;
          // The next step finds the backend gone and falls back from the last checkpoint.
          await this.oneStep();
        }
        await pause();
        for (const task of this.between.splice(0)) await task();
      }
      await this.sendSnapshot();
    } catch (error) {
      reason = "error";
      this.fail(error);
    } finally {
      this.playing = false;
      for (const task of this.between.splice(0)) await task();
      this.post({ type: "stopped", steps: this.steps, reason });
    }
  }

  private async stepN(n: number): Promise<void> {
    if (!this.trainer) return;
    try {
      for (let i = 0; i < n; i++) await this.oneStep();
      await this.sendSnapshot();
    } catch (error) {
      this.fail(error);
    }
  }

  private async sendSnapshot(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) return;
    const data = await this.watched(trainer.snapshot());
    if (this.trainer === trainer) {
      this.post({ type: "snapshot", steps: this.steps, data, tensors: this.engine!.numTensors() });
    }
  }

  private fail(error: unknown): void {
    const nonFinite = (error as { name?: string })?.name === "NonFiniteLossError" ||
      (this.engine !== null && error instanceof this.engine.NonFiniteLossError);
    this.post({ type: "error", message: errorMessage(error), nonFinite });
  }
}
