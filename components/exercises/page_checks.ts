/**
 * The checks of the exercises whose answer lives in the page: a figure's state (read from its
 * store, components/lib/store.ts — never from the DOM) or typed numbers. The Exercise island
 * calls them; they touch no DOM.
 */
import {
  BUMPS_TASK,
  CONV_SHAPE_TASK,
  type ExerciseDef,
  GRAD_TOL,
  HORIZONTAL_TASK,
  LINE_TASK,
  MNIST_TASK,
  PARAMS_TASK,
  PLAYGROUND_TASK,
} from "./defs.ts";
import {
  checkBumps,
  checkGap,
  checkHorizontalKernel,
  checkInitDepth,
  checkLearningRates,
  checkLine,
  checkMnist,
  checkNumber,
  checkPlaygroundFeatures,
  checkRangeLr,
  convOutAnswer,
  failed,
  horizontalDigitIndices,
  mlpParams,
  parseNumber,
  threePointGrad,
  type Verdict,
} from "./checkers.ts";
import { builtBumps } from "../bumps/state.ts";
import { lineClassifierState, playgroundState } from "../function/store.ts";
import { mnistTrainerState } from "../mnist/store.ts";
import { convByHandState } from "../conv/store.ts";
import { digitPixels, loadDigits } from "../mnist/digits.ts";
import { initFigureState } from "../training/init_store.ts";
import { INIT_TASK } from "../training/init_stats.ts";
import { curvesState, GAP_TASK, rangeState } from "../training/curves_store.ts";

export function checkFigure(
  def: Extract<ExerciseDef, { kind: "figure" }>,
): Verdict | Promise<Verdict> {
  switch (def.figure) {
    case "BumpBuilder":
      return checkBumps(builtBumps(), BUMPS_TASK);
    case "LineClassifier": {
      const line = lineClassifierState.value;
      return line ? checkLine(line, LINE_TASK) : failed("notReady");
    }
    case "MnistTrainer": {
      const mnist = mnistTrainerState.value;
      return mnist ? checkMnist(mnist, MNIST_TASK) : failed("notReady");
    }
    case "ConvByHand": {
      // The kernel from the figure, checked on hidden test digits (the figure shows validation).
      const conv = convByHandState.value;
      if (!conv) return failed("notReady");
      return loadDigits().then(({ test }) =>
        checkHorizontalKernel(
          conv.kernel,
          horizontalDigitIndices(HORIZONTAL_TASK).map((i) =>
            Float64Array.from(digitPixels(test, i), (v) => v / 255)
          ),
          HORIZONTAL_TASK,
        )
      ).catch(() => failed("notReady"));
    }
    // Lesson 7 (training), initialization (train-a).
    case "InitHistograms": {
      const init = initFigureState.value;
      return init ? checkInitDepth(init, INIT_TASK) : failed("notReady");
    }
    // Lesson 7 (training): learning curves (train-c).
    case "LearningCurves": {
      const curves = curvesState.value;
      return curves ? checkGap(curves, GAP_TASK) : failed("notReady");
    }
    case "Playground": {
      const pg = playgroundState.value;
      return pg ? checkPlaygroundFeatures(pg, PLAYGROUND_TASK) : failed("notReady");
    }
  }
}

export function checkAnswer(
  def: Extract<ExerciseDef, { kind: "answer" }>,
  values: string[],
): Verdict {
  const parsed = values.map(parseNumber);
  const bad = parsed.find((p) => typeof p !== "number");
  if (bad !== undefined) return bad as Verdict;
  const [x, y] = parsed as number[];
  switch (def.answer) {
    case "learningRates":
      return checkLearningRates(x, y);
    case "gradB":
      return checkNumber(x, threePointGrad("b"), GRAD_TOL);
    case "gradA":
      return checkNumber(x, threePointGrad("a"), GRAD_TOL);
    case "mlpParams":
      return checkNumber(x, mlpParams(PARAMS_TASK), 0);
    case "convOutSize":
      return checkNumber(x, convOutAnswer(CONV_SHAPE_TASK), 0);
    // Lesson 7 (training): the range test's own curve (train-c).
    case "rangeLr": {
      const curve = rangeState.value;
      return curve ? checkRangeLr(x, curve) : failed("notReady");
    }
  }
}
