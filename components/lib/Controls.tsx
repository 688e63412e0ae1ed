/**
 * The two inputs training figures use: a labelled `Slider` (a range input with its value shown)
 * and a labelled `Choice` (a select, or a group of radio buttons). Each is one `<label>` around
 * its text and its input (a radio group: a fieldset whose legend is the words), so a click on the
 * words focuses the input and a screen reader reads them together; all are native inputs, so
 * arrows, Home/End and Page Up/Down work as the browser makes them. Every value that leaves them
 * is bounded: the slider's is clamped to [min, max] and snapped to its step, the choice's is one
 * of its options. The words come from the island (its text module): these components hold none.
 * A slider's `<label>` also holds its `<output>`, which is labelable and comes first, so the label
 * names the output: the range input is named by its own `aria-label` (the label's words).
 *
 * A figure that lays its controls out as a two-column grid of words and inputs gives the label a
 * class with `display: contents` (the Playground's `.pg-field`): the words and the input are then
 * the grid's cells, and the label still names the input.
 */
import type { ComponentChildren } from "preact";
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

/**
 * What a slider's visible words show: "label = value" (default), "label value", the label alone
 * (the value is said elsewhere, or is only its position), or the value alone (a grid of sliders
 * whose names are their `ariaLabel`s).
 */
export type SliderCaption = "equals" | "space" | "label" | "value";

/** The input's test hooks: `data-*` attributes, spelt as hooks.ts spells them. */
export type InputHooks = Record<`data-${string}`, string>;

export interface SliderProps extends SliderRange {
  /** The words before the value (from the island's text module). */
  label: string;
  /** What the visible words show (default "equals": "label = value"). */
  caption?: SliderCaption;
  /**
   * The input's own accessible name, for a slider whose visible words are short (a column
   * caption, the value alone): the words are then hidden from screen readers.
   */
  ariaLabel?: string;
  /** An upright track (bottom = min), its words under it: a row of heights. */
  vertical?: boolean;
  /** The input's id (a label elsewhere, or a test, finds it by it). */
  id?: string;
  /** Test hooks on the input. */
  hooks?: InputHooks;
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

/** The visible words of a slider, by its caption. */
function sliderWords(caption: SliderCaption, label: string, shown: string) {
  switch (caption) {
    case "label":
      return label;
    case "value":
      return <output>{shown}</output>;
    case "space":
      return (
        <>
          {label} <output>{shown}</output>
        </>
      );
    default:
      return (
        <>
          {label} = <output>{shown}</output>
        </>
      );
  }
}

/**
 * A range input inside its label, the value shown after the words: "label = value" (or as
 * `caption` says). Vertical: the track stands upright (figure.css turns it by its
 * `aria-orientation`), the words under it.
 */
export function Slider(props: SliderProps) {
  const { min, max, step, scale } = props;
  const track = clampToRange(scale ? scale.toTrack(props.value) : props.value, props);
  // The value shown is the island's (a trained weight is not rounded to the step), bounded.
  const value = scale ? props.value : clampToRange(props.value, { min, max });
  const shown = props.format ? props.format(value) : fmt(value, stepDecimals(step));
  const words = (
    <span aria-hidden={props.ariaLabel === undefined ? undefined : "true"}>
      {sliderWords(props.caption ?? "equals", props.label, shown)}
    </span>
  );
  return (
    <label class={props.class}>
      {!props.vertical && words}
      <input
        {...props.hooks}
        type="range"
        id={props.id}
        name={props.name}
        min={min}
        max={max}
        step={step ?? "any"}
        value={track}
        aria-label={props.ariaLabel ?? props.label}
        aria-valuetext={props.valueText ? props.valueText(value) : shown}
        aria-orientation={props.vertical ? "vertical" : undefined}
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
      {props.vertical && words}
    </label>
  );
}

/** One option of a choice: its value and the words shown for it. */
export interface ChoiceOption<T extends string | number> {
  value: T;
  label: string;
  /** Not choosable now (shown greyed). */
  disabled?: boolean;
  /** Radios: the option's label's class. */
  class?: string;
  /** Radios: a mark drawn before the words (a legend's marker; give it aria-hidden). */
  mark?: ComponentChildren;
}

export interface ChoiceProps<T extends string | number> {
  /** The words before the select (from the island's text module). */
  label: string;
  value: T;
  options: readonly ChoiceOption<T>[];
  /** Gets the chosen option's value (never anything else). */
  onChange: (value: T) => void;
  /** The select's name; radios: the group's name (required: it makes them one group). */
  name?: string;
  /** The label's class (radios: the fieldset's). */
  class?: string;
  disabled?: boolean;
  /** The select's id (a label elsewhere, or a test, finds it by it). */
  id?: string;
  /** Test hooks on the select. */
  hooks?: InputHooks;
  /**
   * "select" (default): a drop-down. "radios": one radio button per option in a fieldset, the
   * words its legend, for two or three options worth seeing at once.
   */
  style?: "select" | "radios";
  /** Radios: each option's label's class (an option's own `class` wins). */
  optionClass?: string;
  /** Select: a note inside the label, after the select (e.g. what the value implies). */
  children?: ComponentChildren;
}

/** The option whose value reads `picked`, if any. */
function optionFor<T extends string | number>(options: readonly ChoiceOption<T>[], picked: string) {
  return options.find((o) => String(o.value) === picked && !o.disabled);
}

/** A select inside its label (or a fieldset of radios); its value is always one of `options`. */
export function Choice<T extends string | number>(props: ChoiceProps<T>) {
  if (props.style === "radios") return <Radios {...props} />;
  return (
    <label class={props.class}>
      <span>{props.label}</span>
      <select
        {...props.hooks}
        id={props.id}
        name={props.name}
        value={String(props.value)}
        disabled={props.disabled}
        onChange={(e) => {
          const option = optionFor(props.options, (e.currentTarget as HTMLSelectElement).value);
          if (option) props.onChange(option.value);
        }}
      >
        {props.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      {props.children}
    </label>
  );
}

function Radios<T extends string | number>(props: ChoiceProps<T>) {
  if (!props.name) throw new Error(`choice "${props.label}": radios need a name`);
  return (
    <fieldset class={props.class}>
      <legend>{props.label}</legend>
      {props.options.map((o) => (
        <label key={String(o.value)} class={o.class ?? props.optionClass}>
          <input
            type="radio"
            name={props.name}
            value={String(o.value)}
            checked={String(o.value) === String(props.value)}
            disabled={props.disabled || o.disabled}
            onChange={(e) => {
              const option = optionFor(props.options, (e.currentTarget as HTMLInputElement).value);
              if (option) props.onChange(option.value);
            }}
          />
          {o.mark}
          {o.label}
        </label>
      ))}
    </fieldset>
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
