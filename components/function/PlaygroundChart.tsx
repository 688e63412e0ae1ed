/**
 * The Playground's loss curves (train, and test for the datasets), one point per snapshot at
 * most every `EVERY_MS` while it plays (the diagram redraws 20+ times a second; the curve needs
 * far fewer, and each new point redraws the chart).
 */
import { useMemo, useRef } from "preact/hooks";
import LineChart from "../lib/LineChart.tsx";
import { fmtLoss } from "../lib/format.ts";
import type { PlaygroundSnapshot } from "./playground_trainer.ts";
import type { PlaygroundStrings } from "./text.ts";

const EVERY_MS = 200;

export function PlaygroundChart(props: {
  t: PlaygroundStrings;
  metrics: PlaygroundSnapshot | null;
  steps: number;
  running: boolean;
  own: boolean;
}) {
  const { t, metrics, steps, own } = props;
  const history = useRef<{ at: number; data: [number[], number[], number[]] }>({
    at: 0,
    data: [[], [], []],
  });
  const h = history.current;
  if (!metrics) history.current = { at: 0, data: [[], [], []] };
  else {
    const [xs, a, b] = h.data, now = performance.now();
    if (
      xs[xs.length - 1] !== steps && Number.isFinite(metrics.trainLoss) &&
      (!props.running || now - h.at >= EVERY_MS)
    ) {
      history.current = {
        at: now,
        data: [[...xs, steps], [...a, metrics.trainLoss], [...b, metrics.testLoss]],
      };
    }
  }
  const [hx, trainH, testH] = history.current.data;
  const data = useMemo(() => (own ? [hx, trainH] : [hx, trainH, testH]), [hx, own]);
  const last = hx.length - 1;
  const summary = hx.length > 1 && own
    ? t.chartOwn(hx[last], fmtLoss(trainH[last]))
    : hx.length > 1
    ? t.chart(hx[last], fmtLoss(trainH[last]), fmtLoss(testH[last]))
    : t.chartEmpty;
  return (
    <div class="pg-chart">
      <p class="pg-chart-title">{own ? t.chartTitleOwn : t.chartTitle}</p>
      {hx.length > 1
        ? (
          <LineChart
            data={data}
            series={own ? [{ label: t.trainLoss, color: "var(--curve)" }] : [
              { label: t.trainLoss, color: "var(--curve)" },
              { label: t.testLoss, color: "var(--step)", dash: true },
            ]}
            height={170}
            xLabel={t.xAxis}
            yLabel={t.yAxis}
            summary={summary}
          />
        )
        : <p class="pg-note">{t.chartEmpty}</p>}
    </div>
  );
}
