/**
 * A trained MNIST model as the page uses it: the class probabilities of one drawn digit, the
 * scores on a set, the weights file. One model definition and one weights format for the page and
 * the command line: the models are `buildModel` of mnist/models.ts, the weights files its
 * `saveWeightsAsync` / `loadWeights`; the training itself is mnist/train.ts's `MnistRun`, shared
 * with `deno task mnist train`. Islands load this module with a dynamic `import()` (in the
 * runtime's worker), so the engine and tfjs stay out of their first bundle.
 */
import * as defaultEngine from "../../engine/mod.ts";
import type { nn } from "../../engine/mod.ts";
import { MNIST_NORMALIZATION, type Normalization } from "../../mnist/dataset.ts";
import {
  inputShape,
  loadWeights as loadWeightsFile,
  saveWeightsAsync,
} from "../../mnist/models.ts";
import { disposeSet, evaluateSet, type Evaluation, uploadSet } from "../../mnist/train.ts";
import type { ModelSpec } from "./settings.ts";
import { specName } from "./settings.ts";
import type { Digits } from "../../mnist/dataset.ts";

/** A model that classifies 28 × 28 images with pixels in [0, 1]. */
export interface Predictor {
  spec: ModelSpec;
  /** The model itself (read by the views inside it: components/mnist/inside.ts). */
  model: nn.Module;
  name: string;
  /** Class probabilities (10) for one image of 784 values in [0, 1], read without blocking. */
  predict(pixels: Float32Array): Promise<Float32Array>;
  /** Loss, accuracy and predictions on a set of digits (the validation digits). */
  evaluate(digits: Digits): Promise<Evaluation>;
  /** The weights file (JSON text), the same format `deno task mnist` writes and reads. */
  toJson(): Promise<string>;
  dispose(): void;
}

type Engine = typeof defaultEngine;

/**
 * Puts an engine model behind the `Predictor` interface (normalizing as it was trained). A
 * trainer passes the engine it was given; the tests may leave it out.
 */
export function predictorOf(
  model: nn.Module,
  spec: ModelSpec,
  norm: Normalization = MNIST_NORMALIZATION,
  e: Engine = defaultEngine,
): Predictor {
  const { F, noGrad, tensor } = e;
  return {
    spec,
    model,
    name: specName(spec),
    async predict(pixels) {
      const x = pixels.map((v) => (v - norm.mean) / norm.std);
      const input = tensor(x, [1, ...inputShape(spec)]);
      const p = noGrad(() => F.softmax(model.forward(input), 1));
      try {
        return Float32Array.from(await p.values());
      } finally {
        input.dispose();
        p.dispose();
      }
    },
    async evaluate(digits) {
      const set = uploadSet(digits, spec, norm, undefined, e);
      try {
        return await evaluateSet(model, set, "crossEntropy", e);
      } finally {
        disposeSet(set);
      }
    },
    toJson: async () => JSON.stringify(await saveWeightsAsync(model, spec)),
    dispose: () => model.dispose(),
  };
}

/**
 * Rebuilds a model from a weights file's text (written by the page or by `deno task mnist
 * train`); a bad file is a `WeightsError` saying why.
 */
export function loadWeights(text: string, e: Engine = defaultEngine): Predictor {
  const { model, spec } = loadWeightsFile(text, undefined, e);
  return predictorOf(model, spec, MNIST_NORMALIZATION, e);
}
