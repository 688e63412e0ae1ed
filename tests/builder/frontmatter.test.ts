import assert from "node:assert/strict";
import { parseFrontMatter } from "../../builder/frontmatter.ts";
import { BuildError } from "../../builder/errors.ts";
import { thrown } from "./helpers.ts";

const good = `---
title: "Hello: world"
order: 2
summary: A summary.
description: Longer.
extra: [1, 2]
---

Body on line 9.
`;

Deno.test("front matter: parses the keys and keeps body lines in place", () => {
  const { data, body } = parseFrontMatter(good, "x.mdx");
  assert.equal(data.title, "Hello: world");
  assert.equal(data.order, 2);
  assert.equal(data.summary, "A summary.");
  assert.equal(data.description, "Longer.");
  assert.deepEqual(data.extra, [1, 2]);
  assert.equal(body.split("\n")[8], "Body on line 9.");
});

Deno.test("front matter: a YAML error names the file and the line in the file", () => {
  const source = `---\ntitle: ok\norder: 1\nsummary: [unclosed\n---\nbody\n`;
  const error = thrown(() => parseFrontMatter(source, "a/b.mdx"));
  assert.ok(error instanceof BuildError);
  assert.equal(error.file, "a/b.mdx");
  assert.ok(error.line >= 4 && error.line <= 5, `line ${error.line}`);
  assert.match(error.message, /^a\/b\.mdx:\d+:\d+: front matter: /);
});

Deno.test("front matter: missing or wrong required keys are errors at their line", () => {
  assert.throws(
    () => parseFrontMatter("no front matter", "c.mdx"),
    /c\.mdx:1:1: missing front matter/,
  );
  assert.throws(
    () => parseFrontMatter(`---\ntitle: t\norder: one\nsummary: s\n---\n`, "d.mdx"),
    /d\.mdx:3:1: front matter: "order" must be a number/,
  );
  assert.throws(
    () => parseFrontMatter(`---\ntitle: t\norder: 1\n---\n`, "e.mdx"),
    /e\.mdx:\d+:1: front matter: "summary" must be a non-empty string/,
  );
});
