/**
 * Numbers from one place: every number the lessons state about an experiment lives in
 * `claims.json`, written by `deno task claims` (claims/run.ts) from running the experiment
 * (claims/experiments.ts). A lesson names a number with `<Claim name="mnist.mlp.val.mean" />`;
 * the builder replaces the tag with the value, formatted as the file says, and fails, naming the
 * file and line, on a name the file does not have. Code (exercise texts, tests) reads the same
 * file through {@link claim} and {@link claimText}. Engine-free and DOM-free: it loads anywhere.
 */
import file from "./claims.json" with { type: "json" };

/** One stated number (or word, such as a pair of digits) and how to write it. */
export interface Claim {
  value: number | string;
  /** Decimals to write a number with (`toFixed`); integers of 1,000 and more get commas. */
  digits?: number;
  /** The experiment (a key of `experiments`) whose run produced it. */
  experiment: string;
}

/** How an experiment's numbers were produced: the command that reruns it, seeds, backend. */
export interface Provenance {
  command: string;
  seeds: number[];
  backend: string;
  /** What it measures, in a line. */
  what: string;
}

export interface ClaimsFile {
  experiments: Record<string, Provenance>;
  claims: Record<string, Claim>;
}

/** The committed claims file. */
export const CLAIMS: ClaimsFile = file as ClaimsFile;

/**
 * A claim's value as written in prose: `toFixed(digits)`, commas in integers ≥ 1,000, and a
 * minus sign (U+2212), not a hyphen, before a negative number.
 */
export function formatClaim(c: Pick<Claim, "value" | "digits">): string {
  if (typeof c.value === "string") return c.value;
  let text: string;
  if (c.digits === undefined || c.digits === 0) {
    const n = Math.round(c.value);
    text = Math.abs(n) >= 1000 ? n.toLocaleString("en-US") : String(n);
  } else text = c.value.toFixed(c.digits);
  // -0.04 to one digit reads "-0.0": no sign on a zero.
  return /^-[0.,]+$/.test(text) ? text.slice(1) : text.replace(/^-/, "\u2212");
}

/** A claim by name; an unknown name is an Error that names it. */
export function claim(name: string, claims: ClaimsFile = CLAIMS): Claim {
  const c = claims.claims[name];
  if (!c) throw new Error(`unknown claim "${name}" (claims/claims.json; deno task claims)`);
  return c;
}

/** A claim's number (an Error when it is a word). */
export function claimValue(name: string, claims: ClaimsFile = CLAIMS): number {
  const { value } = claim(name, claims);
  if (typeof value !== "number") throw new Error(`claim "${name}" is not a number: ${value}`);
  return value;
}

/** A claim formatted as prose writes it. */
export function claimText(name: string, claims: ClaimsFile = CLAIMS): string {
  return formatClaim(claim(name, claims));
}

/** `<Claim name="a.b.c" />` (attribute in single or double quotes, optional spaces). */
export const CLAIM_TAG = /<Claim\s+name=(?:"([^"]*)"|'([^']*)')\s*\/>/g;

/** Where a source text names an unknown claim: 1-based line and column, and the name. */
export class UnknownClaimError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly claimName: string,
  ) {
    super(`unknown claim "${claimName}" (not in claims/claims.json; run deno task claims)`);
  }
}

/**
 * Replaces every `<Claim name="…" />` in a source text (a whole MDX file, front matter
 * included, so line numbers are the file's) by its formatted value. Throws
 * {@link UnknownClaimError} at the first unknown name.
 */
export function substituteClaims(source: string, claims: ClaimsFile = CLAIMS): string {
  return source.replace(CLAIM_TAG, (_tag, dq: string | undefined, sq: string | undefined, at) => {
    const name = dq ?? sq ?? "";
    const c = claims.claims[name];
    if (!c) {
      const before = source.slice(0, at as number);
      const line = before.split("\n").length;
      throw new UnknownClaimError(line, (at as number) - before.lastIndexOf("\n"), name);
    }
    return formatClaim(c);
  });
}

/** The claim names a source text uses, in order of first use. */
export function claimNames(source: string): string[] {
  return [...new Set([...source.matchAll(CLAIM_TAG)].map((m) => m[1] ?? m[2]))];
}
