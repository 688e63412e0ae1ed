/**
 * `useTrainer(kind, props)`: an island's handle on a trainer that runs in the runtime (a Web
 * Worker). The island passes plain props; when they change (as JSON), the trainer is thrown
 * away and the next Play builds a new one. The island draws `snapshot`, shows `backend`, and
 * calls `play`, `pause`, `step`, `reset`, `update` (settings that need no rebuild) and `call`
 * (questions such as "predict this digit").
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { Connection, forcedBackend, readMeasurements, rememberMeasurement } from "./client.ts";
import type { BackendReport, FromHost } from "./protocol.ts";

export type TrainerStatus = "idle" | "starting" | "running" | "paused" | "error";

export interface FallbackNotice {
  from: string;
  to: string;
  steps: number;
}

export interface TrainerView<S> {
  status: TrainerStatus;
  /** The last snapshot the trainer sent (null before the first, and after a reset). */
  snapshot: S | null;
  /** Steps taken so far (at the last snapshot or stop). */
  steps: number;
  /** tfjs tensors alive where the trainer runs, at the last snapshot (tests: flat over steps). */
  tensors: number;
  backend: BackendReport | null;
  /** Why training stopped, for the reader (the engine's message). */
  error: string | null;
  /** Whether the error is a diverging loss (the message says what to change). */
  nonFinite: boolean;
  /** Set when the backend failed and training moved to another one. */
  fallback: FallbackNotice | null;
  /** Builds the trainer if needed, then trains until paused (or `maxSteps` steps in all). */
  play(opts?: { maxSteps?: number }): Promise<void>;
  pause(): void;
  /** `n` steps (default 1), then a snapshot. */
  step(n?: number): Promise<void>;
  /** Forget the trainer; the next play or step builds a new one. */
  reset(): void;
  update(patch: Record<string, unknown>): void;
  /** Ask the trainer (it is built first if needed). */
  call<T = unknown>(method: string, args?: unknown): Promise<T>;
  /** Tests and demos: make the running GPU backend fail. */
  loseBackend(): void;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * `props` build the trainer (a change rebuilds it); `settings` change it as it trains (a change
 * is sent at once, with no rebuild: a learning rate, a batch size).
 */
export function useTrainer<P, S>(
  kind: string,
  props: P,
  settings?: Record<string, unknown>,
): TrainerView<S> {
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
    nextId: 1,
    results: new Map<number, Waiter>(),
    /** Messages of a trainer that was reset are ignored until the next `ready`. */
    ignore: false,
  });
  r.current.props = props;
  r.current.settings = settings;

  function onMessage(m: FromHost) {
    const s = r.current;
    switch (m.type) {
      case "hello":
        return;
      case "ready":
        s.ignore = false;
        if (m.measured) rememberMeasurement(m.measured.key, m.measured.value);
        setBackend(m.backend);
        // Built and not training (a play's "running" follows; a `call` alone opens it too).
        setStatus((old) => (old === "starting" ? "paused" : old));
        s.readyWaiter?.resolve(undefined);
        s.readyWaiter = null;
        return;
      case "result": {
        const w = s.results.get(m.id);
        s.results.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.value);
        return;
      }
    }
    if (s.ignore) return;
    switch (m.type) {
      case "snapshot":
        setSnapshot(m.data as S);
        setSteps(m.steps);
        setTensors(m.tensors);
        return;
      case "running":
        setStatus("running");
        return;
      case "stopped":
        setSteps(m.steps);
        setStatus((old) => (m.reason === "error" || old === "error" ? "error" : "paused"));
        s.stopped?.resolve(undefined);
        s.stopped = null;
        return;
      case "error":
        setError(m.message);
        setNonFinite(m.nonFinite);
        setStatus("error");
        s.readyWaiter?.reject(new Error(m.message));
        s.readyWaiter = null;
        s.stopped?.resolve(undefined);
        s.stopped = null;
        return;
      case "fallback":
        setBackend(m.backend);
        setFallback({ from: m.from, to: m.backend.name, steps: m.steps });
        return;
    }
  }

  function connection(): Connection {
    r.current.connection ??= new Connection(onMessage);
    return r.current.connection;
  }

  /** Opens the trainer for the current props (once per props). */
  function ensureOpen(): Promise<void> {
    const s = r.current;
    const current = JSON.stringify(s.props);
    if (s.openKey === current && s.ready) return s.ready;
    s.openKey = current;
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
      kind,
      props: s.props,
      settings: s.settings,
      force: forcedBackend() as never,
      cache: readMeasurements(),
    });
    return s.ready;
  }

  async function play(opts: { maxSteps?: number } = {}) {
    const s = r.current;
    try {
      await ensureOpen();
    } catch {
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

  function pause() {
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
    await call("sync").catch(() => undefined);
  }

  function reset() {
    const s = r.current;
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
    setStatus("idle");
  }

  function update(patch: Record<string, unknown>) {
    r.current.connection?.send({ type: "update", patch });
  }

  async function call<T>(method: string, args?: unknown): Promise<T> {
    await ensureOpen();
    const s = r.current;
    const id = s.nextId++;
    const result = new Promise<unknown>((resolve, reject) =>
      s.results.set(id, { resolve, reject })
    );
    connection().send({ type: "call", id, method, args });
    return await result as T;
  }

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

  // The island goes away: so does its worker.
  useEffect(() => () => {
    r.current.connection?.close();
    r.current.connection = null;
  }, []);

  return {
    status,
    snapshot,
    steps,
    tensors,
    backend,
    error,
    nonFinite,
    fallback,
    play,
    pause,
    step,
    reset,
    update,
    call,
    loseBackend,
  };
}
