/** Modules and optimizers: XOR is learned, updates follow their rules, seeds replay exactly. */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import {
  accuracy,
  batches,
  F,
  Generator,
  manualSeed,
  nn,
  noGrad,
  normalize,
  oneHot,
  optim,
  type Tensor,
  tensor,
} from "../../engine/mod.ts";

await tf.setBackend("cpu");

Deno.test("an MLP learns XOR", () => {
  manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 1));
  const opt = new optim.Adam(model.parameters(), { lr: 0.05 });
  const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
  const y = tensor([[0], [1], [1], [0]]);
  let last = Infinity;
  for (let i = 0; i < 300; i++) {
    opt.zeroGrad();
    const loss = F.binaryCrossEntropyWithLogits(model.forward(x), y);
    loss.backward();
    opt.step();
    last = loss.item();
    loss.dispose();
  }
  const logits = noGrad(() => model.forward(x));
  assert.ok(last < 0.05, `final loss ${last}`);
  assert.equal(accuracy(logits, y, 0), 1);
  [logits, x, y].forEach((t) => t.dispose());
  model.dispose();
  opt.dispose();
});

Deno.test("nn.Linear and nn.Conv2d use PyTorch's default init: U(±1/√fan_in)", () => {
  const lin = new nn.Linear(100, 50, { generator: new Generator(1) });
  assert.deepEqual(lin.weight.shape, [50, 100]);
  const w = lin.weight.dataSync();
  assert.ok(w.every((v) => Math.abs(v) <= 0.1));
  assert.ok(Math.max(...w) > 0.09 && Math.min(...w) < -0.09);
  const conv = new nn.Conv2d(3, 4, 5, { generator: new Generator(1) });
  assert.deepEqual(conv.weight.shape, [5, 5, 3, 4]);
  assert.ok(conv.weight.dataSync().every((v) => Math.abs(v) <= 1 / Math.sqrt(75)));
  assert.deepEqual(
    new nn.Sequential(lin, new nn.ReLU(), conv).namedParameters().map(([n]) => n),
    ["0.weight", "0.bias", "2.weight", "2.bias"],
  );
  lin.dispose();
  conv.dispose();
});

Deno.test("a small CNN (conv, pool, flatten, dropout) trains one step on NHWC input", () => {
  const before = tf.memory().numTensors;
  const g = new Generator(3);
  const model = new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { generator: g }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Dropout(0.25, g),
    new nn.Linear(4 * 3 * 3, 10, { generator: g }),
  );
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const x = tensor(g.uniform(2 * 8 * 8), [2, 8, 8, 1]);
  const y = tensor([3, 7], undefined, { dtype: "int32" });
  const loss = F.crossEntropy(model.forward(x), y);
  loss.backward();
  assert.ok(model.parameters().every((p) => p.grad !== null));
  opt.step();
  opt.zeroGrad();
  [loss, x, y].forEach((t) => t.dispose());
  model.dispose();
  opt.dispose();
  assert.equal(tf.memory().numTensors, before);
});

/** L = ½‖θ − t‖², so ∇ = θ − t: a problem whose updates can be written out by hand. */
function quadraticSteps(
  makeOpt: (p: Tensor) => optim.Optimizer,
  rule: (theta: number[], grad: number[], step: number) => number[],
  steps = 4,
) {
  const target = [1, -2, 0.5];
  const p = tensor([0.3, 0.7, -1.2], undefined, { requiresGrad: true });
  const t = tensor(target);
  const opt = makeOpt(p);
  let theta = [0.3, 0.7, -1.2];
  for (let s = 1; s <= steps; s++) {
    opt.zeroGrad();
    const loss = F.mseLoss(p, t, { reduction: "sum" }).mul(0.5);
    loss.backward();
    loss.dispose();
    opt.step();
    theta = rule(theta, theta.map((v, i) => v - target[i]), s);
    Array.from(p.dataSync()).forEach((v, i) =>
      assert.ok(Math.abs(v - theta[i]) < 1e-5, `step ${s}[${i}]: ${v} vs ${theta[i]}`)
    );
  }
  opt.dispose();
  p.dispose();
  t.dispose();
}

for (const nesterov of [false, true]) {
  Deno.test(`SGD with momentum${nesterov ? " (nesterov)" : ""} and weight decay, step by step`, () => {
    const lr = 0.1, mu = 0.9, wd = 0.01;
    let buf: number[] | null = null;
    quadraticSteps(
      (p) => new optim.SGD([p], { lr, momentum: mu, weightDecay: wd, nesterov }),
      (theta, grad) => {
        const g = grad.map((v, i) => v + wd * theta[i]);
        buf = buf === null ? g : buf.map((b, i) => mu * b + g[i]);
        const d = nesterov ? g.map((v, i) => v + mu * buf![i]) : buf;
        return theta.map((v, i) => v - lr * d[i]);
      },
    );
  });
}

Deno.test("plain SGD: θ ← θ − lr·∇", () => {
  quadraticSteps(
    (p) => new optim.SGD([p], { lr: 0.3 }),
    (theta, grad) => theta.map((v, i) => v - 0.3 * grad[i]),
  );
});

Deno.test("Optimizer.lr: a schedule sets it between steps (SGD and Adam alike)", () => {
  for (
    const make of [
      (p: Tensor) => new optim.SGD([p], { lr: 0.5 }),
      (p: Tensor) => new optim.Adam([p], { lr: 0.5 }),
    ]
  ) {
    const p = tensor([1], undefined, { requiresGrad: true });
    const opt: optim.Optimizer = make(p);
    assert.equal(opt.lr, 0.5);
    opt.lr = 0;
    const loss = p.mul(p).sum();
    loss.backward();
    loss.dispose();
    opt.step();
    assert.deepEqual(p.toArray(), [1], "lr 0 leaves the parameter where it was");
    opt.dispose();
    p.dispose();
  }
});

Deno.test("Adam, step by step", () => {
  const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  let m = [0, 0, 0], v = [0, 0, 0];
  quadraticSteps(
    (p) => new optim.Adam([p], { lr }),
    (theta, grad, t) => {
      m = m.map((x, i) => b1 * x + (1 - b1) * grad[i]);
      v = v.map((x, i) => b2 * x + (1 - b2) * grad[i] ** 2);
      return theta.map((x, i) => {
        const mHat = m[i] / (1 - b1 ** t), vHat = v[i] / (1 - b2 ** t);
        return x - lr * mHat / (Math.sqrt(vHat) + eps);
      });
    },
  );
});

/** Train a small MLP with shuffled batches and dropout; return every weight's bits. */
function seededRun(seed: number): Float32Array[] {
  manualSeed(seed);
  const model = new nn.Sequential(
    new nn.Linear(4, 16),
    new nn.ReLU(),
    new nn.Dropout(0.2),
    new nn.Linear(16, 3),
  );
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const g = new Generator(99);
  const x = tensor(g.normal(32 * 4), [32, 4]);
  const y = tensor(Int32Array.from({ length: 32 }, (_, i) => i % 3), [32], { dtype: "int32" });
  for (let epoch = 0; epoch < 3; epoch++) {
    for (const [xb, yb] of batches(x, y, 8)) {
      opt.zeroGrad();
      const loss = F.crossEntropy(model.forward(xb), yb);
      loss.backward();
      opt.step();
      loss.dispose();
    }
  }
  const out = model.parameters().map((p) => Float32Array.from(p.dataSync() as Float32Array));
  model.dispose();
  opt.dispose();
  x.dispose();
  y.dispose();
  return out;
}

Deno.test("the same seed gives a bit-identical run; another seed does not", () => {
  const a = seededRun(5), b = seededRun(5), c = seededRun(6);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

Deno.test("data helpers: oneHot, batches cover every row once, normalize", () => {
  const before = tf.memory().numTensors;
  const oh = oneHot([2, 0], 3);
  assert.deepEqual(oh.toArray(), [[0, 0, 1], [1, 0, 0]]);
  oh.dispose();
  const x = tensor(Float32Array.from({ length: 10 }, (_, i) => i), [10, 1]);
  const seen: number[] = [];
  for (const [xb, yb] of batches(x, x, 4, { generator: new Generator(1) })) {
    seen.push(...xb.dataSync());
    assert.deepEqual(xb.dataSync(), yb.dataSync());
  }
  assert.deepEqual(seen.sort((p, q) => p - q), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const norm = normalizeCheck(x);
  assert.ok(Math.abs(norm - 0) < 1e-6);
  x.dispose();
  assert.equal(tf.memory().numTensors, before);
});

function normalizeCheck(x: Tensor): number {
  const n = normalize(4.5, 2)(x);
  const m = n.mean();
  const value = m.item();
  m.dispose();
  n.dispose();
  return value;
}

// Each optimizer's first steps against an independent float64 implementation of PyTorch's
// published update equations (torch.optim docs), on L = ½‖θ − t‖².

Deno.test("Adam with weight decay (L2 in the gradient), step by step", () => {
  const lr = 0.05, b1 = 0.8, b2 = 0.95, eps = 1e-6, wd = 0.1;
  let m = [0, 0, 0], v = [0, 0, 0];
  quadraticSteps(
    (p) => new optim.Adam([p], { lr, betas: [b1, b2], eps, weightDecay: wd }),
    (theta, grad, t) => {
      const g = grad.map((x, i) => x + wd * theta[i]);
      m = m.map((x, i) => b1 * x + (1 - b1) * g[i]);
      v = v.map((x, i) => b2 * x + (1 - b2) * g[i] ** 2);
      return theta.map((x, i) => {
        const mHat = m[i] / (1 - b1 ** t), vHat = v[i] / (1 - b2 ** t);
        return x - lr * mHat / (Math.sqrt(vHat) + eps);
      });
    },
  );
});

Deno.test("AdamW (decoupled weight decay, default 0.01), step by step", () => {
  const lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  for (const wd of [undefined, 0.5]) {
    const lambda = wd ?? 0.01;
    let m = [0, 0, 0], v = [0, 0, 0];
    quadraticSteps(
      (p) => new optim.AdamW([p], wd === undefined ? { lr } : { lr, weightDecay: wd }),
      (theta, grad, t) => {
        m = m.map((x, i) => b1 * x + (1 - b1) * grad[i]);
        v = v.map((x, i) => b2 * x + (1 - b2) * grad[i] ** 2);
        return theta.map((x, i) => {
          const mHat = m[i] / (1 - b1 ** t), vHat = v[i] / (1 - b2 ** t);
          return x * (1 - lr * lambda) - lr * mHat / (Math.sqrt(vHat) + eps);
        });
      },
      5,
    );
  }
});

for (
  const opts of [
    {},
    { lr: 0.05, alpha: 0.9, eps: 1e-6 },
    { lr: 0.02, momentum: 0.9, weightDecay: 0.1 },
    { lr: 0.01, alpha: 0.8, centered: true },
    { lr: 0.01, alpha: 0.8, centered: true, momentum: 0.5, weightDecay: 0.01 },
  ]
) {
  Deno.test(`RMSprop ${JSON.stringify(opts)}, step by step`, () => {
    const lr = opts.lr ?? 0.01, a = opts.alpha ?? 0.99, eps = opts.eps ?? 1e-8;
    const wd = opts.weightDecay ?? 0, mu = opts.momentum ?? 0, centered = opts.centered ?? false;
    let sq = [0, 0, 0], avg = [0, 0, 0], buf = [0, 0, 0];
    quadraticSteps(
      (p) => new optim.RMSprop([p], opts),
      (theta, grad) => {
        const g = grad.map((x, i) => x + wd * theta[i]);
        sq = sq.map((x, i) => a * x + (1 - a) * g[i] ** 2);
        avg = avg.map((x, i) => a * x + (1 - a) * g[i]);
        const d = g.map((x, i) => x / (Math.sqrt(centered ? sq[i] - avg[i] ** 2 : sq[i]) + eps));
        if (mu > 0) {
          buf = buf.map((b, i) => mu * b + d[i]);
          return theta.map((x, i) => x - lr * buf[i]);
        }
        return theta.map((x, i) => x - lr * d[i]);
      },
      5,
    );
  });
}

Deno.test("RMSprop and AdamW keep their state through stateDict and free it on dispose", () => {
  const before = tf.memory().numTensors;
  for (
    const make of [
      (p: Tensor) => new optim.RMSprop([p], { momentum: 0.9, centered: true }),
      (p: Tensor) => new optim.AdamW([p], { lr: 0.1 }),
    ]
  ) {
    const p = tensor([1, 2], undefined, { requiresGrad: true });
    const q = tensor([1, 2], undefined, { requiresGrad: true });
    const a = make(p), b = make(q);
    const stepOn = (x: Tensor, opt: optim.Optimizer) => {
      opt.zeroGrad();
      const loss = x.mul(x).sum();
      loss.backward();
      loss.dispose();
      opt.step();
    };
    stepOn(p, a);
    stepOn(q, b);
    b.loadStateDict(a.stateDict()); // same state: the next steps match exactly
    stepOn(p, a);
    stepOn(q, b);
    assert.deepEqual(p.dataSync(), q.dataSync());
    [a, b].forEach((o) => o.dispose());
    [p, q].forEach((t) => t.dispose());
  }
  assert.equal(tf.memory().numTensors, before);
});
