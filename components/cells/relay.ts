/**
 * The notebook's workspace kept out of the runtime's reach. Reader code runs in a worker of its
 * own (the "cell realm", a worker the runtime's worker starts), never in the worker that talks to
 * the page: there, `self.postMessage` reaches only this relay, which
 *   - takes the realm's `ready` (its backend) once, before any reader code has run;
 *   - gives every `output` and `done` to the cell that is running now, whatever cell the message
 *     names (messages carry a run number the relay chose), checked field by field and bounded
 *     (`validOutput`), so a cell cannot write into another cell, break the page or fake a badge;
 *   - judges exercises itself (`judgeChecks`), from the plain outcomes the realm sends, with code
 *     and a realm the reader cannot reach; a "predict, then run" experiment runs in a fresh realm
 *     where no reader code ever ran;
 *   - notices a realm that stopped answering (a cell that left an endless loop running, a crash)
 *     when a run is not acknowledged within `ACK_MS`, and says so (`lost`); the page restarts.
 * The realm's `close()` is disabled before any reader code runs (`lockRealm`).
 */
import { type FromHost, noWorkspace, type ToHost } from "../runtime/protocol.ts";
import { type CellOutput, OUTPUT_LIMITS } from "./output.ts";
import type { CellError } from "./workspace.ts";
import { judgeChecks } from "../exercises/code_checkers.ts";
import type { Verdict } from "../exercises/verdict.ts";

/** A worker running a `RuntimeHost` without a relay (reader code runs there). */
export interface CellRealm {
  postMessage(message: ToHost): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** How long an idle realm may take to acknowledge a run before it counts as lost. */
export const ACK_MS = 5000;
/**
 * How long a new realm may take to answer its workspace (loading tfjs and timing the backends
 * takes seconds on a slow machine) before the relay gives up on it and says so.
 */
export const OPEN_MS = 60_000;
/** Most outputs one run may send to the page; past it, lines are only counted. */
const MAX_OUTPUTS = 5000;
const MAX_TEXT = 1_000_000;

type Workspace = Extract<ToHost, { type: "workspace" }>;
type Exec = Extract<ToHost, { type: "exec" }>;

const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v as Record<string, unknown> : null;
const str = (v: unknown, max: number): string | undefined =>
  typeof v === "string" ? v.slice(0, max) : undefined;
const whole = (v: unknown, lo: number, hi: number): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi;
const numberList = (v: unknown, max: number): v is number[] =>
  Array.isArray(v) && v.length <= max && v.every((x) => typeof x === "number");

/** A cell output from untrusted data: rebuilt field by field within bounds, or null. */
export function validOutput(v: unknown): CellOutput | null {
  const o = record(v);
  if (!o) return null;
  switch (o.kind) {
    case "text": {
      const text = str(o.text, MAX_TEXT);
      if (text === undefined) return null;
      return whole(o.dropped, 1, Number.MAX_SAFE_INTEGER)
        ? { kind: "text", text, dropped: o.dropped }
        : { kind: "text", text };
    }
    case "progress": {
      const fraction = o.fraction === null ? null : o.fraction;
      if (fraction !== null && !(typeof fraction === "number" && fraction >= 0 && fraction <= 1)) {
        return null;
      }
      const text = str(o.text, OUTPUT_LIMITS.lineChars);
      return text === undefined ? null : { kind: "progress", fraction, text };
    }
    case "table": {
      const columns = o.columns, rows = o.rows;
      if (!Array.isArray(columns) || columns.length > 1000) return null;
      if (!columns.every((c) => typeof c === "string")) return null;
      if (!Array.isArray(rows) || rows.length > 1000) return null;
      const ok = rows.every((r) =>
        Array.isArray(r) && r.length <= columns.length &&
        r.every((x) => typeof x === "number" || typeof x === "string")
      );
      if (!ok) return null;
      return {
        kind: "table",
        columns: columns.map((c) => (c as string).slice(0, 200)),
        rows: (rows as (string | number)[][]).map((r) =>
          r.map((x) => typeof x === "string" ? x.slice(0, 1000) : x)
        ),
      };
    }
    case "plot": {
      const data = o.data, labels = o.labels;
      if (!Array.isArray(data) || data.length < 2 || data.length > 21) return null;
      const n = Array.isArray(data[0]) ? data[0].length : -1;
      if (!data.every((d) => numberList(d, 1_000_000) && d.length === n)) return null;
      if (!Array.isArray(labels) || labels.length !== data.length - 1) return null;
      if (!labels.every((l) => typeof l === "string")) return null;
      return {
        kind: "plot",
        data: data as number[][],
        labels: (labels as string[]).map((l) => l.slice(0, 200)),
        title: str(o.title, 200),
        xLabel: str(o.xLabel, 200),
        yLabel: str(o.yLabel, 200),
        logY: o.logY === true,
        points: o.points === true,
      };
    }
    case "image": {
      const { pixels, width, height, count, cols } = o;
      if (!(pixels instanceof Uint8Array)) return null;
      if (!whole(width, 1, 256) || !whole(height, 1, 256) || !whole(count, 1, 10_000)) return null;
      if (!whole(cols, 1, 100) || pixels.length !== width * height * count) return null;
      const captions = o.captions;
      if (
        captions !== undefined &&
        !(Array.isArray(captions) && captions.length <= count &&
          captions.every((c) => typeof c === "string"))
      ) return null;
      return {
        kind: "image",
        pixels,
        width,
        height,
        count,
        cols: Math.min(cols, count),
        captions: (captions as string[] | undefined)?.map((c) => c.slice(0, 200)),
      };
    }
  }
  return null;
}

const ERROR_KINDS = new Set(["syntax", "engine", "nonFinite", "runtime", "interrupted"]);

/** A cell's error from untrusted data. */
function validError(v: unknown): CellError | undefined {
  const e = record(v);
  if (!e) return undefined;
  return {
    kind: ERROR_KINDS.has(e.kind as string) ? e.kind as CellError["kind"] : "runtime",
    name: str(e.name, 100) ?? "Error",
    message: str(e.message, 2000) ?? "",
    ...(whole(e.line, 1, 1e6) ? { line: e.line } : {}),
    ...(whole(e.column, 0, 1e6) ? { column: e.column } : {}),
  };
}

/**
 * Disables `close()` in the cell realm (a cell that calls it gets an error that says why), before
 * any reader code runs there.
 */
export function lockRealm(scope: object): void {
  const refuse = () => {
    throw new Error(
      "close() would end the notebook's workspace; to start afresh, press Restart",
    );
  };
  for (let o: object | null = scope; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (Object.getOwnPropertyDescriptor(o, "close")) {
      Object.defineProperty(o, "close", { value: refuse, writable: false, configurable: false });
    }
  }
  Object.defineProperty(scope, "close", { value: refuse, writable: false, configurable: false });
}

interface Run {
  id: number;
  onMessage(m: Record<string, unknown>): void;
}

/** One realm: its worker, the run it is doing, and the first `ready` it sent. */
class Realm {
  private run: Run | null = null;
  private opened: ((m: Record<string, unknown>) => void) | null = null;
  private runs = 0;

  constructor(private readonly worker: CellRealm) {
    worker.onmessage = (event) => {
      const m = record(event.data);
      if (!m) return;
      if (this.opened && (m.type === "ready" || m.type === "error")) {
        const opened = this.opened;
        this.opened = null;
        opened(m);
      } else if (this.run && m.cell === this.run.id) this.run.onMessage(m);
    };
    worker.onerror = (event) => {
      // A reader's uncaught error in a callback: its own business, not the page's. Before the
      // workspace is open, though, an error is the realm failing to load (a missing bundle, a
      // blocked script): the opening fails with it instead of waiting for a `ready`.
      event.preventDefault();
      const opened = this.opened;
      this.opened = null;
      opened?.({
        type: "error",
        message: `the code cells' worker did not start: ${event.message}`,
      });
    };
  }

  /**
   * Opens the workspace there: the `ready` it answers before any reader code runs, or an
   * `error` when the realm fails to load or does not answer within `ms`.
   */
  open(m: Workspace, ms = OPEN_MS): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.opened !== done) return;
        this.opened = null;
        resolve({
          type: "error",
          message: `the code cells' worker did not answer within ${ms / 1000} s`,
        });
      }, ms);
      const done = (answer: Record<string, unknown>) => {
        clearTimeout(timer);
        resolve(answer);
      };
      this.opened = done;
      this.worker.postMessage(m);
    });
  }

  /**
   * Runs code there; `onOutput` gets each valid output. Resolves with the realm's `done` (its
   * fields untrusted), or null when the realm did not acknowledge the run within ACK_MS.
   */
  exec(
    m: Omit<Exec, "cell">,
    onOutput: (o: CellOutput) => void,
  ): Promise<Record<string, unknown> | null> {
    const id = ++this.runs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null), ACK_MS);
      const finish = (done: Record<string, unknown> | null) => {
        clearTimeout(timer);
        this.run = null;
        resolve(done);
      };
      this.run = {
        id,
        onMessage: (msg) => {
          if (msg.type === "started") clearTimeout(timer);
          else if (msg.type === "output") {
            const o = validOutput(msg.output);
            if (o) onOutput(o);
          } else if (msg.type === "done") finish(msg);
        },
      };
      this.worker.postMessage({ ...m, cell: id } as Exec);
    });
  }

  interrupt(): void {
    this.worker.postMessage({ type: "interrupt" });
  }

  terminate(): void {
    this.worker.terminate();
  }
}

export class CellRelay {
  private realm: Realm | null = null;
  private opened: Workspace | null = null;
  private backend: string | null = null;

  constructor(
    private readonly spawn: () => CellRealm,
    private readonly post: (m: FromHost) => void,
    /** How long a new realm may take to open its workspace (tests make it short). */
    private readonly openMs = OPEN_MS,
  ) {}

  /** Opens a realm and its workspace; the page gets the `ready` it sent before reader code ran. */
  async open(m: Workspace): Promise<void> {
    this.close();
    const realm = new Realm(this.spawn());
    this.realm = realm;
    const answer = await realm.open(m, this.openMs);
    if (this.realm !== realm) return;
    if (answer.type === "error") {
      this.post({ type: "error", message: str(answer.message, 2000) ?? "", nonFinite: false });
      return;
    }
    this.opened = m;
    const ready = answer as Extract<FromHost, { type: "ready" }>;
    this.backend = ready.backend?.name ?? null;
    this.post({ type: "ready", backend: ready.backend, measured: ready.measured });
  }

  async exec(m: Exec): Promise<void> {
    const realm = this.realm;
    const started = performance.now();
    if (!realm || !this.opened) {
      this.post(noWorkspace(m.cell));
      return;
    }
    let sent = 0, dropped = 0;
    const onOutput = (o: CellOutput) => {
      if (++sent <= MAX_OUTPUTS) this.post({ type: "output", cell: m.cell, output: o });
      else if (o.kind === "text") dropped += o.text.split("\n").length + (o.dropped ?? 0);
    };
    // An experiment's number comes from a realm no reader code ever ran in.
    const fresh = m.check === "measured" ? await this.freshRealm() : null;
    if (m.check === "measured" && !fresh) {
      this.post({ type: "done", cell: m.cell, ms: performance.now() - started, error: LOST });
      return;
    }
    const done = await (fresh ?? realm).exec(
      { type: "exec", code: m.code, test: m.test, outcomes: m.check },
      onOutput,
    );
    fresh?.terminate();
    if (dropped) {
      this.post({ type: "output", cell: m.cell, output: { kind: "text", text: "", dropped } });
    }
    if (!done) {
      if (fresh) {
        this.post({ type: "done", cell: m.cell, ms: performance.now() - started, error: LOST });
        return;
      }
      // The realm never took the run: it is gone or stuck. The page restarts the workspace.
      this.close();
      this.post({ type: "lost" });
      return;
    }
    const error = validError(done.error);
    let verdict: Verdict | undefined;
    if (!error && m.check) verdict = judgeChecks(m.check, m.code, done.outcomes);
    this.post({ type: "done", cell: m.cell, error, ms: performance.now() - started, verdict });
  }

  private async freshRealm(): Promise<Realm | null> {
    if (!this.opened) return null;
    const realm = new Realm(this.spawn());
    // The notebook's backend, without timing it again.
    const force = (this.backend ?? undefined) as Workspace["force"];
    const answer = await realm.open({ ...this.opened, force }, this.openMs);
    return answer.type === "ready" ? realm : (realm.terminate(), null);
  }

  interrupt(): void {
    this.realm?.interrupt();
  }

  close(): void {
    this.realm?.terminate();
    this.realm = null;
    this.opened = null;
  }
}

const LOST: CellError = {
  kind: "runtime",
  name: "Error",
  message: "the experiment's workspace did not answer",
};
