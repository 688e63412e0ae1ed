/**
 * One runtime for many sessions (`components/runtime/sessions.ts`), in Deno with no worker: two
 * trainers train at once in one engine and take turns fairly, each on its own backend; a session
 * reports only its own tensors, and ending it frees only those; a trainer that throws fails only
 * its own session.
 */
import assert from "node:assert/strict";
import { SessionRouter } from "../../components/runtime/sessions.ts";
import type { Registry } from "../../components/runtime/host.ts";
import type { FromHost, FromWorker } from "../../components/runtime/protocol.ts";
import { TRAINERS } from "../../components/trainers.ts";
import { numTensors } from "../../engine/mod.ts";
import * as tf from "@tensorflow/tfjs-core";
import { SMALL_PLAYGROUND, WASM_PATH } from "../fixtures/runtime.ts";

const wasmPath = WASM_PATH;

const PROPS = SMALL_PLAYGROUND;

function harness(registry: Registry = TRAINERS, options: { snapshotMs?: number } = {}) {
  const messages: FromWorker[] = [];
  const waiting: { test: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  const router = new SessionRouter(
    (m) => {
      messages.push(m);
      for (const w of waiting.splice(0)) {
        if (w.test(m)) w.resolve(m);
        else waiting.push(w);
      }
    },
    registry,
    { worker: false, wasmPath, candidates: ["wasm", "cpu"], sliceMs: 10, ...options },
  );
  const next = <T extends FromHost["type"]>(session: number, type: T, since = messages.length) =>
    new Promise<Extract<FromHost, { type: T }>>((resolve) => {
      const test = (m: FromWorker) => m.session === session && m.message.type === type;
      const found = messages.slice(since).find(test);
      if (found) resolve(found.message as Extract<FromHost, { type: T }>);
      else waiting.push({ test, resolve: (m) => resolve(m.message as never) });
    });
  const of = (session: number) =>
    messages.filter((m) => m.session === session).map((m) => m.message);
  return { router, messages, next, of };
}

Deno.test("runtime sessions: two trainers share one engine, each on its backend, taking turns", async () => {
  const h = harness();
  const base = numTensors();
  h.router.handle({
    session: 1,
    message: { type: "open", kind: "playground", props: PROPS, force: "wasm" },
  });
  h.router.handle({
    session: 2,
    message: { type: "open", kind: "playground", props: { ...PROPS, hidden: [6] }, force: "cpu" },
  });
  const [a, b] = await Promise.all([h.next(1, "ready"), h.next(2, "ready")]);
  assert.equal(a.backend.name, "wasm");
  assert.equal(b.backend.name, "cpu");
  const snapA = await h.next(1, "snapshot", 0);
  const snapB = await h.next(2, "snapshot", 0);
  assert.ok(snapA.tensors > 0 && snapB.tensors > 0);
  assert.equal(numTensors() - base, snapA.tensors + snapB.tensors, "each counts its own tensors");

  // Both train at once: their slices alternate, so both make progress while the other plays.
  let mark = h.messages.length;
  h.router.handle({ session: 1, message: { type: "play" } });
  h.router.handle({ session: 2, message: { type: "play" } });
  await h.next(1, "running", mark);
  await h.next(2, "running", mark);
  // Each sends snapshots while the other plays (a loaded machine only makes this slower).
  const snapsOf = (session: number) =>
    h.messages.slice(mark).filter((m) => m.session === session && m.message.type === "snapshot")
      .length;
  for (let waited = 0; waited < 60_000 && (snapsOf(1) < 3 || snapsOf(2) < 3); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const order = h.messages.slice(mark).filter((m) => m.message.type === "snapshot")
    .map((m) => m.session).join("");
  // Turns alternate: the snapshots interleave (not all of one session's, then the other's).
  const switches = [...order].filter((c, k) => k > 0 && c !== order[k - 1]).length;
  assert.ok(switches >= 3, `the sessions took turns: ${order}`);
  h.router.handle({ session: 1, message: { type: "pause" } });
  h.router.handle({ session: 2, message: { type: "pause" } });
  const [stopA, stopB] = await Promise.all([
    h.next(1, "stopped", mark),
    h.next(2, "stopped", mark),
  ]);
  assert.ok(stopA.steps > 0 && stopB.steps > 0, `${stopA.steps} and ${stopB.steps} steps`);

  // Session 1 is ended: only its tensors go; session 2 still trains on its own backend.
  mark = h.messages.length;
  h.router.handle({ session: 2, message: { type: "call", id: 1, method: "sync" } });
  await h.next(2, "result", mark);
  const lastB = h.of(2).filter((m) => m.type === "snapshot").at(-1) as { tensors: number };
  const before = numTensors();
  h.router.handle({ session: 1, end: true });
  mark = h.messages.length;
  h.router.handle({ session: 2, message: { type: "step", n: 3 } });
  const stepped = await h.next(2, "snapshot", mark);
  assert.equal(stepped.steps, stopB.steps + 3);
  assert.equal(stepped.tensors, lastB.tensors, "session 2's tensors untouched");
  // Session 1's end takes its turn too (the less-served session 2 may go first).
  for (let waited = 0; waited < 10_000 && numTensors() >= before; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(numTensors() < before, "ending session 1 freed its tensors");
  assert.equal(numTensors() - base, stepped.tensors, "only session 2's tensors are left");
  assert.equal(h.router.size, 1);
  h.router.handle({ session: 2, end: true });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(numTensors(), base, "every session ended: no tensor left");
});

Deno.test("runtime sessions: a trainer that throws fails its own session only", async () => {
  const broken: Registry = {
    ...TRAINERS,
    broken: async () => {
      const pg = await TRAINERS.playground();
      return {
        create: async (engine, props) => {
          const t = await pg.create(engine, props);
          let n = 0;
          const step = t.step.bind(t);
          t.step = () => {
            if (++n > 20) throw new Error("this trainer broke");
            return step();
          };
          return t;
        },
      };
    },
  };
  const h = harness(broken);
  h.router.handle({
    session: 1,
    message: { type: "open", kind: "broken", props: PROPS, force: "cpu" },
  });
  h.router.handle({
    session: 2,
    message: { type: "open", kind: "playground", props: PROPS, force: "cpu" },
  });
  await Promise.all([h.next(1, "ready"), h.next(2, "ready")]);
  const mark = h.messages.length;
  h.router.handle({ session: 1, message: { type: "play" } });
  h.router.handle({ session: 2, message: { type: "play", maxSteps: 200 } });
  const error = await h.next(1, "error", mark);
  assert.match(error.message, /this trainer broke/);
  const done = await h.next(2, "stopped", mark);
  assert.equal(done.reason, "done");
  assert.equal(done.steps, 200);
  assert.ok(!h.of(2).some((m) => m.type === "error"), "session 2 heard no error");
  h.router.handle({ session: 1, end: true });
  h.router.handle({ session: 2, end: true });
  await new Promise((r) => setTimeout(r, 50));
});

Deno.test("runtime sessions: a backend that failed under one trainer is started anew for the next", async () => {
  // Lesson 4 on WebGPU: DrawDigit's first step lost the WebGPU device and it carried on on WebGL;
  // InsideMlp then opened on WebGPU in the same engine and got the dead instance (every call
  // failed). Here the failure is simulated on WASM: one step throws as a lost device does.
  const flaky: Registry = {
    ...TRAINERS,
    flaky: async () => {
      const pg = await TRAINERS.playground();
      return {
        create: async (engine, props) => {
          const t = await pg.create(engine, props);
          let failed = false;
          const step = t.step.bind(t);
          t.step = () => {
            if (!failed && engine.backendName() === "wasm") {
              failed = true;
              throw new Error("the device was lost (simulated)");
            }
            return step();
          };
          return t;
        },
      };
    },
  };
  const h = harness(flaky);
  h.router.handle({
    session: 1,
    message: { type: "open", kind: "flaky", props: PROPS, force: "wasm" },
  });
  assert.equal((await h.next(1, "ready")).backend.name, "wasm");
  const dead = tf.engine().registry.wasm;
  assert.ok(dead, "session 1 runs on a WASM instance");
  let mark = h.messages.length;
  h.router.handle({ session: 1, message: { type: "step", n: 3 } });
  const fallback = await h.next(1, "fallback", mark);
  assert.equal(fallback.from, "wasm");
  assert.equal(fallback.backend.name, "cpu");
  await h.next(1, "snapshot", mark);

  // The next trainer asks for WASM: it gets a fresh instance, not the one that failed, and trains.
  mark = h.messages.length;
  h.router.handle({
    session: 2,
    message: { type: "open", kind: "playground", props: PROPS, force: "wasm" },
  });
  assert.equal((await h.next(2, "ready", mark)).backend.name, "wasm");
  await h.next(2, "snapshot", mark);
  assert.ok(tf.engine().registry.wasm, "WASM started again");
  assert.notEqual(tf.engine().registry.wasm, dead, "not the instance that failed");
  const stepped = h.messages.length;
  h.router.handle({ session: 2, message: { type: "step", n: 5 } });
  assert.equal((await h.next(2, "snapshot", stepped)).steps, 5);
  // Session 1 goes on on the CPU, taking turns with session 2 on the fresh WASM.
  h.router.handle({ session: 1, message: { type: "play", maxSteps: 20 } });
  h.router.handle({ session: 2, message: { type: "play", maxSteps: 30 } });
  const [one, two] = await Promise.all([h.next(1, "stopped", mark), h.next(2, "stopped", mark)]);
  assert.deepEqual([one.reason, two.reason], ["done", "done"]);
  assert.ok(!h.messages.some((m) => m.message.type === "error"), "no session failed");
  h.router.handle({ session: 1, end: true });
  h.router.handle({ session: 2, end: true });
  await new Promise((r) => setTimeout(r, 50));
});

Deno.test("runtime sessions: a trainer opening takes its turns backend by backend, so one training goes on meanwhile", async () => {
  // On /en/mnist/ every CNN that opened timed WASM and the CPU (a CNN's CPU step is seconds) in
  // one turn, holding up the MLP training beside it for all of that time. A snapshot after every
  // slice of session 1, so that each of its turns shows (warm backends time in tens of ms).
  const h = harness(TRAINERS, { snapshotMs: 0 });
  h.router.handle({
    session: 1,
    message: { type: "open", kind: "playground", props: PROPS, force: "cpu" },
  });
  await h.next(1, "snapshot");
  h.router.handle({ session: 1, message: { type: "play" } });
  await h.next(1, "running");
  await h.next(1, "snapshot", h.messages.length);
  // Session 2 opens with nothing forced: WASM and the CPU are timed, each a turn of its own. A
  // wide net, so that timing takes a while even once the backends are warm (earlier tests).
  const mark = h.messages.length;
  h.router.handle({
    session: 2,
    message: {
      type: "open",
      kind: "playground",
      props: { ...PROPS, points: 500, hidden: [64, 64, 64] },
    },
  });
  const ready = await h.next(2, "ready", mark);
  assert.deepEqual(
    ready.backend.timings.map((t) => t.name).sort(),
    ["cpu", "wasm"],
    "both timed",
  );
  const readyAt = h.messages.findIndex((m, i) => i >= mark && m.session === 2);
  const during = h.messages.slice(mark, readyAt)
    .filter((m) => m.session === 1 && m.message.type === "snapshot").length;
  // One turn for all of it would leave room for one snapshot at most (a slice under way).
  assert.ok(during >= 2, `${during} snapshots of session 1 while session 2 opened`);
  h.router.handle({ session: 1, message: { type: "pause" } });
  await h.next(1, "stopped", mark);
  h.router.handle({ session: 1, end: true });
  h.router.handle({ session: 2, end: true });
  await new Promise((r) => setTimeout(r, 50));
});

Deno.test("runtime sessions: turns are fair in time — a session of long steps does not crowd out one of short slices", async () => {
  const { Exclusive } = await import("../../components/runtime/exclusive.ts");
  const ex = new Exclusive();
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end) { /* a step that blocks, as a CPU kernel does */ }
    return Promise.resolve();
  };
  const long = { used: 0, active: true }, short = { used: 0, active: true };
  let longTurns = 0, shortTurns = 0;
  const until = performance.now() + 1_000;
  const loop = async (share: { used: number }, ms: number, count: () => void) => {
    while (performance.now() < until) {
      await ex.run(() => busy(ms), share);
      count();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  await Promise.all([
    loop(long, 50, () => longTurns++),
    loop(short, 5, () => shortTurns++),
  ]);
  const ratio = long.used / short.used;
  assert.ok(ratio > 0.5 && ratio < 2, `time used: ${long.used} vs ${short.used} ms`);
  // As many turns as their lengths allow: on a loaded machine a 5 ms step takes longer than 5 ms
  // of wall time (the time is what is shared fairly), so the count is compared by the time used.
  const perTurn = (used: number, turns: number) => used / Math.max(1, turns);
  assert.ok(
    perTurn(short.used, shortTurns) < perTurn(long.used, longTurns) &&
      shortTurns > longTurns,
    `${shortTurns} short turns, ${longTurns} long`,
  );
});
