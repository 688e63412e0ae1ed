/**
 * The GraphStepper's check: every parameter's ∂L/∂θ from the scalar graph, from the tensor graph,
 * and from a central finite difference, with the difference between the last two.
 */
import { type FdCheck, fmtPlain, type RecordedGraph } from "./expressions.ts";
import type { GraphStepperStrings as Strings } from "./text.ts";

export default function CheckTable(
  props: { fd: FdCheck[]; tensor: RecordedGraph | null; scalar: RecordedGraph | null; t: Strings },
) {
  const { t } = props;
  return (
    <div class="gs-check-box" tabIndex={0} role="region" aria-label={t.checkCaption}>
      <table class="gs-check">
        <caption>{t.checkCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colName}</th>
            <th scope="col">{t.colScalar}</th>
            <th scope="col">{t.colTensor}</th>
            <th scope="col">{t.colFd}</th>
            <th scope="col">{t.colDiff}</th>
          </tr>
        </thead>
        <tbody>
          {props.fd.map((f) => {
            const tg = props.tensor?.leafGrads[f.key] ?? NaN;
            const sg = props.scalar?.leafGrads[f.key] ?? NaN;
            return (
              <tr key={f.key} data-key={f.key}>
                <th scope="row">{f.text}</th>
                <td data-grad-scalar={String(sg)}>{fmtPlain(sg)}</td>
                <td data-grad-tensor={String(tg)}>{fmtPlain(tg)}</td>
                <td data-fd={String(f.numeric)}>{fmtPlain(f.numeric)}</td>
                <td>{Math.abs(tg - f.numeric).toExponential(1).replace("-", "−")}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
