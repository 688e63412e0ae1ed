/**
 * The lesson's models and settings as plain data (no engine, so islands can render them on the
 * server): the architecture description a weights file carries, parameter counts, the choices
 * the trainer offers.
 */

/** An architecture, as a weights file's `model` field holds it. */
export type ModelSpec = { kind: "mlp"; hidden: number[] } | { kind: "cnn" };

/** The lesson's CNN: conv 1→8 3×3, ReLU, pool 2, conv 8→16 3×3, ReLU, pool 2, linear 400→10. */
export const CNN_LAYERS = [
  { kind: "conv", in: 1, out: 8, k: 3 },
  { kind: "conv", in: 8, out: 16, k: 3 },
  { kind: "linear", in: 400, out: 10 },
] as const;

/** Parameters of each layer with weights: `[label, count]`. */
export function layerCounts(spec: ModelSpec): [string, number][] {
  if (spec.kind === "cnn") {
    return CNN_LAYERS.map((l) =>
      l.kind === "conv"
        ? [`conv ${l.in}→${l.out} ${l.k}×${l.k}`, l.out * (l.k * l.k * l.in + 1)]
        : [`linear ${l.in}→${l.out}`, l.out * (l.in + 1)]
    );
  }
  const sizes = [784, ...spec.hidden, 10];
  return sizes.slice(1).map((n, i) => [`linear ${sizes[i]}→${n}`, n * (sizes[i] + 1)]);
}

/** Total parameters: 101,770 for the MLP 784-128-10, 5,258 for the CNN. */
export function paramCount(spec: ModelSpec): number {
  return layerCounts(spec).reduce((s, [, n]) => s + n, 0);
}

/** "MLP 784-128-10" / "CNN". */
export function specName(spec: ModelSpec): string {
  return spec.kind === "cnn" ? "CNN" : `MLP ${[784, ...spec.hidden, 10].join("-")}`;
}

/** Hidden layer choices the trainer offers for the MLP. */
export const HIDDEN_CHOICES: number[][] = [[32], [64], [128], [256], [128, 64], [256, 128]];
export const BATCH_CHOICES = [16, 32, 64, 128, 256];
export const LR_CHOICES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];

export type LossName = "crossEntropy" | "mse";
export type OptimizerName = "adam" | "sgd";

/** Everything a training run depends on. */
export interface TrainSettings {
  spec: ModelSpec;
  loss: LossName;
  optimizer: OptimizerName;
  epochs: number;
  batchSize: number;
  lr: number;
  /** Seed for the initial weights and the shuffles. */
  seed: number;
}

/** The lesson's defaults: MLP 784-128-10, cross-entropy, Adam 1e-3, batch 64, 5 epochs. */
export const DEFAULT_SETTINGS: TrainSettings = {
  spec: { kind: "mlp", hidden: [128] },
  loss: "crossEntropy",
  optimizer: "adam",
  epochs: 5,
  batchSize: 64,
  lr: 0.001,
  seed: 1,
};
