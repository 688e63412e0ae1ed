/**
 * Reading progress, kept in this browser only (localStorage "progress": `{ slug: "opened" |
 * "finished" }`, shared by both languages). A lesson page marks itself opened on load and
 * finished once the reader reaches the links at its end; the lesson lists show the marks.
 * Inline scripts (as for the theme): small, and they run without a bundle.
 */

import {
  CORRUPT_SUFFIX,
  dict,
  readStored,
  removeStored,
  setAside,
  writeStored,
} from "../lib/storage.ts";
import { createStore } from "../lib/store.ts";

/** The storage key. */
export const PROGRESS_KEY = "progress";

/** On a lesson page (`<main data-lesson="slug">`). */
export const progressLessonScript = `(function(){
var m=document.querySelector("main[data-lesson]");if(!m)return;var s=m.dataset.lesson,K=${
  JSON.stringify(PROGRESS_KEY)
},C=${JSON.stringify(CORRUPT_SUFFIX)};
function keep(r){try{if(r!==null&&localStorage.getItem(K+C)===null)localStorage.setItem(K+C,r)}catch(e){}}
function get(){var r=null;try{r=localStorage.getItem(K);var v=JSON.parse(r||"{}");if(v&&typeof v==="object"&&!Array.isArray(v))return [v,r]}catch(e){}keep(r);return [{},null]}
function set(v){var g=get(),p=g[0],o=p[s];if(o==="finished"&&v==="opened")return;if(o!==undefined&&o!=="opened"&&o!=="finished")keep(g[1]);
p[s]=v;try{localStorage.setItem(K,JSON.stringify(p))}catch(e){}}
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
/**
 * Counts the changes to the stored exercises on this page, so every bar and exercise redraws
 * (they subscribe and read the storage again).
 */
export const exercisesChanged = createStore(0);

export type ExerciseMark = "solved" | "failed";
export type ExerciseProgress = Record<string, Record<string, ExerciseMark>>;

const MARKS: readonly string[] = ["solved", "failed"];
const READING: readonly string[] = ["opened", "finished"];
/** A progress file is small: larger files are refused before parsing. */
export const PROGRESS_FILE_MAX_BYTES = 64 * 1024;
const NAME_RE = /^[a-z0-9-]{1,64}$/;
/** A lesson or exercise name: short, plain, and never a name `Object.prototype` has. */
const isName = (name: string) => NAME_RE.test(name) && !(name in Object.prototype);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === "object" && !Array.isArray(v);

function parseRecord(raw: string | null): Record<string, unknown> | null {
  if (raw === null || raw.length > PROGRESS_FILE_MAX_BYTES) return null;
  try {
    const v = JSON.parse(raw);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

function notify(): void {
  exercisesChanged.value++;
}

/**
 * The valid part of exercises' progress (null-prototype maps: no name reaches
 * `Object.prototype`) and how many entries were not valid (dropped).
 */
function cleanExercises(v: unknown): { progress: ExerciseProgress; dropped: number } | null {
  if (!isRecord(v)) return null;
  const progress: ExerciseProgress = dict();
  let dropped = 0;
  for (const [lesson, ids] of Object.entries(v)) {
    if (!isName(lesson) || !isRecord(ids)) {
      dropped++;
      continue;
    }
    const marks = dict<ExerciseMark>();
    for (const [id, mark] of Object.entries(ids)) {
      if (isName(id) && MARKS.includes(mark as string)) marks[id] = mark as ExerciseMark;
      else dropped++;
    }
    progress[lesson] = marks;
  }
  return { progress, dropped };
}

/** The stored exercises: what could be read, how many entries could not, and the raw text. */
function loadExercises(): { progress: ExerciseProgress; dropped: number; raw: string | null } {
  const raw = readStored(EXERCISES_KEY);
  const clean = raw === null ? null : cleanExercises(parseRecord(raw));
  return clean ? { ...clean, raw } : { progress: dict(), dropped: raw === null ? 0 : 1, raw };
}

export function readExercises(): ExerciseProgress {
  return loadExercises().progress;
}

/** Stores the exercises; a stored record that could not all be read is set aside first. */
function saveExercises(p: ExerciseProgress): void {
  const { dropped, raw } = loadExercises();
  if (dropped && raw !== null) setAside(EXERCISES_KEY, raw);
  writeStored(EXERCISES_KEY, JSON.stringify(p));
  notify();
}

/** Where a record that could not all be read is kept (see `checkExercises`). */
export const EXERCISES_COPY_KEY = EXERCISES_KEY + CORRUPT_SUFFIX;

/**
 * Repairs the stored exercises when part of them cannot be read: keeps every valid entry, drops
 * the others, and keeps the record as it was under `EXERCISES_COPY_KEY`. Returns whether such a
 * copy is kept (now or from before), so the page can say so.
 */
export function checkExercises(): boolean {
  const { progress, dropped } = loadExercises();
  if (dropped) saveExercises(progress);
  return readStored(EXERCISES_COPY_KEY) !== null;
}

/** The reader has read the notice: the copy of the unreadable record is let go. */
export function dismissExercisesCopy(): void {
  removeStored(EXERCISES_COPY_KEY);
  notify();
}

/** Marks an exercise; a solved one is never marked failed again. */
export function markExercise(lesson: string, id: string, mark: ExerciseMark): void {
  if (!isName(lesson) || !isName(id)) return;
  const p = readExercises();
  const mine = p[lesson] ??= dict();
  if (mine[id] === "solved" && mark === "failed") return;
  mine[id] = mark;
  saveExercises(p);
}

/** Forgets a lesson's exercises. */
export function resetExercises(lesson: string): void {
  const p = readExercises();
  delete p[lesson];
  saveExercises(p);
}

/** Reading progress: the valid entries only. */
function readReading(): Record<string, string> {
  const out = dict<string>();
  for (const [k, v] of Object.entries(parseRecord(readStored(PROGRESS_KEY)) ?? {})) {
    if (isName(k) && READING.includes(v as string)) out[k] = v as string;
  }
  return out;
}

/** The file's format name and version. */
const FILE_FORMAT = "nn-lessons-progress";

/** All progress (reading and exercises) as the text of a JSON file. */
export function exportProgress(): string {
  return JSON.stringify(
    { format: FILE_FORMAT, version: 1, reading: readReading(), exercises: readExercises() },
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
  // A file is the reader's choice: it is taken whole or refused with the reason.
  const exercises = cleanExercises(f.exercises ?? {});
  const reading = f.reading ?? {};
  if (
    !exercises || exercises.dropped || !isRecord(reading) ||
    !Object.entries(reading).every(([k, r]) => isName(k) && READING.includes(r as string))
  ) return { error: "shape" };
  const p = readExercises();
  for (const [lesson, ids] of Object.entries(exercises.progress)) {
    for (const [id, mark] of Object.entries(ids)) {
      const mine = p[lesson] ??= dict();
      if (mine[id] !== "solved") mine[id] = mark;
    }
  }
  const rawReading = readStored(PROGRESS_KEY);
  const r = readReading();
  if (
    rawReading !== null &&
    Object.keys(parseRecord(rawReading) ?? { unreadable: 1 }).length !== Object.keys(r).length
  ) setAside(PROGRESS_KEY, rawReading);
  for (const [k, mark] of Object.entries(reading as Record<string, string>)) {
    if (r[k] !== "finished") r[k] = mark;
  }
  writeStored(PROGRESS_KEY, JSON.stringify(r));
  saveExercises(p);
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
