/**
 * 2-D convolution and max-pooling, for the MNIST CNN. Layout is NHWC (batch, height, width,
 * channels) with filters [kh, kw, inChannels, outChannels]: the layout every tfjs backend runs
 * natively, so no transposes are paid on each step. (PyTorch uses NCHW; see nn.Conv2d.)
 *
 * Their gradients are convolutions too. Rather than re-deriving them in JavaScript, the backward
 * pass calls the kernels each tfjs backend registers for them (`Conv2DBackpropInput`,
 * `Conv2DBackpropFilter`, `MaxPoolGrad`): the same ones `tf.grads` would use.
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "../errors.ts";
import { Tensor } from "../tensor.ts";

export type Padding = "valid" | "same" | number;

/**
 * out[n,i,j,o] = Σ_{di,dj,c} x[n, i·s+di, j·s+dj, c] · w[di,dj,c,o].
 * ∂L/∂x spreads each ∂L/∂out back through the same weights (a transposed convolution);
 * ∂L/∂w correlates the input with ∂L/∂out.
 */
export function conv2d(x: Tensor, w: Tensor, stride = 1, padding: Padding = "valid"): Tensor {
  if (x.rank !== 4 || w.rank !== 4 || x.shape[3] !== w.shape[2]) {
    throw new EngineError(
      `conv2d: input ${fmtShape(x.shape)} (NHWC) and filter ${fmtShape(w.shape)} ` +
        `([kh, kw, in, out]) do not match: input channels ${x.shape[3]} vs filter ${w.shape[2]}`,
    );
  }
  const strides: [number, number] = [stride, stride];
  const pad = padding;
  return Tensor.fromOp(
    "conv2d",
    tf.conv2d(x.data as tf.Tensor4D, w.data as tf.Tensor4D, strides, pad),
    [x, w],
    (dy) => {
      const attrs = { strides, pad, dataFormat: "NHWC", dimRoundingMode: undefined };
      const dx = x.requiresGrad && tf.engine().runKernel(
        "Conv2DBackpropInput",
        { dy, filter: w.data },
        { ...attrs, inputShape: x.shape } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
      const dw = w.requiresGrad && filterGrad(x.data, dy, w.shape, strides, pad);
      return [dx || null, dw || null];
    },
  );
}

/**
 * out[n,i,j,c] = max over a k×k window of x;  ∂out/∂x = 1 at the window's maximum, 0 elsewhere.
 */
export function maxPool2d(x: Tensor, kernelSize = 2, stride = kernelSize): Tensor {
  if (x.rank !== 4) {
    throw new EngineError(`maxPool2d: needs an NHWC input of rank 4, got ${fmtShape(x.shape)}`);
  }
  const filterSize: [number, number] = [kernelSize, kernelSize];
  const strides: [number, number] = [stride, stride];
  const out: Tensor = Tensor.fromOp(
    "maxPool2d",
    tf.maxPool(x.data as tf.Tensor4D, filterSize, strides, "valid"),
    [x],
    (dy) => [
      tf.engine().runKernel(
        "MaxPoolGrad",
        { dy, input: x.data, output: out.data },
        {
          filterSize,
          strides,
          pad: "valid",
          dimRoundingMode: undefined,
        } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor,
    ],
  );
  return out;
}

/**
 * ∂L/∂w by the backend's `Conv2DBackpropFilter` kernel. The WASM backend has none. It has the
 * 3-D one, and a 2-D convolution is a 3-D one of depth 1, but that kernel gives wrong results for
 * strides > 1 (tfjs-backend-wasm 4.22), so it is used for stride 1 only; otherwise the sum
 * ∂L/∂w[di,dj] = Σ_{n,i,j} x[n, i·s+di, j·s+dj, :]ᵀ ∂L/∂out[n,i,j,:] is computed as one matrix
 * product per filter position.
 */
function filterGrad(
  x: tf.Tensor,
  dy: tf.Tensor,
  filterShape: number[],
  strides: [number, number],
  pad: Padding,
): tf.Tensor {
  if (tf.getKernel("Conv2DBackpropFilter", tf.getBackend())) {
    return tf.engine().runKernel(
      "Conv2DBackpropFilter",
      { x, dy },
      {
        strides,
        pad,
        dataFormat: "NHWC",
        dimRoundingMode: undefined,
        filterShape,
      } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
  }
  const [kh, kw, cin, cout] = filterShape;
  if (strides[0] === 1 && strides[1] === 1 && typeof pad === "string") {
    const dw = tf.engine().runKernel(
      "Conv3DBackpropFilterV2",
      { x: tf.expandDims(x, 1), dy: tf.expandDims(dy, 1) },
      {
        strides: [1, 1, 1],
        pad,
        filterShape: [1, kh, kw, cin, cout],
      } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
    return tf.reshape(dw, filterShape);
  }
  const [n, h, w] = x.shape;
  const [, oh, ow] = dy.shape;
  const [s0, s1] = strides;
  const padAmount = (size: number, out: number, k: number, s: number): [number, number] => {
    if (typeof pad === "number") return [pad, pad];
    if (pad === "valid") return [0, 0];
    const total = Math.max((out - 1) * s + k - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const xp = tf.pad(x, [[0, 0], padAmount(h, oh, kh, s0), padAmount(w, ow, kw, s1), [0, 0]]);
  const dy2 = tf.reshape(dy, [n * oh * ow, cout]);
  const rows: tf.Tensor[] = [];
  for (let di = 0; di < kh; di++) {
    for (let dj = 0; dj < kw; dj++) {
      const patch = tf.stridedSlice(
        xp,
        [0, di, dj, 0],
        [n, di + (oh - 1) * s0 + 1, dj + (ow - 1) * s1 + 1, cin],
        [1, s0, s1, 1],
      );
      rows.push(tf.matMul(tf.reshape(patch, [n * oh * ow, cin]), dy2, true, false));
    }
  }
  return tf.reshape(tf.stack(rows), filterShape);
}
