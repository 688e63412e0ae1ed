/**
 * Every engine op on the WASM backend gives what it gives on CPU (where ops.test.ts checks it
 * against finite differences and `tf.grads`): the value and every gradient, for each case of
 * op_cases.ts. The engine takes other paths there (conv2d's gradients as forward convolutions,
 * max-pooling's gradient in JavaScript) over other kernels; a wrong kernel shows here (tfjs-wasm's
 * MaxPoolGrad sent an all-negative window's gradient to its first element).
 */
import assert from "node:assert/strict";
import { engineResult } from "./check_op.ts";
import { cases } from "./op_cases.ts";
import { initBackend } from "../../engine/mod.ts";
import { WASM_PATH } from "../fixtures/runtime.ts";

Deno.test("every op on WASM matches the same op on CPU (value and gradients)", async () => {
  assert.equal((await initBackend({ wasmPath: WASM_PATH })).name, "wasm");
  const onWasm = cases.map(engineResult);
  assert.equal((await initBackend({ prefer: "cpu" })).name, "cpu");
  const onCpu = cases.map(engineResult);
  const wrong: string[] = [];
  cases.forEach((c, k) => {
    const tol = 10 * (c.atol ?? 2e-3);
    const compare = (what: string, a: number[] | null, b: number[] | null) => {
      if (a === null || b === null) {
        if (a !== b) wrong.push(`${c.name} ${what}: ${a === null ? "none" : "one"} on WASM`);
        return;
      }
      if (a.length !== b.length) return wrong.push(`${c.name} ${what}: ${a.length} vs ${b.length}`);
      const i = a.findIndex((v, j) =>
        !(Math.abs(v - b[j]) <= tol * (1 + Math.abs(b[j])) ||
          (Number.isNaN(v) && Number.isNaN(b[j])))
      );
      if (i >= 0) wrong.push(`${c.name} ${what}[${i}]: WASM ${a[i]}, CPU ${b[i]}`);
    };
    compare("value", onWasm[k].value, onCpu[k].value);
    onWasm[k].grads.forEach((g, i) => compare(`∂/∂input ${i}`, g, onCpu[k].grads[i]));
  });
  assert.deepEqual(wrong, []);
});
