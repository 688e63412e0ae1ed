/**
 * What a cell shows, in the page: text in a `<pre>`, tables, line charts (the site's
 * `LineChart`), images on canvases (pixelated, each with its caption), one progress line.
 */
import { useEffect, useRef } from "preact/hooks";
import LineChart, { type Series } from "../lib/LineChart.tsx";
import type { CellOutput } from "./output.ts";
import type { CellStrings } from "./text.ts";
import { formatNumber } from "./repr.ts";

const COLORS = ["var(--curve)", "var(--step)", "var(--hl-string)", "var(--hl-keyword)"];

function Images(props: { o: Extract<CellOutput, { kind: "image" }>; t: CellStrings }) {
  const { o } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = Math.ceil(o.count / o.cols);
  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    const w = o.cols * o.width, h = rows * o.height;
    const image = ctx.createImageData(w, h);
    image.data.fill(255);
    for (let k = 0; k < o.count; k++) {
      const ox = (k % o.cols) * o.width, oy = Math.floor(k / o.cols) * o.height;
      for (let y = 0; y < o.height; y++) {
        for (let x = 0; x < o.width; x++) {
          const v = 255 - o.pixels[k * o.width * o.height + y * o.width + x];
          const at = 4 * ((oy + y) * w + ox + x);
          image.data[at] = image.data[at + 1] = image.data[at + 2] = v;
        }
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [o]);
  // Three times a digit's size at most (84 px), and each caption centred under its image.
  return (
    <figure
      class="cell-images"
      style={{ width: `${Math.min(100, o.cols * 30)}%`, maxWidth: `${o.cols * 84}px` }}
    >
      <canvas
        ref={canvas}
        width={o.cols * o.width}
        height={rows * o.height}
        role="img"
        aria-label={props.t.imageSummary(o.count, o.captions)}
      />
      {o.captions && (
        <figcaption style={{ gridTemplateColumns: `repeat(${o.cols}, minmax(0, 1fr))` }}>
          {o.captions.map((c, i) => <span key={i}>{c}</span>)}
        </figcaption>
      )}
    </figure>
  );
}

export function OutputView(props: { o: CellOutput; t: CellStrings }) {
  const { o, t } = props;
  switch (o.kind) {
    case "text":
      return <pre class="cell-text">{o.text}</pre>;
    case "progress":
      return (
        <div class="cell-progress">
          {o.fraction !== null && <progress value={o.fraction} max={1} aria-label={o.text} />}
          <span>{o.text}</span>
        </div>
      );
    case "table":
      return (
        <div class="cell-table" tabIndex={0}>
          <table>
            <thead>
              <tr>{o.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
            </thead>
            <tbody>
              {o.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => <td key={j}>{typeof v === "number" ? formatNumber(v) : v}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "plot": {
      const series: Series[] = o.labels.map((label, i) => ({
        label,
        color: COLORS[i % COLORS.length],
        points: o.points,
      }));
      return (
        <figure class="cell-plot">
          {o.title && <figcaption>{o.title}</figcaption>}
          <LineChart
            data={o.data}
            series={series}
            xLabel={o.xLabel}
            yLabel={o.yLabel}
            logY={o.logY}
            height={200}
            summary={t.plotSummary(o.labels, o.data[0].length)}
          />
        </figure>
      );
    }
    case "image":
      return <Images o={o} t={t} />;
  }
}
