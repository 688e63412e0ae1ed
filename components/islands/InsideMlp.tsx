/**
 * The trained MLP opened up: its first-layer weights as 28 × 28 images on one diverging scale
 * (choose a unit: the training digits that excite it most, their average next to its weights),
 * and one digit through the network (the input after preprocessing, the hidden activations
 * sorted, each hidden unit's share of the winning class score, the probabilities). The model is
 * the one DrawDigit or MnistTrainer published (`trainedModel`); this island loads it into its own
 * trainer (components/mnist/mnist_trainer.ts, in the runtime's worker) and asks the `inside-*`
 * calls (components/mnist/inside.ts), which answer plain arrays.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { type Digits, digitsUrl, loadDigits } from "../mnist/digits.ts";
import DigitCanvas from "../mnist/DigitCanvas.tsx";
import DigitSource, { type DigitChoice } from "../mnist/DigitSource.tsx";
import Heatmap from "../mnist/Heatmap.tsx";
import type { ForwardLayout, MlpWeights, TopDigits } from "../mnist/inside.ts";
import { defaultSettings } from "../mnist/settings.ts";
import type { PublishedModel } from "../mnist/store.ts";
import { usePublishedModel } from "../mnist/usePublishedModel.ts";
import { INSIDE, type InsideStrings } from "../mnist/text.ts";
import type { MnistTrainerProps } from "../mnist/mnist_trainer.ts";

export interface InsideMlpProps {
  lang?: string;
}

/** Contribution rows shown one by one (the rest are summed in one row). */
const SHOWN = 10;
/** Hidden activations drawn as bars. */
const BARS = 32;

export default function InsideMlp(props: InsideMlpProps) {
  const t = textFor(INSIDE, props.lang);
  const [trainerProps] = useState<MnistTrainerProps>(() => ({
    data: digitsUrl(),
    settings: defaultSettings("mlp"),
    evalsPerEpoch: 0,
  }));
  const trainer = useTrainer("mnist", trainerProps);
  const model = usePublishedModel({ live: true });
  const [weights, setWeights] = useState<MlpWeights | null>(null);
  const [top, setTop] = useState<TopDigits | null>(null);
  const [train, setTrain] = useState<Digits | null>(null);
  const [unit, setUnit] = useState(0);
  const [digit, setDigit] = useState<DigitChoice | null>(null);
  const [layout, setLayout] = useState<ForwardLayout | null>(null);
  const [error, setError] = useState("");
  const [timing, setTiming] = useState<{ callMs: number; renderMs: number } | null>(null);
  const received = useRef(0);
  /** The model loaded in this island's trainer (its weights text). */
  const loaded = useRef<{ weights: string; ready: Promise<unknown> } | null>(null);

  const isMlp = model !== null && model.name.startsWith("MLP");
  function ready(m: PublishedModel): Promise<unknown> {
    if (loaded.current?.weights !== m.weights) {
      // Not scored: the views need only its weights.
      loaded.current = {
        weights: m.weights,
        ready: trainer.call("load-unscored", m.weights),
      };
    }
    return loaded.current.ready;
  }

  useEffect(() => {
    if (!model || !isMlp) return;
    let live = true;
    (async () => {
      try {
        await ready(model);
        const start = performance.now();
        const w = await trainer.call("inside-weights");
        if (!live) return;
        received.current = performance.now();
        setTiming({ callMs: received.current - start, renderMs: NaN });
        setWeights(w);
        const [tops, digits] = await Promise.all([
          trainer.call("inside-top", 8),
          loadDigits(),
        ]);
        if (!live) return;
        setTop(tops);
        setTrain(digits.train);
      } catch (e) {
        if (live) setError((e as Error).message);
      }
    })();
    return () => (live = false);
  }, [model]);

  // The weight images are painted by their own effects, which run before this one.
  useEffect(() => {
    if (!weights || !received.current) return;
    setTiming((old) => old && { ...old, renderMs: performance.now() - received.current });
  }, [weights]);

  useEffect(() => {
    if (!model || !isMlp || !digit) return;
    let live = true;
    ready(model)
      .then(() => trainer.call("inside-forward", digit.pixels))
      .then((l) => {
        if (live) setLayout(l);
        return trainer.step(0); // a snapshot: the tensor count after the call
      })
      .catch((e) => live && setError((e as Error).message));
    return () => (live = false);
  }, [model, digit]);

  const scale = weights ? fmt(weights.scale, 2) : "";
  const unitTop = top && unit < top.indices.length ? Array.from(top.indices[unit]) : [];
  const topLabels = train ? unitTop.map((i) => train.labels[i]).join(" ") : "";
  const average = train && unitTop.length
    ? Float32Array.from(
      { length: 784 },
      (_, p) => unitTop.reduce((s, i) => s + train.images[i * 784 + p], 0) / (255 * unitTop.length),
    )
    : null;
  const w = weights?.units[unit] ?? null;
  const [lo, hi] = w ? [Math.min(...w), Math.max(...w)] : [0, 0];

  return (
    <figure
      class="mnist-island fig inside inside-mlp"
      {...trainerHooks(trainer, {
        model: isMlp ? model!.name : "",
        live: isMlp ? model!.training : null,
        scale: weights?.scale,
        renderMs: timing?.renderMs,
        callMs: timing?.callMs,
      })}
    >
      {!isMlp && <p class="mnist-status">{t.needMlp}</p>}
      {isMlp && model!.training !== undefined && (
        <p class="mnist-status">{t.following(model!.name, fmt(model!.training, 2))}</p>
      )}
      {isMlp && weights && (
        <section>
          <h3>{t.weightsTitle(weights.units.length)}</h3>
          <p class="inside-note">{t.scale(scale)}</p>
          <div
            class="weights-grid"
            role="group"
            aria-label={t.gridAlt(weights.units.length, scale)}
            data-weights-grid=""
            data-units={String(weights.units.length)}
          >
            {weights.units.map((u, j) => (
              <button
                type="button"
                key={j}
                class={j === unit ? "unit selected" : "unit"}
                aria-pressed={j === unit}
                aria-label={t.unitButton(j)}
                onClick={() => setUnit(j)}
              >
                <Heatmap values={u} width={28} height={28} scale={weights.scale} signed />
              </button>
            ))}
          </div>
          <p class="inside-note">
            {timing && Number.isFinite(timing.renderMs) ? t.renderMs(fmt(timing.renderMs, 0)) : ""}
          </p>
          <div class="unit-detail" data-unit={String(unit)}>
            <h4>{t.unitTitle(unit)}</h4>
            <div class="unit-row">
              <div>
                <Heatmap
                  class="big"
                  values={w}
                  width={28}
                  height={28}
                  scale={weights.scale}
                  signed
                  label={t.unitAlt(unit, topLabels, fmt(lo, 3), fmt(hi, 3))}
                />
                <p>{t.weightTitle}</p>
              </div>
              <div>
                <Heatmap
                  class="big"
                  values={average}
                  width={28}
                  height={28}
                  scale={1}
                  label={t.averageAlt(topLabels)}
                />
                <p>{t.averageTitle}</p>
              </div>
              <div>
                <DigitCanvas
                  digits={train}
                  indices={unitTop}
                  cols={4}
                  rows={2}
                  label={t.topAlt(topLabels)}
                />
                <p>{t.topTitle}</p>
              </div>
            </div>
          </div>
        </section>
      )}
      {isMlp && (
        <section>
          <h3>{t.forwardTitle}</h3>
          <DigitSource t={t} onChoice={setDigit} idPrefix="inside-mlp" />
          {layout && digit && <Forward t={t} layout={layout} what={digit.what} />}
        </section>
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

function Forward(
  { t, layout, what }: { t: InsideStrings; layout: ForwardLayout; what: string },
) {
  const { hidden, contributions, winner, bias, scores, probs } = layout;
  const n = hidden.length;
  const sorted = Array.from(hidden, (a, j) => [a, j]).sort((a, b) => b[0] - a[0]);
  const maxA = Math.max(1e-9, sorted[0][0]);
  const on = sorted.filter(([a]) => a > 0).length;
  const byShare = Array.from(contributions, (c, j) => [c, j]).sort((a, b) =>
    Math.abs(b[0]) - Math.abs(a[0])
  );
  const shown = byShare.slice(0, SHOWN);
  const rest = byShare.slice(SHOWN).reduce((s, [c]) => s + c, 0);
  const score = scores[winner];
  const sum = Array.from(contributions).reduce((s, c) => s + c, bias);
  const row = (j: number) => contributions[j] / (hidden[j] || 1);
  const inputMax = Math.max(...layout.input.map(Math.abs));
  return (
    <div class="forward">
      <div class="forward-row">
        <div>
          <Heatmap
            class="big"
            values={layout.input}
            width={28}
            height={28}
            scale={inputMax}
            label={t.inputAlt(what)}
          />
          <p>{t.inputTitle}</p>
        </div>
        <div class="hidden-bars">
          <p>{t.hiddenTitle(n, on)}</p>
          <ol
            aria-label={t.hiddenAlt(
              sorted.slice(0, 5).map(([a, j]) => `${t.unit} ${j}: ${fmt(a, 2)}`).join(", "),
            )}
          >
            {sorted.slice(0, BARS).map(([a, j]) => (
              <li key={j} title={`${t.unit} ${j}: ${fmt(a, 3)}`}>
                <span class="bar" style={{ height: `${(100 * a) / maxA}%` }} />
              </li>
            ))}
          </ol>
        </div>
      </div>
      <table
        class="contributions"
        data-contributions=""
        data-class={String(winner)}
        data-class-score={String(score)}
        data-sum={String(sum)}
      >
        <caption>{t.contribTitle(winner)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.unit}</th>
            <th scope="col">{t.activation}</th>
            <th scope="col">{t.weight}</th>
            <th scope="col">{t.contribution}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(([c, j]) => (
            <tr key={j} data-value={String(c)}>
              <th scope="row">{j}</th>
              <td>{fmt(hidden[j], 3)}</td>
              <td>{hidden[j] > 0 ? fmt(row(j), 3) : "—"}</td>
              <td>{fmt(c, 4)}</td>
            </tr>
          ))}
          <tr data-value={String(rest)}>
            <th scope="row" colSpan={3}>{t.others(Math.max(0, n - SHOWN))}</th>
            <td>{fmt(rest, 4)}</td>
          </tr>
          <tr data-value={String(bias)}>
            <th scope="row" colSpan={3}>{t.bias}</th>
            <td>{fmt(bias, 4)}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>{t.total}</th>
            <td>{fmt(score, 4)}</td>
          </tr>
        </tfoot>
      </table>
      <p>{t.prediction(winner, `${fmt(100 * probs[winner], 1)}%`)}</p>
      <ol class="probs" aria-label={t.probsTitle}>
        {Array.from(probs, (p, d) => (
          <li key={d} class={d === winner ? "top" : ""}>
            <span>{d}</span>
            <span class="bar" style={{ width: `${100 * p}%` }} />
            <span class="p">{`${fmt(100 * p, 1)}%`}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
