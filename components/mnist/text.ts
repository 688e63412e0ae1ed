/**
 * Lesson 4's words (MNIST), per language, for its islands: MnistTrainer, DrawDigit,
 * NormalizeStats and DigitGrid. Shared words (Train, Pause, Stop) are `SHARED`
 * (components/lib/text.ts). The lesson's prose lives in lessons/<lang>/mnist.mdx.
 */
import type { Texts } from "../lib/lang.ts";
import type { Preprocessed } from "./preprocess.ts";
import { fmt } from "../lib/format.ts";

const mnistTrainerEn = {
  model: "Model",
  mlp: "MLP",
  cnn: "CNN",
  hidden: "Hidden layers",
  loss: "Loss",
  crossEntropy: "cross-entropy (log_softmax + NLL)",
  mse: "MSE on one-hot targets",
  optimizer: "Optimizer",
  epochs: "Epochs",
  batch: "Batch size",
  lr: "Learning rate",
  shift: "Shift augmentation",
  decay: (d: number) => `× ${d} after each epoch`,
  shiftPx: (n: number) => (n ? `±${n} px` : "none"),
  params: (n: string, parts: string) => `${n} parameters (${parts})`,
  resume: "Resume",
  save: "Save weights",
  load: "Load weights",
  loading: "Loading the digits and the engine…",
  progress: "Training progress",
  epochOf: (e: number, n: number) => `epoch ${e} of ${n}`,
  step: "step",
  trainLossAvg: "training loss (running average of batches)",
  /** The charts' legend (the y axis names the quantity). */
  trainSeries: "training (running average)",
  valSeries: "validation",
  valAcc: "validation accuracy",
  testAcc: "test accuracy (once, at the end)",
  perEpoch: "time per epoch",
  epochAxis: "epoch",
  lossAxis: "loss",
  accAxis: "accuracy (%)",
  lossSummary: (tl: string, vl: string, e: string) =>
    `Loss after ${e} epochs: training ${tl}, validation ${vl}.`,
  accSummary: (ta: string, va: string, e: string) =>
    `Accuracy after ${e} epochs: training ${ta}, validation ${va}.`,
  notYet: "not trained yet",
  chartsLater: "The loss and accuracy curves appear here once training starts.",
  confusion: "Confusion matrix on the 1,000 validation digits",
  trueDigit: "true ↓ / predicted →",
  wrong: (n: number, shown: number) =>
    `Misclassified validation digits: ${n} in all${
      n > shown ? `, the first ${shown} shown` : ""
    } (true → predicted)`,
  wrongAlt: (list: string) => `Misclassified digits, true → predicted: ${list}`,
  noWrong: "No validation digit is misclassified.",
  diverged: (lr: number, step: string) =>
    `The loss became NaN or infinite (${step}): training diverged. Lower the learning rate (now ${lr}) and press Train again.`,
  loadedAcc: (name: string, acc: string) =>
    `Loaded ${name} from the file: ${acc} of the 1,000 validation digits classified right. The drawing below now uses it.`,
  done: (acc: string) => `Finished: ${acc} of the validation digits classified right.`,
  stopped: "Stopped.",
  accNote:
    "Why training accuracy sits below validation accuracy: it is a running average over the batches of the epoch, measured on shifted (augmented) digits while the weights were still changing; validation accuracy is measured afterwards, on unshifted digits, with the latest weights.",
};
export type MnistTrainerStrings = typeof mnistTrainerEn;
export const MNIST_TRAINER: Texts<MnistTrainerStrings> = {
  en: mnistTrainerEn,
  zh: {
    model: "模型",
    mlp: "MLP",
    cnn: "CNN",
    hidden: "隐藏层",
    loss: "损失",
    crossEntropy: "交叉熵（log_softmax + NLL）",
    mse: "MSE + one-hot 目标",
    optimizer: "优化器",
    epochs: "轮次",
    batch: "批大小",
    lr: "学习率",
    shift: "平移增强",
    decay: (d: number) => `每轮之后 × ${d}`,
    shiftPx: (n: number) => (n ? `±${n} 像素` : "无"),
    params: (n: string, parts: string) => `${n} 个参数（${parts}）`,
    resume: "继续",
    save: "保存权重",
    load: "载入权重",
    loading: "正在加载数字和引擎…",
    progress: "训练进度",
    epochOf: (e: number, n: number) => `第 ${e} 轮，共 ${n} 轮`,
    step: "步数",
    trainLossAvg: "训练损失（各批次的滑动平均）",
    trainSeries: "训练（滑动平均）",
    valSeries: "验证",
    valAcc: "验证准确率",
    testAcc: "测试准确率（结束时测一次）",
    perEpoch: "每轮耗时",
    epochAxis: "轮次",
    lossAxis: "损失",
    accAxis: "准确率（%）",
    lossSummary: (tl: string, vl: string, e: string) =>
      `训练 ${e} 轮后的损失：训练 ${tl}，验证 ${vl}。`,
    accSummary: (ta: string, va: string, e: string) =>
      `训练 ${e} 轮后的准确率：训练 ${ta}，验证 ${va}。`,
    notYet: "尚未训练",
    chartsLater: "开始训练后，这里会画出损失和准确率曲线。",
    confusion: "1,000 张验证数字上的混淆矩阵",
    trueDigit: "真实 ↓ / 预测 →",
    wrong: (n: number, shown: number) =>
      `被分错的验证数字：共 ${n} 张${n > shown ? `，显示前 ${shown} 张` : ""}（真实 → 预测）`,
    wrongAlt: (list: string) => `被分错的数字，真实 → 预测：${list}`,
    noWrong: "没有分错的验证数字。",
    diverged: (lr: number, step: string) =>
      `损失变成了 NaN 或无穷大（${step}）：训练发散了。请调低学习率（现在是 ${lr}），再按“训练”。`,
    loadedAcc: (name: string, acc: string) =>
      `已从文件载入 ${name}：1,000 张验证数字中分对了 ${acc}。下面的画板现在用它来识别。`,
    done: (acc: string) => `训练完成：验证数字的准确率为 ${acc}。`,
    stopped: "已停止。",
    accNote:
      "为什么训练准确率低于验证准确率：它是本轮各批次的滑动平均，是在平移过（增强）的数字上、权重还在变化时测的；验证准确率则是之后用最新的权重在没有平移的数字上测的。",
  },
};

const drawDigitEn = {
  pad: "Drawing pad: draw a digit with the mouse, a pen or a finger",
  clear: "Clear",
  // (a word joiner after the dash: "0–" and "999" stay on one line)
  pick: (max: number) => `Or pick validation digit number (0–\u2060${max})`,
  show: "Use this digit",
  preview: "As the network sees it (28 × 28)",
  previewAlt: (p: Preprocessed) =>
    `Your digit after preprocessing: ink box ${p.box.x1 - p.box.x0}×${
      p.box.y1 - p.box.y0
    } px scaled to ${p.scaled.width}×${p.scaled.height}, centre of mass at (${
      fmt(p.center.x, 1)
    }, ${fmt(p.center.y, 1)}) in the 28×28 frame`,
  empty: "Nothing drawn yet.",
  probs: "Class probabilities",
  guess: (d: number, p: string) => `The network says ${d} (${p}).`,
  truth: (d: number) => `The label of this validation digit is ${d}.`,
  noModel:
    "No trained model yet: train one above, load a weights file there, or train a quick one here.",
  quick: "Train a quick model (MLP, 1 epoch)",
  training: (s: number, n: number) => `Training: step ${s} of ${n}…`,
  model: (name: string) => `Model: ${name}`,
  sep: ". ",
  space: " ",
};
export type DrawDigitStrings = typeof drawDigitEn;
export const DRAW_DIGIT: Texts<DrawDigitStrings> = {
  en: drawDigitEn,
  zh: {
    pad: "画板：用鼠标、触控笔或手指画一个数字",
    clear: "清除",
    pick: (max: number) => `或者选一张验证数字，编号（0–\u2060${max}）`,
    show: "用这张数字",
    preview: "网络看到的样子（28 × 28）",
    previewAlt: (p: Preprocessed) =>
      `预处理后的数字：墨迹范围 ${p.box.x1 - p.box.x0}×${
        p.box.y1 - p.box.y0
      } 像素，缩放为 ${p.scaled.width}×${p.scaled.height}，质心位于 28×28 画幅中的 (${
        fmt(p.center.x, 1)
      }, ${fmt(p.center.y, 1)})`,
    empty: "还没有画任何东西。",
    probs: "各类别的概率",
    guess: (d: number, p: string) => `网络认为是 ${d}（${p}）。`,
    truth: (d: number) => `这张验证数字的标签是 ${d}。`,
    noModel: "还没有训练好的模型：在上面训练一个、在上面载入权重文件，或者在这里快速训练一个。",
    quick: "快速训练一个模型（MLP，1 轮）",
    training: (s: number, n: number) => `训练中：第 ${s} 步，共 ${n} 步…`,
    model: (name: string) => `模型：${name}`,
    sep: "。",
    space: "",
  },
};

const normalizeStatsEn = {
  compute: "Compute μ and σ",
  source: "pixels",
  mean: "mean μ",
  std: "std σ",
  ours: "this site's 8,000 training digits",
  torch: "PyTorch (all 60,000 MNIST training digits)",
  after: (mean: string, std: string) => `ours after normalizing with our ${mean} / ${std}`,
  lr: "SGD learning rate",
  steps: "Steps",
  train: "Train both",
  raw: "pixels in [0, 1]",
  norm: "normalized",
  stepAxis: "step",
  lossAxis: "training loss",
  summary: (s: number, a: string, b: string) =>
    `After ${s} steps: loss ${a} on pixels in [0, 1], ${b} normalized.`,
  notYet: "Not trained yet.",
  result: (a: string, b: string) =>
    `Validation accuracy: ${a} on pixels in [0, 1], ${b} normalized.`,
  diverged: (lr: number) =>
    `A run diverged (the loss became NaN): lower the learning rate (now ${lr}) and train again.`,
  loading: "Loading the digits…",
};
export type NormalizeStatsStrings = typeof normalizeStatsEn;
export const NORMALIZE_STATS: Texts<NormalizeStatsStrings> = {
  en: normalizeStatsEn,
  zh: {
    compute: "计算 μ 和 σ",
    source: "像素",
    mean: "均值 μ",
    std: "标准差 σ",
    ours: "本站 8,000 张训练数字",
    torch: "PyTorch（MNIST 全部 60,000 张训练数字）",
    after: (mean: string, std: string) => `本站数字用自己的 ${mean} / ${std} 标准化之后`,
    lr: "SGD 学习率",
    steps: "步数",
    train: "两个都训练",
    raw: "像素在 [0, 1]",
    norm: "标准化后",
    stepAxis: "步数",
    lossAxis: "训练损失",
    summary: (s: number, a: string, b: string) =>
      `训练 ${s} 步后：像素在 [0, 1] 时损失为 ${a}，标准化后为 ${b}。`,
    notYet: "尚未训练。",
    result: (a: string, b: string) => `验证准确率：像素在 [0, 1] 时为 ${a}，标准化后为 ${b}。`,
    diverged: (lr: number) =>
      `有一次训练发散了（损失变成 NaN）：请调低学习率（现在是 ${lr}）再训练。`,
    loading: "正在加载数字…",
  },
};

const digitGridEn = {
  split: "Split",
  train: "training (8,000)",
  val: "validation (1,000)",
  digit: "Show",
  all: "all digits",
  only: (d: number) => `only ${d}s`,
  labels: "Show labels",
  prev: "Previous page",
  next: "Next page",
  page: (from: number, to: number, of: number) => `digits ${from}–${to} of ${of}`,
  loading: "Loading the digits (7.9 MB)…",
  failed: (m: string) => `Could not load the digits: ${m}`,
  setName: { train: "training", val: "validation" },
  alt: (n: number, set: string, labels: string) =>
    `${n} ${set} digits, white ink on black. Their labels, row by row: ${labels}`,
  countsCaption: (set: string, n: number) => `How many ${set} digits each class has (${n} in all)`,
  digitCol: "digit",
  countCol: "count",
  shareCol: "share",
  balance: (most: string, least: string) =>
    `Most common: ${most}. Least common: ${least}. Close to balanced, not exactly.`,
};
export type DigitGridStrings = typeof digitGridEn;
export const DIGIT_GRID: Texts<DigitGridStrings> = {
  en: digitGridEn,
  zh: {
    split: "数据集",
    train: "训练集（8,000）",
    val: "验证集（1,000）",
    digit: "显示",
    all: "全部数字",
    only: (d: number) => `只看 ${d}`,
    labels: "显示标签",
    prev: "上一页",
    next: "下一页",
    page: (from: number, to: number, of: number) => `第 ${from}–${to} 张，共 ${of} 张`,
    loading: "正在加载数字（7.9 MB）…",
    failed: (m: string) => `数字加载失败：${m}`,
    setName: { train: "训练集", val: "验证集" },
    alt: (n: number, set: string, labels: string) =>
      `${set}里的 ${n} 个数字，黑底白字。它们的标签（逐行）：${labels}`,
    countsCaption: (set: string, n: number) => `${set}里每个类别有多少张（共 ${n} 张）`,
    digitCol: "数字",
    countCol: "数量",
    shareCol: "占比",
    balance: (most: string, least: string) =>
      `最多的是 ${most}，最少的是 ${least}。接近均衡，但并不完全相等。`,
  },
};

/** InsideMlp and InsideCnn: the trained network opened up. */
const insideEn = {
  digitFrom: "Digit",
  valPick: "validation digit",
  valIndex: (max: number) => `Validation digit number (0–${max})`,
  valLabel: (d: number) => `its label: ${d}`,
  valDigit: (i: number) => `validation digit ${i}`,
  drawnDigit: "the digit drawn above",
  drawnPick: "the digit drawn above",
  drawnNone: "the digit drawn above (draw one first)",
  needMlp:
    "Train the quick model in “Draw your own digit” above (or an MLP in the trainer): its weights appear here.",
  needCnn: (steps: number) =>
    `Train a quick CNN here (one pass over 2,000 training digits, ${steps} steps), or train the CNN in the trainer above.`,
  quickCnn: "Train a quick CNN",
  training: (s: number, n: number) => `Training… step ${s} of ${n}`,
  following: (name: string, epochs: string) =>
    `Following ${name} as it trains: these are its weights after ${epochs} epochs (they change at its evaluations).`,
  weightsTitle: (n: number) => `The ${n} hidden units' input weights, each as a 28 × 28 image`,
  scale: (s: string) =>
    `Colour scale, shared by all images: blue −${s}, white 0, orange +${s}. Orange pixels push the unit's activation up when inked, blue ones push it down.`,
  gridAlt: (n: number, s: string) =>
    `${n} weight images of the first layer, one per hidden unit, on a shared scale of ±${s}. Choose a unit to see it larger.`,
  unitButton: (j: number) => `Unit ${j}`,
  unitTitle: (j: number) => `Unit ${j}`,
  unitAlt: (j: number, labels: string, lo: string, hi: string) =>
    `Unit ${j}'s weights range from ${lo} to ${hi}. It is most excited by training digits labelled ${labels}.`,
  topTitle: "Training digits that excite it most",
  topAlt: (labels: string) => `The most exciting training digits, labels in order: ${labels}`,
  averageTitle: "Their average",
  averageAlt: (labels: string) => `The average of the training digits labelled ${labels}`,
  weightTitle: "Its weights",
  forwardTitle: "Your digit, through the network",
  inputTitle: "Input after preprocessing",
  inputAlt: (what: string) => `The input: ${what}, after normalization.`,
  hiddenTitle: (n: number, on: number) =>
    `Hidden activations, sorted (${on} of ${n} units are above zero)`,
  hiddenAlt: (list: string) => `The largest hidden activations: ${list}`,
  contribTitle: (c: number) => `What adds up to the score of class ${c}`,
  unit: "unit",
  activation: "activation",
  weight: "weight to the class",
  contribution: "activation × weight",
  others: (n: number) => `the other ${n} units`,
  bias: "bias",
  total: "class score",
  probsTitle: "Probabilities (softmax of the ten scores)",
  prediction: (c: number, p: string) => `The network says ${c} (${p}).`,
  filtersTitle: (n: number, k: number) => `The first layer's ${n} filters (${k} × ${k})`,
  filtersAlt: (n: number, s: string) =>
    `${n} filters of 3 × 3 weights on a shared scale of ±${s}: orange weights add the pixel under them, blue ones subtract it.`,
  mapsTitle: "Feature maps for this digit",
  mapName: (name: string) =>
    ({
      "conv1+relu": "after conv 1 + ReLU",
      pool1: "after pool 1",
      "conv2+relu": "after conv 2 + ReLU",
      pool2: "after pool 2",
    })[name] ?? name,
  mapAlt: (name: string, shape: string, strongest: string) =>
    `Feature maps ${name}, ${shape} (height × width × channels); strongest channels: ${strongest}.`,
  mapsNote:
    "Each small square is one channel, white where it is most active (each map its own scale).",
  drivesTitle: (c: number) => `Which channels of the last map drive the prediction ${c}`,
  drives: (ch: number, v: string) => `channel ${ch}: the score drops by ${v} without it`,
  rfTitle: "Receptive field",
  rfRow: "row",
  rfCol: "column",
  rfText: (r: number, c: number, top: number, left: number, size: number) =>
    `Unit (${r}, ${c}) of the second convolution sees input rows ${top}–${
      top + size - 1
    }, columns ${left}–${left + size - 1}: ${size} × ${size} pixels (outlined).`,
  renderMs: (ms: string) => `drawn in ${ms} ms`,
};
export type InsideStrings = typeof insideEn;
export const INSIDE: Texts<InsideStrings> = {
  en: insideEn,
  zh: {
    digitFrom: "数字",
    valPick: "验证集数字",
    valIndex: (max: number) => `验证集数字编号（0–${max}）`,
    valLabel: (d: number) => `它的标签：${d}`,
    valDigit: (i: number) => `验证集第 ${i} 个数字`,
    drawnDigit: "上面画的数字",
    drawnPick: "上面画的数字",
    drawnNone: "上面画的数字（请先画一个）",
    needMlp:
      "先在上面“画一个你自己的数字”里训练快速模型（或在训练器里训练一个 MLP），它的权重会显示在这里。",
    needCnn: (steps: number) =>
      `在这里训练一个快速 CNN（在 2,000 个训练数字上过一遍，${steps} 步），或在上面的训练器里训练 CNN。`,
    quickCnn: "训练快速 CNN",
    training: (s: number, n: number) => `训练中……第 ${s} / ${n} 步`,
    following: (name: string, epochs: string) =>
      `正在跟随训练中的 ${name}：这是它训练了 ${epochs} 轮之后的权重（每次验证时更新）。`,
    weightsTitle: (n: number) => `${n} 个隐藏单元的输入权重，每个画成一张 28 × 28 的图`,
    scale: (s: string) =>
      `颜色刻度（所有图共用）：蓝色 −${s}，白色 0，橙色 +${s}。有墨水时，橙色像素让该单元的激活变大，蓝色像素让它变小。`,
    gridAlt: (n: number, s: string) =>
      `第一层的 ${n} 张权重图，每个隐藏单元一张，共用刻度 ±${s}。选择一个单元可放大查看。`,
    unitButton: (j: number) => `单元 ${j}`,
    unitTitle: (j: number) => `单元 ${j}`,
    unitAlt: (j: number, labels: string, lo: string, hi: string) =>
      `单元 ${j} 的权重从 ${lo} 到 ${hi}。最能激发它的训练数字的标签是 ${labels}。`,
    topTitle: "最能激发它的训练数字",
    topAlt: (labels: string) => `最能激发它的训练数字，标签依次为：${labels}`,
    averageTitle: "它们的平均",
    averageAlt: (labels: string) => `标签为 ${labels} 的训练数字的平均图像`,
    weightTitle: "它的权重",
    forwardTitle: "你的数字，穿过网络",
    inputTitle: "预处理后的输入",
    inputAlt: (what: string) => `输入：${what}，标准化之后。`,
    hiddenTitle: (n: number, on: number) => `隐藏层激活，已排序（${n} 个单元中有 ${on} 个大于零）`,
    hiddenAlt: (list: string) => `最大的隐藏层激活：${list}`,
    contribTitle: (c: number) => `类别 ${c} 的分数由哪些部分相加而成`,
    unit: "单元",
    activation: "激活",
    weight: "到该类别的权重",
    contribution: "激活 × 权重",
    others: (n: number) => `其余 ${n} 个单元`,
    bias: "偏置",
    total: "类别分数",
    probsTitle: "概率（十个分数的 softmax）",
    prediction: (c: number, p: string) => `网络认为是 ${c}（${p}）。`,
    filtersTitle: (n: number, k: number) => `第一层的 ${n} 个滤波器（${k} × ${k}）`,
    filtersAlt: (n: number, s: string) =>
      `${n} 个 3 × 3 滤波器，共用刻度 ±${s}：橙色权重加上其下方的像素，蓝色权重减去它。`,
    mapsTitle: "这个数字的特征图",
    mapName: (name: string) =>
      ({
        "conv1+relu": "卷积 1 + ReLU 之后",
        pool1: "池化 1 之后",
        "conv2+relu": "卷积 2 + ReLU 之后",
        pool2: "池化 2 之后",
      })[name] ?? name,
    mapAlt: (name: string, shape: string, strongest: string) =>
      `特征图（${name}），${shape}（高 × 宽 × 通道）；最强的通道：${strongest}。`,
    mapsNote: "每个小方块是一个通道，越白越活跃（每层各用自己的刻度）。",
    drivesTitle: (c: number) => `最后一层特征图中哪些通道推动了预测 ${c}`,
    drives: (ch: number, v: string) => `通道 ${ch}：去掉它，分数下降 ${v}`,
    rfTitle: "感受野",
    rfRow: "行",
    rfCol: "列",
    rfText: (r: number, c: number, top: number, left: number, size: number) =>
      `第二个卷积层的单元 (${r}, ${c}) 看到输入的第 ${top}–${top + size - 1} 行、第 ${left}–${
        left + size - 1
      } 列：${size} × ${size} 个像素（已框出）。`,
    renderMs: (ms: string) => `绘制用时 ${ms} 毫秒`,
  },
};

/** EqualParams: the CNN against an MLP of about its size, trained in the page. */
const equalEn = {
  seed: "Seed",
  trainBoth: "Train both",
  caption: (seed: number) =>
    `One epoch on the 8,000 training digits, the CNN's settings, seed ${seed} for both`,
  model: "model",
  params: (n: string) => `${n} parameters`,
  accuracy: "validation accuracy",
  stepsOf: (name: string, s: number, n: number) => `${name}: step ${s} of ${n}`,
  idle:
    "Choose a seed and train both: each model gets its first weights, its batches and its shifts from that seed.",
  running: "Training both models at once, taking turns in the page's worker…",
  stopped:
    "Stopped before the end of the epoch: no accuracy to compare. Train both again to start over.",
  failed: "Training stopped with an error before the end of the epoch.",
  verdict: (gap: number, d: string) =>
    gap > 0
      ? `The CNN is ahead by ${d} points with about the same number of parameters.`
      : gap < 0
      ? `This time the MLP is ahead, by ${d} points.`
      : "A tie: both scored the same.",
};
export type EqualParamsStrings = typeof equalEn;
export const EQUAL_PARAMS: Texts<EqualParamsStrings> = {
  en: equalEn,
  zh: {
    seed: "随机种子",
    trainBoth: "两个都训练",
    caption: (seed: number) =>
      `在 8,000 个训练数字上训练一轮，使用 CNN 的设置，两者的种子都是 ${seed}`,
    model: "模型",
    params: (n: string) => `${n} 个参数`,
    accuracy: "验证集准确率",
    stepsOf: (name: string, s: number, n: number) => `${name}：第 ${s} / ${n} 步`,
    idle: "选一个种子，然后训练两个模型：它们的初始权重、批次顺序和平移都由这个种子决定。",
    running: "两个模型正在页面的 worker 里轮流训练……",
    stopped: "在这一轮结束前停止了：没有可比较的准确率。再点“两个都训练”重新开始。",
    failed: "训练在这一轮结束前因出错而停止。",
    verdict: (gap: number, d: string) =>
      gap > 0
        ? `参数量差不多，CNN 领先 ${d} 个百分点。`
        : gap < 0
        ? `这一次 MLP 领先，高出 ${d} 个百分点。`
        : "打平：两者得分相同。",
  },
};

export interface MyDigitsStrings {
  figure: string;
  pad: string;
  saveAs: string;
  save: (d: number) => string;
  clearPad: string;
  drawFirst: string;
  full: (max: number) => string;
  /** The saved digits could not be read: a copy is kept under `key`, and the list starts empty. */
  storedSetAside: (key: string) => string;
  gallery: (n: number, labels: string) => string;
  galleryEmpty: string;
  count: (n: number, max: number) => string;
  removeLast: string;
  removeAll: string;
  exportIdx: string;
  noModel: string;
  model: (name: string) => string;
  evaluate: string;
  finetune: (steps: number) => string;
  working: string;
  finetuning: (s: number, n: number, acc: string) => string;
  results: string;
  colSet: string;
  colBefore: string;
  colAfter: string;
  mine: (n: number) => string;
  val: string;
  confusions: string;
  noConfusions: string;
  confusion: (label: number, predicted: number, n: number) => string;
  help: (mine: number, shipped: number, lr: number) => string;
}

export const MY_DIGITS: Texts<MyDigitsStrings> = {
  en: {
    figure: "My digits: teach the model your handwriting",
    pad: "Drawing pad for your digits: draw one with the mouse, a pen or a finger",
    saveAs: "Save the drawing as",
    save: (d) => `Save as ${d}`,
    clearPad: "Clear the pad",
    drawFirst: "Draw a digit on the pad first.",
    full: (max) => `You have ${max} digits, the most kept: remove some to add more.`,
    storedSetAside: (key) =>
      `Your saved digits could not be read, so the gallery starts empty. What was saved is ` +
      `kept in this browser's storage under "${key}".`,
    gallery: (n, labels) => `Your ${n} digits; their labels in order: ${labels}`,
    galleryEmpty: "No digits yet: draw one and save it with its label.",
    count: (n, max) => `${n} of at most ${max} digits (kept in this browser)`,
    removeLast: "Remove the last",
    removeAll: "Remove all",
    exportIdx: "Export as IDX files",
    noModel:
      "No trained model yet: train one or load a weights file in the trainer above, or train a quick one at “draw your own digit”.",
    model: (name) => `Model: ${name} (the one trained or loaded above).`,
    evaluate: "Evaluate on my digits",
    finetune: (steps) => `Fine-tune (${steps} steps)`,
    working: "Working…",
    finetuning: (s, n, acc) => `Fine-tuning: step ${s} of ${n}; on your digits now ${acc}.`,
    results: "Accuracy before and after fine-tuning",
    colSet: "digits",
    colBefore: "before",
    colAfter: "after",
    mine: (n) => `your ${n} digits`,
    val: "the 1,000 validation digits",
    confusions: "Mistakes on your digits (label → model's answer)",
    noConfusions: "No mistakes on your digits.",
    confusion: (l, p, n) => `${l} → ${p}${n > 1 ? ` (${n}×)` : ""}`,
    help: (m, s, lr) =>
      `Each fine-tuning step trains on ${m} of your digits and ${s} of the shipped training digits, with Adam at learning rate ${lr}; it changes a copy of the model in this figure only.`,
  },
  zh: {
    figure: "我的数字：让模型学会你的笔迹",
    pad: "画你自己的数字：用鼠标、触控笔或手指画一个",
    saveAs: "把画好的数字保存为",
    save: (d) => `保存为 ${d}`,
    clearPad: "清空画板",
    drawFirst: "请先在画板上画一个数字。",
    full: (max) => `已经有 ${max} 个数字，这是上限：删掉一些才能再加。`,
    storedSetAside: (key) =>
      `无法读取你保存的数字，所以图库从空开始。原来保存的内容另存在本浏览器存储的“${key}”中。`,
    gallery: (n, labels) => `你的 ${n} 个数字，依次的标签：${labels}`,
    galleryEmpty: "还没有数字：画一个，再按它的标签保存。",
    count: (n, max) => `${n} 个数字（最多 ${max} 个，保存在这个浏览器里）`,
    removeLast: "删掉最后一个",
    removeAll: "全部删除",
    exportIdx: "导出为 IDX 文件",
    noModel:
      "还没有训练好的模型：在上面的训练器里训练一个或载入权重文件，或者在“画你自己的数字”处快速训练一个。",
    model: (name) => `模型：${name}（上面训练或载入的那个）。`,
    evaluate: "在我的数字上评估",
    finetune: (steps) => `微调（${steps} 步）`,
    working: "处理中…",
    finetuning: (s, n, acc) => `微调中：第 ${s} 步，共 ${n} 步；你的数字上现在是 ${acc}。`,
    results: "微调前后的准确率",
    colSet: "数字",
    colBefore: "之前",
    colAfter: "之后",
    mine: (n) => `你的 ${n} 个数字`,
    val: "1,000 张验证数字",
    confusions: "你的数字上的错误（标签 → 模型的回答）",
    noConfusions: "你的数字全部判对。",
    confusion: (l, p, n) => `${l} → ${p}${n > 1 ? `（${n} 次）` : ""}`,
    help: (m, s, lr) =>
      `每一步微调用你的 ${m} 个数字和 ${s} 个自带的训练数字，Adam，学习率 ${lr}；它只改动这个图里的一份模型副本。`,
  },
};
