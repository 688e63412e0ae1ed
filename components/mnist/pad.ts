/**
 * The drawing pad shared by DrawDigit and MyDigits: white ink on a black square canvas of `size`
 * pixels, drawn in round strokes as thick as a pen stroke on MNIST's 28 × 28 scale.
 */

/** Where a pointer event falls on the pad, in the canvas's own pixels. */
export function padPoint(e: PointerEvent, size: number): { x: number; y: number } {
  const r = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
  return { x: ((e.clientX - r.left) * size) / r.width, y: ((e.clientY - r.top) * size) / r.height };
}

/** Ink from `from` to `to` (a dot where they are the same point). */
export function padStroke(
  canvas: HTMLCanvasElement,
  from: { x: number; y: number },
  to: { x: number; y: number },
): void {
  const ctx = canvas.getContext("2d")!;
  ctx.strokeStyle = "#fff";
  ctx.lineWidth = 18;
  ctx.lineCap = ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(to.x + 0.01, to.y);
  ctx.stroke();
}
