/**
 * Island props on the wire: devalue (which keeps NaN, ±Infinity, -0, undefined, Dates, Maps,
 * Sets, BigInts, repeated and cyclic references) inside a `<script type="application/json">`.
 * The only characters that could end or confuse that script are `<` (for `</script>` and
 * `<!--`) and U+2028 / U+2029; in devalue's JSON they can only occur inside strings, where a
 * `\uXXXX` escape means the same thing, so escaping them keeps the text valid and inert.
 */
import { parse, stringify } from "devalue";

/** Why `value` cannot be sent to the browser, with the path to the culprit. */
export class PropsError extends Error {
  constructor(readonly path: string, reason: string) {
    super(reason);
    this.name = "PropsError";
  }
}

/** Serializes island props; throws {@link PropsError} for functions, class instances, symbols. */
export function serializeProps(props: Record<string, unknown>): string {
  let text: string;
  try {
    text = stringify(props);
  } catch (error) {
    const e = error as Error & { path?: string };
    throw new PropsError(e.path ?? "", `${e.message}`);
  }
  return text.replace(
    /[<\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The inverse of {@link serializeProps}. */
export function deserializeProps(text: string): Record<string, unknown> {
  return parse(text) as Record<string, unknown>;
}
