/**
 * An exercise that checks itself (`components/exercises/`): the task, a Check button, a verdict
 * that says what is right or what is off and by how much, a hint on request, and the solution on
 * request after a first try. The kinds (`defs.ts`):
 *   figure   Check reads the state the figure above it publishes in its store
 *            (components/lib/store.ts: `lineClassifierState`, `liveBumps`, `mnistTrainerState`),
 *            never its DOM nor its internals
 *   answer   typed numbers, checked against values computed from the lesson's logic
 *   code     the reader's function runs in the lesson's notebook workspace (the runtime's Web
 *            Worker, like a code cell), and a code checker calls it on hidden seeded cases there
 *   predict  the reader commits to a prediction; then the experiment runs in the workspace
 * A code check that does not end can be stopped (the notebook's Stop: the workspace restarts).
 * Progress is kept in this browser (`components/ui/progress.ts`). Test hooks: `data-exercise`
 * (the id), `data-exercise-state` (open|solved|failed) and `data-checks` (verdicts given so far)
 * on the root, `data-verdict` (the reason) on the verdict.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { textFor } from "../lib/lang.ts";
import { EXERCISE_TEXT, verdictText } from "../exercises/text.ts";
import { codeIn, EXERCISES } from "../exercises/defs.ts";
import {
  checkFirstArrival,
  comparePrediction,
  failed,
  type Verdict,
} from "../exercises/checkers.ts";
import { checkAnswer, checkFigure } from "../exercises/page_checks.ts";
import { optimPathsState } from "../training/optim_store.ts";
import { DEFAULTS as OPTIM_DEFAULTS } from "../training/optim_paths.ts";
import { exercisesChanged, markExercise, readExercises } from "../ui/progress.ts";
import { notebookFor } from "../cells/notebook.ts";
import { CELL_TEXT } from "../cells/text.ts";

export interface ExerciseProps {
  id: string;
  lang?: string;
}

type State = "open" | "solved" | "failed";

/** Exercises talk to the notebook as cells with negative indices (never run by Run all). */
let nextIndex = -1;

/** Checks the state the figure publishes in its store (null: it has not hydrated yet). */
export default function Exercise(props: ExerciseProps) {
  const def = EXERCISES[props.id];
  const t = textFor(EXERCISE_TEXT, props.lang);
  const words = t.exercises[props.id];
  if (!def || !words) throw new Error(`Exercise: no exercise "${props.id}"`);
  const lang = props.lang ?? "en";
  const codeKey = `nn-exercise:${def.id}:${lang}`;

  const [state, setState] = useState<State>("open");
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [busy, setBusy] = useState(false);
  const [tries, setTries] = useState(0);
  const [checks, setChecks] = useState(0);
  const [hintShown, setHintShown] = useState(false);
  const [solutionShown, setSolutionShown] = useState(false);
  const [values, setValues] = useState<string[]>(() => (words.fields ?? []).map(() => ""));
  const [choice, setChoice] = useState<number | null>(null);
  /** The exercise's code with its comments in the page's language. */
  const own = (code: string) => codeIn(code, t.codeComments);
  const [code, setCode] = useState(def.kind === "code" ? own(def.starter) : "");
  /** Its place in the notebook: negative, never a cell's; registered on first use. */
  const [index] = useState(() => nextIndex--);
  const off = useRef<(() => void) | null>(null);
  const pending = useRef<((v: Verdict) => void) | null>(null);
  const codeNow = useRef(code);
  codeNow.current = code;

  /** Whether the exercise had a mark when last synced: only losing one is a reset. */
  const marked = useRef(false);

  useEffect(() => {
    const sync = () => {
      const mark = readExercises()[def.lesson]?.[def.id];
      setState(mark ?? "open");
      // Reset (the reader cleared their progress): a fresh start, a prediction can be made again.
      // Any other exercise's mark also calls this; an exercise that had none keeps the choice the
      // reader is making (it was lost when another exercise's verdict landed just after it).
      if (!mark && marked.current) {
        setVerdict(null);
        setTries(0);
        setChoice(null);
      }
      marked.current = !!mark;
    };
    sync();
    const offMarks = exercisesChanged.subscribe(sync);
    if (def.kind === "code") {
      try {
        const saved = localStorage.getItem(codeKey);
        if (saved !== null) setCode(saved);
      } catch { /* no storage: the starter */ }
    }
    return () => {
      off.current?.();
      offMarks();
    };
  }, []);

  /** Registers with the lesson's notebook (on the first check: a click can beat the effects). */
  function register(): void {
    if (off.current) return;
    off.current = notebookFor(def.lesson).register(index, {
      code: () => "experiment" in def ? own(def.experiment) : codeNow.current,
      started() {},
      output() {},
      changed() {},
      reset() {
        pending.current?.(failed("stopped"));
      },
      done(error, _ms, v) {
        pending.current?.(
          error ? failed("threw", { case: 0, message: `${error.name}: ${error.message}` }) : v ??
            failed("threw", { case: 0, message: "no verdict" }),
        );
      },
    });
  }

  function runInWorkspace(check: string): Promise<Verdict> {
    register();
    return new Promise<Verdict>((resolve) => {
      pending.current = (v) => {
        pending.current = null;
        resolve(v);
      };
      void notebookFor(def.lesson).run(index, check);
    });
  }

  async function check() {
    if (busy) return;
    let v: Verdict;
    if (def.kind === "figure") v = await checkFigure(def);
    else if (def.kind === "answer") v = checkAnswer(def, values);
    else if (def.kind === "predict" && "figure" in def) {
      // Checked against the figure's own run, read from its store (lesson 7).
      const settings = { ...OPTIM_DEFAULTS[def.surface], ...def.set };
      v = checkFirstArrival(optimPathsState.value, { surface: def.surface, settings }, choice);
    } else if (def.kind === "predict") {
      if (choice === null) v = failed("noPrediction");
      else {
        setBusy(true);
        const measured = await runInWorkspace("measured");
        setBusy(false);
        v = measured.ok
          ? comparePrediction({ choice }, measured.detail.value as number, def)
          : measured;
      }
    } else {
      setBusy(true);
      v = await runInWorkspace(def.check);
      setBusy(false);
    }
    setVerdict(v);
    setChecks((n) => n + 1);
    if (v.reason === "empty" || v.reason === "noPrediction" || v.reason === "notReady") return;
    setTries((n) => n + 1);
    markExercise(def.lesson, def.id, v.ok ? "solved" : "failed");
    setState((s) => (v.ok ? "solved" : s === "solved" ? "solved" : "failed"));
  }

  function editCode(next: string) {
    setCode(next);
    try {
      localStorage.setItem(codeKey, next);
    } catch { /* the edit lives as long as the page */ }
  }

  const canSeeSolution = tries > 0 || state !== "open";
  const predicted = def.kind === "predict" && (choice !== null && (tries > 0 || busy));
  const base = `ex-${def.id}`;

  return (
    <section
      class={`exercise exercise-${state}`}
      aria-labelledby={`${base}-title`}
      data-exercise={def.id}
      data-exercise-state={state}
      data-checks={String(checks)}
    >
      <p class="exercise-kind">{t.exercise} · {t.kinds[def.kind]}</p>
      <h3 id={`${base}-title`} class="exercise-title">{words.title}</h3>
      <p class="exercise-task">{words.task}</p>

      {def.kind === "answer" && (
        <div class="exercise-fields">
          {(words.fields ?? []).map((label, k) => (
            <label key={k}>
              <span>{label}</span>
              <input
                type="text"
                inputMode="decimal"
                value={values[k]}
                data-field={String(k)}
                onInput={(e) => {
                  const next = [...values];
                  next[k] = (e.currentTarget as HTMLInputElement).value;
                  setValues(next);
                }}
                onKeyDown={(e) => {
                  if (e.key === "Enter") void check();
                }}
              />
            </label>
          ))}
        </div>
      )}

      {def.kind === "code" && (
        <label class="exercise-code">
          <span>{t.yourCode}</span>
          <textarea
            spellcheck={false}
            rows={Math.min(14, code.split("\n").length + 1)}
            value={code}
            onInput={(e) => editCode((e.currentTarget as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && e.shiftKey) {
                e.preventDefault();
                void check();
              }
            }}
          />
        </label>
      )}

      {def.kind === "predict" && (
        <fieldset class="exercise-choices">
          <legend>{t.yourPrediction}</legend>
          {(words.choices ?? []).map((label, k) => (
            <label key={k}>
              <input
                type="radio"
                name={`${base}-choice`}
                value={String(k)}
                checked={choice === k}
                disabled={predicted}
                onChange={() => setChoice(k)}
              />
              {label}
            </label>
          ))}
          {choice === null && <p class="exercise-note">{t.predictFirst}</p>}
        </fieldset>
      )}

      {def.kind === "predict" && "experiment" in def && predicted && (
        <pre class="exercise-solution-code"><code>{own(def.experiment)}</code></pre>
      )}

      <div class="exercise-bar">
        <button
          type="button"
          class="exercise-check"
          data-action="check"
          onClick={check}
          disabled={busy || (def.kind === "predict" && choice === null)}
        >
          {busy ? t.checking : def.kind === "predict" ? t.run : t.check}
        </button>
        {busy && (
          <button
            type="button"
            data-action="stop"
            onClick={() => notebookFor(def.lesson).stop()}
          >
            {textFor(CELL_TEXT, props.lang).stop}
          </button>
        )}
        <button
          type="button"
          data-action="hint"
          aria-expanded={hintShown ? "true" : "false"}
          aria-controls={`${base}-hint`}
          onClick={() => setHintShown((s) => !s)}
        >
          {t.hint}
        </button>
        <button
          type="button"
          data-action="solution"
          aria-expanded={solutionShown ? "true" : "false"}
          aria-controls={`${base}-solution`}
          disabled={!canSeeSolution}
          title={canSeeSolution ? undefined : t.solutionAfterTry}
          onClick={() => setSolutionShown((s) => !s)}
        >
          {t.solution}
        </button>
        <span class="exercise-state">{t.state[state]}</span>
      </div>

      <p
        class={`exercise-verdict ${verdict ? (verdict.ok ? "ok" : "off") : ""}`}
        role="status"
        data-verdict={verdict?.reason ?? ""}
      >
        {verdict ? verdictText(t, verdict) : ""}
      </p>
      <div id={`${base}-hint`} class="exercise-hint" hidden={!hintShown}>
        <p>{words.hint}</p>
      </div>
      <div id={`${base}-solution`} class="exercise-solution" hidden={!solutionShown}>
        <p>{words.solution}</p>
        {def.kind === "code" && (
          <>
            <pre class="exercise-solution-code"><code>{own(def.solution)}</code></pre>
            <button
              type="button"
              data-action="use-solution"
              onClick={() => editCode(own(def.solution))}
            >
              {t.useSolution}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
