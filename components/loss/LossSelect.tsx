/** The loss chooser shared by LossFit and LossLandscape: MSE, MAE or Huber, each island's names. */
import { Choice } from "../lib/Controls.tsx";
import { LOSS_KINDS, type LossKind } from "./math.ts";

export default function LossSelect(props: {
  label: string;
  names: Record<LossKind, string>;
  value: LossKind;
  onChange: (kind: LossKind) => void;
}) {
  return (
    <Choice
      label={props.label}
      value={props.value}
      options={LOSS_KINDS.map((k) => ({ value: k, label: props.names[k] }))}
      onChange={props.onChange}
    />
  );
}
