/**
 * The GraphStepper's training controls: learning rate, one SGD step, a short run (Pause while it
 * runs), reset, the step count and loss, the reason a run stopped, and the loss curve.
 */
import LineChart from "../lib/LineChart.tsx";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { fmtLoss } from "../lib/format.ts";
import RunButtons from "../lib/RunButtons.tsx";
import { Choice, numberOptions } from "../lib/Controls.tsx";
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
  const punct = textFor(SHARED, props.lang).punct;
  return (
    <div class="gs-train">
      <h3 class="gs-subhead">{t.train}</h3>
      <div class="gs-train-controls">
        <Choice
          label={t.lr}
          value={props.lr}
          disabled={training}
          options={numberOptions(LR_CHOICES, props.lr)}
          onChange={props.onLr}
        />
        <RunButtons
          class="gs-run"
          lang={props.lang}
          running={training}
          onTrain={props.onTrain}
          onStep={props.onStep}
          onReset={props.onReset}
          lockResetWhileRunning
          buttons={{
            train: { label: t.trainN(props.trainSteps), class: "", disabled: !props.ready },
            step: { label: t.sgdStep, hook: "sgd", disabled: !props.ready },
            reset: { label: t.reset },
          }}
        />
        {
          /* Not live while training (an <output> is a live region unless told): 20 changes a
            second would bury every other announcement. */
        }
        <span class="gs-readout">
          {t.steps}
          {punct.colon}
          <output aria-live={training ? "off" : "polite"}>{props.steps}</output> · {t.loss}
          {punct.colon}
          <output aria-live={training ? "off" : "polite"} data-loss-text>
            {props.loss === null ? "—" : fmtLoss(props.loss)}
          </output>
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
