/**
 * Lesson 3's pure math: the seeded points, the losses' closed-form derivatives against finite
 * differences, the outlier story (MSE pulled, MAE holds), the MSE bowl's learning-rate limit, and
 * softmax / NLL / MSE with their gradients.
 */
import assert from "node:assert/strict";
import {
  gradTerms,
  leastSquares,
  LOSS_KINDS,
  lossGrad,
  lossKind,
  lossValue,
  makePoints,
  mseCurvature,
  mseOneHot,
  mseOneHotGrad,
  nll,
  nllGrad,
  pointLoss,
  softmax,
  START,
  viridis,
} from "../../components/loss/math.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tol ${tol})`);

Deno.test("makePoints: seeded, sorted, in range, outliers added on top", () => {
  const p = makePoints(30, false);
  assert.deepEqual(p, makePoints(30, false), "same seed, same points");
  assert.equal(p.xs.length, 30);
  for (let i = 1; i < 30; i++) assert.ok(p.xs[i] >= p.xs[i - 1], "sorted by x");
  assert.ok(p.xs.every((x) => x >= 0 && x <= 2));
  assert.ok(p.outlier.every((o) => !o));
  const q = makePoints(30, true);
  assert.equal(q.xs.length, 33);
  assert.equal(q.outlier.filter(Boolean).length, 3);
  q.ys.forEach((y, i) => {
    if (q.outlier[i]) assert.ok(y > 1.2 * q.xs[i] + 0.4 + 3, "outliers sit far above the line");
  });
  assert.notDeepEqual(makePoints(30, false, 4).ys, p.ys, "another seed, other points");
});

Deno.test("lossGrad equals central finite differences of lossValue (away from kinks)", () => {
  const pts = makePoints(30, true);
  const h = 1e-6;
  for (const kind of LOSS_KINDS) {
    for (const [a, b] of [[START.a, START.b], [0.5, 0.1], [2, -1]]) {
      const [ga, gb] = lossGrad(kind, a, b, pts, 0.7);
      const fa = (lossValue(kind, a + h, b, pts, 0.7) - lossValue(kind, a - h, b, pts, 0.7)) /
        (2 * h);
      const fb = (lossValue(kind, a, b + h, pts, 0.7) - lossValue(kind, a, b - h, pts, 0.7)) /
        (2 * h);
      close(ga, fa, 1e-6, `${kind} ∂L/∂a at (${a}, ${b})`);
      close(gb, fb, 1e-6, `${kind} ∂L/∂b at (${a}, ${b})`);
      const terms = gradTerms(kind, a, b, pts, 0.7);
      close(terms.factor * terms.sumA, ga, 1e-12, `${kind} printed formula (a)`);
      close(terms.factor * terms.sumB, gb, 1e-12, `${kind} printed formula (b)`);
    }
  }
});

Deno.test("pointLoss: Huber is continuous at δ and MAE's sign(0) is 0", () => {
  close(pointLoss("huber", 0.7 - 1e-12, 0.7), pointLoss("huber", 0.7 + 1e-12, 0.7), 1e-9, "δ");
  assert.equal(lossGrad("mae", 1, 0, { xs: [1], ys: [1] })[1], 0);
});

Deno.test("outliers pull the least-squares line; MAE's minimum stays near the clean one", () => {
  const clean = leastSquares(makePoints(30, false));
  const pulled = leastSquares(makePoints(30, true));
  close(clean.a, 1.2, 0.1, "clean slope near the true 1.2");
  assert.ok(pulled.a > clean.a + 0.8, `pulled slope ${pulled.a}`);
  // Plain subgradient descent on MAE with a decaying step finds its minimum.
  const pts = makePoints(30, true);
  let a = START.a, b = START.b;
  for (let t = 0; t < 4000; t++) {
    const [ga, gb] = lossGrad("mae", a, b, pts);
    const lr = 0.5 / Math.sqrt(t + 1);
    a -= lr * ga;
    b -= lr * gb;
  }
  assert.ok(Math.abs(a - clean.a) < 0.3, `MAE slope ${a} stays near ${clean.a}`);
});

Deno.test("mseCurvature: gradient descent on MSE converges below 2/λmax and diverges above", () => {
  const pts = makePoints(30, false);
  const limit = 2 / mseCurvature(pts.xs);
  close(limit, 0.46, 0.01, "limit");
  const run = (lr: number) => {
    let a = START.a, b = START.b;
    for (let t = 0; t < 300; t++) {
      const [ga, gb] = lossGrad("mse", a, b, pts);
      a -= lr * ga;
      b -= lr * gb;
    }
    return lossValue("mse", a, b, pts);
  };
  const best = leastSquares(pts);
  close(run(0.95 * limit), lossValue("mse", best.a, best.b, pts), 1e-6, "just below converges");
  assert.ok(run(1.05 * limit) > 1e3, "just above diverges");
});

Deno.test("softmax, NLL and one-hot MSE with their gradients", () => {
  const z = [2, 0.5, -1];
  const p = softmax(z);
  close(p.reduce((s, v) => s + v, 0), 1, 1e-12, "probabilities sum to 1");
  close(nll(z, 0), -Math.log(p[0]), 1e-12, "NLL = −log p_y");
  close(nll([1000, 0, 0], 1), 1000, 1e-9, "stable for large logits");
  const h = 1e-6;
  for (const y of [0, 2]) {
    const g = nllGrad(z, y), m = mseOneHotGrad(z, y);
    for (let j = 0; j < 3; j++) {
      const up = z.slice(), dn = z.slice();
      up[j] += h;
      dn[j] -= h;
      close(g[j], (nll(up, y) - nll(dn, y)) / (2 * h), 1e-6, `∂NLL/∂z${j}`);
      close(m[j], (mseOneHot(up, y) - mseOneHot(dn, y)) / (2 * h), 1e-6, `∂MSE/∂z${j}`);
    }
  }
  // Confidently wrong: cross-entropy's push is ≈ −1, MSE's is about a hundred times smaller.
  const wrong = [-2, 0, 4];
  close(nllGrad(wrong, 0)[0], -1, 0.01, "p − y");
  assert.ok(Math.abs(mseOneHotGrad(wrong, 0)[0]) < 0.01);
});

Deno.test("lossKind and viridis", () => {
  assert.equal(lossKind("mae"), "mae");
  assert.equal(lossKind("nll"), "mse");
  assert.deepEqual(viridis(0), [68, 1, 84]);
  assert.deepEqual(viridis(1), [253, 231, 37]);
  assert.deepEqual(viridis(NaN), [253, 231, 37]);
});
