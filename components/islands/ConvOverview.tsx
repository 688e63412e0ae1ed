/**
 * Every layer of lesson 6's small CNN for one validation digit, left to right as rows: input →
 * conv → ReLU → max-pool → linear scores → softmax, one panel per channel (`data-feature-map`,
 * `data-shape`). Choosing a conv, ReLU or pool panel shows its filter and bias. The weights are
 * those ConvTrainer published (train_store.ts), loaded into this island's own trainer, which
 * computes the layers in the runtime's worker (`overview`); until then, the untrained network.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { useStore } from "../lib/store.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitsUrl } from "../mnist/digits.ts";
import Heatmap from "../mnist/Heatmap.tsx";
import DigitField from "../conv/DigitField.tsx";
import { CONV_TRAIN, type ConvTrainStrings } from "../conv/train_text.ts";
import { OVERVIEW_DIGIT, trainedConv } from "../conv/train_store.ts";
import { BY_HAND_ID, convKernelRequest } from "../conv/store.ts";
import type { ConvTrainerProps, Overview, OverviewLayer } from "../conv/conv_trainer.ts";

export interface ConvOverviewProps {
  lang?: string;
  /** Filters of the convolution: ConvTrainer's (default 8). */
  channels?: number;
}

const URL_SCHEMA = { d: { min: 0, max: 999, integer: true } };
/** The rows whose channels come from one filter (a click shows it). */
const FROM_FILTER = new Set(["conv", "relu", "pool"]);

export default function ConvOverview(props: ConvOverviewProps) {
  const t = textFor(CONV_TRAIN, props.lang);
  const channels = Math.max(1, Math.min(16, Math.round(props.channels ?? 8)));
  const [state, setState] = useUrlState("co", { d: OVERVIEW_DIGIT }, URL_SCHEMA);
  const [trainerProps] = useState<ConvTrainerProps>(() => ({ data: digitsUrl(), channels }));
  const trainer = useTrainer("conv", trainerProps);
  const published = useStore(trainedConv);
  const [view, setView] = useState<{ o: Overview; steps: number } | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [error, setError] = useState("");
  /** The trainer holds published weights (not its own initial ones). */
  const loaded = useRef(false);

  useEffect(() => {
    if (!trainerProps.data) return;
    let live = true;
    const weights = published?.channels === channels ? published : null;
    (async () => {
      if (weights) await trainer.call("load", weights.weights);
      // ConvTrainer was reset: start again from the same untrained network as it does.
      else if (loaded.current) trainer.reset();
      loaded.current = weights !== null;
      const o = await trainer.call("overview", state.d);
      if (live) setView({ o, steps: weights?.steps ?? 0 });
      await trainer.step(0); // a snapshot: the tensor count after the calls
    })().catch((e) => live && setError((e as Error).message));
    return () => (live = false);
  }, [published, state.d]);

  const o = view?.o;
  return (
    <figure
      class="conv-overview"
      {...trainerHooks(trainer, {
        ready: !!o,
        trainedSteps: view?.steps,
        digit: state.d,
      })}
    >
      <p class="conv-how">{t.overviewHow}</p>
      <div class="conv-controls fig">
        <DigitField label={t.digit} value={state.d} onChange={(d) => setState({ d })} />
      </div>
      {view && (
        <p class="conv-note" aria-live="polite">
          {view.steps ? t.following(view.steps) : t.untrained}
        </p>
      )}
      {o && (
        <>
          <div class="conv-rows">
            {o.layers.map((layer) => (
              <LayerRow
                key={layer.name}
                t={t}
                layer={layer}
                chosen={chosen}
                onChoose={setChosen}
              />
            ))}
          </div>
          <p>
            {t.prediction(o.winner, `${fmt(100 * o.layers[5].data[o.winner], 1)}%`, o.label)}
          </p>
          <KernelPanel t={t} o={o} chosen={chosen} digit={state.d} />
        </>
      )}
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      {(error || trainer.error) && (
        <p class="conv-error" role="alert">{t.error} {error || trainer.error}</p>
      )}
    </figure>
  );
}

function LayerRow(
  { t, layer, chosen, onChoose }: {
    t: ConvTrainStrings;
    layer: OverviewLayer;
    chosen: number | null;
    onChoose: (c: number) => void;
  },
) {
  const [h, w, c] = layer.shape;
  const shape = `${h} × ${w} × ${c}`;
  let max = 0;
  for (const v of layer.data) max = Math.max(max, Math.abs(v));
  const signed = layer.name === "conv" || layer.name === "logits";
  const clickable = FROM_FILTER.has(layer.name);
  return (
    <section class={`conv-row conv-row-${layer.name}`} data-layer={layer.name} data-channels={c}>
      <h3>{t.layerAlt(layer.name, shape)}</h3>
      <div class="conv-panels">
        {Array.from({ length: c }, (_, ch) => {
          const attrs = {
            "data-feature-map": `${layer.name}:${ch}`,
            "data-shape": `${h},${w}`,
          };
          if (h === 1) {
            // One number per channel: a bar and its value (scores signed, probabilities ≥ 0).
            const v = layer.data[ch];
            const width = max > 0 ? (100 * Math.abs(v)) / max : 0;
            return (
              <div key={ch} class="conv-unit" {...attrs}>
                <span class="conv-unit-k">{ch}</span>
                <span class={`conv-bar${v < 0 ? " neg" : ""}`} style={{ width: `${width}%` }} />
                <span class="conv-unit-v">{fmt(v, 2)}</span>
              </div>
            );
          }
          let chMax = 0;
          for (let i = ch; i < layer.data.length; i += c) {
            chMax = Math.max(chMax, layer.data[i]);
          }
          const map = (
            <Heatmap
              values={layer.data}
              width={w}
              height={h}
              scale={max}
              signed={signed}
              stride={c}
              offset={ch}
            />
          );
          if (!clickable) {
            return (
              <div
                key={ch}
                class="conv-map"
                role="img"
                aria-label={t.layerAlt(layer.name, shape)}
                {...attrs}
              >
                {map}
              </div>
            );
          }
          return (
            <button
              key={ch}
              type="button"
              class="conv-map"
              aria-pressed={chosen === ch}
              aria-label={t.channel(layer.name, ch, fmt(chMax, 2))}
              onClick={() => onChoose(ch)}
              {...attrs}
            >
              {map}
            </button>
          );
        })}
      </div>
    </section>
  );
}

function KernelPanel(
  { t, o, chosen, digit }: {
    t: ConvTrainStrings;
    o: Overview;
    chosen: number | null;
    digit: number;
  },
) {
  if (chosen === null || chosen >= o.biases.length) {
    return <p class="conv-note conv-kernel" data-kernel-channel="">{t.kernelNone}</p>;
  }
  const k = o.filters.subarray(9 * chosen, 9 * chosen + 9);
  let scale = 0;
  for (const v of o.filters) scale = Math.max(scale, Math.abs(v));
  return (
    <section class="conv-kernel" data-kernel-channel={String(chosen)}>
      <h3>{t.kernelTitle(chosen)}</h3>
      <div class="conv-kernel-body">
        <Heatmap values={k} width={3} height={3} scale={scale} signed class="conv-kernel-map" />
        <table>
          <tbody>
            {[0, 1, 2].map((r) => (
              <tr key={r}>
                {[0, 1, 2].map((c) => (
                  <td key={c} aria-label={t.kernelCell(r, c, fmt(k[3 * r + c], 3))}>
                    {fmt(k[3 * r + c], 3)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="conv-note">{t.kernelNote(chosen, fmt(o.biases[chosen], 3))}</p>
      {/* A link: the first figure may not have loaded yet; it takes the request when it does. */}
      <a
        href={`#${BY_HAND_ID}`}
        data-action="slide-by-hand"
        onClick={() => (convKernelRequest.value = { digit, kernel: Array.from(k) })}
      >
        {t.slideByHand}
      </a>
    </section>
  );
}
