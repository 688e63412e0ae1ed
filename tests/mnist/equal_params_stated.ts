/**
 * The equal-parameter accuracies lesson 4 states (its table under "Equal parameters"): validation
 * accuracy (%) after one epoch, [CNN, MLP 784-256-10] per seed, from claims/claims.json (the
 * experiment "mnist.equal", measured on WASM; `equal_params.test.ts` reruns it); the browser test
 * of the EqualParams island compares the page's run with them.
 */
import { claimValue } from "../../claims/mod.ts";

export const EQUAL_PARAMS_STATED: Record<number, [number, number]> = Object.fromEntries(
  [1, 2, 3].map((
    s,
  ) => [s, [claimValue(`mnist.equal.cnn.s${s}`), claimValue(`mnist.equal.mlp.s${s}`)]]),
);
