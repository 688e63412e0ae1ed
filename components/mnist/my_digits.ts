/**
 * The reader's own digits (lesson 4's "my digits"): 28 × 28 bytes after MNIST's preprocessing and
 * a label 0–9 each, at most `MAX_MY_DIGITS`. Kept in localStorage as one base-64 string (785
 * bytes a digit: the label, then the pixels), exported as an IDX pair (mnist/idx.ts) that
 * `deno task mnist eval --images … --labels …` reads. Everything read back is bounded here:
 * a stored value that is not a whole number of digits, or holds a label above 9, is refused.
 * No engine, no tfjs.
 */
import { encodeIdxImages, encodeIdxLabels } from "../../mnist/idx.ts";
import type { Digits } from "./digits.ts";

/** The most digits kept (the gallery, localStorage and a fine-tuning batch stay small). */
export const MAX_MY_DIGITS = 100;
const SIZE = 28 * 28;
/** A fine-tuning batch: this many of the reader's digits (drawn with replacement)… */
export const MINE_PER_BATCH = 16;
/** … and this many shipped training digits, so the rest is not forgotten at once. */
export const SHIPPED_PER_BATCH = 16;
/** Adam's learning rate for fine-tuning (the lesson's training uses 0.001 too). */
export const FINETUNE_LR = 1e-3;

export interface MyDigit {
  label: number;
  /** 784 bytes, row by row, 0 (paper) … 255 (ink). */
  pixels: Uint8Array;
}

/** Pixels in [0, 1] (the preprocessing's output) → bytes. */
export function toBytes(pixels: ArrayLike<number>): Uint8Array {
  if (pixels.length !== SIZE) throw new Error(`a digit is ${SIZE} pixels, got ${pixels.length}`);
  return Uint8Array.from(pixels, (v) => Math.round(255 * Math.max(0, Math.min(1, v))));
}

/** The digits as one base-64 string (label byte + 784 pixel bytes each). */
export function encodeMyDigits(list: readonly MyDigit[]): string {
  const bytes = new Uint8Array(list.length * (SIZE + 1));
  list.forEach((d, i) => {
    bytes[i * (SIZE + 1)] = d.label;
    bytes.set(d.pixels, i * (SIZE + 1) + 1);
  });
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** Reads `encodeMyDigits`' string; null when it is not one (bad base-64, size, label, count). */
export function decodeMyDigits(text: string): MyDigit[] | null {
  if (text.length > Math.ceil((MAX_MY_DIGITS * (SIZE + 1)) / 3) * 4) return null;
  let raw: string;
  try {
    raw = atob(text);
  } catch {
    return null;
  }
  if (raw.length % (SIZE + 1) !== 0) return null;
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0));
  const out: MyDigit[] = [];
  for (let at = 0; at < bytes.length; at += SIZE + 1) {
    const label = bytes[at];
    if (label > 9) return null;
    out.push({ label, pixels: bytes.slice(at + 1, at + 1 + SIZE) });
  }
  return out;
}

/** The digits as a `Digits` set (what the gallery, the trainer and the IDX writer take). */
export function asDigits(list: readonly MyDigit[]): Digits {
  const images = new Uint8Array(list.length * SIZE);
  list.forEach((d, i) => images.set(d.pixels, i * SIZE));
  return {
    images,
    labels: Uint8Array.from(list, (d) => d.label),
    count: list.length,
    rows: 28,
    cols: 28,
  };
}

/** The IDX pair (images, labels) of the digits, uncompressed. */
export function toIdxPair(list: readonly MyDigit[]): { images: Uint8Array; labels: Uint8Array } {
  const d = asDigits(list);
  return { images: encodeIdxImages(d), labels: encodeIdxLabels(d.labels) };
}

/** The confusions of predictions against labels: [label, predicted, count], most frequent first. */
export function confusions(
  labels: ArrayLike<number>,
  predicted: ArrayLike<number>,
): [number, number, number][] {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== predicted[i]) {
      const key = labels[i] * 10 + predicted[i];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([k, n]) => [Math.floor(k / 10), k % 10, n] as [number, number, number])
    .sort((a, b) => b[2] - a[2] || a[0] - b[0] || a[1] - b[1]);
}
