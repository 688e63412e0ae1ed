/**
 * Lesson 7's "same optimizers on MNIST" (claims/experiments.ts "training.optmnist"; the island
 * OptimizersMnist only draws the claims): lesson 4's MLP (784-128-10, `curvesModel`) trained on
 * the shipped training digits for a fixed number of steps by SGD, SGD with momentum, RMSprop and
 * Adam. For one seed every optimizer starts from the same weights and sees the same batches
 * (the generator draws the weights, then one permutation per pass over the digits; no optimizer
 * draws from it). Batches and evaluation are lesson 4's (`batchTensors`, `uploadSet`,
 * `evaluateSet`). The training loss is recorded every step and smoothed (`smoothLosses`).
 */
import * as engine from "../../engine/mod.ts";
import type { optim, Tensor } from "../../engine/mod.ts";
import type { Digits } from "../../mnist/dataset.ts";
import { batchTensors, disposeSet, evaluateSet, uploadSet } from "../../mnist/train.ts";
import { curvesModel } from "./curves_run.ts";
import { smoothLosses } from "./sweep_range.ts";
import { OPTMNIST, type OptMnistName, optMnistSteps } from "./optmnist_names.ts";

export * from "./optmnist_names.ts";

const { F, Generator, NonFiniteLossError } = engine;

function makeOptimizer(name: OptMnistName, p: Tensor[]): optim.Optimizer {
  const lr = OPTMNIST.lr[name];
  switch (name) {
    case "sgd":
      return new engine.optim.SGD(p, { lr });
    case "momentum":
      return new engine.optim.SGD(p, { lr, momentum: 0.9 });
    case "rmsprop":
      return new engine.optim.RMSprop(p, { lr });
    case "adam":
      return new engine.optim.Adam(p, { lr });
  }
}

/** One run: the smoothed loss at `optMnistSteps()` and the final validation accuracy (%). */
export async function optMnistRun(
  sets: { train: Digits; val: Digits },
  name: OptMnistName,
  seed: number,
  steps: number = OPTMNIST.steps,
): Promise<{ curve: number[]; val: number }> {
  const generator = new Generator(seed);
  const model = curvesModel(engine, OPTMNIST.hidden, 0, generator);
  const optimizer = makeOptimizer(name, model.parameters());
  const val = uploadSet(sets.val, { kind: "mlp" });
  const losses: number[] = [];
  try {
    let order = generator.permutation(sets.train.count);
    let at = 0;
    for (let s = 0; s < steps; s++) {
      if (at + OPTMNIST.batchSize > order.length) {
        order = generator.permutation(sets.train.count);
        at = 0;
      }
      const { x, y } = batchTensors(sets.train, order.subarray(at, at + OPTMNIST.batchSize), {
        shape: [784],
      });
      at += OPTMNIST.batchSize;
      model.train();
      optimizer.zeroGrad();
      const loss = F.crossEntropy(model.forward(x), y);
      loss.backward({ checkFinite: false });
      optimizer.step();
      const l = loss.item();
      [x, y, loss].forEach((t) => t.dispose());
      if (!Number.isFinite(l)) throw new NonFiniteLossError(l, `${name} step ${s + 1}`);
      losses.push(l);
    }
    const smooth = smoothLosses(losses, OPTMNIST.beta);
    const curve = optMnistSteps().filter((s) => s <= steps).map((s) => smooth[s - 1]);
    const acc = (await evaluateSet(model, val)).accuracy;
    return { curve, val: 100 * acc };
  } finally {
    disposeSet(val);
    optimizer.dispose();
    model.dispose();
  }
}
