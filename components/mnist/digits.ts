/**
 * The shipped digits, fetched once per page and shared by every island of the lesson (8,000
 * training + 1,000 validation + 1,000 test, IDX files under `assets/mnist/`, read with `mnist/`'s parser;
 * that module is engine-free, so this loads no tfjs).
 */
import { assetUrl } from "../base.ts";
import { type Digits, loadShippedFromUrl } from "../../mnist/dataset.ts";

export type { Digits };

type Shipped = { train: Digits; val: Digits; test: Digits };

/**
 * The digits at `url` (the folder of the IDX files), fetched and decoded once per realm: the
 * page's islands share one copy, and the runtime's worker another for every trainer and the
 * notebook in it.
 */
const loads = new Map<string, Promise<Shipped>>();
export function loadDigitsAt(url: string): Promise<Shipped> {
  if (!url) throw new Error("no URL for the shipped digits (a trainer's props.data)");
  let loading = loads.get(url);
  if (!loading) {
    loading = loadShippedFromUrl(url);
    loads.set(url, loading);
    loading.catch(() => loads.delete(url)); // a failed download may be retried
  }
  return loading;
}

/** The training, validation and test digits (one download per page; later calls share it). */
export function loadDigits(): Promise<Shipped> {
  return loadDigitsAt(assetUrl("assets/mnist/"));
}

/**
 * The absolute URL of the digits' folder, for a trainer's worker (which resolves URLs against its
 * own script, not the page); "" during the server render.
 */
export function digitsUrl(): string {
  return typeof location === "undefined"
    ? ""
    : new URL(assetUrl("assets/mnist/"), location.href).href;
}

/** How many digits of each class a set has. */
export function classCounts(digits: Digits): number[] {
  const counts = new Array(10).fill(0);
  for (const label of digits.labels) counts[label]++;
  return counts;
}

/** The bytes of digit `i` (28 × 28, row-major). */
export function digitPixels(digits: Digits, i: number): Uint8Array {
  const size = digits.rows * digits.cols;
  return digits.images.subarray(i * size, (i + 1) * size);
}

/**
 * Draws digits as a grid on a 2-D canvas context, `cols` per row, each 28 × 28 at (col·28,
 * row·28): ink dark on light (or light on dark), like the paper they were written on.
 */
export function drawDigits(
  ctx: CanvasRenderingContext2D,
  digits: Digits,
  indices: number[],
  cols: number,
  ink: [number, number, number],
  paper: [number, number, number],
): void {
  const rows = Math.ceil(indices.length / cols);
  const w = cols * 28, h = rows * 28;
  const image = ctx.createImageData(w, h);
  for (let k = 0; k < image.data.length; k += 4) {
    image.data.set([...paper, 255], k);
  }
  indices.forEach((index, n) => {
    const px = digitPixels(digits, index);
    const ox = (n % cols) * 28, oy = Math.floor(n / cols) * 28;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const a = px[y * 28 + x] / 255;
        const k = 4 * ((oy + y) * w + ox + x);
        for (let c = 0; c < 3; c++) image.data[k + c] = paper[c] + (ink[c] - paper[c]) * a;
      }
    }
  });
  ctx.putImageData(image, 0, 0);
}

/** A CSS colour of the page (`--fg`, `--bg`) as RGB, for drawing digits in the current theme. */
export function themeRgb(el: Element, name: string, fallback: [number, number, number]) {
  const probe = document.createElement("span");
  probe.style.color = `var(${name})`;
  el.appendChild(probe);
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
  probe.remove();
  return m ? [+m[1], +m[2], +m[3]] as [number, number, number] : fallback;
}
