/**
 * Reading progress, kept in this browser only (localStorage "progress": `{ slug: "opened" |
 * "finished" }`, shared by both languages). A lesson page marks itself opened on load and
 * finished once the reader reaches the links at its end; the lesson lists show the marks.
 * Inline scripts (as for the theme): small, and they run without a bundle.
 */

/** The storage key. */
export const PROGRESS_KEY = "progress";

/** On a lesson page (`<main data-lesson="slug">`). */
export const progressLessonScript = `(function(){
var m=document.querySelector("main[data-lesson]");if(!m)return;var s=m.dataset.lesson,K=${
  JSON.stringify(PROGRESS_KEY)
};
function get(){try{return JSON.parse(localStorage.getItem(K)||"{}")||{}}catch(e){return {}}}
function set(v){var p=get();if(p[s]==="finished"&&v==="opened")return;p[s]=v;try{localStorage.setItem(K,JSON.stringify(p))}catch(e){}}
set("opened");
var end=document.querySelector(".lesson-nav");if(!end||!("IntersectionObserver" in window))return;
var o=new IntersectionObserver(function(es){es.forEach(function(e){if(e.isIntersecting){set("finished");o.disconnect()}})});o.observe(end);
})()`.replace(/\n/g, "");

/** On a lesson list: each `li[data-lesson]` gets its mark (`data-progress` and the text). */
export const progressListScript = `(function(){
var p;try{p=JSON.parse(localStorage.getItem(${
  JSON.stringify(PROGRESS_KEY)
})||"{}")||{}}catch(e){p={}}
document.querySelectorAll("li[data-lesson]").forEach(function(li){var v=p[li.dataset.lesson];var b=li.querySelector(".progress");if(!v||!b)return;
li.dataset.progress=v;b.textContent=b.dataset[v];b.hidden=false});
})()`.replace(/\n/g, "");

/**
 * Exercises (`components/exercises/`): localStorage "progress-exercises", `{ lesson: { id:
 * "solved" | "failed" } }`. A solved exercise stays solved; Reset forgets a lesson's. The lesson
 * lists show "k of n solved" from it (the list script above), the lessons a bar at the top
 * (`ExerciseProgress`). Export and import write and read both kinds of progress as one file.
 */
export const EXERCISES_KEY = "progress-exercises";
/** Fired on `window` after any change, so every bar and exercise on the page redraws. */
export const EXERCISES_EVENT = "nn-exercise-progress";

export type ExerciseMark = "solved" | "failed";
export type ExerciseProgress = Record<string, Record<string, ExerciseMark>>;

const MARKS: readonly string[] = ["solved", "failed"];
const READING: readonly string[] = ["opened", "finished"];
/** A progress file is small: larger files are refused before parsing. */
export const PROGRESS_FILE_MAX_BYTES = 64 * 1024;
const NAME_RE = /^[a-z0-9-]{1,64}$/;

function readJson(key: string): Record<string, unknown> {
  try {
    const v = JSON.parse(localStorage.getItem(key) ?? "{}");
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch { /* storage full or disabled: progress lives as long as the page */ }
  globalThis.dispatchEvent?.(new Event(EXERCISES_EVENT));
}

function cleanExercises(v: unknown): ExerciseProgress | null {
  if (!v || typeof v !== "object" || Array.isArray(v)) return null;
  const out: ExerciseProgress = {};
  for (const [lesson, ids] of Object.entries(v)) {
    if (!NAME_RE.test(lesson) || !ids || typeof ids !== "object" || Array.isArray(ids)) return null;
    out[lesson] = {};
    for (const [id, mark] of Object.entries(ids)) {
      if (!NAME_RE.test(id) || !MARKS.includes(mark as string)) return null;
      out[lesson][id] = mark as ExerciseMark;
    }
  }
  return out;
}

export function readExercises(): ExerciseProgress {
  return cleanExercises(readJson(EXERCISES_KEY)) ?? {};
}

/** Marks an exercise; a solved one is never marked failed again. */
export function markExercise(lesson: string, id: string, mark: ExerciseMark): void {
  const p = readExercises();
  const mine = p[lesson] ??= {};
  if (mine[id] === "solved" && mark === "failed") return;
  mine[id] = mark;
  writeJson(EXERCISES_KEY, p);
}

/** Forgets a lesson's exercises. */
export function resetExercises(lesson: string): void {
  const p = readExercises();
  delete p[lesson];
  writeJson(EXERCISES_KEY, p);
}

/** The file's format name and version. */
const FILE_FORMAT = "nn-lessons-progress";

/** All progress (reading and exercises) as the text of a JSON file. */
export function exportProgress(): string {
  const reading = Object.fromEntries(
    Object.entries(readJson(PROGRESS_KEY)).filter(([k, v]) =>
      NAME_RE.test(k) && READING.includes(v as string)
    ),
  );
  return JSON.stringify(
    { format: FILE_FORMAT, version: 1, reading, exercises: readExercises() },
    null,
    2,
  );
}

export type ImportError = "tooBig" | "notJson" | "shape";

/**
 * Reads a progress file (bounded, validated); merges it into this browser's progress: solved
 * stays solved, finished stays finished. Returns the number of exercises solved after, or why
 * the file was refused (nothing is changed then).
 */
export function importProgress(text: string): { solved: number } | { error: ImportError } {
  if (text.length > PROGRESS_FILE_MAX_BYTES) return { error: "tooBig" };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { error: "notJson" };
  }
  const f = v as { format?: unknown; version?: unknown; reading?: unknown; exercises?: unknown };
  if (!f || typeof f !== "object" || f.format !== FILE_FORMAT || f.version !== 1) {
    return { error: "shape" };
  }
  const exercises = cleanExercises(f.exercises ?? {});
  const reading = f.reading ?? {};
  if (
    !exercises || !reading || typeof reading !== "object" || Array.isArray(reading) ||
    !Object.entries(reading).every(([k, r]) => NAME_RE.test(k) && READING.includes(r as string))
  ) return { error: "shape" };
  const p = readExercises();
  for (const [lesson, ids] of Object.entries(exercises)) {
    for (const [id, mark] of Object.entries(ids)) {
      const mine = p[lesson] ??= {};
      if (mine[id] !== "solved") mine[id] = mark;
    }
  }
  const r = readJson(PROGRESS_KEY);
  for (const [k, mark] of Object.entries(reading as Record<string, string>)) {
    if (r[k] !== "finished") r[k] = mark;
  }
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(r));
  } catch { /* as above */ }
  writeJson(EXERCISES_KEY, p);
  return {
    solved: Object.values(p).reduce(
      (s, ids) => s + Object.values(ids).filter((m) => m === "solved").length,
      0,
    ),
  };
}

/** On a lesson list: each `li[data-lesson][data-exercises]` says how many of its exercises are solved. */
export const exerciseListScript = `(function(){
var p;try{p=JSON.parse(localStorage.getItem(${
  JSON.stringify(EXERCISES_KEY)
})||"{}")||{}}catch(e){p={}}
document.querySelectorAll("li[data-lesson][data-exercises]").forEach(function(li){var b=li.querySelector(".exercise-count");if(!b)return;
var m=p[li.dataset.lesson]||{},k=0;for(var id in m)if(m[id]==="solved")k++;
li.dataset.solved=String(k);b.textContent=b.dataset.text.replace("{k}",k);b.hidden=false});
})()`.replace(/\n/g, "");
