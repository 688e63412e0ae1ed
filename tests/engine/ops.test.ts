/** Every engine op on the CPU backend: value, finite differences and `tf.grads` (check_op.ts). */
import { checkOp } from "./check_op.ts";
import { cases } from "./op_cases.ts";

for (const c of cases) Deno.test(`op ${c.name}`, () => checkOp(c));
