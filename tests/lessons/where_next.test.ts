/**
 * "Where next" (lessons/<lang>/where-next.mdx): lesson 4's notebook, in this course's code and in
 * PyTorch, as static code. The course's version runs here (on a few hundred digits), the PyTorch
 * version has the pieces the page names, both are the same in every language (their comments
 * apart, which each language words in its own), and the table's
 * accuracies are 100% minus its error rates. The page promises nothing its body does not cover.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import { Workspace } from "../../components/cells/workspace.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { withoutComments } from "../fixtures/code.ts";

const read = (lang: string) =>
  Deno.readTextFile(new URL(`../../lessons/${lang}/where-next.mdx`, import.meta.url));
const block = (text: string, lang: string) => {
  const m = text.match(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```", "m"));
  assert.ok(m, `a ${lang} block`);
  return m[1];
};

/**
 * Python without its `#` comments (a `#` at a line's start or after a space; the block has no
 * `#` inside a string), each line's trailing spaces dropped.
 */
const pythonWithoutComments = (code: string) =>
  code.split("\n").map((line) => line.replace(/(^|\s)#.*$/, "").trimEnd()).join("\n");

Deno.test("where-next: the same static code in en and zh (comments apart); the PyTorch version has what the text names", async () => {
  const [en, zh] = await Promise.all([read("en"), read("zh")]);
  assert.equal(withoutComments(block(zh, "ts")), withoutComments(block(en, "ts")), "ts");
  assert.equal(
    pythonWithoutComments(block(zh, "python")),
    pythonWithoutComments(block(en, "python")),
    "python",
  );
  assert.ok(!/"[^"\n]*#|'[^'\n]*#/.test(block(en, "python")), "no # inside a Python string");
  const py = block(en, "python");
  for (
    const piece of [
      "datasets.MNIST(",
      "train=True",
      "train=False",
      "DataLoader(train_set, batch_size=32, shuffle=True)",
      "model.train()",
      "model.eval()",
      "with torch.no_grad():",
      "optimizer.zero_grad()",
      "F.cross_entropy(",
    ]
  ) assert.ok(py.includes(piece), piece);
});

Deno.test("where-next: the table's accuracies are 100% minus its error rates, in both languages", async () => {
  for (const lang of ["en", "zh"]) {
    const rows = [
      ...(await read(lang)).matchAll(/^\|[^|\n]+\|\s*([\d.]+)%\s*\|\s*([\d.]+)%\s*\|/gm),
    ];
    assert.equal(rows.length, 3, lang);
    for (const [, error, acc] of rows) {
      assert.ok(Math.abs(100 - Number(error) - Number(acc)) < 1e-9, `${lang}: ${error} ${acc}`);
    }
  }
});

Deno.test("where-next: no recurrent networks promised (the body does not cover them)", async () => {
  for (const lang of ["en", "zh"]) {
    assert.doesNotMatch(await read(lang), /recurrent|循环网络|循环神经/i, lang);
  }
});

Deno.test("where-next: the course's static code runs (five short epochs on 320 digits)", async () => {
  await engine.initBackend({ order: ["cpu"] });
  const ws = new Workspace({ engine, loadMnist: loadShippedDigits });
  const setup = `
const take = (d, n) => normalize(0.1307, 0.3081)(tensor(d.images.subarray(0, n * 784), [n, 784]).div(255));
const trainX = take(mnist.train, 320);
const trainY = tensor(mnist.train.labels.subarray(0, 320), [320], { dtype: "int32" });
const validX = take(mnist.valid, 200);
const validY = tensor(mnist.valid.labels.subarray(0, 200), [200], { dtype: "int32" });`;
  assert.equal(await ws.exec(setup, () => {}), undefined);
  const lines: string[] = [];
  const error = await ws.exec(block(await read("en"), "ts"), (o) => {
    if (o.kind === "text") lines.push(o.text);
  });
  assert.equal(error, undefined, JSON.stringify(error));
  assert.equal(lines.length, 5, lines.join("\n"));
  assert.match(lines[4], /^epoch 5: \d+\.\d%$/);
});
