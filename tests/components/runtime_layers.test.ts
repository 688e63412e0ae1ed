/**
 * The runtime is the site's bottom layer: `components/runtime/` imports only its own files, the
 * engine, the site's utilities beside it (`components/lib/`, `components/base.ts`,
 * `builder/client/`) and npm packages — never a feature folder (cells, exercises, a lesson,
 * `mnist/`), not even a type. What the site adds (its trainers, its notebook) is passed in.
 * Every import is read: static, `import type`, re-exports, side-effect and dynamic `import()`
 * (a computed `import()` counts as a breach too: it could reach anywhere), and the graph they
 * lead to. The notebook, plugged in (`components/cells/host_notebook.ts`), runs a cell; a host
 * without one says so.
 */
import assert from "node:assert/strict";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RuntimeHost } from "../../components/runtime/host.ts";
import type { Notebook } from "../../components/runtime/notebook.ts";
import { type FromHost, noWorkspace } from "../../components/runtime/protocol.ts";
import { cellNotebook } from "../../components/cells/host_notebook.ts";
import { WASM_PATH } from "../fixtures/runtime.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RUNTIME = join(ROOT, "components/runtime");

/** Folders (ending in `/`) and files, relative to the repository, the runtime may import. */
const ALLOWED = [
  "components/runtime/",
  "engine/",
  "components/lib/",
  "components/base.ts",
  "builder/client/",
];

/** Every module specifier in `source`, with its line; null: a computed `import()`. */
export function specifiers(source: string): { line: number; spec: string | null }[] {
  const found: { line: number; spec: string | null }[] = [];
  const lineOf = (index: number) => source.slice(0, index).split("\n").length;
  const patterns = [
    // import … from "x", import type … from "x", export … from "x" (over several lines too).
    /\b(?:import|export)\s+(?:type\s+)?[^;"'`]*?\bfrom\s*["']([^"']+)["']/g,
    // import "x" (side effects only).
    /\bimport\s+["']([^"']+)["']/g,
    // import("x"), typeof import("x").
    /\bimport\s*\(\s*["'`]([^"'`$]+)["'`]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const m of source.matchAll(pattern)) found.push({ line: lineOf(m.index), spec: m[1] });
  }
  // import(anything but a plain string): where it leads cannot be read.
  for (const m of source.matchAll(/\bimport\s*\(\s*(?!["'`][^"'`$]+["'`]\s*\))([^)\s]*)/g)) {
    // Skip prose in comments: `import()` with nothing inside.
    if (m[1] === "") continue;
    found.push({ line: lineOf(m.index), spec: null });
  }
  return found;
}

/** Whether `spec`, imported by `file`, stays within the runtime's layer. */
function allowed(file: string, spec: string): boolean {
  if (!spec.startsWith(".") && !spec.startsWith("/")) {
    // npm:, jsr: and bare names from the import map are packages; a file: or http: URL is not.
    return !/^(file|https?):/.test(spec);
  }
  return inLayer(resolve(file, "..", spec));
}

/** Whether the module at absolute path `path` lies in the runtime's layer. */
function inLayer(path: string): boolean {
  const target = relative(ROOT, path).replaceAll("\\", "/");
  return ALLOWED.some((a) => a.endsWith("/") ? target.startsWith(a) : target === a);
}

async function runtimeFiles(dir = RUNTIME): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await runtimeFiles(path));
    else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) files.push(path);
  }
  return files.sort();
}

Deno.test("runtime layers: the reader sees every kind of import", () => {
  const source = [
    `import { a } from "./a.ts";`,
    `import type { B } from "../cells/b.ts";`,
    `import {\n  c,\n  type D,\n} from "../exercises/d.ts";`,
    `export type { E } from "../../mnist/e.ts";`,
    `import "../side.ts";`,
    `const f = await import("../cells/f.ts");`,
    `type G = typeof import("../../engine/mod.ts");`,
    `const h = await import(name);`,
    `// a comment on import() is prose`,
  ].join("\n");
  const specs = specifiers(source).map((s) => s.spec).sort();
  assert.deepEqual(
    specs,
    [
      "../../engine/mod.ts",
      "../../mnist/e.ts",
      "../cells/b.ts",
      "../cells/f.ts",
      "../exercises/d.ts",
      "../side.ts",
      "./a.ts",
      null,
    ].sort(),
  );
  const file = join(RUNTIME, "host.ts");
  assert.ok(allowed(file, "./a.ts"));
  assert.ok(allowed(file, "../../engine/mod.ts"));
  assert.ok(allowed(file, "../lib/format.ts"));
  assert.ok(allowed(file, "../base.ts"));
  assert.ok(allowed(file, "../../builder/client/island_root.ts"));
  assert.ok(allowed(file, "npm:preact@11"));
  assert.ok(allowed(file, "preact/hooks"));
  assert.ok(!allowed(file, "../cells/relay.ts"));
  assert.ok(!allowed(file, "../trainers.ts"));
  assert.ok(!allowed(file, "../../mnist/dataset.ts"));
  assert.ok(!allowed(file, "../../builder/site.ts"));
  assert.ok(!allowed(file, "../basement.ts"));
});

Deno.test("runtime layers: components/runtime/ imports only the engine, lib and its own files", async () => {
  const files = await runtimeFiles();
  assert.ok(files.length > 5, "components/runtime/ has its files");
  const breaches: string[] = [];
  for (const file of files) {
    const source = await Deno.readTextFile(file);
    for (const { line, spec } of specifiers(source)) {
      if (spec !== null && allowed(file, spec)) continue;
      breaches.push(
        `${relative(ROOT, file)}:${line} imports ${spec === null ? "a computed import()" : spec}`,
      );
    }
  }
  assert.deepEqual(
    breaches,
    [],
    `components/runtime/ reaches above its layer:\n  ${breaches.join("\n  ")}`,
  );
});

Deno.test("runtime layers: what the runtime imports stays in its layer too (no way up through lib)", async () => {
  // Every local module the runtime reaches, through any chain of imports: the utilities beside it
  // (components/lib/...) must not lead back up to a feature folder (or to `trainers.ts`).
  const seen = new Map<string, string[]>();
  const todo: [string, string[]][] = (await runtimeFiles()).map((f) => [f, [relative(ROOT, f)]]);
  const breaches: string[] = [];
  while (todo.length) {
    const [file, chain] = todo.pop()!;
    if (seen.has(file)) continue;
    seen.set(file, chain);
    for (const { spec } of specifiers(await Deno.readTextFile(file))) {
      if (spec === null || (!spec.startsWith(".") && !spec.startsWith("/"))) continue;
      const target = resolve(file, "..", spec);
      const path = [...chain, relative(ROOT, target)];
      if (!inLayer(target)) {
        breaches.push(path.join(" → "));
      } else todo.push([target, path]);
    }
  }
  assert.ok(seen.size > 10, "the runtime's graph was read");
  assert.deepEqual(
    breaches,
    [],
    `the runtime reaches above its layer:\n  ${breaches.join("\n  ")}`,
  );
});

/** A host and the messages it sends, with a way to wait for one of a type. */
function host(notebook?: Notebook) {
  const messages: FromHost[] = [];
  const h = new RuntimeHost((m) => messages.push(m), {}, {
    worker: false,
    wasmPath: WASM_PATH,
    candidates: ["cpu"],
    notebook,
  });
  const next = async <T extends FromHost["type"]>(type: T) => {
    for (let i = 0; i < 600; i++) {
      const found = messages.find((m) => m.type === type);
      if (found) return found as Extract<FromHost, { type: T }>;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${type} in ${JSON.stringify(messages.map((m) => m.type))}`);
  };
  return { h, messages, next };
}

Deno.test("runtime layers: the notebook is plugged in; without one, a workspace is a clear error", async () => {
  const bare = host();
  bare.h.handle({ type: "workspace", probe: { sizes: [2, 4, 1], batch: 8 } });
  assert.match((await bare.next("error")).message, /no notebook/);
  bare.h.handle({ type: "exec", cell: 3, code: "print(1)" });
  assert.deepEqual(await bare.next("done"), { ...noWorkspace(3), open: undefined });

  const cells = host(cellNotebook());
  cells.h.handle({ type: "workspace", probe: { sizes: [2, 4, 1], batch: 8 } });
  assert.equal((await cells.next("ready")).backend.name, "cpu");
  cells.h.handle({ type: "exec", cell: 1, code: "const x = 6 * 7;\nprint(x)" });
  const done = await cells.next("done");
  assert.equal(done.error, undefined);
  const printed = cells.messages.filter((m) => m.type === "output");
  assert.deepEqual(printed.map((m) => m.type === "output" && m.output), [{
    kind: "text",
    text: "42",
  }]);
  await cells.h.end();
});
