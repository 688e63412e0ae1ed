/**
 * The Train/Pause, Step, Reset group that every training figure shows: one component, so each
 * island reads the same, the buttons carry the same test hooks (`data-action="train"`, `"step"`,
 * `"reset"`), and Step is unavailable while training runs. A figure that plays rather than
 * trains (the Playground) says Play: `verb="play"` (the button's hook is then `"play"`).
 */
import { textFor } from "./lang.ts";
import { SHARED } from "./text.ts";

export interface RunButtonsProps {
  /** The page's language (English where missing). */
  lang?: string;
  /** Training is running: the first button pauses it, Step is disabled. */
  running: boolean;
  /** Starts training, or pauses it when running. */
  onTrain: () => void;
  onStep: () => void;
  onReset: () => void;
  /** Reset unavailable while running (a figure whose reset must wait for the run). */
  lockResetWhileRunning?: boolean;
  /** The group's class, for the figure's own layout. */
  class?: string;
  /** The first button's word and hook: Train (default) or Play. */
  verb?: "train" | "play";
}

export default function RunButtons(props: RunButtonsProps) {
  const shared = textFor(SHARED, props.lang);
  const { running } = props;
  const verb = props.verb ?? "train";
  return (
    <div class={props.class} role="group" aria-label={shared.controls}>
      <button type="button" class="primary" data-action={verb} onClick={props.onTrain}>
        {running ? shared.pause : shared[verb]}
      </button>
      <button type="button" data-action="step" onClick={props.onStep} disabled={running}>
        {shared.step}
      </button>
      <button
        type="button"
        data-action="reset"
        onClick={props.onReset}
        disabled={running && props.lockResetWhileRunning}
      >
        {shared.reset}
      </button>
    </div>
  );
}
