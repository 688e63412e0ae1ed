/** Matrix product. */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError, fmtShape } from "../errors.ts";
import { Tensor } from "../tensor.ts";

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
  return Tensor.fromOp("matmul", tf.matMul(a.data, b.data, ta, tb), [a, b], (dy) => {
    const A = a.data, B = b.data;
    const dA = () =>
      ta ? tf.matMul(B, dy, tb, true) /* (dy·op(B)ᵀ)ᵀ */ : tf.matMul(dy, B, false, !tb);
    const dB = () =>
      tb ? tf.matMul(dy, A, true, ta) /* (op(A)ᵀ·dy)ᵀ */ : tf.matMul(A, dy, !ta, false);
    // Only the inputs that need a gradient get one: the data fed to a model needs none.
    return [a.requiresGrad ? dA() : null, b.requiresGrad ? dB() : null];
  });
}
