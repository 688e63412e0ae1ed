/**
 * Drawing for OptimizerPaths: the surface's loss as a heat map with contour lines (float64, on
 * the main thread: 160² evaluations take a few milliseconds), and the map's coordinates.
 */
import { viridis } from "../loss/math.ts";
import { type OptimizerName, SURFACE, type Surface } from "./optim_paths.ts";

/** Path colors, legible on the viridis map in both themes. */
export const PATH_COLORS: Record<OptimizerName, string> = {
  sgd: "#ff5a5a",
  momentum: "#ffffff",
  rmsprop: "#ffb000",
  adam: "#ff6bff",
};

/** Canvas pixels per side. */
export const MAP_PX = 160;
const LEVELS = 16;

/** Percent coordinates of (x, y) on a surface's map (y up). */
export function toMap(s: Surface, x: number, y: number): [number, number] {
  const d = SURFACE[s];
  return [
    ((x - d.x[0]) / (d.x[1] - d.x[0])) * 100,
    ((d.y[1] - y) / (d.y[1] - d.y[0])) * 100,
  ];
}

/** Rows computed per task: a slice of the map takes a few milliseconds, never 50. */
const ROWS_PER_TASK = 16;
const images = new Map<Surface, ImageData>();

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Paints log(1 + f/f₀) of the surface with contour lines where the level changes. The values
 * are computed a slice of rows per task (the main thread stays free for input), and the image
 * is kept per surface, so coming back to one only puts it on the canvas. `alive()` false stops.
 */
export async function paintSurface(
  canvas: HTMLCanvasElement,
  s: Surface,
  alive: () => boolean,
): Promise<void> {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  let img = images.get(s);
  if (!img) {
    img = ctx.createImageData(MAP_PX, MAP_PX);
    const field = new Float32Array(MAP_PX * MAP_PX);
    const d = SURFACE[s];
    for (let py = 0; py < MAP_PX; py++) {
      if (py % ROWS_PER_TASK === 0 && py > 0) {
        await nextTask();
        if (!alive()) return;
      }
      const y = d.y[1] - ((d.y[1] - d.y[0]) * py) / (MAP_PX - 1);
      for (let px = 0; px < MAP_PX; px++) {
        const x = d.x[0] + ((d.x[1] - d.x[0]) * px) / (MAP_PX - 1);
        field[py * MAP_PX + px] = Math.log(1 + d.f(x, y) / 0.01);
      }
    }
    let hi = 0;
    for (const v of field) hi = Math.max(hi, v);
    for (let row = 0; row < MAP_PX; row += ROWS_PER_TASK) {
      await nextTask();
      if (!alive()) return;
      colourRows(field, hi, img, row, Math.min(MAP_PX, row + ROWS_PER_TASK));
    }
    images.set(s, img);
  }
  if (alive()) ctx.putImageData(img, 0, 0);
}

/** Rows [from, to) in viridis over [0, hi], lightened where the contour level changes. */
function colourRows(field: Float32Array, hi: number, img: ImageData, from: number, to: number) {
  for (let p = from * MAP_PX; p < to * MAP_PX; p++) {
    const t = field[p] / hi;
    const level = Math.floor(t * LEVELS);
    const right = p % MAP_PX < MAP_PX - 1 ? Math.floor((field[p + 1] / hi) * LEVELS) : level;
    const down = p < MAP_PX * (MAP_PX - 1) ? Math.floor((field[p + MAP_PX] / hi) * LEVELS) : level;
    const [r, g, b] = viridis(t);
    const edge = level !== right || level !== down;
    img.data[4 * p] = edge ? Math.round(r * 0.5 + 127) : r;
    img.data[4 * p + 1] = edge ? Math.round(g * 0.5 + 127) : g;
    img.data[4 * p + 2] = edge ? Math.round(b * 0.5 + 127) : b;
    img.data[4 * p + 3] = 255;
  }
}

/** The polyline points of a path on the map (percent), clamped so a runaway stays drawable. */
export function pathPoints(s: Surface, xs: number[], ys: number[]): string {
  const d = SURFACE[s];
  const sx = 100 / (d.x[1] - d.x[0]), sy = 100 / (d.y[1] - d.y[0]);
  const clamp = (v: number) => Math.max(-50, Math.min(150, v)).toFixed(2);
  let out = "";
  for (let i = 0; i < xs.length; i++) {
    out += `${i ? " " : ""}${clamp((xs[i] - d.x[0]) * sx)},${clamp((d.y[1] - ys[i]) * sy)}`;
  }
  return out;
}
