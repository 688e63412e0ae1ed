/**
 * Weight sharing in numbers: the parameters of a convolution next to two layers that map the
 * same input map to the same output map without sharing. Plain arithmetic, no engine; the
 * claims (claims/experiments.ts, "conv.params") count the engine's modules, and
 * tests/components/conv.test.ts checks the two agree.
 */
import { convParams, outSize } from "./math.ts";

export interface ConvCompare {
  /** Values in the input map: side² · c_in. */
  inputs: number;
  /** Values in the output map: (side − k + 1)² · c_out (a valid convolution, stride 1). */
  outputs: number;
  /** The convolution: c_out filters of k²·c_in weights and a bias, used at every position. */
  shared: number;
  /** Locally connected: each output value its own k²·c_in weights and bias (no sharing). */
  local: number;
  /** Dense (nn.Linear): every output value joined to every input value, plus a bias. */
  dense: number;
}

export function convCompare(side: number, cIn: number, cOut: number, k: number): ConvCompare {
  const o = outSize(side, k);
  const inputs = side * side * cIn, outputs = o * o * cOut;
  return {
    inputs,
    outputs,
    shared: convParams(cIn, cOut, k),
    local: outputs * (k * k * cIn + 1),
    dense: inputs * outputs + outputs,
  };
}
