/**
 * Lesson 7's learning-curve and sweep numbers: the seed-1 runs of the experiments
 * "training.curves" (no regularization and all four) and "training.sweep" (the chosen rate)
 * rerun on the WASM backend and compared with claims/claims.json, which the lesson quotes. Seeds 2
 * and 3 and the other rates are not rerun (their command and seeds are recorded in the file).
 * WASM runs are deterministic; the tolerance covers a different WASM build (0.35 points).
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { initBackend } from "../../engine/mod.ts";
import { digits, useWasm } from "../../claims/experiments.ts";
import { claimValue } from "../../claims/mod.ts";
import {
  CURVES_DEFAULTS,
  CurvesRun,
  gapOf,
  REGULARIZATION,
} from "../../components/training/curves_run.ts";
import { SWEEP } from "../../components/training/sweep_range.ts";
import { sweepRun } from "../../components/training/sweep_run.ts";

const near = (value: number, name: string, tol = 0.35) => {
  const stated = claimValue(name);
  assert.ok(
    Math.abs(value - stated) <= tol,
    `${name}: ${value.toFixed(2)}, the file says ${stated}`,
  );
};

function wasmTest(name: string, fn: () => Promise<void>) {
  Deno.test(`training.mdx: ${name}`, async () => {
    await useWasm();
    try {
      await fn();
    } finally {
      await initBackend({ order: ["cpu"] });
    }
  });
}

for (const name of ["none", "all"] as const) {
  wasmTest(`learning curves "${name}", seed 1`, async () => {
    const { train, val } = await digits();
    const run = new CurvesRun(engine, train, val, REGULARIZATION[name], CURVES_DEFAULTS);
    while (!run.done) await run.step();
    const kept = run.kept!;
    near(gapOf(kept).points, `training.curves.${name}.gap`);
    near(kept.valAcc, `training.curves.${name}.val`);
    assert.equal(kept.epoch, claimValue(`training.curves.${name}.epoch`));
    run.dispose();
  });
}

wasmTest("the sweep's chosen rate, seed 1", async () => {
  const best = claimValue("training.sweep.best.index");
  const r = await sweepRun(await digits(), SWEEP.lrs[best], 1, true);
  near(r.val, `training.sweep.${best}.val.s1`);
  near(r.test!, "training.sweep.best.test.s1");
});
