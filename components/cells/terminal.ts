/**
 * Cell outputs as text, for `deno task lesson`: tables aligned, plots as small text charts, images
 * as shades of characters; and as files for `--out`: plots as SVG, images as PNG.
 */
import type { CellOutput } from "./output.ts";
import { formatNumber } from "./repr.ts";

const MARKS = ["*", "o", "+", "x", "#"];
const SHADES = " .:-=+*#%@";

export function textChart(o: Extract<CellOutput, { kind: "plot" }>, width = 60, height = 12) {
  const [xs, ...ys] = o.data;
  const finite = (v: number) => Number.isFinite(v) && (!o.logY || v > 0);
  const fy = (v: number) => (o.logY ? Math.log10(v) : v);
  const all = ys.flat().filter(finite).map(fy);
  const xmin = Math.min(...xs), xmax = Math.max(...xs);
  const ymin = Math.min(...all), ymax = Math.max(...all);
  const grid = Array.from({ length: height }, () => Array(width).fill(" "));
  ys.forEach((series, s) => {
    series.forEach((v, i) => {
      if (!finite(v)) return;
      const c = xmax > xmin ? Math.round(((xs[i] - xmin) / (xmax - xmin)) * (width - 1)) : 0;
      const r = ymax > ymin ? Math.round(((fy(v) - ymin) / (ymax - ymin)) * (height - 1)) : 0;
      grid[height - 1 - r][c] = MARKS[s % MARKS.length];
    });
  });
  const label = (v: number) => formatNumber(o.logY ? 10 ** v : v).padStart(9);
  const lines = grid.map((row, r) =>
    (r === 0 ? label(ymax) : r === height - 1 ? label(ymin) : " ".repeat(9)) + " |" + row.join("")
  );
  lines.push(" ".repeat(10) + "+" + "-".repeat(width));
  lines.push(
    " ".repeat(11) + formatNumber(xmin) +
      formatNumber(xmax).padStart(width - formatNumber(xmin).length),
  );
  const legend = o.labels.map((l, s) => `${MARKS[s % MARKS.length]} ${l}`).join("   ");
  return [o.title ?? "", ...lines, " ".repeat(11) + legend].filter((l) => l !== "").join("\n");
}

/** Images as characters, two pixel rows per line (a digit is 28 × 14 characters). */
export function textImages(o: Extract<CellOutput, { kind: "image" }>): string {
  const out: string[] = [];
  const size = o.width * o.height;
  // At most 4 side by side: a terminal is about 120 characters wide.
  const cols = Math.min(o.cols, 4);
  for (let first = 0; first < o.count; first += cols) {
    const last = Math.min(o.count, first + cols);
    for (let y = 0; y < o.height; y += 2) {
      let line = "";
      for (let k = first; k < last; k++) {
        for (let x = 0; x < o.width; x++) {
          const v = Math.max(
            o.pixels[k * size + y * o.width + x],
            o.pixels[k * size + (y + 1) * o.width + x] ?? 0,
          );
          line += SHADES[Math.min(SHADES.length - 1, Math.floor((v / 256) * SHADES.length))];
        }
        line += " ";
      }
      out.push(line.trimEnd());
    }
    if (o.captions) {
      out.push(
        o.captions.slice(first, last).map((c) => c.slice(0, o.width).padEnd(o.width + 1)).join("")
          .trimEnd(),
      );
    }
  }
  return out.join("\n");
}

export function textTable(o: Extract<CellOutput, { kind: "table" }>): string {
  const cells = [
    o.columns,
    ...o.rows.map((r) => r.map((v) => typeof v === "number" ? formatNumber(v) : v)),
  ];
  const widths = o.columns.map((_, c) => Math.max(...cells.map((r) => String(r[c] ?? "").length)));
  const line = (r: (string | number)[]) =>
    r.map((v, c) => String(v ?? "").padEnd(widths[c])).join("  ").trimEnd();
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)]
    .join("\n");
}

export function textProgress(o: Extract<CellOutput, { kind: "progress" }>): string {
  if (o.fraction === null) return o.text;
  const n = 20, done = Math.round(o.fraction * n);
  return `[${"#".repeat(done)}${".".repeat(n - done)}] ${Math.round(o.fraction * 100)}% ${o.text}`;
}

export function outputAsText(o: CellOutput): string {
  switch (o.kind) {
    case "text":
      return o.text;
    case "table":
      return textTable(o);
    case "plot":
      return textChart(o);
    case "image":
      return textImages(o);
    case "progress":
      return textProgress(o);
  }
}

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"];

/** A plot as a standalone SVG file. */
export function plotSvg(
  o: Extract<CellOutput, { kind: "plot" }>,
  width = 640,
  height = 360,
): string {
  const [xs, ...ys] = o.data;
  const fy = (v: number) => (o.logY ? Math.log10(v) : v);
  const all = ys.flat().filter((v) => Number.isFinite(v) && (!o.logY || v > 0)).map(fy);
  const xmin = Math.min(...xs), xmax = Math.max(...xs);
  const ymin = Math.min(...all), ymax = Math.max(...all);
  const m = 40;
  const px = (x: number) => m + ((x - xmin) / (xmax - xmin || 1)) * (width - 2 * m);
  const py = (y: number) => height - m - ((fy(y) - ymin) / (ymax - ymin || 1)) * (height - 2 * m);
  const esc = (t: string) => t.replace(/[<&>]/g, (c) => `&#${c.charCodeAt(0)};`);
  const series = ys.map((s, k) => {
    const pts = s.map((v, i) => [xs[i], v]).filter(([, v]) =>
      Number.isFinite(v) && (!o.logY || v > 0)
    );
    const color = COLORS[k % COLORS.length];
    return o.points
      ? pts.map(([x, y]) =>
        `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2" fill="${color}"/>`
      ).join("")
      : `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${
        pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(" ")
      }"/>`;
  });
  const legend = o.labels.map((l, k) =>
    `<text x="${m + 120 * k}" y="20" fill="${COLORS[k % COLORS.length]}">${esc(l)}</text>`
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">` +
    `<rect width="100%" height="100%" fill="white"/>` +
    `<rect x="${m}" y="${m}" width="${width - 2 * m}" height="${
      height - 2 * m
    }" fill="none" stroke="#999"/>` +
    `<text x="${m}" y="${height - 12}">${formatNumber(xmin)}</text><text x="${width - m}" y="${
      height - 12
    }" text-anchor="end">${formatNumber(xmax)}</text>` +
    `<text x="4" y="${m + 4}">${formatNumber(o.logY ? 10 ** ymax : ymax)}</text><text x="4" y="${
      height - m
    }">${formatNumber(o.logY ? 10 ** ymin : ymin)}</text>` +
    series.join("") + legend.join("") +
    (o.title ? `<text x="${width / 2}" y="20" text-anchor="middle">${esc(o.title)}</text>` : "") +
    `</svg>\n`;
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Images as one greyscale PNG (ink dark on white), `cols` per row. */
export async function imagesPng(o: Extract<CellOutput, { kind: "image" }>): Promise<Uint8Array> {
  const rows = Math.ceil(o.count / o.cols);
  const w = o.cols * o.width, h = rows * o.height;
  const raw = new Uint8Array(h * (w + 1));
  raw.fill(255);
  for (let y = 0; y < h; y++) raw[y * (w + 1)] = 0; // filter: none
  for (let k = 0; k < o.count; k++) {
    const ox = (k % o.cols) * o.width, oy = Math.floor(k / o.cols) * o.height;
    for (let y = 0; y < o.height; y++) {
      for (let x = 0; x < o.width; x++) {
        raw[(oy + y) * (w + 1) + 1 + ox + x] = 255 -
          o.pixels[k * o.width * o.height + y * o.width + x];
      }
    }
  }
  const zlib = new Uint8Array(
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream("deflate")))
      .arrayBuffer(),
  );
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, w);
  v.setUint32(4, h);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib),
    chunk("IEND", new Uint8Array()),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (png.set(p, at), (at += p.length));
  return png;
}
