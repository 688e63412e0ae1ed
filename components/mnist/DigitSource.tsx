/**
 * Where the views inside the network take their digit from: a validation digit by number, or
 * the digit drawn in DrawDigit (the `drawnDigit` store), as 784 pixels in [0, 1].
 */
import { useEffect, useState } from "preact/hooks";
import { useStore } from "../lib/store.ts";
import { digitPixels, loadDigits } from "./digits.ts";
import { SHIPPED_SPLIT } from "../../mnist/dataset.ts";
import { drawnDigit } from "./store.ts";
import type { InsideStrings } from "./text.ts";

export interface DigitChoice {
  pixels: Float32Array;
  /** The validation digit's label, or null for a drawn digit. */
  label: number | null;
  what: string;
}

/** The digit chooser; calls `onChoice` with each new digit. */
export default function DigitSource(
  props: { t: InsideStrings; onChoice: (choice: DigitChoice) => void; idPrefix: string },
) {
  const { t } = props;
  const [source, setSource] = useState<"val" | "drawn">("val");
  const [index, setIndex] = useState(0);
  /** How many validation digits there are (the shipped split until the digits have loaded). */
  const [count, setCount] = useState<number>(SHIPPED_SPLIT.val);
  /** The chosen validation digit's label (null: a drawn digit, or not loaded yet). */
  const [label, setLabel] = useState<number | null>(null);
  const drawn = useStore(drawnDigit);
  useEffect(() => {
    let live = true;
    if (source === "drawn") {
      if (drawn) props.onChoice({ pixels: drawn, label: null, what: t.drawnDigit });
      setLabel(null);
      return;
    }
    loadDigits().then(({ val }) => {
      if (!live) return;
      const i = Math.max(0, Math.min(val.count - 1, Math.round(index) || 0));
      const pixels = Float32Array.from(digitPixels(val, i), (v) => v / 255);
      setCount(val.count);
      setLabel(val.labels[i]);
      props.onChoice({ pixels, label: val.labels[i], what: t.valDigit(i) });
    });
    return () => (live = false);
  }, [source, index, drawn]);
  return (
    <fieldset class="digit-source">
      <legend>{t.digitFrom}</legend>
      <label>
        <input
          type="radio"
          name={`${props.idPrefix}-source`}
          checked={source === "val"}
          onChange={() => setSource("val")}
        />
        <span>{t.valPick}</span>
      </label>
      <input
        type="number"
        min={0}
        max={count - 1}
        step={1}
        value={index}
        aria-label={t.valIndex(count - 1)}
        onChange={(e) => {
          setSource("val");
          setIndex(Number((e.currentTarget as HTMLInputElement).value));
        }}
      />
      {source === "val" && label !== null && (
        <span class="digit-label" data-digit-label={String(label)}>{t.valLabel(label)}</span>
      )}
      <label>
        <input
          type="radio"
          name={`${props.idPrefix}-source`}
          checked={source === "drawn"}
          disabled={!drawn}
          onChange={() => setSource("drawn")}
        />
        <span>{drawn ? t.drawnPick : t.drawnNone}</span>
      </label>
    </fieldset>
  );
}
