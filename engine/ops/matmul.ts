/** Matrix product. */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "../errors.ts";
import { Tensor } from "../tensor.ts";

/**
 * tf.matMul with transpose flags. tfjs's WASM backend runs a flagged transpose 6–10× slower than
 * an explicit transpose followed by a plain product (measured on [64,784]·[256,784]ᵀ), so there
 * the transposes are made explicitly; other backends take the flags as they are.
 */
function mm(A: tf.Tensor, B: tf.Tensor, ta: boolean, tb: boolean): tf.Tensor {
  if ((!ta && !tb) || !tf.getBackend().startsWith("wasm")) return tf.matMul(A, B, ta, tb);
  const swapLast = (t: tf.Tensor) => {
    const perm = [...t.shape.keys()];
    [perm[t.rank - 2], perm[t.rank - 1]] = [perm[t.rank - 1], perm[t.rank - 2]];
    return tf.transpose(t, perm);
  };
  return tf.tidy(() => tf.matMul(ta ? swapLast(A) : A, tb ? swapLast(B) : B));
}

/**
 * out = op(a) · op(b), where op transposes the last two axes when asked (so `linear` can keep
 * PyTorch's [out, in] weight without a transpose kernel). For out = A·B:
 *   ∂L/∂A = ∂L/∂out · Bᵀ   and   ∂L/∂B = Aᵀ · ∂L/∂out.
 * The four transpose cases follow from that with Aᵀ and Bᵀ swapped in.
 */
export function matmul(
  a: Tensor,
  b: Tensor,
  opts: { transposeA?: boolean; transposeB?: boolean } = {},
): Tensor {
  const ta = opts.transposeA ?? false, tb = opts.transposeB ?? false;
  Tensor.checkInputs("matmul", a, b);
  if (a.rank < 2 || b.rank < 2 || a.rank !== b.rank) {
    throw new EngineError(
      `matmul: needs two matrices (or batches of the same rank), got shapes ${fmtShape(a.shape)} ` +
        `and ${fmtShape(b.shape)}`,
    );
  }
  const inner = (t: Tensor, last: boolean) => t.shape[t.rank - (last ? 1 : 2)];
  const ka = inner(a, !ta), kb = inner(b, tb);
  if (ka !== kb) {
    throw new EngineError(
      `matmul: shapes ${fmtShape(a.shape)}${ta ? "ᵀ" : ""} and ${fmtShape(b.shape)}${
        tb ? "ᵀ" : ""
      } do not match (inner dimensions ${ka} and ${kb} differ)`,
    );
  }
  return Tensor.fromOp("matmul", mm(a.data, b.data, ta, tb), [a, b], (dy) => {
    const A = a.data, B = b.data;
    const dA = () => ta ? mm(B, dy, tb, true) /* (dy·op(B)ᵀ)ᵀ */ : mm(dy, B, false, !tb);
    const dB = () => tb ? mm(dy, A, true, ta) /* (op(A)ᵀ·dy)ᵀ */ : mm(A, dy, !ta, false);
    // Only the inputs that need a gradient get one: the data fed to a model needs none.
    return [a.requiresGrad ? dA() : null, b.requiresGrad ? dB() : null];
  });
}
