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
      const dw = w.requiresGrad && tf.engine().runKernel(
        "Conv2DBackpropFilter",
        { x: x.data, dy },
        { ...attrs, filterShape: w.shape } as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
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
