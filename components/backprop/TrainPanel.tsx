/**
 * The GraphStepper's training controls: learning rate, one SGD step, a short run (Pause while it
 * runs), reset, the step count and loss, the reason a run stopped, and the loss curve.
 */
import LineChart from "../lib/LineChart.tsx";
import { fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import type { GraphStepperStrings as Strings } from "./text.ts";

export const LR_CHOICES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

export interface TrainPanelProps {
  t: Strings;
  lang?: string;
  lr: number;
  onLr: (lr: number) => void;
  training: boolean;
  /** A graph is there to train from. */
  ready: boolean;
  steps: number;
  trainSteps: number;
  loss: number | null;
  error: string;
  /** The loss curve: [steps, losses]. */
  history: [number[], number[]];
  onStep: () => void;
  /** Train, or pause while training. */
  onTrain: () => void;
  onReset: () => void;
}

export default function TrainPanel(props: TrainPanelProps) {
  const { t, training } = props;
  const shared = textFor(SHARED, props.lang);
  return (
    <div class="gs-train">
      <h3 class="gs-subhead">{t.train}</h3>
      <div class="gs-train-controls">
        <label>
          <span>{t.lr}</span>
          <select
            value={String(props.lr)}
            disabled={training}
            onChange={(e) => props.onLr(Number((e.currentTarget as HTMLSelectElement).value))}
          >
            {(LR_CHOICES.includes(props.lr) ? LR_CHOICES : [...LR_CHOICES, props.lr]).map((
              lr,
            ) => <option key={lr} value={String(lr)}>{lr}</option>)}
          </select>
        </label>
        <button
          type="button"
          data-action="sgd"
          disabled={!props.ready || training}
          onClick={props.onStep}
        >
          {t.sgdStep}
        </button>
        <button
          type="button"
          data-action="train"
          disabled={!props.ready}
          onClick={props.onTrain}
        >
          {training ? shared.pause : t.trainN(props.trainSteps)}
        </button>
        <button
          type="button"
          data-action="reset"
          disabled={training}
          onClick={props.onReset}
        >
          {t.reset}
        </button>
        <span class="gs-readout">
          {t.steps}: <output>{props.steps}</output> · {t.loss}:{" "}
          <output data-loss-text>{props.loss === null ? "—" : fmtLoss(props.loss)}</output>
        </span>
      </div>
      {props.error && <p class="gs-error" role="alert">{props.error}</p>}
      {props.history[0].length > 0
        ? (
          <LineChart
            data={[props.history[0], props.history[1]]}
            series={[{ label: t.loss, color: "var(--curve)" }]}
            height={180}
            xLabel={t.steps}
            yLabel={t.loss}
            logY
            summary={props.history[0].length
              ? t.lossChart(
                props.history[0][props.history[0].length - 1],
                fmtLoss(props.history[1][props.history[1].length - 1]),
              )
              : t.lossChartEmpty}
          />
        )
        : <p class="gs-muted">{t.lossChartEmpty}</p>}
    </div>
  );
}
