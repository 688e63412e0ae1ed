/**
 * The trained model shared by the lesson's islands: MnistTrainer publishes it when a run ends (or
 * a weights file is loaded), DrawDigit and the results read it. A module-level signal, so islands
 * hydrated separately on one page see the same value.
 */
import { signal } from "@preact/signals";
import type { Predictor } from "./train.ts";

/** The current trained model (null until one is trained or loaded). */
export const trainedModel = signal<Predictor | null>(null);
