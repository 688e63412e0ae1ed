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
import type { CellOutput } from "./output.ts";
import { failed, type Verdict } from "../exercises/verdict.ts";
import { formatValue, isTensorValue } from "./repr.ts";
import { CellSyntaxError, prepareCell, wrapCell } from "./transform.ts";

/** Why a cell failed, for the reader: the message, and the cell's line when known. */
export interface CellError {
  kind: "syntax" | "engine" | "nonFinite" | "runtime" | "interrupted";
  /** The error's name (`TypeError`, `EngineError`...). */
  name: string;
  message: string;
  line?: number;
  column?: number;
}

export interface WorkspaceOptions {
  engine: Engine;
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

const toArray = (v: unknown): number[] =>
  isTensorValue(v) ? Array.from(v.dataSync()) : Array.from(v as ArrayLike<number>);

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
      this.emit({ kind: "text", text: values.map((v) => formatValue(v)).join(" ") });
    };
    this.builtins = {
      ...api,
      print,
      console: { log: print, info: print, warn: print, error: print },
      table: (rows: unknown[]) => this.table(rows),
      plot: (...args: unknown[]) => this.plot(args),
      image: (t: unknown, caption?: string) =>
        this.images(t, { cols: 1, captions: caption === undefined ? undefined : [caption] }, true),
      images: (t: unknown, opts: { cols?: number; captions?: string[] } = {}) =>
        this.images(t, opts, false),
      progress: (fraction: number | null, text = "") => this.progress(fraction, text),
      dataset: (name: DatasetName, opts: { n?: number; noise?: number; seed?: number } = {}) =>
        this.dataset(name, opts),
      nielsen,
      linspace,
    };
    Object.defineProperty(this.builtins, "mnist", { get: () => this.mnist, enumerable: true });
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
      this.flushProgress();
      this.progressAt = -Infinity;
      this.emit = () => {};
    }
  }

  /**
   * An exercise's verdict on the code that just ran: the code checker `name` looks at the names
   * it defined (`components/exercises/code_checkers.ts`). Never rejects.
   */
  async verdict(name: string, code: string): Promise<Verdict> {
    const { CODE_CHECKERS } = await import("../exercises/code_checkers.ts");
    const checker = CODE_CHECKERS[name];
    if (!checker) return failed("threw", { case: 0, message: `no checker named "${name}"` });
    try {
      return await checker(this.o.engine, this.vars, code);
    } catch (error) {
      return failed("threw", { case: 0, message: String((error as Error)?.message ?? error) });
    }
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

  private table(rows: unknown[]): void {
    this.check();
    if (!Array.isArray(rows)) throw new TypeError("table(rows): rows must be an array");
    const cell = (v: unknown) => typeof v === "number" ? v : formatValue(v);
    if (rows.every(Array.isArray)) {
      const width = Math.max(0, ...rows.map((r) => (r as unknown[]).length));
      this.emit({
        kind: "table",
        columns: Array.from({ length: width }, (_, i) => String(i)),
        rows: rows.map((r) => (r as unknown[]).map(cell)),
      });
      return;
    }
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r as object)))];
    this.emit({
      kind: "table",
      columns,
      rows: rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c]))),
    });
  }

  private plot(args: unknown[]): void {
    this.check();
    const isSeries = (v: unknown) => isTensorValue(v) || ArrayBuffer.isView(v) || Array.isArray(v);
    let xs: number[] | undefined;
    let ys: unknown;
    let opts: Record<string, unknown> = {};
    const isSeriesMap = (v: unknown) =>
      typeof v === "object" && v !== null && !isSeries(v) &&
      Object.values(v).length > 0 && Object.values(v).every(isSeries);
    // plot(xs, ys | { label: ys }, opts?) or plot(ys | { label: ys }, opts?)
    if (args.length >= 2 && isSeries(args[0]) && (isSeries(args[1]) || isSeriesMap(args[1]))) {
      xs = toArray(args[0]);
      ys = args[1];
      opts = (args[2] ?? {}) as Record<string, unknown>;
    } else {
      ys = args[0];
      opts = (args[1] ?? {}) as Record<string, unknown>;
    }
    const named: [string, number[]][] = isSeries(ys)
      ? [[String(opts.label ?? "y"), toArray(ys)]]
      : Object.entries((ys ?? {}) as Record<string, unknown>).map(([k, v]) => [k, toArray(v)]);
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

  private images(t: unknown, opts: { cols?: number; captions?: string[] }, single: boolean) {
    this.check();
    const values = toArray(t);
    const size = 28 * 28;
    if (values.length % size !== 0 || values.length === 0 || (single && values.length !== size)) {
      throw new TypeError(
        `${single ? "image" : "images"}: needs ${single ? "784" : "n × 784"} values (28 × 28${
          single ? "" : " each"
        }), got ${values.length}`,
      );
    }
    const count = values.length / size;
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
      cols: Math.max(1, Math.min(count, opts.cols ?? 10)),
      captions: opts.captions?.map(String),
    });
  }

  /** At most one progress line per PROGRESS_MS goes out; the last one is sent when the cell ends. */
  private progress(fraction: number | null, text: string): void {
    this.check();
    this.pendingProgress = {
      kind: "progress",
      fraction: fraction === null ? null : Math.max(0, Math.min(1, Number(fraction))),
      text: String(text),
    };
    if (performance.now() - this.progressAt >= PROGRESS_MS) this.flushProgress();
  }

  private flushProgress(): void {
    if (!this.pendingProgress) return;
    this.emit(this.pendingProgress);
    this.pendingProgress = null;
    this.progressAt = performance.now();
  }

  private dataset(name: DatasetName, opts: { n?: number; noise?: number; seed?: number }) {
    if (!DATASETS.includes(name)) {
      throw new TypeError(`dataset: unknown "${name}" (known: ${DATASETS.join(", ")})`);
    }
    const n = opts.n ?? 200;
    const d = makeDataset(name, n, opts.noise ?? 0, opts.seed ?? 1);
    const e = this.o.engine;
    return { x: e.tensor(d.x, [n, 2]), y: e.tensor(d.y, [n, 1]) };
  }
}
