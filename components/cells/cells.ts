/**
 * Which code blocks of a lesson are cells: a fenced block whose info string is `ts run` (or `js
 * run`), optionally followed by a test configuration for `deno task test` and `deno task lesson
 * --test`:
 *
 *     ```ts run test="epochs=1; steps=200"
 *
 * Each `name=expression` pair (separated by `;`) replaces the starting value of the cell's
 * top-level `const name = ...` when the cell runs as a test, so a long cell runs short. The
 * builder (`builder/plugins/cells.ts`) and the offline runner (`cli.ts`) both use this module, so
 * the page and the terminal agree on what a lesson's cells are.
 */
import { createProcessor } from "@mdx-js/mdx";
import remarkMath from "remark-math";
import remarkGfm from "remark-gfm";

export interface CellSource {
  /** 0-based, in the order of the lesson. */
  index: number;
  code: string;
  /** The test configuration, `{ name: expression }` (empty when none). */
  test: Record<string, string>;
  /** The line of the opening fence in the lesson (1-based). */
  line: number;
}

/** An info string that does not parse, with what is wrong. */
export class CellMetaError extends Error {
  override name = "CellMetaError";
  /** The line of the block in the lesson, when known. */
  line = 0;
}

const RUNNABLE_LANGS = new Set(["ts", "typescript", "js", "javascript"]);

/**
 * The cell settings of a code block (`lang`, `meta` as remark gives them), or null when the
 * block is not a cell. Throws `CellMetaError` on a malformed meta.
 */
export function parseCellMeta(
  lang: string | null | undefined,
  meta: string | null | undefined,
): { test: Record<string, string> } | null {
  if (!lang || !RUNNABLE_LANGS.has(lang)) return null;
  const tokens = [...(meta ?? "").matchAll(/(\w+)(?:="([^"]*)")?|(\S+)/g)];
  if (tokens.length === 0 || tokens[0][1] !== "run" || tokens[0][2] !== undefined) return null;
  const test: Record<string, string> = {};
  for (const t of tokens.slice(1)) {
    if (t[3] !== undefined || t[2] === undefined) {
      throw new CellMetaError(`cell meta: expected key="value", got ${JSON.stringify(t[0])}`);
    }
    if (t[1] !== "test") {
      throw new CellMetaError(`cell meta: unknown setting "${t[1]}" (known: test)`);
    }
    Object.assign(test, parseTestConfig(t[2]));
  }
  return { test };
}

/** `"epochs=1; steps=200"` → `{ epochs: "1", steps: "200" }`. */
export function parseTestConfig(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(";").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_$][\w$]*)\s*=\s*(.+)$/.exec(part);
    if (!m) throw new CellMetaError(`cell test configuration: expected name=value, got "${part}"`);
    out[m[1]] = m[2].trim();
  }
  return out;
}

interface MdNode {
  type: string;
  lang?: string | null;
  meta?: string | null;
  value?: string;
  position?: { start: { line: number } };
  children?: MdNode[];
}

/** Calls `visit` on every code block of an MDX syntax tree that is a cell, in order. */
export function walkCells(
  tree: MdNode,
  visit: (node: MdNode, cell: CellSource, parent: MdNode, at: number) => void,
): void {
  let index = 0;
  const walk = (node: MdNode) => {
    node.children?.forEach((child, at) => {
      if (child.type === "code") {
        let settings;
        try {
          settings = parseCellMeta(child.lang, child.meta);
        } catch (error) {
          if (error instanceof CellMetaError) error.line = child.position?.start.line ?? 0;
          throw error;
        }
        if (settings) {
          visit(
            child,
            {
              index: index++,
              code: child.value ?? "",
              test: settings.test,
              line: child.position?.start.line ?? 0,
            },
            node,
            at,
          );
        }
      } else walk(child);
    });
  };
  walk(tree);
}

/** The cells of a lesson's MDX body (front matter removed), in order. */
export function extractCells(body: string): CellSource[] {
  const tree = createProcessor({ remarkPlugins: [remarkMath, remarkGfm] }).parse(body);
  const cells: CellSource[] = [];
  walkCells(tree as unknown as MdNode, (_node, cell) => cells.push(cell));
  return cells;
}
