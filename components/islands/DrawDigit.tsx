/**
 * Draw a digit (mouse, pen or touch), or pick a validation digit with the keyboard; it goes
 * through MNIST's preprocessing (crop to the ink, longer side to 20 px, centre of mass to the
 * middle of 28 × 28; `components/mnist/preprocess.ts`) and the trained model gives the ten class
 * probabilities. The model is the one MnistTrainer published, a weights file, or a quick one
 * trained here.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { type BackendChoice, errorMessage, loadEngine } from "../lib/engine.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmt } from "../lib/format.ts";
import { digitPixels, type Digits, loadDigits } from "../mnist/data.ts";
import { FRAME, inkFromRgba, type Preprocessed, toMnist } from "../mnist/preprocess.ts";
import { defaultSettings } from "../mnist/spec.ts";
import { trainedModel } from "../mnist/store.ts";
import type { Predictor } from "../mnist/train.ts";

export interface DrawDigitProps {
  lang?: string;
}

const PAD = 280;

const text = {
  en: {
    pad: "Drawing pad: draw a digit with the mouse, a pen or a finger",
    clear: "Clear",
    pick: "Or pick validation digit number",
    show: "Use this digit",
    preview: "As the network sees it (28 × 28)",
    previewAlt: (p: Preprocessed) =>
      `Your digit after preprocessing: ink box ${p.box.x1 - p.box.x0}×${
        p.box.y1 - p.box.y0
      } px scaled to ${p.scaled.width}×${p.scaled.height}, centre of mass at (${
        fmt(p.center.x, 1)
      }, ${fmt(p.center.y, 1)}) in the 28×28 frame`,
    empty: "Nothing drawn yet.",
    probs: "Class probabilities",
    guess: (d: number, p: string) => `The network says ${d} (${p}).`,
    truth: (d: number) => `The label of this validation digit is ${d}.`,
    noModel:
      "No trained model yet: train one above, load a weights file there, or train a quick one here.",
    quick: "Train a quick model (MLP, 1 epoch)",
    training: (s: number, n: number) => `Training: step ${s} of ${n}…`,
    model: (name: string) => `Model: ${name}`,
    sep: ". ",
    space: " ",
  },
  zh: {
    pad: "画板：用鼠标、触控笔或手指画一个数字",
    clear: "清除",
    pick: "或者选一张验证数字，编号",
    show: "用这张数字",
    preview: "网络看到的样子（28 × 28）",
    previewAlt: (p: Preprocessed) =>
      `预处理后的数字：墨迹范围 ${p.box.x1 - p.box.x0}×${
        p.box.y1 - p.box.y0
      } 像素，缩放为 ${p.scaled.width}×${p.scaled.height}，质心位于 28×28 画幅中的 (${
        fmt(p.center.x, 1)
      }, ${fmt(p.center.y, 1)})`,
    empty: "还没有画任何东西。",
    probs: "各类别的概率",
    guess: (d: number, p: string) => `网络认为是 ${d}（${p}）。`,
    truth: (d: number) => `这张验证数字的标签是 ${d}。`,
    noModel: "还没有训练好的模型：在上面训练一个、在上面载入权重文件，或者在这里快速训练一个。",
    quick: "快速训练一个模型（MLP，1 轮）",
    training: (s: number, n: number) => `训练中：第 ${s} 步，共 ${n} 步…`,
    model: (name: string) => `模型：${name}`,
    sep: "。",
    space: "",
  },
};

/** Paints a validation digit onto the pad, scaled up (so it goes through the same path). */
function paintDigit(canvas: HTMLCanvasElement, digits: Digits, index: number): void {
  const ctx = canvas.getContext("2d")!;
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

/** The URL's picked digit: -1 (none) or one of the 2000 validation digits the slider offers. */
const URL_SCHEMA = { pick: { min: -1, max: 1999, integer: true } };

export default function DrawDigit(props: DrawDigitProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const [state, update, restored] = useUrlState("dd", { pick: -1 }, URL_SCHEMA);
  const pad = useRef<HTMLCanvasElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const [pre, setPre] = useState<Preprocessed | null>(null);
  const [probs, setProbs] = useState<Float32Array | null>(null);
  const [pickInput, setPickInput] = useState(0);
  const [truth, setTruth] = useState<number | null>(null);
  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [status, setStatus] = useState("");
  const [quickSteps, setQuickSteps] = useState<[number, number] | null>(null);
  /** The quick run's last loss read back and its step count (test hooks; kept after the run). */
  const quickLast = useRef<{ loss: number | null; steps: number }>({ loss: null, steps: 0 });
  // The model starts as null on the first render even when MnistTrainer published one before
  // this island hydrated: hydration must render exactly what the server did (Preact does not
  // patch attributes while hydrating, so a data-model set then would never reach the DOM). The
  // effect then takes the store's current value and follows later changes.
  const [model, setModel] = useState<Predictor | null>(null);
  useEffect(() => {
    setModel(trainedModel.value);
    return trainedModel.subscribe(setModel);
  }, []);

  /** Preprocess what is on the pad and classify it. */
  function classify() {
    const canvas = pad.current;
    if (!canvas) return;
    const rgba = canvas.getContext("2d")!.getImageData(0, 0, PAD, PAD).data;
    const p = toMnist(inkFromRgba(rgba, PAD, PAD), 0.02);
    setPre(p);
    const current = trainedModel.value;
    setProbs(p && current ? current.predict(p.image.data) : null);
  }

  useEffect(() => {
    classify();
    if (model) loadEngine().then(({ choice }) => setChoice(choice), () => {});
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

  function point(e: PointerEvent) {
    const r = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    return { x: ((e.clientX - r.left) * PAD) / r.width, y: ((e.clientY - r.top) * PAD) / r.height };
  }

  function strokeTo(to: { x: number; y: number }) {
    const ctx = pad.current!.getContext("2d")!;
    const from = drawing.current ?? to;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 18;
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + 0.01, to.y);
    ctx.stroke();
    drawing.current = to;
  }

  function clear() {
    pad.current?.getContext("2d")?.clearRect(0, 0, PAD, PAD);
    setTruth(null);
    update({ pick: -1 });
    classify();
  }

  async function quickTrain() {
    try {
      const [{ choice }, { train, val }, mod] = await Promise.all([
        loadEngine(),
        loadDigits(),
        import("../mnist/train.ts"),
      ]);
      setChoice(choice);
      const r = new mod.MnistRun(train, val, {
        // One epoch of the lesson's MLP, a larger step and batch: 125 steps, about 91% of the
        // validation digits right (the command line's number for these settings).
        ...defaultSettings("mlp"),
        epochs: 1,
        lr: 0.003,
        batchSize: 64,
      });
      setQuickSteps([0, r.stepsPerEpoch]);
      const loop = new TrainingLoop({
        maxSteps: r.stepsPerEpoch,
        step: async () => {
          const { loss } = await r.step();
          if (loss !== null) quickLast.current.loss = loss;
          return loss ?? quickLast.current.loss ?? 0;
        },
        onUpdate: (steps) => {
          quickLast.current.steps = steps;
          setQuickSteps([steps, r.stepsPerEpoch]);
        },
        onError: (msg) => {
          setStatus(msg);
          r.dispose();
          setQuickSteps(null);
        },
        onStop: () => {
          if (r.steps < r.stepsPerEpoch) return;
          trainedModel.value = r.predictor();
          r.dispose(true);
          setQuickSteps(null);
        },
      });
      loop.play();
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }

  const top = probs ? probs.indexOf(Math.max(...probs)) : -1;
  return (
    <figure
      class="mnist-island draw-digit"
      data-backend={choice?.name ?? ""}
      data-model={model?.name ?? ""}
      data-prediction={top >= 0 ? String(top) : ""}
      data-confidence={top >= 0 ? String(probs![top]) : ""}
      data-truth={truth === null ? "" : String(truth)}
      data-ink={pre ? "true" : "false"}
      data-steps={String(quickLast.current.steps)}
      data-loss={quickLast.current.loss === null ? "" : String(quickLast.current.loss)}
    >
      <div class="draw-row">
        <canvas
          ref={pad}
          class="pad"
          width={PAD}
          height={PAD}
          role="img"
          aria-label={t.pad}
          onPointerDown={(e) => {
            (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
            drawing.current = null;
            setTruth(null);
            strokeTo(point(e));
          }}
          onPointerMove={(e) => {
            if (drawing.current) strokeTo(point(e));
          }}
          onPointerUp={() => {
            drawing.current = null;
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
          <span>{t.pick} (0–1999)</span>
          <input
            type="number"
            min={0}
            max={1999}
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
          <button type="button" class="primary" disabled={!!quickSteps} onClick={quickTrain}>
            {t.quick}
          </button>
        )}
      </div>
      <BackendBadge choice={choice} lang={props.lang} />
      <p class="mnist-status" aria-live="polite">
        {quickSteps
          ? t.training(quickSteps[0], quickSteps[1])
          : !model
          ? t.noModel
          : top >= 0
          ? `${t.model(model.name)}${t.sep}${t.guess(top, `${fmt(100 * probs![top], 1)}%`)}${
            truth !== null ? `${t.space}${t.truth(truth)}` : ""
          }`
          : `${t.model(model.name)}${t.sep}${pre ? "" : t.empty}`}
      </p>
      {status && <p class="mnist-error" role="alert">{status}</p>}
    </figure>
  );
}
