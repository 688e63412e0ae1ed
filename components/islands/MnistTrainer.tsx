/**
 * Train an MNIST classifier in the page: pick MLP or CNN, loss, optimizer, epochs, batch size and
 * learning rate; watch the training and validation loss and accuracy; see the backend and the
 * time per epoch; read the confusion matrix and the misclassified digits; save or load weights.
 * The training runs in the runtime's worker (components/mnist/mnist_trainer.ts); the finished
 * model's weights are published to components/mnist/store.ts (`trainedModel`) for DrawDigit,
 * MyDigits and the views inside the network, and while it trains, the weights at its
 * evaluations (`trainingModel`, at most every LIVE_MS) for the views inside the network.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import Curves, { pct } from "../mnist/Curves.tsx";
import Results from "../mnist/Results.tsx";
import SettingsForm, { EPOCHS_MAX, formSettings, type MnistForm } from "../mnist/SettingsForm.tsx";
import { type Digits, digitsUrl, loadDigits } from "../mnist/digits.ts";
import {
  BATCH_CHOICES,
  defaultSettings,
  HIDDEN_CHOICES,
  LESSON_DEFAULTS,
  type LossName,
  LR_CHOICES,
  type OptimizerName,
  paramCount,
  SHIFT_CHOICES,
  specName,
  stepsOf,
} from "../mnist/settings.ts";
import { LIVE_MS, mnistTrainerState, trainedModel, trainingModel } from "../mnist/store.ts";
import { usePublishedModel } from "../mnist/usePublishedModel.ts";
import { MNIST_TRAINER } from "../mnist/text.ts";
import type { LoadedModel, MnistTrainerProps as RunProps } from "../mnist/mnist_trainer.ts";
import { checkWeightsSize } from "../../mnist/weights.ts";

export interface MnistTrainerProps {
  model?: "mlp" | "cnn";
  loss?: LossName;
  optimizer?: OptimizerName;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  lang?: string;
}

/** Steps of a run: its epochs of the 8,000 training digits in batches. */

/** The URL's values, bounded by the choices the controls offer (`?mt.batch=0` broke a run). */
const URL_SCHEMA = {
  model: { values: ["mlp", "cnn"] },
  hidden: { maxLength: 2, lists: HIDDEN_CHOICES },
  loss: { values: ["crossEntropy", "mse"] },
  opt: { values: ["adam", "sgd"] },
  epochs: { min: 1, max: EPOCHS_MAX, integer: true },
  batch: { values: BATCH_CHOICES },
  lr: { values: LR_CHOICES },
  shift: { values: SHIFT_CHOICES },
};

export default function MnistTrainer(props: MnistTrainerProps) {
  const t = textFor(MNIST_TRAINER, props.lang);
  const shared = textFor(SHARED, props.lang);
  // The lesson's defaults are the command line's (mnist/models.ts, MNIST_DEFAULTS);
  // props only override them where a lesson asks for something else.
  const kind = props.model ?? "mlp";
  const base = defaultSettings(kind);
  const defaults: MnistForm = {
    model: kind,
    hidden: (LESSON_DEFAULTS.mlp.model as { hidden: number[] }).hidden,
    loss: props.loss ?? base.loss,
    opt: props.optimizer ?? base.optimizer,
    epochs: props.epochs ?? base.epochs,
    batch: props.batchSize ?? base.batchSize,
    lr: props.lr ?? base.lr,
    shift: base.maxShift,
  };
  const [state, update] = useUrlState("mt", defaults, URL_SCHEMA);
  const { spec, settings } = formSettings(state);
  const totalSteps = stepsOf(settings);

  // The trainer is built from the settings of the last Train (changing a select afterwards keeps
  // the results on screen until the next Train).
  const [run, setRun] = useState<RunProps & { start: boolean }>(() => ({
    data: digitsUrl(),
    settings,
    evalsPerEpoch: 4,
    run: 0,
    start: false,
  }));
  const { start: startWanted, ...runProps } = run;
  const trainer = useTrainer("mnist", runProps);
  const [finished, setFinished] = useState<"done" | "stopped" | null>(null);
  /** Stop pressed while training: finish once the step under way has ended. */
  const [stopAsked, setStopAsked] = useState(false);
  /** Scoring and publishing the finished run. */
  const [finishing, setFinishing] = useState(false);
  const [loaded, setLoaded] = useState<LoadedModel | null>(null);
  /** Accuracy on the test digits of the finished or loaded model (null while none). */
  const [testAcc, setTestAcc] = useState<number | null>(null);
  const [loadingFile, setLoadingFile] = useState(false);
  const [fileError, setFileError] = useState("");
  const [val, setVal] = useState<Digits | null>(null);
  const model = usePublishedModel();

  const status = trainer.status;
  const snap = loaded ? null : trainer.snapshot;
  const steps = snap ? trainer.steps : 0;
  const phase = loadingFile || status === "starting"
    ? "loading"
    : finishing || stopAsked
    ? "finishing"
    : status === "running"
    ? "running"
    : status === "error"
    ? "error"
    : finished
    ? "done"
    : status === "paused" && steps > 0
    ? "paused"
    : "idle";
  const busy = phase === "running" || phase === "loading" || phase === "finishing";
  const locked = busy || phase === "paused";

  /** Train until the run's last step (or a pause), then finish when it got there. */
  async function train(maxSteps: number) {
    if (await trainer.playTo(maxSteps)) await finish("done");
  }

  /** The run ended: score it now (a stopped run), publish its weights for DrawDigit. */
  async function finish(how: "done" | "stopped") {
    setFinishing(true);
    try {
      await trainer.call("evaluate");
      await trainer.step(0); // a snapshot with that evaluation
      const weights = await trainer.call("weights");
      trainedModel.value = { name: specName(runProps.settings.spec), weights };
      endLive();
      setFinished(how);
      setTestAcc(await trainer.call("test"));
    } catch (error) {
      setFileError((error as Error).message);
    } finally {
      setFinishing(false);
    }
  }

  /** Live updates for the views inside the network: the run they belong to, the last one's time. */
  const live = useRef({ run: 0, at: -Infinity });
  /** No more live updates of this run (a late one still on its way is dropped). */
  function endLive() {
    live.current.run++;
    trainingModel.value = null;
  }
  // A run that failed is not "training" any more.
  useEffect(() => {
    if (status === "error") endLive();
  }, [status]);
  const evaluations = snap?.valAcc.length ?? 0;
  // While training: the weights at an evaluation, at most every LIVE_MS, for those who follow.
  useEffect(() => {
    if (phase !== "running" || !evaluations || !trainingModel.followed) return;
    const now = performance.now();
    if (now - live.current.at < LIVE_MS) return;
    live.current.at = now;
    const run = live.current.run;
    const progress = snap!.progress;
    trainer.call("weights").then((weights) => {
      if (run !== live.current.run) return;
      trainingModel.value = { name: specName(runProps.settings.spec), weights, training: progress };
    }, () => {/* the run ended or failed: its own message says so */});
  }, [evaluations]);

  // Train pressed: the new props are in place (the old trainer is gone); start the new one.
  useEffect(() => {
    if (startWanted) void train(stepsOf(run.settings));
  }, [run]);

  function start() {
    live.current = { run: live.current.run + 1, at: -Infinity };
    setFinished(null);
    setTestAcc(null);
    setLoaded(null);
    setFileError("");
    setRun({ data: digitsUrl(), settings, evalsPerEpoch: 4, run: (run.run ?? 0) + 1, start: true });
  }

  function stop() {
    if (status !== "running") return void finish("stopped");
    setStopAsked(true);
    trainer.pause(); // train() returns; the effect below finishes
  }
  useEffect(() => {
    if (!stopAsked || status === "running") return;
    setStopAsked(false);
    if (status === "paused") void finish("stopped");
  }, [stopAsked, status]);

  function save() {
    if (!model) return;
    const blob = new Blob([model.weights], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `mnist-${model.name.toLowerCase().replace(/\s+/g, "-")}.weights.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  async function load(file: File | undefined) {
    if (!file) return;
    setLoadingFile(true);
    setFileError("");
    try {
      // A file over the weights format's limit is refused before it is read.
      checkWeightsSize(file.size);
      const text = await file.text();
      // The worker parses the file (a bad one is an error saying why) and scores it.
      const result = await trainer.call("load", text);
      setLoaded(result);
      setFinished(null);
      trainedModel.value = { name: result.name, weights: text };
      endLive();
      setTestAcc(await trainer.call("test"));
    } catch (error) {
      setFileError((error as Error).message);
    } finally {
      setLoadingFile(false);
    }
  }

  const predictions = loaded?.predictions ?? snap?.predictions ?? null;
  useEffect(() => {
    if (predictions && !val) loadDigits().then((d) => setVal(d.val), () => {});
  }, [predictions !== null]);

  const lastValAcc = snap?.valAcc.at(-1)?.[1] ?? (loaded ? 100 * loaded.accuracy : undefined);
  const valAccuracy = lastValAcc === undefined ? null : lastValAcc / 100, params = paramCount(spec);
  useEffect(() => void (mnistTrainerState.value = { valAccuracy, params }), [valAccuracy, params]);
  const lastValLoss = snap?.valLoss.at(-1)?.[1] ?? loaded?.loss;
  const lastLoss = snap?.trainLoss.at(-1)?.[1];
  const epochMs = snap?.epochMs ?? [];
  const progress = snap?.progress ?? 0;
  const epochs = runProps.settings.epochs;

  let message = "";
  if (trainer.error) {
    message = trainer.nonFinite
      ? t.diverged(runProps.settings.lr, /step \d+/.exec(trainer.error)?.[0] ?? "")
      : trainer.error;
  } else if (fileError) message = fileError;
  else if (loaded) message = t.loadedAcc(loaded.name, pct(100 * loaded.accuracy));
  else if (finished) {
    const done = t.done(pct(lastValAcc));
    message = finished === "stopped" ? `${t.stopped} ${done}` : done;
  }

  return (
    <figure
      class="mnist-island fig mnist-trainer"
      {...trainerHooks(trainer, {
        phase,
        status,
        loss: lastLoss,
        steps,
        // Two decimals: a test reads whole and half epochs, not the float's last bits.
        epoch: progress.toFixed(2),
        valLoss: lastValLoss,
        valAccuracy: lastValAcc === undefined ? null : lastValAcc / 100,
        testAccuracy: testAcc,
        msPerEpoch: epochMs.length ? Math.round(epochMs.at(-1)!) : null,
        params: paramCount(spec),
        model: model?.name,
      })}
    >
      <SettingsForm state={state} update={update} locked={locked} t={t} />
      <div class="controls buttons">
        {phase === "running"
          ? <button type="button" onClick={trainer.pause}>{shared.pause}</button>
          : phase === "paused"
          ? (
            <button type="button" onClick={() => void train(snap?.totalSteps ?? totalSteps)}>
              {t.resume}
            </button>
          )
          : (
            <button
              type="button"
              class="primary"
              data-action="train"
              disabled={busy}
              onClick={start}
            >
              {shared.train}
            </button>
          )}
        <button
          type="button"
          data-action="stop"
          disabled={!(phase === "running" || phase === "paused")}
          onClick={stop}
        >
          {shared.stop}
        </button>
        <button type="button" disabled={!model || locked} onClick={save}>
          {t.save}
        </button>
        <label class="file-button">
          <span>{t.load}</span>
          <input
            type="file"
            accept=".json,application/json"
            disabled={locked}
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              load(input.files?.[0]).finally(() => (input.value = ""));
            }}
          />
        </label>
      </div>
      <div class="mnist-progress">
        <label>
          <span>
            {t.progress}
            {shared.punct.colon}
            {t.epochOf(
              // Under way: the epoch being trained; done (or stopped): the last one trained.
              Math.min(
                epochs,
                phase === "done" ? Math.max(1, Math.ceil(progress)) : Math.floor(progress) + 1,
              ),
              epochs,
            )}
          </span>
          <progress max={snap?.totalSteps ?? totalSteps} value={steps} />
        </label>
      </div>
      <BackendBadge
        report={trainer.backend}
        fallback={trainer.fallback}
        msPerStep={trainer.msPerStep}
        lang={props.lang}
      />
      <dl class="mnist-readout">
        <div>
          <dt>{t.step}</dt>
          <dd>{steps}</dd>
        </div>
        <div>
          <dt>{t.trainLossAvg}</dt>
          <dd>{lastLoss === undefined ? "—" : fmtLoss(lastLoss)}</dd>
        </div>
        <div>
          <dt>{t.valAcc}</dt>
          <dd>{pct(lastValAcc)}</dd>
        </div>
        <div>
          <dt>{t.testAcc}</dt>
          <dd>{testAcc === null ? "—" : `${fmt(100 * testAcc, 1)}%`}</dd>
        </div>
        <div>
          <dt>{t.perEpoch}</dt>
          <dd>{epochMs.length ? epochMs.map((ms) => `${fmt(ms / 1000, 1)} s`).join(", ") : "—"}</dd>
        </div>
      </dl>
      {message && (
        <p class={phase === "error" || fileError ? "mnist-error" : "mnist-status"} role="status">
          {message}
        </p>
      )}
      {phase === "loading" && <p class="mnist-status">{t.loading}</p>}
      <Curves snap={snap} t={t} />
      {predictions && val && <Results predictions={predictions} val={val} t={t} />}
    </figure>
  );
}
