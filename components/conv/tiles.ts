/**
 * Many small images of one layer in one canvas: channel tiles in a grid, drawn with a single
 * `putImageData` (one canvas to paint instead of one per channel, so a training figure redraws in
 * a fraction of a millisecond). Plain arithmetic, no DOM: the component is `Tiles.tsx`.
 */
import { diverging } from "../mnist/inside_view.ts";

export interface TileLayout {
  /** Number of tiles (channels). */
  count: number;
  /** Tile size in pixels. */
  width: number;
  height: number;
  /** Tiles per row. */
  cols: number;
  /** Transparent pixels between tiles. */
  gap: number;
  /**
   * Where channel c's pixel (y, x) is in the values: "hwc" (a feature map: (y·width + x)·count
   * + c) or "chw" (filters one after another: c·width·height + y·width + x).
   */
  order: "hwc" | "chw";
}

/** The canvas size of a layout. */
export function tilesSize(l: TileLayout): { width: number; height: number } {
  const rows = Math.ceil(l.count / l.cols);
  return {
    width: l.cols * l.width + (l.cols - 1) * l.gap,
    height: rows * l.height + (rows - 1) * l.gap,
  };
}

/**
 * RGBA bytes of the tiles: signed values on the diverging map (±scale), others in grey from
 * black (0) to white (scale). Gaps stay transparent.
 */
export function tilesRgba(
  values: ArrayLike<number>,
  l: TileLayout,
  scale: number,
  signed: boolean,
): Uint8ClampedArray<ArrayBuffer> {
  const { width: W, height: H } = tilesSize(l);
  const out = new Uint8ClampedArray(W * H * 4);
  for (let c = 0; c < l.count; c++) {
    const left = (c % l.cols) * (l.width + l.gap),
      top = Math.floor(c / l.cols) * (l.height + l.gap);
    for (let y = 0; y < l.height; y++) {
      for (let x = 0; x < l.width; x++) {
        const v = l.order === "hwc"
          ? values[(y * l.width + x) * l.count + c]
          : values[c * l.width * l.height + y * l.width + x];
        const at = 4 * ((top + y) * W + left + x);
        if (signed) {
          const [r, g, b] = diverging(v, scale);
          out[at] = r, out[at + 1] = g, out[at + 2] = b;
        } else {
          const grey = scale > 0 ? Math.round(255 * Math.max(0, Math.min(1, v / scale))) : 0;
          out[at] = out[at + 1] = out[at + 2] = grey;
        }
        out[at + 3] = 255;
      }
    }
  }
  return out;
}
