/**
 * MnistTrainer's results: the confusion matrix of the validation digits and the misclassified
 * ones, each captioned "true→predicted" under the digit (not over it).
 */
import { useMemo } from "preact/hooks";
import DigitCanvas from "./DigitCanvas.tsx";
import type { Digits } from "./digits.ts";
import type { MnistTrainerStrings } from "./text.ts";

const MAX_WRONG = 40;

export default function Results(
  props: { predictions: Int32Array; val: Digits; t: MnistTrainerStrings },
) {
  const { predictions, val, t } = props;
  const { m, wrong } = useMemo(() => {
    const m = Array.from({ length: 10 }, () => new Array(10).fill(0));
    const wrong: number[] = [];
    predictions.forEach((p, i) => {
      m[val.labels[i]][p]++;
      if (p !== val.labels[i]) wrong.push(i);
    });
    return { m, wrong };
  }, [predictions, val]);
  const shown = wrong.slice(0, MAX_WRONG);
  const captions = shown.map((i) => `${val.labels[i]}→${predictions[i]}`);
  return (
    <div class="mnist-results">
      {/* Focusable: on a narrow screen the table may scroll sideways (keyboard access). */}
      <div class="confusion-wrap" tabIndex={0} role="region" aria-label={t.confusion}>
        <table class="confusion">
          <caption>{t.confusion}</caption>
          <thead>
            <tr>
              <th scope="col">{t.trueDigit}</th>
              {m.map((_, p) => <th key={p} scope="col">{p}</th>)}
            </tr>
          </thead>
          <tbody>
            {m.map((row, d) => {
              const total = row.reduce((s, n) => s + n, 0);
              return (
                <tr key={d}>
                  <th scope="row">{d}</th>
                  {row.map((n, p) => (
                    <td
                      key={p}
                      class={p === d ? "hit" : n ? "miss" : ""}
                      style={p !== d && n
                        ? { "--share": `${Math.min(35, Math.round(200 * n / total) + 8)}%` }
                        : undefined}
                    >
                      {n}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>{t.wrong(wrong.length, shown.length)}</p>
      {wrong.length
        ? (
          <DigitCanvas
            digits={val}
            indices={shown}
            cols={10}
            scale={2}
            captions={captions}
            captionsBelow
            label={t.wrongAlt(captions.join(", "))}
          />
        )
        : <p>{t.noWrong}</p>}
    </div>
  );
}
