/**
 * The trained model shared by the lesson's islands, as plain data: its name and its weights file
 * (JSON text, the format of `deno task mnist`), exported by the trainer that made it in its
 * worker. MnistTrainer publishes it when a run ends or a weights file is loaded, DrawDigit when
 * its quick model is trained; DrawDigit's own trainer loads it (`call("load", weights)`) to
 * predict in its worker, MnistTrainer saves it. Islands read it through `usePublishedModel`.
 * Stores of components/lib/store.ts (the one way islands share state). No engine, no tfjs.
 */
import { createStore } from "../lib/store.ts";

export interface PublishedModel {
  /** "MLP 784-128-10", "CNN 3×3 16-32-256". */
  name: string;
  /** The weights file's text. */
  weights: string;
  /**
   * The epochs trained so far when the model is still training (MnistTrainer publishes its
   * weights to `trainingModel` at its evaluations); absent for a finished or loaded model.
   */
  training?: number;
}

/** The current trained model (null until one is trained or loaded). */
export const trainedModel = createStore<PublishedModel | null>(null);

/**
 * The weights of the run MnistTrainer is training, published at its evaluations (at most every
 * {@link LIVE_MS}) while it trains, so the views inside the network follow the training; null
 * again when the run ends (its final weights go to `trainedModel`). DrawDigit and MyDigits take
 * finished models only.
 */
export const trainingModel = createStore<PublishedModel | null>(null);

/** The shortest time between two `trainingModel` updates (each costs the views a few calls). */
export const LIVE_MS = 2500;

/**
 * The digit DrawDigit shows now, as the network sees it before normalization (784 pixels in
 * [0, 1], after MNIST's preprocessing), or null for an empty pad. InsideMlp and InsideCnn can
 * take their digit from it.
 */
export const drawnDigit = createStore<Float32Array | null>(null);

/** What MnistTrainer shows that its exercise checks ("mnist-small", components/exercises/). */
export interface MnistTrainerState {
  /** The last validation accuracy (a fraction), or null before the first evaluation. */
  valAccuracy: number | null;
  /** The parameters of the network its settings describe. */
  params: number;
}

/** MnistTrainer's checkable state, published on every change; null until it hydrates. */
export const mnistTrainerState = createStore<MnistTrainerState | null>(null);
