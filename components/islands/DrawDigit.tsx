/**
 * Draw a digit (mouse, pen or touch), or pick a validation digit with the keyboard; it goes
 * through MNIST's preprocessing (crop to the ink, longer side to 20 px, centre of mass to the
 * middle of 28 × 28; `components/mnist/preprocess.ts`) and the trained model gives the ten class
 * probabilities. The model is the one MnistTrainer published (trained there or loaded from a
 * weights file), or a quick one trained here. Either way it runs in this island's own trainer
 * (components/mnist/mnist_trainer.ts, in the runtime's worker): a published model's weights are
 * loaded into it (`call("load")`) and each digit is a `call("predict")`.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitPixels, type Digits, digitsUrl, loadDigits } from "../mnist/digits.ts";
import { FRAME, inkFromRgba, type Preprocessed, toMnist } from "../mnist/preprocess.ts";
import DrawPad, { clearPad, PAD_SIZE as PAD, padContext } from "../mnist/DrawPad.tsx";
import { defaultSettings, specName } from "../mnist/settings.ts";
import { drawnDigit, type PublishedModel, trainedModel } from "../mnist/store.ts";
import { usePublishedModel } from "../mnist/usePublishedModel.ts";
import { DRAW_DIGIT } from "../mnist/text.ts";
import type { MnistTrainerProps } from "../mnist/mnist_trainer.ts";
import { SHIPPED_SPLIT } from "../../mnist/dataset.ts";

export interface DrawDigitProps {
  lang?: string;
}

/**
 * The quick model: one epoch of the lesson's MLP with a larger step and batch (125 steps, about
 * 91% of the validation digits right: the command line's number for these settings), scored at
 * the epoch's end only.
 */
const QUICK = { ...defaultSettings("mlp"), epochs: 1, lr: 0.003, batchSize: 64 };
const QUICK_STEPS = Math.ceil(SHIPPED_SPLIT.train / QUICK.batchSize);

/** Paints a validation digit onto the pad, scaled up (so it goes through the same path). */
function paintDigit(canvas: HTMLCanvasElement, digits: Digits, index: number): void {
  const ctx = padContext(canvas);
  ctx.clearRect(0, 0, PAD, PAD);
  const small = document.createElement("canvas");
  small.width = small.height = 28;
  const sctx = small.getContext("2d")!;
  const image = sctx.createImageData(28, 28);
  digitPixels(digits, index).forEach((v, i) => image.data.set([255, 255, 255, v], 4 * i));
  sctx.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(small, 0, 0, PAD, PAD);
}

/** The URL's picked digit: -1 (none) or one of the validation digits the slider offers. */
const URL_SCHEMA = { pick: { min: -1, max: SHIPPED_SPLIT.val - 1, integer: true } };

export default function DrawDigit(props: DrawDigitProps) {
  const t = textFor(DRAW_DIGIT, props.lang);
  const [state, update, restored] = useUrlState("dd", { pick: -1 }, URL_SCHEMA);
  const pad = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const [pre, setPre] = useState<Preprocessed | null>(null);
  const [probs, setProbs] = useState<Float32Array | null>(null);
  const [pickInput, setPickInput] = useState(0);
  const [truth, setTruth] = useState<number | null>(null);
  const [status, setStatus] = useState("");
  const [trainerProps] = useState<MnistTrainerProps>(() => ({
    data: digitsUrl(),
    settings: QUICK,
    evalsPerEpoch: 0,
  }));
  const trainer = useTrainer("mnist", trainerProps);
  const training = trainer.status === "running" || trainer.status === "starting";
  /** The weights this island's trainer predicts with (null: its own, untrained model). */
  const holding = useRef<{ weights: string; ready: Promise<unknown> } | null>(null);
  /** Only the latest classification is shown. */
  const latest = useRef(0);
  const model = usePublishedModel();

  /** The trainer predicts with `m`'s weights (loaded once per model). */
  function hold(m: PublishedModel): Promise<unknown> {
    if (holding.current?.weights !== m.weights) {
      holding.current = { weights: m.weights, ready: trainer.call("load", m.weights) };
    }
    return holding.current.ready;
  }

  /** Preprocess what is on the pad and classify it (in the worker). */
  async function classify() {
    const canvas = pad.current;
    if (!canvas) return;
    const rgba = padContext(canvas).getImageData(0, 0, PAD, PAD).data;
    const p = toMnist(inkFromRgba(rgba, PAD, PAD), 0.02);
    const current = trainedModel.value;
    const id = ++latest.current;
    let next: Float32Array | null = null;
    if (p && current) {
      try {
        await hold(current);
        next = await trainer.call("predict", p.image.data);
      } catch (error) {
        if (holding.current?.weights === current.weights) holding.current = null;
        setStatus((error as Error).message);
      }
    }
    // The preview and the probabilities change together (tests read them as one).
    if (id !== latest.current) return;
    setPre(p);
    setProbs(next);
    drawnDigit.value = p?.image.data ?? null;
  }

  useEffect(() => {
    void classify();
  }, [model]);

  // Preview: the 28 × 28 input, scaled up.
  useEffect(() => {
    const c = preview.current?.getContext("2d");
    if (!c) return;
    const image = c.createImageData(FRAME, FRAME);
    for (let i = 0; i < FRAME * FRAME; i++) {
      const v = Math.round(255 * (pre?.image.data[i] ?? 0));
      image.data.set([v, v, v, 255], 4 * i);
    }
    c.putImageData(image, 0, 0);
  }, [pre]);

  async function pick(index: number) {
    const { val } = await loadDigits();
    const i = Math.max(0, Math.min(val.count - 1, Math.round(index)));
    if (!pad.current) return;
    paintDigit(pad.current, val, i);
    setTruth(val.labels[i]);
    setPickInput(i);
    update({ pick: i });
    classify();
  }

  // URL state: a shared link with dd.pick shows that validation digit.
  useEffect(() => {
    if (restored && state.pick >= 0) pick(state.pick);
  }, [restored]);

  function clear() {
    clearPad(pad.current);
    setTruth(null);
    update({ pick: -1 });
    classify();
  }

  async function quickTrain() {
    setStatus("");
    if (!await trainer.playTo(QUICK_STEPS)) return;
    try {
      const weights = await trainer.call("weights");
      // Its own model: nothing to load before predicting.
      holding.current = { weights, ready: Promise.resolve() };
      trainedModel.value = { name: specName(QUICK.spec), weights };
    } catch (error) {
      setStatus((error as Error).message);
    }
  }

  const top = probs ? probs.indexOf(Math.max(...probs)) : -1;
  return (
    <figure
      class="mnist-island fig draw-digit"
      {...trainerHooks(trainer, {
        model: model?.name,
        prediction: top >= 0 ? top : null,
        confidence: top >= 0 ? probs![top] : null,
        truth,
        ink: !!pre,
        loss: trainer.snapshot?.batchLoss,
      })}
    >
      <div class="draw-row">
        <DrawPad
          canvas={pad}
          label={t.pad}
          onStart={() => setTruth(null)}
          onEnd={() => {
            if (state.pick >= 0) update({ pick: -1 });
            classify();
          }}
        />
        <div class="preview">
          <canvas
            ref={preview}
            class="digit-canvas"
            width={FRAME}
            height={FRAME}
            role="img"
            aria-label={pre ? t.previewAlt(pre) : t.empty}
          />
          <p>{t.preview}</p>
        </div>
        <div class="probs-box">
          <ol class="probs" aria-label={t.probs}>
            {Array.from({ length: 10 }, (_, d) => (
              <li key={d} class={d === top ? "top" : ""}>
                <span>{d}</span>
                <span class="bar" style={{ width: `${probs ? 100 * probs[d] : 0}%` }} />
                <span class="p">{probs ? `${fmt(100 * probs[d], 1)}%` : "—"}</span>
              </li>
            ))}
          </ol>
        </div>
      </div>
      <div class="controls">
        <button type="button" onClick={clear}>{t.clear}</button>
        <label>
          <span>{t.pick(SHIPPED_SPLIT.val - 1)}</span>
          <input
            type="number"
            min={0}
            max={SHIPPED_SPLIT.val - 1}
            step={1}
            value={pickInput}
            onInput={(e) => setPickInput(Number((e.currentTarget as HTMLInputElement).value))}
            onKeyDown={(e) => {
              if (e.key === "Enter") pick(pickInput);
            }}
          />
        </label>
        <button type="button" onClick={() => pick(pickInput)}>{t.show}</button>
        {!model && (
          <button type="button" class="primary" disabled={training} onClick={quickTrain}>
            {t.quick}
          </button>
        )}
      </div>
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      <p class="mnist-status" aria-live="polite">
        {training
          ? t.training(trainer.steps, QUICK_STEPS)
          : !model
          ? t.noModel
          : top >= 0
          ? `${t.model(model.name)}${t.sep}${t.guess(top, `${fmt(100 * probs![top], 1)}%`)}${
            truth !== null ? `${t.space}${t.truth(truth)}` : ""
          }`
          : `${t.model(model.name)}${t.sep}${pre ? "" : t.empty}`}
      </p>
      {(status || trainer.error) && (
        <p class="mnist-error" role="alert">{status || trainer.error}</p>
      )}
    </figure>
  );
}
