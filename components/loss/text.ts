/**
 * Lesson 3's words, per language, for its islands (LossFit, LossLandscape, ClassifierLoss). The
 * lesson's prose lives in lessons/<lang>/loss.mdx; Train, Step, Reset, Pause and the loading line
 * come from `SHARED`.
 */
import type { Texts } from "../lib/lang.ts";
import { lineEquation } from "../lib/format.ts";
import type { LossKind } from "./math.ts";

export interface LossFitStrings {
  title: string;
  loss: string;
  names: Record<LossKind, string>;
  delta: string;
  outliers: string;
  points: string;
  outlierPts: string;
  line: string;
  loss_: string;
  step_: string;
  fitSummary: (a: string, b: string, n: number, outliers: boolean) => string;
  curveSummary: (kind: string, n: number, loss: string) => string;
  /** Where the loss curve goes, before the first step. */
  curveLater: string;
  derivs: string;
  colWhat: string;
  colBackward: string;
  colFormula: string;
  colFd: string;
  colDiff: string;
  formulaHint: string;
  done: (n: number) => string;
  kink: string;
  editPoints: string;
  restorePoints: string;
  moved: string;
  editHelp: (max: number) => string;
  editorLabel: (n: number, a: string, b: string, selected: string | null) => string;
  full: (max: number) => string;
}

export const LOSS_FIT: Texts<LossFitStrings> = {
  en: {
    title: "Fit a line with three losses",
    loss: "Loss",
    names: { mse: "MSE (squared)", mae: "MAE (absolute)", huber: "Huber" },
    delta: "Huber threshold δ",
    outliers: "Add 3 outliers",
    points: "points",
    outlierPts: "outliers",
    line: "line ax + b",
    loss_: "loss",
    step_: "step",
    fitSummary: (a, b, n, o) =>
      `Scatter plot of ${n} points${
        o ? " (3 of them outliers far above the line)" : ""
      } and the current line ${lineEquation(a, b)}.`,
    curveSummary: (k, n, l) =>
      n === 0 ? `Loss curve: no training yet (${k}).` : `Loss curve (${k}): ${l} after ${n} steps.`,
    curveLater: "The loss curve appears here once training starts.",
    derivs: "Derivatives at the current a, b",
    colWhat: "derivative",
    colBackward: "backward()",
    colFormula: "formula",
    colFd: "finite difference",
    colDiff: "backward − f.d.",
    formulaHint: "Interact with the figure to typeset the formula with its numbers.",
    done: (n) => `Trained ${n} steps. Press Train to go on, or change the loss.`,
    editPoints: "Move and add points",
    restorePoints: "Restore the points",
    moved: "points you moved or added",
    editHelp: (max) =>
      `Drag a point to move it; click or tap an empty place to add one (up to ${max} points). Keyboard: focus the plot, “,” and “.” pick a point, the arrow keys move it, Delete removes it. The line keeps training on the new points.`,
    editorLabel: (n, a, b, sel) =>
      `Editable plot of ${n} points and the line ${lineEquation(a, b)}` +
      (sel ? `; selected point ${sel}` : "; press “.” to pick a point"),
    full: (max) => `At most ${max} points: move one instead.`,
    kink:
      "MAE has a corner wherever a point lies exactly on the line: there backward() uses sign(0) = 0 and a finite difference straddles the corner, so the two can differ.",
  },
  zh: {
    title: "用三种损失拟合一条直线",
    loss: "损失函数",
    names: { mse: "MSE（平方）", mae: "MAE（绝对值）", huber: "Huber" },
    delta: "Huber 阈值 δ",
    outliers: "加入 3 个离群点",
    points: "数据点",
    outlierPts: "离群点",
    line: "直线 ax + b",
    loss_: "损失",
    step_: "步数",
    fitSummary: (a, b, n, o) =>
      `${n} 个数据点的散点图${o ? "（其中 3 个是远在直线上方的离群点）" : ""}，以及当前直线 ${
        lineEquation(a, b)
      }。`,
    curveSummary: (k, n, l) =>
      n === 0 ? `损失曲线：尚未训练（${k}）。` : `损失曲线（${k}）：${n} 步后为 ${l}。`,
    curveLater: "开始训练后，这里会画出损失曲线。",
    derivs: "当前 a、b 处的导数",
    colWhat: "导数",
    colBackward: "backward()",
    colFormula: "公式",
    colFd: "有限差分",
    colDiff: "backward − 差分",
    formulaHint: "与图交互后，公式会排版出来并代入当前数值。",
    done: (n) => `已训练 ${n} 步。按“训练”继续，或换一个损失函数。`,
    editPoints: "移动和添加数据点",
    restorePoints: "恢复原来的点",
    moved: "你移动或添加的点",
    editHelp: (max) =>
      `拖动一个点来移动它；在空白处点击或轻触来添加一个点（最多 ${max} 个）。键盘：聚焦到图上，“,” 和 “.” 选点，方向键移动，Delete 删除。直线会在新的点上继续训练。`,
    editorLabel: (n, a, b, sel) =>
      `可编辑的图：${n} 个数据点和直线 ${lineEquation(a, b)}` +
      (sel ? `；选中的点 ${sel}` : "；按 “.” 选一个点"),
    full: (max) => `最多 ${max} 个点：请移动已有的点。`,
    kink:
      "MAE 在数据点恰好落在直线上的地方有一个尖角：backward() 在那里取 sign(0) = 0，而有限差分跨过了尖角，两者可能不同。",
  },
};

export type Preset = "small" | "right" | "big";

export interface LossLandscapeStrings {
  title: string;
  loss: string;
  names: Record<LossKind, string>;
  lr: string;
  presets: Record<Preset, string>;
  slope: string;
  intercept: string;
  loss_: string;
  step_: string;
  computing: string;
  mapLabel: (kind: string, min: string, at: string, path: string) => string;
  pathText: (n: number, a: string, b: string, loss: string) => string;
  curveSummary: (n: number, loss: string) => string;
  /** Where the loss curve goes, before the first step. */
  curveLater: string;
  limit: (lr: string) => string;
  limitHuber: (lr: string) => string;
  limitMae: string;
  diverged: (n: number, lr: string, limit: string) => string;
  rattle: string;
  slow: string;
  settled: (n: number) => string;
}

export const LOSS_LANDSCAPE: Texts<LossLandscapeStrings> = {
  en: {
    title: "The loss landscape over (a, b) and the path of gradient descent",
    loss: "Loss",
    names: { mse: "MSE", mae: "MAE", huber: "Huber (δ = 1)" },
    lr: "learning rate η",
    presets: { small: "Too small", right: "About right", big: "Too big" },
    slope: "slope a",
    intercept: "intercept b",
    loss_: "loss",
    step_: "step",
    computing: "computing the landscape with the engine…",
    mapLabel: (k, min, at, path) =>
      `Heat map of the ${k} loss over a from −2 to 4 (left to right) and b from −3 to 3 (bottom ` +
      `to top), darker is lower, with contour lines; lowest ${min} at ${at}. ${path}`,
    pathText: (n, a, b, l) =>
      n === 0
        ? `Gradient descent starts at a = ${a}, b = ${b} (loss ${l}).`
        : `Gradient descent path: ${n} steps, now at a = ${a}, b = ${b}, loss ${l}.`,
    curveSummary: (n, l) =>
      n === 0 ? "Loss per step: not started." : `Loss per step: ${l} after ${n} steps.`,
    curveLater: "The loss per step appears here once training starts.",
    limit: (l) => `For MSE on these points the largest stable η is 2/λmax ≈ ${l}.`,
    limitHuber: (l) =>
      `Huber is ½r² near the bottom: half MSE's curvature there, so η up to about ${l} settles.`,
    limitMae: "MAE's slope never shrinks near the bottom: a fixed η rattles across the crease.",
    diverged: (n, lr, lim) =>
      `Diverged at step ${n}: with η = ${lr}, above 2/λmax ≈ ${lim}, every step overshoots the ` +
      `bottom of the bowl by more than it started, so the line flies off. Lower the learning ` +
      `rate (try “About right”) and train again.`,
    rattle:
      "Too big for this loss: the steps keep their size near the bottom, so the path bounces across it instead of settling. Lower η.",
    slow: "Too small: after all these steps the path has barely moved. Raise η.",
    settled: (n) => `Settled after ${n} steps.`,
  },
  zh: {
    title: "(a, b) 平面上的损失地形，以及梯度下降走过的路径",
    loss: "损失函数",
    names: { mse: "MSE", mae: "MAE", huber: "Huber（δ = 1）" },
    lr: "学习率 η",
    presets: { small: "太小", right: "合适", big: "太大" },
    slope: "斜率 a",
    intercept: "截距 b",
    loss_: "损失",
    step_: "步数",
    computing: "正在用引擎计算损失地形……",
    mapLabel: (k, min, at, path) =>
      `${k} 损失的热力图：横向 a 从 −2 到 4，纵向 b 从 −3（下）到 3（上），颜色越深损失越低，` +
      `带等高线；最低处 ${min}，位于 ${at}。${path}`,
    pathText: (n, a, b, l) =>
      n === 0
        ? `梯度下降从 a = ${a}、b = ${b} 出发（损失 ${l}）。`
        : `梯度下降路径：已走 ${n} 步，现在 a = ${a}、b = ${b}，损失 ${l}。`,
    curveSummary: (n, l) => n === 0 ? "每步的损失：尚未开始。" : `每步的损失：${n} 步后为 ${l}。`,
    curveLater: "开始训练后，这里会画出每步的损失。",
    limit: (l) => `对这些点的 MSE，稳定的最大学习率是 2/λmax ≈ ${l}。`,
    limitHuber: (l) => `Huber 在谷底附近是 ½r²，曲率只有 MSE 的一半，所以 η 到大约 ${l} 都能收敛。`,
    limitMae: "MAE 的斜率在谷底附近不会变小：固定的 η 会在折痕两侧来回跳。",
    diverged: (n, lr, lim) =>
      `第 ${n} 步发散：η = ${lr} 大于 2/λmax ≈ ${lim}，每一步越过碗底的距离都比出发时更远，` +
      `直线于是飞了出去。请调低学习率（试试“合适”），再训练。`,
    rattle:
      "对这个损失来说太大了：步长在谷底附近不变小，路径在谷底两侧来回跳，停不下来。请调低 η。",
    slow: "太小了：走了这么多步，路径几乎没动。请调高 η。",
    settled: (n) => `${n} 步后稳定下来。`,
  },
};

export interface ClassifierLossStrings {
  title: string;
  logit: (k: number) => string;
  right: string;
  cls: (k: number) => string;
  probs: string;
  rightTag: string;
  wrong: string;
  train: string;
  colLoss: string;
  colValue: string;
  grad: (k: number) => string;
  rows: { nll: string; ce: string; mse: string; formula: string };
  same: (d: string) => string;
  push: (p: string, ce: string, mse: string, ratio: string) => string;
  chartSummary: (n: number, lr: number, pce: string, pmse: string) => string;
  /** Where the chart goes, before the first run. */
  chartLater: string;
  pCe: string;
  pMse: string;
  step_: string;
  p_: string;
}

/** "₁₂₃…": the subscript of class k + 1. */
function sub(k: number): string {
  return "₁₂₃₄₅₆₇₈₉"[k] ?? String(k + 1);
}

const ROWS = {
  nll: "nllLoss(logSoftmax(z), y)",
  ce: "crossEntropy(z, y)",
  mse: "mseLoss(softmax(z), one-hot y)",
};

export const CLASSIFIER_LOSS: Texts<ClassifierLossStrings> = {
  en: {
    title: "One example, three classes: softmax, NLL, cross-entropy and MSE",
    logit: (k) => `logit z${sub(k)} (class ${k + 1})`,
    right: "Right class",
    cls: (k) => `class ${k + 1}`,
    probs: "Softmax probabilities",
    rightTag: "right class",
    wrong: "Confidently wrong",
    train: "Train both",
    colLoss: "loss (engine)",
    colValue: "value",
    grad: (k) => `∂/∂z${sub(k)}`,
    rows: { ...ROWS, formula: "formula: p − y" },
    same: (d) => `log_softmax + NLL and cross-entropy differ by ${d}: the same loss.`,
    push: (p, ce, mse, ratio) =>
      `The right class has p = ${p}. Cross-entropy pushes its logit with ${ce}, MSE with ${mse}` +
      (ratio ? ` (${ratio}× weaker).` : "."),
    chartSummary: (n, lr, pce, pmse) =>
      n === 0
        ? "Probability of the right class while training: not started."
        : `After ${n} gradient steps (η = ${lr}) from these logits, the right class has ` +
          `p = ${pce} when trained with cross-entropy and p = ${pmse} with MSE.`,
    chartLater: "Press “Train both” to plot p(right class) for both losses, step by step.",
    pCe: "p(right), cross-entropy",
    pMse: "p(right), MSE",
    step_: "step",
    p_: "p(right class)",
  },
  zh: {
    title: "一个样本、三个类别：softmax、NLL、交叉熵与 MSE",
    logit: (k) => `logit z${sub(k)}（类别 ${k + 1}）`,
    right: "正确类别",
    cls: (k) => `类别 ${k + 1}`,
    probs: "softmax 概率",
    rightTag: "正确类别",
    wrong: "自信地答错",
    train: "两者同时训练",
    colLoss: "损失（引擎计算）",
    colValue: "数值",
    grad: (k) => `∂/∂z${sub(k)}`,
    rows: { ...ROWS, formula: "公式：p − y" },
    same: (d) => `log_softmax + NLL 与交叉熵相差 ${d}：同一个损失。`,
    push: (p, ce, mse, ratio) =>
      `正确类别的概率 p = ${p}。交叉熵对它的 logit 的推力是 ${ce}，MSE 只有 ${mse}` +
      (ratio ? `（弱 ${ratio} 倍）。` : "。"),
    chartSummary: (n, lr, pce, pmse) =>
      n === 0
        ? "训练中正确类别的概率：尚未开始。"
        : `从这组 logit 出发做 ${n} 步梯度下降（η = ${lr}）后，用交叉熵训练的正确类别概率 ` +
          `p = ${pce}，用 MSE 训练的 p = ${pmse}。`,
    chartLater: "按“两者同时训练”，这里会逐步画出两种损失下正确类别的概率。",
    pCe: "p（正确），交叉熵",
    pMse: "p（正确），MSE",
    step_: "步数",
    p_: "p（正确类别）",
  },
};
