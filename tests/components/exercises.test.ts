/**
 * Exercise checkers: for each, a correct answer passes, typical wrong answers fail with the
 * intended reason, and edge cases (NaN, empty, huge) get a clear one. Code checkers run the
 * reader's code in a Deno workspace, as the worker does; the defs' solutions must pass.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { Workspace } from "../../components/cells/workspace.ts";
import {
  checkBumps,
  checkLearningRates,
  checkLine,
  checkMnist,
  checkNumber,
  comparePrediction,
  mlpParams,
  mseLimit,
  parseNumber,
  threePointGrad,
  type Verdict,
} from "../../components/exercises/checkers.ts";
import {
  BUMPS_TASK,
  codeIn,
  type ExerciseDef,
  EXERCISES,
  LINE_TASK,
  MNIST_TASK,
} from "../../components/exercises/defs.ts";
import { EXERCISE_TEXT } from "../../components/exercises/text.ts";
import { fitHeights, nielsen } from "../../components/bumps/math.ts";
import { commentsOf, withoutComments } from "../fixtures/code.ts";
import { TRUE_A, TRUE_B } from "../../components/function/line.ts";
import { verdictText } from "../../components/exercises/text.ts";
import { LANGS } from "../../components/lib/lang.ts";
import { mseCurvature } from "../../components/loss/math.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";

await engine.initBackend({ prefer: "cpu" });

/** The choice each predict exercise's solution text gives (text.ts): the experiments must agree. */
const SOLUTION_CHOICE: Record<string, number> = {
  "line-xor": 2,
  "bumps-double": 1,
  "mnist-pixels": 2,
};

/** Runs `code` in a fresh workspace, then checker `check` on it. */
async function checkCode(check: string, code: string): Promise<Verdict> {
  const ws = new Workspace({ engine, loadMnist: loadShippedDigits });
  const error = await ws.exec(code, () => {});
  if (error) throw new Error(`the code failed: ${error.message}`);
  return ws.verdict(check, code);
}

const code = (id: string) => EXERCISES[id] as Extract<ExerciseDef, { kind: "code" }>;
const predict = (id: string) =>
  EXERCISES[id] as Extract<ExerciseDef, { kind: "predict"; experiment: string }>;

Deno.test("exercises: typed numbers", () => {
  assert.equal(parseNumber(" −3.33 "), -3.33);
  assert.equal(parseNumber("1e-3"), 0.001);
  assert.equal(parseNumber("0,5"), 0.5);
  assert.equal(parseNumber("50,890"), 50890);
  assert.equal(parseNumber("1,234,567.5"), 1234567.5);
  assert.equal(parseNumber("3,14"), 3.14);
  assert.equal((parseNumber("") as Verdict).reason, "empty");
  assert.equal((parseNumber("abc") as Verdict).reason, "notNumber");
  assert.equal((parseNumber("NaN") as Verdict).reason, "notNumber");
  assert.equal((parseNumber("1e999") as Verdict).reason, "notNumber");
});

Deno.test("exercises: lesson 1, the line with at most 3 mistakes", () => {
  // The solution's line (the text says so); the line the labels came from gets 4 wrong.
  const good = checkLine({ a: -0.85, b: 0.1 }, LINE_TASK);
  assert.deepEqual([good.ok, good.detail.wrong], [true, 3], JSON.stringify(good));
  assert.equal(checkLine({ a: TRUE_A, b: TRUE_B }, LINE_TASK).detail.wrong, 4);
  const bad = checkLine({ a: 0.5, b: 0 }, LINE_TASK); // the lesson's starting line
  assert.equal(bad.reason, "lineWrong");
  assert.ok((bad.detail.wrong as number) > 3);
  assert.equal(checkLine({ a: NaN, b: 0 }, LINE_TASK).reason, "notReady");
});

Deno.test("exercises: lesson 2, Nielsen's f within 0.03 (20 bumps; 10 cannot)", () => {
  // The solution: each height at f's middle value, 20 bumps, the builder's default steepness.
  const mid = (n: number) => Array.from({ length: n }, (_, i) => nielsen((i + 0.5) / n));
  const good = checkBumps({ heights: mid(20), steepness: 400 }, BUMPS_TASK);
  assert.equal(good.ok, true, JSON.stringify(good));
  assert.equal(Math.round(1000 * (good.detail.deviation as number)), 22); // the solution's 0.022
  // Ten bumps miss by more than 0.05 at best (the lesson's table), hence the 20.
  const ten = checkBumps({ heights: fitHeights(10), steepness: 1000 }, BUMPS_TASK);
  assert.equal(ten.reason, "deviationHigh");
  assert.ok((ten.detail.deviation as number) > 0.05);
  const many = checkBumps({ heights: fitHeights(21), steepness: 1000 }, BUMPS_TASK);
  assert.deepEqual([many.reason, many.detail.n], ["tooManyBumps", 21]);
  assert.equal(checkBumps({ heights: [], steepness: 400 }, BUMPS_TASK).reason, "notReady");
  assert.equal(checkBumps({ heights: [NaN, 1], steepness: 400 }, BUMPS_TASK).reason, "notReady");
});

Deno.test("exercises: lesson 3, a diverging learning rate and one just below the limit", () => {
  const limit = mseLimit();
  assert.ok(limit > 0.1 && limit < 10, String(limit));
  assert.equal(checkLearningRates(1.1 * limit, 0.95 * limit).ok, true);
  assert.equal(checkLearningRates(0.5 * limit, 0.95 * limit).reason, "lrDoesNotDiverge");
  assert.equal(checkLearningRates(1.1 * limit, 1.01 * limit).reason, "lrBelowDiverges");
  const low = checkLearningRates(1.1 * limit, 0.5 * limit);
  assert.equal(low.reason, "lrBelowTooLow");
  assert.equal(Math.round(low.detail.pct as number), 50);
  assert.equal(checkLearningRates(NaN, 1).reason, "notNumber");
});

Deno.test("exercises: lesson 4, 90% with at most 50,000 parameters; counting parameters", () => {
  assert.equal(mlpParams([32]), 25_450); // the hint says so
  assert.equal(checkMnist({ valAccuracy: 0.911, params: mlpParams([32]) }, MNIST_TASK).ok, true);
  assert.equal(
    checkMnist({ valAccuracy: 0.93, params: mlpParams([64]) }, MNIST_TASK).reason,
    "tooManyParams",
  );
  assert.equal(
    checkMnist({ valAccuracy: 0.98, params: mlpParams([128]) }, MNIST_TASK).reason,
    "tooManyParams",
  );
  const low = checkMnist({ valAccuracy: 0.88, params: mlpParams([32]) }, MNIST_TASK);
  assert.equal(low.reason, "accuracyLow");
  assert.equal(Math.round(low.detail.gap as number), 2);
  assert.equal(checkMnist({ valAccuracy: null, params: 1000 }, MNIST_TASK).reason, "notReady");
  assert.equal(mlpParams([64]), 784 * 64 + 64 + 64 * 10 + 10);
  // The hint's rule, in both languages: m inputs to n outputs, an n × m matrix and n biases.
  assert.match(EXERCISE_TEXT.en.exercises["mnist-params"].hint, /m inputs to n outputs/);
  assert.match(EXERCISE_TEXT.zh.exercises["mnist-params"].hint, /m 个输入到 n 个输出/);
});

Deno.test("exercises: lesson 5, ∂L/∂b and ∂L/∂a of the three-point line", () => {
  // a = 2, b = 1 on x = (3, 1, −1), y = (10, 4, 0): residuals −3, −1, −1.
  assert.ok(Math.abs(threePointGrad("b") - -10 / 3) < 1e-12);
  assert.ok(Math.abs(threePointGrad("a") - (2 * (-9 - 1 + 1)) / 3) < 1e-12);
  assert.equal(checkNumber(-3.33, threePointGrad("b"), 0.01).ok, true);
  assert.equal(checkNumber(3.33, threePointGrad("b"), 0.01).reason, "valueSign");
  const off = checkNumber(-5, threePointGrad("b"), 0.01); // the sum, not the mean
  assert.deepEqual([off.reason, off.detail.dir, Math.round(off.detail.pct as number)], [
    "valueOff",
    "low",
    50,
  ]);
  assert.equal(checkNumber(NaN, 1, 0.01).reason, "notNumber");
});

Deno.test("exercises: predictions against the measured value", () => {
  const choices = [{ min: 0.9, max: Infinity }, { min: 0.65, max: 0.9 }, {
    min: -Infinity,
    max: 0.65,
  }];
  assert.equal(comparePrediction({ choice: 2 }, 0.5, { choices }).ok, true);
  const wrong = comparePrediction({ choice: 0 }, 0.5, { choices });
  assert.deepEqual([wrong.reason, wrong.detail.right], ["predictWrong", 3]);
  assert.equal(comparePrediction(null, 0.5, { choices }).reason, "noPrediction");
  assert.equal(comparePrediction({ value: 2.4 }, 2.3, { tol: 0.1 }).ok, true);
  assert.equal(comparePrediction({ value: 5 }, 2.3, { tol: 0.1 }).reason, "predictWrong");
  assert.equal(comparePrediction({ value: 1 }, NaN, { tol: 0.1 }).reason, "nonFinite");
});

Deno.test("exercises: every solution passes its checker; every starter fails it", async () => {
  for (const d of Object.values(EXERCISES)) {
    if (d.kind !== "code") continue;
    const good = await checkCode(d.check, d.solution);
    assert.equal(good.ok, true, `${d.id}: ${JSON.stringify(good)}`);
    const bad = await checkCode(d.check, d.starter);
    assert.equal(bad.ok, false, `${d.id} starter passed`);
  }
});

Deno.test("exercises: the code's comments in every language, and only its comments", () => {
  for (const lang of Object.keys(EXERCISE_TEXT) as (keyof typeof EXERCISE_TEXT)[]) {
    const comments = EXERCISE_TEXT[lang].codeComments;
    const used = new Set<string>();
    for (const d of Object.values(EXERCISES)) {
      const codes = d.kind === "code"
        ? [d.starter, d.solution]
        : "experiment" in d
        ? [d.experiment]
        : [];
      for (const code of codes) {
        const own = codeIn(code, comments);
        assert.equal(withoutComments(own), withoutComments(code), `${d.id} (${lang}): same code`);
        if (lang === "en") {
          assert.equal(own, code);
          continue;
        }
        // Every comment is worded in this language: none is left as written in defs.ts.
        for (const c of commentsOf(code)) {
          assert.ok(c in comments, `${d.id} (${lang}): no words for the comment ${c}`);
          used.add(c);
        }
        assert.deepEqual(
          commentsOf(own),
          commentsOf(code).map((c) => comments[c]),
          `${d.id} (${lang}): comments`,
        );
      }
    }
    if (lang !== "en") {
      assert.deepEqual(Object.keys(comments).filter((c) => !used.has(c)), [], `${lang}: unused`);
    }
  }
});

Deno.test("exercises: huber — wrong answers get the intended reason", async () => {
  assert.equal((await checkCode("huber", "const x = 1;")).reason, "noFunction");
  const mse = await checkCode("huber", code("loss-huber").starter);
  assert.deepEqual([mse.reason, mse.detail.case], ["valueMismatch", 1]);
  // The visible example's answer, hard-coded: right on case 1, wrong on the hidden ones.
  const example = await checkCode(
    "huber",
    "function huber(p, t, d) { return F.huberLoss(tensor([1, 2, 3, 4]), tensor([1.5, 0, 3, 8]), { delta: d }); }",
  );
  assert.equal(example.ok, false);
  // F.huberLoss itself is fine.
  assert.equal(
    (await checkCode(
      "huber",
      "function huber(p, t, d) { return F.huberLoss(p, t, { delta: d }); }",
    ))
      .ok,
    true,
  );
  // The sum instead of the mean.
  const sum = await checkCode(
    "huber",
    "function huber(p, t, d) { return F.huberLoss(p, t, { delta: d, reduction: 'sum' }); }",
  );
  assert.equal(sum.reason, "valueMismatch");
  // Right values, no gradient (computed with plain numbers).
  const detached = await checkCode(
    "huber",
    "function huber(p, t, d) { return tensor([F.huberLoss(p, t, { delta: d }).item()]); }",
  );
  assert.deepEqual([detached.reason, detached.detail.diff], ["gradMismatch", "none"]);
  assert.equal((await checkCode("huber", "function huber() { return 1; }")).reason, "badOutput");
  const threw = await checkCode("huber", "function huber() { throw new Error('boom'); }");
  assert.deepEqual([threw.reason, threw.detail.message], ["threw", "Error: boom"]);
  const nan = await checkCode("huber", "function huber() { return tensor([NaN]); }");
  assert.equal(nan.reason, "nonFinite");
});

Deno.test("exercises: softmax — the naive one overflows on logits of 1,000", async () => {
  const naive = await checkCode("softmax", code("loss-softmax").starter);
  assert.deepEqual([naive.reason, naive.detail.case], ["overflow", 2]);
  const shape = await checkCode("softmax", "function softmax(z) { return z.sum(); }");
  assert.equal(shape.reason, "badOutput");
  // Softmax over the wrong axis.
  const axis = await checkCode(
    "softmax",
    "function softmax(z) { const e = z.sub(z.max()).exp(); return e.div(e.sum(0, true)); }",
  );
  assert.equal(axis.reason, "valueMismatch");
});

Deno.test("exercises: fitLine — optim is not allowed, too few steps is too high a loss", async () => {
  const withOptim = await checkCode(
    "fitLine",
    code("line-by-hand").solution + "\nconst unused = optim.SGD;",
  );
  assert.equal(withOptim.reason, "usesOptim");
  const hardCoded = await checkCode("fitLine", "function fitLine() { return { a: 2, b: 1 }; }");
  assert.equal(hardCoded.reason, "lossHigh");
  const few = await checkCode("fitLine", code("line-by-hand").solution.replace("150", "2"));
  assert.equal(few.reason, "lossHigh");
  // The hint's step sizes: on the example x = (0, 1, 2) the limit 2/λmax is 0.419, so η = 0.5
  // runs away and fails on the hidden data set with x in [0, 2]; the solution's η = 0.2 passes.
  const lambda = mseCurvature([0, 1, 2]);
  assert.ok(Math.abs(lambda - 4.77) < 0.005 && Math.abs(2 / lambda - 0.419) < 0.001, `${lambda}`);
  assert.match(code("line-by-hand").solution, /const lr = 0\.2;/);
  const big = await checkCode(
    "fitLine",
    code("line-by-hand").solution.replace("lr = 0.2", "lr = 0.5"),
  );
  assert.equal(big.ok, false);
  assert.equal(big.detail.case, 2, JSON.stringify(big));
  // On the starter's own example: η = 0.2 reaches a = 2, b = 1; at η = 0.5 the loss grows until
  // it is infinite, and the engine stops the cell with a divergence error.
  const onExample = async (solution: string) => {
    const ws = new Workspace({ engine });
    const out: string[] = [];
    const call =
      "\nprint(JSON.stringify(fitLine(tensor([0, 1, 2], [3, 1]), tensor([1, 3, 5], [3, 1]))));";
    const error = await ws.exec(solution + call, (o) => o.kind === "text" && out.push(o.text));
    return { error, result: out.length ? JSON.parse(out[0]) as { a: number; b: number } : null };
  };
  const good = (await onExample(code("line-by-hand").solution)).result!;
  assert.ok(Math.abs(good.a - 2) < 1e-3 && Math.abs(good.b - 1) < 1e-3, JSON.stringify(good));
  const away = await onExample(code("line-by-hand").solution.replace("lr = 0.2", "lr = 0.5"));
  assert.equal(away.error?.kind, "nonFinite", JSON.stringify(away));
  const nan = await checkCode("fitLine", "function fitLine() { return { a: NaN, b: 0 }; }");
  assert.equal(nan.reason, "nonFinite");
  const shape = await checkCode("fitLine", "function fitLine() { return [2, 1]; }");
  assert.equal(shape.reason, "badOutput");
});

Deno.test("exercises: bump — too gentle a slope, one step only", async () => {
  const gentle = await checkCode("bump", code("bumps-one").solution.replace("1000", "30"));
  assert.equal(gentle.reason, "valueMismatch");
  const step = await checkCode("bump", code("bumps-one").starter);
  assert.equal(step.reason, "valueMismatch");
  const short = await checkCode("bump", "function bump(x) { return tensor([1]); }");
  assert.equal(short.reason, "badOutput");
});

Deno.test("exercises: numericGrad — a forward difference with a big h is off", async () => {
  const forward = await checkCode("numericGrad", code("backprop-numeric").starter);
  assert.deepEqual([forward.reason, forward.detail.case], ["valueMismatch", 1]);
  const hardCoded = await checkCode("numericGrad", "function numericGrad() { return 6; }");
  assert.equal(hardCoded.reason, "valueMismatch");
  const huge = await checkCode("numericGrad", "function numericGrad() { return 1e309; }");
  assert.equal(huge.reason, "nonFinite");
});

Deno.test("exercises: mlpGrads — the starter, a missing 1/n, a missing σ′, a transposed dW1, backward()", async () => {
  const solution = code("backprop-mlp").solution;
  const mutate = (from: string, to: string) => {
    assert.ok(solution.includes(from), from);
    return checkCode("mlpGrads", solution.replace(from, to));
  };
  const starter = await checkCode("mlpGrads", code("backprop-mlp").starter);
  assert.deepEqual([starter.reason, starter.detail.case, starter.detail.name], [
    "gradOff",
    1,
    "dW2",
  ]);
  // The sum over the batch instead of the mean: right for the one-example case only.
  const sum = await mutate(".sub(Y).div(n)", ".sub(Y)");
  assert.deepEqual([sum.reason, sum.detail.name], ["gradOff", "dW2"]);
  const noSlope = await mutate(".mul(H.mul(H.neg().add(1)))", "");
  assert.deepEqual([noSlope.reason, noSlope.detail.name], ["gradOff", "dW1"]);
  const transposed = await mutate("D1.transpose().matmul(X)", "X.transpose().matmul(D1)");
  assert.equal(transposed.reason, "badOutput");
  assert.match(String(transposed.detail.want), /^dW1 of shape/);
  const lossSum = await mutate(".sum(1).mean().neg()", ".sum().neg()");
  assert.equal(lossSum.reason, "valueMismatch");
  const usesBackward = await checkCode(
    "mlpGrads",
    solution + "\nconst unused = () => tensor([1]).backward();",
  );
  assert.equal(usesBackward.reason, "usesBackward");
  assert.equal(
    (await checkCode("mlpGrads", "function mlpGrads() { return 1; }")).reason,
    "badOutput",
  );
  assert.equal((await checkCode("mlpGrads", "const x = 1;")).reason, "noFunction");
  // The reasons have words.
  for (const lang of LANGS) {
    assert.match(verdictText(EXERCISE_TEXT[lang], starter), /dW2/);
    assert.match(verdictText(EXERCISE_TEXT[lang], usesBackward), /backward\(\)/);
  }
});

Deno.test("exercises: the experiments run and leave a finite result", async () => {
  for (const d of Object.values(EXERCISES)) {
    // Lesson 7's "training-first" is checked against its figure (tests/components/training_optim).
    if (d.kind !== "predict" || !("experiment" in d)) continue;
    const v = await checkCode("measured", predict(d.id).experiment);
    assert.equal(v.ok, true, `${d.id}: ${JSON.stringify(v)}`);
    const value = v.detail.value as number;
    // Each experiment's value falls in the choice its solution text names.
    const right = d.choices!.findIndex((c) => value >= c.min && value < c.max);
    assert.equal(right, SOLUTION_CHOICE[d.id], `${d.id}: ${value}`);
  }
  assert.equal((await checkCode("measured", "const x = 1;")).reason, "badOutput");
});

Deno.test("exercises: every exercise and every reason has words in every language", () => {
  for (const lang of LANGS) {
    const t = EXERCISE_TEXT[lang];
    for (const id of Object.keys(EXERCISES)) assert.ok(t.exercises[id], `${lang}: ${id}`);
    assert.ok(verdictText(t, checkLine({ a: 0.5, b: 0 }, LINE_TASK)).length > 10);
  }
});
