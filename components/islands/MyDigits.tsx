/**
 * My digits: the reader draws digits, saves each with its label (0–9), and sees them in a gallery
 * (kept in localStorage, exportable as an IDX pair that `deno task mnist eval` reads). With the
 * trained model (the one MnistTrainer or DrawDigit published to `mnist/store.ts`), it evaluates
 * the model on them (accuracy and the confusions) and fine-tunes a copy of it on them mixed with
 * the shipped training digits (components/mnist/finetune_trainer.ts, in the runtime's worker),
 * showing the accuracy on the reader's digits and on the validation digits before and after:
 * adaptation, and what it costs elsewhere.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import DigitCanvas from "../mnist/DigitCanvas.tsx";
import { digitsUrl } from "../mnist/digits.ts";
import { inkFromRgba, toMnist } from "../mnist/preprocess.ts";
import DrawPad, {
  clearPad as clearCanvas,
  PAD_SIZE as PAD,
  padContext,
} from "../mnist/DrawPad.tsx";
import type { PublishedModel } from "../mnist/store.ts";
import { usePublishedModel } from "../mnist/usePublishedModel.ts";
import { MY_DIGITS } from "../mnist/text.ts";
import { readStored, setAside, writeStored } from "../lib/storage.ts";
import {
  asDigits,
  confusions,
  decodeMyDigits,
  encodeMyDigits,
  FINETUNE_LR,
  MAX_MY_DIGITS,
  MINE_PER_BATCH,
  type MyDigit,
  SHIPPED_PER_BATCH,
  toBytes,
  toIdxPair,
} from "../mnist/my_digits.ts";
import type { FinetuneEvaluation, FinetuneProps } from "../mnist/finetune_trainer.ts";

export interface MyDigitsProps {
  lang?: string;
}

/** Steps per press of Fine-tune. */
const FT_STEPS = 40;
const STORE_KEY = "nn-lessons:my-digits";

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? "–" : `${fmt(100 * v, 0)}%`;

/** The saved digits; a saved value that cannot be read is kept aside (`copy`: its key). */
function stored(): { list: MyDigit[]; copy?: string } {
  const raw = readStored(STORE_KEY);
  if (raw === null || raw === "") return { list: [] };
  const list = decodeMyDigits(raw);
  return list ? { list } : { list: [], copy: setAside(STORE_KEY, raw) };
}

function download(bytes: Uint8Array, name: string) {
  const url = URL.createObjectURL(
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
  );
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export default function MyDigits(props: MyDigitsProps) {
  const t = textFor(MY_DIGITS, props.lang);
  const punct = textFor(SHARED, props.lang).punct;
  const pad = useRef<HTMLCanvasElement>(null);
  const [list, setList] = useState<MyDigit[]>([]);
  const [loaded, setLoaded] = useState(false);
  const model = usePublishedModel();
  const [note, setNote] = useState<string | null>(null);
  const [before, setBefore] = useState<FinetuneEvaluation | null>(null);
  const [after, setAfter] = useState<FinetuneEvaluation | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The step a fine-tuning run ends at. */
  const [target, setTarget] = useState(0);

  useEffect(() => {
    const saved = stored();
    setList(saved.list);
    if (saved.copy) setError(t.storedSetAside(saved.copy));
    setLoaded(true);
  }, []);
  useEffect(() => {
    // Storage full or off: the digits stay for this visit.
    if (loaded) writeStored(STORE_KEY, encodeMyDigits(list));
  }, [list, loaded]);

  const trainerProps: FinetuneProps = { data: digitsUrl(), model: model?.name ?? "" };
  const trainer = useTrainer("mnist-finetune", trainerProps);
  /** Weights and digits the open trainer holds (so each is sent once). */
  const sent = useRef<{ key: string; weights: string | null; digits: string | null }>({
    key: "",
    weights: null,
    digits: null,
  });
  const propsKey = JSON.stringify(trainerProps);
  // A new model or new digits make the old results stale.
  useEffect(() => {
    setBefore(null);
    setAfter(null);
  }, [model, list]);

  /** The trainer holds the model's weights and the current digits. */
  async function prepare(m: PublishedModel): Promise<void> {
    const s = sent.current;
    if (s.key !== propsKey || trainer.status === "idle") {
      sent.current = { key: propsKey, weights: null, digits: null };
    }
    const digits = encodeMyDigits(list);
    if (sent.current.weights !== m.weights) {
      await trainer.call("load", m.weights);
      sent.current.weights = m.weights;
      sent.current.digits = null;
    }
    if (sent.current.digits !== digits) {
      const d = asDigits(list);
      await trainer.call("mine", { images: d.images, labels: d.labels });
      sent.current.digits = digits;
    }
  }

  async function evaluate() {
    if (!model || !list.length) return;
    setBusy(true);
    setError(null);
    try {
      await prepare(model);
      const result = await trainer.call("evaluate");
      // Before any fine-tuning this is the published model; after, the fine-tuned copy.
      if (trainer.steps > 0 && before) setAfter(result);
      else setBefore(result);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function finetune() {
    if (!model || !list.length) return;
    setBusy(true);
    setError(null);
    try {
      await prepare(model);
      const start = before ?? await trainer.call("evaluate");
      setBefore(start);
      setTarget(trainer.steps + FT_STEPS);
      await trainer.play({ maxSteps: trainer.steps + FT_STEPS });
      setAfter(await trainer.call("evaluate"));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const clearPad = () => clearCanvas(pad.current);

  function save(label: number) {
    const canvas = pad.current;
    if (!canvas) return;
    if (list.length >= MAX_MY_DIGITS) {
      setNote(t.full(MAX_MY_DIGITS));
      return;
    }
    const rgba = padContext(canvas).getImageData(0, 0, PAD, PAD).data;
    const p = toMnist(inkFromRgba(rgba, PAD, PAD), 0.02);
    if (!p) {
      setNote(t.drawFirst);
      return;
    }
    setNote(null);
    setList([...list, { label, pixels: toBytes(p.image.data) }]);
    clearPad();
  }

  function exportIdx() {
    const { images, labels } = toIdxPair(list);
    download(images, "my-digits-images-idx3-ubyte");
    download(labels, "my-digits-labels-idx1-ubyte");
  }

  const gallery = asDigits(list);
  const predicted = (after ?? before)?.mine?.predictions;
  const captions = list.map((d, i) =>
    predicted && predicted[i] !== d.label ? `${d.label}→${predicted[i]}` : String(d.label)
  );
  const mistakes = predicted ? confusions(gallery.labels, predicted) : [];
  const running = trainer.status === "running" || trainer.status === "starting";
  const live = trainer.snapshot;

  return (
    <figure
      class="mnist-island fig my-digits"
      aria-label={t.figure}
      {...trainerHooks(trainer, {
        count: list.length,
        model: model?.name,
        mineBefore: before?.mine?.accuracy,
        mineAfter: after?.mine?.accuracy,
        valBefore: before?.val.accuracy,
        valAfter: after?.val.accuracy,
        busy,
      })}
    >
      <div class="draw-row">
        <DrawPad canvas={pad} label={t.pad} />
        <div class="my-save">
          <p>{t.saveAs}</p>
          <div class="my-labels">
            {Array.from({ length: 10 }, (_, d) => (
              <button
                key={d}
                type="button"
                data-label={String(d)}
                aria-label={t.save(d)}
                onClick={() => save(d)}
              >
                {d}
              </button>
            ))}
          </div>
          <button type="button" data-action="clear-pad" onClick={clearPad}>{t.clearPad}</button>
          {note && <p class="mnist-status" role="status">{note}</p>}
        </div>
      </div>
      <div class="my-gallery">
        {list.length
          ? (
            <DigitCanvas
              digits={gallery}
              indices={list.map((_, i) => i)}
              cols={10}
              scale={2}
              captions={captions}
              captionsBelow
              label={t.gallery(list.length, captions.join(" "))}
            />
          )
          : <p class="mnist-status">{t.galleryEmpty}</p>}
        <p class="my-count">{t.count(list.length, MAX_MY_DIGITS)}</p>
        <div class="controls">
          <button
            type="button"
            data-action="remove-last"
            disabled={!list.length || busy}
            onClick={() => setList(list.slice(0, -1))}
          >
            {t.removeLast}
          </button>
          <button
            type="button"
            data-action="remove-all"
            disabled={!list.length || busy}
            onClick={() => setList([])}
          >
            {t.removeAll}
          </button>
          <button type="button" data-action="export" disabled={!list.length} onClick={exportIdx}>
            {t.exportIdx}
          </button>
        </div>
      </div>
      <p class="mnist-status">{model ? t.model(model.name) : t.noModel}</p>
      <div class="controls">
        <button
          type="button"
          data-action="evaluate"
          disabled={!model || !list.length || busy}
          onClick={evaluate}
        >
          {t.evaluate}
        </button>
        <button
          type="button"
          class="primary"
          data-action="finetune"
          disabled={!model || !list.length || busy}
          onClick={finetune}
        >
          {t.finetune(FT_STEPS)}
        </button>
      </div>
      <p class="mnist-status" aria-live="polite">
        {running && live
          ? t.finetuning(live.steps, target, pct(live.mineAcc))
          : busy
          ? t.working
          : ""}
      </p>
      {before && (
        <table class="my-results">
          <caption>{t.results}</caption>
          <thead>
            <tr>
              <th scope="col">{t.colSet}</th>
              <th scope="col">{t.colBefore}</th>
              <th scope="col">{t.colAfter}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t.mine(list.length)}</th>
              <td>{pct(before.mine?.accuracy)}</td>
              <td>{pct(after?.mine?.accuracy)}</td>
            </tr>
            <tr>
              <th scope="row">{t.val}</th>
              <td>{pct(before.val.accuracy)}</td>
              <td>{pct(after?.val.accuracy)}</td>
            </tr>
          </tbody>
        </table>
      )}
      {predicted && (
        <p class="my-confusions">
          {t.confusions}
          {punct.colon}
          {mistakes.length
            ? mistakes.map(([l, p, n]) => t.confusion(l, p, n)).join(punct.list)
            : t.noConfusions}
        </p>
      )}
      <p class="mnist-note">{t.help(MINE_PER_BATCH, SHIPPED_PER_BATCH, FINETUNE_LR)}</p>
      {(error || trainer.error) && <p class="mnist-error" role="alert">{error || trainer.error}</p>}
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
    </figure>
  );
}
