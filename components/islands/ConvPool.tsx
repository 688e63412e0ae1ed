/**
 * ReLU, pooling and shifts, on the map made in ConvByHand (its digit and kernel, read from the
 * `convByHandState` store): the ReLU'd 26 × 26 map and its 2 × 2 max- and average-pooled 13 × 13
 * maps, for the digit as it is and shifted by up to two pixels; then, measured, how much the
 * shift changed each (‖after − before‖/‖before‖) and how far the shifted digit's map is from the
 * shifted map (equivariance: 0 up to rounding). components/conv/math.ts does the arithmetic.
 * Test hooks on the root: data-digit, data-kernel, data-dx, data-dy, data-conv-change,
 * data-max-change, data-avg-change (fractions) and data-equivariance.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { Choice } from "../lib/Controls.tsx";
import { useStore } from "../lib/store.ts";
import { digitPixels, type Digits, loadDigits } from "../mnist/digits.ts";
import Heatmap from "../mnist/Heatmap.tsx";
import {
  CLASSIC,
  classicOf,
  cleanKernel,
  MAP,
  type Maps,
  mapsOf,
  POOLED,
  shift,
  shiftEffect,
} from "../conv/math.ts";
import { convByHandState } from "../conv/store.ts";
import { CONV_TEXT } from "../conv/text.ts";

export interface ConvPoolProps {
  lang?: string;
}

const SHIFTS = [-2, -1, 0, 1, 2];

export default function ConvPool(props: ConvPoolProps) {
  const t = textFor(CONV_TEXT, props.lang);
  const shared = useStore(convByHandState);
  const digit = shared?.digit ?? 0;
  const kernel = useMemo(() => cleanKernel(shared?.kernel ?? CLASSIC.vertical), [shared]);
  const [val, setVal] = useState<Digits | null>(null);
  const [error, setError] = useState("");
  const [dx, setDx] = useState(1);
  const [dy, setDy] = useState(0);

  useEffect(() => {
    loadDigits().then((d) => setVal(d.val)).catch((e) => setError(t.loadFailed(String(e))));
  }, []);

  const pixels = useMemo(
    () =>
      val
        ? Float64Array.from(digitPixels(val, Math.min(digit, val.count - 1)), (v) => v / 255)
        : null,
    [val, digit],
  );
  const result = useMemo(() => {
    if (!pixels) return null;
    const before = mapsOf(pixels, kernel);
    const after = mapsOf(shift(pixels, 28, dx, dy), kernel);
    return { before, after, effect: shiftEffect(pixels, kernel, dx, dy) };
  }, [pixels, kernel, dx, dy]);

  const name = classicOf(kernel);
  const kernelName = name ? t.classicNames[name] : null;
  const top = (k: keyof Maps) =>
    result ? Math.max(...result.before[k], ...result.after[k], 1e-12) : 1;
  const kinds: [keyof Maps, string, number][] = [
    ["conv", t.mapRelu, MAP],
    ["max", t.maxPool, POOLED],
    ["avg", t.avgPool, POOLED],
  ];
  const e = result?.effect;
  const moved = dx !== 0 || dy !== 0;

  return (
    <figure
      class="conv-island fig conv-pool"
      data-digit={String(digit)}
      data-kernel={kernel.join(",")}
      data-dx={String(dx)}
      data-dy={String(dy)}
      data-conv-change={e ? String(e.conv) : ""}
      data-max-change={e ? String(e.max) : ""}
      data-avg-change={e ? String(e.avg) : ""}
      data-equivariance={e ? String(e.equivariance) : ""}
    >
      <p class="conv-note">{t.from(digit, kernelName)}</p>
      <div class="conv-controls">
        {([[t.shiftX, dx, setDx, "dx"], [t.shiftY, dy, setDy, "dy"]] as const).map((
          [label, value, set, key],
        ) => (
          <Choice
            key={key}
            label={label}
            value={value}
            hooks={{ "data-shift": key }}
            options={SHIFTS.map((s) => ({ value: s, label: String(s).replace("-", "−") }))}
            onChange={set}
          />
        ))}
      </div>
      {result && (
        <div class="conv-pool-grid">
          {(["before", "after"] as const).map((row) => (
            <div class="conv-pool-row" key={row}>
              <p class="conv-title">{row === "before" ? t.original : t.shifted}</p>
              <div class="conv-pool-maps">
                {kinds.map(([k, what, side]) => (
                  <div class="conv-panel" key={k}>
                    <p class="conv-caption" aria-hidden="true">{what}</p>
                    <Heatmap
                      class="conv-map"
                      values={result[row][k]}
                      width={side}
                      height={side}
                      scale={top(k)}
                      label={t.poolAlt(what, side, row === "before" ? t.original : t.shifted)}
                    />
                  </div>
                ))}
              </div>
            </div>
          ))}
        </div>
      )}
      {e && moved && (
        <div class="conv-measured">
          <p>{t.changes}</p>
          <ul>
            <li data-change="conv">{t.change(t.mapRelu, fmt(100 * e.conv, 1))}</li>
            <li data-change="max">{t.change(t.maxPool, fmt(100 * e.max, 1))}</li>
            <li data-change="avg">{t.change(t.avgPool, fmt(100 * e.avg, 1))}</li>
          </ul>
          <p>{t.equivariance(e.equivariance === 0 ? "0" : e.equivariance.toExponential(1))}</p>
        </div>
      )}
      {e && !moved && <p class="conv-note">{t.noShift}</p>}
      {!result && !error && <p class="conv-note">{t.loading}</p>}
      {error && <p class="conv-error" role="alert">{error}</p>}
    </figure>
  );
}
