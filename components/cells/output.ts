/** What a cell shows: the runtime's protocol carries it (defined there, below the cells). */
import type { CellOutput } from "../runtime/protocol.ts";
export type { CellOutput };

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
