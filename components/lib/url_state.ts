/**
 * Island state kept in the page's URL query, so a reader can share exactly what they see. Each
 * island uses its own prefix (`lc.a=0.5&lc.b=1`), so several islands share one URL. The server
 * renders the defaults; after hydration the URL's values are read and applied, and every change
 * is written back with `history.replaceState` (no reload, no history spam; at most one write per
 * `URL_WRITE_MS`, the last one always with the latest state).
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type UrlValue = number | string | boolean | number[];
export type UrlState = Record<string, UrlValue>;

function decode(raw: string, like: UrlValue): UrlValue | undefined {
  if (typeof like === "number") {
    const n = Number(raw);
    return raw.trim() !== "" && Number.isFinite(n) ? n : undefined;
  }
  if (typeof like === "boolean") return raw === "1" || raw === "true";
  if (Array.isArray(like)) {
    if (raw === "") return [];
    const list = raw.split(",").map(Number);
    return list.every(Number.isFinite) ? list : undefined;
  }
  return raw;
}

function encode(value: UrlValue): string {
  if (typeof value === "boolean") return value ? "1" : "0";
  if (Array.isArray(value)) return value.join(",");
  return String(value);
}

/** Reads `prefix.key` values from a query string, falling back to `defaults` key by key. */
export function readUrlState<T extends UrlState>(search: string, prefix: string, defaults: T): T {
  const params = new URLSearchParams(search);
  const out: UrlState = { ...defaults };
  for (const key of Object.keys(defaults)) {
    const raw = params.get(`${prefix}.${key}`);
    if (raw === null) continue;
    const value = decode(raw, defaults[key]);
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
 * `[state, update]` backed by the URL. `update(patch)` merges and writes the URL. The returned
 * `restored` flag turns true once the URL was read (after hydration).
 */
export function useUrlState<T extends UrlState>(
  prefix: string,
  defaults: T,
): [T, (patch: Partial<T>) => void, boolean] {
  const [state, setState] = useState<T>(defaults);
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    setState(readUrlState(location.search, prefix, defaults));
    setRestored(true);
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
