/**
 * The one way islands share state (components/lib/store.ts): a store keeps its value, tells its
 * listeners about changes (not about a value set again), unsubscribes, and says whether it is
 * followed. And no code in components/ reads state out of another island's DOM: no island root
 * is looked up by its marker, no `data-*` attribute is read (`dataset`, `getAttribute("data-`),
 * except by the page scripts listed below, which read their own server-written element.
 */
import assert from "node:assert/strict";
import { createStore } from "../../components/lib/store.ts";

Deno.test("store: get, set, subscribe, unsubscribe, followed", () => {
  const store = createStore<{ n: number } | null>(null);
  assert.equal(store.value, null);
  assert.equal(store.initial, null);
  assert.equal(store.followed, false);
  const seen: ({ n: number } | null)[] = [];
  const off = store.subscribe((v) => seen.push(v));
  assert.equal(store.followed, true);
  const one = { n: 1 };
  store.value = one;
  store.value = one; // the same value again: nobody is told
  store.value = { n: 2 };
  assert.deepEqual(seen, [{ n: 1 }, { n: 2 }]);
  assert.deepEqual(store.value, { n: 2 });
  assert.equal(store.initial, null);
  off();
  assert.equal(store.followed, false);
  store.value = null;
  assert.equal(seen.length, 2);
  assert.equal(store.value, null);
});

Deno.test("store: a listener that unsubscribes while told does not stop the others", () => {
  const store = createStore(0);
  const seen: string[] = [];
  const offA = store.subscribe((v) => {
    seen.push(`a${v}`);
    offA();
  });
  store.subscribe((v) => seen.push(`b${v}`));
  store.value++;
  store.value++;
  assert.deepEqual(seen, ["a1", "b1", "b2"]);
});

/**
 * Files that read data-* of their own elements, never another island's: page scripts (inline or
 * loaded by a form) on their server-written element (the theme button, the search form, the
 * lesson lists, the site base), editors that find which of their own points a pointer hit, the
 * network diagram finding which of its own neuron canvases to draw, and the decision map reading
 * the page's theme (`<html data-theme>`, no island's state).
 */
const OWN_ELEMENT = new Set([
  "base.ts",
  "ui/Search.tsx",
  "ui/ThemeToggle.tsx",
  "ui/progress.ts",
  "ui/site_search.ts",
  "function/OwnPoints.tsx",
  "loss/FitEditor.tsx",
  "function/NetworkDiagram.tsx",
  "function/decision_map.ts",
]);

/** Reads of data-* attributes or lookups of an island by its marker. */
const DOM_STATE = [
  /\.dataset\s*(\.\s*\w+\b(?!\s*=[^=])|\[|;)/,
  /getAttribute\(\s*["'`]data-/,
  /\[data-island\b/,
  /\.closest\(\s*["'`][^"'`]*\[data-/,
];

async function* sources(dir: URL, prefix = ""): AsyncGenerator<[string, string]> {
  for await (const entry of Deno.readDir(dir)) {
    const name = prefix + entry.name;
    if (entry.isDirectory) yield* sources(new URL(`${entry.name}/`, dir), `${name}/`);
    else if (/\.tsx?$/.test(entry.name)) {
      yield [name, await Deno.readTextFile(new URL(entry.name, dir))];
    }
  }
}

/** The code without its comments (kept as blank lines, so line numbers hold). */
const code = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, "")).replace(/^\s*\/\/.*$/gm, "");

Deno.test("no code in components/ reads another island's data-* attributes for state", async () => {
  const found: string[] = [];
  for await (const [name, text] of sources(new URL("../../components/", import.meta.url))) {
    if (OWN_ELEMENT.has(name)) continue;
    code(text).split("\n").forEach((line, i) => {
      if (DOM_STATE.some((re) => re.test(line))) found.push(`${name}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, [], "islands share state through components/lib/store.ts");
});
