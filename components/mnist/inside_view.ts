/**
 * Plain helpers for the islands that look inside a trained MNIST model (no engine, no tfjs):
 * the diverging colour map the weight and filter images are drawn with, and the arithmetic of a
 * convolutional unit's receptive field (which input pixels it can see).
 */

/**
 * A diverging colour map for signed values on a shared scale: −scale is blue, 0 is neutral
 * grey-white, +scale is orange-red (a blue–orange pair reads for the common colour-vision
 * deficiencies). Values past the scale are clamped. RGB in 0–255.
 */
export function diverging(value: number, scale: number): [number, number, number] {
  const t = scale > 0 && Number.isFinite(value) ? Math.max(-1, Math.min(1, value / scale)) : 0;
  const neutral: [number, number, number] = [242, 242, 242];
  const end: [number, number, number] = t < 0 ? [33, 102, 172] : [202, 75, 12];
  const u = Math.abs(t);
  return [0, 1, 2].map((c) => Math.round(neutral[c] + (end[c] - neutral[c]) * u)) as [
    number,
    number,
    number,
  ];
}

/** Paints a signed h × w image (row-major) into RGBA bytes with {@link diverging}. */
export function divergingRgba(
  values: ArrayLike<number>,
  scale: number,
  into = new Uint8ClampedArray(values.length * 4),
): Uint8ClampedArray {
  for (let i = 0; i < values.length; i++) {
    into.set([...diverging(values[i], scale), 255], 4 * i);
  }
  return into;
}

/** A layer of a convolutional stack, as far as its receptive field is concerned. */
export interface RfLayer {
  /** Window size (a k × k convolution or pool). */
  kernel: number;
  stride: number;
}

/** The lesson's CNN up to its second convolution: conv 3×3, pool 2×2, conv 3×3. */
export const CNN_TO_CONV2: RfLayer[] = [
  { kernel: 3, stride: 1 },
  { kernel: 2, stride: 2 },
  { kernel: 3, stride: 1 },
];

/**
 * The input square a unit at (row, col) of the last of `layers` sees (valid convolutions, no
 * padding): its top-left input pixel and its side. Each layer widens the field by
 * (kernel − 1) × jump, where the jump is the product of the strides before it.
 */
export function receptiveField(
  layers: RfLayer[],
  row: number,
  col: number,
): { top: number; left: number; size: number } {
  let size = 1, jump = 1;
  for (const { kernel, stride } of layers) {
    if (!(kernel >= 1 && stride >= 1)) {
      throw new Error(`receptive field: bad layer ${kernel}/${stride}`);
    }
    size += (kernel - 1) * jump;
    jump *= stride;
  }
  return { top: row * jump, left: col * jump, size };
}
