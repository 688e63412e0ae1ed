/**
 * On WASM the engine makes matmul's transposes explicit (they are 6–10× faster than tfjs's
 * transpose flags there): every flag combination, forward and both gradients, must equal CPU's.
 */
import assert from "node:assert/strict";
import { F, Generator, initBackend, tensor } from "../../engine/mod.ts";
import { WASM_PATH } from "../fixtures/runtime.ts";

const wasmPath = WASM_PATH;

function run(): number[][] {
  const out: number[][] = [];
  const g = new Generator(5);
  for (const [sa, sb] of [[[2, 3, 4], [2, 4, 5]], [[3, 4], [4, 5]]] as const) {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const shapeA = ta ? [...sa.slice(0, -2), sa.at(-1)!, sa.at(-2)!] : [...sa];
        const shapeB = tb ? [...sb.slice(0, -2), sb.at(-1)!, sb.at(-2)!] : [...sb];
        const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
        const a = tensor(g.uniform(size(shapeA)), shapeA, { requiresGrad: true });
        const b = tensor(g.uniform(size(shapeB)), shapeB, { requiresGrad: true });
        const y = F.matmul(a, b, { transposeA: ta, transposeB: tb });
        // A weighted sum, so every output element's gradient differs.
        const weights = tensor(g.uniform(y.size), y.shape);
        const loss = y.mul(weights).sum();
        out.push(Array.from(y.dataSync()));
        loss.backward();
        out.push(Array.from(a.grad!.dataSync()), Array.from(b.grad!.dataSync()));
        for (const t of [a, b, y, weights, loss]) t.dispose();
      }
    }
  }
  return out;
}

Deno.test("matmul with transposes: WASM (explicit transposes) equals CPU, values and grads", async () => {
  await initBackend({ prefer: "wasm", wasmPath });
  const onWasm = run();
  await initBackend({ prefer: "cpu" });
  const onCpu = run();
  assert.equal(onWasm.length, onCpu.length);
  onWasm.forEach((list, i) =>
    list.forEach((v, j) =>
      assert.ok(Math.abs(v - onCpu[i][j]) < 1e-4, `case ${i}[${j}]: wasm ${v}, cpu ${onCpu[i][j]}`)
    )
  );
});
