/**
 * Lesson 6's figures in plain arithmetic (float64, no engine): one convolution of a digit with a
 * 3×3 kernel, the nine products behind one output pixel, ReLU, 2×2 max- and average-pooling, a
 * shifted digit, output sizes and parameter counts. Convolution here is what deep-learning
 * libraries compute (PyTorch's conv2d, the engine's F.conv2d): a cross-correlation, the kernel
 * not flipped; tests/components/conv.test.ts checks it against F.conv2d.
 */

/** A 3×3 kernel, row by row. */
export type Kernel = number[];

/** The kernel's side. */
export const K = 3;

/** Each kernel entry is clamped to ±KERNEL_MAX (a typed or URL value). */
export const KERNEL_MAX = 10;

export type ClassicName = "vertical" | "horizontal" | "blur" | "sharpen" | "identity";

/**
 * The classic kernels. "vertical" answers a vertical edge (dark on the left, ink on the right)
 * with a positive number; "horizontal" a horizontal edge (dark above, ink below). Blur is the
 * binomial 1-2-1 ⊗ 1-2-1 / 16, whose entries are exact decimals.
 */
export const CLASSIC: Record<ClassicName, Kernel> = {
  vertical: [-1, 0, 1, -1, 0, 1, -1, 0, 1],
  horizontal: [-1, -1, -1, 0, 0, 0, 1, 1, 1],
  blur: [0.0625, 0.125, 0.0625, 0.125, 0.25, 0.125, 0.0625, 0.125, 0.0625],
  sharpen: [0, -1, 0, -1, 5, -1, 0, -1, 0],
  identity: [0, 0, 0, 0, 1, 0, 0, 0, 0],
};

export const CLASSIC_NAMES = Object.keys(CLASSIC) as ClassicName[];

/** A kernel entry from the page: a finite number within ±KERNEL_MAX (NaN and junk give 0). */
export function clampWeight(v: unknown): number {
  const x = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(x)) return 0;
  return Math.max(-KERNEL_MAX, Math.min(KERNEL_MAX, x));
}

/** Nine clamped numbers; anything that is not a list of nine gives the identity. */
export function cleanKernel(k: unknown): Kernel {
  if (!Array.isArray(k) || k.length !== K * K) return [...CLASSIC.identity];
  return k.map(clampWeight);
}

/** The classic kernel equal to `k`, if any. */
export function classicOf(k: Kernel): ClassicName | null {
  return CLASSIC_NAMES.find((n) => CLASSIC[n].every((v, i) => v === k[i])) ?? null;
}

/** ⌊(n + 2p − k)/s⌋ + 1: the side of a convolution's (or pool's) output; 0 when k > n + 2p. */
export function outSize(n: number, k: number, p = 0, s = 1): number {
  if (n + 2 * p < k) return 0;
  return Math.floor((n + 2 * p - k) / s) + 1;
}

export type ShapeField = "n" | "k" | "p" | "s" | "cIn" | "cOut";
/** Each field's range (whole numbers) and first value: lesson 4's first convolution. */
export const SHAPE_FIELDS: Record<ShapeField, { lo: number; hi: number; start: number }> = {
  n: { lo: 1, hi: 32, start: 28 },
  k: { lo: 1, hi: 7, start: 3 },
  p: { lo: 0, hi: 3, start: 0 },
  s: { lo: 1, hi: 4, start: 1 },
  cIn: { lo: 1, hi: 64, start: 1 },
  cOut: { lo: 1, hi: 64, start: 16 },
};
/** Parameters of a convolution: c_out filters of c_in × k × k weights, plus one bias each. */
export function convParams(cIn: number, cOut: number, k: number): number {
  return cOut * (k * k * cIn + 1);
}

/**
 * out[i][j] = Σ_{a,b} x[i·s + a − p][j·s + b − p] · w[a][b] over a `side` × `side` image, pixels
 * outside it read as 0 (padding p): a `outSize(side, k, p, s)`-square map, row-major.
 */
export function conv2d(
  x: ArrayLike<number>,
  side: number,
  kernel: Kernel,
  k = K,
  p = 0,
  s = 1,
): Float64Array {
  const o = outSize(side, k, p, s);
  const out = new Float64Array(o * o);
  for (let i = 0; i < o; i++) {
    for (let j = 0; j < o; j++) {
      let sum = 0;
      for (let a = 0; a < k; a++) {
        const r = i * s + a - p;
        if (r < 0 || r >= side) continue;
        for (let b = 0; b < k; b++) {
          const c = j * s + b - p;
          if (c >= 0 && c < side) sum += x[r * side + c] * kernel[a * k + b];
        }
      }
      out[i * o + j] = sum;
    }
  }
  return out;
}

/** The nine pixels under the kernel at output (i, j) of a valid 3×3 convolution, and their products. */
export function window(
  x: ArrayLike<number>,
  side: number,
  kernel: Kernel,
  i: number,
  j: number,
): { pixels: number[]; products: number[]; sum: number } {
  const pixels: number[] = [], products: number[] = [];
  let sum = 0;
  for (let a = 0; a < K; a++) {
    for (let b = 0; b < K; b++) {
      const v = x[(i + a) * side + j + b];
      pixels.push(v);
      products.push(v * kernel[a * K + b]);
      sum += v * kernel[a * K + b];
    }
  }
  return { pixels, products, sum };
}

export function relu(m: ArrayLike<number>): Float64Array {
  return Float64Array.from(m, (v) => (v > 0 ? v : 0));
}

/** 2×2 pooling with stride 2 of a `side`-square map (an odd last row and column are dropped). */
export function pool2(m: ArrayLike<number>, side: number, kind: "max" | "avg"): Float64Array {
  const o = Math.floor(side / 2);
  const out = new Float64Array(o * o);
  for (let i = 0; i < o; i++) {
    for (let j = 0; j < o; j++) {
      const at = (a: number, b: number) => m[(2 * i + a) * side + 2 * j + b];
      const v = [at(0, 0), at(0, 1), at(1, 0), at(1, 1)];
      out[i * o + j] = kind === "max" ? Math.max(...v) : (v[0] + v[1] + v[2] + v[3]) / 4;
    }
  }
  return out;
}

/** The image moved `dx` pixels right and `dy` down; what comes in from the edge is blank (0). */
export function shift(x: ArrayLike<number>, side: number, dx: number, dy: number): Float64Array {
  const out = new Float64Array(side * side);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const r0 = r - dy, c0 = c - dx;
      if (r0 >= 0 && r0 < side && c0 >= 0 && c0 < side) out[r * side + c] = x[r0 * side + c0];
    }
  }
  return out;
}

/** ‖b − a‖ / ‖a‖ (0 when both are zero, ∞ when only a is). */
export function relChange(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (b[i] - a[i]) ** 2;
    n += a[i] ** 2;
  }
  return n === 0 ? (d === 0 ? 0 : Infinity) : Math.sqrt(d / n);
}

/** A digit's ReLU'd map and its two poolings. */
export interface Maps {
  conv: Float64Array;
  max: Float64Array;
  avg: Float64Array;
}

export const MAP = 28 - K + 1; // 26
export const POOLED = Math.floor(MAP / 2); // 13

export function mapsOf(digit: ArrayLike<number>, kernel: Kernel): Maps {
  const conv = relu(conv2d(digit, 28, kernel));
  return { conv, max: pool2(conv, MAP, "max"), avg: pool2(conv, MAP, "avg") };
}

/** What a shift of the digit does to its maps. */
export interface ShiftEffect {
  /** Relative change (‖after − before‖/‖before‖) of the ReLU'd map, cell by cell. */
  conv: number;
  max: number;
  avg: number;
  /**
   * The largest |after[i][j] − before[i − dy][j − dx]| over the cells where both exist: the map
   * of the shifted digit is the shifted map (equivariance), so this is 0 up to rounding.
   */
  equivariance: number;
}

export function shiftEffect(
  digit: ArrayLike<number>,
  kernel: Kernel,
  dx: number,
  dy: number,
): ShiftEffect {
  const before = mapsOf(digit, kernel), after = mapsOf(shift(digit, 28, dx, dy), kernel);
  let eq = 0;
  for (let i = 0; i < MAP; i++) {
    for (let j = 0; j < MAP; j++) {
      const i0 = i - dy, j0 = j - dx;
      if (i0 < 0 || i0 >= MAP || j0 < 0 || j0 >= MAP) continue;
      eq = Math.max(eq, Math.abs(after.conv[i * MAP + j] - before.conv[i0 * MAP + j0]));
    }
  }
  return {
    conv: relChange(before.conv, after.conv),
    max: relChange(before.max, after.max),
    avg: relChange(before.avg, after.avg),
    equivariance: eq,
  };
}

/**
 * Where a digit's strokes run across (horizontal) or up and down (vertical): from the structure
 * tensor, the squared intensity gradients summed over each 3×3 neighbourhood. A pixel near ink
 * (its 3×3 neighbourhood holds ink) is "horizontal" when the intensity changes at least
 * `ratio` times more from top to bottom than from left to right, "vertical" the other way.
 */
export function strokeMasks(
  digit: ArrayLike<number>,
  ratio = 3,
): { horizontal: boolean[]; vertical: boolean[] } {
  const side = 28,
    at = (r: number, c: number) =>
      r >= 0 && r < side && c >= 0 && c < side ? digit[r * side + c] : 0;
  const gx = new Float64Array(side * side), gy = new Float64Array(side * side);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      gx[r * side + c] = (at(r, c + 1) - at(r, c - 1)) / 2;
      gy[r * side + c] = (at(r + 1, c) - at(r - 1, c)) / 2;
    }
  }
  const horizontal: boolean[] = [], vertical: boolean[] = [];
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      let jxx = 0, jyy = 0, ink = 0;
      for (let a = -1; a <= 1; a++) {
        for (let b = -1; b <= 1; b++) {
          const rr = r + a, cc = c + b;
          if (rr < 0 || rr >= side || cc < 0 || cc >= side) continue;
          jxx += gx[rr * side + cc] ** 2;
          jyy += gy[rr * side + cc] ** 2;
          ink = Math.max(ink, digit[rr * side + cc]);
        }
      }
      const near = ink > 0.5 && jxx + jyy > 0.05;
      horizontal.push(near && jyy >= ratio * jxx);
      vertical.push(near && jxx >= ratio * jyy);
    }
  }
  return { horizontal, vertical };
}

/**
 * How much more a kernel answers horizontal strokes than vertical ones on some digits: the mean
 * |response| (a 'same' convolution, padding 1, so response and pixel line up) over the pixels
 * of horizontal strokes, divided by that over the pixels of vertical strokes, all digits
 * together. A sign-blind measure, so an edge kernel (positive on one side of a stroke, negative
 * on the other) counts as much as a line kernel.
 */
export function orientationRatio(
  kernel: Kernel,
  digits: ArrayLike<number>[],
): { ratio: number; horizontal: number; vertical: number } {
  let h = 0, nh = 0, v = 0, nv = 0;
  for (const d of digits) {
    const r = conv2d(d, 28, kernel, K, 1, 1);
    const m = strokeMasks(d);
    for (let i = 0; i < r.length; i++) {
      if (m.horizontal[i]) (h += Math.abs(r[i]), nh++);
      if (m.vertical[i]) (v += Math.abs(r[i]), nv++);
    }
  }
  const horizontal = nh ? h / nh : 0, vertical = nv ? v / nv : 0;
  return {
    ratio: vertical > 0 ? horizontal / vertical : horizontal > 0 ? Infinity : 0,
    horizontal,
    vertical,
  };
}
