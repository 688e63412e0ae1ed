/**
 * Numbers the lessons state about experiments, computed here by running each experiment with the
 * code the page runs (the engine, or the figures' own math modules). When one of these fails, the
 * prose and this file change together: each test names the lesson and the sentence.
 */
import assert from "node:assert/strict";
import { F, initBackend, nn, noGrad, optim, tensor } from "../../engine/mod.ts";
import {
  lossGrad,
  lossValue,
  makePoints,
  mseCurvature,
  START,
} from "../../components/loss/math.ts";
import {
  averageDeviation,
  bumpNet,
  evalNet,
  fitHeights,
  linspace,
  meanSquaredError,
  nielsen,
} from "../../components/bumps/math.ts";
import { loadShippedDigits } from "../../mnist/shipped.ts";
import { makeDataset } from "../../components/function/datasets.ts";
import { MNIST_NORMALIZATION } from "../../mnist/dataset.ts";
import { claimValue } from "../../claims/mod.ts";
import { listLessons, runCells } from "../../components/cells/cli.ts";
import { CLASSIFIER_RUN_STEPS } from "../../components/loss/classifier_trainer.ts";
import { linePoints, scoreLine } from "../../components/function/line.ts";

await initBackend({ order: ["cpu"] });

const within = (value: number, [lo, hi]: [number, number], what: string) =>
  assert.ok(value >= lo && value <= hi, `${what}: ${value} not in [${lo}, ${hi}]`);

// ------------------------------------------------------------------ lesson 1, function.mdx

/** The text a lesson's cell prints, run in full (the page's run, CPU backend). */
async function cellText(slug: string, lang: string, marker: string): Promise<string> {
  const lesson = (await listLessons(lang)).find((l) => l.slug === slug)!;
  const cell = lesson.cells.find((c) => c.code.includes(marker));
  assert.ok(cell, `${slug}.mdx (${lang}) has the cell with ${marker}`);
  const { results } = await runCells(slug, [{ ...cell, test: {} }], { backend: "cpu", test: true });
  assert.equal(results[0].error, undefined, JSON.stringify(results[0].error));
  return results[0].outputs.map((o) => (o.kind === "text" ? o.text : "")).join("\n");
}

Deno.test("function.mdx: the by-hand cell ends at a = 0.370, b = 0.326, loss 0.208 (w₂ = 1 fixes the logit's scale)", async () => {
  const text = await cellText("function", "en", "by hand: a =");
  const m = text.match(/by hand: a = (-?[\d.]+), b = (-?[\d.]+), loss ([\d.]+)/);
  assert.ok(m, text);
  assert.deepEqual([m[1], m[2]], ["0.370", "0.326"]);
  within(Number(m[3]), [0.2075, 0.2085], "loss after 200 steps");
  // The "linear" set is separable (every point 0.1·EXTENT from x₂ = 0.4x₁ + 0.1 before scaling),
  // yet the loss plateaus: 2,000 steps reach the same 0.208; ten times the logit scores 0.002.
  const d = makeDataset("linear", 100, 0, 1);
  const pts = {
    x1: d.x.filter((_, i) => i % 2 === 0),
    x2: d.x.filter((_, i) => i % 2 === 1),
    y: d.y,
  };
  assert.equal(scoreLine(pts, 0.4, 0.1).wrong.length, 0, "a line separates the set");
  const bce = (a: number, b: number, k: number) => {
    let sum = 0;
    for (let i = 0; i < pts.y.length; i++) {
      const z = k * (pts.x2[i] - (a * pts.x1[i] + b));
      sum += Math.max(z, 0) - z * pts.y[i] + Math.log1p(Math.exp(-Math.abs(z)));
    }
    return sum / pts.y.length;
  };
  const long = descend(pts, 2000);
  within(bce(long.a, long.b, 1), [0.2075, 0.2085], "loss after 2,000 steps");
  within(bce(0.370, 0.326, 10), [0.0015, 0.0025], "the same line, logit ×10");
  // The same loop on the figure's 40 points ends near the line found by eye.
  const own = descend(linePoints(40, 1), 200);
  within(own.a, [-0.85, -0.83], "a on the figure's points");
  within(own.b, [0.49, 0.51], "b on the figure's points");
});

/** The by-hand cell's loop (a = 0.5, b = 0, η = 0.1) on plain numbers. */
function descend(
  p: { x1: ArrayLike<number>; x2: ArrayLike<number>; y: ArrayLike<number> },
  steps: number,
) {
  let a = 0.5, b = 0;
  const n = p.y.length;
  for (let s = 0; s < steps; s++) {
    let ga = 0, gb = 0;
    for (let i = 0; i < n; i++) {
      const z = p.x2[i] - (a * p.x1[i] + b);
      const r = 1 / (1 + Math.exp(-z)) - p.y[i]; // ∂ℓ/∂z
      ga -= (r * p.x1[i]) / n;
      gb -= r / n;
    }
    a -= 0.1 * ga;
    b -= 0.1 * gb;
  }
  return { a, b };
}

// ------------------------------------------------------------------ lesson 3, loss.mdx

/**
 * ClassifierLoss's own run (lesson: `target={0}`, "Confidently wrong" sets the logits to
 * [−2, 0, 4]): plain SGD with η = 1 on two copies of the logits, one by cross-entropy, one by MSE
 * of the softmax against the one-hot target.
 */
function classifierRun(steps: number) {
  const start = [-2, 0, 4];
  const zCe = tensor([start], [1, 3], { requiresGrad: true });
  const zMse = tensor([start], [1, 3], { requiresGrad: true });
  const target = tensor([0], [1], { dtype: "int32" });
  const oneHot = tensor([1, 0, 0], [1, 3]);
  const opt = new optim.SGD([zCe, zMse], { lr: 1 });
  const p = (z: typeof zCe) => noGrad(() => F.softmax(z, 1)).dataSync()[0];
  const pCe = [p(zCe)], pMse = [p(zMse)];
  for (let s = 1; s <= steps; s++) {
    opt.zeroGrad();
    F.crossEntropy(zCe, target).backward();
    F.mseLoss(F.softmax(zMse, 1), oneHot).backward();
    opt.step();
    pCe.push(p(zCe));
    pMse.push(p(zMse));
  }
  const firstAbove = (ps: number[], t: number) => ps.findIndex((v) => v > t);
  return { pCe, pMse, ce90: firstAbove(pCe, 0.9), mse90: firstAbove(pMse, 0.9) };
}

Deno.test("loss.mdx: confidently wrong, cross-entropy passes p = 0.9 in about ten steps, MSE is at 0.897 when the run ends (150 steps)", () => {
  const r = classifierRun(200);
  within(r.ce90, [5, 15], "cross-entropy: steps to p > 0.9");
  assert.equal(CLASSIFIER_RUN_STEPS, 150, "the figure's run");
  within(r.pMse[CLASSIFIER_RUN_STEPS], [0.895, 0.9], "MSE: p when the figure's run ends");
  within(r.mse90, [151, 156], "MSE: steps to p > 0.9 (after the run)");
  within(r.pMse[100], [0.15, 0.3], "MSE: p after 100 steps");
  within(r.pMse[50], [0.01, 0.02], "MSE: p after 50 steps");
});

Deno.test("loss.mdx: at η = 0.01, 120 steps move a from −1 to about −0.26 and halve the loss", () => {
  const pts = makePoints(30, false);
  let { a, b } = START;
  const l0 = lossValue("mse", a, b, pts);
  for (let s = 0; s < 120; s++) {
    const [ga, gb] = lossGrad("mse", a, b, pts);
    a -= 0.01 * ga;
    b -= 0.01 * gb;
  }
  const l = lossValue("mse", a, b, pts);
  within(a, [-0.3, -0.22], "a after 120 steps");
  within(l / l0, [0.4, 0.6], "loss ratio");
  within(mseCurvature(pts.xs), [4.28, 4.38], "λmax");
});

Deno.test("loss.mdx: MAE's gradient is bounded by (mean |xᵢ|, 1) everywhere", () => {
  const pts = makePoints(30, false);
  const bound = pts.xs.reduce((s, x) => s + Math.abs(x), 0) / pts.xs.length;
  let maxA = 0, maxB = 0;
  for (const a of linspace(-50, 50, 41)) {
    for (const b of linspace(-50, 50, 41)) {
      const [ga, gb] = lossGrad("mae", a, b, pts);
      maxA = Math.max(maxA, Math.abs(ga));
      maxB = Math.max(maxB, Math.abs(gb));
    }
  }
  assert.ok(maxA <= bound + 1e-12 && maxB <= 1, `${maxA} ${maxB}`);
  // Far from the line every residual has one sign and the bound is reached.
  assert.ok(Math.abs(maxA - bound) < 1e-9 && maxB === 1);
});

Deno.test("loss.mdx: at η = 0.5, MSE's steps grow by a fixed factor; MAE's stay bounded but do not shrink", () => {
  const pts = makePoints(30, false);
  const run = (loss: "mse" | "mae") => {
    let { a, b } = START;
    const lengths: number[] = [];
    for (let s = 0; s < 200; s++) {
      const [ga, gb] = lossGrad(loss, a, b, pts);
      a -= 0.5 * ga;
      b -= 0.5 * gb;
      lengths.push(0.5 * Math.hypot(ga, gb));
      if (!Number.isFinite(a)) break;
    }
    return { a, b, lengths };
  };
  const mse = run("mse");
  const ratio = mse.lengths[60] / mse.lengths[59];
  within(
    ratio,
    [0.99 * (0.5 * mseCurvature(pts.xs) - 1), 1.01 * (0.5 * mseCurvature(pts.xs) - 1)],
    "MSE: step ratio → |1 − ηλmax|",
  );
  const mae = run("mae");
  assert.ok(Math.abs(mae.a) < 10 && Math.abs(mae.b) < 10, `MAE stays near: ${mae.a}, ${mae.b}`);
  const late = mae.lengths.slice(150);
  assert.ok(Math.min(...late) > 0.1, `MAE's late steps: ${Math.min(...late)}`);
});

Deno.test("loss.mdx: naive softmax overflows to NaN in float32, the naive log-softmax to −∞; the max-shifted one does not", () => {
  const z = tensor([[100, 0, -100]], [1, 3]);
  const naive = z.exp().div(z.exp().sum(1, true)).dataSync();
  assert.ok(Number.isNaN(naive[0]), `naive softmax: ${naive[0]}`);
  // The log-softmax as written, z − log Σ e^z: −∞ in every place; the log of the naive softmax:
  // NaN where the softmax was NaN, −∞ where it underflowed to 0.
  const naiveLog = z.sub(z.exp().sum(1, true).log()).dataSync();
  assert.deepEqual(Array.from(naiveLog), [-Infinity, -Infinity, -Infinity]);
  const logOfNaive = Array.from(z.exp().div(z.exp().sum(1, true)).log().dataSync());
  assert.ok(Number.isNaN(logOfNaive[0]), `log of the naive softmax: ${logOfNaive}`);
  assert.deepEqual(logOfNaive.slice(1), [-Infinity, -Infinity]);
  const stable = F.logSoftmax(z, 1).dataSync();
  assert.ok(Math.abs(stable[0]) < 1e-6 && Math.abs(stable[1] + 100) < 1e-3, `${stable}`);
  assert.ok(Math.abs(stable[2] + 200) < 1e-3, `${stable}`);
  // Adding a constant to every logit changes nothing.
  const shifted = F.softmax(tensor([[3, 1, -2]], [1, 3]).add(50), 1).dataSync();
  const plain = F.softmax(tensor([[3, 1, -2]], [1, 3]), 1).dataSync();
  plain.forEach((p, k) => assert.ok(Math.abs(p - shifted[k]) < 1e-6));
  // Two classes: softmax([z, 0]) is the sigmoid of z.
  const two = F.softmax(tensor([[1.5, 0]], [1, 2]), 1).dataSync()[0];
  assert.ok(Math.abs(two - 1 / (1 + Math.exp(-1.5))) < 1e-6);
});

// ------------------------------------------------------------------ lesson 2, bumps.mdx

/** The staircase of n bumps with ideal steps, heights fitted to f. */
function idealStaircase(n: number) {
  const h = fitHeights(n);
  return (x: number) => h[Math.min(n - 1, Math.floor(x * n))];
}

Deno.test("bumps.mdx: mean |f − staircase| for 5 … 100 bumps; halving per doubling only for many bumps", () => {
  const errs = Object.fromEntries(
    [5, 10, 20, 40, 50, 80, 100].map((
      n,
    ) => [n, averageDeviation(idealStaircase(n), nielsen, 20000)]),
  );
  within(errs[5], [0.07, 0.08], "5 bumps");
  within(errs[10], [0.05, 0.06], "10 bumps");
  within(errs[20], [0.02, 0.03], "20");
  within(errs[50], [0.009, 0.011], "50");
  within(errs[100], [0.0045, 0.0055], "100");
  within(errs[5] / errs[10], [1.3, 1.45], "5 → 10");
  within(errs[50] / errs[100], [1.9, 2.1], "50 → 100");
});

Deno.test("bumps.mdx: mean |f − g| is an L1 distance; a loss on 20 samples estimates it", () => {
  const g = idealStaircase(5);
  const l1 = averageDeviation(g, nielsen, 20000);
  const l2 = Math.sqrt(meanSquaredError(g, nielsen, 20000));
  // 20 evenly spaced samples, as a small training set would give.
  const xs = linspace(0, 1, 20);
  const sampled = xs.reduce((s, x) => s + Math.abs(nielsen(x) - g(x)), 0) / xs.length;
  within(l1, [0.074, 0.076], "L1 distance, 5 bumps");
  within(l2, [0.099, 0.102], "L2 distance, 5 bumps");
  within(sampled, [0.069, 0.072], "mean |f − g| on 20 samples");
  assert.ok(l2 >= l1, "L2 ≥ L1 (Cauchy–Schwarz)");
});

Deno.test("bumps.mdx: steep sigmoids saturate: the gradient is 33× smaller, 8× at equal residuals", () => {
  const xs = linspace(0, 1, 200);
  const X = tensor(xs, [200, 1]);
  const Y = tensor(xs.map(nielsen), [200, 1]);
  const gradNorm = (w: number) => {
    const net = bumpNet(fitHeights(5), w);
    const l1 = new nn.Linear(1, 10);
    const l2 = new nn.Linear(10, 1);
    l1.loadStateDict({
      weight: { shape: [10, 1], values: Float32Array.from(net.w) },
      bias: { shape: [10], values: Float32Array.from(net.b) },
    });
    l2.loadStateDict({
      weight: { shape: [1, 10], values: Float32Array.from(net.v) },
      bias: { shape: [1], values: Float32Array.from([net.c]) },
    });
    const model = new nn.Sequential(l1, new nn.Sigmoid(), l2);
    F.mseLoss(model.forward(X), Y).backward();
    const g = [...l1.weight.grad!.dataSync(), ...l1.bias!.grad!.dataSync()];
    // The share of (neuron, sample) pairs whose σ′ is below 1% of its peak.
    let flat = 0;
    for (const x of xs) {
      for (let i = 0; i < 10; i++) {
        const s = 1 / (1 + Math.exp(-(net.w[i] * x + net.b[i])));
        if (s * (1 - s) < 0.0025) flat++;
      }
    }
    const mse = meanSquaredError((x) => evalNet(net, x));
    return { norm: Math.hypot(...g), flat: flat / (10 * xs.length), mse };
  };
  const steep = gradNorm(400), gentle = gradNorm(5);
  within(steep.flat, [0.96, 0.98], "steepness 400: share of flat (neuron, sample) pairs");
  assert.equal(gentle.flat, 0, "steepness 5: no flat pair");
  within(gentle.norm / steep.norm, [25, 40], "gradient norm, steepness 5 over 400");
  // ... although the steep staircase fits f better.
  within(steep.mse, [0.009, 0.011], "MSE at steepness 400");
  within(gentle.mse, [0.045, 0.05], "MSE at steepness 5");
  // Part of the 33 is the residuals: their root-mean-square on the 200 points is 0.11 and 0.22.
  const rms = (w: number) => {
    const net = bumpNet(fitHeights(5), w);
    return Math.sqrt(xs.reduce((s, x) => s + (evalNet(net, x) - nielsen(x)) ** 2, 0) / xs.length);
  };
  within(rms(400), [0.1, 0.11], "RMS residual, steepness 400");
  within(rms(5), [0.215, 0.225], "RMS residual, steepness 5");
  // The slopes alone: for residuals of one size in random directions the expected squared norm
  // of the hidden layer's gradient is the squared Frobenius norm of ∂output/∂(w, b) over the
  // points, Σ (vᵢ σ′(zᵢ))² (x² + 1).
  const jacobian = (w: number) => {
    const net = bumpNet(fitHeights(5), w);
    let sum = 0;
    for (let i = 0; i < net.w.length; i++) {
      for (const x of xs) {
        const s = 1 / (1 + Math.exp(-(net.w[i] * x + net.b[i])));
        sum += (net.v[i] * s * (1 - s)) ** 2 * (x * x + 1);
      }
    }
    return Math.sqrt(sum);
  };
  within(jacobian(5) / jacobian(400), [7.3, 8.3], "slope-only factor, steepness 5 over 400");
});

// ------------------------------------------------------------------ lesson 4, mnist.mdx

Deno.test("mnist.mdx: one global μ, σ leaves per-pixel means far from 0; some pixels never change", async () => {
  const { train } = await loadShippedDigits();
  const n = train.count;
  const mean = new Float64Array(784), sq = new Float64Array(784);
  const min = new Uint8Array(784).fill(255), max = new Uint8Array(784);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < 784; p++) {
      const v = train.images[i * 784 + p];
      const x = (v / 255 - MNIST_NORMALIZATION.mean) / MNIST_NORMALIZATION.std;
      mean[p] += x / n;
      sq[p] += (x * x) / n;
      if (v < min[p]) min[p] = v;
      if (v > max[p]) max[p] = v;
    }
  }
  const constant = mean.filter((_, p) => min[p] === max[p]).length;
  const lo = Math.min(...mean), hi = Math.max(...mean);
  const stds = Array.from(mean, (m, p) => Math.sqrt(Math.max(0, sq[p] - m * m)));
  // The numbers the lesson states, from claims/claims.json (experiment "mnist.data").
  assert.equal(constant, claimValue("mnist.data.constantPixels"));
  const stated = (
    name: string,
  ): [number, number] => [claimValue(name) - 0.005, claimValue(name) + 0.005];
  within(lo, stated("mnist.data.pixelMeanMin"), "lowest per-pixel mean");
  within(hi, stated("mnist.data.pixelMeanMax"), "highest per-pixel mean");
  // Per-pixel spreads from 0 (the constant pixels) to about 1.45, not 1.
  within(Math.max(...stds), [1.4, 1.5], "largest per-pixel std");
});

/**
 * "From bumps to features": the lesson's own depth cell, run as the page runs it (CPU backend),
 * with its full configuration or with `shapes` replaced as the prose tells the reader to. Its
 * table's rows, per seed: [seed, network, parameters, training loss, test accuracy %].
 */
async function depthCell(test: Record<string, string> = {}) {
  const mnist = (await listLessons("en")).find((l) => l.slug === "mnist")!;
  const cell = mnist.cells.find((c) => c.code.includes('dataset("spiral"'));
  assert.ok(cell, "mnist.mdx has the depth cell");
  const { results } = await runCells("mnist", [{ ...cell, test }], { backend: "cpu", test: true });
  assert.equal(results[0].error, undefined, JSON.stringify(results[0].error));
  const out = results[0].outputs.find((o) => o.kind === "table");
  assert.ok(out?.kind === "table");
  const rows = out.rows as [number, string, number, number, number][];
  return [1, 2, 3].map((seed) => {
    const [wide, deep] = rows.filter((r) => r[0] === seed);
    return { wide, deep };
  });
}

Deno.test("mnist.mdx: at 149 vs 151 parameters the deeper tanh net fits the spiral 2, 4, 10× closer; both test 99.3–100%", async () => {
  const bySeed = await depthCell();
  const ratios = bySeed.map(({ wide, deep }) => {
    assert.equal(wide[2], 149, "2-37-1 parameters");
    assert.equal(deep[2], 151, "2-10-10-1 parameters");
    for (const acc of [wide[4], deep[4]]) within(acc, [99.3, 100], "test accuracy %");
    return wide[3] / deep[3];
  });
  within(ratios[0], [1.8, 2.4], "seed 1: wide loss / deep loss");
  within(ratios[1], [3.5, 4.5], "seed 2");
  within(ratios[2], [8.5, 11], "seed 3");
});

Deno.test("mnist.mdx: at 49 vs 51 parameters ([12] vs [5, 5]) the single layer tests better for every seed", async () => {
  const bySeed = await depthCell({ shapes: "{ wide: [12], deep: [5, 5] }" });
  const stated = [[86.3, 81.7], [98.7, 77.3], [97.7, 91.3]];
  bySeed.forEach(({ wide, deep }, i) => {
    assert.deepEqual([wide[2], deep[2]], [49, 51], "parameters");
    within(wide[4], [stated[i][0] - 0.5, stated[i][0] + 0.5], `seed ${i + 1}: [12] test %`);
    within(deep[4], [stated[i][1] - 0.5, stated[i][1] + 0.5], `seed ${i + 1}: [5, 5] test %`);
  });
  // Training loss: lower for the single layer for two seeds of the three.
  assert.equal(bySeed.filter(({ wide, deep }) => wide[3] < deep[3]).length, 2);
});

// ------------------------------------------------------------------ initialization

Deno.test("bumps.mdx: the same-start cell sets every weight and every bias to 0.5, as its comment says", async () => {
  const text = await cellText("bumps", "en", "same start:");
  const lesson = (await listLessons("en")).find((l) => l.slug === "bumps")!;
  const code = lesson.cells.find((c) => c.code.includes("same start:"))!.code;
  assert.match(code, /every weight and every bias 0\.5/);
  assert.match(
    code,
    /for \(const p of net\.parameters\(\)\) p\.data = zeros\(p\.shape\)\.add\(0\.5\)/,
  );
  const same = text.split("\n").find((l) => l.startsWith("same start:"))!.split(/\s+/).slice(2);
  assert.equal(same.length, 10);
  assert.equal(new Set(same).size, 1, `one neuron written ten times: ${same}`);
});

Deno.test("initialization: identical weights make identical neurons, and training keeps them so", () => {
  // A 2-4-1 tanh network on XOR-like points, every first-layer weight 0.5 and bias 0 ...
  const X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]].flat(), [4, 2]);
  const Y = tensor([0, 1, 1, 0], [4, 1]);
  const l1 = new nn.Linear(2, 4), l2 = new nn.Linear(4, 1);
  l1.loadStateDict({
    weight: { shape: [4, 2], values: new Float32Array(8).fill(0.5) },
    bias: { shape: [4], values: new Float32Array(4) },
  });
  l2.loadStateDict({
    weight: { shape: [1, 4], values: new Float32Array(4).fill(0.5) },
    bias: { shape: [1], values: new Float32Array(1) },
  });
  const model = new nn.Sequential(l1, new nn.Tanh(), l2);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  for (let s = 0; s < 500; s++) {
    opt.zeroGrad();
    F.mseLoss(model.forward(X), Y).backward();
    opt.step();
  }
  // ... after 500 steps the four hidden neurons are still one neuron written four times.
  const w = l1.weight.dataSync();
  for (let i = 1; i < 4; i++) {
    assert.equal(w[2 * i], w[0]);
    assert.equal(w[2 * i + 1], w[1]);
  }
  assert.notEqual(w[0], 0.5, "the weights did move");
  // Random initial weights (the default) break the tie at once.
  const r = new nn.Linear(2, 4).weight.dataSync();
  assert.notEqual(r[0], r[2]);
});
