/**
 * Numbers from one place (claims/): the claims file, the `<Claim name="…" />` substitution, the
 * lessons' use of it, and the cheap experiments rerun against the committed file. The expensive
 * (training) experiments are rerun for seed 1 by tests/lessons/mnist_claims.test.ts; the other
 * seeds' provenance (command and seeds) is checked here.
 */
import assert from "node:assert/strict";
import {
  claimNames,
  CLAIMS,
  type ClaimsFile,
  claimText,
  claimValue,
  formatClaim,
  substituteClaims,
  UnknownClaimError,
} from "../../claims/mod.ts";
import { EXPERIMENTS } from "../../claims/experiments.ts";
import { mergeClaims } from "../../claims/run.ts";

const sample: ClaimsFile = {
  experiments: {
    e: { command: "deno task claims --only e", seeds: [1], backend: "wasm", what: "" },
  },
  claims: {
    "a.pct": { value: 96.66, digits: 1, experiment: "e" },
    "a.count": { value: 10000, experiment: "e" },
    "a.pair": { value: "4 ↔ 9", experiment: "e" },
  },
};

Deno.test("claims: values are written with their digits; integers get commas; words as they are", () => {
  assert.equal(formatClaim({ value: 96.66, digits: 1 }), "96.7");
  assert.equal(formatClaim({ value: 0.13107, digits: 4 }), "0.1311");
  assert.equal(formatClaim({ value: -0.9, digits: 1 }), "\u22120.9");
  assert.equal(formatClaim({ value: -1234 }), "\u22121,234");
  assert.equal(formatClaim({ value: -0.04, digits: 1 }), "0.0");
  assert.equal(formatClaim({ value: 10000 }), "10,000");
  assert.equal(formatClaim({ value: 117 }), "117");
  assert.equal(formatClaim({ value: "4 ↔ 9" }), "4 ↔ 9");
});

Deno.test("claims: <Claim name=… /> is replaced anywhere in the text, math included", () => {
  const text = `---\ndescription: "<Claim name='a.pct' />%"\n---\n` +
    `got <Claim name="a.pct" />% of <Claim name="a.count"/>; $p = <Claim name="a.pct" />$ (<Claim name="a.pair" />)`;
  assert.equal(
    substituteClaims(text, sample),
    `---\ndescription: "96.7%"\n---\ngot 96.7% of 10,000; $p = 96.7$ (4 ↔ 9)`,
  );
  assert.deepEqual(claimNames(text), ["a.pct", "a.count", "a.pair"]);
});

Deno.test("claims: an unknown name is an error at its line and column", () => {
  const text = `line 1\nline 2 <Claim name="a.pct" />\n  x <Claim name="a.typo" />\n`;
  assert.throws(
    () => substituteClaims(text, sample),
    (e: unknown) =>
      e instanceof UnknownClaimError && e.line === 3 && e.column === 5 &&
      /unknown claim "a\.typo"/.test(e.message),
  );
  assert.throws(() => claimValue("a.pair", sample), /not a number/);
  assert.throws(() => claimText("nope", sample), /unknown claim "nope"/);
});

Deno.test("claims: rerunning an experiment replaces all of its claims and keeps the others'", () => {
  const next = mergeClaims(sample, [{
    name: "f",
    provenance: { command: "x", seeds: [1, 2, 3], backend: "wasm", what: "" },
    claims: { "b.one": { value: 1 } },
  }, {
    name: "e",
    provenance: sample.experiments.e,
    claims: { "a.pct": { value: 50, digits: 1 } },
  }]);
  assert.deepEqual(Object.keys(next.claims), ["a.pct", "b.one"]);
  assert.equal(next.claims["a.pct"].value, 50);
  assert.deepEqual(Object.keys(next.experiments), ["e", "f"]);
});

Deno.test("claims: every claim comes from a known experiment whose command and seeds are recorded", () => {
  const known = new Set(EXPERIMENTS.map((e) => e.name));
  for (const [name, c] of Object.entries(CLAIMS.claims)) {
    assert.ok(known.has(c.experiment), `${name}: experiment "${c.experiment}" unknown`);
    const p = CLAIMS.experiments[c.experiment];
    assert.ok(p && p.command && p.seeds.length > 0 && p.backend, `${name}: no provenance`);
    const e = EXPERIMENTS.find((e) => e.name === c.experiment)!;
    assert.equal(p.command, e.command, `${c.experiment}: the file's command is the experiment's`);
    assert.deepEqual(p.seeds, e.seeds, `${c.experiment}: seeds`);
  }
  for (const e of EXPERIMENTS) assert.ok(CLAIMS.experiments[e.name], `${e.name} never run`);
});

Deno.test("claims: every lesson names only known claims, and en and zh name the same ones", async () => {
  const root = new URL("../../lessons/", import.meta.url);
  for await (const entry of Deno.readDir(new URL("en/", root))) {
    if (!entry.name.endsWith(".mdx")) continue;
    const names: Record<string, string[]> = {};
    for (const lang of ["en", "zh"]) {
      const text = await Deno.readTextFile(new URL(`${lang}/${entry.name}`, root));
      names[lang] = claimNames(text).sort();
      for (const n of names[lang]) assert.ok(CLAIMS.claims[n], `${lang}/${entry.name}: "${n}"`);
    }
    assert.deepEqual(names.zh, names.en, `${entry.name}: the same claims in en and zh`);
  }
});

Deno.test("claims: the cheap experiments, rerun, give the committed numbers", async () => {
  for (const e of EXPERIMENTS.filter((e) => e.cheap)) {
    const fresh = await e.run();
    for (const [name, c] of Object.entries(fresh)) {
      assert.deepEqual(c.value, CLAIMS.claims[name]?.value, `${name}: rerun ${c.value}`);
    }
  }
});

Deno.test("claims: mnist/README.md's table of measured accuracies is the claims file's", async () => {
  const readme = await Deno.readTextFile(new URL("../../mnist/README.md", import.meta.url));
  const rows = [...readme.matchAll(/^\|[^|]*\(`([\w.]+)`\)[^|]*\|[^|]*\|(.*)\|\s*$/gm)];
  assert.ok(rows.length >= 5, "the table's rows");
  for (const [, prefix, rest] of rows) {
    const cells = rest.split("|").map((c) => c.trim());
    ["train", "val", "test"].forEach((set, i) => {
      const mean = claimValue(`${prefix}.${set}.mean`), sd = claimValue(`${prefix}.${set}.sd`);
      assert.equal(cells[i], `${mean.toFixed(2)} ± ${sd.toFixed(2)}`, `${prefix}.${set}`);
    });
  }
});
