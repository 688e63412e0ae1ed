/**
 * Looking inside a trained model (components/mnist/inside.ts, inside_view.ts): the MLP's weight
 * images, the forward pass laid out and the CNN's feature maps, each against a float64 reference
 * computed here from the model's weights on a tiny model; the top-exciting digits against a
 * brute-force ranking; the receptive-field arithmetic; the parameter counts the lesson states.
 */
import assert from "node:assert/strict";
import { Generator, type nn, numTensors } from "../../engine/mod.ts";
import { buildModel } from "../../mnist/models.ts";
import { type Digits, MNIST_NORMALIZATION } from "../../mnist/dataset.ts";
import {
  cnnLayout,
  FEATURE_MAP_NAMES,
  forwardMlp,
  mlpWeights,
  topExciting,
} from "../../components/mnist/inside.ts";
import { CNN_TO_CONV2, diverging, receptiveField } from "../../components/mnist/inside_view.ts";
import { paramCount } from "../../components/mnist/settings.ts";

const { mean, std } = MNIST_NORMALIZATION;

function params(model: nn.Module): Map<string, { shape: number[]; data: Float64Array }> {
  return new Map(
    model.namedParameters().map(([name, p]) => [
      name,
      { shape: [...p.shape], data: Float64Array.from(p.dataSync()) },
    ]),
  );
}

function randomDigit(seed: number): Float32Array {
  const g = new Generator(seed);
  return Float32Array.from(g.uniform(784, 0, 1), (v) => (v < 0.7 ? 0 : v));
}

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

Deno.test("inside: MLP forward pass and contributions match a float64 reference", async () => {
  const model = buildModel({ kind: "mlp", hidden: [6] }, new Generator(3));
  const pixels = randomDigit(5);
  const got = await forwardMlp(model, pixels);
  const p = params(model);
  const w1 = p.get("0.weight")!.data, b1 = p.get("0.bias")!.data;
  const w2 = p.get("2.weight")!.data, b2 = p.get("2.bias")!.data;
  const x = Array.from(pixels, (v) => (v - mean) / std);
  const h = Array.from({ length: 6 }, (_, j) => {
    let s = b1[j];
    for (let i = 0; i < 784; i++) s += w1[j * 784 + i] * x[i];
    return Math.max(0, s);
  });
  const scores = Array.from({ length: 10 }, (_, c) => {
    let s = b2[c];
    for (let j = 0; j < 6; j++) s += w2[c * 6 + j] * h[j];
    return s;
  });
  const winner = scores.indexOf(Math.max(...scores));
  assert.equal(got.winner, winner);
  h.forEach((v, j) => close(got.hidden[j], v, 1e-5, `hidden ${j}`));
  scores.forEach((v, c) => close(got.scores[c], v, 1e-5, `score ${c}`));
  h.forEach((v, j) =>
    close(got.contributions[j], v * w2[winner * 6 + j], 1e-5, `contribution ${j}`)
  );
  close(got.bias, b2[winner], 1e-7, "bias");
  // The contributions and the bias add up to the winner's score (what the island shows).
  const sum = got.contributions.reduce((a, b) => a + b, got.bias);
  close(sum, got.scores[winner], 1e-5, "contributions + bias = score");
  close(got.probs.reduce((a, b) => a + b, 0), 1, 1e-6, "probabilities sum to 1");
  x.forEach((v, i) => close(got.input[i], v, 1e-6, `input ${i}`));
  model.dispose();
});

Deno.test("inside: weight images are the first layer's rows on one shared scale", async () => {
  const model = buildModel({ kind: "mlp", hidden: [5, 4] }, new Generator(4));
  const got = await mlpWeights(model);
  const w = params(model).get("0.weight")!.data;
  assert.equal(got.units.length, 5);
  for (let j = 0; j < 5; j++) {
    assert.equal(got.units[j].length, 784);
    for (const i of [0, 17, 783]) close(got.units[j][i], w[j * 784 + i], 1e-7, `w[${j}, ${i}]`);
  }
  close(got.scale, Math.max(...Array.from(w, Math.abs)), 1e-7, "scale");
  // A deeper MLP: the contributions are of the last hidden layer (4 units).
  assert.equal((await forwardMlp(model, randomDigit(1))).hidden.length, 4);
  model.dispose();
});

Deno.test("inside: top-exciting digits are the highest first-layer activations", async () => {
  const model = buildModel({ kind: "mlp", hidden: [3] }, new Generator(6));
  const count = 40;
  const g = new Generator(9);
  const images = Uint8Array.from(g.uniform(count * 784, 0, 1), (v) => (v < 0.8 ? 0 : 255 * v));
  const digits: Digits = { images, labels: new Uint8Array(count), count, rows: 28, cols: 28 };
  const got = await topExciting(model, digits, 5);
  const p = params(model);
  const w1 = p.get("0.weight")!.data, b1 = p.get("0.bias")!.data;
  for (let j = 0; j < 3; j++) {
    const acts = Array.from({ length: count }, (_, n) => {
      let s = b1[j];
      for (let i = 0; i < 784; i++) {
        s += w1[j * 784 + i] * ((images[n * 784 + i] / 255 - mean) / std);
      }
      return s;
    });
    const order = acts.map((a, n) => [a, n]).sort((a, b) => b[0] - a[0]).slice(0, 5);
    assert.deepEqual(Array.from(got.indices[j]), order.map(([, n]) => n), `unit ${j}`);
    order.forEach(([a], r) => close(got.activations[j][r], a, 1e-4, `unit ${j} rank ${r}`));
  }
  await assert.rejects(() => topExciting(model, digits, 0), /k must be/);
  model.dispose();
});

/** Valid k × k convolution (NHWC, weight [k, k, cin, cout]) + bias + ReLU, in float64. */
function convRelu(
  x: Float64Array,
  [h, w, cin]: number[],
  wt: Float64Array,
  b: Float64Array,
  k: number,
) {
  const cout = b.length, oh = h - k + 1, ow = w - k + 1;
  const y = new Float64Array(oh * ow * cout);
  for (let r = 0; r < oh; r++) {
    for (let c = 0; c < ow; c++) {
      for (let o = 0; o < cout; o++) {
        let s = b[o];
        for (let dr = 0; dr < k; dr++) {
          for (let dc = 0; dc < k; dc++) {
            for (let i = 0; i < cin; i++) {
              s += x[((r + dr) * w + c + dc) * cin + i] * wt[((dr * k + dc) * cin + i) * cout + o];
            }
          }
        }
        y[(r * ow + c) * cout + o] = Math.max(0, s);
      }
    }
  }
  return { y, shape: [oh, ow, cout] };
}

function pool2(x: Float64Array, [h, w, c]: number[]) {
  const oh = Math.floor(h / 2), ow = Math.floor(w / 2);
  const y = new Float64Array(oh * ow * c);
  for (let r = 0; r < oh; r++) {
    for (let q = 0; q < ow; q++) {
      for (let o = 0; o < c; o++) {
        let m = -Infinity;
        for (const [dr, dq] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
          m = Math.max(m, x[((2 * r + dr) * w + 2 * q + dq) * c + o]);
        }
        y[(r * ow + q) * c + o] = m;
      }
    }
  }
  return { y, shape: [oh, ow, c] };
}

Deno.test("inside: CNN filters and feature maps match a float64 reference, shapes as the lesson says", async () => {
  const spec = { kind: "cnn" as const, channels: [2, 3] as [number, number], kernel: 3, hidden: 0 };
  const model = buildModel(spec, new Generator(7));
  const pixels = randomDigit(8);
  const got = await cnnLayout(model, pixels);
  const p = params(model);
  const x = Float64Array.from(pixels, (v) => (v - mean) / std);
  const a = convRelu(x, [28, 28, 1], p.get("0.weight")!.data, p.get("0.bias")!.data, 3);
  const b = pool2(a.y, a.shape);
  const c = convRelu(b.y, b.shape, p.get("3.weight")!.data, p.get("3.bias")!.data, 3);
  const d = pool2(c.y, c.shape);
  const want = [a, b, c, d];
  assert.deepEqual(got.maps.map((m) => m.name), FEATURE_MAP_NAMES);
  got.maps.forEach((m, n) => {
    assert.deepEqual(m.shape, want[n].shape, m.name);
    want[n].y.forEach((v, i) => close(m.data[i], v, 1e-4, `${m.name}[${i}]`));
  });
  // Filter c is weight[:, :, 0, c], row-major.
  const w = p.get("0.weight")!.data;
  assert.equal(got.filters.length, 2);
  for (let q = 0; q < 9; q++) close(got.filters[1][q], w[q * 2 + 1], 1e-7, `filter 1[${q}]`);
  // Zeroing a channel of pool2 changes the winner's score by that channel's share: with no hidden
  // layer the score is linear in pool2, so the effect is Σ w · pool2 over that channel.
  const wl = p.get("7.weight")!.data; // [10, 75]
  for (let ch = 0; ch < 3; ch++) {
    let share = 0;
    for (let q = 0; q < 25; q++) share += wl[got.winner * 75 + q * 3 + ch] * d.y[q * 3 + ch];
    close(got.channelEffect[ch], share, 1e-4, `channel ${ch}`);
  }
  // The lesson's CNN: 26×26×16 → 13×13×16 → 11×11×32 → 5×5×32.
  const lesson = buildModel({ kind: "cnn", channels: [16, 32], kernel: 3, hidden: 256 });
  const before = numTensors();
  const shapes = (await cnnLayout(lesson, pixels)).maps.map((m) => m.shape.join(","));
  assert.deepEqual(shapes, ["26,26,16", "13,13,16", "11,11,32", "5,5,32"]);
  assert.equal((await cnnLayout(lesson, pixels)).filters.length, 16);
  await assert.rejects(() => forwardMlp(lesson, pixels), /is a CNN/);
  await assert.rejects(() => cnnLayout(model, new Float32Array(3)), /784 pixels/);
  await forwardMlp(buildModel({ kind: "mlp", hidden: [4] }), pixels); // its parameters: 4 tensors
  assert.equal(numTensors(), before + 4, "no tensor left behind");
  lesson.dispose();
  model.dispose();
});

Deno.test("inside: receptive fields of the CNN's units", () => {
  // A second-layer unit sees 8 × 8 input pixels: 3, then +1 for the pool, then +2·2 for conv2.
  assert.deepEqual(receptiveField(CNN_TO_CONV2, 0, 0), { top: 0, left: 0, size: 8 });
  // Its neighbours are 2 pixels apart (the pool's stride); the last one ends at the edge.
  assert.deepEqual(receptiveField(CNN_TO_CONV2, 3, 5), { top: 6, left: 10, size: 8 });
  const last = receptiveField(CNN_TO_CONV2, 10, 10);
  assert.equal(last.top + last.size, 28);
  assert.deepEqual(receptiveField([{ kernel: 3, stride: 1 }], 4, 2), { top: 4, left: 2, size: 3 });
  // After the second pool: 10 × 10, 4 pixels apart.
  assert.deepEqual(
    receptiveField([...CNN_TO_CONV2, { kernel: 2, stride: 2 }], 1, 1),
    { top: 4, left: 4, size: 10 },
  );
  assert.throws(() => receptiveField([{ kernel: 0, stride: 1 }], 0, 0), /bad layer/);
});

Deno.test("inside: the equal-parameter pair and the colour map", () => {
  assert.equal(paramCount({ kind: "cnn", channels: [16, 32], kernel: 3, hidden: 256 }), 212_426);
  assert.equal(paramCount({ kind: "mlp", hidden: [256] }), 203_530);
  assert.equal(paramCount({ kind: "mlp", hidden: [128] }), 101_770);
  assert.deepEqual(diverging(0, 1), [242, 242, 242], "zero is neutral");
  assert.deepEqual(diverging(5, 1), diverging(1, 1), "clamped");
  const [r, , b] = diverging(-1, 1);
  assert.ok(b > r, "negative is blue");
  const [r2, , b2] = diverging(1, 1);
  assert.ok(r2 > b2, "positive is orange");
  assert.deepEqual(diverging(0.3, 0), [242, 242, 242], "no scale: neutral");
});
