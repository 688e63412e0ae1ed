/** Each kind of bad input fails the build with `file:line:column: cause`. */
import assert from "node:assert/strict";
import { BuildError } from "../../builder/errors.ts";
import { buildError } from "./helpers.ts";

const head = `---\ntitle: T\norder: 1\nsummary: S\n---\n`; // lines 1-5

function check(error: Error, line: number, cause: RegExp) {
  assert.ok(error instanceof BuildError, `not a BuildError: ${error.stack}`);
  assert.match(error.file, /lessons\/en\/bad\.mdx$/);
  assert.equal(error.line, line, error.message);
  assert.match(error.reason, cause);
  assert.match(error.message, new RegExp(`bad\\.mdx:${line}:\\d+: `));
}

Deno.test("bad input: front matter that does not parse", async () => {
  const error = await buildError(`---\ntitle: T\norder: 1\nsummary: [oops\n---\nbody\n`);
  check(error, 4, /^front matter: .*(Flow sequence|\])/);
});

Deno.test("bad input: MDX that does not compile", async () => {
  const error = await buildError(`${head}\nfine\n\n<div>\n\nunclosed {1 +\n`);
  check(error, 11, /^MDX: /);
});

Deno.test("bad input: JSX expression that does not parse", async () => {
  const error = await buildError(`${head}\nText {1 +* 2} here\n`);
  check(error, 7, /^MDX: Could not parse expression/);
});

Deno.test("bad input: TeX that KaTeX rejects", async () => {
  const error = await buildError(`${head}\nfine $x$\n\n$$\n\\frac{1}{2\n$$\n`);
  check(error, 10, /^TeX: /);
});

Deno.test("bad input: an unknown island", async () => {
  const error = await buildError(`${head}\n\n<Counter />\n\n<Nope x={1} />\n`);
  check(error, 10, /unknown component <Nope> \(known: Counter\)/);
});

Deno.test("bad input: island props that cannot be serialized", async () => {
  const error = await buildError(`${head}\ntext\n\n<Counter start={1} label={() => "x"} />\n`);
  check(
    error,
    9,
    /island <Counter>: prop "label" cannot be serialized \(Cannot stringify a function\)/,
  );
});

Deno.test("bad input: a class instance deep inside props", async () => {
  const error = await buildError(
    `${head}\n<Counter extra={{ list: [new (class Thing {})()] }} />\n`,
  );
  check(error, 7, /prop "extra\.list\[0\]" cannot be serialized/);
});

Deno.test("bad input: the CLI prints file:line:column: cause and exits 1", async () => {
  const cli = new URL("../../builder/cli.ts", import.meta.url).pathname;
  const config = new URL("./fixtures/bad/_config.ts", import.meta.url).pathname;
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", cli, "build", "--config", config],
    stderr: "piped",
    stdout: "piped",
  }).output();
  assert.equal(code, 1);
  const text = new TextDecoder().decode(stderr).trim();
  assert.match(text, /^tests\/builder\/fixtures\/bad\/lessons\/en\/broken\.mdx:9:\d+: TeX: /m);
});

const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(
    parts.flatMap((p) => typeof p === "string" ? [...new TextEncoder().encode(p)] : p),
  );

Deno.test("bad input: a byte that is not UTF-8 is named at its line and column", async () => {
  // "café" saved as Latin-1 on line 7: c a f 0xE9.
  const latin1 = await buildError(bytes(`${head}\nfine ü\ncaf`, [0xe9], " au lait\n"));
  check(latin1, 8, /^not UTF-8: byte 0xE9 \(byte \d+ of the file\) is not valid UTF-8/);
  assert.equal((latin1 as BuildError).column, 4);
  // Truncated and overlong sequences, a surrogate, and a lone continuation byte.
  for (const bad of [[0xe4, 0xb8], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xf5, 0x80]]) {
    const e = await buildError(bytes(`${head}\nok 中文 `, bad, "\n"));
    check(e, 7, /^not UTF-8: /);
    assert.equal((e as BuildError).column, 7, JSON.stringify(bad));
  }
});

Deno.test("bad input: a UTF-8 byte order mark has its own message", async () => {
  const error = await buildError(bytes([0xef, 0xbb, 0xbf], `${head}\nbody\n`));
  check(error, 1, /^the file starts with a UTF-8 byte order mark \(EF BB BF\)/);
});

Deno.test("bad input: a <Claim> name that claims/claims.json does not have", async () => {
  const error = await buildError(`${head}\nfine\n\nwe got <Claim name="no.such.claim" />%\n`);
  check(error, 9, /unknown claim "no\.such\.claim"/);
});
