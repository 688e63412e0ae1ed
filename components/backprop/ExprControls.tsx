/**
 * The GraphStepper's controls: which expression, which view (one node per number or per tensor),
 * and a slider for any one number of its leaves (parameters and data).
 */
import {
  elementKey,
  elementNames,
  EXPRESSIONS,
  type ExprId,
  flatten,
  fmtPlain,
  SPECS,
  type Values,
  type View,
} from "./expressions.ts";
import type { GraphStepperStrings as Strings } from "./text.ts";
import { Choice, Slider } from "../lib/Controls.tsx";

export interface ExprControlsProps {
  t: Strings;
  expr: ExprId;
  view: View;
  values: Values;
  /** Which number the slider edits (an index into the leaves' elements, in order). */
  edit: number;
  disabled: boolean;
  onExpr: (expr: string) => void;
  onView: (view: View) => void;
  onEdit: (edit: number) => void;
  onValues: (values: Values) => void;
}

export default function ExprControls(props: ExprControlsProps) {
  const { t, expr, view, values } = props;
  const spec = SPECS[expr];
  const flatValues = flatten(spec, values);
  const editables = spec.leaves.flatMap((leaf) =>
    values[leaf.name].map((_, i) => ({ leaf, i, names: elementNames(leaf, i) }))
  );
  const k = Math.max(0, Math.min(props.edit, editables.length - 1));
  const edit = editables[k];
  let flatIndex = 0;
  for (const leaf of spec.leaves) {
    if (leaf === edit.leaf) break;
    flatIndex += values[leaf.name].length;
  }
  flatIndex += edit.i;
  const editValue = flatValues[flatIndex];
  return (
    <div class="gs-controls">
      <Choice
        label={t.expr}
        value={expr}
        disabled={props.disabled}
        options={EXPRESSIONS.map((id) => ({ value: id as string, label: t.exprs[id] }))}
        onChange={props.onExpr}
      />
      <Choice
        style="radios"
        class="gs-view"
        optionClass="gs-radio"
        name="gs-view"
        label={t.view}
        value={view}
        options={[{ value: "scalar", label: t.scalar }, { value: "tensor", label: t.tensor }]}
        onChange={props.onView}
      />
      <Choice
        label={t.edit}
        value={k}
        disabled={props.disabled}
        options={editables.map((ed, i) => ({
          value: i,
          label: `${ed.names.text} (${ed.leaf.role === "param" ? t.param : t.data})`,
        }))}
        onChange={props.onEdit}
      />
      <Slider
        label={edit.names.text}
        format={fmtPlain}
        value={editValue}
        min={edit.leaf.min}
        max={edit.leaf.max}
        step={edit.leaf.step}
        disabled={props.disabled}
        hooks={{ "data-edit": elementKey(edit.leaf, edit.i) }}
        onInput={(v) => {
          const next = { ...values, [edit.leaf.name]: [...values[edit.leaf.name]] };
          next[edit.leaf.name][edit.i] = v;
          props.onValues(next);
        }}
      />
    </div>
  );
}
