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

/**
 * The most elements one tensor may hold: 2^28 (1 GiB of float32), past what a page or a test can
 * allocate anyway. Asking for more is an EngineError naming the op and the shape, not a RangeError
 * from deep inside an allocation.
 */
export const MAX_ELEMENTS = 2 ** 28;

/** Checks a shape an op is asked to make (sizes: integers ≥ 0, at most MAX_ELEMENTS in all). */
export function checkShape(op: string, shape: readonly number[]): number {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new EngineError(
      `${op}: shape ${
        Array.isArray(shape) ? fmtShape(shape) : String(shape)
      } must be a list of whole sizes ≥ 0`,
    );
  }
  const n = shape.reduce((k, d) => k * d, 1);
  if (n > MAX_ELEMENTS) {
    throw new EngineError(
      `${op}: shape ${fmtShape(shape)} has ${n.toPrecision(3)} elements; one tensor may have at ` +
        `most ${MAX_ELEMENTS} (2^28)`,
    );
  }
  return n;
}

/** `[2,3]`: how shapes are written in every message. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/**
 * Checks a setting (a hyper-parameter, an init's std): a finite number for which `ok` holds, else
 * an EngineError naming the op, the setting and its value (`lr: NaN` or `p = 1.2` would train to
 * garbage silently).
 */
export function checkNumber(
  op: string,
  name: string,
  value: unknown,
  ok: (v: number) => boolean,
  expected: string,
): void {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new EngineError(`${op}: ${name} must be ${expected}, got ${String(value)}`);
  }
}
