/**
 * Lesson 4's fair comparison, run in the page: the lesson's CNN (212,426 parameters) against an
 * MLP 784-256-10 (203,530), each trained for one epoch on the 8,000 training digits with the
 * CNN's settings (Adam 4e-3, batch 64, ±1 pixel shifts) from the same seed, then scored on the
 * 1,000 validation digits. Each model is an `mnist` trainer (components/mnist/mnist_trainer.ts)
 * in the page's runtime worker, on the backend timed fastest for it; both train at once, taking
 * turns. The seed is in the
 * URL (`eq.seed`, 1–999).
 */
import { useEffect, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { hooks } from "../lib/hooks.ts";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { digitsUrl } from "../mnist/digits.ts";
import { pct } from "../mnist/Curves.tsx";
import {
  defaultSettings,
  type ModelSpec,
  paramCount,
  specName,
  stepsOf,
} from "../mnist/settings.ts";
import { EQUAL_PARAMS } from "../mnist/text.ts";
import type { MnistTrainerProps } from "../mnist/mnist_trainer.ts";

export interface EqualParamsProps {
  lang?: string;
}

/** The two models: the lesson's CNN and the MLP of about its size. */
const SPECS: ModelSpec[] = [defaultSettings("cnn").spec, { kind: "mlp", hidden: [256] }];
/** One epoch of the CNN's batches. */
const STEPS = stepsOf({ ...defaultSettings("cnn"), epochs: 1 });
const URL_SCHEMA = { seed: { min: 1, max: 999, integer: true } };

/** The props of one side: the CNN's settings, one epoch, this seed. */
function sideProps(spec: ModelSpec, seed: number, run: number): MnistTrainerProps {
  return {
    data: digitsUrl(),
    settings: { ...defaultSettings("cnn"), spec, epochs: 1, seed },
    evalsPerEpoch: 0,
    run,
  };
}

export default function EqualParams(props: EqualParamsProps) {
  const t = textFor(EQUAL_PARAMS, props.lang);
  const shared = textFor(SHARED, props.lang);
  const [state, update] = useUrlState("eq", { seed: 1 }, URL_SCHEMA);
  /** The run under way or shown: its seed and number (a new number is a new pair of trainers). */
  const [run, setRun] = useState({ seed: 1, run: 0, start: false });
  const cnn = useTrainer(
    "mnist",
    sideProps(SPECS[0], run.seed, run.run),
  );
  const mlp = useTrainer(
    "mnist",
    sideProps(SPECS[1], run.seed, run.run),
  );
  const sides = [cnn, mlp];
  /** From Train both until both sides ended: running, then done, stopped or error. */
  const [phase, setPhase] = useState<"idle" | "running" | "done" | "stopped" | "error">("idle");
  const [error, setError] = useState("");

  /** Train one side to the end of its epoch; its snapshot then holds the validation score. */
  async function trainSide(side: typeof cnn) {
    if (!await side.playTo(STEPS)) throw new Error("");
    await side.step(0); // a snapshot with the epoch's evaluation
  }

  // Train pressed: the new trainers are in place; start both.
  useEffect(() => {
    if (!run.start) return;
    let live = true;
    Promise.all(sides.map(trainSide)).then(
      () => live && setPhase((p) => p === "running" ? "done" : p),
      (e) => {
        if (!live) return;
        // Short of the epoch: Stop, or a side's error (shown from its trainer below).
        setError((e as Error).message);
        setPhase((p) => p === "running" ? "error" : p);
      },
    );
    return () => (live = false);
  }, [run]);

  function start() {
    setPhase("running");
    setError("");
    setRun({ seed: state.seed, run: run.run + 1, start: true });
  }

  function stop() {
    setPhase("stopped");
    for (const side of sides) side.pause();
  }

  const running = phase === "running";
  const failure = phase === "error" ? (error || cnn.error || mlp.error || t.failed) : "";
  const accuracy = (i: number) =>
    phase === "done" ? sides[i].snapshot?.valAcc.at(-1)?.[1] : undefined;
  const [accCnn, accMlp] = [accuracy(0), accuracy(1)];
  const gap = accCnn !== undefined && accMlp !== undefined ? accCnn - accMlp : undefined;
  /** The seed of the run shown, or the one the next run will use. */
  const seed = run.start ? run.seed : state.seed;

  return (
    <figure
      class="mnist-island fig equal-params"
      {...hooks({
        equalParams: "",
        phase,
        seed,
        cnnAccuracy: accCnn,
        mlpAccuracy: accMlp,
        tensors: cnn.tensors + mlp.tensors,
      })}
    >
      <div class="controls">
        <label>
          <span>{t.seed}</span>
          <input
            type="number"
            min={1}
            max={999}
            step={1}
            value={state.seed}
            disabled={running}
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const v = Math.round(Number(input.value));
              const seed = Number.isFinite(v) ? Math.min(999, Math.max(1, v)) : state.seed;
              input.value = String(seed);
              update({ seed });
            }}
          />
        </label>
        {running
          ? (
            <button type="button" data-action="stop" onClick={stop}>
              {shared.stop}
            </button>
          )
          : (
            <button type="button" class="primary" data-action="train-both" onClick={start}>
              {t.trainBoth}
            </button>
          )}
      </div>
      <table class="equal-table">
        <caption>{t.caption(seed)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.model}</th>
            <th scope="col">{t.accuracy}</th>
          </tr>
        </thead>
        <tbody>
          {SPECS.map((spec, i) => {
            return (
              <tr key={spec.kind} data-side={spec.kind} data-status={sides[i].status}>
                <th scope="row">
                  <span class="name">{specName(spec)}</span>
                  <span class="params">{t.params(paramCount(spec).toLocaleString("en-US"))}</span>
                  <progress
                    max={STEPS}
                    value={run.start ? sides[i].steps : 0}
                    aria-label={t.stepsOf(specName(spec), sides[i].steps, STEPS)}
                  />
                </th>
                <td data-accuracy="">{pct(accuracy(i))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {failure
        ? <p class="mnist-error" role="alert">{failure}</p>
        : (
          <p class="mnist-status" role="status">
            {gap !== undefined
              ? t.verdict(gap, fmt(Math.abs(gap), 1))
              : running
              ? t.running
              : phase === "stopped"
              ? t.stopped
              : t.idle}
          </p>
        )}
      <div class="equal-backends">
        {SPECS.map((spec, i) => (
          <div key={spec.kind}>
            <p class="inside-note">{specName(spec)}</p>
            <BackendBadge
              report={sides[i].backend}
              fallback={sides[i].fallback}
              msPerStep={sides[i].msPerStep}
              lang={props.lang}
            />
          </div>
        ))}
      </div>
    </figure>
  );
}
