/**
 * The trained model shared by the lesson's islands: MnistTrainer publishes it when a run ends (or
 * a weights file is loaded), DrawDigit reads it. A module-level value with listeners: every
 * island entry imports this module from one shared chunk, so islands hydrated separately on one
 * page see the same value. (Plain code rather than @preact/signals: the islands subscribe in an
 * effect and re-render through their own state, which needs no renderer integration.)
 */
import type { Predictor } from "./train.ts";

type Listener = (model: Predictor | null) => void;

class ModelStore {
  #value: Predictor | null = null;
  #listeners = new Set<Listener>();

  get value(): Predictor | null {
    return this.#value;
  }

  /** Publish a model (the previous one is freed: its tensors are no longer needed). */
  set value(model: Predictor | null) {
    if (model === this.#value) return;
    const old = this.#value;
    this.#value = model;
    for (const listener of this.#listeners) listener(model);
    old?.dispose();
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** The current trained model (null until one is trained or loaded). */
export const trainedModel = new ModelStore();
