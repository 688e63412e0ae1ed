/** Backend choice in Deno, and falling back to the next backend when one dies mid-run. */
import * as tf from "@tensorflow/tfjs-core";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import {
  BackendGuard,
  backendName,
  F,
  Generator,
  initBackend,
  nn,
  optim,
  tensor,
} from "../../engine/mod.ts";
import { isSoftwareAdapter } from "../../engine/backend.ts";
import { WASM_PATH } from "../fixtures/runtime.ts";

const wasmPath = WASM_PATH;

Deno.test("in Deno: the GPU backends are skipped with a reason; wasm runs given its path", async () => {
  const noPath = await initBackend();
  assert.equal(noPath.name, "cpu");
  assert.deepEqual(noPath.skipped.map((s) => s.name), ["webgpu", "webgl", "wasm-threads", "wasm"]);
  assert.match(noPath.skipped[0].reason, /not in a browser/);
  assert.match(noPath.skipped[2].reason, /cross-origin isolated browser page/);
  assert.match(noPath.skipped[3].reason, /wasmPath/);

  const wasm = await initBackend({ wasmPath });
  assert.equal(wasm.name, "wasm");
  assert.equal(backendName(), "wasm");
  const a = tensor([[1, 2]], undefined, { requiresGrad: true });
  const loss = a.matmul(tensor([[3], [4]])).sum();
  loss.backward();
  assert.deepEqual(a.grad!.toArray(), [[3, 4]]);

  // conv2d gradients on WASM are forward convolutions (engine/ops/conv.ts). Same grads as on CPU.
  const convGrads = () => {
    const g = new Generator(2);
    const x = tensor(g.uniform(2 * 6 * 6 * 2), [2, 6, 6, 2], { requiresGrad: true });
    const w = tensor(g.uniform(3 * 3 * 2 * 3), [3, 3, 2, 3], { requiresGrad: true });
    for (const [stride, pad] of [[1, "valid"], [2, "same"]] as const) {
      const out = F.maxPool2d(F.conv2d(x, w, stride, pad), 2).sum();
      out.backward();
      out.dispose();
    }
    const grads = [Array.from(x.grad!.dataSync()), Array.from(w.grad!.dataSync())];
    x.dispose();
    w.dispose();
    return grads;
  };
  const onWasm = convGrads();
  await initBackend({ prefer: "cpu" });
  const onCpu = convGrads();
  onWasm.flat().forEach((v, i) =>
    assert.ok(Math.abs(v - onCpu.flat()[i]) < 1e-4, `${i}: wasm ${v} vs cpu ${onCpu.flat()[i]}`)
  );

  const forced = await initBackend({ prefer: "cpu", wasmPath });
  assert.equal(forced.name, "cpu");
  assert.deepEqual(forced.skipped, []);
});

Deno.test("BackendGuard: a backend failing mid-run falls back and carries on from the last weights", async () => {
  // A second CPU backend under another name, to play the GPU that will be lost.
  tf.registerBackend("flaky", () => new MathBackendCPU());
  for (const kernel of tf.getKernelsForBackend("cpu")) {
    tf.registerKernel({ ...kernel, backendName: "flaky" });
  }
  const choice = await initBackend({ order: ["flaky", "cpu"] });
  assert.equal(choice.name, "flaky");

  const g = new Generator(4);
  const model = new nn.Sequential(
    new nn.Linear(2, 8, { generator: g }),
    new nn.Tanh(),
    new nn.Linear(8, 1, { generator: g }),
  );
  const opt = new optim.SGD(model.parameters(), { lr: 0.2, momentum: 0.5 });
  const switches: string[] = [];
  let restored: ReturnType<typeof model.stateDict> | null = null;
  const guard = new BackendGuard({
    model,
    optimizer: opt,
    checkpointEvery: 5,
    onFallback: (c) => {
      switches.push(c.name);
      restored = model.stateDict();
    },
  });
  let failNow = false;
  const step = () => {
    if (failNow && backendName() === "flaky") throw new Error("WebGL context lost (simulated)");
    const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = tensor([[0], [1], [1], [0]]);
    opt.zeroGrad();
    const loss = F.mseLoss(model.forward(x), y);
    loss.backward();
    opt.step();
    const value = loss.item();
    [loss, x, y].forEach((t) => t.dispose());
    return value;
  };
  for (let i = 0; i < 10; i++) await guard.run(step);
  assert.equal(guard.checkpointStep, 10);
  const atCheckpoint = model.stateDict();
  for (let i = 0; i < 2; i++) await guard.run(step);
  assert.notDeepEqual(model.stateDict(), atCheckpoint);

  failNow = true;
  await guard.run(step); // fails on "flaky", restores step 10's weights on "cpu", runs again
  assert.deepEqual(switches, ["cpu"]);
  assert.deepEqual(restored, atCheckpoint);
  assert.equal(backendName(), "cpu");
  assert.equal(guard.steps, 11);

  const losses: number[] = [];
  for (let i = 0; i < 200; i++) losses.push(await guard.run(step));
  assert.ok(losses[199] < losses[0], `training carries on: ${losses[0]} → ${losses[199]}`);
  model.dispose();
  opt.dispose();
  tf.removeBackend("flaky");
});

Deno.test("BackendGuard: when the next backend fails too, it carries on on the one after", async () => {
  // Two backends that fail (software WebGPU dying took the worker's WebGL context with it).
  for (const name of ["dead1", "dead2"]) {
    tf.registerBackend(name, () => new MathBackendCPU());
    for (const kernel of tf.getKernelsForBackend("cpu")) {
      tf.registerKernel({ ...kernel, backendName: name });
    }
  }
  assert.equal((await initBackend({ order: ["dead1", "dead2", "cpu"] })).name, "dead1");
  const model = new nn.Linear(2, 1, { generator: new Generator(1) });
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const switches: string[] = [];
  const guard = new BackendGuard({
    model,
    optimizer: opt,
    checkpointEvery: 1,
    onFallback: (c) => void switches.push(c.name),
  });
  let fail = false;
  const step = () => {
    if (fail && backendName().startsWith("dead")) throw new Error(`${backendName()} died`);
    opt.zeroGrad();
    const loss = F.mseLoss(model.forward(tensor([[1, 2]])), tensor([[1]]));
    loss.backward();
    opt.step();
    const value = loss.item();
    loss.dispose();
    return value;
  };
  await guard.run(step);
  fail = true;
  await guard.run(step);
  assert.deepEqual(switches, ["dead2", "cpu"]);
  assert.equal(backendName(), "cpu");
  assert.equal(guard.steps, 2);
  model.dispose();
  opt.dispose();
  for (const name of ["dead1", "dead2"]) tf.removeBackend(name);
});

Deno.test("a software WebGPU adapter (SwiftShader) is recognized, so WebGL is picked first", () => {
  assert.equal(isSoftwareAdapter({ info: { architecture: "swiftshader" } }), true);
  assert.equal(isSoftwareAdapter({ isFallbackAdapter: true }), true);
  assert.equal(isSoftwareAdapter({ info: { isFallbackAdapter: true } }), true);
  assert.equal(isSoftwareAdapter({ info: { architecture: "ampere", description: "" } }), false);
});
