/** The exercises' words, in every language: the controls, each verdict's reason, each exercise. */
import type { Texts } from "../lib/lang.ts";
import { fmt } from "../lib/format.ts";
import type { Detail, Reason, Verdict } from "./verdict.ts";
import { claimText } from "../../claims/mod.ts";
import { GAP_TASK } from "../training/curves_store.ts";

/** Measured numbers the texts quote, from claims/claims.json (one copy; `deno task claims`). */
const MLP32 = claimText("exercises.mlp32.val.s1");

export interface ExerciseWords {
  title: string;
  task: string;
  hint: string;
  /** The solution in words (code exercises also show the code). */
  solution: string;
  /** Labels of the typed numbers (answer kind) or of the choices (predict kind). */
  fields?: string[];
  choices?: string[];
}

export interface ExerciseStrings {
  exercise: string;
  kinds: Record<"figure" | "answer" | "code" | "predict", string>;
  check: string;
  checking: string;
  run: string;
  hint: string;
  solution: string;
  solutionAfterTry: string;
  useSolution: string;
  yourCode: string;
  yourPrediction: string;
  predictFirst: string;
  state: Record<"open" | "solved" | "failed", string>;
  reasons: Record<Reason, (d: Detail) => string>;
  exercises: Record<string, ExerciseWords>;
  /**
   * The comments of the exercises' code in `defs.ts` (starters, solutions, experiments), each as
   * written there (from `//` to the end of its line) → in this language; English: none (`codeIn`).
   */
  codeComments: Record<string, string>;
  progress: {
    label: string;
    solved: (k: number, n: number) => string;
    reset: string;
    resetConfirm: string;
    exportFile: string;
    importFile: string;
    imported: (k: number) => string;
    /** Saved progress had entries that could not be read: the rest is kept, a copy under `key`. */
    setAside: (key: string) => string;
    dismiss: string;
    errors: Record<"tooBig" | "notJson" | "shape" | "read", string>;
  };
}

// Lesson 7 (training), optimizers (train-b): the figure's names in the verdicts.
const OPT_NAME_EN: Record<string, string> = {
  sgd: "SGD",
  momentum: "momentum",
  rmsprop: "RMSProp",
  adam: "Adam",
};
const OPT_NAME_ZH: Record<string, string> = {
  sgd: "SGD",
  momentum: "动量",
  rmsprop: "RMSProp",
  adam: "Adam",
};
const OPT_SURFACE_EN: Record<string, string> = {
  valley: "narrow valley",
  rosenbrock: "Rosenbrock",
  saddle: "saddle",
};
const OPT_SURFACE_ZH: Record<string, string> = {
  valley: "狭长山谷",
  rosenbrock: "Rosenbrock",
  saddle: "鞍点",
};

const n = (v: number | string, digits = 3) => typeof v === "number" ? fmt(v, digits) : v;
const pct = (v: number | string) => typeof v === "number" ? fmt(v, 1) : v;
const int = (v: number | string) => typeof v === "number" ? v.toLocaleString("en") : v;

const EN: ExerciseStrings = {
  exercise: "Exercise",
  kinds: {
    figure: "Do it with the figure",
    answer: "Work it out",
    code: "Write it in a cell",
    predict: "Predict, then run",
  },
  check: "Check",
  checking: "Checking…",
  run: "Run the experiment",
  hint: "Hint",
  solution: "Solution",
  solutionAfterTry: "The solution opens after your first try.",
  useSolution: "Put the solution in the editor",
  yourCode: "Your code",
  yourPrediction: "Your prediction",
  predictFirst: "Commit to a prediction first: the experiment runs once you have.",
  state: { open: "Not solved yet", solved: "Solved", failed: "Not yet: try again" },
  reasons: {
    empty: () => "Nothing entered yet.",
    notNumber: (d) => `“${d.text}” is not a number (write it like −3.25 or 1e-3).`,
    notReady: () => "The figure has not said its state yet: wait for it to load, then check again.",
    lineWrong: (d) =>
      `${d.wrong} points are on the wrong side: ${d.over} more than the ${d.max} allowed.`,
    lineOk: (d) => `Only ${d.wrong} points on the wrong side (at most ${d.max} allowed).`,
    tooManyBumps: (d) => `You use ${d.n} bumps; the task allows at most ${d.max}.`,
    deviationHigh: (d) =>
      `Mean |f − g| is ${n(d.deviation, 4)} with ${d.n} bumps: it must be below ${d.max}.`,
    bumpsOk: (d) => `Mean |f − g| is ${n(d.deviation, 4)} with ${d.n} bumps.`,
    lrDoesNotDiverge: (d) =>
      `At η = ${n(d.lr)} gradient descent still converges: that is ${pct(d.pct)}% below the limit.`,
    lrBelowDiverges: (d) => `η = ${n(d.lr)} is at or above the limit: it does not converge.`,
    lrBelowTooLow: (d) =>
      `η = ${n(d.lr)} converges, but it is ${pct(d.pct)}% below the limit; come within ${
        pct(d.within)
      }%.`,
    lrOk: (d) =>
      `Right: the limit is 2/λmax = ${n(d.limit)}; ${n(d.diverge)} is above it, ${
        n(d.below)
      } just below.`,
    tooManyParams: (d) =>
      `This model has ${int(d.params)} parameters; the task allows ${int(d.max)}.`,
    accuracyLow: (d) =>
      `Validation accuracy is ${pct(d.acc)}%: ${pct(d.gap)} points short of ${pct(d.min)}%.`,
    mnistOk: (d) => `${pct(d.acc)}% on the validation digits with ${int(d.params)} parameters.`,
    valueSign: (d) => `${n(d.got)} has the wrong sign.`,
    valueOff: (d) =>
      `${n(d.got)} is ${d.dir === "high" ? "too high" : "too low"}, by about ${
        pct(d.pct)
      }% (the tolerance is ±${d.tol}).`,
    valueOk: (d) => `Right, within ±${d.tol}.`,
    noFunction: (d) => `Your code defines no function named ${d.name}.`,
    threw: (d) => `Your code threw on case ${d.case}: ${d.message}`,
    stopped: () =>
      "Stopped. The lesson's workspace restarted: run the cells above again if you need their names.",
    badOutput: (d) => `On case ${d.case} it should return ${d.want}.`,
    valueMismatch: (d) =>
      `Case ${d.case}${d.case === 1 ? " (the example)" : " (a hidden one)"}: got ${
        n(d.got, 5)
      }, expected ${n(d.want, 5)}${d.x === undefined ? "" : ` at x = ${n(d.x)}`}.`,
    gradMismatch: (d) =>
      d.diff === "none"
        ? `Case ${d.case}: the value is right but no gradient reaches pred: use engine ops, not numbers.`
        : `Case ${d.case}: the value is right, the gradient is off by up to ${n(d.diff, 5)}.`,
    nonFinite: (d) => `Case ${d.case} gave NaN or ∞.`,
    overflow: (d) =>
      `Case ${d.case} (logits up to ${n(d.big, 0)}) gave NaN or ∞: e^z overflows there.`,
    usesOptim: () => "The task is to write the update yourself: do not use optim.",
    usesBackward: () => "The task is to write the backward pass yourself: do not call backward().",
    gradOff: (d) =>
      `Case ${d.case} (a hidden one): the loss is right, but ${d.name} is off by up to ${
        n(d.diff, 5)
      }.`,
    lossHigh: (d) =>
      `On hidden data set ${d.case} the loss is ${n(d.loss, 4)}; it must be below ${d.max}.`,
    codeOk: (d) => `Right on all ${d.cases} cases, hidden ones included.`,
    noPrediction: () => "Choose or enter a prediction first.",
    predictRight: (d) => `Your prediction holds: the experiment measured ${n(d.value, 3)}.`,
    predictWrong: (d) =>
      d.right === undefined
        ? `The experiment measured ${n(d.value, 3)}: your ${n(d.predicted, 3)} is ${
          pct(d.pct)
        }% off (±${pct(d.tol)}% counts).`
        : `The experiment measured ${n(d.value, 3)}: that is choice ${d.right}, not ${d.chosen}.`,
    // Lesson 6 (conv): conv-horizontal
    kernelZero: () => "Every weight of the kernel is 0: its map is 0 everywhere.",
    kernelNotHorizontal: (d) =>
      `On the ${d.digits} hidden digits your kernel answers horizontal strokes ${
        n(d.ratio, 2)
      } times as strongly as vertical ones; it needs ${d.min} times.`,
    kernelOk: (d) =>
      `On the ${d.digits} hidden digits your kernel answers horizontal strokes ${
        n(d.ratio, 2)
      } times as strongly as vertical ones (${d.min} needed).`,
    // Lesson 6 (convolutions), conv-b: "conv-by-hand".
    usesConv2d: () => "The task is to write the convolution yourself: do not call F.conv2d.",
    kernelFlipped: (d) =>
      `Case ${d.case}: these are the values with the kernel turned by 180°: F.conv2d, like PyTorch, does not flip the kernel (it multiplies x[i + a][j + b] by w[a][b]).`,
    // Lesson 7 (training), optimizers (train-b).
    optimNotSet: (d) =>
      `Set the figure above as the task says: the ${
        OPT_SURFACE_EN[d.surface] ?? d.surface
      } surface at its defaults (its button, or “Back to this surface's defaults”), then the one slider the task changes; then run again.`,
    firstRight: (d) =>
      `Right: ${
        OPT_NAME_EN[d.name] ?? d.name
      } gets below the tolerance first, in ${d.steps} steps.`,
    firstWrong: (d) =>
      `The figure says ${OPT_NAME_EN[d.name] ?? d.name} arrives first, in ${d.steps} steps, not ${
        OPT_NAME_EN[d.chosen] ?? d.chosen
      }. Look at its table, then at the paths.`,
    // Lesson 7 (training), initialization (train-a).
    initTooShallow: (d) =>
      `The figure measured ${d.depth} hidden layers; set it to ${d.want} and measure again.`,
    initRatioOff: (d) =>
      `With gain ${n(d.gain, 2)} the last layer's variance is ${d.ratio} times the first's: ${
        d.dir === "high" ? "it grows" : "it shrinks"
      } too much (½ to 2 counts).`,
    initOk: (d) =>
      `With gain ${n(d.gain, 2)} the variance of layer ${d.depth} is ${d.ratio} times layer 1's.`,
    // Lesson 7 (training): learning curves (train-c).
    gapHigh: (d) =>
      `The smallest gap of a finished run is ${pct(d.gap)} points: ${pct(d.over)} over the ${
        pct(d.max)
      } asked for.`,
    gapOk: (d) =>
      `A finished run ends ${pct(d.gap)} points apart (under ${pct(d.max)}), at ${
        pct(d.acc)
      }% on validation.`,
    rangePastMin: (d) =>
      `η = ${n(d.lr, 4)} is at or past the lowest smoothed loss (η ≈ ${
        n(d.lrAtMin, 4)
      }): from there the loss climbs. Pick a smaller rate.`,
    rangeNotFalling: (d) =>
      `At η = ${n(d.lr, 4)} the smoothed loss is only ${
        pct(d.drop)
      }% under its start: training would crawl. Pick a larger rate.`,
    rangeOk: (d) =>
      `η = ${n(d.lr, 4)} is on the falling part of your curve (its lowest point is at η ≈ ${
        n(d.lrAtMin, 4)
      }).`,
    // Lesson 1, the playground's features (playground-features).
    pgDataset: () =>
      "Set the playground's problem to classification and its dataset to circles (not your own points).",
    pgHidden: (d) =>
      `The network still has ${d.layers} hidden layer${
        d.layers === 1 ? "" : "s"
      }: set hidden layers to 0.`,
    pgAccuracy: (d) =>
      `Test accuracy ${pct(d.acc)}%: ${pct(d.gap)} points short of ${pct(d.min)}%.`,
    pgOk: (d) => `No hidden layer, features ${d.features}: test accuracy ${pct(d.acc)}%.`,
  },
  exercises: {
    "line-few-wrong": {
      title: "Three mistakes at most",
      task:
        "Move the line in the figure above (sliders or handles) until at most 3 of its 40 points are on the wrong side. Then press Check.",
      hint:
        "The blue points lie above a line that falls gently to the right: try a negative slope a, and b a little above 0.",
      solution:
        "The points were labelled from the line x₂ = −0.6·x₁ + 0.4, with a few noisy ones near it, so even that line gets 4 wrong; a = −0.85, b = 0.1 gets only 3.",
    },
    "line-by-hand": {
      title: "The update, by hand",
      task:
        "Write fitLine(x, y) that fits y ≈ a·x + b by gradient descent you write yourself (no optim), and returns { a, b }. It is checked on three hidden data sets, with x spread as widely as in the example: the mean squared error must be below 0.05 on each.",
      hint:
        "Make a and b tensors with requiresGrad, compute F.mseLoss, call backward(), then step both numbers against their .grad.item(). Mind the step size: it must stay below 2/λmax, where λmax is the loss's largest curvature (lesson 3). On the example x = (0, 1, 2), λmax ≈ 4.77, so η must be below about 0.42: η = 0.5 runs away there, η = 0.2 for 150 steps converges (the solution takes them).",
      solution:
        "The same loop as the lesson's, on the MSE: fresh tensors each step, backward(), and a ← a − η ∂L/∂a.",
    },
    "line-xor": {
      title: "A line on the xor points",
      task:
        "A line is trained by gradient descent on the “xor” data set (four corners, opposite ones of the same colour). What share of the points will it get right?",
      hint:
        "Can any single line put both blue corners on one side and both orange on the other? And what does gradient descent make smaller: the number of mistakes, or something else?",
      solution:
        "No line separates xor. The best line on these 200 points still gets 74.5% right (found by trying every line through two of the points), but gradient descent does not look for it: it lowers the cross-entropy, not the count of mistakes, and the line it settles on gets 57.5%, hardly better than calling every point orange (56%). It takes a hidden layer (the playground) to bend the boundary.",
      choices: [
        "close to 100% (90% or more)",
        "between 65% and 90%",
        "under 65%, little better than guessing",
      ],
    },
    "bumps-fit": {
      title: "Nielsen's f, closer than 0.03",
      task:
        "With the builder above, fit Nielsen's f so that the mean |f − g| is below 0.03 (the builder allows up to 20 bumps; the table above says why 10 are not enough). Then press Check.",
      hint:
        "Set the number of bumps to 20 and the steepness high, then set each height to f's height in the middle of its slice.",
      solution:
        "Twenty steep bumps, each at f's height in the middle of its twentieth of [0, 1], reach a mean |f − g| of about 0.022.",
    },
    "bumps-one": {
      title: "One bump from two neurons",
      task:
        "Write bump(x, h, left, right): about h on (left, right) and about 0 elsewhere, from two sigmoid neurons. It is checked on hidden heights and intervals, 0.03 away from each edge, to within 0.05.",
      hint:
        "A steep sigmoid σ(w(x − left)) steps up at left. Subtract one that steps up at right, and scale by h. How steep must w be for σ(w·0.03) ≈ 1?",
      solution:
        "Two steps of steepness 1000, the second subtracted from the first, times h: σ(30) is 1 to 13 digits.",
    },
    "bumps-double": {
      title: "Twice the bumps",
      task:
        "Nielsen's f is approximated by 10 bumps, then by 20 (each at f's average over its slice). What happens to the mean |f − g|?",
      hint: "Within one slice, how far is f from a constant, as the slice gets narrower?",
      solution:
        "About half: once the slices are narrow, f is nearly a straight line across each, and the miss of a flat bump is proportional to the slice's width.",
      choices: ["about the same", "about half", "a quarter or less"],
    },
    "loss-learning-rate": {
      title: "The edge of divergence",
      task:
        "Use the landscape above, on MSE, to find a learning rate at which gradient descent diverges, and one that still converges but lies within 10% below the limit.",
      hint:
        "The limit is 2 divided by the largest curvature of the bowl; the figure states it. Anything above diverges.",
      solution:
        "For the MSE on these points the limit 2/λmax is stated by the figure; take for example 1.1× the limit and 0.95× the limit.",
      fields: ["η that diverges", "η just below the limit"],
    },
    "loss-huber": {
      title: "Huber, by hand",
      task:
        "Write huber(pred, target, delta) with engine ops: the mean of ½r² where |r| < δ and δ(|r| − ½δ) elsewhere. It must match F.huberLoss in value and gradient on hidden inputs.",
      hint:
        "a = pred.sub(target).abs(); a.lt(delta) is 1 where the quadratic part applies. Mix the two parts with it (and with 1 minus it), then take the mean.",
      solution:
        "Both pieces are computed everywhere, and a 0/1 mask (with no gradient of its own) picks one per element.",
    },
    "loss-softmax": {
      title: "A softmax that does not overflow",
      task:
        "Write softmax(z) for rows of logits (along the last axis) that stays finite for logits of 1,000 and of −1,000. It is checked on hidden logits against F.softmax.",
      hint:
        "e^1000 is ∞ in floating point. Subtracting the same number from every logit of a row does not change the softmax.",
      solution:
        "Subtract each row's largest logit first: the largest becomes e⁰ = 1 and nothing overflows.",
    },
    "mnist-params": {
      title: "Count the parameters",
      task:
        "How many parameters (weights and biases) does the MLP 784-64-10 have? Exactly, as a whole number.",
      hint: "A layer from m inputs to n outputs has an n × m weight matrix and n biases.",
      solution: "64·(784 + 1) + 10·(64 + 1) = 50,240 + 650 = 50,890.",
      fields: ["parameters"],
    },
    "mnist-pixels": {
      title: "Forgetting to normalize",
      task:
        "An untrained 784-128-10 network gets 256 training digits with pixels from 0 to 255 instead of normalized ones. What will its first cross-entropy loss be?",
      hint:
        "Each hidden unit sums 784 weighted pixels, and each logit sums 128 weighted hidden units; ReLU passes the scale through. What happens to the logits when every pixel is 255 times larger than in [0, 1]?",
      solution:
        "The logits grow with the pixels, so the untrained network is confidently wrong on most digits: over 10 seeds and 3 batches the first loss lies between about 25 and 39, where normalized digits give about ln 10 ≈ 2.30 (2.32 to 2.38). Normalization keeps the start sane.",
      choices: ["about ln 10 ≈ 2.3 (under 3)", "between 3 and 15", "more than 15"],
    },
    "mnist-small": {
      title: "90% with a small network",
      task:
        "In the trainer above, reach at least 90% validation accuracy with a model of at most 50,000 parameters. Then press Check.",
      hint:
        "Count first: 64 hidden units are already too many (the exercise above). The MLP with one hidden layer of 32 has 25,450 parameters.",
      solution:
        `MLP 784-32-10 with the trainer's defaults (Adam, η = 0.003, batch 32, 5 epochs) ends at ${MLP32}% of the validation digits (seed 1).`,
    },
    "backprop-db": {
      title: "∂L/∂b by hand",
      task:
        "For the line ax + b with a = 2, b = 1 and the three points x = (3, 1, −1), y = (10, 4, 0), L is the mean of the squared residuals. Enter ∂L/∂b (tolerance ±0.01).",
      hint: "∂L/∂b = (2/3)·Σ rᵢ, where rᵢ = a·xᵢ + b − yᵢ.",
      solution: "The residuals are −3, −1, −1; ∂L/∂b = (2/3)(−5) = −10/3 ≈ −3.333.",
      fields: ["∂L/∂b"],
    },
    "backprop-da": {
      title: "∂L/∂a by hand",
      task:
        "The same line and points: enter ∂L/∂a (tolerance ±0.01). The graph stepper above can show you each local derivative.",
      hint: "∂L/∂a = (2/3)·Σ rᵢ·xᵢ.",
      solution: "(2/3)(−3·3 − 1·1 − 1·(−1)) = (2/3)(−9) = −6.",
      fields: ["∂L/∂a"],
    },
    "backprop-mlp": {
      title: "A two-layer MLP, forward and backward",
      task:
        "Write mlpGrads(X, Y, W1, b1, W2, b2) for a 2-layer MLP with a sigmoid hidden layer and the mean softmax cross-entropy: return { loss, dW1, db1, dW2, db2 } as tensors, each gradient with its parameter's shape, computed with matrix operations only (no backward()). Rows are examples, as in PyTorch. It is checked on hidden random networks and batches against the gradients worked out separately, number by number.",
      hint:
        "Go back one layer at a time. With P = softmax(Z₂), the logits' error signal is D₂ = (P − Y)/n, one row per example (divided by n because the loss is a mean). A weight gradient sums δ·xᵀ over the batch: D₂ᵀH for W₂; a bias gradient sums the rows of its D. The hidden layer's error is D₁ = (D₂W₂) ⊙ H ⊙ (1 − H): the lesson's Wᵀδ ⊙ σ′, row by row, with σ′ = σ(1 − σ). Then dW₁ = D₁ᵀX.",
      solution:
        "After the forward pass, D₂ = (P − Y)/n; dW₂ = D₂ᵀH and db₂ = D₂ summed over the rows; D₁ = (D₂W₂) ⊙ H(1 − H); dW₁ = D₁ᵀX and db₁ = D₁ summed over the rows. With one example per column, the same lines read δ₂ = p − y, ∂L/∂W₂ = δ₂hᵀ, δ₁ = (W₂ᵀδ₂) ⊙ σ′(z₁): the recurrence of the lesson, summed over the batch.",
    },
    "backprop-numeric": {
      title: "A numerical derivative",
      task:
        "Write numericGrad(f, x): f′(x) from values of f alone, within 0.1% (checked on hidden functions and points).",
      hint:
        "(f(x + h) − f(x))/h has an error proportional to h; the central difference (f(x + h) − f(x − h))/2h has one proportional to h².",
      solution: "The central difference with h = 10⁻⁵.",
    },
    // Lesson 6 (conv), conv-a
    "conv-out-size": {
      title: "An output size",
      task:
        "A 28 × 28 input goes through a convolution with a 5 × 5 kernel, padding 1 and stride 2. How many pixels wide is its output?",
      hint:
        "⌊(n + 2p − k)/s⌋ + 1: pad first, count the positions the kernel fits, then keep every s-th. Round down.",
      solution: "⌊(28 + 2·1 − 5)/2⌋ + 1 = ⌊25/2⌋ + 1 = 12 + 1 = 13.",
      fields: ["output width"],
    },
    "conv-horizontal": {
      title: "A kernel for horizontal strokes",
      task:
        "Set the kernel in the first figure so that it finds horizontal strokes: on 30 hidden digits (not the ones the figure shows) its answer, in absolute value, must be at least twice as strong on horizontal strokes as on vertical ones. Then press Check.",
      hint:
        "A stroke that runs across has paper above it and below it, so the ink changes from top to bottom. Give the rows of the kernel different weights, and each column of a row the same weight.",
      solution:
        "The classic horizontal-edge kernel (−1 along the top row, 0 in the middle, +1 along the bottom) passes, and so does a line kernel: 2 along the middle row, −1 above and below. A kernel that looks the same turned by a quarter (blur, identity, sharpen) answers both directions about equally, and the vertical edge prefers vertical strokes: they fail.",
    },
    // Lesson 6 (convolutions), conv-b.
    "conv-by-hand": {
      title: "conv2d by hand",
      task:
        "Write conv2d(x, w, stride): x is an image [H, W], w a kernel [k, k], stride a whole number ≥ 1. Return the valid convolution as F.conv2d computes it (no padding, no flipped kernel), a tensor of shape [⌊(H − k)/stride⌋ + 1, ⌊(W − k)/stride⌋ + 1], without calling F.conv2d. It is checked against the convolution on hidden images, kernels and strides.",
      hint:
        "Output pixel (i, j) covers the window whose top-left corner is (i·stride, j·stride): out[i][j] = Σₐ Σ_b x[i·stride + a][j·stride + b] · w[a][b]. Read both tensors into arrays with toArray(), fill a nested array with loops, and return tensor(out).",
      solution:
        "Two loops over the output positions and two over the kernel, reading the window at (i·stride + a, j·stride + b); the output side is ⌊(n − k)/stride⌋ + 1 along each axis.",
    },
    // Lesson 7 (training), optimizers (train-b).
    "training-adam": {
      title: "Adam's update, by hand",
      task:
        "Write adam(theta, grads, lr, beta1, beta2, eps) without optim: starting from θ = theta with m = v = 0, take one Adam step per gradient in grads (a list of arrays, one per step) and return θ as an array of numbers. It is checked against Adam computed separately in float64 (the same as optim.Adam, which the tests hold it to) on hidden cases: one step, many steps, β₁ = 0, a large ε, gradients from 0.01 to 10.",
      hint:
        "Per coordinate: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², then m̂ = m/(1 − β₁ᵗ) and v̂ = v/(1 − β₂ᵗ) with t counting from 1, and θ ← θ − η·m̂/(√v̂ + ε). ε is added after the square root. A single step is the telling case: there m̂ = g and v̂ = g², so the step is about η in size whatever g is.",
      solution:
        "The lesson's equations, coordinate by coordinate: update m and v, divide each by 1 − βᵗ, and step by η·m̂/(√v̂ + ε). Forget the correction and the first steps are (1 − β₁)/√(1 − β₂) times too big or small (about 3 with the defaults).",
    },
    "training-first": {
      title: "Which optimizer arrives first?",
      task:
        "The lesson gives the step counts on Rosenbrock at β = 0.9: momentum first. Set the figure to Rosenbrock at its defaults (η = 0.01 for SGD and momentum, 0.1 for RMSProp and Adam, β₂ = 0.999), then move β (momentum's β and Adam's β₁) to 0.99. Before you look at its table: which of the four gets the loss below 10⁻³ first now? Choose, then press “Run the experiment”: the answer is read from the figure's own run.",
      hint:
        "β = 0.99 lets the velocity remember about 100 gradients instead of 10. What does a heavier ball do at the bend of a curved valley and at its bottom? Which of the four does β not touch at all, and which uses it only for its average direction while its step stays about η long?",
      solution:
        "Adam. With β = 0.99 momentum overshoots: its velocity carries it past the bend and past the minimum, back and forth, and it does not get below the tolerance within 800 steps. Adam also averages over about 100 gradients, which slows it down, but its steps stay about η long, so it still arrives before SGD, which β does not change. RMSProp at a fixed η still rattles around the minimum.",
      choices: ["SGD", "Momentum", "RMSProp", "Adam"],
    },
    // Lesson 7 (training), initialization (train-a).
    "training-init-depth": {
      title: "Twenty layers, variance kept",
      task:
        "In the figure above, set 20 hidden layers and choose your gain (the “yours” scheme, weights from N(0, (gain/√n)²)) so that, at step 0, the variance of the last hidden layer's activations is within a factor 2 of the first's (between ½ and 2 times). Measure step 0, then press Check.",
      hint:
        "Each layer multiplies the variance by about gain² × (what the nonlinearity keeps), and twenty layers multiply that factor nineteen times: a little too much or too little compounds. ReLU keeps half of the second moment; tanh squeezes large values.",
      solution:
        "With tanh, PyTorch's gain for tanh, 5/3 ≈ 1.67, keeps the ratio inside the band: tanh squeezes what a larger gain would blow up. With ReLU the band is narrow: even He's √2 ≈ 1.41 drifts out of it with these 64-unit layers, so move the gain in steps of 0.01 near 1.38 and watch the ratio.",
    },
    // Lesson 7 (training): learning curves (train-c).
    "training-range": {
      title: "Read your range test",
      task:
        "Run the range test above, then type the learning rate you would train with: one where the smoothed loss is already falling clearly, below the rate of its lowest point. It is checked against your own curve.",
      hint:
        "Find the bottom of the smoothed curve and read its η on the log axis; go left from there, to where the curve is still steep.",
      solution:
        "Any rate between where the smoothed loss has fallen 10% and its lowest point passes; a tenth of the lowest point's rate is the usual choice.",
      fields: ["η"],
    },
    "training-gap": {
      title: "Close the gap",
      task:
        `In the learning-curves figure, finish a run whose gap between training and validation accuracy is under ${GAP_TASK.maxGap} points, with a validation accuracy of at least ${GAP_TASK.minVal}% (the run without regularization's). Then press Check.`,
      hint:
        "Read the table: which single switch shrinks the gap most? The switches can also be combined.",
      solution: `No switch alone gets there on 500 digits; all four together do: ${
        claimText("training.curves.all.gap")
      } points, at ${
        claimText("training.curves.all.val")
      }% on validation (seed 1). Tick "All four" and train.`,
    },
    // Lesson 1, the playground's features.
    "playground-features": {
      title: "Circles without a hidden layer",
      task:
        "In the playground, keep the circles and set hidden layers to 0: the network is a single neuron, and its boundary is a straight line in whatever it is given. Choose the input features so that it still separates the circles, train, and press Check once the test accuracy is 90% or more.",
      hint:
        "A point's class depends only on how far it lies from the centre. Which of the features grows with that distance, whatever the direction?",
      solution:
        "Give it x₁² and x₂² (x₁ and x₂ may stay or go). The neuron computes w₁x₁² + w₂x₂² + b; with w₁ ≈ w₂ its boundary is a circle in the plane, though a straight line in the features. With the playground's defaults it passes 90% within 300 steps, while x₁ and x₂ alone stay below 75% (tests/components/function_trainers.test.ts).",
    },
  },
  codeComments: {},
  progress: {
    label: "Exercises",
    solved: (k, n) => `${k} of ${n} exercises solved`,
    reset: "Reset this lesson's exercises",
    resetConfirm: "Forget which exercises of this lesson you solved?",
    exportFile: "Export progress",
    importFile: "Import progress",
    imported: (k) => `Imported: ${k} exercises solved.`,
    setAside: (key) =>
      `Part of your saved exercise progress could not be read. Everything readable is kept; ` +
      `the saved record as it was is kept in this browser's storage under "${key}".`,
    dismiss: "OK, forget the copy",
    errors: {
      tooBig: "That file is too big to be a progress file (at most 64 KB).",
      notJson: "That file is not JSON: choose a file this page exported.",
      shape: "That JSON is not a progress file of this site.",
      read: "The file could not be read.",
    },
  },
};

const ZH: ExerciseStrings = {
  exercise: "练习",
  kinds: {
    figure: "在图上完成",
    answer: "算一算",
    code: "在代码单元里写",
    predict: "先预测，再运行",
  },
  check: "检查",
  checking: "检查中…",
  run: "运行实验",
  hint: "提示",
  solution: "答案",
  solutionAfterTry: "先尝试一次，答案才会打开。",
  useSolution: "把答案放进编辑器",
  yourCode: "你的代码",
  yourPrediction: "你的预测",
  predictFirst: "先给出预测：给出后才运行实验。",
  state: { open: "尚未完成", solved: "已完成", failed: "还不对：再试一次" },
  reasons: {
    empty: () => "还没有输入。",
    notNumber: (d) => `“${d.text}”不是数字（请写成 −3.25 或 1e-3 的形式）。`,
    notReady: () => "图还没有给出状态：等它加载后再检查。",
    lineWrong: (d) => `有 ${d.wrong} 个点在错误一侧：比允许的 ${d.max} 个多 ${d.over} 个。`,
    lineOk: (d) => `只有 ${d.wrong} 个点在错误一侧（最多允许 ${d.max} 个）。`,
    tooManyBumps: (d) => `你用了 ${d.n} 个凸起；题目最多允许 ${d.max} 个。`,
    deviationHigh: (d) =>
      `${d.n} 个凸起时平均 |f − g| 为 ${n(d.deviation, 4)}：需要低于 ${d.max}。`,
    bumpsOk: (d) => `${d.n} 个凸起时平均 |f − g| 为 ${n(d.deviation, 4)}。`,
    lrDoesNotDiverge: (d) => `η = ${n(d.lr)} 时梯度下降仍然收敛：比界限低 ${pct(d.pct)}%。`,
    lrBelowDiverges: (d) => `η = ${n(d.lr)} 不低于界限：它不收敛。`,
    lrBelowTooLow: (d) =>
      `η = ${n(d.lr)} 收敛，但比界限低 ${pct(d.pct)}%；请在界限下方 ${pct(d.within)}% 以内。`,
    lrOk: (d) =>
      `正确：界限是 2/λmax = ${n(d.limit)}；${n(d.diverge)} 在其上，${n(d.below)} 刚好在其下。`,
    tooManyParams: (d) => `这个模型有 ${int(d.params)} 个参数；题目最多允许 ${int(d.max)} 个。`,
    accuracyLow: (d) =>
      `验证准确率为 ${pct(d.acc)}%：距 ${pct(d.min)}% 还差 ${pct(d.gap)} 个百分点。`,
    mnistOk: (d) => `${int(d.params)} 个参数，验证集准确率 ${pct(d.acc)}%。`,
    valueSign: (d) => `${n(d.got)} 的符号不对。`,
    valueOff: (d) =>
      `${n(d.got)} ${d.dir === "high" ? "偏大" : "偏小"}，约差 ${
        pct(d.pct)
      }%（允许误差 ±${d.tol}）。`,
    valueOk: (d) => `正确，误差在 ±${d.tol} 以内。`,
    noFunction: (d) => `你的代码没有定义名为 ${d.name} 的函数。`,
    threw: (d) => `你的代码在第 ${d.case} 个用例上抛出错误：${d.message}`,
    stopped: () => "已停止。本课的工作区已重启：如需上面代码单元定义的名字，请重新运行它们。",
    badOutput: (d) => `在第 ${d.case} 个用例上应返回 ${d.want}。`,
    valueMismatch: (d) =>
      `第 ${d.case} 个用例${d.case === 1 ? "（示例）" : "（隐藏用例）"}：得到 ${
        n(d.got, 5)
      }，应为 ${n(d.want, 5)}${d.x === undefined ? "" : `（x = ${n(d.x)}）`}。`,
    gradMismatch: (d) =>
      d.diff === "none"
        ? `第 ${d.case} 个用例：值正确，但梯度没有传到 pred：请用引擎的运算，而不是普通数字。`
        : `第 ${d.case} 个用例：值正确，梯度最多差 ${n(d.diff, 5)}。`,
    nonFinite: (d) => `第 ${d.case} 个用例得到 NaN 或 ∞。`,
    overflow: (d) =>
      `第 ${d.case} 个用例（logit 最大到 ${n(d.big, 0)}）得到 NaN 或 ∞：e^z 在那里溢出。`,
    usesOptim: () => "题目要求自己写更新：不要用 optim。",
    usesBackward: () => "题目要求自己写反向传播：不要调用 backward()。",
    gradOff: (d) =>
      `第 ${d.case} 个用例（隐藏用例）：损失正确，但 ${d.name} 最多差 ${n(d.diff, 5)}。`,
    lossHigh: (d) => `在隐藏数据集 ${d.case} 上损失为 ${n(d.loss, 4)}；需要低于 ${d.max}。`,
    codeOk: (d) => `全部 ${d.cases} 个用例（包括隐藏用例）都正确。`,
    noPrediction: () => "请先选择或输入一个预测。",
    predictRight: (d) => `你的预测成立：实验测得 ${n(d.value, 3)}。`,
    predictWrong: (d) =>
      d.right === undefined
        ? `实验测得 ${n(d.value, 3)}：你的 ${n(d.predicted, 3)} 差了 ${pct(d.pct)}%（±${
          pct(d.tol)
        }% 以内算对）。`
        : `实验测得 ${n(d.value, 3)}：那是选项 ${d.right}，不是 ${d.chosen}。`,
    // Lesson 6 (conv): conv-horizontal
    kernelZero: () => "卷积核的每个权重都是 0：它的特征图处处为 0。",
    kernelNotHorizontal: (d) =>
      `在 ${d.digits} 个隐藏数字上，你的卷积核对水平笔画的响应是对竖直笔画的 ${
        n(d.ratio, 2)
      } 倍；需要达到 ${d.min} 倍。`,
    kernelOk: (d) =>
      `在 ${d.digits} 个隐藏数字上，你的卷积核对水平笔画的响应是对竖直笔画的 ${
        n(d.ratio, 2)
      } 倍（需要 ${d.min} 倍）。`,
    // Lesson 6 (convolutions), conv-b: "conv-by-hand".
    usesConv2d: () => "题目要求自己写卷积：不要调用 F.conv2d。",
    kernelFlipped: (d) =>
      `第 ${d.case} 个用例：这是把卷积核转了 180° 之后的结果。F.conv2d 和 PyTorch 一样不翻转卷积核（它用 w[a][b] 乘 x[i + a][j + b]）。`,
    // Lesson 7 (training), optimizers (train-b).
    optimNotSet: (d) =>
      `先按题目设置上面的图：“${
        OPT_SURFACE_ZH[d.surface] ?? d.surface
      }”曲面的默认设置（点它的按钮，或“恢复这个曲面的默认设置”），再调好题目改动的那个滑块，然后运行。`,
    firstRight: (d) =>
      `对：${OPT_NAME_ZH[d.name] ?? d.name} 最先降到容差以下，用了 ${d.steps} 步。`,
    firstWrong: (d) =>
      `图上最先到达的是 ${OPT_NAME_ZH[d.name] ?? d.name}（${d.steps} 步），不是 ${
        OPT_NAME_ZH[d.chosen] ?? d.chosen
      }。看看图里的表，再看路径。`,
    // Lesson 7 (training), initialization (train-a).
    initTooShallow: (d) => `图里测的是 ${d.depth} 个隐藏层；请改成 ${d.want} 层再测量。`,
    initRatioOff: (d) =>
      `增益为 ${n(d.gain, 2)} 时，最后一层的方差是第一层的 ${d.ratio} 倍：${
        d.dir === "high" ? "增长" : "缩小"
      }得太多了（½ 到 2 之间算对）。`,
    initOk: (d) => `增益为 ${n(d.gain, 2)} 时，第 ${d.depth} 层的方差是第 1 层的 ${d.ratio} 倍。`,
    // Lesson 7 (training): learning curves (train-c).
    gapHigh: (d) =>
      `已完成的运行中最小的差距是 ${pct(d.gap)} 个百分点，比要求的 ${pct(d.max)} 多 ${
        pct(d.over)
      }。`,
    gapOk: (d) =>
      `有一次运行最后的差距是 ${pct(d.gap)} 个百分点（低于 ${pct(d.max)}），验证准确率 ${
        pct(d.acc)
      }%。`,
    rangePastMin: (d) =>
      `η = ${n(d.lr, 4)} 已经在平滑损失的最低点（η ≈ ${
        n(d.lrAtMin, 4)
      }）或更右边：从那里起损失会上升。请选小一点的学习率。`,
    rangeNotFalling: (d) =>
      `在 η = ${n(d.lr, 4)} 处，平滑损失只比起点低 ${
        pct(d.drop)
      }%：训练会很慢。请选大一点的学习率。`,
    rangeOk: (d) =>
      `η = ${n(d.lr, 4)} 落在你这条曲线下降的一段上（最低点在 η ≈ ${n(d.lrAtMin, 4)}）。`,
    // 第 1 课，游乐场的输入特征（playground-features）。
    pgDataset: () => "把游乐场的问题类型设为分类，数据集设为圆环（不要用你自己的点）。",
    pgHidden: (d) => `网络还有 ${d.layers} 个隐藏层：把隐藏层数设为 0。`,
    pgAccuracy: (d) => `测试准确率 ${pct(d.acc)}%：离 ${pct(d.min)}% 还差 ${pct(d.gap)} 个百分点。`,
    pgOk: (d) => `没有隐藏层，输入特征 ${d.features}：测试准确率 ${pct(d.acc)}%。`,
  },
  exercises: {
    "line-few-wrong": {
      title: "最多三个错误",
      task:
        "在上面的图中移动直线（滑块或拖动端点），直到 40 个点中最多 3 个在错误一侧。然后按“检查”。",
      hint: "蓝点位于一条向右缓缓下降的直线上方：试试负的斜率 a，以及略大于 0 的 b。",
      solution:
        "这些点的标签来自直线 x₂ = −0.6·x₁ + 0.4，附近有少数噪声点，所以连这条线也错 4 个；a = −0.85、b = 0.1 只错 3 个。",
    },
    "line-by-hand": {
      title: "亲手写更新",
      task:
        "写出 fitLine(x, y)：用你自己写的梯度下降（不用 optim）拟合 y ≈ a·x + b，返回 { a, b }。它会在三个隐藏数据集上检查（x 的范围和示例一样宽）：每个上的均方误差都必须低于 0.05。",
      hint:
        "把 a 和 b 做成 requiresGrad 的张量，计算 F.mseLoss，调用 backward()，再让两个数各自沿 .grad.item() 的反方向走一步。注意步长：它必须小于 2/λmax，λmax 是损失最大的曲率（第 3 课）。在示例 x = (0, 1, 2) 上 λmax ≈ 4.77，所以 η 要小于约 0.42：η = 0.5 在那里会发散，η = 0.2 走 150 步就收敛（答案就是这样）。",
      solution: "与本课的循环相同，只是换成 MSE：每步新建张量、backward()、a ← a − η ∂L/∂a。",
    },
    "line-xor": {
      title: "异或点上的直线",
      task: "在 “xor” 数据集（四个角，对角同色）上用梯度下降训练一条直线。它能分对多大比例的点？",
      hint:
        "有没有一条直线能把两个蓝角放在一侧、两个橙角放在另一侧？再想想：梯度下降让什么变小，是分错的个数，还是别的东西？",
      solution:
        "没有直线能分开异或。在这 200 个点上，最好的直线仍能分对 74.5%（把穿过其中两点的每条直线都试一遍就能找到），但梯度下降并不去找它：它降低的是交叉熵，不是分错的个数，最后停下的那条线只分对 57.5%，比把所有点都判为橙色（56%）好不了多少。要让边界弯曲，需要隐藏层（见游乐场）。",
      choices: ["接近 100%（90% 以上）", "65% 到 90% 之间", "低于 65%，比瞎猜好不了多少"],
    },
    "bumps-fit": {
      title: "让 Nielsen 的 f 误差低于 0.03",
      task:
        "用上面的构建器拟合 Nielsen 的 f，使平均 |f − g| 低于 0.03（构建器最多 20 个凸起；上面的表说明了为什么 10 个不够）。然后按“检查”。",
      hint: "把凸起数设为 20，陡峭度调高，再把每个高度设为 f 在该段中点的值。",
      solution: "二十个陡峭的凸起，每个取 f 在对应二十分之一段中点的值，平均 |f − g| 约为 0.022。",
    },
    "bumps-one": {
      title: "两个神经元做一个凸起",
      task:
        "写出 bump(x, h, left, right)：在 (left, right) 上约为 h，其他地方约为 0，由两个 sigmoid 神经元构成。它会在隐藏的高度和区间上检查：离每条边 0.03 以外，误差在 0.05 以内。",
      hint:
        "陡峭的 σ(w(x − left)) 在 left 处跳升。减去一个在 right 处跳升的，再乘以 h。w 要多陡才能让 σ(w·0.03) ≈ 1？",
      solution: "两个陡峭度为 1000 的台阶，前一个减后一个，再乘以 h：σ(30) 在 13 位数字内等于 1。",
    },
    "bumps-double": {
      title: "凸起加倍",
      task:
        "先用 10 个凸起、再用 20 个凸起（每个取 f 在该段上的平均值）近似 Nielsen 的 f。平均 |f − g| 会怎样？",
      hint: "在一段之内，段越窄，f 离常数有多远？",
      solution: "约减半：段足够窄时，f 在每段上几乎是一条直线，平坦凸起的偏差与段宽成正比。",
      choices: ["差不多不变", "约减半", "减到四分之一或更少"],
    },
    "loss-learning-rate": {
      title: "发散的边缘",
      task:
        "用上面的损失地形图（MSE）找一个让梯度下降发散的学习率，再找一个仍然收敛、但在界限下方 10% 以内的学习率。",
      hint: "界限是 2 除以碗的最大曲率；图中写出了它。高于界限就发散。",
      solution: "这些点上 MSE 的界限 2/λmax 由图给出；例如取界限的 1.1 倍和 0.95 倍。",
      fields: ["发散的 η", "刚低于界限的 η"],
    },
    "loss-huber": {
      title: "亲手写 Huber",
      task:
        "用引擎的运算写出 huber(pred, target, delta)：|r| < δ 处取 ½r²，其他地方取 δ(|r| − ½δ)，再求平均。它必须在隐藏输入上与 F.huberLoss 的值和梯度一致。",
      hint:
        "a = pred.sub(target).abs()；a.lt(delta) 在二次部分适用处为 1。用它（和 1 减它）把两部分混合，再求平均。",
      solution: "两部分在所有位置都算出来，再用一个 0/1 掩码（本身没有梯度）为每个元素挑一个。",
    },
    "loss-softmax": {
      title: "不会溢出的 softmax",
      task:
        "为若干行 logit（沿最后一个轴）写出 softmax(z)，对 1,000 和 −1,000 的 logit 也保持有限。会在隐藏的 logit 上与 F.softmax 比较。",
      hint: "在浮点数里 e^1000 是 ∞。给一行的每个 logit 减去同一个数，softmax 不变。",
      solution: "先减去每行最大的 logit：最大的变成 e⁰ = 1，什么都不会溢出。",
    },
    "mnist-params": {
      title: "数参数",
      task: "多层感知机 784-64-10 有多少个参数（权重和偏置）？请给出准确的整数。",
      hint: "从 m 个输入到 n 个输出的层有 n × m 的权重矩阵和 n 个偏置。",
      solution: "64·(784 + 1) + 10·(64 + 1) = 50,240 + 650 = 50,890。",
      fields: ["参数个数"],
    },
    "mnist-pixels": {
      title: "忘了归一化",
      task:
        "一个未训练的 784-128-10 网络，输入 256 个训练数字，像素是 0 到 255 的原始值而不是归一化后的值。它的第一个交叉熵损失会是多少？",
      hint:
        "每个隐藏单元是 784 个像素的加权和，每个 logit 又是 128 个隐藏单元的加权和；ReLU 会把尺度原样传下去。每个像素都比 [0, 1] 里大 255 倍时，logit 会怎样？",
      solution:
        "logit 随像素一起变大，未训练的网络在大多数数字上自信地出错：换 10 个种子、3 个批次，第一个损失都在约 25 到 39 之间，而归一化后的数字给出约 ln 10 ≈ 2.30（2.32 到 2.38）。归一化让起点保持正常。",
      choices: ["约为 ln 10 ≈ 2.3（低于 3）", "3 到 15 之间", "大于 15"],
    },
    "mnist-small": {
      title: "小网络达到 90%",
      task: "在上面的训练器里，用最多 50,000 个参数的模型达到至少 90% 的验证准确率。然后按“检查”。",
      hint:
        "先数一数：64 个隐藏单元已经太多了（见上一个练习）。隐藏层为 32 的多层感知机有 25,450 个参数。",
      solution:
        `MLP 784-32-10，用训练器的默认设置（Adam，η = 0.003，批大小 32，5 个轮次），验证集上最终为 ${MLP32}%（种子 1）。`,
    },
    "backprop-db": {
      title: "手算 ∂L/∂b",
      task:
        "直线 ax + b，a = 2、b = 1，三个点 x = (3, 1, −1)、y = (10, 4, 0)，L 是残差平方的平均。请输入 ∂L/∂b（允许误差 ±0.01）。",
      hint: "∂L/∂b = (2/3)·Σ rᵢ，其中 rᵢ = a·xᵢ + b − yᵢ。",
      solution: "残差为 −3、−1、−1；∂L/∂b = (2/3)(−5) = −10/3 ≈ −3.333。",
      fields: ["∂L/∂b"],
    },
    "backprop-da": {
      title: "手算 ∂L/∂a",
      task: "同样的直线和点：请输入 ∂L/∂a（允许误差 ±0.01）。上面的单步演示可以显示每个局部导数。",
      hint: "∂L/∂a = (2/3)·Σ rᵢ·xᵢ。",
      solution: "(2/3)(−3·3 − 1·1 − 1·(−1)) = (2/3)(−9) = −6。",
      fields: ["∂L/∂a"],
    },
    "backprop-mlp": {
      title: "两层多层感知机的前向与反向",
      task:
        "写出 mlpGrads(X, Y, W1, b1, W2, b2)：一个隐藏层用 sigmoid、损失为 softmax 交叉熵（对批次取平均）的两层多层感知机。返回张量 { loss, dW1, db1, dW2, db2 }，每个梯度与对应参数形状相同，只用矩阵运算求出（不调用 backward()）。和 PyTorch 一样，每一行是一个样本。它会在隐藏的随机网络和批次上，与逐个数值另行算出的梯度比较。",
      hint:
        "一层一层往回走。设 P = softmax(Z₂)，logit 的误差信号是 D₂ = (P − Y)/n，每个样本一行（除以 n 是因为损失取平均）。权重梯度是 δ·xᵀ 在批次上的和：W₂ 的是 D₂ᵀH；偏置梯度是对应 D 各行之和。隐藏层的误差是 D₁ = (D₂W₂) ⊙ H ⊙ (1 − H)：就是本课的 Wᵀδ ⊙ σ′，逐行计算，σ′ = σ(1 − σ)。然后 dW₁ = D₁ᵀX。",
      solution:
        "前向计算之后：D₂ = (P − Y)/n；dW₂ = D₂ᵀH，db₂ = D₂ 各行之和；D₁ = (D₂W₂) ⊙ H(1 − H)；dW₁ = D₁ᵀX，db₁ = D₁ 各行之和。若每个样本占一列，同样的式子写作 δ₂ = p − y、∂L/∂W₂ = δ₂hᵀ、δ₁ = (W₂ᵀδ₂) ⊙ σ′(z₁)：正是本课的递推式，再对批次求和。",
    },
    "backprop-numeric": {
      title: "数值导数",
      task:
        "写出 numericGrad(f, x)：只用 f 的值求 f′(x)，误差在 0.1% 以内（在隐藏的函数和点上检查）。",
      hint:
        "(f(x + h) − f(x))/h 的误差与 h 成正比；中心差分 (f(x + h) − f(x − h))/2h 的误差与 h² 成正比。",
      solution: "h = 10⁻⁵ 的中心差分。",
    },
    // Lesson 6 (conv), conv-a
    "conv-out-size": {
      title: "算一个输出大小",
      task: "28 × 28 的输入经过一个卷积：卷积核 5 × 5，填充 1，步幅 2。输出有多少个像素宽？",
      hint: "⌊(n + 2p − k)/s⌋ + 1：先填充，数出卷积核能放下的位置，再每 s 个取一个。向下取整。",
      solution: "⌊(28 + 2·1 − 5)/2⌋ + 1 = ⌊25/2⌋ + 1 = 12 + 1 = 13。",
      fields: ["输出宽度"],
    },
    "conv-horizontal": {
      title: "找水平笔画的卷积核",
      task:
        "在第一个图里设置卷积核，让它找出水平笔画：在 30 个隐藏数字上（不是图里显示的那些），它在水平笔画上的响应（取绝对值）至少要是竖直笔画上的两倍。然后按“检查”。",
      hint:
        "横着走的笔画上方和下方都是白纸，所以墨迹是从上到下变化的。让卷积核的各行权重不同，而同一行的各列权重相同。",
      solution:
        "经典的水平边缘卷积核（上一行 −1、中间 0、下一行 +1）能通过，线条卷积核也能：中间一行 2，上下两行 −1。转四分之一圈后不变的卷积核（模糊、恒等、锐化）对两个方向的响应差不多，竖直边缘卷积核则偏向竖直笔画：它们都通不过。",
    },
    // Lesson 6 (convolutions), conv-b.
    "conv-by-hand": {
      title: "手写 conv2d",
      task:
        "写出 conv2d(x, w, stride)：x 是一张 [H, W] 的图，w 是 [k, k] 的卷积核，stride 是不小于 1 的整数。不调用 F.conv2d，返回与 F.conv2d 相同的有效卷积（不填充、不翻转卷积核），形状为 [⌊(H − k)/stride⌋ + 1, ⌊(W − k)/stride⌋ + 1] 的张量。会在隐藏的图像、卷积核和步幅上与真正的卷积比对。",
      hint:
        "输出像素 (i, j) 对应左上角在 (i·stride, j·stride) 的窗口：out[i][j] = Σₐ Σ_b x[i·stride + a][j·stride + b] · w[a][b]。用 toArray() 把两个张量读成数组，用循环填好嵌套数组，再返回 tensor(out)。",
      solution:
        "外面两层循环走遍输出位置，里面两层走遍卷积核，读取 (i·stride + a, j·stride + b) 处的像素；每个方向的输出边长是 ⌊(n − k)/stride⌋ + 1。",
    },
    // Lesson 7 (training), optimizers (train-b).
    "training-adam": {
      title: "亲手写 Adam 的更新",
      task:
        "不用 optim，写出 adam(theta, grads, lr, beta1, beta2, eps)：从 θ = theta、m = v = 0 开始，对 grads 里的每个梯度（一个数组的列表，每步一个）做一步 Adam，返回 θ（一个数字数组）。它会在隐藏用例上与另行用 float64 算出的 Adam 比较（与 optim.Adam 一致，测试会核对这一点）：只走一步、走很多步、β₁ = 0、很大的 ε、从 0.01 到 10 的梯度。",
      hint:
        "逐个坐标：m ← β₁m + (1 − β₁)g，v ← β₂v + (1 − β₂)g²，然后 m̂ = m/(1 − β₁ᵗ)、v̂ = v/(1 − β₂ᵗ)（t 从 1 数起），最后 θ ← θ − η·m̂/(√v̂ + ε)。ε 加在开方之后。只走一步的用例最能说明问题：那时 m̂ = g、v̂ = g²，所以无论 g 多大，步长都约为 η。",
      solution:
        "就是本课的公式，逐个坐标计算：更新 m 和 v，各自除以 1 − βᵗ，再走 η·m̂/(√v̂ + ε)。忘了修正，最初几步的大小就会差 (1 − β₁)/√(1 − β₂) 倍（默认设置下约为 3）。",
    },
    "training-first": {
      title: "哪个优化器最先到达？",
      task:
        "本课给出了 Rosenbrock 在 β = 0.9 时的步数：动量最先到达。把图设为 Rosenbrock 的默认设置（SGD 和动量 η = 0.01，RMSProp 和 Adam η = 0.1，β₂ = 0.999），再把 β（动量的 β，也是 Adam 的 β₁）调到 0.99。先别看图里的表：现在四个里谁最先把损失降到 10⁻³ 以下？选好后按“运行实验”，答案取自图自己的运行结果。",
      hint:
        "β = 0.99 让速度记住约 100 个梯度，而不是 10 个。更重的球在弯曲山谷的拐弯处和谷底会怎样？四个里哪个根本不用 β？哪个只用它来平均方向，而步长仍约为 η？",
      solution:
        "Adam。β = 0.99 时动量会冲过头：速度带着它冲过拐弯、冲过最小值，来回摆动，800 步内降不到容差以下。Adam 也对约 100 个梯度取平均，所以慢了下来，但它的步长仍约为 η，还是比 SGD 先到；SGD 不受 β 影响。RMSProp 在固定的 η 下仍围着最小值打转。",
      choices: ["SGD", "动量", "RMSProp", "Adam"],
    },
    // Lesson 7 (training), initialization (train-a).
    "training-init-depth": {
      title: "二十层，方差不变",
      task:
        "在上面的图里设成 20 个隐藏层，并选好你的增益（“你的”方案，权重取自 N(0, (增益/√n)²)），使第 0 步时最后一个隐藏层激活的方差与第一层相差不超过 2 倍（在 ½ 到 2 倍之间）。测量第 0 步，然后按“检查”。",
      hint:
        "每一层大约把方差乘以 增益² ×（非线性函数保留的部分），二十层要把这个因子连乘十九次：稍多或稍少都会累积起来。ReLU 保留一半的二阶矩；tanh 会把大的值压扁。",
      solution:
        "用 tanh 时，PyTorch 为 tanh 给的增益 5/3 ≈ 1.67 能让比值落在范围内：更大的增益本会放大的部分被 tanh 压住了。用 ReLU 时范围很窄：在这些 64 个单元的层上，连 He 的 √2 ≈ 1.41 也会偏出去，所以要在 1.38 附近以 0.01 为步长移动增益，同时看着比值。",
    },
    // Lesson 7 (training): learning curves (train-c).
    "training-range": {
      title: "读懂你的范围测试",
      task:
        "先运行上面的范围测试，再填入你会用来训练的学习率：平滑损失已经明显下降、又低于最低点所在学习率的一个值。答案按你自己的曲线检查。",
      hint: "找到平滑曲线的最低点，在对数坐标上读出它的 η；从那里往左，走到曲线仍然陡峭的地方。",
      solution:
        "平滑损失下降了 10% 之后、到最低点之前的任何学习率都算对；通常取最低点学习率的十分之一。",
      fields: ["η"],
    },
    "training-gap": {
      title: "缩小差距",
      task:
        `在学习曲线图里，完成一次训练准确率与验证准确率之差低于 ${GAP_TASK.maxGap} 个百分点、验证准确率不低于 ${GAP_TASK.minVal}%（不加正则化那次的结果）的运行，然后按“检查”。`,
      hint: "看表格：单独使用时，哪个开关最能缩小差距？开关也可以一起用。",
      solution: `只有 500 个数字时，单独哪一个开关都做不到；四个一起可以：差距 ${
        claimText("training.curves.all.gap")
      } 个百分点，验证准确率 ${
        claimText("training.curves.all.val")
      }%（种子 1）。勾选“四种一起”再训练。`,
    },
    // 第 1 课，游乐场的输入特征。
    "playground-features": {
      title: "没有隐藏层也能分开圆环",
      task:
        "在游乐场里保留圆环数据集，把隐藏层数设为 0：这时网络只是一个神经元，它的分界线在它拿到的输入里总是一条直线。挑选输入特征，让它仍然能把圆环分开；训练到测试准确率不低于 90% 时，按“检查”。",
      hint:
        "一个点属于哪一类，只取决于它离中心有多远。哪个特征会随着这个距离变大，而不管方向如何？",
      solution:
        "给它 x₁² 和 x₂²（x₁、x₂ 留不留都行）。这个神经元计算 w₁x₁² + w₂x₂² + b；当 w₁ ≈ w₂ 时，它在平面上的分界是一个圆，在特征空间里却是一条直线。用游乐场的默认设置，300 步以内测试准确率就超过 90%；只用 x₁ 和 x₂ 时则一直低于 75%（tests/components/function_trainers.test.ts）。",
    },
  },
  codeComments: {
    "// Gradient descent by hand, no optim: return the a and b of y ≈ a·x + b.":
      "// 手写梯度下降，不用 optim：返回 y ≈ a·x + b 的 a 和 b。",
    "// ... steps: a ← a − η ∂L/∂a, b ← b − η ∂L/∂b, with L = F.mseLoss(x·a + b, y)":
      "// ……每步：a ← a − η ∂L/∂a，b ← b − η ∂L/∂b，其中 L = F.mseLoss(x·a + b, y)",
    "// a = 2, b = 1": "// a = 2，b = 1",
    "// below 2/λmax ≈ 0.42 on the example; 0.5 runs away there":
      "// 低于示例上的 2/λmax ≈ 0.42；取 0.5 会发散",
    '// A line trained on the "xor" points: the share it gets right.':
      '// 在 "xor" 点上训练一条直线：它分对的比例。',
    "// bump(x, h, left, right): about h on (left, right), about 0 elsewhere, from two neurons.":
      "// bump(x, h, left, right)：在 (left, right) 上约为 h，其余处约为 0，由两个神经元组成。",
    "// steepness": "// 陡峭度",
    "// a step up only: add the second neuron": "// 只有向上的一级台阶：加上第二个神经元",
    "// steep enough to be a step 0.03 away from each edge": "// 足够陡：离每条边 0.03 处已是台阶",
    "// Nielsen's f with 10, then 20 bumps (each at f's average over its slice): mean |f − g|.":
      "// 用 10 个、再用 20 个凸起拟合 Nielsen 的 f（每个取 f 在其小段上的平均）：平均 |f − g|。",
    "// huber(pred, target, delta): the mean Huber loss, with engine ops.":
      "// huber(pred, target, delta)：用引擎的运算求 Huber 损失的平均值。",
    "// this is MSE: make it Huber": "// 这是 MSE：把它改成 Huber",
    "// ½ r² near zero": "// 在零附近为 ½ r²",
    "// δ(|r| − ½δ) further out": "// 离零较远处为 δ(|r| − ½δ)",
    "// one or the other, per element": "// 逐元素二选一",
    "// softmax(z): each row of z turned into probabilities, finite even for logits of 1,000.":
      "// softmax(z)：把 z 的每一行变成概率，logits 为 1,000 时也要有限。",
    "// the largest logit of each row becomes 0": "// 每行最大的 logit 变为 0",
    "// An untrained 784-128-10 network, fed 256 training digits as pixels 0–255 (not scaled to":
      "// 一个未训练的 784-128-10 网络，输入 256 个训练数字，像素取 0–255（未缩放到",
    "// [0, 1], not normalized): its first loss.": "// [0, 1]，也未标准化）：它的第一个损失。",
    "// mlpGrads: one forward and one backward pass of a 2-layer MLP, with matrix operations only.":
      "// mlpGrads：两层 MLP 的一次前向和一次反向传播，只用矩阵运算。",
    "// Rows are examples: X [n, in], Y one-hot [n, classes], W1 [hidden, in], b1 [hidden],":
      "// 每行一个样本：X [n, in]，Y 为 one-hot [n, classes]，W1 [hidden, in]，b1 [hidden]，",
    "// W2 [classes, hidden], b2 [classes]. Hidden layer: sigmoid. Loss: the mean cross-entropy.":
      "// W2 [classes, hidden]，b2 [classes]。隐藏层：sigmoid。损失：交叉熵的平均值。",
    "// [n, hidden]": "// [n, hidden]",
    "// [n, classes]: the logits": "// [n, classes]：logits",
    "// The backward pass, without backward(): each gradient has its parameter's shape.":
      "// 反向传播，不调用 backward()：每个梯度的形状与其参数相同。",
    "// ∂L/∂Z2 = (P − Y)/n, one row per example": "// ∂L/∂Z2 = (P − Y)/n，每个样本一行",
    "// Σ over the batch of δ₂ hᵀ": "// 对批次求和 δ₂ hᵀ",
    "// (W₂ᵀδ₂) ⊙ σ′(z₁), σ′ = h(1 − h)": "// (W₂ᵀδ₂) ⊙ σ′(z₁)，σ′ = h(1 − h)",
    "// Σ over the batch of δ₁ xᵀ": "// 对批次求和 δ₁ xᵀ",
    "// numericGrad(f, x): f′(x) from two values of f, no backward().":
      "// numericGrad(f, x)：用 f 的两个值求 f′(x)，不调用 backward()。",
    "// f′(3) = 6": "// f′(3) = 6",
    "// central difference: error ∝ h²": "// 中心差分：误差 ∝ h²",
    "// conv2d(x, w, stride): the valid convolution of an image x [H, W] with a kernel w [k, k],":
      "// conv2d(x, w, stride)：图像 x [H, W] 与卷积核 w [k, k] 的 valid 卷积，",
    "// as F.conv2d computes it (the kernel is not flipped), without calling F.conv2d.":
      "// 与 F.conv2d 的算法相同（卷积核不翻转），但不调用 F.conv2d。",
    "// ... out[i][j] = the sum of the window at (i·stride, j·stride), each pixel times its weight":
      "// ……out[i][j] = 位于 (i·stride, j·stride) 的窗口中每个像素乘以其权重之和",
    "// a 3×3 map of −6": "// 一张全为 −6 的 3×3 特征图",
    "// Adam by hand, no optim: θ after one step per gradient (plain numbers).":
      "// 手写 Adam，不用 optim：每个梯度走一步后的 θ（普通数字）。",
    "// steps count from 1": "// 步数从 1 开始",
    "// m, v, their bias corrections, then the step of coordinate i":
      "// m、v 及其偏差修正，然后是第 i 个坐标的一步",
    "// The engine's Adam on the same gradients, to compare with:":
      "// 引擎的 Adam 在相同梯度上的结果，用来对照：",
    "// m and v start at 0: undo it": "// m 和 v 从 0 开始：抵消这一偏差",
  },
  progress: {
    label: "练习",
    solved: (k, n) => `已完成 ${k} / ${n} 个练习`,
    reset: "重置本课的练习",
    resetConfirm: "要忘掉本课已完成的练习吗？",
    exportFile: "导出进度",
    importFile: "导入进度",
    imported: (k) => `已导入：完成了 ${k} 个练习。`,
    setAside: (key) =>
      `保存的练习进度有一部分无法读取。能读取的都已保留；原来的记录另存在本浏览器存储的“${key}”中。`,
    dismiss: "知道了，删除副本",
    errors: {
      tooBig: "这个文件太大，不像进度文件（最多 64 KB）。",
      notJson: "这个文件不是 JSON：请选择本页导出的文件。",
      shape: "这个 JSON 不是本站的进度文件。",
      read: "无法读取这个文件。",
    },
  },
};

export const EXERCISE_TEXT: Texts<ExerciseStrings> = { en: EN, zh: ZH };

/** A verdict in words. */
export function verdictText(t: ExerciseStrings, v: Verdict): string {
  return t.reasons[v.reason](v.detail);
}
