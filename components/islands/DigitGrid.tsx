/**
 * Look at the data: a page of digits from the training or validation split (all classes, or one),
 * with their labels on request, and how many digits each class has. The digits are the shipped
 * IDX files under `assets/mnist/`, loaded once per page and shared with the other islands, when
 * the reader comes to the figure (`useIntent`), not with the page.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useIntent } from "../lib/intent.ts";
import { hooks } from "../lib/hooks.ts";
import DigitCanvas from "../mnist/DigitCanvas.tsx";
import { classCounts, type Digits, loadDigits } from "../mnist/digits.ts";
import { useUrlState } from "../lib/url_state.ts";
import { errorMessage } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { Choice } from "../lib/Controls.tsx";
import { DIGIT_GRID } from "../mnist/text.ts";

export interface DigitGridProps {
  /** Digits per page (a multiple of 10 reads best). */
  count?: number;
  split?: "train" | "val";
  lang?: string;
}

/** The URL's values, bounded by the controls: a split, a class (-1 for all), a page. */
const URL_SCHEMA = {
  split: { values: ["train", "val"] },
  digit: { min: -1, max: 9, integer: true },
  page: { min: 0, max: 10_000, integer: true },
};

export default function DigitGrid(props: DigitGridProps) {
  const t = textFor(DIGIT_GRID, props.lang);
  const count = Math.max(10, Math.min(200, props.count ?? 100));
  const [state, update] = useUrlState("dg", {
    split: (props.split ?? "train") as string,
    digit: -1,
    page: 0,
    labels: false as boolean,
  }, URL_SCHEMA);
  const [data, setData] = useState<{ train: Digits; val: Digits } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const root = useRef<HTMLElement>(null);
  const wanted = useIntent(root);
  useEffect(() => {
    if (wanted) loadDigits().then(setData, (e) => setError(errorMessage(e)));
  }, [wanted]);

  const split = state.split === "val" ? "val" : "train";
  const digits = data ? data[split] : null;
  // Indices of the digits that pass the class filter.
  const pool = useMemo(() => {
    if (!digits) return [];
    const out: number[] = [];
    for (let i = 0; i < digits.count; i++) {
      if (state.digit < 0 || digits.labels[i] === state.digit) out.push(i);
    }
    return out;
  }, [digits, state.digit]);
  const pages = Math.max(1, Math.ceil(pool.length / count));
  const page = Math.min(Math.max(0, state.page), pages - 1);
  const shown = pool.slice(page * count, (page + 1) * count);
  const labels = digits ? shown.map((i) => digits.labels[i]) : [];
  const counts = digits ? classCounts(digits) : null;
  const setName = t.setName[split];

  let balance = "";
  if (counts) {
    const most = counts.indexOf(Math.max(...counts)), least = counts.indexOf(Math.min(...counts));
    balance = t.balance(`${most} (${counts[most]})`, `${least} (${counts[least]})`);
  }

  return (
    <figure
      ref={root}
      class="mnist-island fig digit-grid"
      {...hooks({
        loaded: !!digits,
        split,
        digit: state.digit,
        page,
        shown: shown.length,
        labels: labels.join(""),
      })}
    >
      <div class="controls">
        <Choice
          label={t.split}
          value={split}
          options={[{ value: "train", label: t.train }, { value: "val", label: t.val }]}
          onChange={(split) => update({ split, page: 0 })}
        />
        <Choice
          label={t.digit}
          value={state.digit}
          options={[
            { value: -1, label: t.all },
            ...Array.from({ length: 10 }, (_, d) => ({ value: d, label: t.only(d) })),
          ]}
          onChange={(digit) => update({ digit, page: 0 })}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={state.labels}
            onChange={(e) => update({ labels: (e.currentTarget as HTMLInputElement).checked })}
          />
          <span>{t.labels}</span>
        </label>
      </div>
      <div class="controls pager">
        <button type="button" disabled={page === 0} onClick={() => update({ page: page - 1 })}>
          {t.prev}
        </button>
        <span aria-live="polite">
          {digits ? t.page(page * count + 1, page * count + shown.length, pool.length) : ""}
        </span>
        <button
          type="button"
          disabled={page >= pages - 1}
          onClick={() => update({ page: page + 1 })}
        >
          {t.next}
        </button>
      </div>
      <DigitCanvas
        digits={digits}
        indices={shown}
        cols={10}
        rows={Math.ceil(count / 10)}
        label={digits ? t.alt(shown.length, setName, labels.join(" ")) : t.loading}
        captions={state.labels ? labels.map(String) : undefined}
      />
      {error
        ? <p class="mnist-error" role="alert">{t.failed(error)}</p>
        : !digits
        ? <p class="mnist-status">{t.loading}</p>
        : null}
      {counts && (
        <table class="class-counts">
          <caption>{t.countsCaption(setName, digits!.count)}</caption>
          <thead>
            <tr>
              <th scope="col">{t.digitCol}</th>
              <th scope="col">{t.countCol}</th>
              <th scope="col">{t.shareCol}</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((n, d) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                <td>{n.toLocaleString("en-US")}</td>
                <td>
                  <span
                    class="bar"
                    style={{ width: `${(100 * n) / Math.max(...counts)}%` }}
                    aria-hidden="true"
                  />
                  <span class="share">{((100 * n) / digits!.count).toFixed(1)}%</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {counts && <figcaption>{balance}</figcaption>}
    </figure>
  );
}
