/**
 * The words of lesson 7's "same optimizers on MNIST" figure (OptimizersMnist), per language.
 */
import type { Texts } from "../lib/lang.ts";
import type { OptMnistName } from "./optmnist_names.ts";

export interface OptMnistStrings {
  figureLabel: string;
  name: Record<OptMnistName, string>;
  stepAxis: string;
  lossAxis: string;
  /** The chart's text alternative: `rows` lists each optimizer's last smoothed loss. */
  summary: (rows: string) => string;
  caption: (steps: string, batch: string, every: string) => string;
  colOpt: string;
  colVal: string;
}

export const OPTMNIST_TEXT: Texts<OptMnistStrings> = {
  en: {
    figureLabel: "Four optimizers on the MNIST MLP: training loss by step, and validation accuracy",
    name: { sgd: "SGD", momentum: "Momentum", rmsprop: "RMSProp", adam: "Adam" },
    stepAxis: "step",
    lossAxis: "training loss (smoothed)",
    summary: (rows) => `Smoothed training loss after the last step, mean of 3 seeds: ${rows}.`,
    caption: (steps, batch, every) =>
      `Lesson 4's MLP (784-128-10) trained for ${steps} steps of ${batch} training digits by SGD, SGD with momentum (β = 0.9), RMSProp and Adam; for each seed (1, 2, 3) all four start from the same weights and see the same batches. The line is the training loss, smoothed (exponential average, β = 0.9) and read every ${every} steps, averaged over the seeds; the table gives the validation accuracy at the end, mean ± standard deviation over the seeds. Computed when the site's numbers are produced (deno task claims), not in your browser.`,
    colOpt: "Optimizer",
    colVal: "Validation (%)",
  },
  zh: {
    figureLabel: "四种优化器训练 MNIST 多层感知机：每一步的训练损失与验证准确率",
    name: { sgd: "SGD", momentum: "动量", rmsprop: "RMSProp", adam: "Adam" },
    stepAxis: "步数",
    lossAxis: "训练损失（平滑后）",
    summary: (rows) => `最后一步的平滑训练损失，3 个种子的平均值：${rows}。`,
    caption: (steps, batch, every) =>
      `第 4 课的多层感知机（784-128-10），用 SGD、带动量（β = 0.9）的 SGD、RMSProp 和 Adam 各训练 ${steps} 步，每步 ${batch} 个训练数字；同一个种子（1、2、3）下，四者从同样的权重出发，看到同样的批次。曲线是训练损失，经过平滑（指数平均，β = 0.9），每 ${every} 步取一个点，再对种子求平均；表中给出训练结束时的验证准确率（种子间的平均值 ± 标准差）。这些数字是在生成网站数据时（deno task claims）算出的，不在你的浏览器里运行。`,
    colOpt: "优化器",
    colVal: "验证准确率（%）",
  },
};
