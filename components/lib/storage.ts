/**
 * The reader's saved things (localStorage): read and written without ever throwing (storage
 * can be off, full or in private mode), and a value that cannot be read is never dropped
 * silently: `setAside` keeps its raw text under `<key>.corrupt` before the island starts over
 * (or keeps only what it could read), and the island tells the reader where the copy is.
 */

/** The suffix of the key a value that could not be read is kept under. */
export const CORRUPT_SUFFIX = ".corrupt";

/** The stored text of `key`, or null (nothing stored, or no storage). */
export function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value` under `key`; false when storage is full or off (the page keeps it then). */
export function writeStored(key: string, value: string): boolean {
  try {
    localStorage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** Removes `key` (nothing when storage is off). */
export function removeStored(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch { /* no storage: nothing kept */ }
}

/**
 * Keeps `raw`, a value of `key` that could not be read (in whole or in part), under
 * `key + CORRUPT_SUFFIX`, so the reader can still get it back. An earlier copy is kept (the first
 * value that went bad is the one that held the reader's data). Returns the key of the copy.
 */
export function setAside(key: string, raw: string): string {
  const copy = key + CORRUPT_SUFFIX;
  if (readStored(copy) === null) writeStored(copy, raw);
  return copy;
}

/** A dictionary with no prototype: keys such as `constructor` or `__proto__` are plain keys. */
export function dict<T>(): Record<string, T> {
  return Object.create(null);
}
