/**
 * Every visible string of the GraphStepper island, per language (shared words such as Play and
 * Pause come from components/lib/text.ts).
 */
import type { Texts, ZhTerm } from "../lib/lang.ts";
import type { ExprId } from "./expressions.ts";

export interface GraphStepperStrings {
  title: string;
  expr: string;
  exprs: Record<ExprId, string>;
  view: string;
  scalar: string;
  tensor: string;
  edit: string;
  param: string;
  data: string;
  stepper: string;
  first: string;
  prev: string;
  next: string;
  last: string;
  stepOf: (s: number, n: number) => string;
  forwardOnly: string;
  graph: (view: string, nodes: number, loss: string) => string;
  graphRegion: string;
  noJs: string;
  node: string;
  value: string;
  shape: string;
  seed: string;
  fromConsumer: (c: string) => string;
  upstream: string;
  local: string;
  term: string;
  total: string;
  engineGrad: string;
  agrees: string;
  differs: string;
  noGrad: string;
  noGradShort: string;
  sentence: (v: string, parts: string[], total: string, engine: string) => string;
  sentenceSeed: string;
  checkCaption: string;
  colName: string;
  colScalar: string;
  colTensor: string;
  colFd: string;
  colDiff: string;
  train: string;
  lr: string;
  sgdStep: string;
  trainN: (n: number) => string;
  reset: string;
  steps: string;
  loss: string;
  lossChart: (steps: number, loss: string) => string;
  lossChartEmpty: string;
  diverged: (lr: number) => string;
  failed: string;
  ops: Record<string, string>;
}

const ops = {
  add: "+",
  sub: "−",
  mul: "×",
  div: "÷",
  pow: "^2",
  exp: "exp",
  log: "log",
  neg: "−( )",
  tanh: "tanh",
  sigmoid: "σ",
  relu: "relu",
  sum: "Σ",
  mean: "mean",
  matmul: "@",
  gather: "pick",
};

export const GRAPH_STEPPER: Texts<GraphStepperStrings> = {
  en: {
    title: "Backpropagation, node by node, on the engine's own graph",
    expr: "Expression",
    exprs: {
      "mse-line": "line y = ax + b, MSE, one point",
      "mse-points": "line y = ax + b, MSE, three points",
      neuron: "sigmoid neuron, squared error",
      mlp: "two-layer MLP (tanh), one sample",
      "softmax-ce": "softmax + cross-entropy, 3 classes",
    },
    view: "Graph",
    scalar: "scalar: one node per number",
    tensor: "tensor: one node per tensor op",
    edit: "Change a value",
    param: "parameter",
    data: "data",
    stepper: "Backward pass",
    first: "Start",
    prev: "Previous node",
    next: "Next node",
    last: "End",
    stepOf: (s, n) => `Step ${s} of ${n}`,
    forwardOnly:
      "Forward pass done: every node holds its value. Press “Next node” to start backward() at the loss.",
    graph: (view, nodes, loss) =>
      `Computation graph recorded by the engine (${view}): ${nodes} nodes, loss ${loss}.`,
    graphRegion: "Computation graph (scrollable)",
    noJs: "The graph is recorded by the engine in your browser: it appears once JavaScript runs.",
    node: "Node",
    value: "value",
    shape: "shape",
    seed: "This is the loss itself: backward() starts here with ∂L/∂L = 1.",
    fromConsumer: (c) => `from ${c}`,
    upstream: "upstream ∂L/∂",
    local: "local derivative",
    term: "product",
    total: "sum of the products",
    engineGrad: "grad the engine stored",
    agrees: "agrees",
    differs: "differs",
    noGrad: "no gradient (data: nothing requires its derivative)",
    noGradShort: "no grad (data)",
    sentence: (v, parts, total, engine) =>
      `∂L/∂${v} = ${parts.join(" + ")} = ${total}. The engine's backward() stored ${engine}.`,
    sentenceSeed: "∂L/∂L = 1: backward() starts at the loss.",
    checkCaption:
      "∂L/∂ of each parameter: backward() in the scalar view and in the tensor view, and a central finite difference (FD, h = 0.001) from two forward passes",
    colName: "param.",
    colScalar: "scalar",
    colTensor: "tensor",
    colFd: "FD",
    colDiff: "|tensor − FD|",
    train: "Training with these gradients",
    lr: "learning rate",
    sgdStep: "One SGD step",
    trainN: (n) => `Train ${n} steps`,
    reset: "Reset values",
    steps: "steps",
    loss: "loss",
    lossChart: (steps, loss) => `Loss over ${steps} training steps; now ${loss}.`,
    lossChartEmpty: "Loss curve: no training steps yet.",
    diverged: (lr) =>
      `The loss blew up (learning rate ${lr}): the values went back to where training started. Lower the learning rate and train again.`,
    failed: "The engine failed:",
    ops,
  },
  zh: {
    title: "在引擎自己的计算图上，逐个节点地反向传播",
    expr: "表达式",
    exprs: {
      "mse-line": "直线 y = ax + b，MSE，一个点",
      "mse-points": "直线 y = ax + b，MSE，三个点",
      neuron: "sigmoid 神经元，平方误差",
      mlp: "两层 MLP（tanh），一个样本",
      "softmax-ce": "softmax + 交叉熵，3 个类别",
    },
    view: "计算图",
    scalar: "标量：每个数一个节点",
    tensor: "张量：每个张量运算一个节点",
    edit: "修改一个值",
    param: "参数",
    data: "数据",
    stepper: "反向传播",
    first: "开头",
    prev: "上一个节点",
    next: "下一个节点",
    last: "结尾",
    stepOf: (s, n) => `第 ${s} 步，共 ${n} 步`,
    forwardOnly:
      "前向计算已完成：每个节点都有了自己的值。按“下一个节点”，从损失开始执行 backward()。",
    graph: (view, nodes, loss) => `引擎记录下的计算图（${view}）：${nodes} 个节点，损失 ${loss}。`,
    graphRegion: "计算图（可滚动）",
    noJs: "计算图由浏览器里的引擎记录下来：JavaScript 运行后才会出现。",
    node: "节点",
    value: "值",
    shape: "形状",
    seed: "这就是损失本身：backward() 从这里开始，∂L/∂L = 1。",
    fromConsumer: (c) => `来自 ${c}`,
    upstream: "上游 ∂L/∂",
    local: "局部导数",
    term: "乘积",
    total: "各乘积之和",
    engineGrad: "引擎存下的梯度",
    agrees: "一致",
    differs: "不一致",
    noGrad: "没有梯度（数据：不需要对它求导）",
    noGradShort: "无梯度（数据）",
    sentence: (v, parts, total, engine) =>
      `∂L/∂${v} = ${parts.join(" + ")} = ${total}。引擎的 backward() 存下的是 ${engine}。`,
    sentenceSeed: "∂L/∂L = 1：backward() 从损失开始。",
    checkCaption:
      "每个参数的 ∂L/∂：标量视图和张量视图下 backward() 的结果，以及由两次前向计算得到的中心有限差分（FD，h = 0.001）",
    colName: "参数",
    colScalar: "标量",
    colTensor: "张量",
    colFd: "FD",
    colDiff: "|张量 − FD|",
    train: "用这些梯度训练",
    lr: "学习率",
    sgdStep: "走一步 SGD",
    trainN: (n) => `训练 ${n} 步`,
    reset: "恢复初始值",
    steps: "步数",
    loss: "损失",
    lossChart: (steps, loss) => `${steps} 步训练的损失曲线；当前 ${loss}。`,
    lossChartEmpty: "损失曲线：还没有训练。",
    diverged: (lr) =>
      `损失发散了（学习率 ${lr}）：各个值已退回训练开始时的样子。请调低学习率再训练。`,
    failed: "引擎出错：",
    ops,
  },
};

/** Lesson 5's terms in Chinese. */
export const ZH_TERMS: ZhTerm[] = [
  { en: "graph stepper (GraphStepper)", zh: "单步演示", rejected: ["计算图步进器", "步进器"] },
];
