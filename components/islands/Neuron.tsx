/**
 * One sigmoid neuron, y = σ(wx + b), with sliders for w and b. As w grows the curve steepens
 * into a step at x = −b/w: the building block of the bumps in lesson 2. Drawn as an SVG path
 * computed here, so the server render already shows the curve at the initial props.
 */
import { useState } from "preact/hooks";
import { Slider } from "../lib/Controls.tsx";
import { hooks } from "../lib/hooks.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { NEURON } from "../bumps/text.ts";

export interface NeuronProps {
  w?: number;
  b?: number;
  lang?: string;
}

const X_MIN = -1;
const X_MAX = 1;
const W = 320;
const H = 180;
const PAD = { left: 34, right: 10, top: 10, bottom: 26 };

const sigma = (z: number) => 1 / (1 + Math.exp(-z));
/** Fixed decimals with a real minus sign. */
const fmt = (v: number, digits: number) =>
  v.toFixed(digits).replace(/^-(?=.*[1-9])/, "−").replace(/^-/, "");

const px = (x: number) => PAD.left + ((x - X_MIN) / (X_MAX - X_MIN)) * (W - PAD.left - PAD.right);
const py = (y: number) => PAD.top + (1 - y) * (H - PAD.top - PAD.bottom);

/** The SVG path of σ(wx + b) over [X_MIN, X_MAX]. */
export function curvePath(w: number, b: number, points = 161): string {
  let d = "";
  for (let i = 0; i < points; i++) {
    const x = X_MIN + ((X_MAX - X_MIN) * i) / (points - 1);
    d += `${i === 0 ? "M" : "L"}${px(x).toFixed(1)} ${py(sigma(w * x + b)).toFixed(1)}`;
  }
  return d;
}

export default function Neuron(props: NeuronProps) {
  const [w, setW] = useState(props.w ?? 1);
  const [b, setB] = useState(props.b ?? 0);
  const t = textFor(NEURON, props.lang);
  const punct = textFor(SHARED, props.lang).punct;
  const step = w === 0 ? null : -b / w;
  const stepVisible = step !== null && step >= X_MIN && step <= X_MAX;
  const readout = `w = ${fmt(w, 1)}${punct.list}b = ${fmt(b, 1)}${punct.list}` +
    (step === null
      ? t.noStep
      : stepVisible
      ? t.stepAt(fmt(step, 2))
      : `${t.stepAt(fmt(step, 2))} ${punct.paren(t.outside)}`);
  return (
    <figure
      class="neuron"
      {...hooks({ w, b, step })}
    >
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${t.plot}: ${readout}`}>
        <g class="grid">
          {[0, 0.5, 1].map((y) => (
            <line key={y} x1={PAD.left} x2={W - PAD.right} y1={py(y)} y2={py(y)} />
          ))}
          {[-1, -0.5, 0, 0.5, 1].map((x) => (
            <line key={x} x1={px(x)} x2={px(x)} y1={py(0)} y2={py(1)} />
          ))}
        </g>
        <g class="ticks" aria-hidden="true">
          {[0, 0.5, 1].map((y) => (
            <text key={y} x={PAD.left - 6} y={py(y) + 4} text-anchor="end">{y}</text>
          ))}
          {[-1, -0.5, 0, 0.5, 1].map((x) => (
            <text key={x} x={px(x)} y={H - 8} text-anchor="middle">
              {fmt(x, x % 1 === 0 ? 0 : 1)}
            </text>
          ))}
        </g>
        {stepVisible && <line class="step" x1={px(step!)} x2={px(step!)} y1={py(0)} y2={py(1)} />}
        <path class="curve" d={curvePath(w, b)} />
      </svg>
      <div class="controls">
        <Slider label={t.weight} value={w} min={-40} max={40} step={0.5} onInput={setW} />
        <Slider label={t.bias} value={b} min={-20} max={20} step={0.5} onInput={setB} />
      </div>
      <figcaption aria-live="polite">{readout}</figcaption>
    </figure>
  );
}
