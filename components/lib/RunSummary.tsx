/**
 * A training figure's one live sentence. Its stats change 20+ times a second while it trains, so
 * they are not a live region (a screen reader would queue every update); this hidden status line
 * is empty while a run goes and says the figure's summary once the run stops, or after a step.
 * It speaks only when the step count or the running state changes, so the reader's own moves
 * (a dragged line) do not make it talk; the Playground's `[data-summary]` works the same way.
 */
import { useEffect, useState } from "preact/hooks";

export interface RunSummaryProps {
  running: boolean;
  /** Steps taken: none, nothing to say. */
  steps: number;
  /** The sentence (from the island's text module), as it reads now. */
  text: string;
}

export default function RunSummary(props: RunSummaryProps) {
  const { running, steps } = props;
  const [said, setSaid] = useState("");
  useEffect(() => setSaid(running || steps === 0 ? "" : props.text), [running, steps]);
  return <p class="visually-hidden" role="status" data-summary>{said}</p>;
}
