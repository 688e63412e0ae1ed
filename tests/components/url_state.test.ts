/**
 * URL state read through a per-key schema: numbers clamped (and rounded where integer), unknown
 * choices, non-numbers and malformed or overlong lists ignored (the key keeps its default).
 */
import assert from "node:assert/strict";
import { readUrlState, type UrlSchema, writeUrlState } from "../../components/lib/url_state.ts";
import { builtBumps } from "../../components/bumps/state.ts";

const defaults = {
  hidden: 10,
  lr: 0.03,
  act: "sigmoid",
  sizes: [128] as number[],
  labels: false as boolean,
};
const schema: UrlSchema<typeof defaults> = {
  hidden: { min: 1, max: 64, integer: true },
  lr: { min: 1e-4, max: 1 },
  act: { values: ["sigmoid", "relu"] },
  sizes: { maxLength: 3, minLength: 1, min: 1, max: 512, integer: true },
};
const read = (search: string) => readUrlState(search, "x", defaults, schema);

Deno.test("numbers are clamped into the schema's range and rounded where integer", () => {
  assert.equal(read("?x.hidden=100000").hidden, 64);
  assert.equal(read("?x.hidden=1e308").hidden, 64);
  assert.equal(read("?x.hidden=0").hidden, 1);
  assert.equal(read("?x.hidden=-1").hidden, 1);
  assert.equal(read("?x.hidden=7.6").hidden, 8);
  assert.equal(read("?x.lr=5").lr, 1);
  assert.equal(read("?x.lr=0").lr, 1e-4);
  assert.equal(read("?x.lr=0.1").lr, 0.1);
});

Deno.test("a number that is not one keeps the default", () => {
  for (const raw of ["NaN", "Infinity", "-Infinity", "", " ", "abc", "1e999", "0x", "<b>"]) {
    assert.equal(read(`?x.hidden=${encodeURIComponent(raw)}`).hidden, 10, raw);
    assert.equal(read(`?x.lr=${encodeURIComponent(raw)}`).lr, 0.03, raw);
  }
});

Deno.test("an unknown choice keeps the default; a known one is taken", () => {
  assert.equal(read("?x.act=relu").act, "relu");
  assert.equal(read("?x.act=tanh").act, "sigmoid");
  assert.equal(read(`?x.act=${encodeURIComponent("<img src=x onerror=alert(1)>")}`).act, "sigmoid");
  assert.equal(read("?x.act=").act, "sigmoid");
});

Deno.test("number choices: a value outside the list keeps the default", () => {
  const d = { batch: 64 };
  const s: UrlSchema<typeof d> = { batch: { values: [32, 64, 128] } };
  assert.equal(readUrlState("?b.batch=128", "b", d, s).batch, 128);
  assert.equal(readUrlState("?b.batch=0", "b", d, s).batch, 64);
  assert.equal(readUrlState("?b.batch=100", "b", d, s).batch, 64);
});

Deno.test("lists: each element clamped; malformed, too long or too short lists ignored", () => {
  assert.deepEqual(read("?x.sizes=100000,100000").sizes, [512, 512]);
  assert.deepEqual(read("?x.sizes=0,3.4").sizes, [1, 3]);
  assert.deepEqual(read("?x.sizes=1,2,3,4").sizes, [128]);
  assert.deepEqual(read("?x.sizes=").sizes, [128]);
  assert.deepEqual(read("?x.sizes=1,,2").sizes, [128]);
  assert.deepEqual(read("?x.sizes=1,NaN").sizes, [128]);
  assert.deepEqual(read("?x.sizes=1,Infinity").sizes, [128]);
  assert.deepEqual(read("?x.sizes=a,b").sizes, [128]);
  // A huge list is not even split.
  assert.deepEqual(read(`?x.sizes=${"1,".repeat(1e6)}1`).sizes, [128]);
});

Deno.test("keys without a rule, booleans and other prefixes read as before", () => {
  const r = readUrlState("?x.hidden=1e9&x.labels=1&y.hidden=3", "x", defaults);
  assert.equal(r.hidden, 1e9);
  assert.equal(r.labels, true);
  assert.equal(read("?y.hidden=3").hidden, 10);
  assert.deepEqual(read(""), defaults);
});

Deno.test("what writeUrlState writes reads back the same through the schema", () => {
  const state = { hidden: 32, lr: 0.1, act: "relu", sizes: [64, 32], labels: true };
  const search = writeUrlState("?other=1", "x", state, defaults);
  assert.deepEqual(read(search), state);
  assert.equal(new URLSearchParams(search).get("other"), "1");
});

Deno.test("the bumps builder's URL state is bounded where the trainer reads it too", () => {
  // `?bb.n=1e9` once asked for a billion heights.
  const b = builtBumps("?bb.n=1e9&bb.h=5,-1,0.5&bb.w=1e308");
  assert.deepEqual(b.heights, [1, 0, 0.5, ...Array(17).fill(0)]);
  assert.equal(b.steepness, 1000);
  assert.equal(builtBumps("?bb.n=0").heights.length, 2);
});

Deno.test("lists: only the lists a select offers, where the schema names them", () => {
  const d = { hidden: [128] as number[] };
  const s: UrlSchema<typeof d> = { hidden: { maxLength: 2, lists: [[64], [128], [256, 128]] } };
  assert.deepEqual(readUrlState("?m.hidden=256,128", "m", d, s).hidden, [256, 128]);
  assert.deepEqual(readUrlState("?m.hidden=100000,100000", "m", d, s).hidden, [128]);
  assert.deepEqual(readUrlState("?m.hidden=64,64", "m", d, s).hidden, [128]);
});

Deno.test("free text is kept only when it has the pattern and length the schema gives", () => {
  const d = { pts: "" };
  const s: UrlSchema<typeof d> = { pts: { pattern: /^[A-Za-z0-9_-]*$/, maxLength: 8 } };
  const r = (search: string) => readUrlState(search, "pg", d, s).pts;
  assert.equal(r("?pg.pts=AbC_-9"), "AbC_-9");
  assert.equal(r("?pg.pts=AAAAAAAAA"), "", "too long");
  assert.equal(r("?pg.pts=%3Cb%3E"), "", "outside the pattern");
});
