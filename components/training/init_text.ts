/**
 * Lesson 7's words for the initialization figure (InitHistograms), per language. Shared words
 * (the backend line) are `SHARED` (components/lib/text.ts); the prose is in
 * lessons/<lang>/training.mdx.
 */
import type { Texts } from "../lib/lang.ts";
import type { InitScheme } from "./init_stats.ts";

const en = {
  schemes: {
    zeros: "all zeros",
    small: "too small: N(0, 0.01²)",
    large: "too large: N(0, 1)",
    xavier: "Xavier/Glorot",
    he: "He/Kaiming",
    custom: "yours: N(0, (gain/√n)²)",
  } as Record<InitScheme, string>,
  activation: "Nonlinearity",
  depth: "Hidden layers",
  gain: "Your gain",
  shown: "Histograms of",
  measure: "Measure step 0",
  train: (n: number) => `Train all six for ${n} steps`,
  loading: "Loading the digits and building six networks…",
  notYet: "Press “Measure step 0” to draw the histograms.",
  actRow: "activations hₗ",
  gradRow: "gradients ∂L/∂hₗ",
  layer: (l: number) => `layer ${l}`,
  std: "σ",
  histAlt: (kind: string, l: number, std: string, lo: string, hi: string) =>
    `Histogram of the ${kind} of layer ${l} over the axis ${lo} to ${hi}: standard deviation ${std}.`,
  actStdTitle: "Standard deviation σ of each layer's activations, as log₁₀ σ (−3 is 0.001)",
  gradStdTitle: "Standard deviation σ of each layer's gradient ∂L/∂hₗ, as log₁₀ σ",
  layerAxis: "hidden layer",
  stdAxis: "log₁₀ σ",
  stdSummary: (kind: string, parts: string) =>
    `Standard deviation of the ${kind} at the first and last hidden layer: ${parts}.`,
  actKind: "activations",
  gradKind: "gradients",
  zeroNote: "(all zero: no logarithm, so not drawn)",
  varTitle: (scheme: string) => `Var(zₗ) = n·σ_w²·E[h²ₗ₋₁], checked layer by layer (${scheme})`,
  varCols: ["layer", "n", "σ_w", "E[h²ₗ₋₁]", "predicted n·σ_w²·E[h²]", "measured Var(zₗ)", "ratio"],
  ratio: (r: string, depth: number) =>
    `Your init: Var(layer ${depth}) / Var(layer 1) = ${r} (the exercise asks for ½ to 2 with 20 layers).`,
  ratioNone:
    "Your init: measure step 0 to see the ratio of the last layer's variance to the first.",
  stepAxis: "step",
  lossAxis: "training loss (drawn at most 3)",
  lossSummary: (step: number, parts: string) => `Training loss at step ${step}: ${parts}.`,
  diverged: (scheme: string, step: number) => `${scheme}: the loss overflowed at step ${step}`,
  curvesLater: "The six loss curves appear here once training starts.",
};

type InitStrings = typeof en;

export const INIT_TEXT: Texts<InitStrings> = {
  en,
  zh: {
    schemes: {
      zeros: "全为零",
      small: "过小：N(0, 0.01²)",
      large: "过大：N(0, 1)",
      xavier: "Xavier/Glorot",
      he: "He/Kaiming",
      custom: "你的：N(0, (增益/√n)²)",
    },
    activation: "非线性函数",
    depth: "隐藏层数",
    gain: "你的增益",
    shown: "直方图显示",
    measure: "测量第 0 步",
    train: (n: number) => `六个网络各训练 ${n} 步`,
    loading: "正在加载数字并搭建六个网络…",
    notYet: "按“测量第 0 步”画出直方图。",
    actRow: "激活 hₗ",
    gradRow: "梯度 ∂L/∂hₗ",
    layer: (l: number) => `第 ${l} 层`,
    std: "σ",
    histAlt: (kind: string, l: number, std: string, lo: string, hi: string) =>
      `第 ${l} 层${kind}的直方图，横轴从 ${lo} 到 ${hi}：标准差 ${std}。`,
    actStdTitle: "每层激活的标准差 σ，以 log₁₀ σ 表示（−3 即 0.001）",
    gradStdTitle: "每层梯度 ∂L/∂hₗ 的标准差 σ，以 log₁₀ σ 表示",
    layerAxis: "隐藏层",
    stdAxis: "log₁₀ σ",
    stdSummary: (kind: string, parts: string) =>
      `第一层和最后一层隐藏层${kind}的标准差：${parts}。`,
    actKind: "激活",
    gradKind: "梯度",
    zeroNote: "（全为零，没有对数，所以不画）",
    varTitle: (scheme: string) => `逐层检验 Var(zₗ) = n·σ_w²·E[h²ₗ₋₁]（${scheme}）`,
    varCols: ["层", "n", "σ_w", "E[h²ₗ₋₁]", "预测 n·σ_w²·E[h²]", "实测 Var(zₗ)", "比值"],
    ratio: (r: string, depth: number) =>
      `你的初始化：Var(第 ${depth} 层) / Var(第 1 层) = ${r}（练习要求 20 层时落在 ½ 到 2 之间）。`,
    ratioNone: "你的初始化：先测量第 0 步，才能看到最后一层与第一层方差之比。",
    stepAxis: "步数",
    lossAxis: "训练损失（最多画到 3）",
    lossSummary: (step: number, parts: string) => `第 ${step} 步的训练损失：${parts}。`,
    diverged: (scheme: string, step: number) => `${scheme}：损失在第 ${step} 步溢出`,
    curvesLater: "开始训练后，这里会出现六条损失曲线。",
  },
};
