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
import { failed, solved, type Verdict } from "./verdict.ts";

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
