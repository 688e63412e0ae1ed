/**
 * Which backend an island trains on, in one plain line in the reader's language ("Running on
 * WASM — 1.2 ms/step; WebGL 4.8 ms/step"), with how it was chosen in a disclosure. The root
 * carries `data-backend` (and `data-backend-how`) for tests. `?backend=webgl` (webgpu, wasm,
 * cpu) in the address forces one.
 */
import type { BackendChoice } from "./engine.ts";
import { textFor } from "./lang.ts";
import { SHARED } from "./text.ts";
import type { BackendReport } from "../runtime/protocol.ts";

export interface BackendBadgeProps {
  /** What the runtime reports (islands on the runtime). */
  report?: BackendReport | null;
  /** The older, fixed-order choice of islands that load the engine themselves. */
  choice?: BackendChoice | null;
  lang?: string;
}

export default function BackendBadge(props: BackendBadgeProps) {
  const t = textFor(SHARED, props.lang).backend;
  const report: BackendReport | null = props.report ??
    (props.choice
      ? {
        name: props.choice.name,
        how: "forced",
        timings: [],
        skipped: props.choice.skipped,
        worker: false,
      }
      : null);
  if (!report) {
    return (
      <div class="backend-badge" data-backend="">
        <p>{t.idle}</p>
      </div>
    );
  }
  const mine = report.timings.find((x) => x.name === report.name);
  const others = report.timings.filter((x) => x.name !== report.name);
  const line = [
    t.running(report.name, mine?.msPerStep ?? null, report.worker),
    ...others.filter((x) => x.msPerStep !== null).map((x) => t.other(x.name, x.msPerStep)),
  ].join(props.lang === "zh" ? "；" : "; ");
  const how = props.report ? t[report.how] : null;
  const details = [
    ...(how ? [how] : []),
    ...others.filter((x) => x.msPerStep === null).map((x) => t.other(x.name, null, x.note)),
    ...report.skipped.map((s) => t.skipped(s.name, s.reason)),
    ...(props.report && !report.worker ? [t.mainThread] : []),
  ];
  return (
    <div
      class="backend-badge"
      data-backend={report.name}
      data-backend-how={report.how}
      data-timings={JSON.stringify(report.timings)}
    >
      <p>{line}</p>
      {details.length > 0 && (
        <details class="backend-details">
          <summary>{t.details}</summary>
          <ul>
            {details.map((d) => <li key={d}>{d}</li>)}
          </ul>
        </details>
      )}
    </div>
  );
}
