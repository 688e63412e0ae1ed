/**
 * A budget of live tensor memory (off unless set): the notebook's workspace sets one, so a cell
 * that keeps allocating gets a clear error instead of the tab being killed. Checked when a tensor
 * is made (one read of a counter tfjs keeps): the tensor that goes over is freed at once and the
 * op throws, so at worst the budget plus that one tensor is ever held.
 */
import * as tf from "@tensorflow/tfjs-core";
import { EngineError } from "./errors.ts";

let budget: number | null = null;

/** Limits the bytes held by live tensors to `bytes` (null: no limit). */
export function setMemoryBudget(bytes: number | null): void {
  if (bytes !== null && !(Number.isFinite(bytes) && bytes > 0)) {
    throw new EngineError(`memory budget: ${bytes} is not a number of bytes > 0`);
  }
  budget = bytes;
}

/** The budget in force (null: none). */
export function memoryBudget(): number | null {
  return budget;
}

/** Bytes held by live tensors now. */
export function liveBytes(): number {
  return tf.engine().state.numBytes;
}

const fmtBytes = (n: number) =>
  n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GB` : `${(n / 2 ** 20).toFixed(1)} MB`;

/** Frees `made` and throws when live tensors hold more than the budget. */
export function checkMemoryBudget(made: tf.Tensor): void {
  if (budget === null) return;
  const used = tf.engine().state.numBytes;
  if (used <= budget) return;
  made.dispose();
  throw new EngineError(
    `out of memory budget: this ${fmtBytes(used - tf.engine().state.numBytes)} tensor would ` +
      `bring live tensors to ${fmtBytes(used)}, over the budget of ${fmtBytes(budget)}. Free ` +
      `tensors you no longer need (t.dispose()), compute what needs no gradient inside ` +
      `noGrad(() => ...), or press Restart to start from an empty workspace.`,
  );
}
