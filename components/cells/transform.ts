/**
 * A cell's code made runnable in the notebook's shared workspace. TypeScript types are stripped
 * with sucrase (which keeps every line where it was), then acorn parses the result and every
 * top-level declaration becomes an assignment to the workspace:
 *
 *     const model = new nn.Linear(1, 1);   →   ;(model = new nn.Linear(1, 1));
 *     let [a, b] = pair;                   →   ;([a, b] = pair);
 *     class Net {}                         →   Net = class Net {}
 *     function f() {}                      →   (kept, hoisted; stored in the workspace on entry)
 *
 * The code then runs inside `with (scope)`, where `scope` is a Proxy over the workspace, so a
 * name defined in one cell is read and written live by every later cell, and by closures made
 * in earlier ones (a `train()` defined in cell 2 sees the `model` cell 3 replaced). Edits are
 * made in place, on the same lines, so a line in the error stack is the cell's own line.
 */
import { transform } from "sucrase";
import { parse } from "acorn";

/** A syntax error inside a cell, at its 1-based line and column. */
export class CellSyntaxError extends Error {
  override name = "CellSyntaxError";
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
  }
}

export interface PreparedCell {
  /** The body of the async function that runs the cell (see `wrapCell`). */
  body: string;
  /** Names the cell defines at its top level (stored in the workspace). */
  names: string[];
  /** Function declarations among them (stored on entry, as they are hoisted). */
  functions: string[];
  /** Identifiers the cell reads (to load lazy data such as `mnist` first). */
  uses: Set<string>;
}

// deno-lint-ignore no-explicit-any
type Node = any;

/** Names bound by a declaration pattern (`a`, `{ a, b: [c] }`, `...rest`). */
function patternNames(p: Node, out: string[]): void {
  switch (p.type) {
    case "Identifier":
      out.push(p.name);
      return;
    case "ObjectPattern":
      for (const prop of p.properties) {
        patternNames(prop.type === "RestElement" ? prop : prop.value, out);
      }
      return;
    case "ArrayPattern":
      for (const el of p.elements) if (el) patternNames(el, out);
      return;
    case "RestElement":
      patternNames(p.argument, out);
      return;
    case "AssignmentPattern":
      patternNames(p.left, out);
      return;
  }
}

/** Every identifier read anywhere in the tree (a cheap over-approximation: no scope analysis). */
function identifiers(node: Node, out: Set<string>): void {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) identifiers(n, out);
    return;
  }
  if (node.type === "Identifier") out.add(node.name);
  for (const key in node) {
    if (key !== "type" && key !== "start" && key !== "end" && key !== "loc") {
      identifiers(node[key], out);
    }
  }
}

/** The position of a sucrase / acorn error ("Unexpected token (3:5)"), 1-based. */
function located(error: unknown, columnBase: number): CellSyntaxError | null {
  const e = error as { message?: string; loc?: { line: number; column: number } };
  if (!e?.loc || typeof e.loc.line !== "number") return null;
  const message = String(e.message ?? "syntax error").replace(/\s*\(\d+:\d+\)\s*$/, "");
  return new CellSyntaxError(message, e.loc.line, e.loc.column + columnBase);
}

/**
 * `overrides`: a test configuration (`epochs=1`): a top-level `const epochs = 5` starts from the
 * given expression instead. A name that no top-level declaration binds is an error.
 */
export function prepareCell(code: string, overrides: Record<string, string> = {}): PreparedCell {
  let js: string;
  try {
    js = transform(code, {
      transforms: ["typescript"],
      disableESTransforms: true,
      keepUnusedImports: true,
    }).code;
  } catch (error) {
    // sucrase counts columns from 1, acorn from 0.
    throw located(error, 0) ?? error;
  }
  let program: Node;
  try {
    program = parse(js, {
      ecmaVersion: "latest",
      // "module" so that an import is an ImportDeclaration we can explain (below).
      sourceType: "module",
      locations: true,
    });
  } catch (error) {
    throw located(error, 1) ?? error;
  }
  const edits: { at: number; end: number; text: string }[] = [];
  const names: string[] = [];
  const functions: string[] = [];
  const overridden = new Set<string>();
  for (const stmt of program.body) {
    if (stmt.type === "ImportDeclaration" || stmt.type.startsWith("Export")) {
      throw new CellSyntaxError(
        "cells cannot import or export: the engine's names are already in scope",
        stmt.loc.start.line,
        stmt.loc.start.column + 1,
      );
    }
    if (stmt.type === "VariableDeclaration") {
      // `const` → `;(`, and `)` after the last declarator: `{ a } = o` needs the parentheses, and
      // the `;` guards against a previous line with no semicolon.
      edits.push({ at: stmt.start, end: stmt.start + stmt.kind.length, text: ";(" });
      for (const d of stmt.declarations) {
        const bound: string[] = [];
        patternNames(d.id, bound);
        names.push(...bound);
        if (d.id.type === "Identifier" && d.id.name in overrides) {
          overridden.add(d.id.name);
          const value = `(${overrides[d.id.name]})`;
          if (d.init) edits.push({ at: d.init.start, end: d.init.end, text: value });
          else edits.push({ at: d.id.end, end: d.id.end, text: ` = ${value}` });
        } else if (!d.init) {
          edits.push({ at: d.id.end, end: d.id.end, text: " = undefined" });
        }
      }
      const last = stmt.declarations[stmt.declarations.length - 1];
      edits.push({ at: last.end, end: last.end, text: ")" });
    } else if (stmt.type === "ClassDeclaration") {
      names.push(stmt.id.name);
      edits.push({ at: stmt.start, end: stmt.start, text: `${stmt.id.name} = ` });
    } else if (stmt.type === "FunctionDeclaration") {
      names.push(stmt.id.name);
      functions.push(stmt.id.name);
    }
  }
  const missing = Object.keys(overrides).filter((name) => !overridden.has(name));
  if (missing.length) {
    throw new Error(
      `test configuration: no top-level declaration of ${missing.join(", ")} in this cell`,
    );
  }
  edits.sort((a, b) => b.at - a.at);
  let body = js;
  for (const e of edits) body = body.slice(0, e.at) + e.text + body.slice(e.end);
  const uses = new Set<string>();
  identifiers(program.body, uses);
  return { body, names: [...new Set(names)], functions, uses };
}

/** Lines the wrapper puts before the cell's first line (the stack's lines are shifted by it). */
export const WRAPPER_LINES = 2;

/**
 * The source of an async function `(scope, exportFns) => ...` running the cell: sloppy mode, for
 * `with`; an inner async arrow holds the cell, so top-level `await` works and function
 * declarations stay local to it (then exported by `exportFns`).
 */
export function wrapCell(prepared: PreparedCell, sourceName: string): string {
  const fns = prepared.functions.map((f) => `${JSON.stringify(f)}: ${f}`).join(", ");
  return `with (scope) { return (async () => {\n__cellExport({ ${fns} });\n` +
    `${prepared.body}\n})(); }\n//# sourceURL=${sourceName}`;
}
