/**
 * The shared island parts of components/lib: the test hooks' one spelling (hooks.ts), the
 * bounded, labelled Slider and Choice (Controls.tsx) and the Train/Step/Reset group
 * (RunButtons.tsx), rendered to HTML as the server does; their handlers called as the browser
 * would, with an input's value.
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
import RunButtons from "../../components/lib/RunButtons.tsx";

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

/** The first element of a rendered tree (components called as the renderer would) matching. */
// deno-lint-ignore no-explicit-any
type Node = { type: any; props: Record<string, any> };
function find(node: unknown, match: (n: Node) => boolean): Node | null {
  if (Array.isArray(node)) {
    for (const child of node) {
      const hit = find(child, match);
      if (hit) return hit;
    }
    return null;
  }
  if (!node || typeof node !== "object") return null;
  const n = node as Node;
  if (typeof n.type === "function") return find(n.type(n.props), match);
  if (match(n)) return n;
  return find(n.props?.children, match);
}
/** Fires an element's handler with `value` as its input's value. */
function fire(el: Node, handler: "onChange" | "onInput", value: string) {
  el.props[handler]({ currentTarget: { value } });
}

Deno.test("Slider captions: label = value, label value, label alone, value alone", () => {
  const base = { label: "noise", value: 0.2, min: 0, max: 0.5, step: 0.05, onInput() {} };
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const html = (extra: Record<string, unknown>) =>
    renderToString(h(Slider, { ...base, format: pct, ...extra }));
  assert.match(html({}), /<span>noise = <output>20%<\/output><\/span>/);
  assert.match(html({ caption: "space" }), /<span>noise <output>20%<\/output><\/span>/);
  assert.match(html({ caption: "label" }), /<span>noise<\/span>/);
  assert.doesNotMatch(html({ caption: "label" }), /<output>/);
  assert.match(html({ caption: "value" }), /<span><output>20%<\/output><\/span>/);
  assert.match(html({ caption: "value" }), /aria-valuetext="20%"/); // the value is still said
});

Deno.test("Slider: id and hooks on the input; ariaLabel hides the short words", () => {
  const html = renderToString(
    h(Slider, {
      label: "h1",
      ariaLabel: "height of bump 1",
      caption: "label",
      id: "pg-noise",
      hooks: { "data-edit": "a[0]" },
      value: 0.5,
      min: 0,
      max: 1,
      step: 0.01,
      onInput() {},
    }),
  );
  assert.match(html, /<span aria-hidden="true">h1<\/span><input /);
  assert.match(html, /aria-label="height of bump 1"/);
  assert.match(html, /id="pg-noise"/);
  assert.match(html, /data-edit="a\[0\]"/);
  assert.doesNotMatch(html, /aria-orientation/);
});

Deno.test("Slider vertical: upright (aria-orientation, turned by figure.css), words under it", () => {
  const html = renderToString(
    h(Slider, {
      label: "h2",
      ariaLabel: "height 2",
      caption: "label",
      vertical: true,
      class: "bumps-height",
      value: 0.3,
      min: 0,
      max: 1,
      step: 0.01,
      onInput() {},
    }),
  );
  assert.match(html, /^<label class="bumps-height"><input [^>]*\/?><span aria-hidden="true">h2/);
  assert.match(html, /aria-orientation="vertical"/);
  const css = Deno.readTextFileSync(new URL("../../components/styles/figure.css", import.meta.url));
  assert.match(css, /input\[type="range"\]\[aria-orientation="vertical"\] \{\s*writing-mode/);
});

Deno.test("Slider onInput: the input's value clamped and snapped; junk keeps the value", () => {
  const got: number[] = [];
  const tree = Slider({
    label: "k",
    value: 3,
    min: 1,
    max: 8,
    step: 1,
    onInput: (v) => got.push(v),
  });
  const input = find(tree, (n) => n.type === "input")!;
  fire(input, "onInput", "5.4");
  fire(input, "onInput", "99");
  fire(input, "onInput", "x");
  assert.deepEqual(got, [5, 8, 3]);
});

Deno.test("Choice: id, hooks, disabled options never chosen, a note after the select", () => {
  const got: number[] = [];
  const props = {
    label: "classes",
    value: 3,
    id: "pg-k",
    name: "k",
    hooks: { "data-shift": "dx" } as const,
    options: [
      { value: 2, label: "2", disabled: true },
      { value: 3, label: "3" },
      { value: 4, label: "4" },
    ],
    onChange: (v: number) => got.push(v),
    children: h("small", { class: "lr-decay" }, "decays"),
  };
  const html = renderToString(h(Choice<number>, props));
  assert.match(html, /<select[^>]* id="pg-k"/);
  assert.match(html, /data-shift="dx"/);
  assert.match(html, /<option value="2" disabled>2<\/option>/);
  assert.match(html, /<\/select><small class="lr-decay">decays<\/small><\/label>$/);
  const select = find(Choice(props), (n) => n.type === "select")!;
  fire(select, "onChange", "2"); // disabled: ignored
  fire(select, "onChange", "7"); // not an option: ignored
  fire(select, "onChange", "4");
  assert.deepEqual(got, [4]);
});

Deno.test("Choice radios: a fieldset, its legend the words, one named radio per option", () => {
  const got: string[] = [];
  const props = {
    style: "radios" as const,
    label: "view",
    name: "gs-view",
    class: "gs-view",
    optionClass: "gs-radio",
    value: "tensor",
    options: [
      { value: "scalar", label: "one node per number" },
      { value: "tensor", label: "one node per tensor", class: "own" },
      { value: "none", label: "off", disabled: true, mark: h("svg", { "aria-hidden": "true" }) },
    ],
    onChange: (v: string) => got.push(v),
  };
  const html = renderToString(h(Choice<string>, props));
  assert.match(html, /^<fieldset class="gs-view"><legend>view<\/legend><label class="gs-radio">/);
  assert.equal((html.match(/type="radio" name="gs-view"/g) ?? []).length, 3);
  assert.match(
    html,
    /<label class="own"><input type="radio" name="gs-view" value="tensor" checked/,
  );
  assert.match(html, /value="none" disabled\/?><svg aria-hidden="true"><\/svg>off<\/label>/);
  const radio = find(Choice(props), (n) => n.type === "input" && n.props.value === "scalar")!;
  fire(radio, "onChange", "scalar");
  fire(radio, "onChange", "none"); // disabled: ignored
  assert.deepEqual(got, ["scalar"]);
  assert.throws(
    () => renderToString(h(Choice<string>, { ...props, name: undefined })),
    /choice "view": radios need a name/,
  );
});

Deno.test("RunButtons: Train/Pause, Step, Reset with hooks; per-button words, class, hook", () => {
  const noop = () => {};
  const plain = renderToString(
    h(RunButtons, { running: false, onTrain: noop, onStep: noop, onReset: noop }),
  );
  assert.match(plain, /^<div role="group" aria-label="[^"]+">/);
  assert.match(plain, /class="primary" data-action="train">Train</);
  assert.match(plain, /data-action="step">Step</);
  assert.match(plain, /data-action="reset">Reset</);
  const running = renderToString(
    h(RunButtons, {
      running: true,
      onTrain: noop,
      onStep: noop,
      onReset: noop,
      lockResetWhileRunning: true,
      buttons: { train: { label: "Train 50 steps" } },
    }),
  );
  assert.match(running, /data-action="train">Pause</); // running: always Pause
  assert.match(running, /data-action="step" disabled/);
  assert.match(running, /data-action="reset" disabled/);
  const own = renderToString(
    h(RunButtons, {
      running: false,
      onTrain: noop,
      onStep: noop,
      onReset: noop,
      buttons: {
        train: { label: "Train 50 steps", class: "train", disabled: true },
        step: { label: "One SGD step", hook: "sgd" },
        reset: { class: "secondary" },
      },
    }),
  );
  assert.match(own, /class="train" data-action="train" disabled[^>]*>Train 50 steps</);
  assert.match(own, /data-action="sgd">One SGD step</);
  assert.match(own, /class="secondary" data-action="reset">Reset</);
  const noStep = renderToString(
    h(RunButtons, { running: false, verb: "play", onTrain: noop, onReset: noop }),
  );
  assert.match(noStep, /data-action="play">Play</);
  assert.doesNotMatch(noStep, /data-action="step"/);
});
