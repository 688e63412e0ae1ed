/**
 * The Playground's "your points": the reader's own points as state (read from the URL, else from
 * localStorage; written back to both), edited with the pointer (click or tap adds, drag moves,
 * a long press deletes, paint mode lays down a row), the keyboard (Delete and the arrow keys on the
 * selected point, an x₁/x₂ form), Undo and Clear, and CSV export and import. `useOwnPoints` holds
 * the state and the handlers; `OwnPointsPanel` is its controls; the island draws the marks and
 * sends the points to its trainer.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { fmt } from "../lib/format.ts";
import {
  classesOf,
  CsvError,
  decodePoints,
  encodePoints,
  MAX_CSV_CHARS,
  MAX_POINTS,
  MAX_URL_POINTS,
  type OwnPoint,
  parseCsv,
  snap,
  toCsv,
} from "./points.ts";
import type { PlaygroundStrings } from "./text.ts";
import { EXTENT } from "./datasets.ts";
import { Choice } from "../lib/Controls.tsx";
import { readStored, setAside, writeStored } from "../lib/storage.ts";

/** Where the reader's points are kept (always; the URL holds them too when few). */
const STORE_KEY = "nn-lessons:playground-points";
/** Steps of undo kept. */
const UNDO_DEPTH = 100;
/** Paint mode: a stroke adds a point each time it has gone this far (data units). */
const PAINT_GAP = 0.25;
/** A press held this long on a point deletes it (touch screens have no Delete key). */
const LONG_PRESS_MS = 600;

/**
 * The reader's saved points (bounded like the URL's); a saved value that cannot be read is kept
 * aside (`copy`: its key) rather than dropped.
 */
function storedPoints(): { points: OwnPoint[]; copy?: string } {
  const raw = readStored(STORE_KEY);
  if (raw === null || raw === "") return { points: [] };
  const points = raw.length <= 4 * MAX_POINTS ? decodePoints(raw) : null;
  return points ? { points } : { points: [], copy: setAside(STORE_KEY, raw) };
}

const same = (a: readonly OwnPoint[], b: readonly OwnPoint[]) =>
  encodePoints(a) === encodePoints(b);

/** Marker k (circle, square, triangle, diamond, star) centred on (0, 0). */
export function Marker({ k, r }: { k: number; r: number }) {
  const q = r * 1.25;
  if (k === 0) return <circle r={r} />;
  if (k === 1) return <rect x={-r} y={-r} width={2 * r} height={2 * r} />;
  if (k === 2) return <path d={`M0 ${-q}L${q} ${0.8 * q}L${-q} ${0.8 * q}Z`} />;
  if (k === 3) return <path d={`M0 ${-q}L${q} 0L0 ${q}L${-q} 0Z`} />;
  const pts = Array.from({ length: 10 }, (_, i) => {
    const a = (Math.PI * i) / 5 - Math.PI / 2, rr = i % 2 ? q * 0.5 : q * 1.1;
    return `${(rr * Math.cos(a)).toFixed(2)},${(rr * Math.sin(a)).toFixed(2)}`;
  });
  return <polygon points={pts.join(" ")} />;
}

export interface OwnPointsOptions {
  /** Whether the Playground shows the reader's points now. */
  own: boolean;
  /** The URL state was read (the points are read once, after it). */
  restored: boolean;
  /** The URL's `pts` and `k` (already bounded by the island's schema). */
  url: { pts: string; k: number };
  update(patch: { pts?: string; k?: number }): void;
  t: PlaygroundStrings;
  /** The plot: its view box's size, and data ↔ view-box coordinates (null: outside the square). */
  view: {
    size: number;
    toView(x1: number, x2: number): [number, number];
    toData(vx: number, vy: number): [number, number] | null;
  };
}

export function useOwnPoints(o: OwnPointsOptions) {
  const { own, restored, update, t } = o;
  const cfg = o.url;
  // The reader's points: read once the URL is (from it, else from localStorage), then kept in both.
  const [mine, setMine] = useState<OwnPoint[]>([]);
  const [loaded, setLoaded] = useState(false);
  const undoStack = useRef<OwnPoint[][]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [newClass, setNewClass] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  /**
   * A link's points differ from the reader's saved ones: they are shown, but the saved ones stay
   * saved (untouched by edits) until the reader keeps the link's or goes back to their own.
   */
  const [linkView, setLinkView] = useState<{ saved: OwnPoint[] } | null>(null);
  useEffect(() => {
    if (!restored || loaded) return;
    const stored = storedPoints();
    const linked = cfg.pts ? decodePoints(cfg.pts) : null;
    if (linked && stored.points.length && !same(linked, stored.points)) {
      setLinkView({ saved: stored.points });
    }
    setMine(linked || stored.points);
    if (stored.copy) setMessage({ text: t.storedSetAside(stored.copy), error: true });
    setLoaded(true);
  }, [restored]);
  useEffect(() => {
    if (!loaded) return;
    const code = encodePoints(mine);
    // Storage full or off: the URL (when few points) still keeps them.
    if (!linkView) writeStored(STORE_KEY, code);
    // The URL carries them only while they are shown (and few).
    update({ pts: own && mine.length <= MAX_URL_POINTS ? code : "" });
  }, [mine, loaded, own, linkView]);
  // Another tab saved points: this one shows them too (Undo brings back what it showed), so two
  // tabs never overwrite each other's points unseen.
  useEffect(() => {
    if (!loaded) return;
    const onStorage = (e: StorageEvent) => {
      if (e.key !== STORE_KEY || e.newValue === null) return;
      const points = decodePoints(e.newValue);
      if (!points) return;
      if (linkView) setLinkView({ saved: points });
      else if (!same(points, mine)) {
        undoStack.current = [...undoStack.current.slice(-(UNDO_DEPTH - 1)), mine];
        setMine(points);
        setSelected(null);
        setMessage({ text: t.otherTab(points.length), error: false });
      }
    };
    addEventListener("storage", onStorage);
    return () => removeEventListener("storage", onStorage);
  }, [loaded, linkView, mine]);
  const classes = Math.max(cfg.k, classesOf(mine));
  /** Change the points, remembering the old ones for Undo. */
  const edit = (next: OwnPoint[]) => {
    undoStack.current = [...undoStack.current.slice(-(UNDO_DEPTH - 1)), mine];
    setMine(next);
    setMessage(null);
  };
  const addPoint = (x1: number, x2: number, label = newClass): boolean => {
    if (mine.length >= MAX_POINTS) {
      setMessage({ text: t.full, error: true });
      return false;
    }
    edit([...mine, { x1: snap(x1), x2: snap(x2), label: Math.min(label, classes - 1) }]);
    setSelected(mine.length);
    return true;
  };
  const removePoint = (i: number) => {
    edit(mine.filter((_, j) => j !== i));
    setSelected(null);
  };
  const undo = () => {
    const last = undoStack.current.pop();
    if (last) {
      setMine(last);
      setSelected(null);
    }
  };
  // Pointer editing of the reader's points: press on the plot adds, press on a point selects it
  // (and drags it, or deletes it when held still for LONG_PRESS_MS).
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<
    {
      index: number;
      x: number;
      y: number;
      moved: boolean;
      timer?: ReturnType<typeof setTimeout>;
    } | null
  >(null);
  const [paint, setPaint] = useState(false);
  const painting = useRef<{ last: [number, number] } | null>(null);
  /** A pointer position → data coordinates, or null outside the square. */
  const toData = (clientX: number, clientY: number): [number, number] | null => {
    const box = svg.current?.getBoundingClientRect();
    if (!box || !box.width) return null;
    const { size } = o.view;
    return o.view.toData(
      ((clientX - box.left) / box.width) * size,
      ((clientY - box.top) / box.height) * size,
    );
  };
  const onPointerDown = (e: PointerEvent) => {
    if (!own || e.button > 0) return;
    const target = (e.target as Element).closest("[data-index]");
    if (target) {
      const index = Number(target.getAttribute("data-index"));
      setSelected(index);
      const d = { index, x: e.clientX, y: e.clientY, moved: false } as NonNullable<
        typeof drag.current
      >;
      d.timer = setTimeout(() => {
        if (drag.current === d && !d.moved) {
          drag.current = null;
          removePoint(index);
        }
      }, LONG_PRESS_MS);
      drag.current = d;
      svg.current?.setPointerCapture?.(e.pointerId);
      e.preventDefault();
      return;
    }
    const at = toData(e.clientX, e.clientY);
    if (at && addPoint(at[0], at[1]) && paint) {
      // Paint: the stroke adds a point every PAINT_GAP; one Undo takes the stroke back.
      painting.current = { last: at };
      svg.current?.setPointerCapture?.(e.pointerId);
    }
  };
  const onPointerMove = (e: PointerEvent) => {
    const stroke = painting.current;
    if (stroke) {
      const at = toData(e.clientX, e.clientY);
      if (!at) return;
      const [x0, y0] = stroke.last;
      const gap = Math.hypot(at[0] - x0, at[1] - y0);
      // A point every PAINT_GAP along the way, however few move events a fast stroke gets.
      const count = Math.floor(gap / PAINT_GAP);
      if (count === 0) return;
      const along = Array.from({ length: count }, (_, k) => {
        const f = ((k + 1) * PAINT_GAP) / gap;
        return [x0 + f * (at[0] - x0), y0 + f * (at[1] - y0)] as [number, number];
      });
      stroke.last = along[along.length - 1];
      setMine((old) => {
        const room = MAX_POINTS - old.length;
        if (room < along.length) setMessage({ text: t.full, error: true });
        const label = Math.min(newClass, classes - 1);
        return [
          ...old,
          ...along.slice(0, Math.max(0, room)).map(([x1, x2]) => ({
            x1: snap(x1),
            x2: snap(x2),
            label,
          })),
        ];
      });
      return;
    }
    const d = drag.current;
    if (!d) return;
    if (!d.moved && Math.hypot(e.clientX - d.x, e.clientY - d.y) < 4) return;
    const at = toData(e.clientX, e.clientY);
    if (!at) return;
    if (!d.moved) {
      d.moved = true;
      clearTimeout(d.timer);
      undoStack.current = [...undoStack.current.slice(-(UNDO_DEPTH - 1)), mine];
    }
    setMine((old) =>
      old.map((p, i) => (i === d.index ? { ...p, x1: snap(at[0]), x2: snap(at[1]) } : p))
    );
  };
  const onPointerUp = () => {
    clearTimeout(drag.current?.timer);
    drag.current = null;
    painting.current = null;
  };
  const onStageKey = (e: KeyboardEvent) => {
    if (selected === null || selected >= mine.length) return;
    if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      removePoint(selected);
      return;
    }
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-0.1, 0],
      ArrowRight: [0.1, 0],
      ArrowUp: [0, 0.1],
      ArrowDown: [0, -0.1],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    const p = mine[selected];
    edit(
      mine.map((
        q,
        i,
      ) => (i === selected ? { ...q, x1: snap(p.x1 + m[0]), x2: snap(p.x2 + m[1]) } : q)),
    );
  };
  const ownMarks = useMemo(() => (
    <g class="own-points">
      {mine.map((p, i) => (
        <g
          key={i}
          data-index={i}
          class={`pt c${p.label}${i === selected ? " selected" : ""}`}
          transform={`translate(${o.view.toView(p.x1, p.x2).map((v) => v.toFixed(1))})`}
        >
          <Marker k={p.label} r={4.5} />
        </g>
      ))}
    </g>
  ), [mine, selected]);

  // The keyboard path: type x₁ and x₂ and add the point.
  // (The inputs are the form's own: a number input half typed, such as "-", reads as "".)
  const addTyped = (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const [a, b] = [String(form.get("x1") ?? ""), String(form.get("x2") ?? "")];
    const x1 = Number(a), x2 = Number(b);
    if (a.trim() === "" || b.trim() === "" || !Number.isFinite(x1 + x2)) return;
    addPoint(x1, x2);
  };
  const exportCsv = () => {
    const url = URL.createObjectURL(new Blob([toCsv(mine)], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "points.csv";
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const importCsv = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      // A file far larger than any CSV of MAX_POINTS rows is refused before it is read.
      if (file.size > 4 * MAX_CSV_CHARS) {
        throw new CsvError(0, { kind: "tooLarge", chars: file.size });
      }
      const points = parseCsv(await file.text());
      edit(points);
      update({ k: Math.max(cfg.k, classesOf(points)) });
      setSelected(null);
      setMessage({ text: t.imported(points.length), error: false });
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      setMessage({ text: t.csvError(err.line, err.problem), error: true });
    }
  };
  const selectedText = selected !== null && selected < mine.length
    ? t.pointAt(fmt(mine[selected].x1, 2), fmt(mine[selected].x2, 2), mine[selected].label)
    : null;
  /** Keep the link's points as the reader's (Undo brings the saved ones back). */
  const keepLink = () => {
    if (!linkView) return;
    undoStack.current = [...undoStack.current.slice(-(UNDO_DEPTH - 1)), linkView.saved];
    setLinkView(null);
    setMessage(null);
  };
  /** Back to the reader's saved points (Undo shows the link's again, as the reader's). */
  const backToSaved = () => {
    if (!linkView) return;
    edit(linkView.saved);
    setLinkView(null);
    setSelected(null);
  };
  return {
    mine,
    linkView,
    keepLink,
    backToSaved,
    classes,
    selected,
    selectedText,
    message,
    newClass,
    setNewClass,
    paint,
    setPaint,
    canUndo: undoStack.current.length > 0,
    undo,
    clear: () => {
      edit([]);
      setSelected(null);
    },
    addTyped,
    exportCsv,
    importCsv,
    svg,
    marks: ownMarks,
    onPointerDown,
    onPointerMove,
    onPointerUp,
    onStageKey,
  };
}

export type OwnPoints = ReturnType<typeof useOwnPoints>;

/** The controls: class of new points, paint, the x₁/x₂ form, Undo, Clear, CSV, the count. */
export function OwnPointsPanel({ points, t }: { points: OwnPoints; t: PlaygroundStrings }) {
  const { mine, classes, newClass, setNewClass, paint, setPaint, message } = points;
  const { addTyped, undo, exportCsv, importCsv } = points;
  return (
    <div class="pg-own">
      <p class="pg-note">{t.ownHelp}</p>
      <Choice
        style="radios"
        class="pg-classes"
        name="pg-class"
        label={t.newClass}
        value={Math.min(newClass, classes - 1)}
        options={Array.from({ length: classes }, (_, k) => ({
          value: k,
          label: t.className(k),
          class: `pg-class c${k}`,
          mark: (
            <svg viewBox="-7 -7 14 14" width="14" height="14" aria-hidden="true">
              <g class={`pt c${k}`}>
                <Marker k={k} r={4.5} />
              </g>
            </svg>
          ),
        }))}
        onChange={setNewClass}
      />
      <label class="pg-paint">
        <input
          type="checkbox"
          name="paint"
          checked={paint}
          onChange={(e) => setPaint((e.currentTarget as HTMLInputElement).checked)}
        />{" "}
        {t.paint}
      </label>
      <form class="pg-add" onSubmit={addTyped}>
        {[["x1", "x₁"], ["x2", "x₂"]].map(([name, label]) => (
          <label key={name}>
            {label}{" "}
            <input
              type="number"
              name={name}
              min={-EXTENT}
              max={EXTENT}
              step={0.01}
              required
              defaultValue="0"
            />
          </label>
        ))}
        <button type="submit" data-action="add-point">{t.addPoint}</button>
      </form>
      <div class="pg-buttons">
        <button
          type="button"
          data-action="undo"
          onClick={undo}
          disabled={!points.canUndo}
        >
          {t.undo}
        </button>
        <button
          type="button"
          data-action="clear"
          onClick={points.clear}
          disabled={!mine.length}
        >
          {t.clear}
        </button>
        <button
          type="button"
          data-action="export"
          onClick={exportCsv}
          disabled={!mine.length}
        >
          {t.exportCsv}
        </button>
        <label class="pg-import">
          {t.importCsv}
          <input
            type="file"
            name="csv"
            accept=".csv,text/csv,text/plain"
            onChange={importCsv}
          />
        </label>
      </div>
      <p class="pg-count" data-points={String(mine.length)}>{t.count(mine.length)}</p>
      {points.linkView && (
        <p class="pg-note" role="status" data-link-points={String(points.linkView.saved.length)}>
          {t.linkPoints(mine.length, points.linkView.saved.length)}{" "}
          <button type="button" data-action="keep-link" onClick={points.keepLink}>
            {t.keepLink}
          </button>{" "}
          <button type="button" data-action="back-to-saved" onClick={points.backToSaved}>
            {t.backToSaved(points.linkView.saved.length)}
          </button>
        </p>
      )}
      {message && (
        <p
          class={message.error ? "pg-error" : "pg-note"}
          role={message.error ? "alert" : "status"}
          data-csv-message
        >
          {message.text}
        </p>
      )}
    </div>
  );
}
