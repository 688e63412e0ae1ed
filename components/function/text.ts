/**
 * Lesson 1's words, per language, for its islands. (The lesson's prose lives in
 * lessons/<lang>/function.mdx.)
 */
import type { Texts, ZhTerm } from "../lib/lang.ts";
import { lineEquation } from "../lib/format.ts";
import type { DatasetName, RegressionName } from "./datasets.ts";
import type { Problem, Regularization } from "./playground_trainer.ts";
import { type CsvProblem, describeCsvProblem, MAX_CSV_CHARS, MAX_POINTS } from "./points.ts";

export interface PlaygroundStrings {
  figure: string;
  dataset: string;
  datasets: Record<DatasetName, string>;
  noise: string;
  split: string;
  layers: string;
  neurons: (i: number) => string;
  activation: string;
  optimizer: string;
  lr: string;
  batch: string;
  newData: string;
  seed: string;
  steps: string;
  epochs: string;
  trainLoss: string;
  testLoss: string;
  trainAcc: string;
  testAcc: string;
  map: string;
  mapIdle: string;
  mapLive: (blue: number, trainAcc: string, testAcc: string) => string;
  /** What the background shows (the markers are in the legend's items). */
  legend: string;
  legendTrain: string;
  legendTest: string;
  chartTitle: string;
  chartEmpty: string;
  chart: (steps: number, tr: string, te: string) => string;
  chartTitleOwn: string;
  chartOwn: (steps: number, tr: string) => string;
  xAxis: string;
  yAxis: string;
  x2: string;
  architecture: (h: number[], act: string, outputs: number) => string;
  /** The data source that is the reader's own points. */
  own: string;
  ownHelp: string;
  classes: string;
  className: (k: number) => string;
  newClass: string;
  addPoint: string;
  paint: string;
  undo: string;
  clear: string;
  exportCsv: string;
  importCsv: string;
  count: (n: number) => string;
  full: string;
  stage: (n: number, selected: string | null) => string;
  pointAt: (x1: string, x2: string, k: number) => string;
  csvError: (line: number, problem: CsvProblem) => string;
  imported: (n: number) => string;
  /** A link's points are shown; the reader's saved ones are kept (untouched) until they choose. */
  linkPoints: (shown: number, saved: number) => string;
  keepLink: string;
  backToSaved: (saved: number) => string;
  /** Another tab saved other points; this tab shows them now. */
  otherTab: (n: number) => string;
  /** The saved points could not be read: a copy is kept under `key`, and the list starts empty. */
  storedSetAside: (key: string) => string;
  mapOwn: (shares: number[], acc: string) => string;
  legendOwn: string;
}

export const PLAYGROUND: Texts<PlaygroundStrings> = {
  en: {
    figure: "Playground: train a small network to separate two classes of points",
    dataset: "dataset",
    datasets: {
      linear: "linear",
      circles: "circles",
      xor: "XOR",
      spiral: "spiral",
      blobs: "Gaussian blobs",
    },
    noise: "noise",
    split: "training points",
    layers: "hidden layers",
    neurons: (i: number) => `neurons in layer ${i}`,
    activation: "activation",
    optimizer: "optimizer",
    lr: "learning rate",
    batch: "batch size",
    newData: "New points",
    seed: "seed",
    steps: "steps",
    epochs: "epochs",
    trainLoss: "train loss",
    testLoss: "test loss",
    trainAcc: "train accuracy",
    testAcc: "test accuracy",
    map: "Decision map over x₁, x₂ from −3 to 3",
    mapIdle: "The heat map appears once the network is built: press Play or Step.",
    mapLive: (blue: number, trainAcc: string, testAcc: string) =>
      `The network calls ${blue}% of the plane blue; it classifies ${trainAcc} of the training ` +
      `points and ${testAcc} of the test points correctly.`,
    legend:
      "Background: blue where the network says blue, orange where it says orange, pale where it is unsure.",
    legendTrain: "filled: a training point (its colour is its class)",
    legendTest: "hollow: a test point, never trained on",
    chartTitle: "Train and test loss",
    chartEmpty: "No training yet.",
    chart: (steps: number, tr: string, te: string) =>
      `After ${steps} steps: train loss ${tr}, test loss ${te}.`,
    chartTitleOwn: "Loss on your points",
    chartOwn: (steps: number, tr: string) => `After ${steps} steps: loss ${tr} on your points.`,
    xAxis: "step",
    x2: "x₂",
    yAxis: "loss",
    architecture: (h: number[], act: string, outputs: number) =>
      h.length ? `2 → ${h.join(" → ")} (${act}) → ${outputs}` : `2 → ${outputs} (no hidden layer)`,
    own: "your points",
    ownHelp:
      "Click or tap the plot to add a point of the chosen class; drag a point to move it. To remove one, press and hold it, or select it (click, or Tab to the plot) and press Delete; arrow keys move the selected point.",
    classes: "classes",
    className: (k: number) => `class ${k}`,
    newClass: "class of new points",
    addPoint: "Add point",
    paint: "Paint: drag to lay down many points",
    undo: "Undo",
    clear: "Clear",
    exportCsv: "Export CSV",
    importCsv: "Import CSV",
    count: (n: number) => `${n} of at most ${MAX_POINTS} points`,
    full: `That is ${MAX_POINTS} points, the most the Playground takes: remove some to add more.`,
    stage: (n: number, selected: string | null) =>
      `Your ${n} points` +
      (selected ? `; selected: ${selected} (Delete removes it, arrow keys move it)` : ""),
    pointAt: (x1: string, x2: string, k: number) => `class ${k} at (${x1}, ${x2})`,
    csvError: (line: number, problem: CsvProblem) =>
      `Nothing imported: ${line > 0 ? `line ${line}: ` : ""}${describeCsvProblem(problem)}.`,
    imported: (n: number) => `Imported ${n} points.`,
    linkPoints: (shown, saved) =>
      `These ${shown} points came with the link. Your ${saved} saved points are kept as they ` +
      `were: edits here do not touch them until you choose.`,
    keepLink: "Keep the link's points as mine",
    backToSaved: (saved) => `Back to my ${saved} points`,
    otherTab: (n) => `Another tab saved ${n} points; they are shown here too (Undo goes back).`,
    storedSetAside: (key) =>
      `Your saved points could not be read, so the list starts empty. What was saved is kept ` +
      `in this browser's storage under "${key}".`,
    mapOwn: (shares: number[], acc: string) =>
      `The network gives ${shares.map((p, k) => `class ${k} ${p}%`).join(", ")} of the plane; ` +
      `it classifies ${acc} of your points correctly.`,
    legendOwn:
      "Each class has its own colour and marker shape. Background: the colour of the class the network picks, paler where it is less sure.",
  },
  zh: {
    figure: "游乐场：训练一个小网络把两类点分开",
    dataset: "数据集",
    datasets: {
      linear: "线性",
      circles: "圆环",
      xor: "XOR",
      spiral: "螺旋",
      blobs: "高斯团簇",
    },
    noise: "噪声",
    split: "训练点比例",
    layers: "隐藏层数",
    neurons: (i: number) => `第 ${i} 层神经元数`,
    activation: "激活函数",
    optimizer: "优化器",
    lr: "学习率",
    batch: "批大小",
    newData: "换一批点",
    seed: "种子",
    steps: "步数",
    epochs: "轮数",
    trainLoss: "训练损失",
    testLoss: "测试损失",
    trainAcc: "训练准确率",
    testAcc: "测试准确率",
    map: "x₁、x₂ 从 −3 到 3 的决策图",
    mapIdle: "网络建好后才有热力图：按“播放”或“单步”。",
    mapLive: (blue: number, trainAcc: string, testAcc: string) =>
      `网络把平面的 ${blue}% 判为蓝色；训练点判对 ${trainAcc}，测试点判对 ${testAcc}。`,
    legend: "背景：网络判为蓝色处是蓝色，判为橙色处是橙色，拿不准处颜色浅。",
    legendTrain: "实心：训练点（颜色是它的类别）",
    legendTest: "空心：测试点，训练时没用过",
    chartTitle: "训练损失与测试损失",
    chartEmpty: "还没有训练。",
    chart: (steps: number, tr: string, te: string) =>
      `${steps} 步之后：训练损失 ${tr}，测试损失 ${te}。`,
    chartTitleOwn: "你的点上的损失",
    chartOwn: (steps: number, tr: string) => `${steps} 步之后：你的点上的损失 ${tr}。`,
    xAxis: "步数",
    x2: "x₂",
    yAxis: "损失",
    architecture: (h: number[], act: string, outputs: number) =>
      h.length ? `2 → ${h.join(" → ")}（${act}）→ ${outputs}` : `2 → ${outputs}（没有隐藏层）`,
    own: "你自己的点",
    ownHelp:
      "在图上点击或轻触，添加一个所选类别的点；拖动一个点可以移动它。要删除一个点：长按它，或者选中它（点击，或用 Tab 移到图上）再按 Delete；方向键移动选中的点。",
    classes: "类别数",
    className: (k: number) => `类别 ${k}`,
    newClass: "新点的类别",
    addPoint: "添加点",
    paint: "涂抹：拖动时连续放下很多点",
    undo: "撤销",
    clear: "清空",
    exportCsv: "导出 CSV",
    importCsv: "导入 CSV",
    count: (n: number) => `${n} 个点（最多 ${MAX_POINTS} 个）`,
    full: `已经有 ${MAX_POINTS} 个点，这是游乐场的上限：删掉一些才能再加。`,
    stage: (n: number, selected: string | null) =>
      `你的 ${n} 个点` + (selected ? `；选中：${selected}（Delete 删除，方向键移动）` : ""),
    pointAt: (x1: string, x2: string, k: number) => `类别 ${k}，位于 (${x1}, ${x2})`,
    csvError: (line: number, problem: CsvProblem) =>
      `没有导入任何点：${line > 0 ? `第 ${line} 行：` : ""}${csvProblemZh(problem)}。`,
    imported: (n: number) => `导入了 ${n} 个点。`,
    linkPoints: (shown, saved) =>
      `这 ${shown} 个点来自链接。你保存的 ${saved} 个点原样保留：在这里编辑不会改动它们，除非你选择替换。`,
    keepLink: "用链接里的点替换我的点",
    backToSaved: (saved) => `回到我的 ${saved} 个点`,
    otherTab: (n) => `另一个标签页保存了 ${n} 个点，这里也换成了它们（撤销可以回去）。`,
    storedSetAside: (key) =>
      `无法读取你保存的点，所以列表从空开始。原来保存的内容另存在本浏览器存储的“${key}”中。`,
    mapOwn: (shares: number[], acc: string) =>
      `网络把平面分给各类别：${shares.map((p, k) => `类别 ${k} ${p}%`).join("，")}；` +
      `你的点判对 ${acc}。`,
    legendOwn: "每个类别有自己的颜色和标记形状。背景：网络所选类别的颜色，越拿不准颜色越浅。",
  },
};

/** The Playground's TFP controls (features, regularization, problem type) and its network diagram. */
export interface PlaygroundNetStrings {
  problem: string;
  problems: Record<Problem, string>;
  regressions: Record<RegressionName, string>;
  features: string;
  reg: string;
  regs: Record<Regularization, string>;
  regRate: string;
  showTest: string;
  discretize: string;
  initZero: string;
  penalty: string;
  legendRegression: string;
  diagram: string;
  diagramHelp: string;
  /** Column `layer` (0: the inputs), neuron `i` (from 1), with its bias where it has one. */
  neuron: (layer: number, i: number, bias: string | null) => string;
  /** The weight from neuron `from` of column `layer − 1` to neuron `to` of column `layer`. */
  link: (layer: number, from: number, to: number) => string;
  /** The editor's label: the link, and its weight now. */
  editWeight: (link: string, w: string) => string;
  setWeight: string;
  cancel: string;
  badWeight: string;
  /** The view from inside a hidden layer of 2 or 3 neurons. */
  insideTitle: string;
  insideHelp: string;
  /** The canvas's accessible name: what it shows. */
  insideLabel: (layer: number, neurons: number) => string;
  /** The caption under it. */
  insideCaption: (layer: number, neurons: number) => string;
}

export const PLAYGROUND_NET: Texts<PlaygroundNetStrings> = {
  en: {
    problem: "problem",
    problems: { classification: "classification", regression: "regression" },
    regressions: { plane: "plane", gauss: "two Gaussians" },
    features: "input features",
    reg: "regularization",
    regs: { none: "none", l1: "L1", l2: "L2" },
    regRate: "regularization rate",
    showTest: "show test points",
    discretize: "discretize output",
    initZero: "initialize to zero",
    penalty: "penalty",
    legendRegression:
      "Each dot's colour is its target, from orange (−1) to blue (+1). Background: the network's output on the same scale.",
    diagram: "The network: each neuron's output over the plane",
    diagramHelp:
      "Hover or focus a neuron to see its map large. Click a link, or Tab to the links, move with the arrow keys and press Enter, to set its weight. The small square on a neuron's corner is its bias.",
    neuron: (layer: number, i: number, bias: string | null) =>
      layer === 0
        ? `input ${i}`
        : `layer ${layer}, neuron ${i}${bias === null ? "" : `, bias ${bias}`}`,
    link: (layer: number, from: number, to: number) =>
      `weight from neuron ${from} to neuron ${to} of layer ${layer}`,
    editWeight: (link: string, w: string) => `${link} (now ${w}), −10 … 10:`,
    setWeight: "Set",
    cancel: "Cancel",
    badWeight: "A weight must be a number from −10 to 10.",
    insideTitle: "Inside a narrow layer",
    insideHelp:
      "Each training point drawn where this layer puts it (its neurons' outputs as coordinates), with the input plane's grid lines carried through the layer. Watch training fold the grid until one straight line (with 3 neurons, a flat plane) can split the colours.",
    insideLabel: (layer: number, neurons: number) =>
      `The training points and the input plane's grid, as layer ${layer} (${neurons} neurons) sees them`,
    insideCaption: (layer: number, neurons: number) =>
      neurons === 2
        ? `Layer ${layer}: neuron 1 across, neuron 2 up. Dashed: where the output is 0.`
        : `Layer ${layer}: its 3 neurons in a fixed 3-D view.`,
  },
  zh: {
    problem: "问题类型",
    problems: { classification: "分类", regression: "回归" },
    regressions: { plane: "平面", gauss: "两个高斯峰" },
    features: "输入特征",
    reg: "正则化",
    regs: { none: "无", l1: "L1", l2: "L2" },
    regRate: "正则化强度",
    showTest: "显示测试点",
    discretize: "输出离散化",
    initZero: "全部初始化为零",
    penalty: "惩罚项",
    legendRegression: "点的颜色是它的目标值，从橙（−1）到蓝（+1）。背景：网络的输出，用同一色标。",
    diagram: "网络：每个神经元在平面上的输出",
    diagramHelp:
      "把指针移到某个神经元上或让它获得焦点，主图就放大显示它的图。点击一条连线，或用 Tab 移到连线上、用方向键挑选后按回车，可以设定它的权重。神经元角上的小方块是它的偏置。",
    neuron: (layer: number, i: number, bias: string | null) =>
      layer === 0
        ? `输入 ${i}`
        : `第 ${layer} 层第 ${i} 个神经元${bias === null ? "" : `，偏置 ${bias}`}`,
    link: (layer: number, from: number, to: number) =>
      `第 ${layer} 层：从神经元 ${from} 到神经元 ${to} 的权重`,
    editWeight: (link: string, w: string) => `${link}（现在是 ${w}），−10 … 10：`,
    setWeight: "设定",
    cancel: "取消",
    badWeight: "权重必须是 −10 到 10 之间的数。",
    insideTitle: "从窄层内部看",
    insideHelp:
      "每个训练点画在这一层把它送到的位置（以该层各神经元的输出为坐标），输入平面的网格线也一起穿过这一层。训练时可以看到网格被折弯，直到一条直线（3 个神经元时是一个平面）就能把两种颜色分开。",
    insideLabel: (layer: number, neurons: number) =>
      `第 ${layer} 层（${neurons} 个神经元）眼中的训练点和输入平面的网格`,
    insideCaption: (layer: number, neurons: number) =>
      neurons === 2
        ? `第 ${layer} 层：横轴是神经元 1，纵轴是神经元 2。虚线：输出为 0 的地方。`
        : `第 ${layer} 层：3 个神经元，用固定的三维视角画出。`,
  },
};

function csvProblemZh(p: CsvProblem): string {
  switch (p.kind) {
    case "tooLarge":
      return `文件有 ${p.chars} 个字符，最多只读 ${MAX_CSV_CHARS} 个`;
    case "empty":
      return "文件里没有点";
    case "fields":
      return `应有 3 个字段（x1, x2, label），这里有 ${p.found} 个`;
    case "notNumber":
      return `${p.field} “${p.text}” 不是数`;
    case "outside":
      return `${p.field} ${p.value} 不在 −3 … 3 之内`;
    case "label":
      return `label ${p.value} 不是类别 0 … 4`;
    case "tooMany":
      return `超过 ${MAX_POINTS} 个点（游乐场的上限）`;
  }
}

export interface LineClassifierStrings {
  figure: string;
  /** The legend's markers: the two classes, a misclassified point. */
  legendBlue: string;
  legendOrange: string;
  legendWrong: string;
  plot: string;
  slope: string;
  intercept: string;
  lr: string;
  loss: string;
  accuracy: string;
  wrong: string;
  steps: string;
  readout: (a: string, b: string, loss: string, right: number, n: number) => string;
  chartTitle: string;
  chart: (steps: number, first: string, last: string) => string;
  xAxis: string;
  yAxis: string;
  lossSeries: string;
}

export const LINE_CLASSIFIER: Texts<LineClassifierStrings> = {
  en: {
    figure: "A line classifier: points above the line y = ax + b are called blue",
    plot: "Plot of the points and the line",
    slope: "slope a",
    intercept: "intercept b",
    lr: "learning rate η",
    loss: "loss",
    accuracy: "accuracy",
    wrong: "misclassified",
    steps: "steps",
    legendBlue: "blue class",
    legendOrange: "orange class",
    legendWrong: "ringed: on the wrong side of the line (misclassified)",
    readout: (a: string, b: string, loss: string, right: number, n: number) =>
      `Line ${lineEquation(a, b)}: loss ${loss}, ${right} of ${n} points on the right side`,
    chartTitle: "Loss while training",
    chart: (steps: number, first: string, last: string) =>
      `Loss over ${steps} steps of gradient descent, from ${first} to ${last}.`,
    xAxis: "step",
    yAxis: "loss",
    lossSeries: "loss",
  },
  zh: {
    figure: "直线分类器：在直线 y = ax + b 上方的点判为蓝色",
    plot: "点和直线的图",
    slope: "斜率 a",
    intercept: "截距 b",
    lr: "学习率 η",
    loss: "损失",
    accuracy: "准确率",
    wrong: "分错",
    steps: "步数",
    legendBlue: "蓝色类别",
    legendOrange: "橙色类别",
    legendWrong: "带深色圈：在直线错误的一侧（分错了）",
    readout: (a: string, b: string, loss: string, right: number, n: number) =>
      `直线 ${lineEquation(a, b)}：损失 ${loss}，${n} 个点中 ${right} 个在正确一侧`,
    chartTitle: "训练中的损失",
    chart: (steps: number, first: string, last: string) =>
      `梯度下降 ${steps} 步的损失，从 ${first} 降到 ${last}。`,
    xAxis: "步数",
    yAxis: "损失",
    lossSeries: "损失",
  },
};

/** Lesson 1's terms in Chinese (the playground shows epochs; lesson 4 explains them). */
export const ZH_TERMS: ZhTerm[] = [
  { en: "playground", zh: "游乐场", rejected: ["练习场"] },
  { en: "epoch", zh: "轮次", rejected: ["周期"] },
];
