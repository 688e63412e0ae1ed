/** The loss chooser shared by LossFit and LossLandscape: MSE, MAE or Huber, each island's names. */
import { LOSS_KINDS, type LossKind, lossKind } from "./math.ts";

export default function LossSelect(props: {
  label: string;
  names: Record<LossKind, string>;
  value: LossKind;
  onChange: (kind: LossKind) => void;
}) {
  return (
    <label>
      <span>{props.label}</span>
      <select
        value={props.value}
        onChange={(e) => props.onChange(lossKind((e.currentTarget as HTMLSelectElement).value))}
      >
        {LOSS_KINDS.map((k) => <option key={k} value={k}>{props.names[k]}</option>)}
      </select>
    </label>
  );
}
