/**
 * The Train/Pause, Step, Reset group that every training figure shows: one component, so each
 * island reads the same, the buttons carry the same test hooks (`data-action="train"`, `"step"`,
 * `"reset"`), and Step is unavailable while training runs. A figure that plays rather than
 * trains (the Playground) says Play: `verb="play"` (the button's hook is then `"play"`).
 *
 * A figure whose buttons say more ("Train 50 steps", "One SGD step"), keep an older class or
 * hook, or wait for something before they can run, says so per button in `buttons` (one
 * extension point rather than a flag per case); a figure without a single step leaves Step out.
 */
import { textFor } from "./lang.ts";
import { SHARED } from "./text.ts";

/** What a figure changes about one of the buttons. */
export interface RunButton {
  /** The words (the first button's while not running: running, it always says Pause). */
  label?: string;
  /** The button's class, instead of the default (`primary` on the first, none on the others). */
  class?: string;
  /** The `data-action` hook, instead of the default (`train`/`play`, `step`, `reset`). */
  hook?: string;
  /** Unavailable now (on top of Step's while running, and Reset's lock). */
  disabled?: boolean;
}

export interface RunButtonsProps {
  /** The page's language (English where missing). */
  lang?: string;
  /** Training is running: the first button pauses it, Step is disabled. */
  running: boolean;
  /** Starts training, or pauses it when running. */
  onTrain: () => void;
  /** One step; absent: the figure has no Step button. */
  onStep?: () => void;
  onReset: () => void;
  /** Reset unavailable while running (a figure whose reset must wait for the run). */
  lockResetWhileRunning?: boolean;
  /** The group's class, for the figure's own layout. */
  class?: string;
  /** The first button's word and hook: Train (default) or Play. */
  verb?: "train" | "play";
  /** Per button: other words, class, hook, or unavailable now. */
  buttons?: { train?: RunButton; step?: RunButton; reset?: RunButton };
}

export default function RunButtons(props: RunButtonsProps) {
  const shared = textFor(SHARED, props.lang);
  const { running } = props;
  const verb = props.verb ?? "train";
  const { train = {}, step = {}, reset = {} } = props.buttons ?? {};
  return (
    <div class={props.class} role="group" aria-label={shared.controls}>
      <button
        type="button"
        class={train.class ?? "primary"}
        data-action={train.hook ?? verb}
        onClick={props.onTrain}
        disabled={train.disabled}
      >
        {running ? shared.pause : train.label ?? shared[verb]}
      </button>
      {props.onStep && (
        <button
          type="button"
          class={step.class}
          data-action={step.hook ?? "step"}
          onClick={props.onStep}
          disabled={running || step.disabled}
        >
          {step.label ?? shared.step}
        </button>
      )}
      <button
        type="button"
        class={reset.class}
        data-action={reset.hook ?? "reset"}
        onClick={props.onReset}
        disabled={(running && props.lockResetWhileRunning) || reset.disabled}
      >
        {reset.label ?? shared.reset}
      </button>
    </div>
  );
}
