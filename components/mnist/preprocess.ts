/**
 * MNIST's preprocessing, applied to a digit drawn in the page. LeCun et al. describe it: each
 * digit was "size normalized to fit in a 20×20 pixel box while preserving their aspect ratio"
 * (with anti-aliasing, hence the grey edges), then "centered in a 28×28 image by computing the
 * center of mass of the pixels, and translating the image so as to position this point at the
 * center of the 28×28 field". Skip it and a digit drawn small in a corner is an input the network
 * has never seen.
 *
 * Pure functions on ink images: `Float32Array`s of `width × height` values in [0, 1] (0 = paper,
 * 1 = full ink), row-major. No DOM, so the steps are unit-tested in Deno.
 */

/** An ink image: row-major values in [0, 1], 0 = paper. */
export interface InkImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** MNIST's frame and the box the digit is scaled into. */
export const FRAME = 28;
export const BOX = 20;

/** The smallest rectangle holding every pixel with ink > `threshold`; null for a blank image. */
export function boundingBox(
  img: InkImage,
  threshold = 0,
): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x] > threshold) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 }; // x1, y1 exclusive
}

/** The pixels of `img` inside `[x0, x1) × [y0, y1)`. */
export function crop(
  img: InkImage,
  box: { x0: number; y0: number; x1: number; y1: number },
): InkImage {
  const width = box.x1 - box.x0, height = box.y1 - box.y0;
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const from = (box.y0 + y) * img.width + box.x0;
    data.set(img.data.subarray(from, from + width), y * width);
  }
  return { width, height, data };
}

/**
 * Resamples a row of `n` values to `m` values by area averaging: output cell j covers input
 * interval [j·n/m, (j+1)·n/m) and gets the overlap-weighted mean. This is the anti-aliasing
 * (a box filter): a 1-pixel stroke shrunk by 10× becomes a faint grey, not a gap.
 */
function resample1d(
  src: Float32Array,
  srcOffset: number,
  srcStride: number,
  n: number,
  dst: Float32Array,
  dstOffset: number,
  dstStride: number,
  m: number,
): void {
  const scale = n / m;
  for (let j = 0; j < m; j++) {
    const a = j * scale, b = (j + 1) * scale;
    let sum = 0;
    for (let i = Math.floor(a); i < Math.min(n, Math.ceil(b)); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 0) sum += overlap * src[srcOffset + i * srcStride];
    }
    dst[dstOffset + j * dstStride] = sum / scale;
  }
}

/** Resizes `img` to `width × height` (area averaging: rows first, then columns). */
export function resize(img: InkImage, width: number, height: number): InkImage {
  const rows = new Float32Array(width * img.height);
  for (let y = 0; y < img.height; y++) {
    resample1d(img.data, y * img.width, 1, img.width, rows, y * width, 1, width);
  }
  const data = new Float32Array(width * height);
  for (let x = 0; x < width; x++) resample1d(rows, x, width, img.height, data, x, width, height);
  return { width, height, data };
}

/**
 * The centre of mass (ink-weighted mean position) in pixel coordinates where pixel (i, j) covers
 * [i, i+1) × [j, j+1), so a single pixel at column 13 has its mass at x = 13.5. Null if blank.
 */
export function centerOfMass(img: InkImage): { x: number; y: number } | null {
  let mass = 0, sx = 0, sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const v = img.data[y * img.width + x];
      mass += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass } : null;
}

/** What `toMnist` did, for the page to show. */
export interface Preprocessed {
  /** The 28 × 28 result, values in [0, 1]. */
  image: InkImage;
  /** The ink's bounding box in the input. */
  box: { x0: number; y0: number; x1: number; y1: number };
  /** Size of the digit after scaling (the longer side is `BOX`). */
  scaled: { width: number; height: number };
  /** Where the scaled digit's top-left corner went in the frame. */
  offset: { x: number; y: number };
  /** The centre of mass in the frame (≈ 14, 14 unless the digit had to be kept inside). */
  center: { x: number; y: number };
}

/**
 * MNIST's steps: crop to the ink, scale so the longer side is 20 pixels keeping the aspect
 * ratio, then paste into 28 × 28 so that the centre of mass lands on the frame's centre (14, 14),
 * moved by whole pixels as the original was. A shift that would push ink out of the frame is
 * limited so the digit stays whole (a rare, very lopsided digit ends up slightly off-centre).
 * Returns null for a blank image.
 */
export function toMnist(img: InkImage, threshold = 0): Preprocessed | null {
  const box = boundingBox(img, threshold);
  if (!box) return null;
  const cropped = crop(img, box);
  const longer = Math.max(cropped.width, cropped.height);
  const width = Math.max(1, Math.round((cropped.width * BOX) / longer));
  const height = Math.max(1, Math.round((cropped.height * BOX) / longer));
  const scaled = resize(cropped, width, height);
  const com = centerOfMass(scaled) ?? { x: width / 2, y: height / 2 };
  const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  const ox = clamp(Math.round(FRAME / 2 - com.x), FRAME - width);
  const oy = clamp(Math.round(FRAME / 2 - com.y), FRAME - height);
  const data = new Float32Array(FRAME * FRAME);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data[(oy + y) * FRAME + ox + x] = Math.min(1, scaled.data[y * width + x]);
    }
  }
  return {
    image: { width: FRAME, height: FRAME, data },
    box,
    scaled: { width, height },
    offset: { x: ox, y: oy },
    center: { x: com.x + ox, y: com.y + oy },
  };
}

/** Ink from a canvas's RGBA pixels: the alpha channel (strokes are drawn on a clear canvas). */
export function inkFromRgba(rgba: Uint8ClampedArray, width: number, height: number): InkImage {
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[4 * i + 3] / 255;
  return { width, height, data };
}

/** An MNIST image's bytes (0..255) as ink in [0, 1]. */
export function inkFromBytes(bytes: Uint8Array, width = FRAME, height = FRAME): InkImage {
  return { width, height, data: Float32Array.from(bytes, (v) => v / 255) };
}

/** `(x − mean) / std` for every pixel: the normalization the network was trained with. */
export function normalizeInk(img: InkImage, mean: number, std: number): Float32Array {
  return img.data.map((v) => (v - mean) / std);
}
