import { parseDocument } from "yaml";
import { BuildError } from "./errors.ts";

/** Front matter every lesson has; other keys are kept as they are. */
export interface FrontMatter {
  title: string;
  order: number;
  summary: string;
  description?: string;
  [key: string]: unknown;
}

/** The file split in two: its front matter and its body, with the body's lines kept in place. */
export interface Split {
  data: FrontMatter;
  /** The body, preceded by as many blank lines as the front matter took, so line numbers match the file. */
  body: string;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Splits `---` YAML front matter off `source` and checks the required keys.
 * Errors are {@link BuildError}s naming `file` and the line in it.
 */
export function parseFrontMatter(source: string, file: string): Split {
  const match = FENCE.exec(source);
  if (!match) {
    throw new BuildError(file, 1, 1, "missing front matter (--- title, order, summary ---)");
  }
  const doc = parseDocument(match[1], { prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    // pos is an offset into the YAML text, which starts on the file's line 2.
    const before = match[1].slice(0, error.pos[0]);
    const pos = { line: before.split("\n").length, col: before.length - before.lastIndexOf("\n") };
    const reason = error.message.split("\n")[0];
    throw new BuildError(file, pos.line + 1, pos.col, `front matter: ${reason}`, { cause: error });
  }
  const data = doc.toJS() as Record<string, unknown> | null;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new BuildError(file, 2, 1, "front matter: expected a YAML mapping (key: value)");
  }
  const lineOf = (key: string): number => {
    const index = match[1].split("\n").findIndex((l) => l.startsWith(`${key}:`));
    return index < 0 ? 1 : index + 2;
  };
  for (const key of ["title", "summary"] as const) {
    if (typeof data[key] !== "string" || data[key] === "") {
      throw new BuildError(
        file,
        lineOf(key),
        1,
        `front matter: "${key}" must be a non-empty string`,
      );
    }
  }
  if (typeof data.order !== "number" || !Number.isFinite(data.order)) {
    throw new BuildError(file, lineOf("order"), 1, `front matter: "order" must be a number`);
  }
  const lines = match[0].split("\n").length - 1;
  return { data: data as FrontMatter, body: "\n".repeat(lines) + source.slice(match[0].length) };
}
