/**
 * Code cells in Deno: which blocks are cells (meta parsing, order), the workspace (names carried
 * over, a re-run replaces them, closures see the live values, test configurations), and errors
 * mapped to the cell's own lines.
 */
import assert from "node:assert/strict";
import * as engine from "../../engine/mod.ts";
import {
  CellMetaError,
  extractCells,
  parseCellMeta,
  parseTestConfig,
} from "../../components/cells/cells.ts";
import { Workspace } from "../../components/cells/workspace.ts";
import { type CellOutput, OUTPUT_LIMITS, OutputLog } from "../../components/cells/output.ts";
import { formatModule, formatTensor } from "../../components/cells/repr.ts";
import { highlightTokens } from "../../builder/plugins/cells.ts";

await engine.initBackend({ prefer: "cpu" });

Deno.test("cells: only `ts run` blocks are cells, in order, with their test configuration", () => {
  assert.equal(parseCellMeta("ts", null), null);
  assert.equal(parseCellMeta("python", "run"), null);
  assert.deepEqual(parseCellMeta("ts", "run"), { test: {} });
  assert.deepEqual(parseCellMeta("ts", 'run test="epochs=1; lr=0.5"'), {
    test: { epochs: "1", lr: "0.5" },
  });
  assert.throws(() => parseCellMeta("ts", 'run speed="1"'), CellMetaError);
  assert.throws(() => parseTestConfig("epochs"), CellMetaError);
  const cells = extractCells(
    "# T\n\n```ts\nstatic()\n```\n\n```ts run\nfirst()\n```\n\n<X />\n\n- item\n\n" +
      '  ```ts run test="n=2"\n  second()\n  ```\n',
  );
  assert.deepEqual(cells.map((c) => [c.index, c.code, c.test, c.line]), [
    [0, "first()", {}, 7],
    [1, "second()", { n: "2" }, 15],
  ]);
});

function run(ws: Workspace, code: string, test?: Record<string, string>) {
  const out: CellOutput[] = [];
  return ws.exec(code, (o) => out.push(o), test).then((error) => ({
    error,
    out,
    text: out.map((o) => o.kind === "text" ? o.text : `[${o.kind}]`),
  }));
}

Deno.test("cells: names defined in a cell are seen by later cells; a re-run replaces them", async () => {
  const ws = new Workspace({ engine });
  assert.equal(
    (await run(
      ws,
      "const a: number = 2;\nlet [b, { c }] = [3, { c: 4 }];\nfunction f(x) { return a * x; }\nclass K { v = 7 }",
    )).error,
    undefined,
  );
  assert.deepEqual((await run(ws, "print(a, b, c, f(10), new K().v)")).text, ["2 3 4 20 7"]);
  // Re-running the first cell with new code replaces its names; f (from the old run) sees the new a.
  await run(ws, "const a = 5;");
  assert.deepEqual((await run(ws, "print(f(10))")).text, ["50"]);
  // Names local to a block stay local.
  await run(ws, "for (let i = 0; i < 2; i++) { const inner = i; }");
  assert.deepEqual((await run(ws, "print(typeof inner, typeof i)")).text, ["undefined undefined"]);
  // Top-level await, and the engine by name.
  assert.deepEqual(
    (await run(ws, "await Promise.resolve();\nprint(tensor([[1, 2], [3, 4]]).sum().item())")).text,
    ["10"],
  );
});

Deno.test("cells: a test configuration replaces a top-level constant's starting value", async () => {
  const ws = new Workspace({ engine });
  assert.deepEqual((await run(ws, "const epochs = 5;\nprint(epochs)", { epochs: "1" })).text, [
    "1",
  ]);
  const missing = await run(ws, "const steps = 5;", { epochs: "1" });
  assert.match(missing.error!.message, /no top-level declaration of epochs/);
});

Deno.test("cells: errors point at the cell's own line", async () => {
  const ws = new Workspace({ engine });
  const syntax = await run(ws, "const a = 1;\nconst b = ;\n");
  assert.equal(syntax.error?.kind, "syntax");
  assert.equal(syntax.error?.line, 2);
  assert.equal(syntax.error?.column, 11);
  const typed = await run(ws, "let n: number = 1;\nconst m = n +* 2;");
  assert.equal(typed.error?.line, 2);
  const thrown = await run(ws, "print('one');\n\nnull.x;");
  assert.deepEqual(thrown.text, ["one"]);
  assert.equal(thrown.error?.kind, "runtime");
  assert.equal(thrown.error?.name, "TypeError");
  assert.equal(thrown.error?.line, 3);
  const inFunction = await run(ws, "function g() {\n  throw new Error('deep');\n}\ng();");
  assert.equal(inFunction.error?.message, "deep");
  assert.equal(inFunction.error?.line, 2);
  const shapes = await run(ws, "const t = tensor([1, 2]);\nt.matmul(tensor([1, 2, 3]));");
  assert.equal(shapes.error?.kind, "engine");
  assert.match(shapes.error!.message, /matmul: .*\[2\] and \[3\]/);
  assert.equal(shapes.error?.line, 2);
  const imports = await run(ws, 'import x from "y";');
  assert.equal(imports.error?.kind, "syntax");
  // The workspace still works after errors.
  assert.deepEqual((await run(ws, "print(1 + 1)")).text, ["2"]);
});

Deno.test("cells: helpers — print like PyTorch, plot, images, progress", async () => {
  assert.equal(
    formatTensor(engine.tensor([[1, 2.5], [3, 4]], undefined, { requiresGrad: true })),
    "tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]], requiresGrad=true)",
  );
  assert.equal(formatTensor(engine.tensor([1, 2, 3])), "tensor([1., 2., 3.])");
  assert.equal(formatTensor(engine.tensor(3.5)), "tensor(3.5000)");
  const ws = new Workspace({ engine });
  const r = await run(
    ws,
    "plot([0, 1, 2], { a: [1, 2, 3] }, { title: 't' });\nplot([3, 2, 1]);\nimages(zeros([2, 784]));\n" +
      "for (let i = 0; i <= 10; i++) progress(i / 10, `step ${i}`);",
  );
  assert.equal(r.error, undefined);
  const [p1, p2, im, ...progress] = r.out;
  assert.deepEqual(p1.kind === "plot" && [p1.data, p1.labels, p1.title], [[[0, 1, 2], [1, 2, 3]], [
    "a",
  ], "t"]);
  assert.deepEqual(p2.kind === "plot" && p2.data, [[0, 1, 2], [3, 2, 1]]);
  assert.deepEqual(im.kind === "image" && [im.count, im.pixels.length], [2, 2 * 784]);
  // Throttled, but the last progress line always arrives.
  assert.ok(progress.length >= 1 && progress.length <= 11);
  assert.deepEqual(progress.at(-1), { kind: "progress", fraction: 1, text: "step 10" });
  const bad = await run(ws, "image(zeros([10]))");
  assert.match(bad.error!.message, /784/);
});

Deno.test("cells: a module prints by its own name, even when a bundler renamed its class", async () => {
  const { nn } = engine;
  const model = new nn.Sequential(
    new nn.Conv2d(1, 2, 3),
    new nn.ReLU(),
    new nn.Flatten(),
    new nn.Linear(4, 1),
    new nn.Sigmoid(),
  );
  const expected = "Sequential(\n  (0): Conv2d(weight: [3, 3, 1, 2], bias: [2])\n  (1): ReLU()\n" +
    "  (2): Flatten()\n  (3): Linear(weight: [1, 4], bias: [1])\n  (4): Sigmoid()\n)";
  // What esbuild's --minify does to the page's bundle: every class gets a short name.
  const classes = [nn.Sequential, nn.Conv2d, nn.ReLU, nn.Flatten, nn.Linear, nn.Sigmoid];
  const names = classes.map((c) => c.name);
  try {
    classes.forEach((c, i) => Object.defineProperty(c, "name", { value: `Q${i}` }));
    assert.equal(formatModule(model), expected);
  } finally {
    classes.forEach((c, i) => Object.defineProperty(c, "name", { value: names[i] }));
  }
  // A cell's own module (never minified) prints as its class, a subclass of an engine one too.
  const ws = new Workspace({ engine });
  const r = await run(
    ws,
    "class Net extends nn.Module { fc = new nn.Linear(2, 1); forward(x) { return this.fc.forward(x); } }\n" +
      "class Wide extends nn.Linear {}\nprint(new Net()); print(new Wide(3, 1));",
  );
  assert.deepEqual(r.text, [
    "Net(fc.weight: [1, 2], fc.bias: [1])",
    "Wide(weight: [1, 3], bias: [1])",
  ]);
  model.dispose();
});

Deno.test("cells: the builder highlights a cell's code as tokens that give the code back", () => {
  const code = "const x = tensor([1]); // one\nprint(x);";
  const tokens = highlightTokens(code);
  assert.equal(tokens.map(([, text]) => text).join(""), code);
  assert.ok(tokens.some(([cls, text]) => cls === "hljs-keyword" && text === "const"));
  assert.ok(tokens.some(([cls]) => cls === "hljs-comment"));
  // A malformed meta is an error at the block's line.
  assert.throws(
    () => extractCells("text\n\n```ts run fast\nx\n```\n"),
    (e: unknown) => e instanceof CellMetaError && e.line === 3,
  );
});

Deno.test("cells: every helper refuses bad arguments with an error naming the helper", async () => {
  const ws = new Workspace({ engine });
  const cases: [string, RegExp][] = [
    ['images(zeros([2, 784]), { cols: "x" })', /images: cols must be a whole number/],
    ["images(zeros([2, 784]), { cols: 0 })", /images: cols must be a whole number from 1/],
    ["images(zeros([2, 784]), 3)", /images: options must be an object/],
    ['images(zeros([2, 784]), { captions: "ab" })', /captions must be an array/],
    ['images(zeros([1, 784]), { captions: ["a", "b"] })', /2 captions for 1 images/],
    ["image(zeros([784]), {})", /image: caption must be a string/],
    ['image("digit")', /image must be a tensor or an array of numbers/],
    ['progress("half", "x")', /progress\(fraction, text\): fraction must be a number/],
    ["progress(NaN)", /fraction must be a number/],
    ["table(5)", /table\(rows\): rows must be an array/],
    ["table([{ a: 1 }, 7])", /row 1 is number 7/],
    ["table(Array.from({ length: 5000 }, () => [1]))", /at most 1000 rows/],
    ['plot("abc")', /plot: ys must be a tensor/],
    ['plot([1, "2"])', /plot: ys: value 1 is the string/],
    ["plot([1, 2], 5)", /plot: options must be an object/],
    ["plot([1, 2], { title: 5 })", /plot: title must be a string/],
    ['dataset("spiral", { n: "x" })', /dataset: n must be a whole number/],
    ['dataset("spiral", { noise: -1 })', /dataset: noise must be a number/],
    ['dataset("moons!")', /dataset: unknown the string "moons!"/],
    ['dataset("spiral", 7)', /dataset: options must be an object/],
    ['linspace(0, 1, "x")', /linspace\(a, b, n\): n must be a whole number/],
    ["linspace(0, 1, 1e9)", /n must be a whole number from 1 to/],
    ['nielsen("x")', /nielsen\(x\): x must be a number/],
  ];
  for (const [code, message] of cases) {
    const r = await run(ws, code);
    assert.equal(r.error?.name, "TypeError", code);
    assert.match(r.error!.message, message, code);
  }
  // Good arguments still work, and the workspace is fine after the errors.
  const ok = await run(ws, 'images(zeros([3, 784]), { cols: 2, captions: ["a", "b", "c"] })');
  assert.equal(ok.error, undefined);
  assert.deepEqual(ok.out[0].kind === "image" && [ok.out[0].cols, ok.out[0].captions], [2, [
    "a",
    "b",
    "c",
  ]]);
});

Deno.test("cells: 30,000 printed lines go out in a few batches with the last 1,000 kept", async () => {
  const ws = new Workspace({ engine, batchMs: 50 });
  const r = await run(ws, "for (let i = 0; i < 30000; i++) print(`line ${i}`);");
  assert.equal(r.error, undefined);
  assert.ok(r.out.length < 100, `${r.out.length} messages`);
  const log = new OutputLog();
  for (const o of r.out) log.add(o);
  const [view] = log.view();
  assert.equal(log.view().length, 1);
  const lines = view.kind === "text" ? view.text.split("\n") : [];
  assert.equal(lines.length, OUTPUT_LIMITS.lines);
  assert.equal(lines.at(-1), "line 29999");
  assert.equal(log.droppedLines, 30000 - OUTPUT_LIMITS.lines);
  // A huge value prints its start only.
  const huge = await run(ws, "print('x'.repeat(1e8))");
  assert.equal(huge.text[0].length, 100_001);
  // Slow prints are not held back: one output each.
  const slow = await run(
    ws,
    "print('a'); await new Promise((r) => setTimeout(r, 80)); print('b');",
  );
  assert.deepEqual(slow.text, ["a", "b"]);
});

Deno.test("cells: the page's output log stays bounded whatever arrives", () => {
  const log = new OutputLog();
  for (let i = 0; i < 5000; i++) log.add({ kind: "text", text: `a${i}\nb${i}` });
  for (let i = 0; i < 300; i++) log.add({ kind: "plot", data: [[0], [i]], labels: ["y"] });
  log.add({ kind: "progress", fraction: 0.5, text: "half" });
  log.add({ kind: "progress", fraction: 1, text: "all" });
  log.add({ kind: "text", text: "x".repeat(50_000), dropped: 7 });
  const view = log.view();
  const lines = view.flatMap((o) => o.kind === "text" ? o.text.split("\n") : []);
  assert.ok(lines.length <= OUTPUT_LIMITS.lines);
  assert.equal(lines.at(-1)!.length, OUTPUT_LIMITS.lineChars + 1);
  assert.equal(view.filter((o) => o.kind === "plot").length, OUTPUT_LIMITS.items);
  assert.equal(log.droppedItems, 200);
  assert.equal(log.droppedLines, 10000 + 1 + 7 - OUTPUT_LIMITS.lines);
  assert.deepEqual(view.filter((o) => o.kind === "progress"), [
    { kind: "progress", fraction: 1, text: "all" },
  ]);
});

Deno.test("cells: live tensors past the workspace's memory budget are a clear error", async () => {
  // 64 MB more than what earlier tests left alive.
  const ws = new Workspace({ engine, memoryBudget: engine.liveBytes() + 64 * 2 ** 20 });
  const before = engine.numTensors();
  // Ten tensors of 16 MB: the fifth goes over 64 MB.
  const r = await run(
    ws,
    "const kept = [];\nfor (let i = 0; i < 10; i++) kept.push(zeros([4 * 2 ** 20]));",
  );
  assert.equal(r.error?.kind, "engine");
  assert.match(r.error!.message, /over the budget of 6\d\.\d MB.*dispose\(\).*noGrad/);
  assert.equal(r.error?.line, 2);
  assert.equal(engine.numTensors() - before, 4, "the tensor over the budget was freed");
  // Freeing them makes room again; the budget is the workspace's only (lifted after the cell).
  const freed = await run(
    ws,
    "for (const t of kept) t.dispose();\nconst big = zeros([12 * 2 ** 20]);",
  );
  assert.equal(freed.error, undefined);
  assert.equal(engine.memoryBudget(), null);
  await run(ws, "big.dispose()");
  // A workspace with the engine to itself (a worker) keeps the budget between cells.
  const own = new Workspace({ engine, memoryBudget: 2 ** 20, ownsEngine: true });
  assert.equal(engine.memoryBudget(), 2 ** 20);
  await run(own, "print(1)");
  assert.equal(engine.memoryBudget(), 2 ** 20);
  engine.setMemoryBudget(null);
  // What the check costs: a step of small ops, with and without a budget.
  const step = "for (let i = 0; i < 2000; i++) noGrad(() => tensor([1, 2]).add(1).mul(2));";
  const time = async (w: Workspace) => {
    const t0 = performance.now();
    await run(w, step);
    return performance.now() - t0;
  };
  const free = new Workspace({ engine, memoryBudget: null });
  await time(free), await time(ws);
  const [a, b] = [await time(free), await time(ws)];
  console.log(`2,000 × 3 small ops: ${a.toFixed(1)} ms without a budget, ${b.toFixed(1)} ms with`);
});
