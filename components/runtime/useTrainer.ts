/**
 * An island's handle on a trainer that runs in the runtime (a Web Worker). The island passes
 * plain props; when they change (as JSON), the trainer is thrown away and the next Play builds a
 * new one. The island draws `snapshot`, shows `backend`, and calls `play`, `pause`, `step`,
 * `reset`, `update` (settings that need no rebuild) and `call` (questions such as "predict this
 * digit"). Islands use the typed `useTrainer(name, props)` of `components/lib/useTrainer.ts`,
 * which knows the site's trainers; this is the runtime's side of it.
 */
import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { IslandRoot } from "../../builder/client/island_root.ts";
import { afterSettled, onIntent } from "../lib/intent.ts";
import {
  Connection,
  forcedBackend,
  readMeasurements,
  rememberMeasurement,
  timeInBackground,
} from "./client.ts";
import type { BackendReport, BackendTiming, FromHost, Measurement } from "./protocol.ts";
import type { HostSetup } from "./host.ts";

/** The page event that makes the running GPU backends fail (tests of the fallback). */
export const LOSE_BACKEND_EVENT = "nn-runtime:lose-backend";

export type TrainerStatus = "idle" | "starting" | "running" | "paused" | "error";

export interface FallbackNotice {
  from: string;
  to: string;
  steps: number;
}

/** The argument list of a trainer's method (none, or one). */
type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never;
/** What a trainer's method answers, once it arrives. */
type AnswerOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

export interface TrainerView<S, M = Record<never, never>> {
  status: TrainerStatus;
  /** The last snapshot the trainer sent (null before the first, and after a reset). */
  snapshot: S | null;
  /** Steps taken so far (at the last snapshot or stop). */
  steps: number;
  /**
   * tfjs tensors this trainer's session holds, as of its last snapshot or answered call (tests:
   * flat over steps and calls).
   */
  tensors: number;
  backend: BackendReport | null;
  /** Why training stopped, for the reader (the engine's message). */
  error: string | null;
  /** Whether the error is a diverging loss (the message says what to change). */
  nonFinite: boolean;
  /** Set when the backend failed and training moved to another one. */
  fallback: FallbackNotice | null;
  /**
   * How fast this run trains, in milliseconds per step: wall-clock time over steps between
   * snapshots while playing, on the backend in use (null until measured over RUN_SPEED_MS).
   */
  msPerStep: number | null;
  /** Builds the trainer if needed, then trains until paused (or `maxSteps` steps in all). */
  play(opts?: { maxSteps?: number }): Promise<void>;
  /** Trains until `maxSteps` steps in all; true when it got there (false: paused, or an error). */
  playTo(maxSteps: number): Promise<boolean>;
  pause(): void;
  /** `n` steps (default 1), then a snapshot. */
  step(n?: number): Promise<void>;
  /** Forget the trainer; the next play or step builds a new one. */
  reset(): void;
  update(patch: Record<string, unknown>): void;
  /** Ask the trainer one of its `methods` (it is built first if needed). */
  call<K extends keyof M & string>(method: K, ...args: ArgsOf<M[K]>): Promise<AnswerOf<M[K]>>;
  /**
   * Resolves once everything asked before it is done (building the trainer first if needed),
   * with the steps taken.
   */
  sync(): Promise<number>;
  /** Tests and demos: make the running GPU backend fail. */
  loseBackend(): void;
}

/**
 * A run's speed is measured over its last RUN_WINDOW_MS (the speed now, not since a start slowed
 * by the backends being timed), and shown once it has at least RUN_SPEED_MS of them.
 */
export const RUN_SPEED_MS = 500;
/** A run that stopped before RUN_SPEED_MS is measured at its end, if it lasted this long. */
const SHORT_RUN_MS = 50;
const RUN_WINDOW_MS = 2_000;

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * `props` build the trainer (a change rebuilds it); `settings` change it as it trains (a change
 * is sent at once, with no rebuild: a learning rate, a batch size). `mainThread`: the site's
 * trainers, for the host on the main thread where no worker starts.
 */
/** How an island wants its trainer run. */
export interface TrainerOptions {
  /**
   * Open the trainer when the engine loads (the reader's first intent, or the page settled), not
   * at the first Play, and again whenever it is forgotten (new props, a reset): its first
   * snapshot, the model as built, is drawn before any step (the Playground's step-0 diagram).
   */
  openEarly?: boolean;
}

export function useRuntimeTrainer<S, M>(
  kind: string,
  props: unknown,
  settings: Record<string, unknown> | undefined,
  mainThread: () => Promise<HostSetup>,
  options: TrainerOptions = {},
): TrainerView<S, M> {
  const key = JSON.stringify(props);
  const settingsKey = JSON.stringify(settings ?? null);
  const [status, setStatus] = useState<TrainerStatus>("idle");
  const [snapshot, setSnapshot] = useState<S | null>(null);
  const [steps, setSteps] = useState(0);
  const [tensors, setTensors] = useState(0);
  const [backend, setBackend] = useState<BackendReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nonFinite, setNonFinite] = useState(false);
  const [fallback, setFallback] = useState<FallbackNotice | null>(null);
  const [msPerStep, setMsPerStep] = useState<number | null>(null);

  const r = useRef({
    connection: null as Connection | null,
    /** The props the open trainer was built from (null: none open). */
    openKey: null as string | null,
    props,
    settings,
    /** Resolves when the trainer is ready (or fails). */
    ready: null as Promise<void> | null,
    readyWaiter: null as Waiter | null,
    /** Resolves when training stops. */
    stopped: null as Waiter | null,
    /** Plays asked for so far, and the one a pause came for (while its trainer was starting). */
    plays: 0,
    pausedPlay: -1,
    /**
     * A play waiting for its trainer to be built: the trainer is "starting" until it runs, never
     * "paused" in between (a figure would flicker to its stopped state, and a test reading it then
     * would see a run that ended before it began).
     */
    playPending: false,
    nextId: 1,
    results: new Map<number, Waiter>(),
    /** The id of the last open; messages about older trainers are dropped. */
    openSeq: 0,
    /** No trainer wanted (after a reset): messages about trainers are dropped. */
    ignore: false,
    /** The backend report of the open trainer. */
    report: null as BackendReport | null,
    /** The background timing of the other backends this trainer waits for (null: none). */
    measuring: null as object | null,
    /** Snapshots of the last RUN_WINDOW_MS while playing, on one backend: the run's speed. */
    speedFrom: [] as { at: number; steps: number }[],
    /** Playing: the next snapshot starts the measurement. */
    timing: false,
    /**
     * Where the run started, by the host's clock (null: not known, or on another backend): a run
     * too short for two snapshots is measured from it to its end.
     */
    runStart: null as { at: number; steps: number } | null,
  });
  r.current.props = props;
  r.current.settings = settings;

  function onMessage(m: FromHost) {
    const s = r.current;
    if (m.open !== undefined && (m.open !== s.openSeq || s.ignore)) return;
    switch (m.type) {
      case "hello":
        return;
      case "lost":
        // The runtime's worker ended: the trainer is gone; the next play builds it again.
        s.openKey = null;
        s.ready = null;
        s.measuring = null;
        s.readyWaiter?.reject(new Error("the runtime's worker ended"));
        s.readyWaiter = null;
        for (const w of s.results.values()) w.reject(new Error("the runtime's worker ended"));
        s.results.clear();
        return;
      case "ready":
        if (m.measured) rememberMeasurement(m.measured.key, m.measured.value);
        setBackend(m.backend);
        s.report = m.backend;
        if (m.pending) measureInBackground(m.backend, m.pending);
        // Built: "paused" until it trains (an island may only ask it questions).
        if (!s.playPending) setStatus((old) => (old === "starting" ? "paused" : old));
        s.readyWaiter?.resolve(undefined);
        s.readyWaiter = null;
        return;
      case "backend":
        s.report = m.backend;
        s.speedFrom = []; // another backend: its own speed
        s.runStart = null;
        setMsPerStep(null);
        setBackend(m.backend);
        return;
      case "result": {
        const w = s.results.get(m.id);
        s.results.delete(m.id);
        if (m.tensors !== undefined) setTensors(m.tensors);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.value);
        return;
      }
    }
    switch (m.type) {
      case "snapshot": {
        setSnapshot(m.data as S);
        setSteps(m.steps);
        setTensors(m.tensors);
        if (!s.timing) return;
        // The host's clock when it has one (the worker's: every snapshot of a run comes from the
        // same host), else the page's.
        const now = m.at ?? performance.now();
        // From the newest snapshot at least RUN_WINDOW_MS old (or the oldest there is) to now.
        const old = s.speedFrom.findLastIndex((x) => now - x.at >= RUN_WINDOW_MS);
        const recent = s.speedFrom.slice(Math.max(0, old)).filter((x) => x.steps <= m.steps);
        const from = recent[0];
        if (from && m.steps > from.steps && now - from.at >= RUN_SPEED_MS) {
          setMsPerStep((now - from.at) / (m.steps - from.steps));
        }
        s.speedFrom = [...recent, { at: now, steps: m.steps }];
        return;
      }
      case "running":
        s.playPending = false;
        setStatus("running");
        s.timing = true;
        s.speedFrom = [];
        s.runStart = m.at !== undefined && m.steps !== undefined
          ? { at: m.at, steps: m.steps }
          : null;
        return;
      case "stopped": {
        // A run too short to be measured while it played is measured over what it did: from its
        // start to its end by the host's clock where the host says them (a run shorter than the
        // time between two snapshots sends one, at its end), else between its snapshots.
        const first = s.runStart ?? s.speedFrom[0];
        const last = m.at !== undefined ? { at: m.at, steps: m.steps } : s.speedFrom.at(-1);
        s.runStart = null;
        if (first && last && last.steps > first.steps && last.at - first.at >= SHORT_RUN_MS) {
          const ms = (last.at - first.at) / (last.steps - first.steps);
          setMsPerStep((old) => old ?? ms);
        }
        s.timing = false;
        s.speedFrom = [];
        s.playPending = false;
        setSteps(m.steps);
        setStatus((old) => (m.reason === "error" || old === "error" ? "error" : "paused"));
        s.stopped?.resolve(undefined);
        s.stopped = null;
        return;
      }
      case "error":
        s.timing = false;
        s.playPending = false;
        s.speedFrom = [];
        setError(m.message);
        setNonFinite(m.nonFinite);
        setStatus("error");
        s.readyWaiter?.reject(new Error(m.message));
        s.readyWaiter = null;
        s.stopped?.resolve(undefined);
        s.stopped = null;
        return;
      case "fallback":
        s.speedFrom = [];
        setMsPerStep(null);
        setBackend(m.backend);
        setFallback({ from: m.from, to: m.backend.name, steps: m.steps });
        return;
    }
  }

  /**
   * Training has started on the fastest quick backend; the page's timing worker times the others
   * on the same model (once per page for each model: islands with the same one share it). If one
   * is faster, the trainer moves there; the whole timing is remembered.
   */
  function measureInBackground(
    first: BackendReport,
    pending: { key: string; candidates: string[]; budgetLeftMs: number },
  ) {
    const s = r.current;
    const openKey = s.openKey;
    const ticket = {};
    s.measuring = ticket;
    void timeInBackground(pending.key, {
      kind,
      props: s.props,
      settings: s.settings,
      candidates: pending.candidates,
      budgetMs: pending.budgetLeftMs,
    }, mainThread).then(({ timings: more, skipped, complete }) => {
      if (s.measuring !== ticket) return; // reset or closed meanwhile
      s.measuring = null;
      const timed = [...first.timings, ...more];
      const timings: BackendTiming[] = [
        ...timed.filter((t) => t.msPerStep !== null).sort((a, b) => a.msPerStep! - b.msPerStep!),
        ...timed.filter((t) => t.msPerStep === null),
      ];
      const value: Measurement = {
        order: timings.map((t) => t.name),
        timings,
        skipped: [...first.skipped, ...skipped],
      };
      if (complete) rememberMeasurement(pending.key, value);
      if (s.openKey !== openKey) return; // rebuilt meanwhile: the next open uses the memory
      const best = value.order[0];
      if (best && best !== first.name) {
        s.connection?.send({ type: "switch", ...value });
      } else {
        const report = { ...first, how: "measured" as const, timings, skipped: value.skipped };
        s.report = report;
        setBackend(report);
      }
    });
  }

  function connection(): Connection {
    r.current.connection ??= new Connection(onMessage, mainThread);
    return r.current.connection;
  }

  /** Opens the trainer for the current props (once per props). */
  function ensureOpen(): Promise<void> {
    const s = r.current;
    const current = JSON.stringify(s.props);
    if (s.openKey === current && s.ready) return s.ready;
    s.openKey = current;
    s.ignore = false;
    const id = ++s.openSeq;
    setStatus("starting");
    setError(null);
    setNonFinite(false);
    s.ready = new Promise<void>((resolve, reject) => {
      s.readyWaiter = { resolve: () => resolve(), reject };
    });
    s.ready.catch(() => {
      // A failed build can be retried by the next play.
      if (s.openKey === current) s.openKey = null;
    });
    connection().send({
      type: "open",
      id,
      kind,
      props: s.props,
      settings: s.settings,
      force: forcedBackend(),
      cache: readMeasurements(),
    });
    return s.ready;
  }

  async function play(opts: { maxSteps?: number } = {}) {
    const s = r.current;
    const ticket = ++s.plays;
    s.playPending = true;
    try {
      await ensureOpen();
    } catch {
      s.playPending = false;
      return;
    }
    // Paused while the trainer was being built: do not start (the host's pause came too early
    // to stop a play sent after it).
    if (s.pausedPlay === ticket) {
      s.playPending = false;
      setStatus((old) => (old === "starting" ? "paused" : old));
      return;
    }
    setError(null);
    setNonFinite(false);
    const done = new Promise<void>((resolve, reject) =>
      s.stopped = { resolve: () => resolve(), reject }
    );
    connection().send({ type: "play", maxSteps: opts.maxSteps });
    await done;
  }

  async function playTo(maxSteps: number): Promise<boolean> {
    await play({ maxSteps });
    return (await sync().catch(() => -1)) >= maxSteps;
  }

  function pause() {
    r.current.pausedPlay = r.current.plays;
    r.current.connection?.send({ type: "pause" });
  }

  async function step(n = 1) {
    try {
      await ensureOpen();
    } catch {
      return;
    }
    setError(null);
    connection().send({ type: "step", n });
    // Answered once the steps and their snapshot are sent.
    await sync().catch(() => undefined);
  }

  function reset() {
    const s = r.current;
    s.measuring = null;
    s.ignore = true;
    s.openKey = null;
    s.ready = null;
    s.stopped?.resolve(undefined);
    s.stopped = null;
    s.connection?.send({ type: "close" });
    setSnapshot(null);
    setSteps(0);
    setError(null);
    setNonFinite(false);
    setFallback(null);
    setMsPerStep(null);
    s.timing = false;
    s.speedFrom = [];
    s.playPending = false;
    setStatus("idle");
  }

  function update(patch: Record<string, unknown>) {
    r.current.connection?.send({ type: "update", patch });
  }

  /** Sends a question; the host answers it in order (`sync`: with the steps taken). */
  async function ask(method: string, args?: unknown): Promise<unknown> {
    await ensureOpen();
    const s = r.current;
    const id = s.nextId++;
    const result = new Promise<unknown>((resolve, reject) =>
      s.results.set(id, { resolve, reject })
    );
    connection().send({ type: "call", id, method, args });
    return await result;
  }

  const call = <K extends keyof M & string>(method: K, ...args: ArgsOf<M[K]>) =>
    ask(method, args[0]) as Promise<AnswerOf<M[K]>>;
  const sync = () => ask("sync") as Promise<number>;

  function loseBackend() {
    r.current.connection?.send({ type: "lose-backend" });
  }

  // New settings reach a trainer that is open.
  useEffect(() => {
    if (r.current.openKey !== null && settings) update(settings);
  }, [settingsKey]);

  // New props: the old trainer goes (the worker stays).
  useEffect(() => {
    if (r.current.openKey !== null && r.current.openKey !== key) reset();
  }, [key]);

  // The engine (the page's runtime worker, tfjs, its WASM) loads at the reader's first intent on
  // the island — a pointer over it, a touch, focus inside — or once the page has settled and is
  // idle, whichever comes first, so Play starts at once without weighing on the page's first load
  // (a Play before either starts it itself). The island goes away: so does its session (its
  // trainer's tensors); the worker stays for the page's other islands.
  const root = useContext(IslandRoot);
  const [preloaded, setPreloaded] = useState(false);
  useEffect(() => {
    let stops: (() => void)[] = [];
    const preload = () => {
      for (const stop of stops) stop();
      stops = [];
      connection().send({ type: "preload" });
      setPreloaded(true);
    };
    stops = [afterSettled(preload)];
    if (root) stops.push(onIntent(root, preload));
    // Tests and demos: `document.dispatchEvent(new Event(LOSE_BACKEND_EVENT))` makes every
    // island's GPU backend fail as a lost context would.
    const lose = () => loseBackend();
    document.addEventListener(LOSE_BACKEND_EVENT, lose);
    return () => {
      for (const stop of stops) stop();
      document.removeEventListener(LOSE_BACKEND_EVENT, lose);
      r.current.measuring = null;
      r.current.connection?.close();
      r.current.connection = null;
    };
  }, []);

  useEffect(() => {
    if (options.openEarly && preloaded && status === "idle") sync().catch(() => undefined);
  }, [preloaded, status]);

  return {
    status,
    snapshot,
    steps,
    tensors,
    backend,
    error,
    nonFinite,
    fallback,
    msPerStep,
    play,
    playTo,
    pause,
    step,
    reset,
    update,
    call,
    sync,
    loseBackend,
  };
}
