/**
 * The reader's intent, one place. `onIntent(el, yes)`: `yes()` once a pointer comes over the
 * element, a touch or press lands on it, or focus moves inside it (and, with `share`, once that
 * share of it is on screen — that share of the screen, for one taller than that). `useIntent(ref)`
 * is the hook: false until then, true for good. For a figure that needs a large download to show
 * anything (lesson 4's digits): it fetches when the reader reaches it, not because the page loaded
 * with its top edge at the bottom of the screen. `afterSettled(fn)`: `fn()` once the page has
 * loaded, `SETTLE_MS` passed and the browser is idle — the time to fetch what a reader will
 * likely want (an island's engine) without weighing on the page's first load.
 */
import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";

const EVENTS = ["pointerenter", "pointerdown", "touchstart", "focusin"];

/** Calls `yes` once, at the reader's first intent on `el`; returns a function that stops it. */
export function onIntent(el: Element, yes: () => void, share?: number): () => void {
  let done = false;
  let observer: IntersectionObserver | null = null;
  const stop = () => {
    for (const name of EVENTS) el.removeEventListener(name, once);
    observer?.disconnect();
  };
  function once() {
    if (done) return;
    done = true;
    stop();
    yes();
  }
  for (const name of EVENTS) el.addEventListener(name, once, { passive: true });
  if (share !== undefined) {
    if (!("IntersectionObserver" in globalThis)) {
      once();
      return stop;
    }
    observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const screen = e.rootBounds?.height ?? innerHeight;
        if (e.intersectionRatio >= share || e.intersectionRect.height >= screen * share) once();
      }
    }, { threshold: [0, 0.25, 0.5, 0.75, 1] });
    observer.observe(el);
  }
  return stop;
}

export function useIntent(ref: RefObject<Element | null>, share = 0.5): boolean {
  const [come, setCome] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || come) return;
    return onIntent(el, () => setCome(true), share);
  }, [come]);
  return come;
}

/**
 * How long after the page's load event `afterSettled` waits before it asks for an idle moment:
 * past the first load and its quiet (the site bench's "before interaction" ends when the network
 * has been quiet for 0.5 s), so what it fetches is not part of what a page costs to open.
 */
export const SETTLE_MS = 3_000;
/** The longest `afterSettled` waits for an idle moment once SETTLE_MS passed. */
const IDLE_TIMEOUT_MS = 2_000;

/** Calls `fn` once the page has loaded, SETTLE_MS passed and the browser is idle; returns a stop. */
export function afterSettled(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  let stopped = false;
  const idleThen = () => {
    if (stopped) return;
    if ("requestIdleCallback" in globalThis) {
      idle = requestIdleCallback(() => !stopped && fn(), { timeout: IDLE_TIMEOUT_MS });
    } else fn();
  };
  const wait = () => {
    removeEventListener("load", wait);
    if (!stopped) timer = setTimeout(idleThen, SETTLE_MS);
  };
  if (document.readyState === "complete") wait();
  else addEventListener("load", wait);
  return () => {
    stopped = true;
    removeEventListener("load", wait);
    clearTimeout(timer);
    if (idle !== undefined) cancelIdleCallback(idle);
  };
}
