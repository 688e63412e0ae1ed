/**
 * 2-D convolution and max-pooling, for the MNIST CNN. Layout is NHWC (batch, height, width,
 * channels) with filters [kh, kw, inChannels, outChannels]: the layout every tfjs backend runs
 * natively, so no transposes are paid on each step. (PyTorch uses NCHW; see nn.Conv2d.)
 *
 * Their gradients are convolutions too: on WASM and CPU they are computed as forward convolutions
 * (faster there, see {@link conv2d}), and max-pooling's in JavaScript ({@link poolGradOnHost});
 * elsewhere the backward pass calls the kernels each tfjs backend registers
 * (`Conv2DBackpropInput`, `Conv2DBackpropFilter`, `MaxPoolGrad`): the same ones `tf.grads` would
 * use.
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "../errors.ts";
import { Tensor } from "../tensor.ts";

export type Padding = "valid" | "same" | number;

/**
 * out[n,i,j,o] = Σ_{di,dj,c} xp[n, i·s+di, j·s+dj, c] · w[di,dj,c,o], xp being x padded.
 * Both gradients are convolutions again, and on the WASM and CPU backends they are computed as
 * forward `conv2d`s, which those backends run several times faster than their backprop kernels:
 *
 *   ∂L/∂x (stride 1): ∂L/∂xp[n,a,b,c] = Σ_{i,j,o} ∂L/∂out[n,i,j,o] · w[a−i, b−j, c, o]: a
 *     convolution of ∂L/∂out, padded by k−1 on each side, with the filter flipped in h and w and
 *     with its in/out channels swapped. Dropping the rows of xp that are padding means padding
 *     ∂L/∂out by k−1−pad instead ({@link inputGrad}).
 *   ∂L/∂w: ∂L/∂w[di,dj,c,o] = Σ_{n,i,j} xp[n, i·s+di, j·s+dj, c] · ∂L/∂out[n,i,j,o]: a
 *     convolution of xᵀ [C_in, H, W, N] (the batch as channels, padded as xp) with ∂L/∂outᵀ
 *     [oh, ow, N, C_out] as the filter, dilated by s, giving [C_in, kh, kw, C_out]
 *     ({@link filterGrad}).
 *
 * Elsewhere (stride > 1 for ∂L/∂x; the GPU backends) the backward calls the kernels the backend
 * registers (`Conv2DBackpropInput`, `Conv2DBackpropFilter`): the same ones `tf.grads` uses.
 */
export function conv2d(x: Tensor, w: Tensor, stride = 1, padding: Padding = "valid"): Tensor {
  Tensor.checkInputs("conv2d", x, w);
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
      const dx = x.requiresGrad &&
        inputGrad(dy as tf.Tensor4D, w.data as tf.Tensor4D, x.shape, stride, pad);
      const dw = w.requiresGrad &&
        filterGrad(x.data as tf.Tensor4D, dy as tf.Tensor4D, w.shape, stride, pad);
      return [dx || null, dw || null];
    },
  );
}

/** Backends whose forward `conv2d` beats their backprop kernels (measured: engine/README.md). */
const CONV_AS_FORWARD = new Set(["wasm", "wasm-threads", "cpu"]);

/** Padding [before, after] along one axis, as tfjs computes it for the forward pass. */
function padAmount(
  pad: Padding,
  size: number,
  out: number,
  k: number,
  s: number,
): [number, number] {
  if (typeof pad === "number") return [pad, pad];
  if (pad === "valid") return [0, 0];
  const total = Math.max((out - 1) * s + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** ∂L/∂x: a convolution of the padded ∂L/∂out with the flipped, transposed filter (stride 1). */
function inputGrad(
  dy: tf.Tensor4D,
  w: tf.Tensor4D,
  inputShape: number[],
  stride: number,
  pad: Padding,
): tf.Tensor {
  const [kh, kw] = w.shape;
  const [, h, wd] = inputShape;
  const [, oh, ow] = dy.shape;
  const [pt, pb] = padAmount(pad, h, oh, kh, stride);
  const [pl, pr] = padAmount(pad, wd, ow, kw, stride);
  const fits = pt < kh && pb < kh && pl < kw && pr < kw;
  if (stride !== 1 || !fits || !CONV_AS_FORWARD.has(tf.getBackend())) {
    return tf.engine().runKernel(
      "Conv2DBackpropInput",
      { dy, filter: w },
      {
        strides: [stride, stride],
        pad,
        dataFormat: "NHWC",
        dimRoundingMode: undefined,
        inputShape,
      } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
  }
  return tf.tidy(() => {
    // wf[di,dj,o,c] = w[kh−1−di, kw−1−dj, c, o]
    const wf = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    const padding = [[0, 0], [kh - 1 - pt, kh - 1 - pb], [kw - 1 - pl, kw - 1 - pr], [0, 0]];
    return tf.conv2d(dy, wf, 1, padding as tf.backend_util.ExplicitPadding);
  });
}

/**
 * ∂L/∂w. Off WASM and CPU: the backend's `Conv2DBackpropFilter` kernel. On them, a forward
 * convolution over transposed tensors (see {@link conv2d}): xᵀ [C_in, H, W, N] with the filter
 * ∂L/∂outᵀ [oh, ow, N, C_out] dilated by the stride; rows past kh (when the stride does not divide
 * the padded size) are cut off, and [C_in, kh, kw, C_out] is transposed to [kh, kw, C_in, C_out].
 */
function filterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: number[],
  stride: number,
  pad: Padding,
): tf.Tensor {
  const [kh, kw, cin, cout] = filterShape;
  if (
    !CONV_AS_FORWARD.has(tf.getBackend()) && tf.getKernel("Conv2DBackpropFilter", tf.getBackend())
  ) {
    return tf.engine().runKernel(
      "Conv2DBackpropFilter",
      { x, dy },
      {
        strides: [stride, stride],
        pad,
        dataFormat: "NHWC",
        dimRoundingMode: undefined,
        filterShape,
      } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;
  }
  const [, h, w] = x.shape;
  const [, oh, ow] = dy.shape;
  return tf.tidy(() => {
    const xt = tf.transpose(x, [3, 1, 2, 0]);
    const dyt = tf.transpose(dy, [1, 2, 0, 3]);
    const padding = [
      [0, 0],
      padAmount(pad, h, oh, kh, stride),
      padAmount(pad, w, ow, kw, stride),
      [0, 0],
    ] as tf.backend_util.ExplicitPadding;
    let dw = tf.conv2d(xt, dyt, 1, padding, "NHWC", stride); // [C_in, ≥kh, ≥kw, C_out]
    if (dw.shape[1] !== kh || dw.shape[2] !== kw) dw = tf.slice(dw, 0, [cin, kh, kw, cout]);
    return tf.transpose(dw, [1, 2, 0, 3]);
  });
}
/**
 * out[n,i,j,c] = max over a k×k window of x;  ∂out/∂x = 1 at the window's maximum, 0 elsewhere.
 */
export function maxPool2d(x: Tensor, kernelSize = 2, stride = kernelSize): Tensor {
  Tensor.checkInputs("maxPool2d", x);
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
      POOL_GRAD_ON_HOST.has(tf.getBackend())
        ? poolGradOnHost(x.data as tf.Tensor4D, dy, filterSize, strides)
        : tf.engine().runKernel(
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
 * Backends whose tensors live in this thread's memory, where max-pooling's gradient is a loop in
 * JavaScript ({@link poolGradOnHost}) rather than the backend's `MaxPoolGrad` kernel. tfjs-wasm's
 * (4.22) sends a window's gradient to the window's first element when every value in it is
 * negative, and is 2–3× slower than the loop; tfjs-cpu's is some 30× slower (engine/README.md).
 */
const POOL_GRAD_ON_HOST = new Set(["wasm", "wasm-threads", "cpu"]);

/**
 * ∂L/∂x of max-pooling ("valid" windows of k×k, stride s): each window's ∂L/∂out goes to the
 * window's maximum (the first one, on a tie), and inputs in overlapping windows add up what each
 * window sends them. Reads x and ∂L/∂out once and writes ∂L/∂x once.
 */
function poolGradOnHost(
  x: tf.Tensor4D,
  dy: tf.Tensor,
  [k, kw]: [number, number],
  [s, sw]: [number, number],
): tf.Tensor {
  const [n, h, w, c] = x.shape;
  const [, oh, ow] = dy.shape;
  const xs = x.dataSync() as Float32Array;
  const g = dy.dataSync() as Float32Array;
  const dx = new Float32Array(x.size);
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  let o = 0;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const first = ((b * h + i * s) * w + j * sw) * c;
        for (let ch = 0; ch < c; ch++) {
          best[ch] = xs[first + ch];
          at[ch] = first + ch;
        }
        for (let di = 0; di < k; di++) {
          for (let dj = 0; dj < kw; dj++) {
            const base = ((b * h + i * s + di) * w + j * sw + dj) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = xs[base + ch];
              if (v > best[ch]) {
                best[ch] = v;
                at[ch] = base + ch;
              }
            }
          }
        }
        for (let ch = 0; ch < c; ch++) dx[at[ch]] += g[o++];
      }
    }
  }
  return tf.tensor(dx, x.shape);
}
