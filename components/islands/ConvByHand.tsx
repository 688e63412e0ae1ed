/**
 * One convolution by hand: a shipped validation digit, a 3×3 kernel (nine bounded inputs, or a
 * classic one), and the 26 × 26 output map. The highlighted output pixel moves with the buttons or
 * the arrow keys; under it, the nine products pixel × weight and their sum. Plain float64
 * arithmetic on the main thread (components/conv/math.ts: 26·26·9 products per change, well
 * under a millisecond). Publishes its digit and kernel in `convByHandState` (ConvPool and the
 * exercise read them). Test hooks on the root: data-digit, data-kernel, data-position (i,j),
 * data-sum, data-ready.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { useStore } from "../lib/store.ts";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { digitPixels, type Digits, loadDigits } from "../mnist/digits.ts";
import Heatmap from "../mnist/Heatmap.tsx";
import {
  clampWeight,
  CLASSIC,
  CLASSIC_NAMES,
  type ClassicName,
  classicOf,
  cleanKernel,
  conv2d,
  K,
  KERNEL_MAX,
  MAP,
  window,
} from "../conv/math.ts";
import { BY_HAND_ID, convByHandState, convKernelRequest } from "../conv/store.ts";
import { CONV_TEXT } from "../conv/text.ts";

export interface ConvByHandProps {
  lang?: string;
  /** The validation digit shown first. */
  digit?: number;
  kernel?: ClassicName;
}

const MOVES = {
  left: [0, -1],
  right: [0, 1],
  up: [-1, 0],
  down: [1, 0],
} as const;
const KEYS: Record<string, keyof typeof MOVES> = {
  ArrowLeft: "left",
  ArrowRight: "right",
  ArrowUp: "up",
  ArrowDown: "down",
};

/** A weight as typed back into its box: up to 4 decimals, no trailing zeros. */
const weightText = (w: number) => String(Number(w.toFixed(4)));
/** A weight in the products table, with a real minus sign. */
const shownWeight = (w: number) => weightText(w).replace("-", "\u2212");

export default function ConvByHand(props: ConvByHandProps) {
  const t = textFor(CONV_TEXT, props.lang);
  const [val, setVal] = useState<Digits | null>(null);
  const [error, setError] = useState("");
  // Props are checked like any input: a whole digit index from 0, a classic kernel's name.
  const [digit, setDigit] = useState(() =>
    Number.isFinite(props.digit) ? Math.max(0, Math.round(props.digit!)) : 0
  );
  const [kernel, setKernel] = useState<number[]>(() => [
    ...CLASSIC[CLASSIC_NAMES.find((n) => n === props.kernel) ?? "vertical"],
  ]);
  const [drafts, setDrafts] = useState<string[]>(() => kernel.map(weightText));
  const [clamped, setClamped] = useState(false);
  const [pos, setPos] = useState({ i: 9, j: 9 });

  useEffect(() => {
    loadDigits().then((d) => {
      setVal(d.val);
      setDigit((i) => Math.min(i, d.val.count - 1));
    }).catch((e) => setError(t.loadFailed(String(e))));
  }, []);

  const count = val?.count ?? 1000;
  const pixels = useMemo(
    () =>
      val
        ? Float64Array.from(digitPixels(val, Math.min(digit, val.count - 1)), (v) => v / 255)
        : null,
    [val, digit],
  );
  const map = useMemo(() => (pixels ? conv2d(pixels, 28, kernel) : null), [pixels, kernel]);
  const w = pixels ? window(pixels, 28, kernel, pos.i, pos.j) : null;
  let scale = 0, min = 0, max = 0;
  if (map) {
    for (const v of map) {
      scale = Math.max(scale, Math.abs(v));
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }

  useEffect(() => {
    convByHandState.value = { digit, kernel: [...kernel] };
  }, [digit, kernel]);

  // A filter sent from the trained network's overview: shown here, sliding over its digit.
  const request = useStore(convKernelRequest);
  const root = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!request) return;
    const k = cleanKernel(request.kernel);
    setKernel(k);
    setDrafts(k.map(weightText));
    setClamped(false);
    setDigit(Math.max(0, Math.min(Math.round(request.digit) || 0, count - 1)));
  }, [request]);

  function move(dir: keyof typeof MOVES) {
    const [di, dj] = MOVES[dir];
    setPos(({ i, j }) => ({
      i: Math.max(0, Math.min(MAP - 1, i + di)),
      j: Math.max(0, Math.min(MAP - 1, j + dj)),
    }));
  }

  function setWeight(k: number, text: string) {
    const next = [...drafts];
    next[k] = text;
    setDrafts(next);
    const v = Number(text.replace(/\u2212/g, "-"));
    if (text.trim() === "" || !Number.isFinite(v)) return; // mid-typing ("-", "1e"): wait
    const w = clampWeight(v);
    setClamped(w !== v);
    setKernel(kernel.map((old, n) => (n === k ? w : old)));
  }

  function pick(name: ClassicName) {
    setKernel([...CLASSIC[name]]);
    setDrafts(CLASSIC[name].map(weightText));
    setClamped(false);
  }

  const chosen = classicOf(kernel);
  const box = (i: number, j: number, size: number, side: number) => ({
    left: `${(100 * j) / side}%`,
    top: `${(100 * i) / side}%`,
    width: `${(100 * size) / side}%`,
    height: `${(100 * size) / side}%`,
  });
  const label = val ? t.digitIs(val.labels[Math.min(digit, val.count - 1)]) : "";

  return (
    <figure
      ref={root}
      id={BY_HAND_ID}
      class="conv-island fig conv-by-hand"
      data-digit={String(digit)}
      data-kernel={kernel.join(",")}
      data-position={`${pos.i},${pos.j}`}
      data-sum={w ? String(w.sum) : ""}
      data-ready={map ? "true" : "false"}
    >
      <div class="conv-controls">
        <label>
          <span>{t.digit(count - 1)}</span>
          <span class="conv-digit-field">
            <input
              type="number"
              min={0}
              max={count - 1}
              step={1}
              value={digit}
              onChange={(e) => {
                const v = Math.round(Number((e.currentTarget as HTMLInputElement).value));
                const d = Number.isFinite(v) ? Math.max(0, Math.min(count - 1, v)) : 0;
                (e.currentTarget as HTMLInputElement).value = String(d);
                setDigit(d);
              }}
            />
            {label && <span class="conv-note" data-label>{label}</span>}
          </span>
        </label>
      </div>
      <div class="conv-by-hand-grid">
        <div class="conv-panel">
          <p class="conv-title" aria-hidden="true">{t.inputTitle}</p>
          <div class="conv-picture">
            <Heatmap
              class="conv-map"
              values={pixels}
              width={28}
              height={28}
              scale={1}
              label={t.inputAlt(digit, label, pos.i, pos.j)}
            />
            <span class="conv-box" aria-hidden="true" style={box(pos.i, pos.j, K, 28)} />
          </div>
        </div>
        <fieldset class="conv-kernel">
          <legend>{t.kernel}</legend>
          <div class="conv-weights">
            {drafts.map((d, k) => (
              <input
                key={k}
                type="number"
                step={0.1}
                min={-KERNEL_MAX}
                max={KERNEL_MAX}
                value={d}
                data-weight={String(k)}
                aria-label={t.weight(Math.floor(k / K), k % K)}
                onInput={(e) => setWeight(k, (e.currentTarget as HTMLInputElement).value)}
                onBlur={() => setDrafts(kernel.map(weightText))}
              />
            ))}
          </div>
          {clamped && <p class="conv-note" role="status">{t.clamped(KERNEL_MAX)}</p>}
          <p class="conv-subtitle">{t.classic}</p>
          <div class="conv-classics">
            {CLASSIC_NAMES.map((name) => (
              <button
                key={name}
                type="button"
                data-classic={name}
                aria-pressed={chosen === name ? "true" : "false"}
                onClick={() => pick(name)}
              >
                {t.classicNames[name]}
              </button>
            ))}
          </div>
        </fieldset>
        <div class="conv-panel">
          <p class="conv-title" aria-hidden="true">{t.outputTitle}</p>
          <div
            class="conv-picture conv-focus"
            tabIndex={0}
            role="group"
            aria-label={t.mapKeys}
            onKeyDown={(e) => {
              const dir = KEYS[e.key];
              if (!dir) return;
              e.preventDefault();
              move(dir);
            }}
          >
            <Heatmap
              class="conv-map"
              values={map}
              width={MAP}
              height={MAP}
              scale={scale}
              signed
              label={t.outputAlt(pos.i, pos.j, fmt(min, 2), fmt(max, 2))}
            />
            <span class="conv-box" aria-hidden="true" style={box(pos.i, pos.j, 1, MAP)} />
          </div>
          <p class="conv-note">{t.scale(fmt(scale, 2))}</p>
        </div>
      </div>
      <div class="conv-step">
        {(Object.keys(MOVES) as (keyof typeof MOVES)[]).map((dir) => (
          <button
            key={dir}
            type="button"
            data-move={dir}
            onClick={() => move(dir)}
          >
            {t.move[dir]}
          </button>
        ))}
        <output aria-live="polite">{t.position(pos.i, pos.j)}</output>
      </div>
      {w && (
        <table class="conv-products">
          <caption>{t.products(pos.i, pos.j)}</caption>
          <tbody>
            {[0, 1, 2].map((a) => (
              <tr key={a}>
                {[0, 1, 2].map((b) => {
                  const n = a * K + b;
                  return (
                    <td key={b}>
                      {`${fmt(w.pixels[n], 2)} × ${shownWeight(kernel[n])}`}
                      <br />
                      {`= ${fmt(w.products[n], 3)}`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {w && <p class="conv-sum" data-shown-sum>{t.sum(fmt(w.sum, 3))}</p>}
      {!map && !error && <p class="conv-note">{t.loading}</p>}
      {error && <p class="conv-error" role="alert">{error}</p>}
    </figure>
  );
}
