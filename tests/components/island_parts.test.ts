/**
 * The shared island parts of components/lib: the test hooks' one spelling (hooks.ts) and the
 * bounded, labelled Slider and Choice (Controls.tsx), rendered to HTML as the server does.
 */
import assert from "node:assert/strict";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { hookName, hooks, hookValue, trainerHooks } from "../../components/lib/hooks.ts";
import {
  Choice,
  clampToRange,
  logScale,
  Slider,
  stepDecimals,
} from "../../components/lib/Controls.tsx";

Deno.test("hooks: one spelling for numbers, booleans, lists and missing values", () => {
  assert.equal(hookValue(0.1 + 0.2), String(0.1 + 0.2)); // full precision: tests parse it
  assert.equal(hookValue(NaN), "");
  assert.equal(hookValue(-Infinity), "");
  assert.equal(hookValue(true), "true");
  assert.equal(hookValue(false), "false");
  assert.equal(hookValue(null), "");
  assert.equal(hookValue(undefined), "");
  assert.equal(hookValue([3, "a", false]), "3,a,false");
  assert.equal(hookValue("relu"), "relu");
  assert.equal(hookName("gradA"), "data-grad-a");
  assert.equal(hookName("test-loss"), "data-test-loss");
  assert.throws(() => hookName("a b"), /bad hook name "a b"/);
  assert.deepEqual(hooks({ running: false, lossValue: 2, kind: "mse" }), {
    "data-running": "false",
    "data-loss-value": "2",
    "data-kind": "mse",
  });
});

Deno.test("trainerHooks: the four trainer hooks first, the island's own win", () => {
  const trainer = { status: "running", backend: { name: "webgl" }, steps: 12, tensors: 7 };
  assert.deepEqual(trainerHooks(trainer, { loss: 0.5 }), {
    "data-status": "running",
    "data-backend": "webgl",
    "data-steps": "12",
    "data-tensors": "7",
    "data-loss": "0.5",
  });
  const own = trainerHooks({ ...trainer, backend: null }, { steps: 40, status: "done" });
  assert.equal(own["data-backend"], "");
  assert.equal(own["data-steps"], "40");
  assert.equal(own["data-status"], "done");
});

Deno.test("clampToRange: bounded, on the step's grid, not-a-number falls back", () => {
  const r = { min: 0.1, max: 3, step: 0.1 };
  assert.equal(clampToRange(0.1 + 0.2, r), 0.3);
  assert.equal(clampToRange(-5, r), 0.1);
  assert.equal(clampToRange(99, r), 3);
  assert.equal(clampToRange(1.04, r), 1);
  assert.equal(clampToRange(NaN, r), 0.1);
  assert.equal(clampToRange(NaN, r, 2), 2);
  assert.equal(clampToRange(Infinity, r, 50), 3); // the fallback is clamped too
  // A grid that stops short of max: the last point on it.
  assert.equal(clampToRange(10, { min: 0, max: 1, step: 0.3 }), 0.9);
  assert.equal(clampToRange(-0.37, { min: -1, max: 1 }), -0.37); // no step: any value
  assert.throws(() => clampToRange(1, { min: 2, max: 1 }), /min 2 is above max 1/);
  assert.equal(stepDecimals(0.05), 2);
  assert.equal(stepDecimals(1), 0);
  assert.equal(stepDecimals(1e-7), 7);
});

Deno.test("Slider: a label around a range input, its value shown and clamped", () => {
  const html = renderToString(
    h(Slider, { label: "δ", value: 7, min: 0.1, max: 3, step: 0.1, name: "delta", onInput() {} }),
  );
  assert.match(html, /^<label><span>δ = <output>3\.0<\/output><\/span><input /);
  assert.match(html, /type="range"/);
  assert.match(html, /name="delta"/);
  assert.match(html, /aria-valuetext="3\.0"/);
  assert.match(html, /value="3"/);
  const neg = renderToString(
    h(Slider, { label: "a", value: -0.5, min: -1, max: 1, step: 0.01, onInput() {} }),
  );
  assert.match(neg, /<output>−0\.50<\/output>/);
  // A value off the step's grid (a trained weight) is shown as it is; the track snaps.
  const off = renderToString(
    h(Slider, { label: "a", value: 0.7391, min: -1, max: 1, step: 0.1, onInput() {} }),
  );
  assert.match(off, /<output>0\.7<\/output>/);
  assert.match(off, /value="0\.7"/);
  const log = renderToString(
    h(Slider, {
      label: "η",
      value: 0.1,
      min: -3,
      max: 0.3,
      step: 0.05,
      scale: logScale(),
      format: (v) => String(v),
      valueText: (v) => `η = ${v}`,
      onInput() {},
    }),
  );
  assert.match(log, /<output>0\.1<\/output>/);
  assert.match(log, /value="-1"/);
  assert.match(log, /aria-valuetext="η = 0\.1"/);
});

Deno.test("Choice: a label around a select of the given options", () => {
  const html = renderToString(
    h(Choice<number>, {
      label: "rate",
      value: 0.1,
      name: "lr",
      options: [{ value: 0.01, label: "0.01" }, { value: 0.1, label: "0.1" }],
      onChange() {},
    }),
  );
  assert.match(html, /^<label><span>rate<\/span><select name="lr"/);
  assert.match(html, /<option selected value="0\.1">0\.1<\/option>/);
  assert.equal((html.match(/<option /g) ?? []).length, 2);
});
