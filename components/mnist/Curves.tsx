/**
 * MnistTrainer's curves: the training loss and accuracy (running averages of the batches) and
 * the validation loss and accuracy (points at each evaluation) against epochs, with captions
 * that speak of the last point drawn, and why training accuracy sits below validation accuracy.
 * Hidden until there is a point to draw.
 */
import { useMemo } from "preact/hooks";
import LineChart from "../lib/LineChart.tsx";
import { fmt, fmtLoss } from "../lib/format.ts";
import type { MnistSnapshot } from "./mnist_trainer.ts";
import type { MnistTrainerStrings } from "./text.ts";

/** One x axis for uPlot: every x of every series, with null where a series has no value. */
function aligned(...series: [number, number][][]): (number | null)[][] {
  const xs = [...new Set(series.flatMap((s) => s.map(([x]) => x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  return [
    xs,
    ...series.map((s) => {
      const ys: (number | null)[] = new Array(xs.length).fill(null);
      for (const [x, y] of s) ys[index.get(x)!] = y;
      return ys;
    }),
  ];
}

export const pct = (v: number | undefined) => (v === undefined ? "—" : `${fmt(v, 1)}%`);
const EMPTY: [number, number][] = [];

export default function Curves(props: { snap: MnistSnapshot | null; t: MnistTrainerStrings }) {
  const { snap, t } = props;
  const trainLoss = snap?.trainLoss ?? EMPTY, trainAcc = snap?.trainAcc ?? EMPTY;
  const valLoss = snap?.valLoss ?? EMPTY, valAcc = snap?.valAcc ?? EMPTY;
  const lossData = useMemo(() => aligned(trainLoss, valLoss), [trainLoss, valLoss]);
  const accData = useMemo(() => aligned(trainAcc, valAcc), [trainAcc, valAcc]);
  const lastLoss = trainLoss.at(-1)?.[1], lastValLoss = valLoss.at(-1)?.[1];
  // The captions speak of the last point drawn (the x axis ends there), not of the step now.
  const plotted = fmt(Math.max(trainLoss.at(-1)?.[0] ?? 0, valLoss.at(-1)?.[0] ?? 0), 2);
  return (
    <>
      {/* No empty chart frames before the first training run (a tall blank on a phone). */}
      {trainLoss.length === 0 && <p class="mnist-status">{t.chartsLater}</p>}
      <div class="mnist-charts" hidden={trainLoss.length === 0}>
        <LineChart
          data={lossData}
          series={[
            { label: t.trainSeries, color: "var(--curve)", spanGaps: true },
            { label: t.valSeries, color: "var(--step)", points: true },
          ]}
          height={200}
          xLabel={t.epochAxis}
          yLabel={t.lossAxis}
          summary={trainLoss.length
            ? t.lossSummary(
              lastLoss === undefined ? "—" : fmtLoss(lastLoss),
              lastValLoss === undefined ? "—" : fmtLoss(lastValLoss),
              plotted,
            )
            : t.notYet}
        />
        <LineChart
          data={accData}
          series={[
            { label: t.trainSeries, color: "var(--curve)", spanGaps: true },
            { label: t.valSeries, color: "var(--step)", points: true },
          ]}
          height={200}
          xLabel={t.epochAxis}
          yLabel={t.accAxis}
          summary={trainAcc.length
            ? t.accSummary(pct(trainAcc.at(-1)?.[1]), pct(valAcc.at(-1)?.[1]), plotted)
            : t.notYet}
        />
        <p class="mnist-note">{t.accNote}</p>
      </div>
    </>
  );
}
