/**
 * What lesson 6's figures share, as stores (components/lib/store.ts, the one way islands share
 * state): ConvByHand's digit and kernel, which ConvPool pools and shifts and the exercise
 * "conv-horizontal" checks on hidden digits.
 */
import { createStore } from "../lib/store.ts";

export interface ConvByHandState {
  /** The validation digit shown (its index in the shipped validation split). */
  digit: number;
  /** The 3×3 kernel, row by row, each weight within ±KERNEL_MAX (math.ts). */
  kernel: number[];
}

/** ConvByHand's digit and kernel, set on every change; null until it hydrates. */
export const convByHandState = createStore<ConvByHandState | null>(null);

/** The id of ConvByHand's figure, which a request's link scrolls to. */
export const BY_HAND_ID = "conv-by-hand-figure";

/**
 * A filter another figure asks ConvByHand to slide over a digit (ConvOverview's "slide this
 * filter by hand"): each request is a new object; ConvByHand clamps the kernel like typed input.
 */
export const convKernelRequest = createStore<ConvByHandState | null>(null);
