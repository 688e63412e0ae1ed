/**
 * The Playground's input features (TensorFlow Playground's seven): what the network is given of
 * each point (x₁, x₂). With x₁² and x₂², circles are separable by a line: no hidden layer needed.
 */
export const FEATURES = ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin1", "sin2"] as const;
export type Feature = typeof FEATURES[number];

/** How each feature is written (the same in every language). */
export const FEATURE_LABELS: Record<Feature, string> = {
  x1: "x₁",
  x2: "x₂",
  x1sq: "x₁²",
  x2sq: "x₂²",
  x1x2: "x₁x₂",
  sin1: "sin x₁",
  sin2: "sin x₂",
};

const FN: Record<Feature, (a: number, b: number) => number> = {
  x1: (a) => a,
  x2: (_a, b) => b,
  x1sq: (a) => a * a,
  x2sq: (_a, b) => b * b,
  x1x2: (a, b) => a * b,
  sin1: (a) => Math.sin(a),
  sin2: (_a, b) => Math.sin(b),
};

/** The features in FEATURES' order, known ones only, each once; x₁, x₂ when none is left. */
export function featureList(names: readonly string[]): Feature[] {
  const list = FEATURES.filter((f) => names.includes(f));
  return list.length ? list : ["x1", "x2"];
}

/** Points (x[2i], x[2i + 1]) → rows of the features, [N, features.length] row by row. */
export function featureRows(x: Float32Array, features: readonly Feature[]): Float32Array {
  const n = x.length >> 1, k = features.length, out = new Float32Array(n * k);
  const fns = features.map((f) => FN[f]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) out[i * k + j] = fns[j](x[2 * i], x[2 * i + 1]);
  }
  return out;
}
