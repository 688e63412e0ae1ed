/**
 * `deno task bench [--json PATH] [--backend wasm|cpu] [--quick] [--only NAME,NAME]
 * [--limit-min N]`: every benchmark module runs in turn and appends its results to one list,
 * printed as it goes and, with `--json`, written as `{"results": [...]}`. A new benchmark is a
 * module exporting `run(ctx): Promise<BenchResult[]>`, added to `BENCHES` below.
 *
 * A benchmark that fails, or runs past its limit (`--limit-min`, default 40 minutes each), is
 * one result with its `error`; the others still run and the JSON is still written (the exit
 * code is then 1).
 */
import { run as engineBench } from "./engine.ts";
import { run as mnistBench } from "./mnist.ts";
import { run as runtimeBench } from "./runtime.ts";
import { run as siteBench } from "./site.ts";
import { run as cellsBench } from "./cells.ts";
import { run as workersBench } from "./workers.ts";
import { run as kernelsBench } from "./kernels.ts";
import { type PartFailure, runParts } from "./parts.ts";

/** One measured comparison (keys as in the JSON file). */
export interface BenchResult {
  name: string;
  backend: string;
  batch?: number;
  engine_ms?: number;
  tfjs_ms?: number;
  ratio?: number;
  [key: string]: unknown;
}

export interface BenchContext {
  /** The backend asked for with `--backend` (each bench decides what it supports). */
  backend: string;
  /** Fewer repetitions, for a smoke run. */
  quick: boolean;
  /** Print one line of progress or result. */
  log: (line: string) => void;
}

export interface Bench {
  name: string;
  run: (ctx: BenchContext) => Promise<BenchResult[]>;
}

export const BENCHES: Bench[] = [
  { name: "engine", run: engineBench },
  { name: "mnist", run: mnistBench },
  { name: "site", run: siteBench },
  { name: "runtime", run: runtimeBench },
  { name: "cells", run: cellsBench },
  // Issue 24: one runtime per page (workers, memory, first result on /en/mnist/).
  { name: "workers", run: workersBench },
  // Issue 24: where the MNIST step's time goes on WASM, single-threaded and threaded.
  { name: "kernels", run: kernelsBench },
];

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${flag}=`));
  return eq?.slice(flag.length + 1);
}

export async function main(
  args: string[],
  benches: Bench[] = BENCHES,
  log: (line: string) => void = (line) => console.log(line),
): Promise<{ results: (BenchResult | PartFailure)[]; failed: number }> {
  const ctx: BenchContext = {
    backend: argValue(args, "--backend") ?? "wasm",
    quick: args.includes("--quick"),
    log,
  };
  const only = argValue(args, "--only")?.split(",").map((name) => name.trim());
  const unknown = only?.filter((name) => !benches.some((b) => b.name === name)) ?? [];
  if (unknown.length) {
    throw new Error(
      `--only: no benchmark named ${unknown.join(", ")} (${benches.map((b) => b.name).join(", ")})`,
    );
  }
  const minutes = Number(argValue(args, "--limit-min") ?? 40);
  if (!(minutes > 0)) throw new Error("--limit-min: expected a positive number of minutes");
  const { results, failed } = await runParts(
    benches.filter((bench) => !only || only.includes(bench.name)).map((bench) => ({
      name: bench.name,
      run: () => bench.run(ctx),
      limitMs: minutes * 60_000,
    })),
    log,
  );
  const jsonPath = argValue(args, "--json");
  if (jsonPath) {
    await Deno.writeTextFile(jsonPath, JSON.stringify({ results }, null, 2) + "\n");
    log(`wrote ${results.length} results to ${jsonPath}`);
  }
  if (failed) log(`${failed} benchmark(s) failed: see their "error"`);
  return { results, failed };
}

if (import.meta.main) {
  const { failed } = await main(Deno.args);
  // A part given up on may still hold a browser or a timer: end here.
  Deno.exit(failed ? 1 : 0);
}
