/**
 * Every lesson's code cells run, in order, in Deno, through the runtime host (short test
 * configurations where a cell declares one), so a lesson whose code breaks fails the tests.
 * Both languages show the same code: only its comments and the words it prints are translated,
 * and both editions' cells run.
 */
import assert from "node:assert/strict";
import { describeError, listLessons, runCells } from "../../components/cells/cli.ts";
import { withoutComments, withoutWords } from "../fixtures/code.ts";

const [en, zh] = await Promise.all([listLessons("en"), listLessons("zh")]);

Deno.test("lesson cells: the same code in both languages (comments and printed words apart), and every lesson has cells", () => {
  assert.deepEqual(en.map((l) => l.slug), zh.map((l) => l.slug));
  for (const lesson of en) {
    const other = zh.find((l) => l.slug === lesson.slug)!;
    assert.ok(lesson.cells.length > 0, `${lesson.slug} has no cells`);
    assert.deepEqual(
      other.cells.map((c) => [withoutWords(c.code), c.test]),
      lesson.cells.map((c) => [withoutWords(c.code), c.test]),
      lesson.slug,
    );
  }
});

Deno.test("lesson cells: no cell prints a class's own name (the page's bundle shortens them)", () => {
  // In Deno `constructor.name` reads "Conv2d"; in the page the minified bundle makes it "fs".
  // A module's `typeName` survives (engine/nn.ts).
  for (const lesson of [...en, ...zh]) {
    lesson.cells.forEach((c, i) =>
      assert.doesNotMatch(
        withoutComments(c.code),
        /\.constructor\.name\b/,
        `${lesson.slug} cell ${i + 1}: use .typeName`,
      )
    );
  }
});

Deno.test("lesson cells: comments apart means only comments", () => {
  const code = 'const url = "http://a/b"; // a comment\nlet n: number = 1; /* more */ n++;';
  assert.equal(withoutComments(code), 'const url = "http://a/b";\nlet n = 1;  n++;');
  assert.notEqual(withoutComments("f(1); // x"), withoutComments("f(2); // x"));
});

Deno.test("lesson cells: printed words apart means only what print and captions show", () => {
  const en = 'print(`step ${s}: loss ${l.toFixed(3)}`, "ok"); images(x, { captions: ["digit"] });';
  const zh = 'print(`第 ${s} 步：损失 ${l.toFixed(3)}`, "好"); images(x, { captions: ["数字"] });';
  assert.equal(withoutWords(en), withoutWords(zh));
  // Code is still compared: what is printed, the helpers' other options, strings elsewhere.
  assert.notEqual(withoutWords("print(a)"), withoutWords("print(b)"));
  assert.notEqual(withoutWords("images(x, { cols: 3 })"), withoutWords("images(x, { cols: 4 })"));
  assert.notEqual(withoutWords('F.loss(a, "mse")'), withoutWords('F.loss(a, "mae")'));
});

for (const lesson of en) {
  Deno.test(`lesson cells: ${lesson.slug} runs`, async () => {
    const { results } = await runCells(lesson.slug, lesson.cells, { backend: "cpu", test: true });
    const failed = results.find((r) => r.error);
    assert.equal(failed && describeError(lesson.slug, "en", failed.cell, failed.error!), undefined);
    assert.equal(results.length, lesson.cells.length);
    const text = results.flatMap((r) => r.outputs).map((o) => (o.kind === "text" ? o.text : ""))
      .join("\n");
    // What the lessons' prose states about these cells.
    if (lesson.slug === "backprop") assert.match(text, /^-18 -6$/m);
    if (lesson.slug === "mnist") assert.match(text, /first loss 2\.\d+/);
  });
}

// The Chinese edition's cells differ in their printed words: they run too.
for (const lesson of zh) {
  Deno.test(`lesson cells: ${lesson.slug} runs (zh)`, async () => {
    const { results } = await runCells(lesson.slug, lesson.cells, { backend: "cpu", test: true });
    const failed = results.find((r) => r.error);
    assert.equal(failed && describeError(lesson.slug, "zh", failed.cell, failed.error!), undefined);
    assert.equal(results.length, lesson.cells.length);
  });
}
