/**
 * Which backend an island trains on, in one quiet line in the reader's language ("Running on
 * WASM: 5.1 ms per step"), whose number is the measured speed of the run itself
 * (`useTrainer`'s `msPerStep`: wall-clock time over steps while it plays). Opening the line shows
 * how the backend was chosen, with the start-up probe timings that chose it (a few steps of the
 * model on each backend, before the run: not the run's speed). The root carries `data-backend`,
 * `data-backend-how`, `data-timings` (the probe timings), `data-ms-per-step` (the run's) and
 * `data-threads` (threads the backend computes on: more than 1 on threaded WASM) for tests. `?backend=webgl` (webgpu, wasm, cpu) in the address forces one. When the backend failed
 * mid-run, a line says where training carries on and from which step (`.backend-fallback`).
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
  /** The run's own speed (`useTrainer`'s `msPerStep`); none: the line names the backend only. */
  msPerStep?: number | null;
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
  const msPerStep = props.msPerStep ?? null;
  const line = t.running(report.name, msPerStep, report.worker, report.threads);
  const timed = report.timings.filter((x) => x.msPerStep !== null);
  const details = [
    t[report.how],
    ...(timed.length
      ? [
        t.probes(
          timed.map((x) => t.other(x.name, x.msPerStep)).join(props.lang === "zh" ? "，" : ", "),
        ),
      ]
      : []),
    ...report.timings.filter((x) => x.msPerStep === null).map((x) => t.other(x.name, null, x.note)),
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
      data-ms-per-step={msPerStep === null ? "" : String(msPerStep)}
      data-threads={String(report.threads ?? 1)}
    >
      <details class="backend-details">
        <summary>{line}</summary>
        <ul>
          {details.map((d) => <li key={d}>{d}</li>)}
        </ul>
      </details>
      {props.fallback && (
        <p class="backend-fallback" role="status">
          {textFor(SHARED, props.lang).fellBack(
            props.fallback.from,
            props.fallback.to,
            props.fallback.steps,
          )}
        </p>
      )}
    </div>
  );
}
