/**
 * The GraphStepper's stepper: first, previous, next, play (one node every PLAY_MS, pausing at
 * the end: the island runs the timer), last, and "step s of n".
 */
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import type { GraphStepperStrings as Strings } from "./text.ts";

export interface StepperBarProps {
  t: Strings;
  lang?: string;
  /** Nodes visited so far (0: the forward pass only). */
  step: number;
  /** Steps of backward() in the graph; null while there is no graph. */
  total: number | null;
  playing: boolean;
  onStep: (step: number) => void;
  onPlaying: (playing: boolean) => void;
}

export default function StepperBar(props: StepperBarProps) {
  const { t, playing } = props;
  const shared = textFor(SHARED, props.lang);
  const s = props.step, total = props.total ?? 0, ready = props.total !== null;
  return (
    <div class="gs-stepper" role="group" aria-label={t.stepper}>
      <button type="button" onClick={() => props.onStep(0)} disabled={s === 0}>
        {t.first}
      </button>
      <button
        type="button"
        data-action="prev"
        onClick={() => props.onStep(Math.max(0, s - 1))}
        disabled={s === 0}
      >
        ◀ {t.prev}
      </button>
      <button
        type="button"
        data-action="next"
        onClick={() => props.onStep(Math.min(total, s + 1))}
        disabled={!ready || s >= total}
      >
        {t.next} ▶
      </button>
      <button
        type="button"
        data-action="play"
        aria-pressed={playing}
        onClick={() => props.onPlaying(!playing)}
        disabled={!ready || (s >= total && !playing)}
      >
        {playing ? shared.pause : shared.play}
      </button>
      <button
        type="button"
        onClick={() => props.onStep(total)}
        disabled={!ready || s >= total}
      >
        {t.last}
      </button>
      <span class="gs-stepcount" aria-live="polite">
        {ready ? t.stepOf(s, total) : ""}
      </span>
    </div>
  );
}
