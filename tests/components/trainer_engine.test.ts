/**
 * Every trainer trains with the engine the runtime hands it (`create(engine, props)`), never with
 * one it imports: the runtime picks and times the backend on the engine it injects, and a trainer
 * that imports its own would train on whatever that copy was set to. The check reads the sources:
 * from each trainer the registry names, it follows the value imports (`import type` is free) through
 * the project's files and fails on any that reaches the engine's tensor code or tfjs.
 */
import assert from "node:assert/strict";
import { TRAINERS } from "../../components/trainers.ts";

const root = new URL("../../", import.meta.url);

/**
 * Shared with the command line and the claims, these take the engine as an argument and fall back
 * to the imported one only when none is given; a trainer passes its own (`engine: this.e`).
 */
const ENGINE_ARGUMENT = new Set([
  "mnist/train.ts",
  "mnist/models.ts",
  "components/mnist/inside.ts",
  "components/mnist/predictor.ts",
]);

/** The engine's seeded generator is plain JS (no tensors, no backend): any module may use it. */
const PLAIN = new Set(["engine/random.ts"]);

/** The code without its comments. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");

/** The specifiers a module imports or re-exports as values (type-only imports left out). */
export function valueImports(source: string): string[] {
  const out: string[] = [];
  const text = code(source);
  const from = /\b(import|export)\s+(type\s+)?([^;"'`]*?)\s*from\s*["']([^"']+)["']/g;
  for (const [, , typeOnly, clause, spec] of text.matchAll(from)) {
    if (typeOnly) continue;
    const named = clause.match(/^\{([\s\S]*)\}$/);
    const names = named ? named[1].split(",").map((n) => n.trim()).filter(Boolean) : null;
    if (names && names.length > 0 && names.every((n) => n.startsWith("type "))) continue;
    out.push(spec);
  }
  for (const [, spec] of text.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) out.push(spec);
  for (const [, spec] of text.matchAll(/(?<!typeof\s*)\bimport\(\s*["']([^"']+)["']\s*\)/g)) {
    out.push(spec);
  }
  return out;
}

/** The project files a trainer reaches through value imports, each with the path that got there. */
async function reached(start: string): Promise<Map<string, string[]>> {
  const seen = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  while (queue.length) {
    const file = queue.shift()!;
    if (ENGINE_ARGUMENT.has(file) || file.startsWith("engine/") || file.startsWith("npm:")) {
      continue;
    }
    const source = await Deno.readTextFile(new URL(file, root));
    for (const spec of valueImports(source)) {
      const target = spec.startsWith(".")
        ? new URL(spec, new URL(file, root)).href.slice(root.href.length)
        : `npm:${spec}`;
      if (!seen.has(target)) {
        seen.set(target, [...seen.get(file)!, target]);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** A module a trainer must not reach: the engine's tensor code, or tfjs itself. */
const forbidden = (file: string) =>
  (file.startsWith("engine/") && !PLAIN.has(file)) || file.startsWith("npm:@tensorflow/");

/** Each registered trainer's file, read from its loader (`() => import("./x/y_trainer.ts")`). */
function trainerFiles(): string[] {
  return Object.entries(TRAINERS).map(([name, load]) => {
    const m = String(load).match(/import\(\s*["']\.\/([^"']+)["']\s*\)/);
    assert.ok(m, `trainer "${name}": its loader names no file`);
    return `components/${m[1]}`;
  });
}

Deno.test("valueImports: type-only imports are free; values, re-exports and import() count", () => {
  const src = `
    import type { nn } from "../../engine/mod.ts";
    import { type Tensor, type optim } from "../../engine/mod.ts";
    // import { F } from "../../engine/mod.ts";
    /** import { F } from "../../engine/mod.ts"; */
    export type Engine = typeof import("../../engine/mod.ts");
    import { F, type Generator } from "./a.ts";
    import * as E from "./b.ts";
    import {
      x,
      y,
    } from "./c.ts";
    export * from "./d.ts";
    export { z } from "./e.ts";
    import "./f.ts";
    const m = () => import("./g.ts");
  `;
  assert.deepEqual(valueImports(src), [
    "./a.ts",
    "./b.ts",
    "./c.ts",
    "./d.ts",
    "./e.ts",
    "./f.ts",
    "./g.ts",
  ]);
});

Deno.test("the check sees a trainer that imports the engine itself", async () => {
  const dir = await Deno.makeTempDir({ dir: new URL("tests/", root).pathname });
  try {
    const rel = dir.slice(new URL("tests/", root).pathname.length);
    await Deno.writeTextFile(
      `${dir}/helper.ts`,
      `import { nn } from "../../engine/mod.ts";\nexport const m = () => new nn.ReLU();\n`,
    );
    await Deno.writeTextFile(
      `${dir}/bad_trainer.ts`,
      `import type { Engine } from "../../components/runtime/trainer.ts";\n` +
        `import { m } from "./helper.ts";\nexport const create = (_e: Engine) => m();\n`,
    );
    const found = [...(await reached(`tests/${rel}/bad_trainer.ts`)).entries()]
      .filter(([f]) => forbidden(f));
    assert.deepEqual(found.map(([, path]) => path), [[
      `tests/${rel}/bad_trainer.ts`,
      `tests/${rel}/helper.ts`,
      "engine/mod.ts",
    ]]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("every trainer uses the engine it is given: no value import reaches the engine", async () => {
  const files = trainerFiles();
  const found: string[] = [];
  for (const file of files) {
    for (const [target, path] of await reached(file)) {
      if (forbidden(target)) found.push(path.join(" → "));
    }
  }
  assert.deepEqual(found, [], "take the engine from create(engine, props) and pass it on");
});
