/**
 * The checkers that read a figure or a typed answer: plain functions of plain numbers, computed
 * with the lessons' own data and logic modules, so they run anywhere (the page, Deno tests).
 * Code exercises are checked in the worker instead (`code_checkers.ts`). Every checker answers a
 * `Verdict`: solved or not, and a reason with the numbers that say what is off and by how much;
 * `text.ts` words each reason in every language.
 */
import { linePoints, scoreLine } from "../function/line.ts";
import { averageDeviation, bumpNet, evalNet } from "../bumps/math.ts";
import { makePoints, mseCurvature } from "../loss/math.ts";
import { cleanValues, SPECS } from "../backprop/expressions.ts";
import { paramCount } from "../mnist/settings.ts";
import type { OptimSettings } from "../training/optim_paths.ts";
import type { OptimPathsState } from "../training/optim_store.ts";
import { varianceRatio } from "../training/init_stats.ts";
import { failed, solved, type Verdict } from "./verdict.ts";
import { cleanKernel, orientationRatio, outSize } from "../conv/math.ts";

export { type Detail, failed, type Reason, solved, type Verdict } from "./verdict.ts";

/**
 * A number the reader typed ("−3.33", "-3,33", "1e-3", "50,890"), or the verdict saying why it is
 * not one. A comma before groups of exactly three digits separates thousands; any other comma is
 * a decimal comma.
 */
export function parseNumber(text: string): number | Verdict {
  let s = text.trim().replace(/\u2212/g, "-").replace(/\s+/g, "");
  s = /^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, "") : s.replace(/,/g, ".");
  if (s === "") return failed("empty");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return failed("notNumber", { text });
  const v = Number(s);
  return Number.isFinite(v) ? v : failed("notNumber", { text });
}

const finite = (...vs: (number | undefined)[]) =>
  vs.every((v) => typeof v === "number" && Number.isFinite(v));

/** Lesson 1: the line y = ax + b misclassifies at most `max` of the figure's points. */
export function checkLine(
  s: { a: number; b: number },
  opts: { points: number; seed: number; max: number },
): Verdict {
  if (!finite(s.a, s.b)) return failed("notReady");
  const wrong = scoreLine(linePoints(opts.points, opts.seed), s.a, s.b).wrong.length;
  return wrong <= opts.max
    ? solved("lineOk", { wrong, max: opts.max })
    : failed("lineWrong", { wrong, max: opts.max, over: wrong - opts.max });
}

/** Lesson 2: at most `maxBumps` bumps whose sum is within `maxDeviation` of Nielsen's f. */
export function checkBumps(
  s: { heights: number[]; steepness: number },
  opts: { maxBumps: number; maxDeviation: number },
): Verdict {
  if (!Array.isArray(s.heights) || s.heights.length === 0 || !finite(s.steepness)) {
    return failed("notReady");
  }
  if (!s.heights.every((h) => Number.isFinite(h))) return failed("notReady");
  const n = s.heights.length;
  if (n > opts.maxBumps) return failed("tooManyBumps", { n, max: opts.maxBumps });
  const net = bumpNet(s.heights, s.steepness);
  const deviation = averageDeviation((x) => evalNet(net, x));
  return deviation < opts.maxDeviation
    ? solved("bumpsOk", { n, deviation, max: opts.maxDeviation })
    : failed("deviationHigh", { n, deviation, max: opts.maxDeviation });
}

/** Lesson 3: the largest learning rate at which gradient descent on LossLandscape's MSE converges. */
export function mseLimit(): number {
  return 2 / mseCurvature(makePoints(30, false).xs);
}

/**
 * Lesson 3: `diverge` is above the limit 2/λmax; `below` is under it, within `within` (a
 * fraction: 0.1 means at least 90% of the limit).
 */
export function checkLearningRates(diverge: number, below: number, within = 0.1): Verdict {
  if (!finite(diverge, below)) return failed("notNumber", { text: "" });
  const limit = mseLimit();
  if (diverge <= limit) {
    return failed("lrDoesNotDiverge", { lr: diverge, pct: 100 * (1 - diverge / limit) });
  }
  if (below >= limit) return failed("lrBelowDiverges", { lr: below });
  if (below < (1 - within) * limit) {
    return failed("lrBelowTooLow", {
      lr: below,
      pct: 100 * (1 - below / limit),
      within: 100 * within,
    });
  }
  return solved("lrOk", { limit, diverge, below });
}

/** Lesson 4: validation accuracy (a fraction) of at least `minAccuracy` with at most `maxParams`. */
export function checkMnist(
  s: { valAccuracy: number | null; params: number },
  opts: { minAccuracy: number; maxParams: number },
): Verdict {
  if (!finite(s.params)) return failed("notReady");
  if (s.params > opts.maxParams) {
    return failed("tooManyParams", { params: s.params, max: opts.maxParams });
  }
  if (s.valAccuracy === null || !finite(s.valAccuracy)) return failed("notReady");
  return s.valAccuracy >= opts.minAccuracy
    ? solved("mnistOk", { acc: 100 * s.valAccuracy, params: s.params })
    : failed("accuracyLow", {
      acc: 100 * s.valAccuracy,
      min: 100 * opts.minAccuracy,
      gap: 100 * (opts.minAccuracy - s.valAccuracy),
    });
}

/**
 * A typed number against the right one, within `tol` (absolute). The verdict never gives the
 * answer away: it says whether the sign is wrong, else how far off the number is, in percent.
 */
export function checkNumber(got: number, want: number, tol: number): Verdict {
  if (!Number.isFinite(got)) return failed("notNumber", { text: String(got) });
  const diff = Math.abs(got - want);
  if (diff <= tol) return solved("valueOk", { got, tol });
  if (want !== 0 && got !== 0 && Math.sign(got) !== Math.sign(want)) {
    return failed("valueSign", { got, tol });
  }
  const pct = want === 0 ? Infinity : (100 * diff) / Math.abs(want);
  return failed("valueOff", { got, tol, pct, dir: got > want ? "high" : "low" });
}

/** Lesson 5: ∂L/∂(leaf) of the mean squared error of the line ax + b on GraphStepper's three points. */
export function threePointGrad(leaf: "a" | "b"): number {
  const v = cleanValues(SPECS["mse-points"]);
  const [a, b] = [v.a[0], v.b[0]];
  const n = v.x.length;
  let g = 0;
  for (let i = 0; i < n; i++) {
    const r = a * v.x[i] + b - v.y[i];
    g += (2 * r * (leaf === "a" ? v.x[i] : 1)) / n;
  }
  return g;
}

/** Lesson 4: the parameters of the MNIST MLP with these hidden layers (784-64-10: `[64]`). */
export function mlpParams(hidden: number[]): number {
  return paramCount({ kind: "mlp", hidden });
}

/** A choice of a "predict, then run" exercise: the measured value falls in [min, max). */
export interface Choice {
  min: number;
  max: number;
}

/**
 * "Predict, then run": a choice is right when the measured value falls in its range; a number is
 * right within `tol` of the measured value (relative, 0.1 = 10%).
 */
export function comparePrediction(
  prediction: { choice?: number; value?: number } | null,
  measured: number,
  opts: { choices?: Choice[]; tol?: number },
): Verdict {
  if (!Number.isFinite(measured)) return failed("nonFinite", { case: 0 });
  if (opts.choices) {
    const k = prediction?.choice;
    if (k === undefined || !(k in opts.choices)) return failed("noPrediction");
    const right = opts.choices.findIndex((c) => measured >= c.min && measured < c.max);
    return k === right
      ? solved("predictRight", { value: measured })
      : failed("predictWrong", { value: measured, right: right + 1, chosen: k + 1 });
  }
  const v = prediction?.value;
  if (v === undefined || !Number.isFinite(v)) return failed("noPrediction");
  const tol = opts.tol ?? 0.1;
  const off = Math.abs(v - measured) / Math.max(Math.abs(measured), 1e-12);
  return off <= tol
    ? solved("predictRight", { value: measured, predicted: v })
    : failed("predictWrong", { value: measured, predicted: v, pct: 100 * off, tol: 100 * tol });
}

// ---- Lesson 6 (conv): conv-out-size and conv-horizontal (conv-a) ----

/** Lesson 6: the output side of the task's convolution, ⌊(n + 2p − k)/s⌋ + 1. */
export function convOutAnswer(task: { n: number; k: number; p: number; s: number }): number {
  return outSize(task.n, task.k, task.p, task.s);
}

/** The indices in the test split of the hidden digits of "conv-horizontal". */
export function horizontalDigitIndices(task: { digits: number; every: number }): number[] {
  return Array.from({ length: task.digits }, (_, i) => i * task.every);
}

/**
 * Lesson 6: a 3×3 kernel that answers horizontal strokes at least `minRatio` times as strongly
 * as vertical ones on the hidden digits (pixels in [0, 1]); `orientationRatio` in
 * components/conv/math.ts says how that is measured.
 */
export function checkHorizontalKernel(
  kernel: number[] | null | undefined,
  digits: ArrayLike<number>[],
  opts: { minRatio: number },
): Verdict {
  if (!Array.isArray(kernel) || kernel.length !== 9 || digits.length === 0) {
    return failed("notReady");
  }
  const k = cleanKernel(kernel);
  if (k.every((w) => w === 0)) return failed("kernelZero");
  const { ratio } = orientationRatio(k, digits);
  return ratio >= opts.minRatio
    ? solved("kernelOk", { ratio, min: opts.minRatio, digits: digits.length })
    : failed("kernelNotHorizontal", { ratio, min: opts.minRatio, digits: digits.length });
}
// Lesson 7 (training), optimizers (train-b).
/** The optimizers' order in OptimizerPaths (the choices of "training-first" follow it). */
const OPTIMIZER_ORDER = ["sgd", "momentum", "rmsprop", "adam"] as const;

/**
 * "Which optimizer arrives first": the figure's state (its store) must show `surface` with the
 * task's `settings` (the surface's defaults but for what the task changes); the fastest optimizer
 * there is compared with the reader's choice (an index into OPTIMIZER_ORDER).
 */
export function checkFirstArrival(
  state: OptimPathsState | null,
  task: { surface: string; settings: OptimSettings },
  choice: number | null,
): Verdict {
  if (choice === null || !(choice in OPTIMIZER_ORDER)) return failed("noPrediction");
  if (!state) return failed("notReady");
  const asAsked = state.surface === task.surface &&
    (Object.keys(task.settings) as (keyof OptimSettings)[]).every((k) =>
      state.settings[k] === task.settings[k]
    );
  if (!asAsked) return failed("optimNotSet", { surface: task.surface });
  let best = -1;
  OPTIMIZER_ORDER.forEach((o, i) => {
    const s = state.arrived[o];
    if (typeof s !== "number") return;
    if (best < 0 || s < (state.arrived[OPTIMIZER_ORDER[best]] as number)) best = i;
  });
  if (best < 0) return failed("notReady");
  const steps = state.arrived[OPTIMIZER_ORDER[best]] as number;
  const name = OPTIMIZER_ORDER[best];
  return best === choice
    ? solved("firstRight", { name, steps })
    : failed("firstWrong", { name, steps, chosen: OPTIMIZER_ORDER[choice] });
}
// Lesson 7 (training), initialization (train-a).

/**
 * Lesson 7: the reader's init keeps the variance of a deep net's last hidden layer within
 * `maxRatio`× of the first's (either way), measured by InitHistograms at step 0 with at least
 * `depth` hidden layers.
 */
export function checkInitDepth(
  s: { depth: number; gain: number; act: number[] },
  opts: { depth: number; maxRatio: number },
): Verdict {
  if (!Array.isArray(s.act) || s.act.length !== s.depth || !finite(s.gain)) {
    return failed("notReady");
  }
  if (s.depth < opts.depth) return failed("initTooShallow", { depth: s.depth, want: opts.depth });
  const ratio = varianceRatio(s.act);
  if (!Number.isFinite(ratio) || ratio <= 0) {
    return failed("initRatioOff", { ratio: "0", gain: s.gain, dir: "low" });
  }
  if (ratio > opts.maxRatio || ratio < 1 / opts.maxRatio) {
    return failed("initRatioOff", {
      ratio: fmtRatio(ratio),
      gain: s.gain,
      dir: ratio > 1 ? "high" : "low",
    });
  }
  return solved("initOk", { ratio: fmtRatio(ratio), gain: s.gain, depth: s.depth });
}

/** A ratio for the verdict: 3 significant digits, or powers of ten when far off. */
function fmtRatio(r: number): string {
  return r >= 1e4 || r < 1e-3 ? r.toExponential(1) : r.toPrecision(3);
}
// Lesson 7 (training): learning curves (train-c).
/**
 * A finished run of LearningCurves whose train–validation gap (accuracy points at its kept
 * epoch) is under `maxGap` and whose validation accuracy (%) is at least `minVal`; the verdict
 * speaks of the qualifying run with the smallest gap, else of the run with the smallest gap.
 */
export function checkGap(
  s: { runs: { gap: number; valAcc: number }[] },
  opts: { maxGap: number; minVal: number },
): Verdict {
  const runs = s.runs.filter((r) => finite(r.gap) && finite(r.valAcc));
  if (!runs.length) return failed("notReady");
  const smallest = (rs: typeof runs) => rs.reduce((a, b) => (b.gap < a.gap ? b : a));
  const good = runs.filter((r) => r.valAcc >= opts.minVal);
  const best = smallest(good.length ? good : runs);
  if (best.gap >= opts.maxGap) {
    return failed("gapHigh", { gap: best.gap, max: opts.maxGap, over: best.gap - opts.maxGap });
  }
  if (best.valAcc < opts.minVal) {
    return failed("accuracyLow", {
      acc: best.valAcc,
      min: opts.minVal,
      gap: opts.minVal - best.valAcc,
    });
  }
  return solved("gapOk", { gap: best.gap, acc: best.valAcc, max: opts.maxGap });
}

/**
 * A learning rate read off a range test's own curve: on the falling part, i.e. below the rate of
 * the lowest smoothed loss and where the smoothed loss (at the nearest step) is already at least
 * 10% under its start. `lrs` and `smoothed` are the curve (LrRangeTest's `rangeState`).
 */
export function checkRangeLr(lr: number, curve: { lrs: number[]; smoothed: number[] }): Verdict {
  const { lrs, smoothed } = curve;
  if (lrs.length < 6 || lrs.length !== smoothed.length) return failed("notReady");
  if (!(lr > 0) || !finite(lr)) return failed("notNumber", { text: String(lr) });
  let best = 0, near = 0;
  smoothed.forEach((l, i) => {
    if (l < smoothed[best]) best = i;
    if (Math.abs(Math.log(lrs[i] / lr)) < Math.abs(Math.log(lrs[near] / lr))) near = i;
  });
  const detail = { lr, lrAtMin: lrs[best], drop: 100 * (1 - smoothed[near] / smoothed[0]) };
  if (lr >= lrs[best]) return failed("rangePastMin", detail);
  if (smoothed[near] > 0.9 * smoothed[0]) return failed("rangeNotFalling", detail);
  return solved("rangeOk", detail);
}
/**
 * Lesson 1, "playground-features": the Playground separates its circles (the dataset, not the
 * reader's points) with no hidden layer, to a test accuracy of at least `minAccuracy`.
 */
export function checkPlaygroundFeatures(
  s: {
    dataset: string;
    own: boolean;
    problem: string;
    hidden: number[];
    features: string[];
    testAcc: number;
  },
  opts: { dataset: string; minAccuracy: number },
): Verdict {
  if (s.own || s.problem !== "classification" || s.dataset !== opts.dataset) {
    return failed("pgDataset");
  }
  if (s.hidden.length > 0) return failed("pgHidden", { layers: s.hidden.length });
  if (!finite(s.testAcc)) return failed("notReady");
  const acc = 100 * s.testAcc, min = 100 * opts.minAccuracy;
  return s.testAcc >= opts.minAccuracy
    ? solved("pgOk", { acc, features: s.features.join(", ") })
    : failed("pgAccuracy", { acc, min, gap: min - acc });
}
