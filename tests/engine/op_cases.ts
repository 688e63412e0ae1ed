/**
 * Every engine op's check (`checkOp`): the shapes, ranges and references each op is tried on. The
 * CPU run checks them against finite differences and `tf.grads` (ops.test.ts); the WASM run
 * checks the engine gives the same there (ops_wasm.test.ts).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { OpCase } from "./check_op.ts";
import { F } from "../../engine/mod.ts";
import type { Padding } from "../../engine/ops/conv.ts";

export const cases: OpCase[] = [];
const binaryShapes: [number[], number[]][] = [
  [[2, 3], [2, 3]],
  [[2, 3], [3]],
  [[2, 1], [1, 3]],
  [[3], [2, 3]],
  [[2, 3], []],
];
for (const [sa, sb] of binaryShapes) {
  const tag = `${JSON.stringify(sa)}⊕${JSON.stringify(sb)}`;
  cases.push(
    { name: `add ${tag}`, inputs: [{ shape: sa }, { shape: sb }], engine: F.add, tfjs: tf.add },
    { name: `sub ${tag}`, inputs: [{ shape: sa }, { shape: sb }], engine: F.sub, tfjs: tf.sub },
    { name: `mul ${tag}`, inputs: [{ shape: sa }, { shape: sb }], engine: F.mul, tfjs: tf.mul },
    {
      name: `div ${tag}`,
      inputs: [{ shape: sa }, { shape: sb, low: 0.5, high: 2 }],
      engine: F.div,
      tfjs: tf.div,
    },
  );
}
cases.push(
  {
    name: "add plain",
    inputs: [{ shape: [2], values: [1, 2] }, { shape: [2], values: [3, -4] }],
    engine: F.add,
    tfjs: tf.add,
    plain: (a, b) => a.map((v, i) => v + b[i]),
  },
  {
    name: "mul by number",
    inputs: [{ shape: [4] }],
    engine: (x) => x.mul(3),
    tfjs: (x) => tf.mul(x, 3),
  },
  { name: "neg", inputs: [{ shape: [2, 3] }], engine: F.neg, tfjs: tf.neg },
  { name: "pow 2", inputs: [{ shape: [5] }], engine: (x) => x.pow(2), tfjs: tf.square },
  {
    name: "pow 3",
    inputs: [{ shape: [5] }],
    engine: (x) => x.pow(3),
    tfjs: (x) => tf.pow(x, tf.scalar(3)),
    plain: (x) => x.map((v) => v ** 3),
  },
  {
    name: "pow 0.5",
    inputs: [{ shape: [5], low: 0.5, high: 3 }],
    engine: (x) => x.pow(0.5),
    tfjs: tf.sqrt,
  },
  { name: "exp", inputs: [{ shape: [2, 3] }], engine: F.exp, tfjs: tf.exp },
  { name: "log", inputs: [{ shape: [2, 3], low: 0.3, high: 3 }], engine: F.log, tfjs: tf.log },
  {
    name: "abs",
    inputs: [{ shape: [4], values: [-2, -0.5, 0.7, 1.5] }],
    engine: F.abs,
    tfjs: tf.abs,
  },
  {
    name: "relu",
    inputs: [{ shape: [5], values: [-2, -0.5, 0.3, 0.7, 1.5] }],
    engine: F.relu,
    tfjs: tf.relu,
    plain: (x) => x.map((v) => Math.max(v, 0)),
  },
  {
    name: "sigmoid",
    inputs: [{ shape: [2, 3] }],
    engine: F.sigmoid,
    tfjs: tf.sigmoid,
    plain: (x) => x.map((v) => 1 / (1 + Math.exp(-v))),
  },
  { name: "tanh", inputs: [{ shape: [2, 3] }], engine: F.tanh, tfjs: tf.tanh },
);
for (const ta of [false, true]) {
  for (const tb of [false, true]) {
    cases.push({
      name: `matmul ta=${ta} tb=${tb}`,
      inputs: [{ shape: ta ? [3, 2] : [2, 3] }, { shape: tb ? [4, 3] : [3, 4] }],
      engine: (a, b) => F.matmul(a, b, { transposeA: ta, transposeB: tb }),
      tfjs: (a, b) => tf.matMul(a, b, ta, tb),
    });
  }
}
cases.push({
  name: "matmul plain",
  inputs: [{ shape: [1, 2], values: [1, 2] }, { shape: [2, 2], values: [3, 4, 5, 6] }],
  engine: (a, b) => F.matmul(a, b),
  tfjs: (a, b) => tf.matMul(a, b),
  plain: () => [13, 16],
});
for (
  const [axis, keep] of [[undefined, false], [0, false], [1, true], [[0, 1], false], [
    -1,
    false,
  ]] as [
    number | number[] | undefined,
    boolean,
  ][]
) {
  const tag = `axis=${JSON.stringify(axis)} keepdims=${keep}`;
  cases.push(
    {
      name: `sum ${tag}`,
      inputs: [{ shape: [2, 3] }],
      engine: (x) => x.sum(axis, keep),
      tfjs: (x) => tf.sum(x, axis, keep),
    },
    {
      name: `mean ${tag}`,
      inputs: [{ shape: [2, 3] }],
      engine: (x) => x.mean(axis, keep),
      tfjs: (x) => tf.mean(x, axis, keep),
    },
    {
      name: `max ${tag}`,
      inputs: [{ shape: [2, 3] }],
      engine: (x) => x.max(axis, keep),
      tfjs: (x) => tf.max(x, axis, keep),
    },
  );
}
cases.push(
  {
    name: "reshape",
    inputs: [{ shape: [2, 3] }],
    engine: (x) => x.reshape([3, -1]),
    tfjs: (x) => tf.reshape(x, [3, 2]),
  },
  {
    name: "transpose",
    inputs: [{ shape: [2, 3, 4] }],
    engine: (x) => x.transpose([2, 0, 1]),
    tfjs: (x) => tf.transpose(x, [2, 0, 1]),
  },
  {
    name: "where (broadcast)",
    inputs: [{ shape: [2, 3], noGrad: true }, { shape: [2, 3] }, { shape: [3] }],
    engine: (c, a, b) => F.where(c.gt(0), a, b),
    tfjs: (c, a, b) => tf.where(tf.greater(c, 0), a, b),
  },
  {
    name: "gather class scores",
    inputs: [{ shape: [3, 4] }, { shape: [3], values: [2, 0, 3], dtype: "int32", noGrad: true }],
    engine: (x, i) => x.gather(i),
    tfjs: (x, i) => tf.sum(tf.mul(x, tf.oneHot(i as tf.Tensor1D, 4)), 1),
  },
  {
    name: "conv2d valid",
    inputs: [{ shape: [2, 5, 5, 2] }, { shape: [3, 3, 2, 3] }],
    engine: (x, w) => F.conv2d(x, w),
    tfjs: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "valid"),
    atol: 5e-3,
  },
  {
    name: "conv2d same stride 2",
    inputs: [{ shape: [1, 6, 6, 2] }, { shape: [3, 3, 2, 2] }],
    engine: (x, w) => F.conv2d(x, w, 2, "same"),
    tfjs: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "same"),
    atol: 5e-3,
  },
  // The gradients as forward convolutions (engine/ops/conv.ts): each padding, strides 1 and 2
  // (2 not dividing the padded size, so the filter gradient is cut), several channel counts.
  ...([
    [[3, 5, 5, 1], [3, 3, 1, 4], 1, "same"],
    [[2, 6, 5, 3], [3, 3, 3, 2], 1, "same"],
    [[2, 6, 6, 2], [2, 2, 2, 3], 1, "same"],
    [[2, 7, 6, 3], [3, 2, 3, 2], 1, "valid"],
    [[2, 5, 5, 2], [3, 3, 2, 2], 1, 1],
    [[2, 7, 7, 2], [3, 3, 2, 3], 2, "valid"],
    [[2, 6, 7, 3], [3, 3, 3, 2], 2, "same"],
    [[3, 6, 6, 1], [5, 5, 1, 2], 2, "same"],
    [[2, 5, 5, 2], [3, 3, 2, 2], 2, 1],
    [[1, 8, 8, 2], [3, 3, 2, 2], 3, "valid"],
  ] as [number[], number[], number, Padding][]).map(([xs, ws, stride, pad]): OpCase => ({
    name: `conv2d x ${xs.join("×")} w ${ws.join("×")} stride ${stride} pad ${pad}`,
    inputs: [{ shape: xs }, { shape: ws }],
    engine: (x, w) => F.conv2d(x, w, stride, pad),
    tfjs: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, stride, pad),
    atol: 5e-3,
  })),
  {
    name: "maxPool2d",
    inputs: [{ shape: [2, 4, 4, 2] }],
    engine: (x) => F.maxPool2d(x, 2),
    tfjs: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, "valid"),
  },
  // A size the window does not divide (the last row and column are dropped), and overlapping
  // windows (3×3, stride 2: an input in two windows gets both windows' gradients).
  {
    name: "maxPool2d 5×5 window 2",
    inputs: [{ shape: [2, 5, 5, 3] }],
    engine: (x) => F.maxPool2d(x, 2),
    tfjs: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, "valid"),
  },
  {
    name: "maxPool2d window 3 stride 2",
    inputs: [{ shape: [2, 7, 7, 2] }],
    engine: (x) => F.maxPool2d(x, 3, 2),
    eps: 1e-3, // values within 1e-2 of each other in a window would swap their maximum
    tfjs: (x) => tf.maxPool(x as tf.Tensor4D, 3, 2, "valid"),
  },
  // Composed ops go through the same check.
  {
    name: "softmax",
    inputs: [{ shape: [2, 4] }],
    engine: (x) => F.softmax(x),
    tfjs: (x) => tf.softmax(x),
  },
  {
    name: "logSoftmax",
    inputs: [{ shape: [2, 4] }],
    engine: (x) => F.logSoftmax(x),
    tfjs: (x) => tf.logSoftmax(x),
  },
  {
    name: "linear",
    inputs: [{ shape: [2, 3] }, { shape: [4, 3] }, { shape: [4] }],
    engine: (x, w, b) => F.linear(x, w, b),
    tfjs: (x, w, b) => tf.add(tf.matMul(x, w, false, true), b),
  },
  {
    name: "relu(x) * x (a value used twice)",
    inputs: [{ shape: [4], values: [-1, 0.5, 2, -0.3] }],
    engine: (x) => x.relu().mul(x),
    tfjs: (x) => tf.mul(tf.relu(x), x),
  },
);
