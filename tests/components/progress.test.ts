/**
 * Exercise progress (components/ui/progress.ts) in Deno's localStorage: marks (solved stays
 * solved), reset per lesson, and the progress file: what export writes, import reads back and
 * merges; files that are too big, not JSON or not a progress file are refused and change nothing.
 */
import assert from "node:assert/strict";
import {
  checkExercises,
  dismissExercisesCopy,
  EXERCISES_COPY_KEY,
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
  for (const key of [EXERCISES_KEY, PROGRESS_KEY, EXERCISES_COPY_KEY, PROGRESS_KEY + ".corrupt"]) {
    localStorage.removeItem(key);
  }
}

/** Progress as plain objects (it is kept in null-prototype maps). */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

Deno.test("progress: marks, solved stays solved, reset forgets one lesson", () => {
  clear();
  markExercise("function", "line-few-wrong", "failed");
  markExercise("function", "line-few-wrong", "solved");
  markExercise("function", "line-few-wrong", "failed");
  markExercise("loss", "loss-huber", "solved");
  assert.deepEqual(plain(readExercises()), {
    function: { "line-few-wrong": "solved" },
    loss: { "loss-huber": "solved" },
  });
  resetExercises("function");
  assert.deepEqual(plain(readExercises()), { loss: { "loss-huber": "solved" } });
  // Garbage in storage reads as nothing, not as an error.
  localStorage.setItem(EXERCISES_KEY, "{not json");
  assert.deepEqual(plain(readExercises()), {});
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
  assert.deepEqual(plain(readExercises()), {
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

Deno.test("progress: a file naming constructor or __proto__ touches no prototype", () => {
  clear();
  const keys = Object.keys, entries = Object.entries;
  const file = (exercises: unknown, reading: unknown = {}) =>
    JSON.stringify({ format: "nn-lessons-progress", version: 1, reading, exercises });
  try {
    // The 140-byte file of issue 25: it replaced Object.keys with the string "solved".
    const r = importProgress(file({ constructor: { keys: "solved", entries: "solved" } }));
    assert.deepEqual(r, { error: "shape" });
    assert.deepEqual(importProgress(file({}, { constructor: "finished" })), { error: "shape" });
    assert.deepEqual(
      importProgress(
        '{"format":"nn-lessons-progress","version":1,' +
          '"exercises":{"__proto__":{"polluted":"solved"}}}',
      ),
      { error: "shape" },
    );
    assert.equal(Object.keys, keys);
    assert.equal(Object.entries, entries);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    // A record in storage with such names: they are dropped, nothing else moves.
    localStorage.setItem(
      EXERCISES_KEY,
      '{"constructor":{"keys":"solved"},"__proto__":{"x":"solved"},"loss":{"loss-huber":"solved"}}',
    );
    markExercise("loss", "loss-mae", "failed");
    markExercise("constructor", "keys", "solved");
    assert.equal(Object.keys, keys);
    assert.deepEqual(plain(readExercises()), {
      loss: { "loss-huber": "solved", "loss-mae": "failed" },
    });
  } finally {
    Object.keys = keys;
    Object.entries = entries;
    clear();
  }
});

Deno.test("progress: one unreadable entry drops that entry only, and the record is kept aside", () => {
  clear();
  const saved = JSON.stringify({
    function: { "line-few-wrong": "solved", "line-more": "maybe" },
    loss: { "loss-huber": "solved" },
    "<b>": { x: "solved" },
    bumps: "solved",
  });
  localStorage.setItem(EXERCISES_KEY, saved);
  // Reading keeps every valid entry.
  assert.deepEqual(plain(readExercises()), {
    function: { "line-few-wrong": "solved" },
    loss: { "loss-huber": "solved" },
  });
  // The next Check keeps them too, and the record as it was is kept under the copy's key.
  markExercise("bumps", "bumps-one", "solved");
  assert.deepEqual(plain(readExercises()), {
    function: { "line-few-wrong": "solved" },
    loss: { "loss-huber": "solved" },
    bumps: { "bumps-one": "solved" },
  });
  assert.equal(localStorage.getItem(EXERCISES_COPY_KEY), saved);
  assert.equal(checkExercises(), true, "the page is told a copy is kept");
  dismissExercisesCopy();
  assert.equal(checkExercises(), false);
  // Unparsable (or huge) records are kept aside as they were before anything is written.
  for (const bad of ["{not json", "[1,2]", "x".repeat(PROGRESS_FILE_MAX_BYTES + 1)]) {
    localStorage.setItem(EXERCISES_KEY, bad);
    assert.equal(checkExercises(), true);
    assert.equal(localStorage.getItem(EXERCISES_COPY_KEY), bad);
    dismissExercisesCopy();
  }
  clear();
});
