/**
 * The course's exercises: what each one checks and how. The words (task, hint, solution) are in
 * `text.ts`; code (starter, solution, experiment) is here, the same in every language but for its
 * comments, which `text.ts` words in each language (`codeComments`, applied by {@link codeIn}). A lesson
 * places one with `<Exercise id="..." />` at the end of the section it practises.
 *
 * Kinds:
 *   figure   the reader works the figure above; `check` reads its state (checkers.ts)
 *   answer   the reader types numbers; checked against values computed from the lesson's logic
 *   code     the reader writes a function; it runs in the lesson's notebook workspace, and a code
 *            checker (code_checkers.ts) calls it on hidden seeded cases in the worker
 *   predict  the reader commits to a prediction, then the experiment runs in the workspace and
 *            leaves its number in `result`; the prediction is compared with it
 */
import type { Choice } from "./checkers.ts";

interface Base {
  id: string;
  /** The lesson's slug. */
  lesson: string;
}

export type ExerciseDef =
  | Base & {
    kind: "figure";
    figure:
      | "LineClassifier"
      | "BumpBuilder"
      | "MnistTrainer"
      | "Playground"
      | "ConvByHand"
      | "InitHistograms"
      | "LearningCurves";
  }
  | Base & {
    kind: "answer";
    answer: "learningRates" | "gradB" | "gradA" | "mlpParams" | "convOutSize" | "rangeLr";
  }
  | Base & { kind: "code"; check: string; starter: string; solution: string }
  | Base & { kind: "predict"; experiment: string; choices?: Choice[]; tol?: number }
  // Lesson 7: a prediction checked against the figure's own run (its store), at a surface's
  // defaults but for `set` (settings the prose gives no numbers for: the answer is not on the
  // page); the choices are the figure's optimizers in order.
  | Base & {
    kind: "predict";
    figure: "OptimizerPaths";
    surface: "valley" | "rosenbrock" | "saddle";
    set: { beta?: number; beta2?: number; lr?: number; lrAdaptive?: number };
  };

/** Lesson 1's LineClassifier in the lesson: 40 points, seed 1; the task allows 3 mistakes. */
export const LINE_TASK = { points: 40, seed: 1, max: 3 };
/** Ten equal bumps cannot get below 0.05 (the lesson's table): the task allows the builder's 20. */
export const BUMPS_TASK = { maxBumps: 20, maxDeviation: 0.03 };
/**
 * 90% with at most 50,000 parameters: 784-32-10 (25,450 parameters) reaches it with the trainer's
 * defaults (its validation accuracy is "exercises.mlp32.val.s1" in claims/claims.json, checked by
 * tests/lessons/exercise_claims.test.ts); 784-64-10 has 50,890: just over the limit.
 */
export const MNIST_TASK = { minAccuracy: 0.9, maxParams: 50_000 };
/**
 * The choices of "mnist-pixels": digits ×255 give a first loss of about 25 to 38 over seeds and
 * batches (tests/lessons/exercise_claims.test.ts), well inside the last choice.
 */
export const PIXELS_CHOICES = [{ min: -Infinity, max: 3 }, { min: 3, max: 15 }, {
  min: 15,
  max: Infinity,
}];
/**
 * Lesson 1's "playground-features": circles, no hidden layer, test accuracy at least 90%. With
 * x₁², x₂² the Playground's defaults get there (tests/components/function_trainers.test.ts); with
 * x₁, x₂ alone no line can.
 */
export const PLAYGROUND_TASK = { dataset: "circles", minAccuracy: 0.9 };
/** The hidden layer whose parameters the reader counts (784-64-10). */
export const PARAMS_TASK = [64];
/** Lesson 6: the convolution whose output side the reader works out (⌊(28 + 2 − 5)/2⌋ + 1). */
export const CONV_SHAPE_TASK = { n: 28, k: 5, p: 1, s: 2 };
/**
 * Lesson 6: the kernel must answer horizontal strokes at least `minRatio` times as strongly as
 * vertical ones on `digits` hidden test digits (every `every`-th of the shipped test split; the
 * figure shows validation digits). The horizontal-edge kernel scores about 5, the classic
 * others at most about 1.05 (tests/components/conv.test.ts).
 */
export const HORIZONTAL_TASK = { digits: 30, every: 33, minRatio: 2 };
/** Tolerance of a typed derivative. */
export const GRAD_TOL = 0.01;

const FIT_LINE_STARTER = `// Gradient descent by hand, no optim: return the a and b of y ≈ a·x + b.
function fitLine(x: Tensor, y: Tensor) {
  let a = 0, b = 0;
  // ... steps: a ← a − η ∂L/∂a, b ← b − η ∂L/∂b, with L = F.mseLoss(x·a + b, y)
  return { a, b };
}
print(fitLine(tensor([0, 1, 2], [3, 1]), tensor([1, 3, 5], [3, 1]))); // a = 2, b = 1
`;

const FIT_LINE_SOLUTION = `function fitLine(x: Tensor, y: Tensor) {
  let a = 0, b = 0;
  const lr = 0.2; // below 2/λmax ≈ 0.42 on the example; 0.5 runs away there
  for (let step = 0; step < 150; step++) {
    const at = tensor([a], [1], { requiresGrad: true });
    const bt = tensor([b], [1], { requiresGrad: true });
    const loss = F.mseLoss(x.mul(at).add(bt), y);
    loss.backward();
    a -= lr * at.grad.item();
    b -= lr * bt.grad.item();
  }
  return { a, b };
}
`;

const XOR_EXPERIMENT = `// A line trained on the "xor" points: the share it gets right.
const result = (() => {
  const { x, y } = dataset("xor", { n: 200, seed: 2 });
  const x1 = noGrad(() => x.matmul(tensor([[1], [0]])));
  const x2 = noGrad(() => x.matmul(tensor([[0], [1]])));
  const a = tensor([0.5], [1], { requiresGrad: true });
  const b = tensor([0], [1], { requiresGrad: true });
  const opt = new optim.SGD([a, b], { lr: 0.1 });
  for (let step = 0; step < 300; step++) {
    const loss = F.binaryCrossEntropyWithLogits(x2.sub(x1.mul(a).add(b)), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  }
  const d = noGrad(() => x2.sub(x1.mul(a).add(b))).dataSync(), labels = y.dataSync();
  let right = 0;
  for (let i = 0; i < d.length; i++) if ((d[i] > 0 ? 1 : 0) === labels[i]) right++;
  print(\`right: \${right} of \${d.length}\`);
  return right / d.length;
})();
`;

const BUMP_STARTER =
  `// bump(x, h, left, right): about h on (left, right), about 0 elsewhere, from two neurons.
function bump(x: Tensor, h: number, left: number, right: number): Tensor {
  const w = 10; // steepness
  const up = x.sub(left).mul(w).sigmoid();
  return up.mul(h); // a step up only: add the second neuron
}
plot(linspace(0, 1, 101), bump(tensor(linspace(0, 1, 101), [101, 1]), 0.6, 0.4, 0.6));
`;

const BUMP_SOLUTION = `function bump(x: Tensor, h: number, left: number, right: number): Tensor {
  const w = 1000; // steep enough to be a step 0.03 away from each edge
  const up = x.sub(left).mul(w).sigmoid();
  const down = x.sub(right).mul(w).sigmoid();
  return up.sub(down).mul(h);
}
`;

const DOUBLE_EXPERIMENT =
  `// Nielsen's f with 10, then 20 bumps (each at f's average over its slice): mean |f − g|.
const result = (() => {
  const deviation = (n: number) => {
    const heights = Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let k = 0; k < 64; k++) s += nielsen((i + (k + 0.5) / 64) / n);
      return s / 64;
    });
    let sum = 0;
    for (let j = 0; j < 1000; j++) {
      const x = (j + 0.5) / 1000;
      sum += Math.abs(nielsen(x) - heights[Math.min(n - 1, Math.floor(x * n))]);
    }
    return sum / 1000;
  };
  const d10 = deviation(10), d20 = deviation(20);
  print(\`10 bumps: \${d10.toFixed(4)}   20 bumps: \${d20.toFixed(4)}\`);
  return d20 / d10;
})();
`;

const HUBER_STARTER = `// huber(pred, target, delta): the mean Huber loss, with engine ops.
function huber(pred: Tensor, target: Tensor, delta: number): Tensor {
  const r = pred.sub(target);
  return r.pow(2).mean(); // this is MSE: make it Huber
}
print(huber(tensor([1, 2, 3, 4]), tensor([1.5, 0, 3, 8]), 1));
`;

const HUBER_SOLUTION = `function huber(pred: Tensor, target: Tensor, delta: number): Tensor {
  const a = pred.sub(target).abs();
  const quadratic = a.pow(2).mul(0.5); // ½ r² near zero
  const linear = a.sub(0.5 * delta).mul(delta); // δ(|r| − ½δ) further out
  return F.where(a.lt(delta), quadratic, linear).mean(); // one or the other, per element
}
`;

const SOFTMAX_STARTER =
  `// softmax(z): each row of z turned into probabilities, finite even for logits of 1,000.
function softmax(z: Tensor): Tensor {
  const e = z.exp();
  return e.div(e.sum(-1, true));
}
print(softmax(tensor([[1, 2, 3], [1000, 999, 998]])));
`;

const SOFTMAX_SOLUTION = `function softmax(z: Tensor): Tensor {
  const e = z.sub(z.max(-1, true)).exp(); // the largest logit of each row becomes 0
  return e.div(e.sum(-1, true));
}
`;

const PIXELS_EXPERIMENT =
  `// An untrained 784-128-10 network, fed 256 training digits as pixels 0–255 (not scaled to
// [0, 1], not normalized): its first loss.
const result = (() => {
  manualSeed(4);
  const net = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const pixels = tensor(mnist.train.images.subarray(0, 256 * 784), [256, 784]);
  const labels = tensor(mnist.train.labels.subarray(0, 256), [256], { dtype: "int32" });
  const loss = noGrad(() => F.crossEntropy(net.forward(pixels), labels)).item();
  print(\`first loss: \${loss.toFixed(2)}   (ln 10 = \${Math.log(10).toFixed(2)})\`);
  return loss;
})();
`;

const GRAD_STARTER = `// numericGrad(f, x): f′(x) from two values of f, no backward().
function numericGrad(f: (x: number) => number, x: number): number {
  const h = 0.1;
  return (f(x + h) - f(x)) / h;
}
print(numericGrad((x) => x * x, 3)); // f′(3) = 6
`;

const GRAD_SOLUTION = `function numericGrad(f: (x: number) => number, x: number): number {
  const h = 1e-5;
  return (f(x + h) - f(x - h)) / (2 * h); // central difference: error ∝ h²
}
`;

const MLP_STARTER =
  `// mlpGrads: one forward and one backward pass of a 2-layer MLP, with matrix operations only.
// Rows are examples: X [n, in], Y one-hot [n, classes], W1 [hidden, in], b1 [hidden],
// W2 [classes, hidden], b2 [classes]. Hidden layer: sigmoid. Loss: the mean cross-entropy.
function mlpGrads(X: Tensor, Y: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) {
  const H = X.matmul(W1.transpose()).add(b1).sigmoid(); // [n, hidden]
  const Z2 = H.matmul(W2.transpose()).add(b2); // [n, classes]: the logits
  const loss = F.logSoftmax(Z2, 1).mul(Y).sum(1).mean().neg();
  // The backward pass, without backward(): each gradient has its parameter's shape.
  return { loss, dW1: zeros(W1.shape), db1: zeros(b1.shape), dW2: zeros(W2.shape), db2: zeros(b2.shape) };
}
manualSeed(0);
const ex = mlpGrads(randn([4, 3]), tensor([[1, 0], [0, 1], [0, 1], [1, 0]]), randn([5, 3]), zeros([5]), randn([2, 5]), zeros([2]));
print(ex.loss, ex.dW2);
`;

const MLP_SOLUTION =
  `function mlpGrads(X: Tensor, Y: Tensor, W1: Tensor, b1: Tensor, W2: Tensor, b2: Tensor) {
  const n = X.shape[0];
  const H = X.matmul(W1.transpose()).add(b1).sigmoid();
  const Z2 = H.matmul(W2.transpose()).add(b2);
  const loss = F.logSoftmax(Z2, 1).mul(Y).sum(1).mean().neg();
  const D2 = F.softmax(Z2, 1).sub(Y).div(n); // ∂L/∂Z2 = (P − Y)/n, one row per example
  const dW2 = D2.transpose().matmul(H); // Σ over the batch of δ₂ hᵀ
  const db2 = D2.sum(0);
  const D1 = D2.matmul(W2).mul(H.mul(H.neg().add(1))); // (W₂ᵀδ₂) ⊙ σ′(z₁), σ′ = h(1 − h)
  const dW1 = D1.transpose().matmul(X); // Σ over the batch of δ₁ xᵀ
  const db1 = D1.sum(0);
  return { loss, dW1, db1, dW2, db2 };
}
`;

// Lesson 6 (convolutions), conv-b: "conv-by-hand".
const CONV_STARTER =
  `// conv2d(x, w, stride): the valid convolution of an image x [H, W] with a kernel w [k, k],
// as F.conv2d computes it (the kernel is not flipped), without calling F.conv2d.
function conv2d(x: Tensor, w: Tensor, stride = 1): Tensor {
  const [H, W] = x.shape, k = w.shape[0];
  const X = x.toArray(), K = w.toArray();
  const out = [];
  // ... out[i][j] = the sum of the window at (i·stride, j·stride), each pixel times its weight
  return tensor(out);
}
const x = tensor(Array.from({ length: 25 }, (_, p) => p), [5, 5]);
print(conv2d(x, tensor([[1, 0, -1], [1, 0, -1], [1, 0, -1]]))); // a 3×3 map of −6
`;

const CONV_SOLUTION = `function conv2d(x: Tensor, w: Tensor, stride = 1): Tensor {
  const [H, W] = x.shape, k = w.shape[0];
  const X = x.toArray(), K = w.toArray();
  const out = [];
  for (let i = 0; i * stride + k <= H; i++) {
    const row = [];
    for (let j = 0; j * stride + k <= W; j++) {
      let sum = 0;
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) sum += X[i * stride + a][j * stride + b] * K[a][b];
      }
      row.push(sum);
    }
    out.push(row);
  }
  return tensor(out);
}
`;

// Lesson 7 (training), optimizers (train-b).
const ADAM_STARTER = `// Adam by hand, no optim: θ after one step per gradient (plain numbers).
function adam(theta: number[], grads: number[][], lr: number, beta1: number, beta2: number, eps: number) {
  theta = [...theta];
  const m = theta.map(() => 0), v = theta.map(() => 0);
  grads.forEach((g, s) => {
    const t = s + 1; // steps count from 1
    for (let i = 0; i < theta.length; i++) {
      // m, v, their bias corrections, then the step of coordinate i
    }
  });
  return theta;
}
print(adam([1, -2], [[0.5, -1], [0.3, 0.2]], 0.1, 0.9, 0.999, 1e-8));

// The engine's Adam on the same gradients, to compare with:
const p = tensor([1, -2], [2], { requiresGrad: true });
const opt = new optim.Adam([p], { lr: 0.1, betas: [0.9, 0.999], eps: 1e-8 });
for (const g of [[0.5, -1], [0.3, 0.2]]) {
  p.grad = tensor(g, [2]);
  opt.step();
}
print(p);
`;

const ADAM_SOLUTION =
  `function adam(theta: number[], grads: number[][], lr: number, beta1: number, beta2: number, eps: number) {
  theta = [...theta];
  const m = theta.map(() => 0), v = theta.map(() => 0);
  grads.forEach((g, s) => {
    const t = s + 1;
    for (let i = 0; i < theta.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      const mHat = m[i] / (1 - beta1 ** t); // m and v start at 0: undo it
      const vHat = v[i] / (1 - beta2 ** t);
      theta[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
    }
  });
  return theta;
}
`;

const LIST: ExerciseDef[] = [
  { id: "line-few-wrong", lesson: "function", kind: "figure", figure: "LineClassifier" },
  {
    id: "line-by-hand",
    lesson: "function",
    kind: "code",
    check: "fitLine",
    starter: FIT_LINE_STARTER,
    solution: FIT_LINE_SOLUTION,
  },
  {
    id: "line-xor",
    lesson: "function",
    kind: "predict",
    experiment: XOR_EXPERIMENT,
    choices: [{ min: 0.9, max: Infinity }, { min: 0.65, max: 0.9 }, { min: -Infinity, max: 0.65 }],
  },
  { id: "bumps-fit", lesson: "bumps", kind: "figure", figure: "BumpBuilder" },
  {
    id: "bumps-one",
    lesson: "bumps",
    kind: "code",
    check: "bump",
    starter: BUMP_STARTER,
    solution: BUMP_SOLUTION,
  },
  {
    id: "bumps-double",
    lesson: "bumps",
    kind: "predict",
    experiment: DOUBLE_EXPERIMENT,
    choices: [{ min: 0.8, max: Infinity }, { min: 0.35, max: 0.8 }, { min: -Infinity, max: 0.35 }],
  },
  { id: "loss-learning-rate", lesson: "loss", kind: "answer", answer: "learningRates" },
  {
    id: "loss-huber",
    lesson: "loss",
    kind: "code",
    check: "huber",
    starter: HUBER_STARTER,
    solution: HUBER_SOLUTION,
  },
  {
    id: "loss-softmax",
    lesson: "loss",
    kind: "code",
    check: "softmax",
    starter: SOFTMAX_STARTER,
    solution: SOFTMAX_SOLUTION,
  },
  { id: "mnist-params", lesson: "mnist", kind: "answer", answer: "mlpParams" },
  {
    id: "mnist-pixels",
    lesson: "mnist",
    kind: "predict",
    experiment: PIXELS_EXPERIMENT,
    choices: PIXELS_CHOICES,
  },
  { id: "mnist-small", lesson: "mnist", kind: "figure", figure: "MnistTrainer" },
  { id: "backprop-db", lesson: "backprop", kind: "answer", answer: "gradB" },
  { id: "backprop-da", lesson: "backprop", kind: "answer", answer: "gradA" },
  {
    id: "backprop-mlp",
    lesson: "backprop",
    kind: "code",
    check: "mlpGrads",
    starter: MLP_STARTER,
    solution: MLP_SOLUTION,
  },
  {
    id: "backprop-numeric",
    lesson: "backprop",
    kind: "code",
    check: "numericGrad",
    starter: GRAD_STARTER,
    solution: GRAD_SOLUTION,
  },
  // Lesson 6 (conv), sections shapes and by-hand (conv-a)
  { id: "conv-out-size", lesson: "conv", kind: "answer", answer: "convOutSize" },
  { id: "conv-horizontal", lesson: "conv", kind: "figure", figure: "ConvByHand" },
  // Lesson 6 (convolutions), conv-b.
  {
    id: "conv-by-hand",
    lesson: "conv",
    kind: "code",
    check: "conv2d",
    starter: CONV_STARTER,
    solution: CONV_SOLUTION,
  },
  // Lesson 7 (training), optimizers (train-b).
  {
    id: "training-adam",
    lesson: "training",
    kind: "code",
    check: "adam",
    starter: ADAM_STARTER,
    solution: ADAM_SOLUTION,
  },
  {
    id: "training-first",
    lesson: "training",
    kind: "predict",
    figure: "OptimizerPaths",
    surface: "rosenbrock",
    // The prose gives the step counts at β = 0.9 and says only that a larger β overshoots.
    set: { beta: 0.99 },
  },
  // Lesson 7 (training), initialization (train-a).
  { id: "training-init-depth", lesson: "training", kind: "figure", figure: "InitHistograms" },
  // Lesson 7 (training): learning curves (train-c).
  { id: "training-gap", lesson: "training", kind: "figure", figure: "LearningCurves" },
  { id: "training-range", lesson: "training", kind: "answer", answer: "rangeLr" },
  // Lesson 1, the playground's features.
  { id: "playground-features", lesson: "function", kind: "figure", figure: "Playground" },
];

export const EXERCISES: Record<string, ExerciseDef> = Object.fromEntries(
  LIST.map((d) => [d.id, d]),
);

/** The ids of a lesson's exercises, in the order of the list. */
export function exercisesOf(lesson: string): string[] {
  return LIST.filter((d) => d.lesson === lesson).map((d) => d.id);
}

/** The number of exercises per lesson slug (the home page shows "k of n"). */
export function exerciseCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of LIST) out[d.lesson] = (out[d.lesson] ?? 0) + 1;
  return out;
}

/**
 * Exercise code (a starter, a solution, an experiment) with its comments in the reader's language:
 * `comments` maps a comment as written here (from `//` to the end of its line) to its words in
 * that language (`codeComments` in `text.ts`; English has none). Only a comment that ends its line
 * is replaced, so code and strings stay as they are.
 */
export function codeIn(code: string, comments: Record<string, string>): string {
  if (Object.keys(comments).length === 0) return code;
  return code.split("\n").map((line) => {
    for (const [from, to] of Object.entries(comments)) {
      if (line.endsWith(from)) return line.slice(0, line.length - from.length) + to;
    }
    return line;
  }).join("\n");
}
