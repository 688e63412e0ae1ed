/**
 * Client side of islands: the page loads one small module (`assets/js/islands.js`, the entry
 * below), which watches every island marker and, when one first comes near the viewport, fetches
 * that island's bundle (`assets/js/<Name>.js`, which exports the component) and hydrates it with
 * the props the server serialized next to it. Until then the server HTML stays as it is, and a
 * reader who never scrolls to a figure never downloads its code.
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
  // Held by the module, not only by the callback's closure: CI saw late islands of long pages
  // never hydrate, "never seen by the loader" while in view even after scrolling away and back —
  // the observer, referenced by nothing the page kept, was likely collected.
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      hydrateOne(entry.target as HTMLElement);
    }
  }, { rootMargin: "200px 0px" });
  for (const marker of markers) observer.observe(marker);
  observers.push(observer);
}

/** Every loader's observer, kept alive for the page's life. */
const observers: IntersectionObserver[] = [];
