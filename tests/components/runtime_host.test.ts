/**
 * The runtime's host in Deno, with no worker: the protocol end to end through a plain function
 * (measured choice, cached and forced backends, play/pause/step, snapshots, a diverging loss, a
 * backend failing mid-run, tensors flat over 10,000 steps).
 */
import * as tf from "@tensorflow/tfjs-core";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import { type HostOptions, type Registry, RuntimeHost } from "../../components/runtime/host.ts";
import { BackendLostError } from "../../components/runtime/fallback.ts";
import type { FromHost, ToHost } from "../../components/runtime/protocol.ts";
import { TRAINERS } from "../../components/trainers.ts";
import { backendName, numTensors } from "../../engine/mod.ts";
import { SMALL_PLAYGROUND, WASM_PATH } from "../fixtures/runtime.ts";

const wasmPath = WASM_PATH;

const PROPS = SMALL_PLAYGROUND;

type Snap = { trainLoss: number; testLoss: number; map: Float32Array };

/** A host and the messages it sent, with a way to wait for one. */
function harness(options: Partial<HostOptions> = {}, registry: Registry = TRAINERS) {
  const messages: FromHost[] = [];
  const waiting: { test: (m: FromHost) => boolean; resolve: (m: FromHost) => void }[] = [];
  const host = new RuntimeHost(
    (m) => {
      messages.push(m);
      for (const w of waiting.splice(0)) {
        if (w.test(m)) w.resolve(m);
        else waiting.push(w);
      }
    },
    registry,
    { worker: false, wasmPath, candidates: ["wasm", "cpu"], ...options },
  );
  const next = <T extends FromHost["type"]>(type: T, since = messages.length) =>
    new Promise<Extract<FromHost, { type: T }>>((resolve) => {
      const found = messages.slice(since).find((m) => m.type === type);
      if (found) resolve(found as Extract<FromHost, { type: T }>);
      else {waiting.push({
          test: (m) => m.type === type,
          resolve: resolve as (m: FromHost) => void,
        });}
    });
  const send = (m: ToHost) => host.handle(m);
  return { host, messages, next, send };
}

type Methods = Record<string, (a: unknown) => unknown>;

/**
 * The registry with one more trainer, `name`: the loss landscape's, its methods changed by
 * `patch` (a test's own methods, or a read that fails).
 */
function withLandscapeAs(name: string, patch: (methods: Methods) => void): Registry {
  return {
    ...TRAINERS,
    [name]: async () => {
      const base = await TRAINERS["loss-landscape"]();
      return {
        shape: () => name,
        create: async (engine, props) => {
          const trainer = await base.create(engine, props);
          patch(trainer.methods as Methods);
          return trainer;
        },
      };
    },
  };
}

Deno.test("runtime host: times each backend on the real model, trains, pauses, steps, caches", async () => {
  const h = harness();
  h.send({ type: "open", kind: "playground", props: PROPS });
  const ready = await h.next("ready");
  assert.equal(ready.backend.how, "measured");
  const timed = ready.backend.timings.filter((t) => t.msPerStep !== null);
  assert.deepEqual(timed.map((t) => t.name).sort(), ["cpu", "wasm"]);
  // The choice is the fastest of those timed, and the timings come fastest first.
  assert.equal(ready.backend.name, timed[0].name);
  assert.ok(timed[0].msPerStep! <= timed[1].msPerStep!);
  assert.equal(backendName(), ready.backend.name);
  assert.ok(ready.measured && ready.measured.key.startsWith("playground:"));
  assert.deepEqual(ready.measured.value.order.slice(0, 2), timed.map((t) => t.name));
  const first = (await h.next("snapshot")).data as Snap;
  assert.ok(first.trainLoss > 0.5, `starts near ln 2: ${first.trainLoss}`);
  assert.equal(first.map.length, 16 * 16);

  let mark = h.messages.length;
  h.send({ type: "play", maxSteps: 300 });
  const started = await h.next("running", mark);
  const done = await h.next("stopped", mark);
  assert.equal(done.reason, "done");
  assert.equal(done.steps, 300);
  // Start and end by the host's clock: the page measures a run too short for two snapshots.
  assert.equal(started.steps, 0);
  assert.ok(started.at !== undefined && done.at !== undefined && done.at > started.at);
  const last = h.messages.filter((m) => m.type === "snapshot").at(-1)!;
  assert.equal(last.type === "snapshot" && last.steps, 300);
  const snap = (last as { data: Snap }).data;
  assert.ok(snap.trainLoss < first.trainLoss * 0.7, `${first.trainLoss} → ${snap.trainLoss}`);

  // Pause stops an open-ended run; a call made while training is answered between slices.
  mark = h.messages.length;
  h.send({ type: "play" });
  await h.next("running", mark);
  h.send({ type: "call", id: 7, method: "sync" });
  const answer = await h.next("result", mark);
  assert.equal(answer.id, 7);
  // A preload (the reader's intent, or idle) while training changes nothing: the run goes on.
  h.send({ type: "preload" });
  const since = h.messages.length;
  await Promise.race([h.next("stopped", since), h.next("snapshot", since)]);
  await Promise.race([h.next("stopped", since), h.next("snapshot", h.messages.length)]);
  assert.ok(!h.messages.slice(mark).some((m) => m.type === "stopped"), "a preload stops no run");
  h.send({ type: "pause" });
  const paused = await h.next("stopped", mark);
  assert.equal(paused.reason, "paused");
  assert.ok(paused.steps > 300);

  mark = h.messages.length;
  h.send({ type: "step", n: 3 });
  const stepped = await h.next("snapshot", mark);
  assert.equal(stepped.steps, paused.steps + 3);

  // The same model shape again, with the page's remembered measurement: no timing.
  mark = h.messages.length;
  h.send({
    type: "open",
    kind: "playground",
    props: PROPS,
    cache: { [ready.measured!.key]: ready.measured!.value },
  });
  const again = await h.next("ready", mark);
  assert.equal(again.backend.how, "cached");
  assert.equal(again.measured, undefined);
  assert.equal(again.backend.name, ready.backend.name);

  mark = h.messages.length;
  h.send({ type: "open", kind: "playground", props: PROPS, force: "cpu" });
  const forced = await h.next("ready", mark);
  assert.equal(forced.backend.how, "forced");
  assert.equal(forced.backend.name, "cpu");
  h.send({ type: "close" });
});

Deno.test("runtime host: a diverging loss stops training with the engine's advice", async () => {
  const h = harness({ candidates: ["cpu"] });
  h.send({
    type: "open",
    kind: "playground",
    props: { ...PROPS, optimizer: "sgd", lr: 1e38, hidden: [8, 8] },
  });
  await h.next("ready");
  const mark = h.messages.length;
  h.send({ type: "play", maxSteps: 5000 });
  const error = await h.next("error", mark);
  assert.equal(error.nonFinite, true);
  assert.match(error.message, /Lower the learning rate/);
  const stopped = await h.next("stopped", mark);
  assert.equal(stopped.reason, "error");
  h.send({ type: "close" });
});

Deno.test("runtime host: a method the trainer does not have is an error answer", async () => {
  const h = harness({ candidates: ["cpu"] });
  h.send({ type: "open", kind: "loss-landscape", props: { kind: "mse" } });
  await h.next("ready");
  let mark = h.messages.length;
  h.send({ type: "call", id: 1, method: "landscape" });
  const grid = await h.next("result", mark);
  assert.ok(grid.value instanceof Float32Array && grid.error === undefined);
  // Neither an unknown name nor one inherited from Object (the page's strings are not trusted).
  for (const method of ["predict", "toString", "__proto__"]) {
    mark = h.messages.length;
    h.send({ type: "call", id: 2, method });
    const answer = await h.next("result", mark);
    assert.equal(answer.error, `no trainer answers "${method}"`);
  }
  h.send({ type: "close" });
});

Deno.test("runtime host: a call's answer carries the session's tensors as of then", async () => {
  const kept: tf.Tensor[] = [];
  const registry = withLandscapeAs("keeper", (methods) => {
    methods.keep = () => kept.push(tf.zeros([2]));
    methods.free = () => kept.splice(0).forEach((t) => t.dispose());
  });
  const h = harness({ candidates: ["cpu"] }, registry);
  h.send({ type: "open", kind: "keeper", props: { kind: "mse" } });
  await h.next("ready");
  const snap = await h.next("snapshot");
  let mark = h.messages.length;
  h.send({ type: "call", id: 1, method: "landscape" });
  const flat = await h.next("result", mark);
  assert.equal(flat.tensors, snap.tensors, "a call that keeps nothing");
  for (const [id, method, more] of [[2, "keep", 1], [3, "keep", 2], [4, "free", 0]] as const) {
    mark = h.messages.length;
    h.send({ type: "call", id, method });
    assert.equal((await h.next("result", mark)).tensors, snap.tensors + more, method);
  }
  h.send({ type: "close" });
});

Deno.test("runtime host: an unknown trainer or a failing build is an error message, not a hang", async () => {
  const h = harness({ candidates: ["cpu"] });
  h.send({ type: "open", kind: "nope", props: {} });
  const error = await h.next("error");
  assert.match(error.message, /no trainer named "nope"/);
  h.send({ type: "play" });
  const stopped = await h.next("stopped");
  assert.equal(stopped.reason, "error");
});

Deno.test("runtime host: a blocking step does not stretch the timing past its budget", async () => {
  // A step that blocks the thread for 150 ms, as the CPU backend's synchronous kernels do with
  // a large model: the host cannot interrupt it, but takes no new step once the budget is spent.
  let steps = 0;
  const registry: Registry = {
    ...TRAINERS,
    blocking: async () => {
      const base = await TRAINERS.playground();
      return {
        shape: () => "blocking",
        create: async (engine, props) => {
          const trainer = await base.create(engine, props);
          const step = trainer.step.bind(trainer);
          trainer.step = () => {
            steps++;
            const until = performance.now() + 150;
            while (performance.now() < until) { /* blocked */ }
            return step();
          };
          return trainer;
        },
      };
    },
  };
  const h = harness({ candidates: ["cpu"], measureBudgetMs: 400 }, registry);
  h.send({ type: "open", kind: "blocking", props: PROPS });
  const ready = await h.next("ready");
  // Warm-up (150 ms), then timed steps while time is left: 2 of them, not the 5 asked for.
  assert.ok(steps <= 4, `${steps} steps taken while timing a 400 ms budget`);
  assert.equal(ready.backend.timings[0].name, "cpu");
  assert.ok(ready.backend.timings[0].msPerStep! >= 150);
  h.send({ type: "close" });
});

/** A CPU backend registered as "flaky" (its kernels once: tfjs keeps them past removeBackend). */
function registerFlaky(): void {
  tf.registerBackend("flaky", () => new MathBackendCPU());
  for (const kernel of tf.getKernelsForBackend("cpu")) {
    if (!tf.getKernel(kernel.kernelName, "flaky")) {
      tf.registerKernel({ ...kernel, backendName: "flaky" });
    }
  }
}

Deno.test("runtime host: a backend failing mid-run falls back and carries on from the checkpoint", async () => {
  // A second CPU backend under another name, to play the GPU that will be lost.
  registerFlaky();
  let failAt = Infinity;
  let stepsSeen = 0;
  const registry: Registry = {
    ...TRAINERS,
    flaky: async () => {
      const base = await TRAINERS.playground();
      return {
        shape: () => "flaky",
        create: async (engine, props) => {
          const trainer = await base.create(engine, props);
          const step = trainer.step.bind(trainer);
          trainer.step = () => {
            if (++stepsSeen === failAt && backendName() === "flaky") {
              throw new Error("WebGL context lost (simulated)");
            }
            return step();
          };
          return trainer;
        },
      };
    },
  };
  const h = harness({ candidates: ["flaky", "cpu"], checkpointMs: 0 }, registry);
  h.send({
    type: "open",
    kind: "flaky",
    props: PROPS,
    cache: { "flaky:flaky": { order: ["flaky", "cpu"], timings: [], skipped: [] } },
  });
  const ready = await h.next("ready");
  assert.equal(ready.backend.name, "flaky");
  stepsSeen = 0;
  failAt = 150;
  h.send({ type: "play", maxSteps: 400 });
  const fallback = await h.next("fallback");
  assert.equal(fallback.from, "flaky");
  assert.equal(fallback.backend.name, "cpu");
  assert.equal(fallback.backend.how, "fallback");
  assert.deepEqual(
    fallback.backend.skipped[0],
    {
      name: "flaky",
      reason: "failed during training",
      detail: "WebGL context lost (simulated)",
    },
    "the badge's details say what went wrong",
  );
  assert.ok(fallback.steps > 0 && fallback.steps < 150, `checkpoint at ${fallback.steps}`);
  const stopped = await h.next("stopped");
  assert.equal(stopped.reason, "done");
  assert.equal(stopped.steps, 400);
  assert.equal(backendName(), "cpu");
  const snaps = h.messages.filter((m) => m.type === "snapshot") as { data: Snap }[];
  assert.ok(snaps.at(-1)!.data.trainLoss < snaps[0].data.trainLoss * 0.7);
  h.send({ type: "close" });
  tf.removeBackend("flaky");
});

Deno.test("runtime host: a call on a backend that is lost falls back and is answered there", async () => {
  // A CPU under another name plays the GPU; its lost read is a BackendLostError.
  registerFlaky();
  const registry = withLandscapeAs("flaky", (methods) => {
    const landscape = methods.landscape;
    methods.landscape = (a: unknown) => {
      if (backendName() === "flaky") throw new BackendLostError("context lost (simulated)");
      return landscape(a);
    };
    methods.bad = () => {
      throw new Error("bad argument");
    };
  });
  const h = harness({ candidates: ["flaky", "cpu"], checkpointMs: 0 }, registry);
  h.send({
    type: "open",
    kind: "flaky",
    props: { kind: "mse" },
    cache: { "flaky:flaky": { order: ["flaky", "cpu"], timings: [], skipped: [] } },
  });
  const ready = await h.next("ready");
  assert.equal(ready.backend.name, "flaky");
  // Any other failure is the answer, and nothing falls back.
  let mark = h.messages.length;
  h.send({ type: "call", id: 1, method: "bad" });
  assert.equal((await h.next("result", mark)).error, "bad argument");
  assert.equal(backendName(), "flaky");
  // A lost backend: the session falls back (the page hears it) and the call is answered on CPU.
  mark = h.messages.length;
  h.send({ type: "call", id: 2, method: "landscape" });
  const answer = await h.next("result", mark);
  assert.equal(answer.error, undefined);
  assert.ok(answer.value instanceof Float32Array && answer.value.length > 0);
  const fallback = await h.next("fallback", mark);
  assert.equal(fallback.from, "flaky");
  assert.equal(fallback.backend.name, "cpu");
  assert.equal(backendName(), "cpu");
  h.send({ type: "close" });
  tf.removeBackend("flaky");
});

Deno.test("runtime host: tensors stay flat over 10,000 steps", async () => {
  const h = harness({ candidates: ["wasm"] });
  h.send({ type: "open", kind: "playground", props: PROPS, force: "wasm" });
  await h.next("ready");
  let mark = h.messages.length;
  // Counted mid-epoch both times (the shuffled epoch's tensors live while it lasts).
  h.send({ type: "play", maxSteps: 100 });
  await h.next("stopped", mark);
  const before = numTensors();
  mark = h.messages.length;
  h.send({ type: "play", maxSteps: 10_100 });
  await h.next("stopped", mark);
  assert.equal(numTensors(), before);
  mark = h.messages.length;
  h.send({ type: "close" });
  h.send({ type: "call", id: 1, method: "sync" });
  await h.next("result", mark);
  assert.ok(numTensors() < before, "closing frees the trainer's tensors");
});

Deno.test("runtime host in a worker: trains on a quick backend at once, the rest timed by a second host; a switch carries the weights over", async () => {
  const h = harness({ worker: true, candidates: ["wasm", "cpu", "webgl"] });
  h.send({ type: "open", kind: "playground", props: PROPS });
  const ready = await h.next("ready");
  assert.equal(ready.backend.how, "measuring");
  assert.deepEqual(ready.pending?.candidates, ["webgl"]);
  assert.ok(ready.pending!.budgetLeftMs > 0 && ready.pending!.budgetLeftMs <= 1500);
  assert.equal(ready.measured, undefined, "nothing remembered until every backend is timed");
  assert.ok(["wasm", "cpu"].includes(ready.backend.name));

  // The second host: in Deno, WebGL cannot start, which is its answer.
  const probe = harness({ worker: true });
  probe.send({
    type: "measure",
    kind: "playground",
    props: PROPS,
    candidates: ready.pending!.candidates,
    budgetMs: ready.pending!.budgetLeftMs,
  });
  const measured = await probe.next("measured");
  assert.deepEqual(measured.skipped.map((s) => s.name), ["webgl"]);

  // Train, then move to the other quick backend as if it had been found faster.
  let mark = h.messages.length;
  h.send({ type: "play", maxSteps: 200 });
  await h.next("stopped", mark);
  const before = (h.messages.filter((m) => m.type === "snapshot").at(-1) as { data: Snap }).data;
  const other = ready.backend.name === "wasm" ? "cpu" : "wasm";
  mark = h.messages.length;
  h.send({ type: "switch", order: [other], timings: [], skipped: [] });
  const moved = await h.next("backend", mark);
  assert.equal(moved.backend.name, other);
  assert.equal(backendName(), other);
  mark = h.messages.length;
  h.send({ type: "step", n: 1 });
  const after = (await h.next("snapshot", mark)).data as Snap;
  // One more step from the same weights: the loss carries on from where it was.
  assert.ok(
    Math.abs(after.trainLoss - before.trainLoss) < 0.05,
    `${before.trainLoss} → ${after.trainLoss}`,
  );
  h.send({ type: "close" });
});

// Issue 20: the Playground's network diagram redraws with every snapshot, so its trainer asks for
// them more often (its module's `pace`) than the host's default.
Deno.test("runtime host in a worker: a trainer's pace sets how often it sends snapshots", async () => {
  const pg = await TRAINERS.playground();
  assert.ok(pg.pace?.snapshotMs !== undefined && pg.pace.snapshotMs <= 50, "20+ a second");
  const registry: Registry = {
    plain: () => Promise.resolve({ ...pg, pace: undefined }),
    paced: () => Promise.resolve(pg),
  };
  const snapshots = async (kind: string) => {
    const h = harness(
      { worker: true, candidates: ["cpu"], quick: ["cpu"], snapshotMs: 400 },
      registry,
    );
    h.send({ type: "open", kind, props: PROPS });
    await h.next("ready");
    const mark = h.messages.length;
    h.send({ type: "play" });
    await new Promise((r) => setTimeout(r, 1200));
    h.send({ type: "pause" });
    await h.next("stopped", mark);
    const n = h.messages.slice(mark).filter((m) => m.type === "snapshot").length;
    h.send({ type: "close" });
    return n;
  };
  const plain = await snapshots("plain"), paced = await snapshots("paced");
  assert.ok(plain <= 5, `the host's 400 ms over 1.2 s: ${plain} snapshots`);
  assert.ok(paced >= 3 * plain, `the trainer's pace: ${paced} snapshots against ${plain}`);
});
