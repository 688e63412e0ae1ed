/**
 * The words of lesson 7's optimizer figures (OptimizerPaths, LrSchedules), in every language.
 * The prose is in the lesson; these are the figures' labels, readouts and text alternatives.
 */
import type { Texts } from "../lib/lang.ts";
import type { OptimizerName, Surface } from "./optim_paths.ts";
import type { Schedule } from "./optim_schedules.ts";

export interface OptimPathsStrings {
  title: string;
  surface: string;
  surfaces: Record<Surface, string>;
  names: Record<OptimizerName, string>;
  lr: string;
  lrAdaptive: string;
  beta: string;
  beta2: string;
  defaults: string;
  computing: string;
  optimizer: string;
  /** Column head: steps until the loss is below the tolerance. */
  stepsTo: (tol: string) => string;
  /** Column head: the lowest loss on the path. */
  lowestLoss: string;
  /** A path that never got below the tolerance within `max` steps. */
  never: (max: number) => string;
  /** A path that ran off (a coordinate past 1,000). */
  diverged: string;
  /** The map's text alternative: the surface and where each path ended. */
  mapLabel: (surface: string, ends: string) => string;
  /** One path's end, for the map's text alternative. */
  pathEnd: (name: string, steps: string, x: string, y: string) => string;
  start: string;
  minimum: string;
}

export const OPTIM_PATHS: Texts<OptimPathsStrings> = {
  en: {
    title: "Four optimizers from the same start",
    surface: "Surface",
    surfaces: {
      valley: "Narrow valley (κ = 50)",
      rosenbrock: "Rosenbrock",
      saddle: "Saddle",
    },
    names: { sgd: "SGD", momentum: "Momentum", rmsprop: "RMSProp", adam: "Adam" },
    lr: "η (SGD, momentum)",
    lrAdaptive: "η (RMSProp, Adam)",
    beta: "β (momentum, Adam's β₁)",
    beta2: "β₂ (RMSProp's α, Adam's β₂)",
    defaults: "Back to this surface's defaults",
    computing: "Computing the paths…",
    optimizer: "Optimizer",
    stepsTo: (tol) => `Steps until loss < ${tol}`,
    lowestLoss: "Lowest loss on the path",
    never: (max) => `not within ${max}`,
    diverged: "diverged",
    mapLabel: (surface, ends) =>
      `Contour map of the ${surface} loss with the paths of four optimizers from the same start. ${ends}`,
    pathEnd: (name, steps, x, y) => `${name}: ${steps}, ends at (${x}, ${y}).`,
    start: "start",
    minimum: "minimum",
  },
  zh: {
    title: "四种优化器，同一个起点",
    surface: "曲面",
    surfaces: {
      valley: "狭长山谷（κ = 50）",
      rosenbrock: "Rosenbrock 函数",
      saddle: "鞍点",
    },
    names: { sgd: "SGD", momentum: "动量", rmsprop: "RMSProp", adam: "Adam" },
    lr: "η（SGD、动量）",
    lrAdaptive: "η（RMSProp、Adam）",
    beta: "β（动量；Adam 的 β₁）",
    beta2: "β₂（RMSProp 的 α；Adam 的 β₂）",
    defaults: "恢复这个曲面的默认设置",
    computing: "正在计算路径……",
    optimizer: "优化器",
    stepsTo: (tol) => `损失降到 ${tol} 以下所需步数`,
    lowestLoss: "路径上的最低损失",
    never: (max) => `${max} 步内未达到`,
    diverged: "发散",
    mapLabel: (surface, ends) =>
      `${surface}损失的等高线图，上面画着四种优化器从同一起点出发的路径。${ends}`,
    pathEnd: (name, steps, x, y) => `${name}：${steps}，停在 (${x}, ${y})。`,
    start: "起点",
    minimum: "最小值",
  },
};

export interface SchedulesStrings {
  title: string;
  batch: string;
  names: Record<Schedule, string>;
  step: string;
  lr: string;
  excess: string;
  computing: string;
  schedule: string;
  /** Column head: the mean excess loss over the last 50 steps. */
  floor: string;
  /** Between the items of a list in a sentence. */
  listSep: string;
  lrSummary: (steps: number) => string;
  lossSummary: (batch: number, finals: string) => string;
}

export const SCHEDULES_TEXT: Texts<SchedulesStrings> = {
  en: {
    title: "Learning-rate schedules on minibatch SGD",
    batch: "Batch size",
    names: {
      constant: "constant",
      step: "step (×0.3 every 100)",
      cosine: "cosine",
      warmup: "warm-up 30, then cosine",
    },
    step: "step",
    lr: "learning rate",
    excess: "L − L* (all points)",
    computing: "Running the four schedules…",
    schedule: "Schedule",
    floor: "L − L*, mean of the last 50 steps",
    listSep: ", ",
    lrSummary: (steps) =>
      `Learning rate against step for four schedules over ${steps} steps, all from the base rate 0.1.`,
    lossSummary: (batch, finals) =>
      `Excess loss against step on a log scale, batch size ${batch}. Last 50 steps: ${finals}.`,
  },
  zh: {
    title: "小批量 SGD 上的学习率调度",
    batch: "批大小",
    names: {
      constant: "恒定",
      step: "阶梯（每 100 步 ×0.3）",
      cosine: "余弦",
      warmup: "预热 30 步，再余弦",
    },
    step: "步",
    lr: "学习率",
    excess: "L − L*（全部点）",
    computing: "正在运行四种调度……",
    schedule: "调度",
    floor: "L − L*，最后 50 步的平均",
    listSep: "，",
    lrSummary: (steps) => `四种调度在 ${steps} 步里的学习率随步数的变化，都从基准学习率 0.1 出发。`,
    lossSummary: (batch, finals) =>
      `超额损失随步数的变化（对数坐标），批大小 ${batch}。最后 50 步：${finals}。`,
  },
};
