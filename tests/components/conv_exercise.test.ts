/**
 * Lesson 6's "conv2d by hand" checker: the solution passes, the starter and typical wrong
 * answers (a flipped kernel, stride ignored, F.conv2d itself, a hard-coded example) get their
 * reason; the plain-arithmetic reference agrees with the engine's F.conv2d.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { Workspace } from "../../components/cells/workspace.ts";
import { conv2dReference } from "../../components/exercises/code_checkers.ts";
import { type ExerciseDef, EXERCISES } from "../../components/exercises/defs.ts";
import type { Verdict } from "../../components/exercises/verdict.ts";

await engine.initBackend({ prefer: "cpu" });

async function checkCode(code: string): Promise<Verdict> {
  const ws = new Workspace({ engine });
  const error = await ws.exec(code, () => {});
  if (error) throw new Error(`the code failed: ${error.message}`);
  return ws.verdict("conv2d", code);
}

const def = EXERCISES["conv-by-hand"] as Extract<ExerciseDef, { kind: "code" }>;

Deno.test("conv2d exercise: the solution passes, the starter does not", async () => {
  const good = await checkCode(def.solution);
  assert.deepEqual([good.ok, good.reason, good.detail.cases], [true, "codeOk", 6]);
  const starter = await checkCode(def.starter);
  assert.deepEqual([starter.ok, starter.reason, starter.detail.case], [false, "badOutput", 1]);
});

Deno.test("conv2d exercise: typical wrong answers get their reason", async () => {
  const flipped = await checkCode(
    def.solution.replace("K[a][b]", "K[k - 1 - a][k - 1 - b]"),
  );
  assert.deepEqual([flipped.reason, flipped.detail.case], ["kernelFlipped", 1]);
  // Stride ignored: right on the stride-1 cases, the wrong shape on case 3 (stride 2).
  const noStride = await checkCode(
    def.solution.replaceAll("i * stride", "i").replaceAll("j * stride", "j"),
  );
  assert.deepEqual([noStride.reason, noStride.detail.case], ["badOutput", 3]);
  const usesF = await checkCode(
    "function conv2d(x, w, s = 1) { return F.conv2d(x.reshape([1, ...x.shape, 1]), w.reshape([...w.shape, 1, 1]), s).reshape([-1]); }",
  );
  assert.equal(usesF.reason, "usesConv2d");
  // The example's answer hard-coded: right on case 1 only.
  const hard = await checkCode(
    "function conv2d() { return tensor([[-6, -6, -6], [-6, -6, -6], [-6, -6, -6]]); }",
  );
  assert.deepEqual([hard.reason, hard.detail.case], ["badOutput", 2]);
  const nan = await checkCode(
    "function conv2d(x, w, s) { return tensor([[NaN, 0, 0], [0, 0, 0], [0, 0, 0]]); }",
  );
  assert.deepEqual([nan.reason, nan.detail.case], ["nonFinite", 1]);
  const missing = await checkCode("const conv = 1;");
  assert.equal(missing.reason, "noFunction");
});

Deno.test("conv2d exercise: the reference is F.conv2d", () => {
  const gen = new engine.Generator(5);
  for (const [h, w, k, stride] of [[9, 7, 3, 2], [6, 6, 2, 1], [10, 10, 4, 3]]) {
    const x = Array.from(gen.normal(h * w)), kernel = Array.from(gen.normal(k * k));
    const want = conv2dReference({ h, w, k, stride, x, kernel });
    const got = engine.F.conv2d(
      engine.tensor(x, [1, h, w, 1]),
      engine.tensor(kernel, [k, k, 1, 1]),
      stride,
    ).dataSync();
    assert.equal(got.length, want.length);
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `${v} vs ${want[i]}`));
  }
});
