/**
 * The trained CNN opened up: its first layer's 3 × 3 filters, the feature maps of one digit after
 * each convolution + ReLU and each pool (26×26×16 → 13×13×16 → 11×11×32 → 5×5×32), the channels
 * of the last map that drive the prediction most, and the receptive field of one second-layer
 * unit outlined on the input. The model is a CNN MnistTrainer published, or a quick one trained
 * here; it runs in this island's trainer (components/mnist/mnist_trainer.ts, `inside-cnn`).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { Slider } from "../lib/Controls.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitsUrl } from "../mnist/digits.ts";
import DigitSource, { type DigitChoice } from "../mnist/DigitSource.tsx";
import Heatmap from "../mnist/Heatmap.tsx";
import type { CnnLayout, FeatureMap } from "../mnist/inside.ts";
import { CNN_TO_CONV2, receptiveField } from "../mnist/inside_view.ts";
import { defaultSettings } from "../mnist/settings.ts";
import type { PublishedModel } from "../mnist/store.ts";
import { usePublishedModel } from "../mnist/usePublishedModel.ts";
import { INSIDE, type InsideStrings } from "../mnist/text.ts";
import type { MnistTrainerProps } from "../mnist/mnist_trainer.ts";

export interface InsideCnnProps {
  lang?: string;
}

/** The quick CNN: one pass over the first 2,000 training digits, the lesson's CNN settings. */
const QUICK_LIMIT = 2000;
const QUICK = { ...defaultSettings("cnn"), epochs: 1 };
const QUICK_STEPS = Math.ceil(QUICK_LIMIT / QUICK.batchSize);

export default function InsideCnn(props: InsideCnnProps) {
  const t = textFor(INSIDE, props.lang);
  const [trainerProps] = useState<MnistTrainerProps>(() => ({
    data: digitsUrl(),
    settings: QUICK,
    evalsPerEpoch: 0,
    limit: QUICK_LIMIT,
  }));
  const trainer = useTrainer("mnist", trainerProps);
  const training = trainer.status === "running" || trainer.status === "starting";
  const published = usePublishedModel({ live: true });
  /** What the trainer holds: "own" (the quick CNN trained here) or a published CNN. */
  const [holding, setHolding] = useState<"own" | PublishedModel | null>(null);
  const [digit, setDigit] = useState<DigitChoice | null>(null);
  const [layout, setLayout] = useState<CnnLayout | null>(null);
  const [error, setError] = useState("");
  const [rf, setRf] = useState({ row: 5, col: 5 });
  const [renderMs, setRenderMs] = useState<number | null>(null);
  const received = useRef(0);

  // A CNN published by MnistTrainer is loaded (unless a quick one is trained or training here:
  // a load would replace the model it trains). Not scored: the views need only its weights.
  useEffect(() => {
    if (!published?.name.startsWith("CNN") || holding === "own" || training) return;
    trainer.call("load-unscored", published.weights)
      .then(() => setHolding(published))
      .catch((e) => setError((e as Error).message));
  }, [published]);
  /** The epochs of the held CNN when it is a run still training (MnistTrainer's). */
  const liveEpochs = holding && holding !== "own" ? holding.training : undefined;

  async function quickTrain() {
    setError("");
    if (await trainer.playTo(QUICK_STEPS)) setHolding("own");
  }

  useEffect(() => {
    if (!holding || !digit) return;
    let live = true;
    trainer.call("inside-cnn", digit.pixels).then((l) => {
      if (!live) return;
      received.current = performance.now();
      setLayout(l);
      return trainer.step(0); // a snapshot: the tensor count after the call
    }).catch((e) => live && setError((e as Error).message));
    return () => (live = false);
  }, [holding, digit]);

  useEffect(() => {
    if (layout && received.current) setRenderMs(performance.now() - received.current);
  }, [layout]);

  const field = receptiveField(CNN_TO_CONV2, rf.row, rf.col);
  const filterScale = layout ? fmt(layout.filterScale, 2) : "";
  const drives = layout
    ? Array.from(layout.channelEffect, (v, ch) => [v, ch]).sort((a, b) => b[0] - a[0]).slice(0, 5)
    : [];
  return (
    <figure
      class="mnist-island fig inside inside-cnn"
      {...trainerHooks(trainer, { ready: !!layout, live: liveEpochs, renderMs })}
    >
      {!holding && (
        <div class="controls">
          <p class="mnist-status">
            {training ? t.training(trainer.steps, QUICK_STEPS) : t.needCnn(QUICK_STEPS)}
          </p>
          <button type="button" class="primary" disabled={training} onClick={quickTrain}>
            {t.quickCnn}
          </button>
        </div>
      )}
      {liveEpochs !== undefined && holding !== "own" && (
        <p class="mnist-status">{t.following(holding!.name, fmt(liveEpochs, 2))}</p>
      )}
      <DigitSource t={t} onChoice={setDigit} idPrefix="inside-cnn" />
      {layout && (
        <>
          <section>
            <h3>{t.filtersTitle(layout.filters.length, layout.kernel)}</h3>
            <div
              class="filters"
              role="img"
              aria-label={t.filtersAlt(layout.filters.length, filterScale)}
            >
              {layout.filters.map((f, c) => (
                <Heatmap
                  key={c}
                  values={f}
                  width={layout.kernel}
                  height={layout.kernel}
                  scale={layout.filterScale}
                  signed
                />
              ))}
            </div>
            <p class="inside-note">{t.scale(filterScale)}</p>
          </section>
          <section>
            <h3>{t.mapsTitle}</h3>
            <p class="inside-note">{t.mapsNote}</p>
            <div class="rf-row">
              <div class="rf-input">
                <Heatmap
                  class="big"
                  values={layout.input}
                  width={28}
                  height={28}
                  scale={Math.max(...layout.input)}
                  label={t.inputAlt(digit?.what ?? "")}
                />
                <span
                  class="rf-box"
                  aria-hidden="true"
                  style={{
                    left: `${(100 * field.left) / 28}%`,
                    top: `${(100 * field.top) / 28}%`,
                    width: `${(100 * field.size) / 28}%`,
                    height: `${(100 * field.size) / 28}%`,
                  }}
                />
              </div>
              <fieldset class="rf-controls">
                <legend>{t.rfTitle}</legend>
                {(["row", "col"] as const).map((k) => (
                  <Slider
                    key={k}
                    caption="label"
                    label={k === "row" ? t.rfRow : t.rfCol}
                    value={rf[k]}
                    min={0}
                    max={10}
                    step={1}
                    onInput={(v) => setRf({ ...rf, [k]: v })}
                  />
                ))}
                <p data-receptive-field={`${field.top},${field.left},${field.size}`}>
                  {t.rfText(rf.row, rf.col, field.top, field.left, field.size)}
                </p>
              </fieldset>
            </div>
            {layout.maps.map((m) => <MapPanel key={m.name} t={t} map={m} />)}
          </section>
          <section>
            <h3>{t.drivesTitle(layout.winner)}</h3>
            <p>{t.prediction(layout.winner, `${fmt(100 * layout.probs[layout.winner], 1)}%`)}</p>
            <ul class="drives">
              {drives.map(([v, ch]) => <li key={ch}>{t.drives(ch, fmt(v, 2))}</li>)}
            </ul>
          </section>
          {renderMs !== null && <p class="inside-note">{t.renderMs(fmt(renderMs, 0))}</p>}
        </>
      )}
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      {(error || trainer.error) && <p class="mnist-error" role="alert">{error || trainer.error}</p>}
    </figure>
  );
}

function MapPanel({ t, map }: { t: InsideStrings; map: FeatureMap }) {
  const [h, w, c] = map.shape;
  let max = 0;
  const channelMax = new Float32Array(c);
  for (let i = 0; i < map.data.length; i++) {
    const v = map.data[i];
    if (v > max) max = v;
    if (v > channelMax[i % c]) channelMax[i % c] = v;
  }
  const strongest = Array.from(channelMax, (v, ch) => [v, ch]).sort((a, b) => b[0] - a[0])
    .slice(0, 3).map(([, ch]) => ch).join(", ");
  const shape = `${h} × ${w} × ${c}`;
  return (
    <div
      class="feature-map"
      data-feature-map={map.name}
      data-shape={map.shape.join(",")}
      role="img"
      aria-label={t.mapAlt(t.mapName(map.name), shape, strongest)}
    >
      <p aria-hidden="true">{`${t.mapName(map.name)}: ${shape}`}</p>
      <div class="channels">
        {Array.from(
          { length: c },
          (_, ch) => (
            <Heatmap
              key={ch}
              values={map.data}
              width={w}
              height={h}
              scale={max}
              stride={c}
              offset={ch}
            />
          ),
        )}
      </div>
    </div>
  );
}
