/**
 * Lesson 6's words (convolutions), per language, for the islands of its first sections:
 * ConvByHand, ConvShapes and ConvPool. The lesson's prose lives in lessons/<lang>/conv.mdx.
 */
import type { Texts } from "../lib/lang.ts";
import type { ClassicName } from "./math.ts";

export interface ConvStrings {
  loading: string;
  loadFailed: (message: string) => string;
  digit: (max: number) => string;
  digitIs: (label: number) => string;
  kernel: string;
  weight: (row: number, col: number) => string;
  classic: string;
  classicNames: Record<ClassicName, string>;
  custom: string;
  clamped: (max: number) => string;
  inputTitle: string;
  outputTitle: string;
  inputAlt: (digit: number, label: string, i: number, j: number) => string;
  outputAlt: (i: number, j: number, min: string, max: string) => string;
  mapKeys: string;
  position: (i: number, j: number) => string;
  move: Record<"left" | "right" | "up" | "down", string>;
  products: (i: number, j: number) => string;
  sum: (sum: string) => string;
  scale: (max: string) => string;
  // ConvShapes
  size: string;
  kernelSize: string;
  padding: string;
  stride: string;
  cIn: string;
  cOut: string;
  range: (what: string, lo: number, hi: number, used: number) => string;
  outCell: string;
  outCellIs: (i: number, j: number) => string;
  noOutput: string;
  formula: string;
  paramsTitle: string;
  shapesAlt: (n: number, p: number, k: number, o: number, i: number, j: number) => string;
  shapeLine: (n: number, cIn: number, o: number, cOut: number) => string;
  // ConvPool
  /** The digit and kernel ConvPool takes from ConvByHand; kernel null: one the reader typed. */
  from: (digit: number, kernel: string | null) => string;
  shiftX: string;
  shiftY: string;
  original: string;
  shifted: string;
  mapRelu: string;
  maxPool: string;
  avgPool: string;
  poolAlt: (what: string, side: number, row: string) => string;
  changes: string;
  change: (what: string, pct: string) => string;
  /** `err`: the largest difference, formatted; "0" when the two maps are the same. */
  equivariance: (err: string) => string;
  noShift: string;
}

const EN: ConvStrings = {
  loading: "Loading the digits…",
  loadFailed: (m) => `The digits could not be loaded: ${m}`,
  digit: (max) => `Validation digit (0–${max})`,
  digitIs: (label) => `a ${label}`,
  kernel: "Kernel (3 × 3)",
  weight: (r, c) => `Kernel weight, row ${r + 1}, column ${c + 1}`,
  classic: "Classic kernels",
  classicNames: {
    vertical: "vertical edge",
    horizontal: "horizontal edge",
    blur: "blur",
    sharpen: "sharpen",
    identity: "identity",
  },
  custom: "your own",
  clamped: (max) => `Each weight is kept between −${max} and ${max}.`,
  inputTitle: "Input: 28 × 28",
  outputTitle: "Output map: 26 × 26",
  inputAlt: (d, label, i, j) =>
    `Validation digit ${d} (${label}), 28 × 28 pixels; the kernel covers rows ${i + 1}–${
      i + 3
    } and columns ${j + 1}–${j + 3}.`,
  outputAlt: (i, j, min, max) =>
    `The output map, 26 × 26, from ${min} to ${max} (orange positive, blue negative); the highlighted pixel is row ${
      i + 1
    }, column ${j + 1}.`,
  mapKeys: "Output map: the arrow keys move the kernel",
  position: (i, j) => `Output pixel: row ${i + 1}, column ${j + 1}`,
  move: { left: "← Left", right: "Right →", up: "↑ Up", down: "↓ Down" },
  products: (i, j) =>
    `The nine products pixel × weight under the kernel, for output pixel (${i + 1}, ${j + 1})`,
  sum: (s) => `Their sum, the output pixel: ${s}`,
  scale: (m) => `Colours run from blue (−${m}) through near-white (0) to orange (+${m}).`,
  size: "Input size n",
  kernelSize: "Kernel size k",
  padding: "Padding p",
  stride: "Stride s",
  cIn: "Input channels c_in",
  cOut: "Filters c_out",
  range: (what, lo, hi, used) =>
    `${what} must be a whole number from ${lo} to ${hi}: using ${used}.`,
  outCell: "Output pixel",
  outCellIs: (i, j) => `row ${i + 1}, column ${j + 1}`,
  noOutput: "The kernel is larger than the padded input (k > n + 2p): there is no output.",
  formula: "Output size",
  paramsTitle: "Parameters",
  shapesAlt: (n, p, k, o, i, j) =>
    `A ${n} × ${n} input with ${p} rings of zero padding; a ${k} × ${k} kernel at output position row ${
      i + 1
    }, column ${j + 1}; the output is ${o} × ${o}.`,
  shapeLine: (n, ci, o, co) => `${n} × ${n} × ${ci} in → ${o} × ${o} × ${co} out`,
  from: (d, k) =>
    k
      ? `Digit ${d} and the ${k} kernel from the first figure.`
      : `Digit ${d} and your own kernel from the first figure.`,
  shiftX: "Shift right (px)",
  shiftY: "Shift down (px)",
  original: "Digit as it is",
  shifted: "Shifted digit",
  mapRelu: "Map after ReLU, 26\u00a0×\u00a026",
  maxPool: "Max-pooled 2\u00a0×\u00a02, 13\u00a0×\u00a013",
  avgPool: "Average-pooled 2\u00a0×\u00a02, 13\u00a0×\u00a013",
  poolAlt: (what, side, row) => `${what} (${side} × ${side}), ${row}`,
  changes: "How much the shift changed each map, ‖after − before‖ / ‖before‖",
  change: (what, pct) => `${what}: ${pct}%`,
  equivariance: (e) =>
    e === "0"
      ? "The shifted digit's map is the map shifted: where both exist they are identical."
      : `The shifted digit's map is the map shifted: where both exist they differ by at most ${e}.`,
  noShift: "Choose a shift to compare.",
};

const ZH: ConvStrings = {
  loading: "正在加载数字…",
  loadFailed: (m) => `无法加载数字：${m}`,
  digit: (max) => `验证集数字（0–${max}）`,
  digitIs: (label) => `是 ${label}`,
  kernel: "卷积核（3 × 3）",
  weight: (r, c) => `卷积核权重，第 ${r + 1} 行第 ${c + 1} 列`,
  classic: "经典卷积核",
  classicNames: {
    vertical: "竖直边缘",
    horizontal: "水平边缘",
    blur: "模糊",
    sharpen: "锐化",
    identity: "恒等",
  },
  custom: "自定义",
  clamped: (max) => `每个权重都限制在 −${max} 到 ${max} 之间。`,
  inputTitle: "输入：28 × 28",
  outputTitle: "输出特征图：26 × 26",
  inputAlt: (d, label, i, j) =>
    `验证集第 ${d} 个数字（${label}），28 × 28 像素；卷积核盖住第 ${i + 1}–${i + 3} 行、第 ${
      j + 1
    }–${j + 3} 列。`,
  outputAlt: (i, j, min, max) =>
    `输出特征图，26 × 26，取值从 ${min} 到 ${max}（橙色为正，蓝色为负）；高亮的像素在第 ${
      i + 1
    } 行第 ${j + 1} 列。`,
  mapKeys: "输出特征图：用方向键移动卷积核",
  position: (i, j) => `输出像素：第 ${i + 1} 行第 ${j + 1} 列`,
  move: { left: "← 左", right: "右 →", up: "↑ 上", down: "↓ 下" },
  products: (i, j) => `卷积核下的九个乘积（像素 × 权重），对应输出像素 (${i + 1}, ${j + 1})`,
  sum: (s) => `它们的和，也就是这个输出像素：${s}`,
  scale: (m) => `颜色从蓝色（−${m}）经近白色（0）到橙色（+${m}）。`,
  size: "输入大小 n",
  kernelSize: "卷积核大小 k",
  padding: "填充 p",
  stride: "步幅 s",
  cIn: "输入通道数 c_in",
  cOut: "滤波器个数 c_out",
  range: (what, lo, hi, used) => `${what}必须是 ${lo} 到 ${hi} 之间的整数：现在用 ${used}。`,
  outCell: "输出像素",
  outCellIs: (i, j) => `第 ${i + 1} 行第 ${j + 1} 列`,
  noOutput: "卷积核比填充后的输入还大（k > n + 2p）：没有输出。",
  formula: "输出大小",
  paramsTitle: "参数个数",
  shapesAlt: (n, p, k, o, i, j) =>
    `${n} × ${n} 的输入，外面补了 ${p} 圈零；${k} × ${k} 的卷积核位于输出的第 ${i + 1} 行第 ${
      j + 1
    } 列；输出为 ${o} × ${o}。`,
  shapeLine: (n, ci, o, co) => `输入 ${n} × ${n} × ${ci} → 输出 ${o} × ${o} × ${co}`,
  from: (d, k) =>
    k
      ? `用第一个图里的第 ${d} 个数字和“${k}”卷积核。`
      : `用第一个图里的第 ${d} 个数字和你自己设的卷积核。`,
  shiftX: "向右平移（像素）",
  shiftY: "向下平移（像素）",
  original: "原来的数字",
  shifted: "平移后的数字",
  mapRelu: "ReLU 之后的特征图，26\u00a0×\u00a026",
  maxPool: "2\u00a0×\u00a02 最大池化，13\u00a0×\u00a013",
  avgPool: "2\u00a0×\u00a02 平均池化，13\u00a0×\u00a013",
  poolAlt: (what, side, row) => `${what}（${side} × ${side}），${row}`,
  changes: "平移让每张图变了多少：‖平移后 − 平移前‖ / ‖平移前‖",
  change: (what, pct) => `${what}：${pct}%`,
  equivariance: (e) =>
    e === "0"
      ? "平移后数字的特征图就是原特征图平移后的样子：两者都有的位置上，数值完全相同。"
      : `平移后数字的特征图就是原特征图平移后的样子：两者都有的位置上，最多相差 ${e}。`,
  noShift: "选一个平移量来比较。",
};

export const CONV_TEXT: Texts<ConvStrings> = { en: EN, zh: ZH };
