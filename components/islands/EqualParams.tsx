/**
 * Lesson 4's fair comparison, run in the page: the lesson's CNN (212,426 parameters) against an
 * MLP 784-256-10 (203,530), each trained for one epoch on the 8,000 training digits with the
 * CNN's settings (Adam 4e-3, batch 64, ±1 pixel shifts) from the same seed, then scored on the
 * 1,000 validation digits. Each model is an `mnist` trainer (components/mnist/mnist_trainer.ts)
 * in its own worker, on the backend timed fastest for it; both train at once. The seed is in the
 * URL (`eq.seed`, 1–999).
 */
import { useEffect, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { fmt } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../runtime/useTrainer.ts";
import { digitsUrl } from "../mnist/data.ts";
import { pct } from "../mnist/Curves.tsx";
import { defaultSettings, type ModelSpec, paramCount, specName, stepsOf } from "../mnist/spec.ts";
import { EQUAL_PARAMS } from "../mnist/text.ts";
import type { MnistSnapshot, MnistTrainerProps } from "../mnist/mnist_trainer.ts";

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
  const cnn = useTrainer<MnistTrainerProps, MnistSnapshot>(
    "mnist",
    sideProps(SPECS[0], run.seed, run.run),
  );
  const mlp = useTrainer<MnistTrainerProps, MnistSnapshot>(
    "mnist",
    sideProps(SPECS[1], run.seed, run.run),
  );
  const sides = [cnn, mlp];
  const [done, setDone] = useState(false);
  const [error, setError] = useState("");
  /** Stop pressed: both paused, no result. */
  const [stopped, setStopped] = useState(false);

  /** Train one side to the end of its epoch; its snapshot then holds the validation score. */
  async function trainSide(side: typeof cnn) {
    await side.play({ maxSteps: STEPS });
    if (await side.call<number>("sync") < STEPS) throw new Error("stopped");
    await side.step(0); // a snapshot with the epoch's evaluation
  }

  // Train pressed: the new trainers are in place; start both.
  useEffect(() => {
    if (!run.start) return;
    let live = true;
    Promise.all(sides.map(trainSide)).then(
      () => live && setDone(true),
      (e) => live && (e as Error).message !== "stopped" && setError((e as Error).message),
    );
    return () => (live = false);
  }, [run]);

  function start() {
    setDone(false);
    setError("");
    setStopped(false);
    setRun({ seed: state.seed, run: run.run + 1, start: true });
  }

  const running = run.start && !done && !error && !stopped &&
    sides.some((s) => s.status === "running" || s.status === "starting");

  function stop() {
    setStopped(true);
    for (const side of sides) side.pause();
  }
  const accuracy = (i: number) => done ? sides[i].snapshot?.valAcc.at(-1)?.[1] : undefined;
  const [accCnn, accMlp] = [accuracy(0), accuracy(1)];
  const gap = accCnn !== undefined && accMlp !== undefined ? accCnn - accMlp : undefined;

  return (
    <figure
      class="mnist-island equal-params"
      data-equal-params=""
      data-phase={error
        ? "error"
        : done
        ? "done"
        : running
        ? "running"
        : stopped
        ? "stopped"
        : "idle"}
      data-seed={String(run.seed)}
      data-cnn-accuracy={accCnn === undefined ? "" : String(accCnn)}
      data-mlp-accuracy={accMlp === undefined ? "" : String(accMlp)}
      data-tensors={String(cnn.tensors + mlp.tensors)}
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
              const v = Math.round(Number((e.currentTarget as HTMLInputElement).value));
              if (v >= 1 && v <= 999) update({ seed: v });
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
        <caption>{t.caption(run.seed)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.model}</th>
            <th scope="col">{t.accuracy}</th>
          </tr>
        </thead>
        <tbody>
          {SPECS.map((spec, i) => {
            return (
              <tr key={spec.kind} data-side={spec.kind}>
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
      <p class="mnist-status" role="status">
        {error ||
          (gap !== undefined
            ? t.verdict(gap, fmt(Math.abs(gap), 1))
            : running
            ? t.running
            : stopped
            ? t.stopped
            : t.idle)}
      </p>
      <div class="equal-backends">
        {SPECS.map((spec, i) => (
          <div key={spec.kind}>
            <p class="inside-note">{specName(spec)}</p>
            <BackendBadge
              report={sides[i].backend}
              fallback={sides[i].fallback}
              lang={props.lang}
            />
          </div>
        ))}
      </div>
    </figure>
  );
}
