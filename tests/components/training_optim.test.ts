/**
 * Lesson 7's optimizer figures in Deno (CPU backend): the paths the engine's optimizers take
 * agree, step by step, with the update equations the lesson writes (in float64); the step counts
 * at each surface's defaults are the ones claims/claims.json states; the schedules follow their
 * closed forms and a falling rate ends below a constant one; the trainer checks its arguments,
 * keeps tensors flat and frees them; the exercises' checkers (Adam by hand, which optimizer
 * arrives first) accept the solution and give the wrong answers their reasons.
 */
import assert from "node:assert/strict";
import * as E from "../../engine/mod.ts";
import { claim } from "../../claims/mod.ts";
import {
  checkSettings,
  checkSurface,
  DEFAULTS,
  MAX_STEPS,
  type OptimizerName,
  OPTIMIZERS,
  type OptimSettings,
  runPath,
  runPaths,
  SURFACE,
  type Surface,
  SURFACES,
  TOLERANCE,
} from "../../components/training/optim_paths.ts";
import {
  BASE_LR,
  runSchedule,
  SCHEDULE_STEPS,
  WARMUP,
} from "../../components/training/optim_schedules.ts";
import { TRAINERS } from "../../components/trainers.ts";
import { Workspace } from "../../components/cells/workspace.ts";
import { EXERCISES } from "../../components/exercises/defs.ts";
import { adamReference } from "../../components/exercises/code_checkers.ts";
import { checkFirstArrival } from "../../components/exercises/checkers.ts";
import { EXERCISE_TEXT, verdictText } from "../../components/exercises/text.ts";
import { LANGS } from "../../components/lib/lang.ts";
import { Generator } from "../../engine/random.ts";

await E.initBackend({ prefer: "cpu" });

/** The gradient of each surface, in float64 (by hand). */
function grad(s: Surface, x: number, y: number): [number, number] {
  if (s === "valley") return [x, 50 * y];
  if (s === "rosenbrock") return [-2 * (1 - x) - 40 * x * (y - x * x), 20 * (y - x * x)];
  return [x * (x * x - 1), y];
}

/** The lesson's update equations (PyTorch's forms), in float64, from the surface's start. */
function reference(s: Surface, o: OptimizerName, c: OptimSettings, steps: number) {
  let [x, y] = SURFACE[s].start;
  const b = [0, 0], m = [0, 0], v = [0, 0];
  const out: [number, number][] = [];
  for (let t = 1; t <= steps; t++) {
    const g = grad(s, x, y);
    const d = [0, 0];
    for (let i = 0; i < 2; i++) {
      if (o === "sgd") d[i] = c.lr * g[i];
      else if (o === "momentum") {
        b[i] = t === 1 ? g[i] : c.beta * b[i] + g[i];
        d[i] = c.lr * b[i];
      } else if (o === "rmsprop") {
        v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] ** 2;
        d[i] = c.lrAdaptive * g[i] / (Math.sqrt(v[i]) + 1e-8);
      } else {
        m[i] = c.beta * m[i] + (1 - c.beta) * g[i];
        v[i] = c.beta2 * v[i] + (1 - c.beta2) * g[i] ** 2;
        const mHat = m[i] / (1 - c.beta ** t), vHat = v[i] / (1 - c.beta2 ** t);
        d[i] = c.lrAdaptive * mHat / (Math.sqrt(vHat) + 1e-8);
      }
    }
    x -= d[0];
    y -= d[1];
    out.push([x, y]);
  }
  return out;
}

Deno.test("optimizer paths: the engine's optimizers follow the lesson's equations", async () => {
  const base = E.numTensors();
  for (const s of SURFACES) {
    for (const o of OPTIMIZERS) {
      const p = await runPath(E, s, o, DEFAULTS[s], 30);
      const want = reference(s, o, DEFAULTS[s], 30);
      assert.equal(p.x.length, 31, `${s}/${o}: 30 steps and the start`);
      // float32 against float64 over 30 steps: differences stay in the last digits.
      for (let i = 0; i < 30; i++) {
        for (const [got, w] of [[p.x[i + 1], want[i][0]], [p.y[i + 1], want[i][1]]]) {
          assert.ok(
            Math.abs(got - w) <= 1e-3 * Math.max(1, Math.abs(w)),
            `${s}/${o} step ${i + 1}: ${got} vs ${w}`,
          );
        }
      }
      assert.equal(p.loss[0], SURFACE[s].f(...SURFACE[s].start));
    }
  }
  assert.equal(E.numTensors(), base, "no tensor left behind");
});

Deno.test("optimizer paths: the step counts at each surface's defaults are the lesson's claims", async () => {
  for (const s of SURFACES) {
    const paths = await runPaths(E, s, DEFAULTS[s]);
    for (const o of OPTIMIZERS) {
      const p = paths[o];
      const stated = claim(`training.optim.${s}.${o}`).value;
      assert.equal(p.arrived ?? "—", stated, `${s}/${o}`);
      if (p.arrived !== null) {
        assert.ok(p.loss[p.arrived] < TOLERANCE && p.loss[p.arrived - 1] >= TOLERANCE);
      } else assert.equal(p.x.length, MAX_STEPS + 1, `${s}/${o} ran all its steps`);
    }
  }
});

Deno.test("optimizer paths: a path that blows up stops, and settings move the path", async () => {
  const div = await runPath(E, "valley", "sgd", { ...DEFAULTS.valley, lr: 0.2 });
  assert.equal(div.arrived, null);
  assert.ok(div.x.length < MAX_STEPS + 1, "stopped early");
  assert.ok(div.y.every((v) => Math.abs(v) < 1e3));
  const a = await runPath(E, "saddle", "momentum", DEFAULTS.saddle, 20);
  const b = await runPath(E, "saddle", "momentum", { ...DEFAULTS.saddle, beta: 0.5 }, 20);
  assert.notDeepEqual(a.y, b.y);
});

Deno.test("optimizer paths: bad settings and surfaces are clear errors", () => {
  assert.deepEqual(checkSettings(DEFAULTS.valley), DEFAULTS.valley);
  assert.throws(() => checkSettings(null), /must be an object/);
  assert.throws(() => checkSettings({ ...DEFAULTS.valley, lr: NaN }), /lr must be a number in/);
  assert.throws(() => checkSettings({ ...DEFAULTS.valley, beta2: 1 }), /beta2 must be/);
  assert.throws(() => checkSettings({ lr: 0.01 }), /lrAdaptive must be/);
  assert.throws(() => checkSettings({ ...DEFAULTS.valley, beta: "0.9" }), /beta must be/);
  assert.equal(checkSurface("saddle"), "saddle");
  assert.throws(() => checkSurface("bowl"), /surface must be one of valley, rosenbrock, saddle/);
});

Deno.test("optimizer trainer: registry, steps, methods check their arguments, dispose frees", async () => {
  const base = E.numTensors();
  const module = await TRAINERS["optim-paths"]();
  const t = await module.create(E, {});
  for (let i = 0; i < 5; i++) await t.step();
  assert.deepEqual(await t.snapshot(), { steps: 5 });
  const flat = E.numTensors();
  const paths = await t.methods!.paths({ surface: "saddle", settings: DEFAULTS.saddle });
  assert.equal(paths.adam.arrived, claim("training.optim.saddle.adam").value);
  const runs = await t.methods!.schedules(16);
  assert.equal(runs.cosine.lr.length, SCHEDULE_STEPS);
  assert.equal(E.numTensors(), flat, "the methods leave no tensor behind");
  await assert.rejects(
    async () => await t.methods!.paths({ surface: "bowl" as Surface, settings: DEFAULTS.valley }),
    /surface must be one of/,
  );
  await assert.rejects(
    async () =>
      await t.methods!.paths({ surface: "valley", settings: { ...DEFAULTS.valley, lr: 5 } }),
    /lr must be a number in \[0.001, 0.2\]/,
  );
  await assert.rejects(async () => await t.methods!.schedules(3), /batch must be one of/);
  t.dispose();
  assert.equal(E.numTensors(), base, "dispose frees everything");
});

Deno.test("schedules: the engine's schedulers give the rates, and a falling rate ends lower", async () => {
  const constant = await runSchedule(E, "constant", 16);
  const step = await runSchedule(E, "step", 16);
  const cosine = await runSchedule(E, "cosine", 16);
  const warmup = await runSchedule(E, "warmup", 16);
  assert.ok(constant.lr.every((r) => r === BASE_LR));
  assert.equal(step.lr[99], BASE_LR);
  assert.ok(Math.abs(step.lr[100] - 0.3 * BASE_LR) < 1e-12);
  assert.ok(Math.abs(cosine.lr[150] - BASE_LR / 2) < 1e-12, "half way: half the rate");
  assert.ok(Math.abs(warmup.lr[0] - 0.05 * BASE_LR) < 1e-12, "warm-up starts at 5%");
  assert.ok(Math.abs(warmup.lr[WARMUP] - BASE_LR) < 1e-12, "then the base rate");
  for (const r of [step, cosine, warmup]) assert.ok(r.final < constant.final / 5);
  assert.ok(constant.excess[0] > 1, "starts far from the fit");
  const noisy = await runSchedule(E, "constant", 1);
  assert.ok(noisy.final > 10 * constant.final, "batch 1 ends higher than batch 16");
});

Deno.test("exercise training-adam: the reference is optim.Adam; the checker tells the mistakes", async () => {
  // The judge's float64 Adam agrees with the engine's on random cases.
  const gen = new Generator(5);
  for (const [b1, b2, eps] of [[0.9, 0.999, 1e-8], [0.5, 0.9, 0.1], [0, 0.99, 1e-6]]) {
    const theta = Array.from(gen.normal(3, 0, 1));
    const grads = Array.from({ length: 7 }, () => Array.from(gen.normal(3, 0, 2)));
    const p = E.tensor(theta, [3], { requiresGrad: true });
    const opt = new E.optim.Adam([p], { lr: 0.05, betas: [b1, b2], eps });
    for (const g of grads) {
      opt.zeroGrad();
      p.grad = E.tensor(g, [3]);
      opt.step();
    }
    const got = Array.from(p.dataSync());
    const want = adamReference({ theta, grads, lr: 0.05, beta1: b1, beta2: b2, eps });
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-5, `${v} vs ${want[i]}`));
    opt.zeroGrad();
    opt.dispose();
    p.dispose();
  }
  const def = EXERCISES["training-adam"];
  assert.equal(def.kind, "code");
  if (def.kind !== "code") return;
  const check = async (code: string) => {
    const ws = new Workspace({ engine: E });
    const error = await ws.exec(code, () => {});
    if (error) throw new Error(`the code failed: ${error.message}`);
    return ws.verdict("adam", code);
  };
  assert.equal((await check(def.solution)).reason, "codeOk");
  assert.equal((await check(def.starter)).ok, false);
  const noCorrection = def.solution.replace("/ (1 - beta1 ** t)", "").replace(
    "/ (1 - beta2 ** t)",
    "",
  );
  assert.equal((await check(noCorrection)).reason, "valueMismatch");
  const epsInside = def.solution.replace("(Math.sqrt(vHat) + eps)", "Math.sqrt(vHat + eps)");
  assert.notEqual(epsInside, def.solution);
  assert.equal((await check(epsInside)).reason, "valueMismatch");
  assert.equal((await check("function adam() { return [NaN, 1]; }")).reason, "nonFinite");
  assert.equal((await check("function adam() { return 3; }")).reason, "badOutput");
  assert.equal((await check("const x = 1;")).reason, "noFunction");
  const withOptim =
    "function adam(t) { new optim.Adam([tensor([1], [1], { requiresGrad: true })]); return t; }";
  assert.equal((await check(withOptim)).reason, "usesOptim");
});

Deno.test("exercise training-first: read from the figure's state, with the task's settings", async () => {
  const def = EXERCISES["training-first"];
  assert.ok(def.kind === "predict" && "figure" in def);
  const surface = def.surface;
  const settings = { ...DEFAULTS[surface], ...def.set };
  // The task changes a setting the prose gives no step counts for (the answer is not on the page).
  assert.notDeepEqual(settings, DEFAULTS[surface]);
  const paths = await runPaths(E, surface, settings);
  const arrived = Object.fromEntries(OPTIMIZERS.map((o) => [o, paths[o].arrived])) as Record<
    OptimizerName,
    number | null
  >;
  const state = { surface, settings: { ...settings }, arrived };
  const task = { surface, settings };
  // The solution names Adam (choice 3), says momentum does not arrive within MAX_STEPS, and that
  // Adam still beats SGD; the figure's own run must agree.
  const right = checkFirstArrival(state, task, 3);
  assert.equal(right.reason, "firstRight", JSON.stringify(arrived));
  assert.equal(arrived.momentum, null, "momentum overshoots and does not arrive");
  assert.ok(arrived.adam! < arrived.sgd!, JSON.stringify(arrived));
  const wrong = checkFirstArrival(state, task, 1);
  assert.deepEqual([wrong.reason, wrong.detail.name, wrong.detail.chosen], [
    "firstWrong",
    "adam",
    "momentum",
  ]);
  assert.equal(checkFirstArrival(state, task, null).reason, "noPrediction");
  assert.equal(checkFirstArrival(null, task, 3).reason, "notReady");
  // At the defaults (β = 0.9), as the prose has it, the answer would be momentum: not as asked.
  const atDefaults = { ...state, settings: { ...DEFAULTS[surface] } };
  assert.equal(checkFirstArrival(atDefaults, task, 1).reason, "optimNotSet");
  const moved = { ...state, settings: { ...state.settings, lr: 0.02 } };
  assert.equal(checkFirstArrival(moved, task, 3).reason, "optimNotSet");
  assert.equal(checkFirstArrival({ ...state, surface: "valley" }, task, 3).reason, "optimNotSet");
  for (const lang of LANGS) {
    for (const v of [right, wrong, checkFirstArrival(moved, task, 3)]) {
      assert.ok(verdictText(EXERCISE_TEXT[lang], v).length > 10, `${lang}: ${v.reason}`);
    }
    assert.equal(
      EXERCISE_TEXT[lang].exercises["training-first"].choices!.length,
      OPTIMIZERS.length,
    );
  }
});
