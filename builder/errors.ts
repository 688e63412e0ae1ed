/** A build failure that points at a place in a source file. */
export class BuildError extends Error {
  /** Path of the file at fault, relative to the project root where possible. */
  readonly file: string;
  /** 1-based line (0 when unknown). */
  readonly line: number;
  /** 1-based column (0 when unknown). */
  readonly column: number;
  /** What went wrong, without the location. */
  readonly reason: string;

  constructor(
    file: string,
    line: number,
    column: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}:${line}:${column}: ${reason}`, options);
    this.name = "BuildError";
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }
}

/** `path` relative to the current directory when it lies below it (for short, clickable messages). */
export function displayPath(path: string): string {
  const cwd = Deno.cwd().replace(/\/?$/, "/");
  return path.startsWith(cwd) ? path.slice(cwd.length) : path;
}
