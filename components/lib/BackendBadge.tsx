/**
 * Which backend an island trains on, in one plain line in the reader's language ("Running on
 * WASM — 1.2 ms/step; WebGL 4.8 ms/step"), with how it was chosen in a disclosure. The root
 * carries `data-backend` (and `data-backend-how`) for tests. `?backend=webgl` (webgpu, wasm,
 * cpu) in the address forces one. When the backend failed mid-run, a line says where training
 * carries on and from which step (`.backend-fallback`).
 */
import { textFor } from "./lang.ts";
import { SHARED } from "./text.ts";
import type { BackendReport } from "../runtime/protocol.ts";
import type { FallbackNotice } from "../runtime/useTrainer.ts";

export interface BackendBadgeProps {
  /** What the runtime reports (null before the trainer is built). */
  report: BackendReport | null;
  /** Training moved to another backend mid-run: said in a line of its own (`role="status"`). */
  fallback?: FallbackNotice | null;
  lang?: string;
}

export default function BackendBadge(props: BackendBadgeProps) {
  const t = textFor(SHARED, props.lang).backend;
  const report = props.report;
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
  const how = t[report.how];
  const details = [
    how,
    ...others.filter((x) => x.msPerStep === null).map((x) => t.other(x.name, null, x.note)),
    ...report.skipped.map((s) =>
      t.skipped(s.name, s.reason) + (s.detail ? ` (${s.detail.slice(0, 200)})` : "")
    ),
    ...(report.worker ? [] : [t.mainThread]),
  ];
  return (
    <div
      class="backend-badge"
      data-backend={report.name}
      data-backend-how={report.how}
      data-timings={JSON.stringify(report.timings)}
    >
      <p>{line}</p>
      {props.fallback && (
        <p class="backend-fallback" role="status">
          {textFor(SHARED, props.lang).fellBack(
            props.fallback.from,
            props.fallback.to,
            props.fallback.steps,
          )}
        </p>
      )}
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
