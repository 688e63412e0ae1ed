/**
 * What every exercise checker answers: solved or not, and a reason with the numbers that say
 * what is off and by how much. `text.ts` words each reason in every language. A module of its
 * own (no lesson logic), so the cells' workspace can import it without the figures' math.
 */
import type { CellVerdict } from "../runtime/protocol.ts";

/** Why a verdict is what it is. Each one has a sentence in `text.ts`, in every language. */
export type Reason =
  | "empty"
  | "notNumber"
  | "notReady"
  | "lineWrong"
  | "lineOk"
  | "tooManyBumps"
  | "deviationHigh"
  | "bumpsOk"
  | "lrDoesNotDiverge"
  | "lrBelowTooLow"
  | "lrBelowDiverges"
  | "lrOk"
  | "tooManyParams"
  | "accuracyLow"
  | "mnistOk"
  | "valueSign"
  | "valueOff"
  | "valueOk"
  | "noFunction"
  | "threw"
  | "stopped"
  | "badOutput"
  | "valueMismatch"
  | "gradMismatch"
  | "nonFinite"
  | "overflow"
  | "usesOptim"
  | "usesBackward"
  | "gradOff"
  | "lossHigh"
  | "codeOk"
  | "noPrediction"
  | "predictRight"
  | "predictWrong"
  // Lesson 6 (conv): conv-horizontal
  | "kernelZero"
  | "kernelNotHorizontal"
  | "kernelOk"
  // Lesson 6 (convolutions), conv-b: "conv-by-hand".
  | "usesConv2d"
  | "kernelFlipped"
  // Lesson 7 (training), optimizers (train-b).
  | "optimNotSet"
  | "firstRight"
  | "firstWrong"
  // Lesson 7 (training), initialization (train-a).
  | "initTooShallow"
  | "initRatioOff"
  | "initOk"
  // Lesson 7 (training): learning curves (train-c).
  | "gapHigh"
  | "gapOk"
  | "rangeNotFalling"
  | "rangePastMin"
  | "rangeOk"
  // Lesson 1, the playground's features (playground-features).
  | "pgDataset"
  | "pgHidden"
  | "pgAccuracy"
  | "pgOk";

export type Detail = CellVerdict["detail"];

/** The runtime's verdict of a cell (its protocol carries it), with this site's reasons. */
export type Verdict = CellVerdict<Reason>;

export const solved = (reason: Reason, detail: Detail = {}): Verdict => ({
  ok: true,
  reason,
  detail,
});
export const failed = (reason: Reason, detail: Detail = {}): Verdict => ({
  ok: false,
  reason,
  detail,
});
