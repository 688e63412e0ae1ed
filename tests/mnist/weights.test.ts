import assert from "node:assert/strict";
import {
  base64ByteLength,
  base64ToFloat32,
  checkWeightsSize,
  decodeWeights,
  encodeWeights,
  float32ToBase64,
  matchTensors,
  MAX_WEIGHTS_BYTES,
  WeightsError,
} from "../../mnist/weights.ts";

const tensors = () => [
  { name: "0.weight", shape: [3, 2], data: Float32Array.of(1, -2, 0.5, 1e-8, -0, 3.25) },
  { name: "0.bias", shape: [2], data: Float32Array.of(Math.PI, -Infinity) },
];

Deno.test("weights: float32 values survive base64, little-endian", () => {
  assert.equal(float32ToBase64(Float32Array.of(1)), "AACAPw=="); // 1.0f = 00 00 80 3f
  const big = Float32Array.from({ length: 100_000 }, (_, i) => Math.sin(i));
  assert.deepEqual(base64ToFloat32(float32ToBase64(big)), big);
});

Deno.test("weights: a file survives JSON text round trip", () => {
  const model = { kind: "mlp", hidden: [2] };
  const file = encodeWeights(model, tensors());
  assert.equal(file.format, "nn-lessons-weights");
  assert.equal(file.version, 1);
  assert.deepEqual(file.tensors[0].dtype, "float32");
  const back = decodeWeights(JSON.stringify(file));
  assert.deepEqual(back.model, model);
  assert.deepEqual(back.tensors, tensors());
});

Deno.test("weights: malformed files are WeightsErrors that say what is wrong", () => {
  const good = encodeWeights({ kind: "mlp" }, tensors());
  const cases: Array<[unknown, RegExp]> = [
    ["{not json", /invalid JSON/],
    [{ format: "other" }, /expected "format": "nn-lessons-weights", found "other"/],
    [{ ...good, version: 2 }, /unsupported weights file version 2/],
    [{ ...good, tensors: [{ ...good.tensors[0], dtype: "float16" }] }, /dtype must be "float32"/],
    [
      { ...good, tensors: [{ ...good.tensors[0], shape: [4, 2] }] },
      /"0.weight".*\[4, 2\] needs 8 values, data holds 6/,
    ],
    [{ ...good, tensors: [good.tensors[0], good.tensors[0]] }, /name appears twice/],
    [{ ...good, tensors: [{ ...good.tensors[0], data: "@@" }] }, /not valid base64/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => decodeWeights(input),
      (e: unknown) => e instanceof WeightsError && message.test(e.message),
    );
  }
});

Deno.test("weights: matchTensors names the tensor and both shapes on a mismatch", () => {
  const found = tensors();
  const expected = [{ name: "0.weight", shape: [3, 2] }, { name: "0.bias", shape: [2] }];
  assert.equal(matchTensors(expected, found).get("0.bias")?.data[0], Math.fround(Math.PI));
  assert.throws(
    () => matchTensors([{ name: "0.weight", shape: [784, 2] }, expected[1]], found),
    /tensor "0.weight": the model has shape \[784, 2\], the weights file \[3, 2\]/,
  );
  assert.throws(
    () => matchTensors([...expected, { name: "2.weight", shape: [2, 10] }], found),
    /no tensor "2.weight" \(the model needs shape \[2, 10\]\); it has: 0.weight, 0.bias/,
  );
  assert.throws(
    () => matchTensors(expected.slice(0, 1), found),
    /tensors the model does not: "0.bias"/,
  );
});

Deno.test("weights: a file over MAX_WEIGHTS_BYTES is refused before it is parsed", () => {
  const text = " ".repeat(MAX_WEIGHTS_BYTES + 1); // valid JSON would follow; it is never read
  assert.throws(
    () => decodeWeights(text),
    (e: unknown) =>
      e instanceof WeightsError && e.message === "weights file is 32.0 MiB; the limit is 32 MiB",
  );
  assert.throws(() => checkWeightsSize(200 * 2 ** 20), /weights file is 200.0 MiB/);
  checkWeightsSize(MAX_WEIGHTS_BYTES);
});

Deno.test("weights: data is checked against the shape before it is decoded", () => {
  const good = encodeWeights({ kind: "mlp" }, tensors());
  // A shape of a billion values with six values of data: refused from the lengths alone.
  const huge = { ...good, tensors: [{ ...good.tensors[0], shape: [1e9] }] };
  assert.throws(
    () => decodeWeights(huge),
    /shape \[1000000000\] needs 1000000000 values, data holds 6/,
  );
  // Data that is not a whole number of float32s.
  const odd = { ...good, tensors: [{ ...good.tensors[0], data: btoa("abcde") }] };
  assert.throws(() => decodeWeights(odd), /data holds 5 bytes \(not a whole number of float32s\)/);
  assert.equal(base64ByteLength(btoa("abcde")), 5);
  assert.equal(base64ByteLength("AAA"), 2);
});

Deno.test("weights: a million values decode without a callback per value", () => {
  const values = new Float32Array(1_000_000).map((_, i) => i);
  const text = float32ToBase64(values);
  const start = performance.now();
  const back = base64ToFloat32(text);
  const ms = performance.now() - start;
  assert.deepEqual(back.subarray(999_990), values.subarray(999_990));
  assert.equal(back.length, values.length);
  // Decoding is a few tens of milliseconds here; the per-value callbacks it replaced took seconds.
  assert.ok(ms < 2000, `decoding 1 M values took ${ms.toFixed(0)} ms`);
});
