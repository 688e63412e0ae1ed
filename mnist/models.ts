/**
 * The MNIST lesson's models, built from the engine's `nn` modules, their default training
 * settings, and saving / loading their weights in the format of `weights.ts`.
 *
 * The MLP takes flat images [B, 784]; the CNN takes [B, 28, 28, 1] (NHWC, the engine's Conv2d
 * layout): {@link inputShape}. Parameter names are the layers' indices in the `Sequential`
 * ("0.weight", "0.bias", "2.weight", …), the same as the page's trainer
 * (mnist/train.ts's `MnistRun`) gives them, so weights files move between the two.
 */
import * as defaultEngine from "../engine/mod.ts";
import type { Generator, nn } from "../engine/mod.ts";
import {
  decodeWeights,
  encodeWeights,
  matchTensors,
  WeightsError,
  type WeightsFile,
} from "./weights.ts";
import {
  cnnFlatSize,
  type FullModelSpec,
  fullSpec,
  type ModelSpec,
  parameterShapes,
  storedSpec,
} from "./spec.ts";

export * from "./spec.ts";

/**
 * Builds the model a spec describes, its weights drawn from `generator` (PyTorch's init), with
 * `engine`'s modules (a trainer passes the one it was given; default: the engine imported here).
 */
export function buildModel(
  spec: ModelSpec,
  generator?: Generator,
  engine: typeof defaultEngine = defaultEngine,
): nn.Sequential {
  const { nn } = engine;
  generator ??= new engine.Generator(1);
  const s = fullSpec(spec);
  const opts = { generator };
  const layers: nn.Module[] = [];
  if (s.kind === "mlp") {
    const sizes = [28 * 28, ...s.hidden, 10];
    sizes.slice(1).forEach((n, i) => {
      if (i > 0) layers.push(new nn.ReLU());
      layers.push(new nn.Linear(sizes[i], n, opts));
    });
  } else {
    const [c1, c2] = s.channels;
    const flat = cnnFlatSize(s) * c2;
    layers.push(
      new nn.Conv2d(1, c1, s.kernel, opts),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(c1, c2, s.kernel, opts),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Flatten(),
    );
    if (s.hidden > 0) layers.push(new nn.Linear(flat, s.hidden, opts), new nn.ReLU());
    layers.push(new nn.Linear(s.hidden > 0 ? s.hidden : flat, 10, opts));
  }
  return new nn.Sequential(...layers);
}

/** Number of trainable values of a model. */
export function parameterCount(model: nn.Module): number {
  return model.parameters().reduce((n, p) => n + p.size, 0);
}

/** The weights file of a model (its values copied out now) — `JSON.stringify` it to save. */
export function saveWeights(model: nn.Module, spec: ModelSpec): WeightsFile<ModelSpec> {
  return weightsFile(spec, model.stateDict());
}

/** `saveWeights` without blocking: a page's model on a GPU backend is read asynchronously. */
export async function saveWeightsAsync(
  model: nn.Module,
  spec: ModelSpec,
): Promise<WeightsFile<ModelSpec>> {
  return weightsFile(spec, await model.stateDictAsync());
}

function weightsFile(
  spec: ModelSpec,
  state: Record<string, { shape: number[]; values: Float32Array }>,
): WeightsFile<ModelSpec> {
  return encodeWeights(
    storedSpec(spec),
    Object.entries(state).map(([name, p]) => ({ name, shape: [...p.shape], data: p.values })),
  );
}

/**
 * Loads a weights file (JSON text or parsed) into `model`, or, without one, into a new model
 * built from the file's own spec. Everything is checked before a model is built: the file's size
 * and format (`decodeWeights`), the spec against the caps of spec.ts, the file's tensors against
 * the shapes the spec implies, and that every value is finite. Each failure is one
 * {@link WeightsError} line (naming the tensor and both shapes when the file does not fit).
 */
export function loadWeights(
  json: string | unknown,
  model?: nn.Module,
  engine: typeof defaultEngine = defaultEngine,
): { model: nn.Module; spec: FullModelSpec } {
  const file = decodeWeights(json);
  let spec: FullModelSpec;
  try {
    spec = fullSpec(file.model as ModelSpec);
  } catch (e) {
    throw new WeightsError(`weights file: bad "model": ${(e as Error).message}`);
  }
  const expected = model
    ? model.namedParameters().map(([name, p]) => ({ name, shape: p.shape }))
    : parameterShapes(spec);
  const byName = matchTensors(expected, file.tensors);
  for (const t of file.tensors) {
    let bad = 0;
    for (let i = 0; i < t.data.length; i++) if (!Number.isFinite(t.data[i])) bad++;
    if (bad > 0) {
      throw new WeightsError(
        `the file holds non-finite values: tensor "${t.name}" has ${bad} NaN or infinite ` +
          `of its ${t.data.length} values`,
      );
    }
  }
  const target = model ?? buildModel(spec, undefined, engine);
  const params = target.namedParameters();
  matchTensors(params.map(([name, p]) => ({ name, shape: p.shape })), file.tensors);
  target.loadStateDict(Object.fromEntries(params.map(([name]) => {
    const t = byName.get(name)!;
    return [name, { shape: t.shape, values: t.data }];
  })));
  return { model: target, spec };
}
