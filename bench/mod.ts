/**
 * `deno task bench [--json PATH] [--backend wasm|cpu] [--quick] [--only NAME]`: every benchmark module runs in
 * turn and appends its results to one list, printed as it goes and, with `--json`, written as
 * `{"results": [...]}`. A new benchmark is a module exporting `run(ctx): Promise<BenchResult[]>`,
 * added to `BENCHES` below.
 */
import { run as engineBench } from "./engine.ts";
import { run as mnistBench } from "./mnist.ts";
import { run as runtimeBench } from "./runtime.ts";
import { run as siteBench } from "./site.ts";
import { run as cellsBench } from "./cells.ts";

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

export const BENCHES: { name: string; run: (ctx: BenchContext) => Promise<BenchResult[]> }[] = [
  { name: "engine", run: engineBench },
  { name: "mnist", run: mnistBench },
  { name: "site", run: siteBench },
  { name: "runtime", run: runtimeBench },
  { name: "cells", run: cellsBench },
];

function argValue(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${flag}=`));
  return eq?.slice(flag.length + 1);
}

export async function main(args: string[]): Promise<BenchResult[]> {
  const ctx: BenchContext = {
    backend: argValue(args, "--backend") ?? "wasm",
    quick: args.includes("--quick"),
    log: (line) => console.log(line),
  };
  const only = argValue(args, "--only");
  const results: BenchResult[] = [];
  for (const bench of BENCHES) {
    if (only && bench.name !== only) continue;
    results.push(...await bench.run(ctx));
  }
  const jsonPath = argValue(args, "--json");
  if (jsonPath) {
    await Deno.writeTextFile(jsonPath, JSON.stringify({ results }, null, 2) + "\n");
    console.log(`wrote ${results.length} results to ${jsonPath}`);
  }
  return results;
}

if (import.meta.main) await main(Deno.args);
