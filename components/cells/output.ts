/**
 * What a cell shows, as plain data sent from the host to the page (and printed by
 * `deno task lesson`): text, a table, a line chart, images, a progress line.
 */
export type CellOutput =
  | { kind: "text"; text: string }
  | { kind: "table"; columns: string[]; rows: (string | number)[][] }
  | {
    kind: "plot";
    /** `[xs, ys1, ys2, ...]`. */
    data: number[][];
    labels: string[];
    title?: string;
    xLabel?: string;
    yLabel?: string;
    logY?: boolean;
    /** Points only (a scatter). */
    points?: boolean;
  }
  | {
    kind: "image";
    /** Pixels 0–255, row-major, `count` images of `width` × `height` one after another. */
    pixels: Uint8Array;
    width: number;
    height: number;
    count: number;
    /** Images per row. */
    cols: number;
    /** One caption per image (a label, a prediction). */
    captions?: string[];
  }
  /** Replaces the cell's previous progress line. */
  | { kind: "progress"; fraction: number | null; text: string };
