/**
 * The weights file: a model's architecture and its named float32 tensors, as JSON. The page and
 * the command line write and read the same format (documented in README.md, "Weights file"):
 *
 * ```json
 * { "format": "nn-lessons-weights", "version": 1,
 *   "model": { "kind": "mlp", "hidden": [128] },
 *   "tensors": [{ "name": "0.weight", "shape": [784, 128], "dtype": "float32",
 *                 "data": "<base64 of the little-endian float32 values, row-major>" }] }
 * ```
 *
 * This file is engine-free: it turns `{ name, shape, data }` records into that JSON and back.
 * `models.ts` binds them to an engine module (`saveWeights`, `loadWeights`).
 */

/** The `format` field of every weights file. */
export const WEIGHTS_FORMAT = "nn-lessons-weights";
/** The version this code writes and reads. */
export const WEIGHTS_VERSION = 1;

/** A named tensor's values in row-major order. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** One tensor as stored in the file. */
export interface WeightsFileTensor {
  name: string;
  shape: number[];
  dtype: "float32";
  /** Base64 of the values as little-endian float32, row-major. */
  data: string;
}

/** The whole file (after `JSON.parse`). `model` is the architecture, as `buildModel` takes it. */
export interface WeightsFile<Model = unknown> {
  format: typeof WEIGHTS_FORMAT;
  version: typeof WEIGHTS_VERSION;
  model: Model;
  tensors: WeightsFileTensor[];
}

/** A weights file that cannot be read, or that does not fit the model; the message says why. */
export class WeightsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WeightsError";
  }
}

/**
 * The largest weights file read: 32 MiB of JSON, room for the largest model `spec.ts` allows
 * (`MAX_PARAMETERS`, 5,000,000 float32 values, are 26.7 MB of base64). Anything bigger is
 * refused before it is parsed (a 200 MB file once ran the command line out of memory).
 */
export const MAX_WEIGHTS_BYTES = 32 * 1024 * 1024;

/** Throws a {@link WeightsError} when a file of `bytes` bytes is over {@link MAX_WEIGHTS_BYTES}. */
export function checkWeightsSize(bytes: number): void {
  if (bytes > MAX_WEIGHTS_BYTES) {
    throw new WeightsError(
      `weights file is ${(bytes / 2 ** 20).toFixed(1)} MiB; the limit is ${
        MAX_WEIGHTS_BYTES / 2 ** 20
      } MiB`,
    );
  }
}

/** True where typed arrays store numbers little-endian (every current browser and CPU). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Base64 of float32 values, little-endian whatever the platform's byte order. */
export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  // btoa takes a binary string; build it in chunks so huge tensors do not overflow the call stack.
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** The base64 alphabet, padded or not (what btoa writes). */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** How many bytes a base64 string decodes to (padded or not), without decoding it. */
export function base64ByteLength(text: string): number {
  const pad = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  return Math.floor(((text.length - pad) * 3) / 4);
}

/** The float32 values of a base64 string written by {@link float32ToBase64}. */
export function base64ToFloat32(text: string, what = "data"): Float32Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new WeightsError(`${what}: not valid base64`);
  }
  if (binary.length % 4 !== 0) {
    throw new WeightsError(`${what}: ${binary.length} bytes is not a whole number of float32s`);
  }
  // Plain loops, no callback per value: a few million values decode in milliseconds.
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer);
  const view = new DataView(bytes.buffer);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const showShape = (shape: readonly number[]) => `[${shape.join(", ")}]`;

/** The JSON object of a weights file for `model` and its tensors (`JSON.stringify` it to save). */
export function encodeWeights<Model>(model: Model, tensors: NamedTensor[]): WeightsFile<Model> {
  return {
    format: WEIGHTS_FORMAT,
    version: WEIGHTS_VERSION,
    model,
    tensors: tensors.map(({ name, shape, data }) => {
      if (data.length !== sizeOf(shape)) {
        throw new WeightsError(
          `tensor "${name}": shape ${showShape(shape)} needs ${
            sizeOf(shape)
          } values, got ${data.length}`,
        );
      }
      return { name, shape: [...shape], dtype: "float32", data: float32ToBase64(data) };
    }),
  };
}

/**
 * Reads a weights file (its JSON text or the parsed object) into the model description and the
 * tensors, checking the size (text over {@link MAX_WEIGHTS_BYTES} is not parsed), the format, the
 * version and that each tensor's data matches its shape (before the data is decoded).
 */
export function decodeWeights(json: string | unknown): { model: unknown; tensors: NamedTensor[] } {
  let file: unknown = json;
  if (typeof json === "string") {
    // A JSON weights file is ASCII: one character is one byte.
    checkWeightsSize(json.length);
    try {
      file = JSON.parse(json);
    } catch (cause) {
      throw new WeightsError(`not a weights file: invalid JSON (${(cause as Error).message})`);
    }
  }
  const f = file as Partial<WeightsFile>;
  if (typeof f !== "object" || f === null || f.format !== WEIGHTS_FORMAT) {
    throw new WeightsError(
      `not a weights file: expected "format": "${WEIGHTS_FORMAT}", found ${
        JSON.stringify((f as { format?: unknown } | null)?.format)
      }`,
    );
  }
  if (f.version !== WEIGHTS_VERSION) {
    throw new WeightsError(
      `unsupported weights file version ${
        JSON.stringify(f.version)
      }: this code reads version ${WEIGHTS_VERSION}`,
    );
  }
  if (!Array.isArray(f.tensors)) throw new WeightsError(`weights file: "tensors" is not an array`);
  const seen = new Set<string>();
  const tensors = f.tensors.map((t, k): NamedTensor => {
    const what = `tensor ${k} ("${t?.name}")`;
    if (typeof t?.name !== "string") throw new WeightsError(`tensor ${k}: "name" is not a string`);
    if (seen.has(t.name)) throw new WeightsError(`${what}: name appears twice`);
    seen.add(t.name);
    if (!Array.isArray(t.shape) || !t.shape.every((n) => Number.isInteger(n) && n >= 0)) {
      throw new WeightsError(
        `${what}: "shape" must be an array of sizes, found ${JSON.stringify(t.shape)}`,
      );
    }
    if (t.dtype !== "float32") {
      throw new WeightsError(`${what}: dtype must be "float32", found ${JSON.stringify(t.dtype)}`);
    }
    if (typeof t.data !== "string") {
      throw new WeightsError(`${what}: "data" is not a base64 string`);
    }
    if (!BASE64.test(t.data)) throw new WeightsError(`${what}: not valid base64`);
    // Compare the lengths first: a shape of [1e9] or a huge data string is refused undecoded.
    const bytes = base64ByteLength(t.data);
    if (bytes !== 4 * sizeOf(t.shape)) {
      throw new WeightsError(
        `${what}: shape ${showShape(t.shape)} needs ${sizeOf(t.shape)} values, data holds ${
          bytes % 4 === 0 ? bytes / 4 : `${bytes} bytes (not a whole number of float32s)`
        }`,
      );
    }
    return { name: t.name, shape: t.shape, data: base64ToFloat32(t.data, what) };
  });
  return { model: f.model, tensors };
}

/**
 * Checks that `found` has exactly the tensors `expected` names, with the same shapes; the error
 * names the tensor and both shapes. Returns `found` keyed by name.
 */
export function matchTensors(
  expected: ReadonlyArray<{ name: string; shape: readonly number[] }>,
  found: readonly NamedTensor[],
): Map<string, NamedTensor> {
  const byName = new Map(found.map((t) => [t.name, t]));
  for (const { name, shape } of expected) {
    const t = byName.get(name);
    if (!t) {
      throw new WeightsError(
        `weights file has no tensor "${name}" (the model needs shape ${showShape(shape)}); ` +
          `it has: ${found.map((t) => t.name).join(", ") || "none"}`,
      );
    }
    if (t.shape.length !== shape.length || t.shape.some((n, i) => n !== shape[i])) {
      throw new WeightsError(
        `tensor "${name}": the model has shape ${showShape(shape)}, the weights file ${
          showShape(t.shape)
        }`,
      );
    }
  }
  const names = new Set(expected.map((e) => e.name));
  const extra = found.filter((t) => !names.has(t.name)).map((t) => `"${t.name}"`);
  if (extra.length) {
    throw new WeightsError(`weights file has tensors the model does not: ${extra.join(", ")}`);
  }
  return byName;
}
