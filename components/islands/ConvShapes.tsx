/**
 * Output shapes: input size n, kernel size k, padding p and stride s (and the channels c_in and
 * c_out) → the padded input grid with the kernel at one output position (a dot marks every
 * position it takes), the output grid, ⌊(n + 2p − k)/s⌋ + 1 worked out with the numbers, and
 * the parameter count c_out(k²c_in + 1). Every value is clamped to its range, with a note saying
 * so. Test hooks on the root: data-n, data-k, data-p, data-s, data-cin, data-cout,
 * data-out-size, data-params.
 */
import { useState } from "preact/hooks";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { Slider } from "../lib/Controls.tsx";
import { convParams, outSize, SHAPE_FIELDS, type ShapeField as Field } from "../conv/math.ts";
import { CONV_TEXT, type ConvStrings } from "../conv/text.ts";

export interface ConvShapesProps {
  lang?: string;
}

const FIELDS = Object.keys(SHAPE_FIELDS) as Field[];
const labelOf = (t: ConvStrings, f: Field) =>
  ({ n: t.size, k: t.kernelSize, p: t.padding, s: t.stride, cIn: t.cIn, cOut: t.cOut })[f];

const CELL = 10;
/** The widest the input grid is drawn (rem); the output grid, in proportion to its cells. */
const GRID_REM = 22;

export default function ConvShapes(props: ConvShapesProps) {
  const t = textFor(CONV_TEXT, props.lang);
  const punct = textFor(SHARED, props.lang).punct;
  const [v, setV] = useState(() =>
    Object.fromEntries(FIELDS.map((f) => [f, SHAPE_FIELDS[f].start])) as Record<Field, number>
  );
  const [note, setNote] = useState("");
  const [cell, setCell] = useState(0);
  const { n, k, p, s, cIn, cOut } = v;
  const o = outSize(n, k, p, s);
  const params = convParams(cIn, cOut, k);
  const at = Math.min(cell, Math.max(0, o * o - 1));
  const i = Math.floor(at / Math.max(o, 1)), j = at % Math.max(o, 1);
  const padded = n + 2 * p;

  function set(f: Field, text: string, input: HTMLInputElement) {
    const { lo, hi } = SHAPE_FIELDS[f];
    const raw = Number(text);
    const used = Number.isFinite(raw) ? Math.max(lo, Math.min(hi, Math.round(raw))) : v[f];
    setNote(used === raw ? "" : t.range(labelOf(t, f), lo, hi, used));
    input.value = String(used);
    setV({ ...v, [f]: used });
  }

  const num = n + 2 * p - k;
  return (
    <figure
      class="conv-island fig conv-shapes"
      data-n={String(n)}
      data-k={String(k)}
      data-p={String(p)}
      data-s={String(s)}
      data-cin={String(cIn)}
      data-cout={String(cOut)}
      data-out-size={String(o)}
      data-params={String(params)}
    >
      <div class="conv-controls">
        {FIELDS.map((f) => (
          <label key={f}>
            <span>{labelOf(t, f)}</span>
            <input
              type="number"
              min={SHAPE_FIELDS[f].lo}
              max={SHAPE_FIELDS[f].hi}
              step={1}
              value={v[f]}
              data-field={f}
              onChange={(e) =>
                set(
                  f,
                  (e.currentTarget as HTMLInputElement).value,
                  e.currentTarget as HTMLInputElement,
                )}
            />
          </label>
        ))}
      </div>
      {note && <p class="conv-note" role="status">{note}</p>}
      {o > 0
        ? (
          <>
            <Slider
              class="conv-range"
              caption="label"
              label={`${t.outCell}${punct.colon}${t.outCellIs(i, j)}`}
              valueText={() => t.outCellIs(i, j)}
              value={at}
              min={0}
              max={o * o - 1}
              step={1}
              onInput={setCell}
            />
            <div class="conv-shapes-pictures">
              {/* Each grid grows in proportion to its cells, so a cell is as wide in both. */}
              <svg
                class="conv-grid"
                viewBox={`-1 -1 ${padded * CELL + 2} ${padded * CELL + 2}`}
                style={{ flex: `${padded} 1 0`, maxWidth: `${GRID_REM}rem` }}
                role="img"
                aria-label={t.shapesAlt(n, p, k, o, i, j)}
              >
                {Array.from({ length: padded * padded }, (_, c) => {
                  const r = Math.floor(c / padded), q = c % padded;
                  const pad = r < p || q < p || r >= p + n || q >= p + n;
                  return (
                    <rect
                      key={c}
                      class={pad ? "pad" : "in"}
                      x={q * CELL}
                      y={r * CELL}
                      width={CELL}
                      height={CELL}
                    />
                  );
                })}
                {Array.from({ length: o * o }, (_, c) => {
                  const r = Math.floor(c / o), q = c % o;
                  return (
                    <circle
                      key={c}
                      class="pos"
                      cx={(q * s + k / 2) * CELL}
                      cy={(r * s + k / 2) * CELL}
                      r={1.2}
                    />
                  );
                })}
                <rect
                  class="window"
                  x={j * s * CELL}
                  y={i * s * CELL}
                  width={k * CELL}
                  height={k * CELL}
                />
              </svg>
              <span class="conv-arrow" aria-hidden="true">→</span>
              <svg
                class="conv-grid conv-out"
                viewBox={`-1 -1 ${o * CELL + 2} ${o * CELL + 2}`}
                style={{ flex: `${o} 1 0`, maxWidth: `${(GRID_REM * o) / padded}rem` }}
                aria-hidden="true"
              >
                {Array.from({ length: o * o }, (_, c) => (
                  <rect
                    key={c}
                    class={c === at ? "out here" : "out"}
                    x={(c % o) * CELL}
                    y={Math.floor(c / o) * CELL}
                    width={CELL}
                    height={CELL}
                  />
                ))}
              </svg>
            </div>
          </>
        )
        : <p class="conv-error" role="status">{t.noOutput}</p>}
      <dl class="conv-sums">
        <dt>{t.formula}</dt>
        <dd data-formula>
          {`⌊(n + 2p − k)/s⌋ + 1 = ⌊(${n} + 2·${p} − ${k})/${s}⌋ + 1 = ⌊${
            String(num).replace("-", "−")
          }/${s}⌋ + 1 = ${o > 0 ? o : "—"}`}
        </dd>
        <dt>{t.paramsTitle}</dt>
        <dd>
          {`c_out(k²·c_in + 1) = ${cOut}·(${k}²·${cIn} + 1) = ${params.toLocaleString("en")}`}
        </dd>
        {o > 0 && <dd>{t.shapeLine(n, cIn, o, cOut)}</dd>}
      </dl>
    </figure>
  );
}
