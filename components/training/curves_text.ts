/**
 * The words of lesson 7's learning-curve and choosing-settings figures (LearningCurves,
 * LrRangeTest, LrSweep), per language.
 */
import type { Texts } from "../lib/lang.ts";
import type { Regularizer } from "./curves_run_names.ts";

export interface CurvesStrings {
  figureLabel: string;
  runsLegend: string;
  runName: Record<Regularizer, string>;
  /** What each run changes, one short line. */
  runNote: Record<Regularizer, string>;
  resume: string;
  pick: string;
  loading: string;
  progress: (run: number, runs: number, epoch: number, epochs: number) => string;
  chartsLater: string;
  epochAxis: string;
  lossAxis: string;
  trainOf: (run: string) => string;
  valOf: (run: string) => string;
  summary: (rows: string) => string;
  /** One run in the chart's summary: its kept epoch's training and validation loss. */
  summaryRow: (run: string, train: string, val: string) => string;
  /** Between two sentences (a space in English, nothing after Chinese 。). */
  sentenceGap: string;
  notYet: string;
  tableCaption: string;
  colRun: string;
  colEpoch: string;
  colValLoss: string;
  colTrainAcc: string;
  colValAcc: string;
  colGap: string;
  stoppedAt: (epoch: number) => string;
  gapNote: string;
}

export interface RangeStrings {
  figureLabel: string;
  run: string;
  lrAxis: string;
  lossAxis: string;
  raw: string;
  smooth: string;
  chartsLater: string;
  summary: (steps: number, lrMin: string, loss: string) => string;
  notYet: string;
  reading: (lrMin: string, suggested: string) => string;
  stopped: string;
}

export interface SweepStrings {
  figureLabel: string;
  lrAxis: string;
  accAxis: string;
  caption: (best: string) => string;
  colLr: string;
  colVal: string;
  chosen: string;
  summary: (rows: string, best: string) => string;
}

export const CURVES_TEXT: Texts<CurvesStrings> = {
  en: {
    figureLabel: "Learning curves on 500 training digits, with and without regularization",
    runsLegend: "Runs to train (each one from the same initial weights)",
    runName: {
      none: "No regularization",
      weightDecay: "Weight decay",
      dropout: "Dropout",
      earlyStop: "Early stopping",
      augment: "Shifted digits",
      all: "All four",
    },
    runNote: {
      none: "Adam 0.001, 30 epochs",
      weightDecay: "L2, λ = 0.01",
      dropout: "p = 0.5 after the hidden layer",
      earlyStop: "stop 3 epochs after the best validation loss",
      augment: "each digit moved by up to 1 pixel",
      all: "together",
    },
    resume: "Resume",
    pick: "Tick at least one run.",
    loading: "Loading the digits…",
    progress: (run, runs, epoch, epochs) => `Run ${run} of ${runs}, epoch ${epoch} of ${epochs}`,
    chartsLater: "The curves appear here once training starts.",
    epochAxis: "epoch",
    lossAxis: "loss (cross-entropy)",
    trainOf: (run) => `${run}: training`,
    valOf: (run) => `${run}: validation`,
    summary: (rows) =>
      `Training loss (dashed) and validation loss (solid) per epoch for each run. ${rows}`,
    summaryRow: (run, train, val) => `${run}: training ${train}, validation ${val}.`,
    sentenceGap: " ",
    notYet: "Nothing trained yet.",
    tableCaption: "Where each run ends: its kept epoch and the gap between training and validation",
    colRun: "Run",
    colEpoch: "Epoch kept",
    colValLoss: "Validation loss",
    colTrainAcc: "Training accuracy",
    colValAcc: "Validation accuracy",
    colGap: "Gap (points)",
    stoppedAt: (epoch) => `stopped after epoch ${epoch}`,
    gapNote:
      "The gap is training accuracy minus validation accuracy at the kept epoch: the last one, or with early stopping the one with the lowest validation loss.",
  },
  zh: {
    figureLabel: "只用 500 个训练数字时的学习曲线：加与不加正则化",
    runsLegend: "要训练的几次运行（都从同一组初始权重开始）",
    runName: {
      none: "不加正则化",
      weightDecay: "权重衰减",
      dropout: "Dropout",
      earlyStop: "早停",
      augment: "平移数字",
      all: "四种一起",
    },
    runNote: {
      none: "Adam 0.001，30 轮",
      weightDecay: "L2，λ = 0.01",
      dropout: "隐藏层后 p = 0.5",
      earlyStop: "验证损失最低后再过 3 轮就停",
      augment: "每个数字最多平移 1 像素",
      all: "同时使用",
    },
    resume: "继续",
    pick: "请至少勾选一次运行。",
    loading: "正在加载数字……",
    progress: (run, runs, epoch, epochs) => `第 ${run}/${runs} 次运行，第 ${epoch}/${epochs} 轮`,
    chartsLater: "开始训练后，曲线会出现在这里。",
    epochAxis: "轮次",
    lossAxis: "损失（交叉熵）",
    trainOf: (run) => `${run}：训练`,
    valOf: (run) => `${run}：验证`,
    summary: (rows) => `每次运行每一轮的训练损失（虚线）和验证损失（实线）。${rows}`,
    summaryRow: (run, train, val) => `${run}：训练 ${train}，验证 ${val}。`,
    sentenceGap: "",
    notYet: "还没有训练。",
    tableCaption: "每次运行的结果：保留的轮次，以及训练与验证之间的差距",
    colRun: "运行",
    colEpoch: "保留的轮次",
    colValLoss: "验证损失",
    colTrainAcc: "训练准确率",
    colValAcc: "验证准确率",
    colGap: "差距（百分点）",
    stoppedAt: (epoch) => `第 ${epoch} 轮后停止`,
    gapNote:
      "差距 = 保留轮次上的训练准确率减去验证准确率。保留的是最后一轮；用早停时，是验证损失最低的那一轮。",
  },
};

export const RANGE_TEXT: Texts<RangeStrings> = {
  en: {
    figureLabel:
      "Learning-rate range test: one run, the rate multiplied by the same factor each step",
    run: "Run the range test",
    lrAxis: "learning rate η (log scale)",
    lossAxis: "batch loss",
    raw: "batch loss",
    smooth: "smoothed",
    chartsLater: "Press the button: 100 steps of Adam, from η = 0.00001 to η = 1.",
    summary: (steps, lrMin, loss) =>
      `Loss against learning rate over ${steps} steps; the smoothed loss is lowest (${loss}) at η = ${lrMin}.`,
    notYet: "Not run yet.",
    reading: (lrMin, suggested) =>
      `The smoothed loss is lowest at η ≈ ${lrMin}; a tenth of that, η ≈ ${suggested}, is the usual pick.`,
    stopped: "Stopped early: the smoothed loss passed 4 times its lowest value.",
  },
  zh: {
    figureLabel: "学习率范围测试：只跑一次，每一步把学习率乘以同一个倍数",
    run: "运行范围测试",
    lrAxis: "学习率 η（对数刻度）",
    lossAxis: "批损失",
    raw: "批损失",
    smooth: "平滑后",
    chartsLater: "按下按钮：Adam 走 100 步，η 从 0.00001 增大到 1。",
    summary: (steps, lrMin, loss) =>
      `${steps} 步中损失随学习率的变化；平滑后的损失在 η = ${lrMin} 处最低（${loss}）。`,
    notYet: "还没有运行。",
    reading: (lrMin, suggested) =>
      `平滑后的损失在 η ≈ ${lrMin} 处最低；通常取它的十分之一，即 η ≈ ${suggested}。`,
    stopped: "提前停止：平滑后的损失已超过最低值的 4 倍。",
  },
};

export const SWEEP_TEXT: Texts<SweepStrings> = {
  en: {
    figureLabel: "Learning-rate sweep: validation accuracy, mean of 3 seeds ± 1 standard deviation",
    lrAxis: "learning rate η",
    accAxis: "validation accuracy (%)",
    caption: (best) =>
      `Computed when the site's numbers are produced (deno task claims), not in your browser. Chosen on validation: η = ${best}.`,
    colLr: "η",
    colVal: "Validation accuracy, mean ± sd (%)",
    chosen: "chosen",
    summary: (rows, best) => `Validation accuracy per learning rate: ${rows}. Best: η = ${best}.`,
  },
  zh: {
    figureLabel: "学习率扫描：验证准确率，3 个种子的平均值 ± 1 个标准差",
    lrAxis: "学习率 η",
    accAxis: "验证准确率（%）",
    caption: (best) =>
      `这些数字是在生成网站数据时（deno task claims）算出的，不在你的浏览器里运行。按验证准确率选出：η = ${best}。`,
    colLr: "η",
    colVal: "验证准确率，平均值 ± 标准差（%）",
    chosen: "选中",
    summary: (rows, best) => `各学习率的验证准确率：${rows}。最佳：η = ${best}。`,
  },
};
