/**
 * A grid of MNIST digits on a canvas: light ink on black, as the dataset is usually shown, in
 * both themes. Each digit is painted at 28 × 28 and scaled up without smoothing, so every pixel
 * is visible; an optional caption is written in each cell's corner. The caller passes the text
 * alternative (`label`), which should carry the live content (the labels shown).
 */
import { useEffect, useRef } from "preact/hooks";
import type { Digits } from "./digits.ts";
import { digitPixels } from "./digits.ts";

export interface DigitCanvasProps {
  digits: Digits | null;
  indices: number[];
  cols: number;
  /** Screen pixels per digit pixel. */
  scale?: number;
  /** Text alternative, e.g. "100 training digits; labels row by row: 5 0 4 …". */
  label: string;
  /** Small text for each cell's corner (same order as `indices`). */
  captions?: string[];
  /** Write the captions in a strip under each digit instead of over its corner. */
  captionsBelow?: boolean;
  /** Minimum rows to reserve (so the server render has the final size). */
  rows?: number;
}

export default function DigitCanvas(props: DigitCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const scale = props.scale ?? 2;
  const rows = Math.max(props.rows ?? 0, Math.ceil(props.indices.length / props.cols));
  // A strip under each row for the captions, when they go below the digits.
  const strip = props.captions && props.captionsBelow ? 12 * scale : 0;
  const cellH = 28 * scale + strip;
  const width = props.cols * 28 * scale, height = Math.max(1, rows) * cellH;
  useEffect(() => {
    const canvas = ref.current, digits = props.digits;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, width, height);
    if (!digits || props.indices.length === 0) return;
    // Paint at 28 px per digit, then scale up with nearest-neighbour sampling.
    const small = document.createElement("canvas");
    small.width = props.cols * 28;
    small.height = rows * 28;
    const sctx = small.getContext("2d")!;
    const image = sctx.createImageData(small.width, small.height);
    props.indices.forEach((index, n) => {
      const px = digitPixels(digits, index);
      const ox = (n % props.cols) * 28, oy = Math.floor(n / props.cols) * 28;
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const k = 4 * ((oy + y) * small.width + ox + x);
          const v = px[y * 28 + x];
          image.data[k] = image.data[k + 1] = image.data[k + 2] = v;
          image.data[k + 3] = 255;
        }
      }
    });
    sctx.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    if (strip) {
      // Row by row, leaving the caption strip under each.
      for (let r = 0; r < rows; r++) {
        ctx.drawImage(small, 0, r * 28, small.width, 28, 0, r * cellH, width, 28 * scale);
      }
    } else ctx.drawImage(small, 0, 0, width, height);
    if (props.captions) {
      ctx.font = `${Math.round(9 * scale)}px system-ui, sans-serif`;
      ctx.textBaseline = "top";
      props.captions.forEach((text, n) => {
        const x = (n % props.cols) * 28 * scale, y = Math.floor(n / props.cols) * cellH;
        const w = ctx.measureText(text).width;
        ctx.fillStyle = "#ffd166";
        if (strip) {
          ctx.fillText(text, x + (28 * scale - w) / 2, y + 28 * scale + scale);
          return;
        }
        ctx.fillStyle = "rgba(0,0,0,0.75)";
        ctx.fillRect(x, y, w + 4, 11 * scale);
        ctx.fillStyle = "#ffd166";
        ctx.fillText(text, x + 2, y + scale);
      });
    }
  }, [props.digits, props.indices.join(","), props.captions?.join(","), width, height, strip]);
  return (
    <canvas
      ref={ref}
      class="digit-canvas"
      width={width}
      height={height}
      role="img"
      aria-label={props.label}
      style={{ aspectRatio: `${width} / ${height}`, maxWidth: `${width}px` }}
    />
  );
}
