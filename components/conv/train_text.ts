/**
 * The words of lesson 6's second half (ConvTrainer, ConvOverview), in every language. The first
 * half's islands have theirs in `text.ts`.
 */
import type { Texts } from "../lib/lang.ts";

export interface ConvTrainStrings {
  how: string;
  digit: string;
  digitOf: (label: number) => string;
  steps: (n: number) => string;
  loss: string;
  lossSummary: (steps: number, loss: string) => string;
  stepAxis: string;
  filtersTitle: (c: number) => string;
  filtersAlt: (c: number, scale: string, change: string) => string;
  filterScale: (scale: string, change: string) => string;
  mapsTitle: (label: number) => string;
  mapsAlt: (c: number, label: number, strongest: string) => string;
  mapsNote: string;
  // The overview.
  overviewHow: string;
  untrained: string;
  following: (steps: number) => string;
  layerName: (name: string) => string;
  layerAlt: (name: string, shape: string) => string;
  channel: (name: string, c: number, max: string) => string;
  unit: (name: string, k: number, v: string) => string;
  prediction: (winner: number, p: string, label: number) => string;
  kernelTitle: (c: number) => string;
  kernelNote: (c: number, bias: string) => string;
  /** The button that sends the filter to the first figure, to slide it by hand. */
  slideByHand: string;
  kernelNone: string;
  kernelCell: (row: number, col: number, v: string) => string;
  error: string;
}

const LAYERS_EN: Record<string, string> = {
  input: "input",
  conv: "conv 3×3",
  relu: "ReLU",
  pool: "max-pool 2×2",
  logits: "linear (scores)",
  softmax: "softmax",
};

const LAYERS_ZH: Record<string, string> = {
  input: "输入",
  conv: "3×3 卷积",
  relu: "ReLU",
  pool: "2×2 最大池化",
  logits: "线性层（得分）",
  softmax: "softmax",
};

export const CONV_TRAIN: Texts<ConvTrainStrings> = {
  en: {
    how:
      "Play trains the network on batches of 32 training digits with Adam. Watch the 3×3 filters, which start as random noise, and the maps they make of one validation digit.",
    digit: "Validation digit (0–999)",
    digitOf: (label) => `a ${label}`,
    steps: (n) => `${n.toLocaleString("en")} steps`,
    loss: "loss",
    lossSummary: (steps, loss) =>
      steps === 0
        ? "The loss curve: no steps yet."
        : `The loss curve (a running average of the batch loss) over ${steps} steps; now ${loss}.`,
    stepAxis: "step",
    filtersTitle: (c) => `The ${c} first-layer filters`,
    filtersAlt: (c, scale, change) =>
      `${c} filters of 3×3 weights, orange positive and blue negative on one scale of ±${scale}; the largest change of a weight since the start is ${change}.`,
    filterScale: (scale, change) =>
      `Orange: positive, blue: negative, up to ±${scale}. Largest change since the start: ${change}.`,
    mapsTitle: (label) => `Their feature maps of the digit (a ${label}), after the ReLU`,
    mapsAlt: (c, label, strongest) =>
      `${c} feature maps of 26×26 of a ${label}, black 0 to white the largest value; the strongest channels: ${strongest}.`,
    mapsNote: "Black is 0; white is the largest value of all the maps.",
    overviewHow:
      "The network of the figure above, one layer per row. Each panel is one channel. Choose a panel of the conv, ReLU or pool rows to see its filter; the digit is chosen by its number among the 1,000 validation digits.",
    untrained:
      "These are the maps of the untrained network: press Play above, and this view follows the training.",
    following: (steps) =>
      `The weights after ${steps.toLocaleString("en")} steps of training above.`,
    layerName: (name) => LAYERS_EN[name] ?? name,
    layerAlt: (name, shape) => `${LAYERS_EN[name] ?? name}: ${shape}`,
    channel: (name, c, max) =>
      `${LAYERS_EN[name] ?? name}, channel ${c + 1}, largest value ${max}. Show its filter.`,
    unit: (name, k, v) => `${LAYERS_EN[name] ?? name}, digit ${k}: ${v}`,
    prediction: (winner, p, label) =>
      `The network says ${winner} with probability ${p}; the label is ${label}.`,
    kernelTitle: (c) => `Filter of channel ${c + 1}`,
    slideByHand: "Slide this filter by hand (in the first figure)",
    kernelNote: (c, bias) =>
      `Channel ${
        c + 1
      } of the conv row is this filter slid over the input, plus the bias ${bias}; the ReLU and pool rows' channel ${
        c + 1
      } come from it.`,
    kernelNone: "Choose a channel of the conv, ReLU or pool row to see its filter.",
    kernelCell: (row, col, v) => `row ${row + 1}, column ${col + 1}: ${v}`,
    error: "Stopped:",
  },
  zh: {
    how:
      "“播放”用 Adam 在每批 32 个训练数字上训练网络。看 3×3 的滤波器从随机噪声开始慢慢成形，以及它们对一个验证数字算出的特征图。",
    digit: "验证集数字（0–999）",
    digitOf: (label) => `一个 ${label}`,
    steps: (n) => `${n} 步`,
    loss: "损失",
    lossSummary: (steps, loss) =>
      steps === 0
        ? "损失曲线：还没有训练。"
        : `损失曲线（批次损失的滑动平均），共 ${steps} 步；当前 ${loss}。`,
    stepAxis: "步数",
    filtersTitle: (c) => `第一层的 ${c} 个滤波器`,
    filtersAlt: (c, scale, change) =>
      `${c} 个 3×3 权重的滤波器，橙色为正、蓝色为负，共用 ±${scale} 的色阶；与开始时相比，权重最大变化了 ${change}。`,
    filterScale: (scale, change) =>
      `橙色为正，蓝色为负，最大到 ±${scale}。与开始时相比的最大变化：${change}。`,
    mapsTitle: (label) => `它们对这个数字（${label}）算出的特征图，经过 ReLU 之后`,
    mapsAlt: (c, label, strongest) =>
      `数字 ${label} 的 ${c} 张 26×26 特征图，黑色为 0，白色为最大值；最强的通道：${strongest}。`,
    mapsNote: "黑色为 0，白色为所有特征图中的最大值。",
    overviewHow:
      "这是上图里的网络，每层一行，每个小图是一个通道。点选卷积、ReLU 或池化行里的小图，可以看到它的滤波器；数字按编号从 1,000 个验证数字中选取。",
    untrained: "这是未训练网络的特征图：在上图按“播放”，这里会跟着训练更新。",
    following: (steps) => `上图训练了 ${steps} 步之后的权重。`,
    layerName: (name) => LAYERS_ZH[name] ?? name,
    layerAlt: (name, shape) => `${LAYERS_ZH[name] ?? name}：${shape}`,
    channel: (name, c, max) =>
      `${LAYERS_ZH[name] ?? name}，第 ${c + 1} 个通道，最大值 ${max}。显示它的滤波器。`,
    unit: (name, k, v) => `${LAYERS_ZH[name] ?? name}，数字 ${k}：${v}`,
    prediction: (winner, p, label) => `网络判断为 ${winner}，概率 ${p}；标签是 ${label}。`,
    kernelTitle: (c) => `第 ${c + 1} 个通道的滤波器`,
    slideByHand: "在第一个图里亲手滑动这个滤波器",
    kernelNote: (c, bias) =>
      `卷积行的第 ${
        c + 1
      } 个通道，就是这个滤波器在输入上滑动、再加上偏置 ${bias} 的结果；ReLU 行和池化行的第 ${
        c + 1
      } 个通道都由它而来。`,
    kernelNone: "点选卷积、ReLU 或池化行中的一个通道，查看它的滤波器。",
    kernelCell: (row, col, v) => `第 ${row + 1} 行第 ${col + 1} 列：${v}`,
    error: "已停止：",
  },
};
