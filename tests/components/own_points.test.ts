/**
 * The Playground's own points: CSV export and import (a round trip, and every malformed case named
 * with its line), the compact URL encoding, and the multi-class path of the trainer: 3-class
 * softmax + cross-entropy on the engine against a float64 reference (loss and gradient), and the
 * trainer learning a separable 3-class layout from points sent with `update`, tensors flat.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import * as E from "../../engine/mod.ts";
import {
  classesOf,
  CsvError,
  decodePoints,
  encodePoints,
  MAX_CLASSES,
  MAX_CSV_CHARS,
  MAX_POINTS,
  type OwnPoint,
  parseCsv,
  toCsv,
} from "../../components/function/points.ts";
import {
  create,
  type PlaygroundTrainerProps,
} from "../../components/function/playground_trainer.ts";
import { SMALL_PLAYGROUND } from "../fixtures/runtime.ts";

await tf.setBackend("cpu");

const SOME: OwnPoint[] = [
  { x1: -2.5, x2: 1.25, label: 0 },
  { x1: 0, x2: -3, label: 4 },
  { x1: 3, x2: 2.99, label: 2 },
  { x1: -0.01, x2: 0.5, label: 1 },
];

Deno.test("CSV: a round trip keeps every point", () => {
  const csv = toCsv(SOME);
  assert.equal(csv.split("\n")[0], "x1,x2,label");
  assert.deepEqual(parseCsv(csv), SOME);
  // No header, CRLF, blank lines, semicolons and spaces are read too; coordinates snap to 0.01.
  assert.deepEqual(parseCsv("1.234; -2 ;1\r\n\r\n0,0,0\r\n"), [
    { x1: 1.23, x2: -2, label: 1 },
    { x1: 0, x2: 0, label: 0 },
  ]);
});

Deno.test("CSV: every malformed case names its line and what was wrong", () => {
  const cases: [string, number, RegExp][] = [
    ["x1,x2,label\n1,2\n", 2, /expected 3 fields \(x1, x2, label\), found 2/],
    ["1,2,0,5\n", 1, /found 4/],
    ["0,0,0\n1,abc,1\n", 2, /x2 "abc" is not a number/],
    ["0,,1\n", 1, /x2 "" is not a number/],
    ["0,0,0\n0,0,0\n4,0,1\n", 3, /x1 4 is outside −3 … 3/],
    ["0,-3.5,1\n", 1, /x2 -3.5 is outside/],
    ["0,0,1.5\n", 1, /label 1.5 is not a class 0 … 4/],
    ["0,0,5\n", 1, /label 5 is not a class/],
    ["0,0,-1\n", 1, /label -1 is not a class/],
    ["0,0,Infinity\n", 1, /label "Infinity" is not a number/],
  ];
  for (const [text, line, message] of cases) {
    assert.throws(() => parseCsv(text), (e: unknown) => {
      assert.ok(e instanceof CsvError, String(e));
      assert.equal(e.line, line, `${JSON.stringify(text)}: ${e.message}`);
      assert.match(e.message, new RegExp(`^line ${line}: `));
      assert.match(e.message, message);
      return true;
    });
  }
  const many = "0,0,0\n".repeat(MAX_POINTS + 1);
  assert.throws(
    () => parseCsv(many),
    new RegExp(`line ${MAX_POINTS + 1}: more than ${MAX_POINTS}`),
  );
  assert.throws(() => parseCsv("x1,x2,label\n\n"), /^CsvError: the file has no points$/);
  assert.throws(() => parseCsv(" ".repeat(MAX_CSV_CHARS + 1)), /at most 32768 are read/);
});

Deno.test("URL: points encode to 4 characters each and decode to the same points", () => {
  const s = encodePoints(SOME);
  assert.equal(s.length, 4 * SOME.length);
  assert.match(s, /^[A-Za-z0-9_-]*$/);
  assert.deepEqual(decodePoints(s), SOME);
  assert.deepEqual(decodePoints(""), []);
  // Anything else is refused whole: a length that is not a multiple of 4, a foreign character,
  // a value off the grid, too many points.
  assert.equal(decodePoints("AAA"), null);
  assert.equal(decodePoints("AA+A"), null);
  assert.equal(decodePoints("____"), null);
  assert.equal(decodePoints("AAAA".repeat(MAX_POINTS + 1)), null);
  assert.equal(decodePoints("AAAA".repeat(MAX_POINTS))?.length, MAX_POINTS);
  assert.equal(classesOf([]), 2);
  assert.equal(classesOf(SOME), MAX_CLASSES);
});

/** Float64 softmax cross-entropy (mean) and its gradient with respect to the logits. */
function reference(logits: number[][], labels: number[]): { loss: number; grad: number[][] } {
  let loss = 0;
  const grad = logits.map((row, i) => {
    const m = Math.max(...row);
    const e = row.map((v) => Math.exp(v - m));
    const z = e.reduce((a, b) => a + b, 0);
    loss += -(row[labels[i]] - m - Math.log(z));
    return e.map((v, j) => (v / z - (j === labels[i] ? 1 : 0)) / logits.length);
  });
  return { loss: loss / logits.length, grad };
}

Deno.test("3-class softmax + cross-entropy on the engine matches a float64 reference", async () => {
  const logits = [[2, -1, 0.5], [0.1, 0.2, 0.3], [-3, 4, 1], [10, -10, 0], [0, 0, 0]];
  const labels = [0, 2, 1, 1, 2];
  const x = E.tensor(logits, undefined, { requiresGrad: true });
  const y = E.tensor(Int32Array.from(labels), [labels.length], { dtype: "int32" });
  const loss = E.F.crossEntropy(x, y);
  loss.backward();
  const ref = reference(logits, labels);
  const [got] = await loss.values();
  assert.ok(Math.abs(got - ref.loss) < 1e-5, `${got} vs ${ref.loss}`);
  const g = await x.grad!.values();
  ref.grad.flat().forEach((v, i) =>
    assert.ok(Math.abs(g[i] - v) < 1e-6, `grad ${i}: ${g[i]} vs ${v}`)
  );
  for (const t of [x, y, loss]) t.dispose();
});

/** Three separable clusters of points, 10 each, flat as the island sends them. */
function clusters(): number[] {
  const centres = [[-2, -2], [2, -2], [0, 2]];
  const flat: number[] = [];
  centres.forEach(([cx, cy], label) => {
    for (let i = 0; i < 10; i++) {
      flat.push(cx + 0.3 * Math.cos(i), cy + 0.3 * Math.sin(i), label);
    }
  });
  return flat;
}

const OWN: PlaygroundTrainerProps = {
  ...SMALL_PLAYGROUND,
  points: 0,
  grid: 8,
  own: true,
  classes: 3,
};

Deno.test("playground trainer: learns 3 separable classes from the reader's points", async () => {
  const before = tf.memory().numTensors;
  const tr = await create(E, OWN);
  // No points yet: steps do nothing and the snapshot says there is nothing to measure.
  tr.step();
  const empty = await tr.snapshot();
  assert.equal(empty.trainPoints, 0);
  assert.ok(Number.isNaN(empty.trainAcc));
  tr.update!({ own: clusters(), lr: 0.03, batch: 10 });
  let alive = -1;
  for (let i = 0; i < 150; i++) {
    tr.step();
    if (i === 0) alive = tf.memory().numTensors;
  }
  const s = await tr.snapshot();
  assert.equal(s.trainPoints, 30);
  // The browser test's threshold on the same kind of layout.
  assert.equal(s.trainAcc, 1, `accuracy ${s.trainAcc}`);
  assert.equal(s.shares.length, 3);
  assert.ok(s.shares.every((p) => p > 0), `every class wins some of the map: ${s.shares}`);
  // A new point (a 4th class is beyond this network: it is left out) changes the data, not the net.
  tr.update!({ own: [...clusters(), 0, 0, 0, 1, 1, 3, 9, 9, 1] });
  tr.step();
  assert.equal((await tr.snapshot()).trainPoints, 32);
  assert.equal(tf.memory().numTensors, alive, "tensors flat over steps, snapshots and updates");
  tr.dispose();
  assert.equal(tf.memory().numTensors, before, "dispose frees every tensor");
});

Deno.test("playground trainer: 2 of the reader's classes train one logit with BCE", async () => {
  const tr = await create(E, { ...OWN, classes: 2 });
  // Left half class 0, right half class 1 (a label 2 has no output here: it is left out).
  const flat = [-2, 0, 0, -1, 1, 0, -2, -1, 0, 2, 0, 1, 1, 1, 1, 2, -1, 1, 0, 0, 2];
  tr.update!({ own: flat, lr: 0.03, batch: 10 });
  for (let i = 0; i < 150; i++) tr.step();
  const s = await tr.snapshot();
  assert.equal(s.trainPoints, 6);
  assert.equal(s.trainAcc, 1);
  assert.equal(s.shares.length, 2);
  assert.equal(s.blue, s.shares[1], "class 1 is blue, as in the datasets");
  tr.dispose();
});

Deno.test("playground trainer: bad class counts are a clear error", () => {
  assert.throws(() => create(E, { ...OWN, classes: 6 }), /classes must be an integer 2 … 5/);
  assert.throws(
    () => create(E, { ...OWN, own: false }),
    /more than 2 classes needs the reader's points/,
  );
});
