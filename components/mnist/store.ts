/**
 * The trained model shared by the lesson's islands, as plain data: its name and its weights file
 * (JSON text, the format of `deno task mnist`), exported by the trainer that made it in its
 * worker. MnistTrainer publishes it when a run ends or a weights file is loaded, DrawDigit when
 * its quick model is trained; DrawDigit's own trainer loads it (`call("load", weights)`) to
 * predict in its worker, MnistTrainer saves it. A module-level value with listeners: every
 * island entry imports this module from one shared chunk, so islands hydrated separately on one
 * page see the same value. No engine, no tfjs.
 */

export interface PublishedModel {
  /** "MLP 784-128-10", "CNN 3×3 16-32-256". */
  name: string;
  /** The weights file's text. */
  weights: string;
}

type Listener = (model: PublishedModel | null) => void;

class ModelStore {
  #value: PublishedModel | null = null;
  #listeners = new Set<Listener>();

  get value(): PublishedModel | null {
    return this.#value;
  }

  set value(model: PublishedModel | null) {
    if (model === this.#value) return;
    this.#value = model;
    for (const listener of this.#listeners) listener(model);
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** The current trained model (null until one is trained or loaded). */
export const trainedModel = new ModelStore();
