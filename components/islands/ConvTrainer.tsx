/**
 * Lesson 6's small CNN trained in the page: conv 3×3 (1 → 8) → ReLU → max-pool 2 → linear → 10
 * on the shipped digits (components/conv/conv_trainer.ts, in the runtime's worker). Play / Pause /
 * Reset; the loss curve; the first-layer filters, which start as noise; the feature maps of one
 * validation digit. Its weights go to ConvOverview through `trainedConv` (train_store.ts).
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import RunButtons from "../lib/RunButtons.tsx";
import RunSummary from "../lib/RunSummary.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import LineChart from "../lib/LineChart.tsx";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitsUrl } from "../mnist/digits.ts";
import Tiles from "../conv/Tiles.tsx";
import type { TileLayout } from "../conv/tiles.ts";
import DigitField from "../conv/DigitField.tsx";
import { CONV_TRAIN, type ConvTrainStrings } from "../conv/train_text.ts";
import { PUBLISH_MS, trainedConv } from "../conv/train_store.ts";
import type { ConvSnapshot, ConvTrainerProps } from "../conv/conv_trainer.ts";

export interface ConvTrainerIslandProps {
  lang?: string;
  /** Filters of the convolution (1 … 16; default 8). */
  channels?: number;
}

const URL_SCHEMA = { d: { min: 0, max: 999, integer: true } };
/**
 * While it trains, the pictures and the curve are redrawn at most this often: snapshots come
 * every 80 ms, and redrawing less keeps every main-thread task short on a slow phone.
 */
const DRAW_MS = 400;

export default function ConvTrainer(props: ConvTrainerIslandProps) {
  const t = textFor(CONV_TRAIN, props.lang);
  const shared = textFor(SHARED, props.lang);
  const channels = Math.max(1, Math.min(16, Math.round(props.channels ?? 8)));
  const [state, setState] = useUrlState("ct", { d: 0 }, URL_SCHEMA);
  const [trainerProps] = useState<ConvTrainerProps>(() => ({ data: digitsUrl(), channels }));
  const trainer = useTrainer("conv", trainerProps, { digit: state.d });
  const snap = trainer.snapshot;
  const active = trainer.status === "running" || trainer.status === "starting";
  const published = useRef(0);

  // The untrained filters and maps as soon as the figure is here (the trainer is built once),
  // and the maps of another digit at once when paused (the trainer has it by then: `settings`).
  useEffect(() => {
    if (trainerProps.data && !active) void trainer.step(0);
  }, [state.d]);

  // Publish the weights for the overview: every PUBLISH_MS while training, and when it stops.
  useEffect(() => {
    if (!snap || snap.steps === 0) return;
    const now = performance.now();
    if (active && now - published.current < PUBLISH_MS) return;
    published.current = now;
    const steps = snap.steps;
    trainer.call("weights").then((weights) => {
      trainedConv.value = { steps, channels, weights };
    }).catch(() => {/* a reset or a lost backend: the next snapshot publishes again */});
  }, [snap, active]);

  function reset() {
    trainer.reset();
    trainedConv.value = null;
    void trainer.step(0);
  }

  // What the pictures show: the latest snapshot, at most every DRAW_MS while training.
  const [shown, setShown] = useState(snap);
  const drawnAt = useRef(0);
  useEffect(() => {
    const wait = drawnAt.current + DRAW_MS - performance.now();
    if (!active || wait <= 0 || !shown) {
      drawnAt.current = performance.now();
      setShown(snap);
      return;
    }
    const timer = setTimeout(() => {
      drawnAt.current = performance.now();
      setShown(snap);
    }, wait);
    return () => clearTimeout(timer);
  }, [snap, active]);

  const loss = snap?.loss ?? null;
  const readout = t.steps(trainer.steps) + (loss === null ? "" : ` · ${t.loss} ${fmtLoss(loss)}`);
  const shownCurve = useMemo(() => {
    const c = shown?.curve ?? [];
    return [c.map((p) => p[0]), c.map((p) => p[1])];
  }, [shown]);
  const filterLayout: TileLayout = {
    count: channels,
    width: 3,
    height: 3,
    cols: Math.min(channels, 4),
    gap: 1,
    order: "chw",
  };
  const mapLayout: TileLayout = { ...filterLayout, width: 26, height: 26, gap: 2, order: "hwc" };
  return (
    <figure
      class="conv-train"
      {...trainerHooks(trainer, {
        loss,
        firstLoss: snap?.curve[0]?.[1],
        filtersChanged: snap?.filterChange,
        // Five decimals: the test compares the filters before and after, not their last bits.
        filters: snap ? Array.from(snap.filters, (v) => v.toFixed(5)) : "",
        digit: state.d,
      })}
    >
      <p class="conv-how">{t.how}</p>
      <div class="conv-controls fig">
        <RunButtons
          class="conv-run"
          lang={props.lang}
          verb="play"
          running={active}
          onTrain={() => active ? trainer.pause() : void trainer.play()}
          onStep={() => void trainer.step()}
          onReset={reset}
          lockResetWhileRunning
        />
        <DigitField label={t.digit} value={state.d} onChange={(d) => setState({ d })} />
        {
          /* Not live (an <output> is a live region unless told): it changes many times a second;
            RunSummary speaks when a run stops. */
        }
        <output aria-live="off">{readout}</output>
      </div>
      <RunSummary running={active} steps={trainer.steps} text={readout} />
      {trainer.status === "starting" && !snap && <p class="conv-note">{shared.loading}</p>}
      <LineChart
        data={shownCurve}
        series={[{ label: t.loss, color: "var(--curve)" }]}
        xLabel={t.stepAxis}
        yLabel={t.loss}
        legend={false}
        height={180}
        summary={t.lossSummary(
          shown?.steps ?? 0,
          shown?.loss == null ? "" : fmtLoss(shown.loss),
        )}
      />
      {shown && <Pictures t={t} s={shown} filters={filterLayout} maps={mapLayout} />}
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      {trainer.error && <p class="conv-error" role="alert">{t.error} {trainer.error}</p>}
    </figure>
  );
}

function Pictures(
  { t, s, filters, maps }: {
    t: ConvTrainStrings;
    s: ConvSnapshot;
    filters: TileLayout;
    maps: TileLayout;
  },
) {
  const c = filters.count;
  const scale = fmt(s.filterScale, 2), change = fmt(s.filterChange, 3);
  return (
    <div class="conv-pictures">
      <section>
        <h3>{t.filtersTitle(c)}</h3>
        <Tiles
          class="conv-filters"
          values={s.filters}
          layout={filters}
          scale={s.filterScale}
          signed
          label={t.filtersAlt(c, scale, change)}
        />
        <p class="conv-note">{t.filterScale(scale, change)}</p>
      </section>
      <section>
        <h3>{t.mapsTitle(s.label)}</h3>
        <Tiles
          class="conv-maps"
          values={s.maps}
          layout={maps}
          scale={s.mapScale}
          label={t.mapsAlt(c, s.label, strongestChannels(s.maps, c))}
        />
        <p class="conv-note">{t.mapsNote}</p>
      </section>
    </div>
  );
}

/** The three channels with the largest activation, numbered from 1. */
function strongestChannels(maps: Float32Array, c: number): string {
  const best = new Float32Array(c);
  for (let i = 0; i < maps.length; i++) best[i % c] = Math.max(best[i % c], maps[i]);
  return Array.from(best, (v, ch) => [v, ch]).sort((a, b) => b[0] - a[0]).slice(0, 3)
    .map(([, ch]) => ch + 1).join(", ");
}
