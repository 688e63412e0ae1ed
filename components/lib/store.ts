/**
 * The one way islands share state: a typed value with listeners, made by `createStore` in a
 * module that every island concerned imports (`components/<lesson>/store.ts`), read in a
 * component with `useStore`. It works across islands because the site bundles every island in
 * one code-splitting build (builder/plugins/islands.ts): a module two island entries import goes
 * to a shared chunk, so the page holds one instance of it. Islands never read each other's DOM
 * (their `data-*` attributes are test hooks) nor send each other DOM events.
 */
import { useEffect, useState } from "preact/hooks";

export interface Store<T> {
  /** The value now; setting a different value (`!==`) tells every listener. */
  value: T;
  /** The value the store was made with (what the server rendered with). */
  readonly initial: T;
  /** Whether anyone listens (a value nobody follows need not be made). */
  readonly followed: boolean;
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (value: T) => void): () => void;
}

class ValueStore<T> implements Store<T> {
  #value: T;
  #listeners = new Set<(value: T) => void>();
  readonly initial: T;

  constructor(initial: T) {
    this.initial = initial;
    this.#value = initial;
  }

  get value(): T {
    return this.#value;
  }

  set value(next: T) {
    if (next === this.#value) return;
    this.#value = next;
    for (const listener of [...this.#listeners]) listener(next);
  }

  get followed(): boolean {
    return this.#listeners.size > 0;
  }

  subscribe(listener: (value: T) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}

/** A store holding `initial` until something sets it. */
export function createStore<T>(initial: T): Store<T> {
  return new ValueStore(initial);
}

/**
 * The store's value in a component, re-rendering on every change. The first render gives the
 * store's `initial` value even when it was set before the island hydrated: hydration must render
 * exactly what the server did (Preact does not patch attributes while hydrating). The effect
 * then takes the current value and follows later changes.
 */
export function useStore<T>(store: Store<T>): T {
  const [value, setValue] = useState(store.initial);
  useEffect(() => {
    setValue(() => store.value);
    return store.subscribe((v) => setValue(() => v));
  }, [store]);
  return value;
}
