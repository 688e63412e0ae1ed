/**
 * `deno task lesson <slug> [--lang en|zh] [--backend cpu|wasm] [--test] [--out DIR]`: runs a
 * lesson's code cells in order in Deno, through the same runtime host as the page, and prints
 * what they show (plots as text charts, images as shades; with `--out`, also as SVG and PNG
 * files). `--test` runs the cells' short test configurations. `deno task lesson --list` lists
 * the lessons.
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import { RuntimeHost } from "../runtime/host.ts";
import { cellNotebook } from "./host_notebook.ts";
import type { FromHost, ToHost } from "../runtime/protocol.ts";
import { TRAINERS } from "../trainers.ts";
import { parseFrontMatter } from "../../builder/frontmatter.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { type CellSource, extractCells } from "./cells.ts";
import type { CellOutput } from "./output.ts";
import type { CellError } from "./workspace.ts";
import { imagesPng, outputAsText, plotSvg } from "./terminal.ts";
import { LANGS } from "../lib/lang.ts";
import { probeFor } from "./probe_trainer.ts";

const ROOT = new URL("../../", import.meta.url);
const USAGE =
  "usage: deno task lesson <slug> [--lang en|zh] [--backend cpu|wasm] [--test] [--out DIR]\n" +
  "       deno task lesson --list";

export interface LessonInfo {
  slug: string;
  title: string;
  order: number;
  cells: CellSource[];
}

/**
 * The lessons of one language, in course order, with their cells (pages after the course, like
 * "where next", front matter `after: true`, are not lessons).
 */
export async function listLessons(lang: string): Promise<LessonInfo[]> {
  const dir = new URL(`lessons/${lang}/`, ROOT);
  const out: LessonInfo[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".mdx")) continue;
    const file = `lessons/${lang}/${entry.name}`;
    const { data, body } = parseFrontMatter(
      await Deno.readTextFile(new URL(entry.name, dir)),
      file,
    );
    if (data.after === true) continue;
    out.push({
      slug: entry.name.replace(/\.mdx$/, ""),
      title: String(data.title),
      order: Number(data.order),
      cells: extractCells(body),
    });
  }
  return out.sort((a, b) => a.order - b.order);
}

export interface RunResult {
  cell: CellSource;
  outputs: CellOutput[];
  error?: CellError;
  ms: number;
}

/**
 * Runs `cells` in one workspace, in order, stopping at the first error. `onOutput` sees each
 * output as it comes.
 */
export async function runCells(
  slug: string,
  cells: CellSource[],
  opts: {
    backend?: "cpu" | "wasm";
    test?: boolean;
    onOutput?: (cell: CellSource, o: CellOutput) => void;
  } = {},
): Promise<{ backend: string; results: RunResult[] }> {
  let resolveNext: ((m: FromHost) => void) | null = null;
  const inbox: FromHost[] = [];
  const host = new RuntimeHost(
    (m) => {
      if (resolveNext) {
        const r = resolveNext;
        resolveNext = null;
        r(m);
      } else inbox.push(m);
    },
    TRAINERS,
    {
      worker: false,
      wasmPath: new URL("node_modules/@tensorflow/tfjs-backend-wasm/dist/", ROOT).href,
      candidates: ["wasm", "cpu"],
      notebook: cellNotebook({ loadMnist: loadShippedDigits }),
    },
  );
  const next = () =>
    inbox.length
      ? Promise.resolve(inbox.shift()!)
      : new Promise<FromHost>((r) => (resolveNext = r));
  const send = (m: ToHost) => host.handle(m);
  send({ type: "workspace", probe: probeFor(slug), force: opts.backend });
  let backend = "";
  for (;;) {
    const m = await next();
    if (m.type === "ready") {
      backend = m.backend.name;
      break;
    }
    if (m.type === "error") throw new Error(m.message);
  }
  const results: RunResult[] = [];
  for (const cell of cells) {
    send({
      type: "exec",
      cell: cell.index,
      code: cell.code,
      test: opts.test ? cell.test : undefined,
    });
    const outputs: CellOutput[] = [];
    for (;;) {
      const m = await next();
      if (m.type === "output" && m.cell === cell.index) {
        outputs.push(m.output);
        opts.onOutput?.(cell, m.output);
      } else if (m.type === "done" && m.cell === cell.index) {
        results.push({ cell, outputs, error: m.error, ms: m.ms });
        break;
      } else if (m.type === "error") throw new Error(m.message);
    }
    if (results.at(-1)!.error) break;
  }
  return { backend, results };
}

/** An error as the terminal shows it: where in the lesson, then the message. */
export function describeError(slug: string, lang: string, cell: CellSource, e: CellError): string {
  const at = e.line !== undefined ? e.line + cell.line : cell.line;
  const where = e.line !== undefined
    ? `cell ${cell.index + 1}, line ${e.line}${e.column ? `:${e.column}` : ""}`
    : `cell ${cell.index + 1}`;
  return `lessons/${lang}/${slug}.mdx:${at}: ${where}: ${e.name}: ${e.message}`;
}

export async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        lang: { type: "string", default: "en" },
        backend: { type: "string" },
        out: { type: "string" },
        test: { type: "boolean", default: false },
        list: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (e) {
    console.error(`error: ${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const lang = values.lang!;
  if (!(LANGS as readonly string[]).includes(lang)) {
    console.error(`error: --lang must be one of ${LANGS.join(", ")}, got "${lang}"`);
    return 1;
  }
  if (values.backend !== undefined && values.backend !== "cpu" && values.backend !== "wasm") {
    console.error(
      `error: --backend must be cpu or wasm (Deno has no GPU backend), got "${values.backend}"`,
    );
    return 1;
  }
  const lessons = await listLessons(lang);
  if (values.list) {
    for (const l of lessons) {
      console.log(`${l.slug.padEnd(10)} ${String(l.cells.length).padStart(2)} cells  ${l.title}`);
    }
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 1;
  }
  const slug = positionals[0];
  const lesson = lessons.find((l) => l.slug === slug);
  if (!lesson) {
    console.error(`error: no lesson "${slug}" (lessons: ${lessons.map((l) => l.slug).join(", ")})`);
    return 1;
  }
  if (values.out) await Deno.mkdir(values.out, { recursive: true });
  let files = 0;
  const started = performance.now();
  let lastCell = -1;
  const write = async (cell: CellSource, o: CellOutput) => {
    if (!values.out || (o.kind !== "plot" && o.kind !== "image")) return;
    const name = `cell${cell.index + 1}-${++files}.${o.kind === "plot" ? "svg" : "png"}`;
    const path = join(values.out, name);
    if (o.kind === "plot") await Deno.writeTextFile(path, plotSvg(o));
    else await Deno.writeFile(path, await imagesPng(o));
    console.log(`(${o.kind} written to ${path})`);
  };
  const pending: Promise<void>[] = [];
  const tty = Deno.stdout.isTerminal();
  const encoder = new TextEncoder();
  let inProgress = false;
  const { backend, results } = await runCells(slug, lesson.cells, {
    backend: values.backend as "cpu" | "wasm" | undefined,
    test: values.test,
    onOutput: (cell, o) => {
      if (cell.index !== lastCell) {
        lastCell = cell.index;
        console.log(`\n── cell ${cell.index + 1} (lessons/${lang}/${slug}.mdx:${cell.line}) ──`);
      }
      // Progress lines overwrite each other on a terminal; in a log each is a line.
      if (tty && o.kind === "progress") {
        Deno.stdout.writeSync(encoder.encode(`\r${outputAsText(o)}\x1b[K`));
        inProgress = true;
      } else {
        if (inProgress) console.log();
        inProgress = false;
        console.log(outputAsText(o));
      }
      pending.push(write(cell, o));
    },
  });
  await Promise.all(pending);
  if (inProgress) console.log();
  const failed = results.find((r) => r.error);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (failed) {
    console.error(`\n${describeError(slug, lang, failed.cell, failed.error!)}`);
    return 1;
  }
  console.log(`\n${results.length} cells ran on ${backend} in ${seconds} s`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
