/**
 * `deno task bench` in parts: a part that throws or stalls is reported with its error and the
 * parts after it still run (a stalled WebGL run used to take the whole bench down, with no JSON).
 */
import assert from "node:assert/strict";
import { type PartFailure, runParts } from "../../bench/parts.ts";
import { main } from "../../bench/mod.ts";

type R = { name: string; value: number };

Deno.test("bench parts: a throwing part and a stalled one are reported; the rest run", async () => {
  const lines: string[] = [];
  let cleaned = 0;
  let stalledTimer: ReturnType<typeof setTimeout> | undefined;
  const { results, failed } = await runParts<R>([
    { name: "first", limitMs: 1000, run: () => Promise.resolve([{ name: "first", value: 1 }]) },
    {
      name: "throws",
      limitMs: 1000,
      run: () => Promise.reject(new Error("WebGL context lost")),
    },
    {
      name: "stalls",
      limitMs: 50,
      // Never settles in time (a page that stopped answering).
      run: () => new Promise((resolve) => stalledTimer = setTimeout(() => resolve([]), 5000)),
      cleanup: () => {
        cleaned++;
        return Promise.resolve();
      },
    },
    { name: "last", limitMs: 1000, run: () => Promise.resolve([{ name: "last", value: 2 }]) },
  ], (line) => lines.push(line));
  clearTimeout(stalledTimer);
  assert.equal(failed, 2);
  assert.deepEqual(results.map((r) => r.name), ["first", "throws", "stalls", "last"]);
  const thrown = results[1] as PartFailure;
  assert.match(thrown.error, /WebGL context lost/);
  const stalled = results[2] as PartFailure;
  assert.match(stalled.error, /PartTimeout: stalls: no result within 0 s/);
  assert.ok(stalled.seconds < 2, `given up after ${stalled.seconds} s`);
  assert.equal(cleaned, 1, "the stalled part's cleanup ran");
  assert.equal(lines.length, 2, lines.join("\n"));
});

Deno.test("bench: a benchmark that fails still leaves the JSON with the others' results", async () => {
  const dir = await Deno.makeTempDir();
  const json = `${dir}/bench.json`;
  try {
    const { results, failed } = await main(["--json", json, "--only", "ok,broken,ok2"], [
      { name: "ok", run: () => Promise.resolve([{ name: "a", backend: "cpu", ms: 1 }]) },
      { name: "broken", run: () => Promise.reject(new Error("the build failed")) },
      { name: "ok2", run: () => Promise.resolve([{ name: "b", backend: "cpu", ms: 2 }]) },
      { name: "skipped", run: () => Promise.reject(new Error("not asked for")) },
    ], () => {});
    assert.equal(failed, 1);
    const written = JSON.parse(await Deno.readTextFile(json));
    assert.deepEqual(written.results, results);
    assert.deepEqual(written.results.map((r: { name: string }) => r.name), ["a", "broken", "b"]);
    assert.match(written.results[1].error, /the build failed/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
