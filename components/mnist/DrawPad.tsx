/**
 * The drawing pad shared by DrawDigit and MyDigits: white ink on a black square canvas of
 * `PAD_SIZE` pixels, drawn by mouse, pen or touch in round strokes as thick as a pen stroke on
 * MNIST's 28 × 28 scale. The island keeps the canvas (`canvas` ref) to read or clear it.
 */
import type { RefObject } from "preact";
import { useRef } from "preact/hooks";

/** The pad's side in canvas pixels. */
export const PAD_SIZE = 280;

/** Where a pointer event falls on the pad, in the canvas's own pixels. */
function padPoint(e: PointerEvent): { x: number; y: number } {
  const r = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
  return {
    x: ((e.clientX - r.left) * PAD_SIZE) / r.width,
    y: ((e.clientY - r.top) * PAD_SIZE) / r.height,
  };
}

/**
 * The pad's 2-D context. The pad is read back after every stroke (getImageData), so it is asked
 * for with `willReadFrequently` (kept on the CPU; Chrome warns otherwise): every caller uses this,
 * as the first request fixes the context's options.
 */
export function padContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  return canvas.getContext("2d", { willReadFrequently: true })!;
}

/** Ink from `from` to `to` (a dot where they are the same point). */
function padStroke(
  canvas: HTMLCanvasElement,
  from: { x: number; y: number },
  to: { x: number; y: number },
): void {
  const ctx = padContext(canvas);
  ctx.strokeStyle = "#fff";
  ctx.lineWidth = 18;
  ctx.lineCap = ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x + 0.01, to.y);
  ctx.stroke();
}

/** Clears the pad to black (transparent over the CSS's black). */
export function clearPad(canvas: HTMLCanvasElement | null): void {
  if (canvas) padContext(canvas).clearRect(0, 0, PAD_SIZE, PAD_SIZE);
}

export default function DrawPad(props: {
  canvas: RefObject<HTMLCanvasElement | null>;
  label: string;
  /** A stroke begins (the pointer went down). */
  onStart?: () => void;
  /** A stroke ended (the pointer went up). */
  onEnd?: () => void;
}) {
  const last = useRef<{ x: number; y: number } | null>(null);
  const strokeTo = (to: { x: number; y: number }) => {
    padStroke(props.canvas.current!, last.current ?? to, to);
    last.current = to;
  };
  return (
    <canvas
      ref={props.canvas}
      class="pad"
      width={PAD_SIZE}
      height={PAD_SIZE}
      role="img"
      aria-label={props.label}
      onPointerDown={(e) => {
        (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
        last.current = null;
        props.onStart?.();
        strokeTo(padPoint(e));
      }}
      onPointerMove={(e) => {
        if (last.current) strokeTo(padPoint(e));
      }}
      onPointerUp={() => {
        last.current = null;
        props.onEnd?.();
      }}
    />
  );
}
