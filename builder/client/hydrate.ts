/**
 * Client side of islands: each island's bundle calls `hydrateIslands(name, Component)`, which
 * finds that island's markers and hydrates each one when it first comes near the viewport, with
 * the props the server serialized next to it. Until then the server HTML stays as it is.
 */
import { type ComponentType, h, hydrate } from "preact";
import { deserializeProps } from "../serialize.ts";
import { IslandRoot } from "./island_root.ts";

function start(marker: HTMLElement, Component: ComponentType<Record<string, unknown>>) {
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

export function hydrateIslands(name: string, Component: ComponentType<Record<string, unknown>>) {
  const markers = [...document.querySelectorAll<HTMLElement>(`[data-island="${name}"]`)];
  if (!("IntersectionObserver" in globalThis)) {
    for (const marker of markers) start(marker, Component);
    return;
  }
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      observer.unobserve(entry.target);
      start(entry.target as HTMLElement, Component);
    }
  }, { rootMargin: "200px 0px" });
  for (const marker of markers) observer.observe(marker);
}
