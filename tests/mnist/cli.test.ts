/**
 * `deno task mnist` end to end, in a subprocess: train an MLP for one epoch on a few shipped
 * digits, then evaluate the weights on small IDX files this test writes (one of them gzipped),
 * and check that bad input ends in one clear line and exit status 1.
 */
import assert from "node:assert/strict";
import { encodeIdxImages, encodeIdxLabels, gzip } from "../../mnist/idx.ts";
import { fullSpec, parameterShapes } from "../../mnist/spec.ts";
import { encodeWeights } from "../../mnist/weights.ts";
import { gzipBomb } from "./bombs.ts";
import { loadShippedDigits, sliceDigits } from "../../mnist/shipped.ts";

const root = new URL("../../", import.meta.url).pathname;

function mnistCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli([], args);
}

async function runCli(
  denoFlags: string[],
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...denoFlags, "mnist/cli.ts", ...args],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

Deno.test("cli: train one epoch on a subset, save, then eval on IDX files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const weights = `${dir}/weights.json`;
    const train = await mnistCli(
      "train",
      "--model",
      "mlp",
      "--hidden",
      "32",
      "--epochs",
      "1",
      "--limit",
      "512",
      "--batch",
      "32",
      "--backend",
      "cpu",
      "--out",
      weights,
    );
    assert.equal(train.code, 0, train.stderr);
    assert.match(
      train.stdout,
      /512 training, 1000 validation and 1000 test digits, split at random \(seed 1\)/,
    );
    assert.match(
      train.stdout,
      /epoch 1\/1 {2}loss \d\.\d{4} {2}train acc 0\.\d{4} {2}val acc 0\.\d{4} {2}[\d.]+ s/,
    );
    // The test digits once, at the end.
    const testLine = /\ntest acc (0\.\d{4}) \((\d+)\/1000\)\n/.exec(train.stdout);
    assert.ok(testLine, train.stdout);
    const file = JSON.parse(await Deno.readTextFile(weights));
    assert.equal(file.format, "nn-lessons-weights");
    assert.deepEqual(file.model, { kind: "mlp", hidden: [32] });

    // 200 validation digits, written by the test as IDX files (the labels gzipped).
    const digits = sliceDigits((await loadShippedDigits()).val, 0, 200);
    await Deno.writeFile(`${dir}/images-idx3-ubyte`, encodeIdxImages(digits));
    await Deno.writeFile(`${dir}/labels-idx1-ubyte.gz`, await gzip(encodeIdxLabels(digits.labels)));
    const evalRun = await mnistCli(
      "eval",
      "--weights",
      weights,
      "--images",
      `${dir}/images-idx3-ubyte`,
      "--labels",
      `${dir}/labels-idx1-ubyte.gz`,
      "--backend",
      "cpu",
    );
    assert.equal(evalRun.code, 0, evalRun.stderr);
    const last = evalRun.stdout.trimEnd().split("\n").at(-1)!;
    const match = /^accuracy: (\d\.\d{4}) \((\d+)\/200\)$/.exec(last);
    assert.ok(match, `last line: ${last}`);
    assert.equal(Number(match[1]), Number((Number(match[2]) / 200).toFixed(4)));
    // 512 digits, one epoch: well above chance (10%).
    assert.ok(Number(match[2]) > 100, last);

    // Without --images and --labels: the shipped test digits, the same count train printed.
    // No --backend: WASM must load from node_modules (its path once pointed one folder too high).
    const evalTest = await mnistCli("eval", "--weights", weights);
    assert.equal(evalTest.code, 0, evalTest.stderr);
    assert.match(evalTest.stdout, /backend wasm; 1000 shipped test digits/);
    assert.equal(
      evalTest.stdout.trimEnd().split("\n").at(-1),
      `accuracy: ${testLine[1]} (${testLine[2]}/1000)`,
    );
    const half = await mnistCli("eval", "--weights", weights, "--images", `${dir}/x`);
    assert.equal(half.code, 1);
    assert.match(half.stderr, /^error: --images and --labels go together/);

    // Bad input: one line on stderr naming the file, exit status 1.
    const images = encodeIdxImages(digits);
    await Deno.writeFile(`${dir}/short-idx3-ubyte`, images.subarray(0, images.length - 100));
    const cases: Array<[string[], RegExp]> = [
      [
        ["--images", `${dir}/short-idx3-ubyte`],
        /short-idx3-ubyte: truncated data: .* found 156700/,
      ],
      [
        ["--images", `${dir}/labels-idx1-ubyte.gz`],
        /labels-idx1-ubyte\.gz: bad magic number: expected 0x00000803/,
      ],
      [["--images", `${dir}/missing`], /missing: file not found/],
    ];
    for (const [override, message] of cases) {
      const args = [
        "--weights",
        weights,
        "--images",
        `${dir}/images-idx3-ubyte`,
        "--labels",
        `${dir}/labels-idx1-ubyte.gz`,
        "--backend",
        "cpu",
      ];
      args.splice(args.indexOf(override[0]), 2, ...override);
      const run = await mnistCli("eval", ...args);
      assert.equal(run.code, 1, run.stdout);
      const line = run.stderr.trimEnd().split("\n").at(-1)!;
      assert.match(line, /^error: /);
      assert.match(line, message);
    }
    // Weights of another model: the tensor and both shapes.
    file.model = { kind: "mlp", hidden: [64] };
    await Deno.writeTextFile(`${dir}/other.json`, JSON.stringify(file));
    const mismatch = await mnistCli(
      "eval",
      "--weights",
      `${dir}/other.json`,
      "--images",
      `${dir}/images-idx3-ubyte`,
      "--labels",
      `${dir}/labels-idx1-ubyte.gz`,
      "--backend",
      "cpu",
    );
    assert.equal(mismatch.code, 1);
    assert.match(
      mismatch.stderr,
      /other\.json: tensor "0\.weight": the model has shape \[64, 784\], the weights file \[32, 784\]/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cli: usage mistakes are one line and exit status 1", async () => {
  const noModel = await mnistCli("train", "--epochs", "1", "--out", "x.json");
  assert.equal(noModel.code, 1);
  assert.match(noModel.stderr, /^error: --model must be mlp or cnn\n$/);
  const split = await mnistCli("train", "--model", "mlp", "--split", "first", "--out", "x.json");
  assert.equal(split.code, 1);
  assert.match(split.stderr, /^error: --split must be random or position, got "first"\n$/);
  const unknown = await mnistCli("fit");
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /unknown command "fit"/);
});

Deno.test("cli: hostile files end in one line and a non-zero exit, in 512 MB of heap", async () => {
  // Each of these once crashed the command line (V8 out of memory, exit 133), grew it to
  // gigabytes, or printed a RangeError stack.
  const dir = await Deno.makeTempDir({ prefix: "mnist-cli-hostile-" });
  const at = (name: string) => `${dir}/${name}`;
  const spec = fullSpec({ kind: "mlp", hidden: [4] });
  const zeros = parameterShapes(spec).map(({ name, shape }) => ({
    name,
    shape,
    data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
  }));
  const weights = (model: unknown) => JSON.stringify(encodeWeights(model, zeros));
  try {
    await Deno.writeTextFile(at("good.json"), weights(spec));
    await Deno.writeFile(at("labels"), encodeIdxLabels(new Uint8Array(10)));
    // 10 images declared, 200 MiB of zeros inflated from ~200 KB.
    await Deno.writeFile(at("bomb.gz"), await gzipBomb(10, 200));
    // A 200 MB weights file: a JSON start, then zeros (a sparse file: nothing is written).
    await Deno.writeTextFile(at("huge.json"), weights(spec).slice(0, 200));
    await Deno.truncate(at("huge.json"), 200 * 2 ** 20);
    await Deno.writeTextFile(at("wide.json"), weights({ kind: "mlp", hidden: [60000, 60000] }));
    await Deno.writeTextFile(at("billion.json"), weights({ kind: "mlp", hidden: [1e9] }));

    const cases: Array<[string, string, RegExp]> = [
      ["good.json", "bomb.gz", /bomb\.gz: trailing data: the header declares 7856 bytes in all/],
      ["huge.json", "bomb.gz", /huge\.json: weights file is 200\.0 MiB; the limit is 32 MiB/],
      ["wide.json", "bomb.gz", /wide\.json: .*a hidden layer of 60000 is over the limit of 4096/],
      ["billion.json", "bomb.gz", /billion\.json: .*a hidden layer of 1000000000 is over/],
    ];
    for (const [weightsFile, images, message] of cases) {
      const { code, stderr } = await runCli(["--v8-flags=--max-old-space-size=512"], [
        "eval",
        "--weights",
        at(weightsFile),
        "--images",
        at(images),
        "--labels",
        at("labels"),
      ]);
      assert.equal(code, 1, `${weightsFile}: exit ${code}\n${stderr}`);
      assert.match(stderr, /^error: [^\n]*\n$/, `not one line: ${stderr}`);
      assert.match(stderr, message);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
