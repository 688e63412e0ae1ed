/**
 * `useIntent(ref)`: false until the reader comes to the element — a pointer over it, a touch,
 * focus inside it, or half of it on screen (half the screen, for one taller than that) — then
 * true for good. For a figure that needs a large download to show anything (lesson 4's digits):
 * it fetches when the reader reaches it, not because the page loaded with its top edge at the
 * bottom of the screen.
 */
import type { RefObject } from "preact";
import { useEffect, useState } from "preact/hooks";

const EVENTS = ["pointerenter", "pointerdown", "focusin"];

export function useIntent(ref: RefObject<Element | null>, share = 0.5): boolean {
  const [come, setCome] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || come) return;
    const yes = () => setCome(true);
    if (!("IntersectionObserver" in globalThis)) return yes();
    for (const name of EVENTS) el.addEventListener(name, yes);
    const observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        const screen = e.rootBounds?.height ?? innerHeight;
        if (e.intersectionRatio >= share || e.intersectionRect.height >= screen * share) yes();
      }
    }, { threshold: [0, 0.25, 0.5, 0.75, 1] });
    observer.observe(el);
    return () => {
      for (const name of EVENTS) el.removeEventListener(name, yes);
      observer.disconnect();
    };
  }, [come]);
  return come;
}
