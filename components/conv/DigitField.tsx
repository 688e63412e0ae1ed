/**
 * The validation digit a lesson 6 figure shows: a whole number from 0 to 999, clamped as it is
 * typed (anything else reads as 0). ConvTrainer and ConvOverview each keep theirs in the URL.
 */
export const LAST_DIGIT = 999;

export default function DigitField(
  props: { label: string; value: number; onChange: (d: number) => void },
) {
  return (
    <label>
      <span>{props.label}</span>
      <input
        type="number"
        min={0}
        max={LAST_DIGIT}
        value={props.value}
        onChange={(e) => {
          const v = Math.round(Number((e.currentTarget as HTMLInputElement).value));
          props.onChange(Number.isFinite(v) ? Math.max(0, Math.min(LAST_DIGIT, v)) : 0);
        }}
      />
    </label>
  );
}
