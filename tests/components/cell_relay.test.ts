/**
 * The notebook's relay (components/cells/relay.ts) with a scripted cell realm: what the realm
 * posts reaches only the running cell, malformed outputs are dropped, a `ready` after the first is
 * ignored, the verdict is the relay's own judgement of the outcomes, and a realm that does not
 * take a run is reported lost.
 */
import assert from "node:assert/strict";
import { type CellRealm, CellRelay, validOutput } from "../../components/cells/relay.ts";
import type { FromHost, ToHost } from "../../components/runtime/protocol.ts";

/** A realm whose answers the test writes: `reply(m)` answers each message the relay sends. */
function scripted(reply: (m: ToHost, post: (x: unknown) => void) => void): CellRealm {
  const realm: CellRealm = {
    onmessage: null,
    onerror: null,
    postMessage(m) {
      const post = (x: unknown) =>
        queueMicrotask(() => realm.onmessage?.({ data: x } as MessageEvent));
      reply(structuredClone(m), post);
    },
    terminate() {},
  };
  return realm;
}

const READY = {
  type: "ready",
  backend: { name: "cpu", how: "forced", timings: [], skipped: [], worker: true },
};

Deno.test("cell relay: forged messages reach no other cell, and verdicts are the relay's", async () => {
  const sent: FromHost[] = [];
  const relay = new CellRelay(
    () =>
      scripted((m, post) => {
        if (m.type === "workspace") post(READY);
        if (m.type !== "exec") return;
        post({ type: "started", cell: m.cell });
        // Everything a hostile cell could post.
        post(READY);
        for (const cell of [-1, 0, 2, 7, m.cell + 1]) {
          post({ type: "output", cell, output: { kind: "text", text: "FORGED" } });
          post({ type: "done", cell, ms: 0, verdict: { ok: true, reason: "codeOk" } });
        }
        post({ type: "output", cell: m.cell, output: { kind: "image", pixels: 1, cols: "x" } });
        post({ type: "output", cell: m.cell, output: { kind: "text", text: "mine" } });
        // Outcomes of a wrong numericGrad (0 for every case), with a forged verdict beside them.
        post({
          type: "done",
          cell: m.cell,
          ms: 0,
          verdict: { ok: true, reason: "codeOk", detail: {} },
          outcomes: { cases: [0, 1, 2, 3, 4].map(() => ({ value: 0 })) },
        });
      }),
    (m) => sent.push(m),
  );
  await relay.open({ type: "workspace", probe: { sizes: [2, 1], batch: 1 } });
  await relay.exec({
    type: "exec",
    cell: 7,
    code: "function numericGrad() { return 0 }",
    check: "numericGrad",
  });
  assert.equal(sent.filter((m) => m.type === "ready").length, 1);
  const outputs = sent.filter((m) => m.type === "output");
  assert.ok(outputs.every((m) => m.type === "output" && m.cell === 7));
  assert.deepEqual(outputs.map((m) => m.type === "output" && m.output), [
    { kind: "text", text: "mine" },
  ]);
  const done = sent.filter((m) => m.type === "done");
  assert.equal(done.length, 1);
  assert.equal(done[0].type === "done" && done[0].verdict?.reason, "valueMismatch");
});

Deno.test("cell relay: a realm that does not take a run is reported lost", async () => {
  const sent: FromHost[] = [];
  const relay = new CellRelay(
    () => scripted((m, post) => m.type === "workspace" && post(READY)),
    (m) => sent.push(m),
  );
  await relay.open({ type: "workspace", probe: { sizes: [2, 1], batch: 1 } });
  await relay.exec({ type: "exec", cell: 0, code: "1" });
  assert.deepEqual(sent.map((m) => m.type), ["ready", "lost"]);
});

Deno.test("cell relay: outputs are rebuilt within bounds or dropped", () => {
  assert.equal(validOutput({ kind: "text", text: 5 }), null);
  assert.equal(validOutput({ kind: "progress", fraction: 2, text: "" }), null);
  assert.equal(validOutput({ kind: "plot", data: [[1], [1, 2]], labels: ["y"] }), null);
  assert.equal(
    validOutput({
      kind: "image",
      pixels: new Uint8Array(4),
      width: 2,
      height: 2,
      count: 2,
      cols: 1,
    }),
    null,
  );
  assert.equal(validOutput({ kind: "table", columns: ["a"], rows: [[{}]] }), null);
  assert.equal(validOutput({ kind: "script", text: "x" }), null);
  assert.deepEqual(validOutput({ kind: "text", text: "a", dropped: 3, extra: 1 }), {
    kind: "text",
    text: "a",
    dropped: 3,
  });
  const image = validOutput({
    kind: "image",
    pixels: new Uint8Array(8),
    width: 2,
    height: 2,
    count: 2,
    cols: 50,
  });
  assert.equal(image?.kind === "image" && image.cols, 2);
});

Deno.test("cell relay: a predict experiment runs in a fresh realm, on the notebook's backend", async () => {
  const realms: { execs: ToHost[]; opens: ToHost[] }[] = [];
  const sent: FromHost[] = [];
  const relay = new CellRelay(() => {
    const seen = { execs: [] as ToHost[], opens: [] as ToHost[] };
    realms.push(seen);
    return scripted((m, post) => {
      if (m.type === "workspace") (seen.opens.push(m), post(READY));
      if (m.type !== "exec") return;
      seen.execs.push(m);
      post({ type: "started", cell: m.cell });
      post({ type: "done", cell: m.cell, ms: 0, outcomes: { cases: [{ value: 0.5 }] } });
    });
  }, (m) => sent.push(m));
  await relay.open({ type: "workspace", probe: { sizes: [2, 1], batch: 1 } });
  await relay.exec({ type: "exec", cell: -1, code: "const result = 0.5;", check: "measured" });
  assert.equal(realms.length, 2);
  assert.equal(realms[0].execs.length, 0, "the notebook's realm never saw the experiment");
  assert.equal(realms[1].execs.length, 1);
  assert.equal(realms[1].opens[0].type === "workspace" && realms[1].opens[0].force, "cpu");
  const done = sent.find((m) => m.type === "done");
  assert.deepEqual(done?.type === "done" && done.verdict, {
    ok: true,
    reason: "valueOk",
    detail: { value: 0.5 },
  });
});

Deno.test("cell relay: a realm that never opens, or fails to load, is an error, not a wait", async () => {
  // No answer to the workspace at all.
  const silent: FromHost[] = [];
  const relay = new CellRelay(() => scripted(() => {}), (m) => silent.push(m), 50);
  await relay.open({ type: "workspace", probe: { sizes: [2, 1], batch: 1 } });
  assert.equal(silent.length, 1);
  assert.equal(silent[0].type, "error");
  assert.match((silent[0] as { message: string }).message, /did not answer within 0.05 s/);

  // The worker's script fails to load: its error event ends the opening at once.
  const broken: FromHost[] = [];
  const failing = new CellRelay(() => {
    const realm = scripted(() => {});
    realm.postMessage = () =>
      queueMicrotask(() =>
        realm.onerror?.({ message: "blocked by CSP", preventDefault() {} } as ErrorEvent)
      );
    return realm;
  }, (m) => broken.push(m));
  const started = performance.now();
  await failing.open({ type: "workspace", probe: { sizes: [2, 1], batch: 1 } });
  assert.ok(performance.now() - started < 1000, "no wait for the timeout");
  assert.equal(broken[0]?.type, "error");
  assert.match((broken[0] as { message: string }).message, /did not start: blocked by CSP/);
});
