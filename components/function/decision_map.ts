/**
 * The Playground's decision map drawn on its canvas: the winning class's colour (2 classes: blue
 * where σ → 1, orange where σ → 0), paler the less sure the network is (pale at ½, or at 1/k for k
 * classes). Colours come from CSS variables, so a theme change redraws with the new ones.
 * Regression: a continuous map, orange at −1, pale at 0, blue at +1. Discretized: every cell in
 * full colour (its class, or its output's sign).
 */
import type { PlaygroundSnapshot } from "./playground_trainer.ts";

/** "#rrggbb" (or "rgb(r, g, b)") → [r, g, b]. */
export function rgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [n >> 16, (n >> 8) & 255, n & 255];
  }
  const m = color.match(/\d+/g);
  return m && m.length >= 3 ? [+m[0], +m[1], +m[2]] : [128, 128, 128];
}

/** Class colours (CSS variables): Okabe–Ito's colour-blind-safe palette; each has a marker. */
export const CLASS_VARS = ["--c0", "--c1", "--c2", "--c3", "--c4"];
const CLASS_FALLBACK = ["#c2410c", "#0b5cad", "#009e73", "#cc79a7", "#e69f00"];

/**
 * The canvas's colours, read from CSS once per theme: reading them forces a style pass, which
 * costs much when the page changed since the last frame (the network diagram's links).
 */
const colourCache = new WeakMap<
  HTMLCanvasElement,
  { theme: string; palette: number[][]; bg: number[] }
>();
function coloursOf(c: HTMLCanvasElement) {
  const theme = document.documentElement.dataset.theme ?? "";
  let hit = colourCache.get(c);
  if (hit?.theme !== theme) {
    const css = getComputedStyle(c);
    hit = {
      theme,
      palette: CLASS_VARS.map((v, k) => rgb(css.getPropertyValue(v) || CLASS_FALLBACK[k])),
      bg: rgb(css.getPropertyValue("--panel") || "#f2f3f1"),
    };
    colourCache.set(c, hit);
  }
  return hit;
}

/** How the map is drawn: regression's continuous scale, discretized cells. */
export interface MapStyle {
  regression?: boolean;
  discretize?: boolean;
}

/** Paints `shot`'s map (grid × grid cells) into the canvas. */
export function drawDecisionMap(
  c: HTMLCanvasElement,
  shot: Pick<PlaygroundSnapshot, "map" | "win" | "shares">,
  grid: number,
  style: MapStyle = {},
): void {
  const ctx = c.getContext("2d");
  if (!ctx) return;
  const { map, win } = shot;
  const { palette, bg } = coloursOf(c);
  const k = shot.shares.length;
  const image = ctx.createImageData(grid, grid);
  for (let i = 0; i < map.length; i++) {
    const p = map[i];
    const target = palette[win[i]];
    const sure = style.discretize
      ? 1
      : style.regression
      ? Math.min(1, Math.abs(p))
      : k === 2
      ? Math.abs(2 * p - 1)
      : Math.max(0, (p - 1 / k) / (1 - 1 / k));
    const w = 0.55 * sure; // at most 55% colour, so the points stay visible
    for (let j = 0; j < 3; j++) image.data[4 * i + j] = bg[j] + w * (target[j] - bg[j]);
    image.data[4 * i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
}
