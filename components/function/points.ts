/**
 * The reader's own points for the Playground: up to `MAX_CLASSES` classes of points in the plotted
 * square [−EXTENT, EXTENT]², kept on a grid of 1/`PER_UNIT` so a point fits in 4 URL characters.
 * Everything that comes in (the URL, localStorage, a CSV file) goes through `decodePoints` or
 * `parseCsv`, which bound it here: a bad value is an error naming what was wrong, never a point
 * outside the square, a class the network has no output for, or more points than `MAX_POINTS`.
 */
import { EXTENT } from "./datasets.ts";

/** A point (x₁, x₂) of class `label` (0 .. MAX_CLASSES − 1). */
export interface OwnPoint {
  x1: number;
  x2: number;
  label: number;
}

/** The most points a reader can place or import (the map and a step stay quick). */
export const MAX_POINTS = 400;
/** The most classes (the palette's colours and marker shapes). */
export const MAX_CLASSES = 5;
/** The largest CSV file read, in characters (400 rows of "-2.75,1.25,4" fit easily). */
export const MAX_CSV_CHARS = 32 * 1024;
/** Points are kept on a grid of 1/PER_UNIT. */
export const PER_UNIT = 100;
/** The most points kept in the URL; more go to localStorage only. */
export const MAX_URL_POINTS = 60;

/** What is wrong with a CSV file (the island words it in the reader's language). */
export type CsvProblem =
  | { kind: "tooLarge"; chars: number }
  | { kind: "empty" }
  | { kind: "fields"; found: number }
  | { kind: "notNumber"; field: string; text: string }
  | { kind: "outside"; field: string; value: number }
  | { kind: "label"; value: number }
  | { kind: "tooMany" };

/** The problem in English (the error's message; the Playground's English text uses it too). */
export function describeCsvProblem(p: CsvProblem): string {
  switch (p.kind) {
    case "tooLarge":
      return `the file has ${p.chars} characters; at most ${MAX_CSV_CHARS} are read`;
    case "empty":
      return "the file has no points";
    case "fields":
      return `expected 3 fields (x1, x2, label), found ${p.found}`;
    case "notNumber":
      return `${p.field} "${p.text}" is not a number`;
    case "outside":
      return `${p.field} ${p.value} is outside −${EXTENT} … ${EXTENT}`;
    case "label":
      return `label ${p.value} is not a class 0 … ${MAX_CLASSES - 1}`;
    case "tooMany":
      return `more than ${MAX_POINTS} points (the most the Playground takes)`;
  }
}

/** A CSV file that cannot be read: `line` is the 1-based line at fault (0: the file itself). */
export class CsvError extends Error {
  constructor(readonly line: number, readonly problem: CsvProblem) {
    const reason = describeCsvProblem(problem);
    super(line > 0 ? `line ${line}: ${reason}` : reason);
    this.name = "CsvError";
  }
}

/** A coordinate on the grid, held inside the square. */
export function snap(v: number): number {
  const c = Math.max(-EXTENT, Math.min(EXTENT, v));
  return Math.round(c * PER_UNIT) / PER_UNIT;
}

/** The CSV header written and accepted (optional) on the first line. */
export const CSV_HEADER = "x1,x2,label";

/** Points as CSV: the header, then one `x1,x2,label` row per point. */
export function toCsv(points: readonly OwnPoint[]): string {
  return [CSV_HEADER, ...points.map((p) => `${p.x1},${p.x2},${p.label}`)].join("\n") + "\n";
}

/**
 * Reads `x1,x2,label` rows (an optional header line, blank lines skipped, commas or semicolons or
 * tabs between fields). Throws `CsvError` naming the first bad line: a wrong field count, a field
 * that is not a number, a coordinate outside [−EXTENT, EXTENT], a label that is not a class index
 * in 0..MAX_CLASSES − 1, too many points, or a file too large or with no points at all.
 */
export function parseCsv(text: string): OwnPoint[] {
  if (text.length > MAX_CSV_CHARS) {
    throw new CsvError(0, { kind: "tooLarge", chars: text.length });
  }
  const lines = text.split(/\r?\n|\r/);
  const out: OwnPoint[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    const n = i + 1;
    if (line === "") continue;
    const fields = line.split(/[,;\t]/).map((f) => f.trim());
    if (out.length === 0 && /^x1$/i.test(fields[0] ?? "")) {
      continue; // the header
    }
    if (fields.length !== 3) {
      throw new CsvError(n, { kind: "fields", found: fields.length });
    }
    const names = ["x1", "x2", "label"];
    const values = fields.map((f, k) => {
      const v = f === "" ? NaN : Number(f);
      if (!Number.isFinite(v)) {
        throw new CsvError(n, { kind: "notNumber", field: names[k], text: f });
      }
      return v;
    });
    const [x1, x2, label] = values;
    for (const [k, v] of [[0, x1], [1, x2]] as const) {
      if (Math.abs(v) > EXTENT) {
        throw new CsvError(n, { kind: "outside", field: names[k], value: v });
      }
    }
    if (!Number.isInteger(label) || label < 0 || label >= MAX_CLASSES) {
      throw new CsvError(n, { kind: "label", value: label });
    }
    if (out.length === MAX_POINTS) {
      throw new CsvError(n, { kind: "tooMany" });
    }
    out.push({ x1: snap(x1), x2: snap(x2), label });
  }
  if (out.length === 0) throw new CsvError(0, { kind: "empty" });
  return out;
}

// URL encoding: a point is one integer (ix · SIDE + iy) · MAX_CLASSES + label, written as 4
// characters of the URL-safe base-64 alphabet (SIDE² · MAX_CLASSES = 1 806 005 < 64⁴).
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const SIDE = 2 * EXTENT * PER_UNIT + 1;
const CHARS = 4;

/** Points as a compact URL-safe string, 4 characters a point. */
export function encodePoints(points: readonly OwnPoint[]): string {
  let s = "";
  for (const p of points) {
    const ix = Math.round((snap(p.x1) + EXTENT) * PER_UNIT);
    const iy = Math.round((snap(p.x2) + EXTENT) * PER_UNIT);
    let n = (ix * SIDE + iy) * MAX_CLASSES + p.label;
    let chunk = "";
    for (let k = 0; k < CHARS; k++) {
      chunk = ALPHABET[n % 64] + chunk;
      n = Math.floor(n / 64);
    }
    s += chunk;
  }
  return s;
}

/**
 * Reads `encodePoints`' string; null when it cannot be one (a length not a multiple of 4, a
 * character outside the alphabet, a value off the grid, more than `MAX_POINTS` points).
 */
export function decodePoints(s: string): OwnPoint[] | null {
  if (s.length % CHARS !== 0 || s.length > CHARS * MAX_POINTS) return null;
  const out: OwnPoint[] = [];
  for (let i = 0; i < s.length; i += CHARS) {
    let n = 0;
    for (let k = 0; k < CHARS; k++) {
      const d = ALPHABET.indexOf(s[i + k]);
      if (d < 0) return null;
      n = n * 64 + d;
    }
    const label = n % MAX_CLASSES;
    const cell = Math.floor(n / MAX_CLASSES);
    const ix = Math.floor(cell / SIDE), iy = cell % SIDE;
    if (ix >= SIDE) return null;
    out.push({ x1: ix / PER_UNIT - EXTENT, x2: iy / PER_UNIT - EXTENT, label });
  }
  return out.map((p) => ({ ...p, x1: snap(p.x1), x2: snap(p.x2) }));
}

/** The number of classes the points need (at least 2, at most MAX_CLASSES). */
export function classesOf(points: readonly OwnPoint[]): number {
  let k = 2;
  for (const p of points) k = Math.max(k, p.label + 1);
  return Math.min(k, MAX_CLASSES);
}

/** Points as the trainer's flat data: x [x1, x2, ...] and labels. */
export function toData(points: readonly OwnPoint[]): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(2 * points.length), y = new Float32Array(points.length);
  points.forEach((p, i) => {
    x[2 * i] = p.x1;
    x[2 * i + 1] = p.x2;
    y[i] = p.label;
  });
  return { x, y };
}
