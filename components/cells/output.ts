/**
 * What a cell shows, as plain data sent from the host to the page (and printed by
 * `deno task lesson`): text, a table, a line chart, images, a progress line.
 */
export type CellOutput =
  /** `dropped`: lines printed before this text and left out (too many, too fast). */
  | { kind: "text"; text: string; dropped?: number }
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

/**
 * How much of a cell's output is kept: the last `lines` lines of text (a line longer than
 * `lineChars` is cut), and the last `items` tables, plots and images. What is left out is counted
 * and said.
 */
export const OUTPUT_LIMITS = { lines: 1000, lineChars: 10_000, items: 100 };

type Block = { kind: "lines"; lines: string[] } | Exclude<CellOutput, { kind: "text" }>;

/**
 * A cell's output as the page keeps it: adding is cheap (no copy of what came before), and it
 * stays within `OUTPUT_LIMITS` however much a cell prints; `view()` is what to draw.
 */
export class OutputLog {
  private blocks: Block[] = [];
  private lineCount = 0;
  /** Lines of text left out, the oldest first. */
  droppedLines = 0;
  /** Tables, plots and images left out. */
  droppedItems = 0;

  add(o: CellOutput): void {
    if (o.kind === "progress") {
      // Replaces the cell's progress line.
      const at = this.blocks.findIndex((b) => b.kind === "progress");
      if (at >= 0) this.blocks[at] = o;
      else this.blocks.push(o);
      return;
    }
    if (o.kind !== "text") {
      this.blocks.push(o);
      const items = this.blocks.filter((b) => b.kind !== "lines" && b.kind !== "progress");
      if (items.length > OUTPUT_LIMITS.items) {
        const oldest = items[0];
        this.blocks.splice(this.blocks.indexOf(oldest), 1);
        this.droppedItems++;
      }
      return;
    }
    this.droppedLines += Math.max(0, Math.floor(Number(o.dropped) || 0));
    const lines = String(o.text).split("\n").slice(-OUTPUT_LIMITS.lines).map((l) =>
      l.length > OUTPUT_LIMITS.lineChars ? `${l.slice(0, OUTPUT_LIMITS.lineChars)}…` : l
    );
    const last = this.blocks.at(-1);
    if (last?.kind === "lines") last.lines.push(...lines);
    else this.blocks.push({ kind: "lines", lines });
    this.lineCount += lines.length;
    let over = this.lineCount - OUTPUT_LIMITS.lines;
    while (over > 0) {
      const first = this.blocks.find((b) => b.kind === "lines") as { lines: string[] };
      const cut = Math.min(over, first.lines.length);
      first.lines.splice(0, cut);
      if (first.lines.length === 0) this.blocks.splice(this.blocks.indexOf(first as Block), 1);
      this.lineCount -= cut;
      this.droppedLines += cut;
      over -= cut;
    }
  }

  /** What to draw, in order. */
  view(): CellOutput[] {
    return this.blocks.map((b) =>
      b.kind === "lines" ? { kind: "text", text: b.lines.join("\n") } : b
    );
  }
}
