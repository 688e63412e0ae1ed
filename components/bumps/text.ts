/**
 * Lesson 2's words, per language, for its islands (Neuron, BumpBuilder, BumpTrainer, Towers).
 * Play, Pause, Step, Reset and the backend line are SHARED (components/lib/text.ts). The lesson's
 * prose lives in lessons/<lang>/bumps.mdx.
 */
import type { Texts, ZhTerm } from "../lib/lang.ts";

export interface NeuronStrings {
  weight: string;
  bias: string;
  stepAt: (s: string) => string;
  noStep: string;
  outside: string;
  plot: string;
}

export const NEURON: Texts<NeuronStrings> = {
  en: {
    weight: "weight w",
    bias: "bias b",
    stepAt: (s) => `step at x = ${s}`,
    noStep: "no step (w = 0)",
    outside: "step outside the plot",
    plot: "Plot of σ(wx + b) for x from −1 to 1",
  },
  zh: {
    weight: "权重 w",
    bias: "偏置 b",
    stepAt: (s) => `阶跃位置 x = ${s}`,
    noStep: "没有阶跃（w = 0）",
    outside: "阶跃在图外",
    plot: "σ(wx + b) 在 x 从 −1 到 1 上的图像",
  },
};

export interface BumpBuilderStrings {
  how: string;
  bumps: string;
  neurons: (n: number) => string;
  steepness: string;
  heights: string;
  height: (i: number) => string;
  heightLong: (i: number, lo: string, hi: string) => string;
  fit: string;
  zero: string;
  deviation: string;
  target: string;
  output: string;
  summary: (n: number, dev: string, w: number) => string;
  weights: string;
  neuron: string;
  outW: string;
  table: (n: number) => string;
}

export const BUMP_BUILDER: Texts<BumpBuilderStrings> = {
  en: {
    how:
      "Drag on the plot (or use the sliders) to set the height of each bump. The orange curve is f; the blue line is your network's output g.",
    bumps: "bumps N",
    neurons: (n) => `${2 * n} hidden neurons`,
    steepness: "steepness w",
    heights: "Bump heights",
    height: (i) => `h${i}`,
    heightLong: (i, lo, hi) => `height of bump ${i} (x from ${lo} to ${hi})`,
    fit: "Fit heights for me",
    zero: "All heights to 0",
    deviation: "average deviation",
    target: "target f(x)",
    output: "your network g(x)",
    summary: (n, dev, w) =>
      `The target f and the sum g of ${n} bumps (steepness w = ${w}) on x from 0 to 1. Average deviation mean|f − g| = ${dev}.`,
    weights: "The weights this builds",
    neuron: "neuron",
    outW: "output weight",
    table: (n) =>
      `Hidden neuron k computes σ(w·x + b); the output is the sum of the output weights times those values. ${
        2 * n
      } neurons:`,
  },
  zh: {
    how: "在图上拖动（或用滑块）设定每个凸起的高度。橙色曲线是 f，蓝色线是你的网络输出 g。",
    bumps: "凸起数 N",
    neurons: (n) => `${2 * n} 个隐藏神经元`,
    steepness: "陡峭度 w",
    heights: "凸起高度",
    height: (i) => `h${i}`,
    heightLong: (i, lo, hi) => `第 ${i} 个凸起的高度（x 从 ${lo} 到 ${hi}）`,
    fit: "帮我拟合高度",
    zero: "高度全部归零",
    deviation: "平均偏差",
    target: "目标 f(x)",
    output: "你的网络 g(x)",
    summary: (n, dev, w) =>
      `目标 f 与 ${n} 个凸起之和 g（陡峭度 w = ${w}），x 从 0 到 1。平均偏差 mean|f − g| = ${dev}。`,
    weights: "这组凸起对应的权重",
    neuron: "神经元",
    outW: "输出权重",
    table: (n) =>
      `第 k 个隐藏神经元计算 σ(w·x + b)；输出是各神经元的值乘以输出权重再相加。共 ${
        2 * n
      } 个神经元：`,
  },
};

export interface BumpTrainerStrings {
  start: string;
  random: string;
  built: string;
  hidden: string;
  fromBumps: (n: number) => string;
  activation: string;
  sigmoid: string;
  relu: string;
  none: string;
  lr: string;
  target: string;
  output: string;
  neuron: (i: number) => string;
  /** `loss`: the MSE formatted, or null before any training. */
  fitSummary: (
    h: number,
    act: string,
    loss: string | null,
    steps: number,
    line: boolean,
  ) => string;
  lossTitle: string;
  lossSummary: (steps: number, loss: string) => string;
  xStep: string;
  notStarted: string;
  lossAt: (steps: number, loss: string) => string;
  lineNote: string;
  sweep: string;
  sweepRun: string;
  budget: string;
  sweepProgress: (h: number, s: number, total: number) => string;
  sweepDone: string;
  trained: string;
  ideal: string;
  sweepSummary: (rows: string) => string;
  xHidden: string;
  stopped: string;
}

export const BUMP_TRAINER: Texts<BumpTrainerStrings> = {
  en: {
    start: "start from",
    random: "random weights",
    built: "your bumps (above)",
    hidden: "hidden neurons",
    fromBumps: (n) => `${2 * n} (your ${n} bumps)`,
    activation: "activation",
    sigmoid: "sigmoid",
    relu: "ReLU",
    none: "none (linear)",
    lr: "learning rate (Adam)",
    target: "target f(x)",
    output: "network output",
    neuron: (i) => `neuron ${i}`,
    fitSummary: (h, act, loss, steps, line) =>
      `The target f and the network's output (${h} hidden neurons, activation ${act}) after ${steps} steps, with each neuron's contribution drawn faintly. ${
        loss === null ? "Not trained yet." : `MSE = ${loss}.`
      }${line ? " The output is a straight line." : ""}`,
    lossTitle: "Loss (MSE) during training",
    lossSummary: (steps, loss) =>
      `Training loss against steps: ${steps} steps, latest MSE ${loss}.`,
    xStep: "step",
    notStarted: "not trained yet",
    lossAt: (steps, loss) => `step ${steps}: MSE = ${loss}`,
    lineNote:
      "Without an activation the two layers collapse into one line, y = (W₂W₁)x + (W₂b₁ + b₂): the best any line does here is MSE 0.0201.",
    sweep: "Final loss against the number of hidden neurons",
    sweepRun: "Run the comparison",
    budget: "steps per size",
    sweepProgress: (h, s, total) => `training ${h} hidden neurons: step ${s} of ${total}`,
    sweepDone: "done",
    trained: "trained from random weights",
    ideal: "N bumps, heights fitted (hand-built, 2N neurons)",
    sweepSummary: (rows) =>
      rows
        ? `Final MSE by hidden neurons after training: ${rows}.`
        : "Press “Run the comparison” to train each size.",
    xHidden: "hidden neurons",
    stopped: "Training stopped:",
  },
  zh: {
    start: "起点",
    random: "随机权重",
    built: "你搭的凸起（上图）",
    hidden: "隐藏神经元",
    fromBumps: (n) => `${2 * n}（你的 ${n} 个凸起）`,
    activation: "激活函数",
    sigmoid: "sigmoid",
    relu: "ReLU",
    none: "无（线性）",
    lr: "学习率（Adam）",
    target: "目标 f(x)",
    output: "网络输出",
    neuron: (i) => `神经元 ${i}`,
    fitSummary: (h, act, loss, steps, line) =>
      `目标 f 与网络输出（${h} 个隐藏神经元，激活函数 ${act}），已训练 ${steps} 步，每个神经元的贡献以淡色画出。${
        loss === null ? "尚未训练。" : `MSE = ${loss}。`
      }${line ? "输出是一条直线。" : ""}`,
    lossTitle: "训练中的损失（MSE）",
    lossSummary: (steps, loss) => `训练损失随步数的变化：共 ${steps} 步，最新 MSE ${loss}。`,
    xStep: "步数",
    notStarted: "尚未训练",
    lossAt: (steps, loss) => `第 ${steps} 步：MSE = ${loss}`,
    lineNote:
      "没有激活函数时，两层合成一条直线 y = (W₂W₁)x + (W₂b₁ + b₂)：这里任何直线最好也只能做到 MSE 0.0201。",
    sweep: "最终损失 vs. 隐藏神经元数",
    sweepRun: "开始对比",
    budget: "每种规模训练步数",
    sweepProgress: (h, s, total) => `正在训练 ${h} 个隐藏神经元：第 ${s} / ${total} 步`,
    sweepDone: "完成",
    trained: "从随机权重训练",
    ideal: "N 个凸起、高度已拟合（手搭，2N 个神经元）",
    sweepSummary: (rows) =>
      rows ? `训练后各隐藏神经元数的最终 MSE：${rows}。` : "按“开始对比”逐个规模训练。",
    xHidden: "隐藏神经元数",
    stopped: "训练已停止：",
  },
};

export interface TowersStrings {
  how: string;
  target: string;
  output: string;
  targetAlt: (lo: string, hi: string) => string;
  outputAlt: (g: number, dev: string, steps: number) => string;
  heights: string;
  tower: (i: number, j: number) => string;
  fit: string;
  zero: string;
  train: string;
  deviation: string;
  trainedNote: string;
  /** The MSE training minimizes, on its `points` samples of the plane. */
  loss: (steps: number, loss: string, points: number) => string;
  steepness: string;
  error: string;
}

export const TOWERS: Texts<TowersStrings> = {
  en: {
    how:
      "Each slider is the height of one tower, laid out like the map (top row = largest y). Compare the network's output with the target.",
    target: "target surface",
    output: "network output",
    targetAlt: (lo, hi) =>
      `Heat map of the target surface over x and y from 0 to 1: a hill near x = 0.3, y = 0.65 on a slope rising towards x = y = 1; values from ${lo} to ${hi}.`,
    outputAlt: (g, dev, steps) =>
      `Heat map of the network's output over x and y from 0 to 1: ${g}×${g} towers${
        steps ? ` after ${steps} training steps` : ""
      }; average deviation from the target ${dev}.`,
    heights: "Tower heights",
    tower: (i, j) => `tower at column ${i}, row ${j} from the bottom`,
    fit: "Fit heights for me",
    zero: "All heights to 0",
    train: "Train all weights",
    deviation: "average deviation over the whole map",
    trainedNote: "The network was trained: moving a slider goes back to the hand-built towers.",
    loss: (steps, loss, points) => `step ${steps}: MSE on the ${points} training points = ${loss}`,
    steepness: "steepness w",
    error: "Training stopped:",
  },
  zh: {
    how:
      "每个滑块是一座塔的高度，排布方式与热力图相同（最上一行 y 最大）。对比网络输出与目标曲面。",
    target: "目标曲面",
    output: "网络输出",
    targetAlt: (lo, hi) =>
      `目标曲面的热力图，x、y 都从 0 到 1：在 x = 0.3、y = 0.65 附近有一座小山，整体向 x = y = 1 方向升高；取值从 ${lo} 到 ${hi}。`,
    outputAlt: (g, dev, steps) =>
      `网络输出的热力图，x、y 都从 0 到 1：${g}×${g} 座塔${
        steps ? `，已训练 ${steps} 步` : ""
      }；与目标的平均偏差 ${dev}。`,
    heights: "塔的高度",
    tower: (i, j) => `第 ${i} 列、自下而上第 ${j} 行的塔`,
    fit: "帮我拟合高度",
    zero: "高度全部归零",
    train: "训练全部权重",
    deviation: "整张图上的平均偏差",
    trainedNote: "网络已经训练过：拖动任一滑块会回到手搭的塔。",
    loss: (steps, loss, points) => `第 ${steps} 步：${points} 个训练点上的 MSE = ${loss}`,
    steepness: "陡峭度 w",
    error: "训练已停止：",
  },
};

/** Lesson 2's terms in Chinese. */
export const ZH_TERMS: ZhTerm[] = [
  { en: "builder (BumpBuilder)", zh: "构建器", rejected: ["构造器"] },
  { en: "steepness", zh: "陡峭度", rejected: ["陡度"] },
];
