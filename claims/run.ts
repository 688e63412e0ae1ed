/**
 * `deno task claims [--only NAME[,NAME]]`: runs the experiments of claims/experiments.ts (all,
 * or the named ones) on the WASM backend and writes their numbers into claims/claims.json,
 * keeping the other experiments' entries. Each experiment's entry records the command and seeds
 * that reproduce it. The file is committed; the lessons read it (`<Claim name="…" />`).
 */
import { parseArgs } from "node:util";
import { EXPERIMENTS, useWasm } from "./experiments.ts";
import type { ClaimsFile } from "./mod.ts";

const FILE = new URL("./claims.json", import.meta.url);

/** The claims file with `results` merged in: an experiment's old claims are replaced whole. */
export function mergeClaims(
  old: ClaimsFile,
  results: Array<
    {
      name: string;
      provenance: ClaimsFile["experiments"][string];
      claims: Record<string, Omit<ClaimsFile["claims"][string], "experiment">>;
    }
  >,
): ClaimsFile {
  const next: ClaimsFile = { experiments: { ...old.experiments }, claims: {} };
  const rerun = new Set(results.map((r) => r.name));
  for (const [name, c] of Object.entries(old.claims)) {
    if (!rerun.has(c.experiment)) next.claims[name] = c;
  }
  for (const r of results) {
    next.experiments[r.name] = r.provenance;
    for (const [name, c] of Object.entries(r.claims)) {
      if (next.claims[name]) throw new Error(`claim "${name}" comes from two experiments`);
      next.claims[name] = { ...c, experiment: r.name };
    }
  }
  const sorted = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  return { experiments: sorted(next.experiments), claims: sorted(next.claims) } as ClaimsFile;
}

if (import.meta.main) {
  const { values } = parseArgs({ args: Deno.args, options: { only: { type: "string" } } });
  const only = values.only?.split(",");
  const unknown = only?.filter((n) => !EXPERIMENTS.some((e) => e.name === n)) ?? [];
  if (unknown.length) {
    console.error(
      `error: unknown experiment ${unknown.join(", ")} (known: ${
        EXPERIMENTS.map((e) => e.name).join(", ")
      })`,
    );
    Deno.exit(1);
  }
  await useWasm();
  for (const e of EXPERIMENTS.filter((e) => !only || only.includes(e.name))) {
    const started = performance.now();
    console.log(`${e.name}: ${e.what}`);
    const claims = await e.run();
    // Written after every experiment, so a long run that stops keeps what it finished.
    const old = JSON.parse(await Deno.readTextFile(FILE)) as ClaimsFile;
    const { name, what, command, seeds } = e;
    const next = mergeClaims(old, [{
      name,
      provenance: { what, command, seeds, backend: "wasm" },
      claims,
    }]);
    await Deno.writeTextFile(FILE, JSON.stringify(next, null, 2) + "\n");
    console.log(
      `${e.name}: ${Object.keys(claims).length} claims, ${
        ((performance.now() - started) / 1000).toFixed(0)
      } s`,
    );
  }
}
