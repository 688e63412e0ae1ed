/**
 * The runtime's protocol: what a page (an island, later a code cell) says to the host that runs
 * the engine, and what the host answers. The host runs in a dedicated Web Worker, or on the main
 * thread where Workers are unavailable; both ends see only these plain, structured-cloneable
 * messages. One connection (a session of the page's one runtime) drives one trainer at a time,
 * or one notebook workspace (the code cells of a lesson: `workspace`, then `exec` per cell,
 * answered by `output`s and a `done`). Between the page and its runtime worker, messages travel
 * wrapped with their session's id (`ToWorker`, `FromWorker`; `sessions.ts`).
 *
 * Why hand-written and not comlink: the traffic is a stream (snapshots pushed while training, a
 * pause that must overtake queued work), not request/response calls; nine message kinds typed
 * here are smaller than a proxy library, and the host can be unit-tested in Deno with no worker.
 */
import type { BackendName } from "../../engine/mod.ts";

/* The notebook's messages carry these (`components/cells/` makes them, the page shows them). */

/**
 * What a cell shows, as plain data sent from the host to the page (and printed by
 * `deno task lesson`): text, a table, a line chart, images, a progress line.
 */
export type CellOutput =
  /** `dropped`: lines printed before this text and left out (too many, too fast). */
  | { kind: "text"; text: string; dropped?: number }
  | { kind: "table"; columns: string[]; rows: (string | number)[][] }
  | {
    kind: "plot";
    /** `[xs, ys1, ys2, ...]`. */
    data: number[][];
    labels: string[];
    title?: string;
    xLabel?: string;
    yLabel?: string;
    logY?: boolean;
    /** Points only (a scatter). */
    points?: boolean;
  }
  | {
    kind: "image";
    /** Pixels 0–255, row-major, `count` images of `width` × `height` one after another. */
    pixels: Uint8Array;
    width: number;
    height: number;
    count: number;
    /** Images per row. */
    cols: number;
    /** One caption per image (a label, a prediction). */
    captions?: string[];
  }
  /** Replaces the cell's previous progress line. */
  | { kind: "progress"; fraction: number | null; text: string };

/** Why a cell failed, for the reader: the message, and the cell's line when known. */
export interface CellError {
  kind: "syntax" | "engine" | "nonFinite" | "runtime" | "interrupted";
  /** The error's name (`TypeError`, `EngineError`...). */
  name: string;
  message: string;
  line?: number;
  column?: number;
}

/**
 * An exercise's verdict on a cell (`components/exercises/verdict.ts` narrows `reason` to the
 * reasons its text words): solved or not, why, and the numbers behind it.
 */
export interface CellVerdict<Reason extends string = string> {
  ok: boolean;
  reason: Reason;
  detail: Record<string, number | string>;
}

/** How long one step took on one backend, when the runtime timed it. */
export interface BackendTiming {
  name: string;
  /** Median milliseconds per training step; null when it was not timed to the end. */
  msPerStep: number | null;
  /** Why it has no time (too slow to finish inside the budget, failed to start...). */
  note?: string;
}

/** Which backend a trainer runs on, and how it was chosen. */
export interface BackendReport {
  /** The backend running now. */
  name: string;
  /**
   * measuring: started on the fastest of the quick backends (WASM, CPU) while the GPU backends are
   * timed in the background; measured: the fastest of all timed; cached: timed earlier in this
   * tab; forced: `?backend=`; fallback: the backend before failed.
   */
  how: "measuring" | "measured" | "cached" | "forced" | "fallback";
  /** The timings behind the choice, fastest first (empty when forced). */
  timings: BackendTiming[];
  /**
   * Backends that could not start, with the reason; `detail`: the error of a backend that
   * failed during training.
   */
  skipped: { name: string; reason: string; detail?: string }[];
  /** Whether the engine runs in a Web Worker (false: on the page's main thread). */
  worker: boolean;
  /** Threads the backend computes on, when more than one (the threaded WASM build). */
  threads?: number;
}

/** A measurement remembered for the tab (sessionStorage), per trainer kind and model shape. */
export interface Measurement {
  /** Backends, fastest first; the first one is chosen. */
  order: string[];
  timings: BackendTiming[];
  skipped: { name: string; reason: string }[];
}

/** Page → host. */
export type ToHost =
  /** Load the engine now (an island that may train soon), so Play starts at once. */
  | { type: "preload" }
  | {
    type: "open";
    /** The trainer's name in the registry (`components/trainers.ts`). */
    kind: string;
    /** Tags every message about this trainer (`open` on `FromHost`), so late ones can be told. */
    id?: number;
    /** Plain data the trainer is built from. */
    props: unknown;
    /** Settings that change without a rebuild, applied right after the build (`update`). */
    settings?: Record<string, unknown>;
    /** `?backend=` of the page: no measurement. */
    force?: BackendName;
    /** Earlier measurements of this tab, by key (`kind:shape`). */
    cache?: Record<string, Measurement>;
  }
  /** Train until paused, or until `maxSteps` steps in all. */
  | { type: "play"; maxSteps?: number }
  | { type: "pause" }
  /** Exactly `n` steps, then a snapshot. */
  | { type: "step"; n: number }
  /** Change settings that need no rebuild (a learning rate, a batch size). */
  | { type: "update"; patch: Record<string, unknown> }
  /** Ask the trainer something (`predict`, `weights`...); answered by a `result`. */
  | { type: "call"; id: number; method: string; args?: unknown }
  /**
   * Time `candidates` on this model and answer `measured` (a second, short-lived host does this
   * while the first one trains, so training starts at once).
   */
  | {
    type: "measure";
    kind: string;
    props: unknown;
    settings?: Record<string, unknown>;
    candidates: string[];
    budgetMs: number;
  }
  /** Move the trainer to the first backend of `order` that starts (a faster one was found). */
  | { type: "switch"; order: string[]; timings: BackendTiming[]; skipped: Skipped[] }
  /** Free the trainer (the connection stays). */
  | { type: "close" }
  /** Tests: make the GPU backend fail as a lost context would. */
  | { type: "lose-backend" }
  /**
   * Open the notebook workspace: load the engine and choose its backend as `open` does, timing
   * the `probe` model (a representative training step of the lesson's cells); answered by `ready`.
   */
  | {
    type: "workspace";
    probe: ProbeProps;
    force?: BackendName;
    cache?: Record<string, Measurement>;
  }
  /**
   * Run a cell's code in the workspace; `test`: a test configuration (`{ epochs: "1" }`);
   * `check`: an exercise's code checker (`components/exercises/code_checkers.ts`) to run after
   * the code, on the names it defined (its verdict comes with `done`).
   */
  | {
    type: "exec";
    cell: number;
    code: string;
    test?: Record<string, string>;
    check?: string;
    /**
     * In the cell realm (`components/cells/relay.ts`): run this code checker's first half only and
     * send its plain `outcomes` with `done`, for the relay to judge.
     */
    outcomes?: string;
  }
  /** Stop the running cell at its next output (a cell that never outputs: end the worker). */
  | { type: "interrupt" };

/** The model timed to choose the notebook's backend: an MLP's layer sizes and batch size. */
export interface ProbeProps {
  sizes: number[];
  batch: number;
}

type Skipped = { name: string; reason: string };

/**
 * Host → page. Messages about a trainer carry `open`: the `id` of the `open` that built it, so a
 * page that has asked for another trainer since can drop them.
 */
export type FromHost = FromHostMessage & { open?: number };

type FromHostMessage =
  /** The host is up (sent once; a worker that never says it failed to start). */
  | { type: "hello"; worker: boolean }
  /**
   * The trainer is built on `backend`; `measured` is new and worth remembering. `pending`: backends
   * still to time (in the background, `measure`), within `budgetLeftMs`, remembered under `key`.
   */
  | {
    type: "ready";
    backend: BackendReport;
    measured?: { key: string; value: Measurement };
    pending?: { key: string; candidates: string[]; budgetLeftMs: number };
  }
  /** The answer to `measure`. */
  | { type: "measured"; timings: BackendTiming[]; skipped: Skipped[] }
  /** The trainer now runs on another backend (after `switch`). */
  | { type: "backend"; backend: BackendReport }
  /** What the trainer shows, after `steps` steps; `tensors`: tfjs tensors alive in the host. */
  /**
   * `at`: when the host took it, in the host's own milliseconds (`performance.now()` of the
   * worker): the run's speed is measured between two of them, not between their arrivals (a busy
   * page can take several at once).
   */
  | { type: "snapshot"; steps: number; data: unknown; tensors: number; at?: number }
  /** Training started, at `steps`; `at` as a snapshot's. */
  | { type: "running"; steps?: number; at?: number }
  /**
   * Training stopped: paused, reached maxSteps, or failed (an `error` came first); `at` as a
   * snapshot's, so that a run too short for two snapshots is still measured from its start.
   */
  | { type: "stopped"; steps: number; reason: "paused" | "done" | "error"; at?: number }
  /** Something went wrong; `message` is for the reader. */
  | { type: "error"; message: string; nonFinite: boolean }
  /** The backend failed; training carries on on `backend.name` from the checkpoint at `steps`. */
  | { type: "fallback"; from: string; reason: string; steps: number; backend: BackendReport }
  /**
   * The answer to a `call`; `tensors`: the session's tensors once it was answered (a call that
   * made a tensor and kept it shows up at once, not at the next snapshot).
   */
  | { type: "result"; id: number; value?: unknown; error?: string; tensors?: number }
  /** Something cell `cell` shows. */
  | { type: "output"; cell: number; output: CellOutput }
  /** Cell `cell` started (the workspace is alive and took the run). */
  | { type: "started"; cell: number }
  /** Cell `cell` ended (with `error` when it failed) after `ms` milliseconds. */
  | {
    type: "done";
    cell: number;
    error?: CellError;
    ms: number;
    verdict?: CellVerdict;
    /** Asked for by `exec`'s `outcomes`: the checker's first half, for the relay to judge. */
    outcomes?: unknown;
  }
  /**
   * The notebook's workspace stopped answering (ended, or stuck), or the runtime's worker ended:
   * whatever this session had is gone, and the page starts it again when next asked.
   */
  | { type: "lost" };

/** Page → runtime worker: a message for one session, or the end of one (its island is gone). */
export type ToWorker = { session: number; message: ToHost } | { session: number; end: true };
/** Runtime worker → page: a message of one session, or the worker's `hello` (session 0). */
export interface FromWorker {
  session: number;
  message: FromHost;
}

/** The key under which a measurement is remembered. */
export const measurementKey = (kind: string, shape: string) => `${kind}:${shape}`;

/** The answer to an `exec` when no workspace is open (the host's and the cell relay's). */
export const noWorkspace = (cell: number): FromHost => ({
  type: "done",
  cell,
  ms: 0,
  error: { kind: "runtime", name: "Error", message: "no workspace is open" },
});
