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

/** Paints log(1 + f/f₀) of the surface with contour lines where the level changes. */
export function paintSurface(canvas: HTMLCanvasElement, s: Surface): void {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const d = SURFACE[s];
  const field = new Float32Array(MAP_PX * MAP_PX);
  let hi = 0;
  for (let py = 0; py < MAP_PX; py++) {
    const y = d.y[1] - ((d.y[1] - d.y[0]) * py) / (MAP_PX - 1);
    for (let px = 0; px < MAP_PX; px++) {
      const x = d.x[0] + ((d.x[1] - d.x[0]) * px) / (MAP_PX - 1);
      const v = Math.log(1 + d.f(x, y) / 0.01);
      field[py * MAP_PX + px] = v;
      hi = Math.max(hi, v);
    }
  }
  const img = ctx.createImageData(MAP_PX, MAP_PX);
  for (let p = 0; p < field.length; p++) {
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
  ctx.putImageData(img, 0, 0);
}
