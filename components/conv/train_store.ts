/**
 * The small CNN ConvTrainer trains, published for ConvOverview as plain data: its weights (the
 * model's state dict) and the steps it had taken, while it trains (at most every
 * {@link PUBLISH_MS}) and when it pauses. ConvOverview loads them into its own trainer
 * (`call("load", weights)`). A store of components/lib/store.ts; no engine here.
 */
import { createStore } from "../lib/store.ts";
import type { ConvWeights } from "./conv_trainer.ts";

export interface PublishedConv {
  steps: number;
  channels: number;
  weights: ConvWeights;
}

export const trainedConv = createStore<PublishedConv | null>(null);

/** The shortest time between two publications while training (each costs the overview a call). */
export const PUBLISH_MS = 2000;
