/**
 * The one error type the engine throws on purpose. Its message says what went wrong (naming the op
 * and the shapes) and what to do about it, so a page can show it to the learner as it is.
 */
export class EngineError extends Error {
  override name = "EngineError";
}

/** A loss that is NaN or ±Infinity: training has diverged. `value` is the bad number. */
export class NonFiniteLossError extends EngineError {
  override name = "NonFiniteLossError";
  constructor(readonly value: number, where = "backward()") {
    super(
      `${where}: the loss is ${Number.isNaN(value) ? "NaN" : String(value)}, so training has ` +
        `diverged. Lower the learning rate (or check the inputs for NaN), rebuild the model ` +
        `and train again.`,
    );
  }
}

/** `[2,3]`: how shapes are written in every message. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}
