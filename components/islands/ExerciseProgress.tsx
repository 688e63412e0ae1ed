/**
 * The panel at the end of a lesson, out of the reading path: how many of its exercises the
 * reader solved (kept in this browser, `components/ui/progress.ts`), a reset for this lesson, and
 * export/import of all progress as a JSON file (bounded and validated; a bad file gets a clear message). Test hooks:
 * `data-exercise-progress` (the lesson), `data-solved`, `data-total` on the root.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { textFor } from "../lib/lang.ts";
import { EXERCISE_TEXT } from "../exercises/text.ts";
import { exercisesOf } from "../exercises/defs.ts";
import {
  checkExercises,
  dismissExercisesCopy,
  EXERCISES_COPY_KEY,
  exercisesChanged,
  exportProgress,
  importProgress,
  PROGRESS_FILE_MAX_BYTES,
  readExercises,
  resetExercises,
} from "../ui/progress.ts";

export interface ExerciseProgressProps {
  lesson: string;
  lang?: string;
}

export default function ExerciseProgress(props: ExerciseProgressProps) {
  const t = textFor(EXERCISE_TEXT, props.lang).progress;
  const ids = exercisesOf(props.lesson);
  const [solved, setSolved] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  /** Saved progress that could not all be read was set aside (and the reader not yet told). */
  const [setAside, setSetAside] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const count = () => {
      setSetAside(checkExercises());
      const mine = readExercises()[props.lesson] ?? {};
      setSolved(ids.filter((id) => mine[id] === "solved").length);
    };
    count();
    return exercisesChanged.subscribe(count);
  }, []);

  function reset() {
    if (!confirm(t.resetConfirm)) return;
    resetExercises(props.lesson);
    setMessage(null);
  }

  function download() {
    const url = URL.createObjectURL(new Blob([exportProgress()], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "nn-lessons-progress.json";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function upload(e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const f = input.files?.[0];
    input.value = "";
    if (!f) return;
    if (f.size > PROGRESS_FILE_MAX_BYTES) return setMessage(t.errors.tooBig);
    let text: string;
    try {
      text = await f.text();
    } catch {
      return setMessage(t.errors.read);
    }
    const r = importProgress(text);
    setMessage("error" in r ? t.errors[r.error] : t.imported(r.solved));
  }

  if (ids.length === 0) return null;
  return (
    <aside
      class="exercise-progress"
      aria-label={t.label}
      data-exercise-progress={props.lesson}
      data-solved={String(solved)}
      data-total={String(ids.length)}
    >
      <span class="exercise-progress-count">{t.solved(solved, ids.length)}</span>
      <button type="button" data-action="reset-exercises" onClick={reset} disabled={solved === 0}>
        {t.reset}
      </button>
      <button type="button" data-action="export-progress" onClick={download}>{t.exportFile}</button>
      <button type="button" data-action="import-progress" onClick={() => file.current?.click()}>
        {t.importFile}
      </button>
      <input
        ref={file}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label={t.importFile}
        onChange={upload}
      />
      {message && <p class="exercise-progress-message" role="status">{message}</p>}
      {setAside && (
        <p class="exercise-progress-message" role="alert" data-set-aside>
          {t.setAside(EXERCISES_COPY_KEY)}{" "}
          <button type="button" data-action="dismiss-copy" onClick={dismissExercisesCopy}>
            {t.dismiss}
          </button>
        </p>
      )}
    </aside>
  );
}
