/**
 * The notebook's workspace: runs cells one after another in one shared scope, with the engine's
 * public API and the cell helpers in it. It lives where the runtime's host lives (a Web Worker in
 * the page, Deno for `deno task lesson` and the tests) and never touches the DOM: what a cell
 * shows goes out as plain `CellOutput`s.
 *
 * Helpers a cell can call (documented in README, "Code cells"):
 *   print(...values)            text; tensors print like PyTorch's repr (console.log is print)
 *   table(rows)                 rows of objects or arrays, as a table
 *   plot(ys) / plot(xs, ys | { label: ys, ... }, { title, xLabel, yLabel, logY, points })
 *   image(t, caption?)          one 28 × 28 image from 784 values (a digit, a neuron's weights)
 *   images(t, { cols, captions })  a grid of them from [n, 784]
 *   progress(fraction, text)    one line that updates in place (a training loop)
 *   mnist.train / .valid / .test   the shipped digits ({ images, labels, count, rows, cols })
 *   dataset(name, { n, noise, seed })  lesson 1's 2-D points as { x: [n, 2], y: [n, 1] }
 *   nielsen(x), linspace(a, b, n)      lesson 2's target function, and a grid of numbers
 */
import type { Engine } from "../runtime/trainer.ts";
import type { Digits } from "../../mnist/dataset.ts";
import { type DatasetName, DATASETS, makeDataset } from "../function/datasets.ts";
import { linspace, nielsen } from "../bumps/math.ts";
import { type CellOutput, OUTPUT_LIMITS } from "./output.ts";
import type { CellError } from "../runtime/protocol.ts";
import { failed, type Verdict } from "../exercises/verdict.ts";
import type { Outcomes } from "../exercises/code_checkers.ts";
import { formatValue, isTensorValue } from "./repr.ts";
import { CellSyntaxError, prepareCell, wrapCell } from "./transform.ts";

/** Why a cell failed: the runtime's protocol carries it (defined there). */
export type { CellError };

export interface WorkspaceOptions {
  engine: Engine;
  /**
   * Milliseconds over which printed lines are gathered into one output (0, the default: each
   * print is one output). In the page, 50: a cell printing thousands of lines sends a few
   * messages, each with at most the last `OUTPUT_LIMITS.lines` lines and the count of the others.
   */
  batchMs?: number;
  /** Bytes live tensors may hold while a cell runs (default `MEMORY_BUDGET`; null: no limit). */
  memoryBudget?: number | null;
  /**
   * The engine serves this workspace only (a worker of its own): the budget then holds between
   * cells too (a timer a cell left running allocates under it), not only while a cell runs.
   */
  ownsEngine?: boolean;
  /** The shipped digits, loaded when a cell first uses `mnist`. */
  loadMnist?: () => Promise<{ train: Digits; val: Digits; test: Digits }>;
}

/** Thrown by the helpers once `interrupt()` was called: the cell stops at its next output. */
class Interrupted extends Error {
  override name = "Interrupted";
}

const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...a: unknown[]) => Promise<unknown>;

const SOURCE_PREFIX = "nn-cell-";
/** Least milliseconds between two progress lines sent. */
const PROGRESS_MS = 100;
/** The workspace's budget of live tensor memory: 1 GB (a laptop's tab survives it). */
export const MEMORY_BUDGET = 2 ** 30;
/** Most rows a table shows, and most values a plot or an image grid takes. */
const MAX_ROWS = 1000, MAX_POINTS = 1_000_000;
/** Most characters one print sends. */
const MAX_PRINT_CHARS = 100_000;

/** A plain object (options), or undefined; anything else is a TypeError naming the helper. */
function options(helper: string, v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v) || ArrayBuffer.isView(v)) {
    throw new TypeError(`${helper}: options must be an object such as { ... }, got ${kindOf(v)}`);
  }
  return v as Record<string, unknown>;
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return `the string ${JSON.stringify(v.slice(0, 40))}`;
  return typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}

/** An optional whole number in [lo, hi]; `what` names it in the error. */
function wholeIn(what: string, v: unknown, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new TypeError(`${what} must be a whole number from ${lo} to ${hi}, got ${kindOf(v)}`);
  }
  return v;
}

/** An optional string option. */
function text(what: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new TypeError(`${what} must be a string, got ${kindOf(v)}`);
  return v;
}

/**
 * How many lines the Function constructor and our wrapper put before a cell's line 1 in a stack
 * trace: measured once, by running a cell that throws on its first line (it differs between
 * engines, so it is not hard-coded).
 */
let lineShift: number | undefined;
async function measureLineShift(): Promise<number> {
  if (lineShift !== undefined) return lineShift;
  const name = `${SOURCE_PREFIX}probe`;
  const fn = new AsyncFunction(
    "scope",
    "__cellExport",
    wrapCell({ body: "throw new Error()", names: [], functions: [], uses: new Set() }, name),
  );
  try {
    await fn({}, () => {});
  } catch (error) {
    const m = frameRe(name).exec(String((error as Error).stack));
    lineShift = m ? +m[1] - 1 : 0;
  }
  return lineShift ?? 0;
}

/** A stack frame in cell `name`: "nn-cell-3:5:7" (Chromium), "nn-cell-3, <anonymous>:5:7" (Deno). */
const frameRe = (name: string) => new RegExp(`${name}(?!\\d)[^\\n]*?:(\\d+):(\\d+)`);

/** The first frame of `error`'s stack inside cell `name`, as a cell line and column. */
function cellFrame(error: unknown, name: string, shift: number) {
  const stack = String((error as Error)?.stack ?? "");
  const m = frameRe(name).exec(stack);
  return m ? { line: +m[1] - shift, column: +m[2] } : {};
}

/** Numbers from a tensor, a typed array or an array of numbers; anything else is a TypeError. */
function toArray(v: unknown, what: string): number[] {
  if (isTensorValue(v)) {
    if (v.shape.reduce((a, b) => a * b, 1) > MAX_POINTS) {
      throw new TypeError(`${what}: at most ${MAX_POINTS} values`);
    }
    return Array.from(v.dataSync());
  }
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
    throw new TypeError(`${what} must be a tensor or an array of numbers, got ${kindOf(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (a.length > MAX_POINTS) throw new TypeError(`${what}: at most ${MAX_POINTS} values`);
  const out = Array.from(a as ArrayLike<number>);
  const bad = out.findIndex((x) => typeof x !== "number");
  if (bad >= 0) {
    throw new TypeError(`${what}: value ${bad} is ${kindOf(out[bad])}, not a number`);
  }
  return out;
}

export class Workspace {
  /** Names defined by cells. */
  readonly vars: Record<string, unknown> = Object.create(null);
  private readonly builtins: Record<string, unknown>;
  private readonly scope: Record<string, unknown>;
  private emit: (o: CellOutput) => void = () => {};
  private interrupted = false;
  private runs = 0;
  private mnist: { train: Digits; valid: Digits; test: Digits } | null = null;
  private pendingProgress: CellOutput | null = null;
  private progressAt = -Infinity;
  /** Printed lines not sent yet (batchMs > 0), and how many were left out since the last send. */
  private lines: string[] = [];
  private droppedLines = 0;
  private linesAt = -Infinity;
  private linesTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly o: WorkspaceOptions) {
    const e = o.engine;
    const api = {
      Tensor: e.Tensor,
      tensor: e.tensor,
      zeros: e.zeros,
      ones: e.ones,
      rand: e.rand,
      randn: e.randn,
      F: e.F,
      nn: e.nn,
      optim: e.optim,
      noGrad: e.noGrad,
      graphOf: e.graphOf,
      manualSeed: e.manualSeed,
      Generator: e.Generator,
      normalize: e.normalize,
      batches: e.batches,
      oneHot: e.oneHot,
      accuracy: e.accuracy,
      EngineError: e.EngineError,
      NonFiniteLossError: e.NonFiniteLossError,
      backendName: e.backendName,
      numTensors: e.numTensors,
    };
    const print = (...values: unknown[]) => {
      this.check();
      this.flushProgress();
      this.print(values.map((v) => formatValue(v)).join(" "));
    };
    this.builtins = {
      ...api,
      print,
      console: { log: print, info: print, warn: print, error: print },
      table: (rows: unknown) => this.table(rows),
      plot: (...args: unknown[]) => this.plot(args),
      image: (t: unknown, caption?: unknown) =>
        this.images(
          t,
          {
            cols: 1,
            captions: caption === undefined ? undefined : [text("image: caption", caption)],
          },
          true,
        ),
      images: (t: unknown, opts?: unknown) => this.images(t, options("images", opts), false),
      progress: (fraction: unknown, text: unknown = "") => this.progress(fraction, text),
      dataset: (name: unknown, opts?: unknown) => this.dataset(name, options("dataset", opts)),
      nielsen: (x: unknown) => {
        if (typeof x !== "number") {
          throw new TypeError(`nielsen(x): x must be a number, got ${kindOf(x)}`);
        }
        return nielsen(x);
      },
      linspace: (a: unknown, b: unknown, n: unknown) => {
        if (typeof a !== "number" || typeof b !== "number" || !Number.isFinite(a + b)) {
          throw new TypeError("linspace(a, b, n): a and b must be finite numbers");
        }
        return linspace(a, b, wholeIn("linspace(a, b, n): n", n, 1, MAX_POINTS)!);
      },
    };
    Object.defineProperty(this.builtins, "mnist", { get: () => this.mnist, enumerable: true });
    if (o.ownsEngine) e.setMemoryBudget(this.budget());
    const vars = this.vars, builtins = this.builtins;
    this.scope = new Proxy(vars, {
      has: (_t, k) => typeof k === "string" && (k in vars || k in builtins),
      get: (_t, k) =>
        k === Symbol.unscopables
          ? undefined
          : typeof k !== "string"
          ? undefined
          : k in vars
          ? vars[k]
          : builtins[k],
      set: (_t, k, v) => {
        if (typeof k === "string") vars[k] = v;
        return true;
      },
    });
  }

  private budget(): number | null {
    return this.o.memoryBudget === undefined ? MEMORY_BUDGET : this.o.memoryBudget;
  }

  /** Stop the running cell at its next output (print, plot, progress...). */
  interrupt(): void {
    this.interrupted = true;
  }

  private check(): void {
    if (this.interrupted) throw new Interrupted("stopped");
  }

  /**
   * Runs one cell. `test`: a test configuration (`{ epochs: "1" }`) replacing the starting value
   * of top-level constants. Resolves with the error, if the cell failed; never rejects.
   */
  async exec(
    code: string,
    emit: (o: CellOutput) => void,
    test: Record<string, string> = {},
  ): Promise<CellError | undefined> {
    this.interrupted = false;
    this.emit = emit;
    const name = `${SOURCE_PREFIX}${++this.runs}`;
    const shift = await measureLineShift();
    const before = this.o.engine.memoryBudget();
    this.o.engine.setMemoryBudget(this.budget());
    try {
      const prepared = prepareCell(code, test);
      if (prepared.uses.has("mnist") && !this.mnist) {
        if (!this.o.loadMnist) throw new Error("the MNIST digits are not available here");
        const d = await this.o.loadMnist();
        this.mnist = { train: d.train, valid: d.val, test: d.test };
      }
      let fn: (...a: unknown[]) => Promise<unknown>;
      try {
        fn = new AsyncFunction("scope", "__cellExport", wrapCell(prepared, name));
      } catch (error) {
        // Parsed by acorn but refused by the engine: no position to give.
        throw new CellSyntaxError(String((error as Error).message), 1, 1);
      }
      for (const n of prepared.names) if (!(n in this.vars)) this.vars[n] = undefined;
      await fn(this.scope, (fns: Record<string, unknown>) => Object.assign(this.vars, fns));
      return undefined;
    } catch (error) {
      return this.describe(error, name, shift);
    } finally {
      if (!this.o.ownsEngine) this.o.engine.setMemoryBudget(before);
      this.flushProgress();
      this.flushLines();
      this.progressAt = -Infinity;
      this.linesAt = -Infinity;
      this.emit = () => {};
    }
  }

  /**
   * An exercise's verdict on the code that just ran: the code checker `name` looks at the names
   * it defined (`components/exercises/code_checkers.ts`), both halves here. Never rejects.
   */
  async verdict(name: string, code: string): Promise<Verdict> {
    const { checkCode } = await import("../exercises/code_checkers.ts");
    try {
      return await checkCode(this.o.engine, name, this.vars, code);
    } catch (error) {
      return failed("threw", { case: 0, message: String((error as Error)?.message ?? error) });
    }
  }

  /**
   * The checker's first half only: what the reader's function gave on each hidden case, as plain
   * data for a judge the reader's code cannot reach (the runtime's own worker). Never rejects.
   */
  async outcomes(name: string): Promise<Outcomes> {
    const { runChecks } = await import("../exercises/code_checkers.ts");
    return await runChecks(this.o.engine, name, this.vars);
  }

  private describe(error: unknown, name: string, shift: number): CellError {
    if (error instanceof CellSyntaxError) {
      return {
        kind: "syntax",
        name: "SyntaxError",
        message: error.message,
        line: error.line,
        column: error.column,
      };
    }
    const e = error as Error;
    const where = cellFrame(error, name, shift);
    const kind = e instanceof Interrupted
      ? "interrupted"
      : e?.name === "NonFiniteLossError"
      ? "nonFinite"
      : e?.name === "EngineError"
      ? "engine"
      : "runtime";
    return {
      kind,
      name: e?.name ?? "Error",
      message: e instanceof Error ? e.message : String(error),
      ...where,
    };
  }

  private table(rows: unknown): void {
    this.check();
    if (!Array.isArray(rows)) {
      throw new TypeError(`table(rows): rows must be an array, got ${kindOf(rows)}`);
    }
    if (rows.length > MAX_ROWS) {
      throw new TypeError(
        `table(rows): at most ${MAX_ROWS} rows, got ${rows.length} (show rows.slice(0, 20))`,
      );
    }
    const bad = rows.findIndex((r) => typeof r !== "object" || r === null);
    if (bad >= 0) {
      throw new TypeError(
        `table(rows): row ${bad} is ${kindOf(rows[bad])}; each row is an object or an array`,
      );
    }
    this.flushLines();
    const cell = (v: unknown) => typeof v === "number" ? v : formatValue(v);
    if (rows.every(Array.isArray)) {
      const width = rows.reduce((w, r) => Math.max(w, (r as unknown[]).length), 0);
      if (width > MAX_ROWS) throw new TypeError(`table(rows): at most ${MAX_ROWS} columns`);
      this.emit({
        kind: "table",
        columns: Array.from({ length: width }, (_, i) => String(i)),
        rows: rows.map((r) => (r as unknown[]).map(cell)),
      });
      return;
    }
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
    if (columns.length > MAX_ROWS) throw new TypeError(`table(rows): at most ${MAX_ROWS} columns`);
    this.emit({
      kind: "table",
      columns,
      rows: rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c]))),
    });
  }

  private plot(args: unknown[]): void {
    this.check();
    this.flushLines();
    const isSeries = (v: unknown) => isTensorValue(v) || ArrayBuffer.isView(v) || Array.isArray(v);
    let xs: number[] | undefined;
    let ys: unknown;
    let opts: Record<string, unknown> = {};
    const isSeriesMap = (v: unknown) =>
      typeof v === "object" && v !== null && !isSeries(v) &&
      Object.values(v).length > 0 && Object.values(v).every(isSeries);
    // plot(xs, ys | { label: ys }, opts?) or plot(ys | { label: ys }, opts?)
    if (args.length >= 2 && isSeries(args[0]) && (isSeries(args[1]) || isSeriesMap(args[1]))) {
      xs = toArray(args[0], "plot: xs");
      ys = args[1];
      opts = options("plot", args[2]);
    } else {
      ys = args[0];
      opts = options("plot", args[1]);
    }
    if (!isSeries(ys) && !isSeriesMap(ys)) {
      throw new TypeError(
        `plot: ys must be a tensor, an array of numbers, or { label: ys, ... }, got ${kindOf(ys)}`,
      );
    }
    for (const k of ["title", "xLabel", "yLabel", "label"]) text(`plot: ${k}`, opts[k]);
    const named: [string, number[]][] = isSeries(ys)
      ? [[String(opts.label ?? "y"), toArray(ys, "plot: ys")]]
      : Object.entries(ys as Record<string, unknown>).map((
        [k, v],
      ) => [k, toArray(v, `plot: series "${k}"`)]);
    if (named.length === 0) throw new TypeError("plot: nothing to plot");
    const n = named[0][1].length;
    for (const [label, values] of named) {
      if (values.length !== n) {
        throw new TypeError(`plot: series "${label}" has ${values.length} values, not ${n}`);
      }
    }
    xs ??= Array.from({ length: n }, (_, i) => i);
    if (xs.length !== n) throw new TypeError(`plot: ${xs.length} x values for ${n} y values`);
    this.emit({
      kind: "plot",
      data: [xs, ...named.map(([, v]) => v)],
      labels: named.map(([k]) => k),
      title: opts.title as string | undefined,
      xLabel: opts.xLabel as string | undefined,
      yLabel: opts.yLabel as string | undefined,
      logY: Boolean(opts.logY),
      points: Boolean(opts.points),
    });
  }

  private images(t: unknown, opts: Record<string, unknown>, single: boolean) {
    this.check();
    const helper = single ? "image" : "images";
    const cols = wholeIn(`${helper}: cols`, opts.cols, 1, 100);
    if (opts.captions !== undefined && !Array.isArray(opts.captions)) {
      throw new TypeError(`${helper}: captions must be an array of strings`);
    }
    const captions = (opts.captions as unknown[] | undefined)?.map((c) =>
      typeof c === "string" || typeof c === "number" ? String(c) : formatValue(c)
    );
    this.flushLines();
    const values = toArray(t, helper);
    const size = 28 * 28;
    if (values.length % size !== 0 || values.length === 0 || (single && values.length !== size)) {
      throw new TypeError(
        `${single ? "image" : "images"}: needs ${single ? "784" : "n × 784"} values (28 × 28${
          single ? "" : " each"
        }), got ${values.length}`,
      );
    }
    const count = values.length / size;
    if (captions && captions.length > count) {
      throw new TypeError(`${helper}: ${captions.length} captions for ${count} images`);
    }
    // Pixels in [0, 1] or bytes as they are; anything else (weights) from its min to its max.
    let lo = Infinity, hi = -Infinity;
    for (const v of values) (lo = Math.min(lo, v)), (hi = Math.max(hi, v));
    const [a, b] = lo >= 0 && hi <= 1
      ? [0, 1]
      : lo >= 0 && hi <= 255 && hi > 1
      ? [0, 255]
      : [lo, hi];
    const pixels = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      pixels[i] = Math.round(255 * (b > a ? (values[i] - a) / (b - a) : 0));
    }
    this.emit({
      kind: "image",
      pixels,
      width: 28,
      height: 28,
      count,
      cols: Math.max(1, Math.min(count, cols ?? 10)),
      captions,
    });
  }

  /** At most one progress line per PROGRESS_MS goes out; the last one is sent when the cell ends. */
  private progress(fraction: unknown, label: unknown): void {
    this.check();
    if (fraction !== null && (typeof fraction !== "number" || Number.isNaN(fraction))) {
      throw new TypeError(
        `progress(fraction, text): fraction must be a number from 0 to 1 (or null), got ${
          kindOf(fraction)
        }`,
      );
    }
    this.flushLines();
    this.pendingProgress = {
      kind: "progress",
      fraction: fraction === null ? null : Math.max(0, Math.min(1, fraction)),
      text: String(label).slice(0, OUTPUT_LIMITS.lineChars),
    };
    if (performance.now() - this.progressAt >= PROGRESS_MS) this.flushProgress();
  }

  /** One printed line: sent at once, or gathered for `batchMs` (the last lines kept). */
  private print(text: string): void {
    // A huge value prints its start: the page shows no more than that anyway.
    const line = text.length > MAX_PRINT_CHARS ? `${text.slice(0, MAX_PRINT_CHARS)}…` : text;
    const ms = this.o.batchMs ?? 0;
    if (ms <= 0) {
      this.emit({ kind: "text", text: line });
      return;
    }
    this.lines.push(line);
    if (this.lines.length > 2 * OUTPUT_LIMITS.lines) {
      const cut = this.lines.length - OUTPUT_LIMITS.lines;
      this.lines = this.lines.slice(cut);
      this.droppedLines += cut;
    }
    if (performance.now() - this.linesAt >= ms) this.flushLines();
    // A cell that prints, then awaits for long, shows the line meanwhile.
    else this.linesTimer ??= setTimeout(() => this.flushLines(), ms);
  }

  private flushLines(): void {
    clearTimeout(this.linesTimer);
    this.linesTimer = undefined;
    if (this.lines.length === 0 && this.droppedLines === 0) return;
    const keep = this.lines.slice(-OUTPUT_LIMITS.lines);
    const dropped = this.droppedLines + this.lines.length - keep.length;
    this.emit({ kind: "text", text: keep.join("\n"), ...(dropped ? { dropped } : {}) });
    this.lines = [];
    this.droppedLines = 0;
    this.linesAt = performance.now();
  }

  private flushProgress(): void {
    if (!this.pendingProgress) return;
    this.emit(this.pendingProgress);
    this.pendingProgress = null;
    this.progressAt = performance.now();
  }

  private dataset(name: unknown, opts: Record<string, unknown>) {
    if (!DATASETS.includes(name as DatasetName)) {
      throw new TypeError(`dataset: unknown ${kindOf(name)} (known: ${DATASETS.join(", ")})`);
    }
    const n = wholeIn("dataset: n", opts.n, 1, 100_000) ?? 200;
    const noise = opts.noise ?? 0;
    if (typeof noise !== "number" || !(noise >= 0 && noise <= 10)) {
      throw new TypeError(`dataset: noise must be a number from 0 to 10, got ${kindOf(noise)}`);
    }
    const seed = wholeIn("dataset: seed", opts.seed, 0, 2 ** 31) ?? 1;
    const d = makeDataset(name as DatasetName, n, noise, seed);
    const e = this.o.engine;
    return { x: e.tensor(d.x, [n, 2]), y: e.tensor(d.y, [n, 1]) };
  }
}
