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

/**
 * The validation digit ConvOverview shows first: an 8 the network reads right from early on.
 * Chosen by running (tests/components/conv_trainer.test.ts asserts it): the first validation
 * digit to which the island's network (8 filters, seed 1) gives its label a probability of 0.99
 * or more after 150, 250 and 400 steps on the CPU backend. Digit 0, a 9, is read as a 3 at all
 * three.
 */
export const OVERVIEW_DIGIT = 3;
