/**
 * A code cell: a lesson's ```` ```ts run ```` block (see `builder/plugins/cells.ts`). The server
 * renders the highlighted code; the first focus or Run loads the editor (CodeMirror, its own
 * chunk). Run (or Shift+Enter) sends the code to the lesson's notebook (`components/cells/
 * notebook.ts`), which runs it in the runtime's Web Worker; the output streams in below. Edits are
 * kept in localStorage per lesson, language and cell (never in the URL), with a way back to the
 * lesson's code. Test hooks: `data-code-cell`, `data-cell-index`, `data-cell-state`
 * (idle|running|done|error|stale) on the root, `data-cell-output` on the output.
 */
import { useEffect, useReducer, useRef, useState } from "preact/hooks";
import { textFor } from "../lib/lang.ts";
import BackendBadge from "../lib/BackendBadge.tsx";
import { CELL_TEXT } from "../cells/text.ts";
import { OutputView } from "../cells/Output.tsx";
import { type CellOutput, OutputLog } from "../cells/output.ts";
import type { CellError } from "../cells/workspace.ts";
import type { CellEditor } from "../cells/editor.ts";
import { notebookFor } from "../cells/notebook.ts";

export interface CodeCellProps {
  /** The lesson's slug: its cells share one workspace. */
  lesson: string;
  /** The cell's place in the lesson, from 0 (a string: MDX attributes are text). */
  index: string;
  /** The lesson's code, highlighted at build time: JSON of `[class, text]` pairs. */
  tokens: string;
  /** The names the cell defines at its top level, space-separated (found at build time). */
  defines?: string;
  lang?: string;
}

/** Least milliseconds between two draws of a cell's output while it streams. */
const DRAW_MS = 30;

type Phase = "idle" | "queued" | "running" | "done" | "error";

/** The name a "… is not defined" error misses (null for any other error). */
function missingName(e: CellError | null): string | null {
  if (!e || e.name !== "ReferenceError") return null;
  return /^([\p{L}_$][\p{L}\p{N}_$]*) is not defined$/u.exec(e.message)?.[1] ?? null;
}

const storageKey = (lesson: string, lang: string, index: number) =>
  `nn-cells:${lesson}:${lang}:${index}`;

function readEdit(key: string, base: string): string | null {
  try {
    const saved = JSON.parse(localStorage.getItem(key) ?? "null");
    // An edit of an older version of the lesson's code is dropped.
    return saved && saved.base === base && typeof saved.code === "string" ? saved.code : null;
  } catch {
    return null;
  }
}

function writeEdit(key: string, base: string, code: string | null): void {
  try {
    if (code === null || code === base) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify({ base, code }));
  } catch { /* storage full or disabled: the edit lives as long as the page */ }
}

export default function CodeCell(props: CodeCellProps) {
  const index = Number(props.index);
  const lang = props.lang ?? "en";
  const t = textFor(CELL_TEXT, lang);
  const tokens = JSON.parse(props.tokens) as [string, string][];
  const original = tokens.map(([, text]) => text).join("");
  const key = storageKey(props.lesson, lang, index);

  const [phase, setPhase] = useState<Phase>("idle");
  const [outputs, setOutputs] = useState<CellOutput[]>([]);
  const [dropped, setDropped] = useState({ lines: 0, items: 0 });
  /**
   * The output as it arrives (bounded); drawn at most every DRAW_MS, in a task of its own (not in
   * an animation frame, where it would add to the frame's own layout and paint).
   */
  const log = useRef(new OutputLog());
  const frame = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [error, setError] = useState<CellError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [ms, setMs] = useState(0);
  const [edited, setEdited] = useState(false);
  const [editorShown, setEditorShown] = useState(false);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const code = useRef(original);
  const editor = useRef<CellEditor | null>(null);
  const editorLoading = useRef<Promise<void> | null>(null);
  const editorBox = useRef<HTMLDivElement>(null);

  const notebook = typeof document === "undefined" ? null : notebookFor(props.lesson);

  /** Draws the output as it is now (at most every DRAW_MS while it streams). */
  function draw() {
    if (frame.current !== null) clearTimeout(frame.current);
    frame.current = null;
    setOutputs(log.current.view());
    setDropped({ lines: log.current.droppedLines, items: log.current.droppedItems });
  }

  function setCode(next: string) {
    code.current = next;
    setEdited(next !== original);
    writeEdit(key, original, next);
    notebook?.edited();
  }

  function loadEditor(focus: boolean): Promise<void> {
    editorLoading.current ??= import("../cells/editor.ts").then(({ createEditor }) => {
      if (!editorBox.current) return;
      editor.current = createEditor(editorBox.current, code.current, {
        change: setCode,
        run: () => void run(),
        label: t.editor(index + 1),
      });
      setEditorShown(true);
    });
    return editorLoading.current.then(() => {
      if (focus) editor.current?.focus();
    });
  }

  useEffect(() => {
    if (!notebook) return;
    const saved = readEdit(key, original);
    if (saved !== null) {
      code.current = saved;
      setEdited(true);
      void loadEditor(false);
    }
    const off = notebook.register(index, {
      code: () => code.current,
      defines: (props.defines ?? "").split(" ").filter(Boolean),
      started() {
        setPhase("running");
        log.current = new OutputLog();
        setOutputs([]);
        setDropped({ lines: 0, items: 0 });
        setError(null);
        setNotice(null);
      },
      output(o) {
        log.current.add(o);
        frame.current ??= setTimeout(draw, DRAW_MS);
      },
      done(e, took) {
        // The last output is drawn with the verdict, not after it.
        draw();
        setMs(took);
        setError(e ?? null);
        setPhase(e ? "error" : "done");
      },
      reset(reason) {
        draw();
        setPhase((p) => {
          if (reason === "lost" && p !== "idle") setNotice(t.lost);
          else if (p === "running" && reason === "stopped") setNotice(t.stoppedRestarted);
          else if (p !== "idle") setNotice(t.restarted);
          return "idle";
        });
      },
      changed: () => rerender(null),
    });
    return () => {
      off();
      if (frame.current !== null) clearTimeout(frame.current);
      editor.current?.destroy();
    };
  }, []);

  async function run() {
    if (!notebook) return;
    void loadEditor(false);
    setPhase("queued");
    await notebook.run(index);
  }

  function revert() {
    editor.current?.setCode(original);
    setCode(original);
  }

  const stale = (phase === "done" || phase === "error") && notebook?.isStale(index);
  const state = stale ? "stale" : phase === "queued" ? "running" : phase;
  const status = stale
    ? t.status.stale
    : phase === "queued"
    ? t.status.queued
    : phase === "running"
    ? t.status.running
    : phase === "done"
    ? t.status.done(ms)
    : phase === "error"
    ? t.status.error
    : "";
  const busy = phase === "running" || phase === "queued";
  const missing = phase === "error" ? missingName(error) : null;
  const definer = missing && notebook ? notebook.definedAbove(index, missing) : null;
  const hint = missing && definer !== null ? t.definedAbove(missing, definer + 1) : null;

  return (
    <section
      class="code-cell"
      id={`code-cell-${index + 1}`}
      aria-label={t.cell(index + 1)}
      data-code-cell=""
      data-cell-index={String(index)}
      data-cell-state={state}
      data-edited={edited ? "true" : "false"}
    >
      <div class="cell-bar">
        <button type="button" class="cell-run" title={t.runHint} onClick={run} disabled={busy}>
          {t.run}
        </button>
        <button
          type="button"
          class="cell-stop"
          onClick={() => notebook?.stop()}
          disabled={phase !== "running"}
        >
          {t.stop}
        </button>
        {index === 0 && (
          <>
            <button type="button" class="cell-run-all" onClick={() => notebook?.runAll()}>
              {t.runAll}
            </button>
            <button type="button" class="cell-restart" onClick={() => notebook?.restart()}>
              {t.restart}
            </button>
          </>
        )}
        {edited && <button type="button" class="cell-revert" onClick={revert}>{t.revert}</button>}
        <span class="cell-status" role="status">{status}</span>
      </div>
      <div class="cell-editor" ref={editorBox} />
      {!editorShown && (
        <pre
          class="cell-source"
          tabIndex={0}
          aria-label={t.editor(index + 1)}
          onFocus={() => void loadEditor(true)}
          onClick={() => void loadEditor(true)}
        ><code class="hljs language-ts">{tokens.map(([cls, text], k) => cls ? <span key={k} class={cls}>{text}</span> : text)}</code></pre>
      )}
      <div class="cell-output" data-cell-output="" aria-live="polite" aria-label={t.output}>
        {notice && <p class="cell-notice">{notice}</p>}
        {(dropped.lines > 0 || dropped.items > 0) && (
          <p class="cell-notice" data-cell-dropped={String(dropped.lines)}>
            {t.dropped(dropped.lines, dropped.items)}
          </p>
        )}
        {outputs.map((o, k) => <OutputView key={k} o={o} t={t} />)}
        {error && <pre class="cell-error" role="alert">{t.error(error)}</pre>}
        {hint && (
          <p class="cell-defined-above" data-cell-missing={missing}>
            {hint[0]}
            <a href={`#code-cell-${definer! + 1}`}>{hint[1]}</a>
            {hint[2]}{" "}
            <button
              type="button"
              class="cell-run-above"
              disabled={busy}
              onClick={() => void notebook?.runThrough(index)}
            >
              {t.runAbove}
            </button>
          </p>
        )}
      </div>
      {index === 0 && notebook?.backend && <BackendBadge report={notebook.backend} lang={lang} />}
    </section>
  );
}
