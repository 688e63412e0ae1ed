/**
 * The two inputs training figures use: a labelled `Slider` (a range input with its value shown)
 * and a labelled `Choice` (a select). Each is one `<label>` around its text and its input, so a
 * click on the words focuses the input and a screen reader reads them together; both are native
 * inputs, so arrows, Home/End and Page Up/Down work as the browser makes them. Every value that
 * leaves them is bounded: the slider's is clamped to [min, max] and snapped to its step, the
 * choice's is one of its options. The words come from the island (its text module): these
 * components hold none.
 */
import { fmt } from "./format.ts";

/** A slider's bounds. */
export interface SliderRange {
  min: number;
  max: number;
  /** The grid values snap to, counted from `min` (default: none, any value in range). */
  step?: number;
}

/** Decimals that show a step's grid exactly (0.05 → 2, 1 → 0). */
export function stepDecimals(step: number | undefined): number {
  if (step === undefined || !Number.isFinite(step)) return 2;
  const text = String(step);
  const exp = /e-(\d+)$/.exec(text);
  if (exp) return Number(exp[1]);
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * `value` within [min, max], on the step's grid from `min` (rounded to the step's decimals, so
 * 0.1 + 0.2 reads 0.3). Not a number: `fallback` if given, else `min`.
 */
export function clampToRange(value: number, range: SliderRange, fallback?: number): number {
  const { min, max, step } = range;
  if (!(min <= max)) throw new Error(`slider: min ${min} is above max ${max}`);
  if (!Number.isFinite(value)) return fallback === undefined ? min : clampToRange(fallback, range);
  let v = Math.min(max, Math.max(min, value));
  if (step && step > 0) {
    const digits = Math.max(stepDecimals(step), stepDecimals(min));
    const at = (n: number) => Number((min + n * step).toFixed(digits));
    const n = Math.round((v - min) / step);
    v = at(n) > max ? at(n - 1) : at(n); // the grid may stop short of max
  }
  return v;
}

/**
 * A track that is not the value itself (a log scale): where a value sits on the track, and the
 * value at a track position. With a scale, `min`, `max` and `step` are track positions.
 */
export interface SliderScale {
  toTrack(value: number): number;
  fromTrack(track: number): number;
}

/** A log₁₀ track; `round` tidies the value read back (e.g. to 3 significant digits). */
export function logScale(round: (value: number) => number = (v) => v): SliderScale {
  return { toTrack: Math.log10, fromTrack: (t) => round(10 ** t) };
}

export interface SliderProps extends SliderRange {
  /** The words before the value (from the island's text module). */
  label: string;
  value: number;
  /** Gets the new value, already clamped and snapped. */
  onInput: (value: number) => void;
  /** How the value is shown (default: the step's decimals, with a real minus sign). */
  format?: (value: number) => string;
  /** What a screen reader says for the value (default: the value as shown). */
  valueText?: (value: number) => string;
  /** The track's scale (default: the value itself). */
  scale?: SliderScale;
  /** The input's name (tests and forms find it by it). */
  name?: string;
  /** The label's class, for the figure's own layout. */
  class?: string;
  disabled?: boolean;
}

/** A range input inside its label, the value shown after the words: "label = value". */
export function Slider(props: SliderProps) {
  const { min, max, step, scale } = props;
  const track = clampToRange(scale ? scale.toTrack(props.value) : props.value, props);
  // The value shown is the island's (a trained weight is not rounded to the step), bounded.
  const value = scale ? props.value : clampToRange(props.value, { min, max });
  const shown = props.format ? props.format(value) : fmt(value, stepDecimals(step));
  return (
    <label class={props.class}>
      <span>
        {props.label} = <output>{shown}</output>
      </span>
      <input
        type="range"
        name={props.name}
        min={min}
        max={max}
        step={step ?? "any"}
        value={track}
        aria-valuetext={props.valueText ? props.valueText(value) : shown}
        disabled={props.disabled}
        onInput={(e) => {
          const at = clampToRange(
            Number((e.currentTarget as HTMLInputElement).value),
            props,
            track,
          );
          props.onInput(scale ? scale.fromTrack(at) : at);
        }}
      />
    </label>
  );
}

/** One option of a choice: its value and the words shown for it. */
export interface ChoiceOption<T extends string | number> {
  value: T;
  label: string;
}

export interface ChoiceProps<T extends string | number> {
  /** The words before the select (from the island's text module). */
  label: string;
  value: T;
  options: readonly ChoiceOption<T>[];
  /** Gets the chosen option's value (never anything else). */
  onChange: (value: T) => void;
  name?: string;
  class?: string;
  disabled?: boolean;
}

/** A select inside its label; its value is always one of `options`. */
export function Choice<T extends string | number>(props: ChoiceProps<T>) {
  return (
    <label class={props.class}>
      <span>{props.label}</span>
      <select
        name={props.name}
        value={String(props.value)}
        disabled={props.disabled}
        onChange={(e) => {
          const picked = (e.currentTarget as HTMLSelectElement).value;
          const option = props.options.find((o) => String(o.value) === picked);
          if (option) props.onChange(option.value);
        }}
      >
        {props.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>{o.label}</option>
        ))}
      </select>
    </label>
  );
}

/**
 * Numeric options, written as numbers, with `current` among them (a value the URL allowed off
 * the list stays choosable), ascending.
 */
export function numberOptions(values: readonly number[], current?: number): ChoiceOption<number>[] {
  const all = current === undefined || !Number.isFinite(current) ? values : [...values, current];
  return [...new Set(all)].sort((a, b) => a - b).map((v) => ({ value: v, label: String(v) }));
}
