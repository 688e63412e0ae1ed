/**
 * Exercise progress (components/ui/progress.ts) in Deno's localStorage: marks (solved stays
 * solved), reset per lesson, and the progress file: what export writes, import reads back and
 * merges; files that are too big, not JSON or not a progress file are refused and change nothing.
 */
import assert from "node:assert/strict";
import {
  EXERCISES_KEY,
  exportProgress,
  importProgress,
  markExercise,
  PROGRESS_FILE_MAX_BYTES,
  PROGRESS_KEY,
  readExercises,
  resetExercises,
} from "../../components/ui/progress.ts";

function clear() {
  localStorage.removeItem(EXERCISES_KEY);
  localStorage.removeItem(PROGRESS_KEY);
}

Deno.test("progress: marks, solved stays solved, reset forgets one lesson", () => {
  clear();
  markExercise("function", "line-few-wrong", "failed");
  markExercise("function", "line-few-wrong", "solved");
  markExercise("function", "line-few-wrong", "failed");
  markExercise("loss", "loss-huber", "solved");
  assert.deepEqual(readExercises(), {
    function: { "line-few-wrong": "solved" },
    loss: { "loss-huber": "solved" },
  });
  resetExercises("function");
  assert.deepEqual(readExercises(), { loss: { "loss-huber": "solved" } });
  // Garbage in storage reads as nothing, not as an error.
  localStorage.setItem(EXERCISES_KEY, "{not json");
  assert.deepEqual(readExercises(), {});
  clear();
});

Deno.test("progress: export, then import into an empty browser, merges both kinds", () => {
  clear();
  localStorage.setItem(PROGRESS_KEY, JSON.stringify({ function: "finished", loss: "opened" }));
  markExercise("function", "line-few-wrong", "solved");
  markExercise("bumps", "bumps-one", "failed");
  const file = exportProgress();
  clear();
  markExercise("bumps", "bumps-one", "solved"); // solved here: the file's "failed" must not undo it
  const r = importProgress(file);
  assert.deepEqual(r, { solved: 2 });
  assert.deepEqual(readExercises(), {
    bumps: { "bumps-one": "solved" },
    function: { "line-few-wrong": "solved" },
  });
  assert.deepEqual(JSON.parse(localStorage.getItem(PROGRESS_KEY)!), {
    function: "finished",
    loss: "opened",
  });
  clear();
});

Deno.test("progress: bad files are refused with the reason, and change nothing", () => {
  clear();
  markExercise("loss", "loss-huber", "solved");
  const before = localStorage.getItem(EXERCISES_KEY);
  const file = (o: unknown) => JSON.stringify(o);
  const ok = { format: "nn-lessons-progress", version: 1, reading: {}, exercises: {} };
  assert.deepEqual(importProgress("x".repeat(PROGRESS_FILE_MAX_BYTES + 1)), { error: "tooBig" });
  assert.deepEqual(importProgress(""), { error: "notJson" });
  assert.deepEqual(importProgress("{oops"), { error: "notJson" });
  assert.deepEqual(importProgress("[]"), { error: "shape" });
  assert.deepEqual(importProgress("null"), { error: "shape" });
  assert.deepEqual(importProgress(file({ ...ok, format: "other" })), { error: "shape" });
  assert.deepEqual(importProgress(file({ ...ok, version: 2 })), { error: "shape" });
  assert.deepEqual(importProgress(file({ ...ok, exercises: { loss: { x: "maybe" } } })), {
    error: "shape",
  });
  assert.deepEqual(importProgress(file({ ...ok, exercises: { "<script>": {} } })), {
    error: "shape",
  });
  assert.deepEqual(importProgress(file({ ...ok, reading: { loss: "read" } })), { error: "shape" });
  assert.deepEqual(importProgress(file({ ...ok, exercises: [] })), { error: "shape" });
  assert.equal(localStorage.getItem(EXERCISES_KEY), before);
  assert.deepEqual(importProgress(file(ok)), { solved: 1 });
  clear();
});
