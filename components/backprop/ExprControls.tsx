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
      <label>
        <span>{t.expr}</span>
        <select
          value={expr}
          disabled={props.disabled}
          onChange={(e) => props.onExpr((e.currentTarget as HTMLSelectElement).value)}
        >
          {EXPRESSIONS.map((id) => <option key={id} value={id}>{t.exprs[id]}</option>)}
        </select>
      </label>
      <fieldset class="gs-view">
        <legend>{t.view}</legend>
        {(["scalar", "tensor"] as const).map((v) => (
          <label key={v} class="gs-radio">
            <input
              type="radio"
              name="gs-view"
              value={v}
              checked={view === v}
              onChange={() => props.onView(v)}
            />
            {v === "scalar" ? t.scalar : t.tensor}
          </label>
        ))}
      </fieldset>
      <label>
        <span>{t.edit}</span>
        <select
          value={String(k)}
          disabled={props.disabled}
          onChange={(e) => props.onEdit(Number((e.currentTarget as HTMLSelectElement).value))}
        >
          {editables.map((ed, i) => (
            <option key={i} value={String(i)}>
              {ed.names.text} ({ed.leaf.role === "param" ? t.param : t.data})
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>
          {edit.names.text} = <output>{fmtPlain(editValue)}</output>
        </span>
        <input
          type="range"
          min={edit.leaf.min}
          max={edit.leaf.max}
          step={edit.leaf.step}
          value={editValue}
          disabled={props.disabled}
          data-edit={elementKey(edit.leaf, edit.i)}
          onInput={(e) => {
            const v = Number((e.currentTarget as HTMLInputElement).value);
            const next = { ...values, [edit.leaf.name]: [...values[edit.leaf.name]] };
            next[edit.leaf.name][edit.i] = v;
            props.onValues(next);
          }}
        />
      </label>
    </div>
  );
}
