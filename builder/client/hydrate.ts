/**
 * Client side of islands: the page loads one small module (`assets/js/islands.js`, the entry
 * below), which watches every island marker and, when one first comes near the viewport, fetches
 * that island's bundle (`assets/js/<Name>.js`, which exports the component) and hydrates it with
 * the props the server serialized next to it. Until then the server HTML stays as it is, and a
 * reader who never scrolls to a figure never downloads its code. An IntersectionObserver says when
 * a marker comes near; a look once a second catches any it missed.
 */
import { type ComponentType, h, hydrate } from "preact";
import { deserializeProps } from "../serialize.ts";
import { IslandRoot } from "./island_root.ts";

type Component = ComponentType<Record<string, unknown>>;

/** An island's name as the builder writes it (a component file name): nothing else is fetched. */
export const ISLAND_NAME = /^[A-Z][A-Za-z0-9]*$/;

function start(marker: HTMLElement, Component: Component) {
  const id = marker.dataset.islandId;
  const script = marker.nextElementSibling;
  if (!(script instanceof HTMLScriptElement) || script.dataset.islandProps !== id) {
    throw new Error(`island ${marker.dataset.island}#${id}: props script not found`);
  }
  const island = h(Component, deserializeProps(script.textContent ?? ""));
  // The provider renders no element of its own: the server HTML still matches.
  hydrate(h(IslandRoot.Provider, { value: marker }, island), marker);
  marker.dataset.hydrated = "true";
}

/**
 * Hydrates each island marker of the page when it first comes within 200 px of the viewport,
 * loading its component with `load(name)` (one load per name, shared by its markers).
 */
export function hydrateIslands(load: (name: string) => Promise<{ default: Component }>) {
  const loads = new Map<string, Promise<{ default: Component }>>();
  const hydrateOne = (marker: HTMLElement) => {
    if (marker.dataset.islandState) return; // seen already (by the observer or the poll)
    const name = marker.dataset.island ?? "";
    if (!ISLAND_NAME.test(name)) throw new Error(`island marker with a bad name: "${name}"`);
    // "loading" from the moment the loader saw it: a test that waits in vain can tell a marker
    // never seen from one whose code did not arrive or did not start.
    marker.dataset.islandState = "loading";
    let loading = loads.get(name);
    if (!loading) {
      // A failed fetch is forgotten, so the next marker of that name asks again.
      loads.set(
        name,
        loading = load(name).catch((err) => (loads.delete(name), Promise.reject(err))),
      );
    }
    loading.then((module) => start(marker, module.default)).catch((err) => {
      marker.dataset.islandState = "failed";
      console.error(`island ${name}#${marker.dataset.islandId} did not start:`, err);
    });
  };
  const markers = [...document.querySelectorAll<HTMLElement>("[data-island]")];
  if (!("IntersectionObserver" in globalThis)) {
    markers.forEach(hydrateOne);
    return;
  }
  // Held by the module, not only by the callback's closure (a collected observer would go quiet).
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      hydrateOne(entry.target as HTMLElement);
    }
  }, { rootMargin: `${MARGIN}px 0px` });
  for (const marker of markers) {
    observer.observe(marker);
    marker.dataset.islandObserved = "";
  }
  observers.push(observer);
  // A net under the observer: once a second, a marker not yet seen that was within reach at the
  // last look too (the observer had a second) is hydrated, and says so (`data-island-seen=
  // "poll"`). CI saw, twice, late islands of a long page in view for 40 s and never reported by
  // the observer; this catches that, and a marker the observer never had (one put in the page
  // after this ran).
  let inReach = new Set<HTMLElement>();
  const poll = () => {
    const pending = [...document.querySelectorAll<HTMLElement>("[data-island]")]
      .filter((m) => !m.dataset.islandState);
    const now = new Set<HTMLElement>();
    for (const marker of pending) {
      const r = marker.getBoundingClientRect();
      const shown = r.width > 0 || r.height > 0; // not display: none (a closed <details>)
      if (!shown || r.bottom < -MARGIN || r.top > innerHeight + MARGIN) continue;
      if (!inReach.has(marker)) {
        now.add(marker);
        continue;
      }
      observer.unobserve(marker);
      marker.dataset.islandSeen = "poll";
      hydrateOne(marker);
    }
    inReach = now;
    if (pending.length > 0) setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

/** How near the viewport (px, above and below) an island is hydrated. */
const MARGIN = 200;
/** How often the net under the observer looks for islands in reach (ms). */
const POLL_MS = 1000;

/** Every loader's observer, kept alive for the page's life. */
const observers: IntersectionObserver[] = [];
