/**
 * Island state kept in the page's URL query, so a reader can share exactly what they see. Each
 * island uses its own prefix (`lc.a=0.5&lc.b=1`), so several islands share one URL. The server
 * renders the defaults; after hydration the URL's values are read and applied, and every change
 * is written back with `history.replaceState` (no reload, no history spam; at most one write per
 * `URL_WRITE_MS`, the last one always with the latest state).
 *
 * A URL is input from anyone: each island gives a schema with its controls' bounds, and
 * `readUrlState` applies it to every value it reads, here and nowhere else. Numbers are clamped
 * into range (rounded first where the key is an integer); a value that cannot be meant (not a
 * number, an unknown choice, a list that is too long or holds a non-number) is ignored, so the
 * key keeps its default.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type UrlValue = number | string | boolean | number[];
export type UrlState = Record<string, UrlValue>;

/** Bounds of one number, or of each element of a list of numbers. */
export interface NumberRule {
  /** Smallest value kept; smaller ones become `min`. */
  min?: number;
  /** Largest value kept; larger ones become `max`. */
  max?: number;
  /** Round to the nearest integer (before clamping). */
  integer?: boolean;
  /** The only values allowed (after rounding and clamping); any other keeps the default. */
  values?: readonly number[];
}

/**
 * The choices a string key may take, or (for free text such as encoded points) the pattern and
 * length it must have; any other keeps the default.
 */
export type StringRule = { values: readonly string[] } | { pattern: RegExp; maxLength: number };

/** A list of numbers: its length bounds, and `NumberRule` bounds applied to each element. */
export interface ArrayRule extends NumberRule {
  /** Longest list kept; a longer one keeps the default. */
  maxLength: number;
  /** Shortest list kept (default 0); a shorter one keeps the default. */
  minLength?: number;
  /** The only lists allowed (after the element bounds), as a select offers them; any other keeps the default. */
  lists?: readonly (readonly number[])[];
}

/** The rule for one key, by the type of its default. */
export type UrlRule<V> = V extends number ? NumberRule
  : V extends string ? StringRule
  : V extends number[] ? ArrayRule
  : never;

/** Per-key rules for an island's state; keys without a rule are read as they come. */
export type UrlSchema<T extends UrlState> = { readonly [K in keyof T]?: UrlRule<T[K]> };

/** The longest raw query value read at all (a list of `ArrayRule.maxLength` numbers fits). */
const MAX_RAW_LENGTH = 4096;

function decode(raw: string, like: UrlValue): UrlValue | undefined {
  if (raw.length > MAX_RAW_LENGTH) return undefined;
  if (typeof like === "number") {
    const n = Number(raw);
    return raw.trim() !== "" && Number.isFinite(n) ? n : undefined;
  }
  if (typeof like === "boolean") return raw === "1" || raw === "true";
  if (Array.isArray(like)) {
    if (raw === "") return [];
    const list = raw.split(",").map((s) => (s.trim() === "" ? NaN : Number(s)));
    return list.every(Number.isFinite) ? list : undefined;
  }
  return raw;
}

/** A number within `rule`, or undefined where the rule's `values` do not hold it. */
function boundNumber(n: number, rule: NumberRule): number | undefined {
  let v = rule.integer ? Math.round(n) : n;
  if (rule.min !== undefined) v = Math.max(rule.min, v);
  if (rule.max !== undefined) v = Math.min(rule.max, v);
  if (rule.values && !rule.values.includes(v)) return undefined;
  return v;
}

/** Applies one key's rule to a decoded value: the bounded value, or undefined to keep the default. */
function applyRule(
  value: UrlValue,
  rule: NumberRule | StringRule | ArrayRule,
): UrlValue | undefined {
  if (typeof value === "number") return boundNumber(value, rule as NumberRule);
  if (typeof value === "string") {
    const r = rule as StringRule;
    if ("values" in r) return r.values.includes(value) ? value : undefined;
    return value.length <= r.maxLength && r.pattern.test(value) ? value : undefined;
  }
  if (Array.isArray(value)) {
    const r = rule as ArrayRule;
    if (value.length > r.maxLength || value.length < (r.minLength ?? 0)) return undefined;
    const out: number[] = [];
    for (const n of value) {
      const v = boundNumber(n, r);
      if (v === undefined) return undefined;
      out.push(v);
    }
    if (r.lists && !r.lists.some((l) => l.join() === out.join())) return undefined;
    return out;
  }
  return value;
}

function encode(value: UrlValue): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

/**
 * Reads `prefix.key` values from a query string, bounded by `schema`, falling back to `defaults`
 * key by key.
 */
export function readUrlState<T extends UrlState>(
  search: string,
  prefix: string,
  defaults: T,
  schema: NoInfer<UrlSchema<T>> = {},
): T {
  const params = new URLSearchParams(search);
  const out: UrlState = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const raw = params.get(`${prefix}.${key}`);
    if (raw === null) continue;
    let value = decode(raw, defaults[key]);
    const rule = schema[key] as NumberRule | StringRule | ArrayRule | undefined;
    if (value !== undefined && rule) value = applyRule(value, rule);
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/** Writes the values that differ from `defaults` into a query string (others are removed). */
export function writeUrlState<T extends UrlState>(
  search: string,
  prefix: string,
  state: T,
  defaults: T,
): string {
  const params = new URLSearchParams(search);
  for (const key of Object.keys(defaults)) {
    const name = `${prefix}.${key}`;
    if (encode(state[key]) === encode(defaults[key])) params.delete(name);
    else params.set(name, encode(state[key]));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/**
 * `[state, update]` backed by the URL, read through `schema` (see `readUrlState`). `update(patch)`
 * merges and writes the URL (the island's own controls stay within its bounds). The returned
 * `restored` flag turns true once the URL was read (after hydration).
 */
export function useUrlState<T extends UrlState>(
  prefix: string,
  defaults: T,
  schema: NoInfer<UrlSchema<T>> = {},
): [T, (patch: Partial<T>) => void, boolean] {
  const [state, setState] = useState<T>(defaults);
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    setState(readUrlState(location.search, prefix, defaults, schema));
    setRestored(true);
    // The keys this page reads, for tests that try hostile values on every one of them.
    const keys =
      ((globalThis as { __urlStateKeys?: Record<string, string[]> }).__urlStateKeys ??= {});
    keys[prefix] = Object.keys(defaults);
    // Read once, after hydration: the defaults are the server's render.
  }, []);
  const writer = useRef<
    { state: T | null; last: number; timer: ReturnType<typeof setTimeout> | undefined }
  >({
    state: null,
    last: -Infinity,
    timer: undefined,
  });
  const update = useCallback((patch: Partial<T>) => {
    setState((old) => {
      const next = { ...old, ...patch };
      // A slider dragged with the mouse or a training loop updates many times a second, and
      // browsers throttle (and warn about) frequent history calls: write at once, then at most
      // every URL_WRITE_MS, always ending with the latest state.
      const w = writer.current;
      w.state = next;
      const write = () => {
        w.timer = undefined;
        w.last = performance.now();
        const search = writeUrlState(location.search, prefix, w.state!, defaults);
        history.replaceState(history.state, "", location.pathname + search + location.hash);
      };
      const wait = w.last + URL_WRITE_MS - performance.now();
      if (wait <= 0) write();
      else w.timer ??= setTimeout(write, wait);
      return next;
    });
  }, [prefix]);
  useEffect(() => () => clearTimeout(writer.current.timer), []);
  return [state, update, restored];
}

/** The least time between two writes of one island's state to the URL. */
export const URL_WRITE_MS = 100;
