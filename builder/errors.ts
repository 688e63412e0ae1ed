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

/** Where the first byte lies that is not part of valid UTF-8, or -1 when all of it is valid. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: how many continuation bytes follow, and the range of the first (no overlong
    // forms, no surrogates, nothing past U+10FFFF).
    let need: number, lo = 0x80, hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * A source file's text, read as strict UTF-8: a byte order mark, or a byte that is not UTF-8 (a
 * file saved as Latin-1 or GBK), fails with a {@link BuildError} at its line and column, where a
 * lenient decoder would put U+FFFD in the page without a word.
 */
export async function readSourceText(path: string, file = displayPath(path)): Promise<string> {
  const bytes = await Deno.readFile(path);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new BuildError(
      file,
      1,
      1,
      "the file starts with a UTF-8 byte order mark (EF BB BF): save it as UTF-8 without BOM",
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
    const column = [...new TextDecoder().decode(bytes.subarray(lineStart, at))].length + 1;
    const hex = bytes[at].toString(16).toUpperCase().padStart(2, "0");
    throw new BuildError(
      file,
      line,
      column,
      `not UTF-8: byte 0x${hex} (byte ${at} of the file) is not valid UTF-8; save the file as UTF-8`,
    );
  }
}
