/** The code cells' words, per language. */
import type { Texts } from "../lib/lang.ts";
import type { CellError } from "./workspace.ts";

export interface CellStrings {
  /** The cell's accessible name ("Code cell 3"). */
  cell: (n: number) => string;
  editor: (n: number) => string;
  run: string;
  runHint: string;
  stop: string;
  runAll: string;
  restart: string;
  revert: string;
  output: string;
  status: {
    idle: string;
    running: string;
    done: (ms: number) => string;
    error: string;
    stale: string;
    queued: string;
  };
  /** A name the cell reads is defined by cell `n` (1-based) above, which has not run. */
  definedAbove: (name: string, n: number) => [before: string, link: string, after: string];
  runAbove: string;
  /** The workspace was thrown away. */
  restarted: string;
  stoppedRestarted: string;
  /** Output left out: too many lines (the first ones), too many charts and images. */
  dropped: (lines: number, items: number) => string;
  /** The workspace stopped answering (ended, or stuck in a loop left running): it restarted. */
  lost: string;
  /** An error, with where it happened in the cell. */
  error: (e: CellError) => string;
  /** Text alternative of a plot. */
  plotSummary: (labels: string[], n: number) => string;
  imageSummary: (count: number, captions?: string[]) => string;
}

const seconds = (
  ms: number,
) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

export const CELL_TEXT: Texts<CellStrings> = {
  en: {
    cell: (n) => `Code cell ${n}`,
    editor: (n) => `Code of cell ${n}`,
    run: "Run",
    runHint: "Run this cell (Shift+Enter in the editor)",
    stop: "Stop",
    runAll: "Run all",
    restart: "Restart",
    revert: "Revert to the lesson's code",
    output: "Output",
    status: {
      idle: "",
      running: "Running…",
      done: (ms) => `Done in ${seconds(ms)}`,
      error: "Failed",
      stale: "Stale: a cell above changed since this one ran",
      queued: "Waiting for the cell above",
    },
    definedAbove: (
      name,
      n,
    ) => [`${name} is defined in `, `code cell ${n}`, " above: run the cells above first."],
    runAbove: "Run the cells above, then this one",
    restarted: "The workspace restarted: run the cells from the top again.",
    stoppedRestarted:
      "Stopped. The cell did not stop by itself, so the workspace restarted: run the cells above again.",
    dropped: (lines, items) =>
      [
        lines ? `${lines.toLocaleString("en")} earlier line${lines === 1 ? "" : "s"}` : "",
        items
          ? `${items} earlier chart${items === 1 ? "" : "s"} or image${items === 1 ? "" : "s"}`
          : "",
      ].filter(Boolean).join(" and ") + " not shown (only the last are kept).",
    lost:
      "The workspace stopped answering (the cell before ended it, or left a loop running), so it restarted: run the cells above again.",
    error: (e) =>
      e.kind === "interrupted"
        ? "Stopped."
        : `${e.name}${
          e.line !== undefined ? ` at line ${e.line}${e.column ? `, column ${e.column}` : ""}` : ""
        }: ${e.message}`,
    plotSummary: (labels, n) => `Line chart of ${labels.join(", ")} (${n} points).`,
    imageSummary: (count, captions) =>
      `${count} image${count === 1 ? "" : "s"}${captions ? `: ${captions.join(", ")}` : ""}.`,
  },
  zh: {
    cell: (n) => `代码单元 ${n}`,
    editor: (n) => `单元 ${n} 的代码`,
    run: "运行",
    runHint: "运行这个单元（在编辑器里按 Shift+Enter）",
    stop: "停止",
    runAll: "全部运行",
    restart: "重启",
    revert: "恢复课程原来的代码",
    output: "输出",
    status: {
      idle: "",
      running: "运行中…",
      done: (ms) => `完成，用时 ${seconds(ms)}`,
      error: "出错",
      stale: "已过时：上面的单元在它运行后改过",
      queued: "等待上面的单元",
    },
    definedAbove: (
      name,
      n,
    ) => [`${name} 在上面的`, `代码单元 ${n}`, " 中定义：请先运行上面的单元。"],
    runAbove: "运行上面的单元，再运行这个",
    restarted: "工作区已重启：请从头重新运行各单元。",
    stoppedRestarted: "已停止。这个单元没有自己停下，所以工作区重启了：请重新运行上面的单元。",
    dropped: (lines, items) =>
      [
        lines ? `前面 ${lines} 行输出` : "",
        items ? `前面 ${items} 个图表或图像` : "",
      ].filter(Boolean).join("和") + "未显示（只保留最后的部分）。",
    lost:
      "工作区没有响应（上一个单元结束了它，或留下了一个一直在跑的循环），所以它已重启：请重新运行上面的单元。",
    error: (e) =>
      e.kind === "interrupted"
        ? "已停止。"
        : `${e.name}${
          e.line !== undefined ? `（第 ${e.line} 行${e.column ? `第 ${e.column} 列` : ""}）` : ""
        }：${e.message}`,
    plotSummary: (labels, n) => `折线图：${labels.join("、")}（${n} 个点）。`,
    imageSummary: (count, captions) =>
      `${count} 张图${captions ? `：${captions.join("、")}` : ""}。`,
  },
};
