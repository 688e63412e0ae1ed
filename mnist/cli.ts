/**
 * `deno task mnist`: train the MNIST lesson's models offline and evaluate saved weights.
 *
 *   deno task mnist train --model mlp|cnn --epochs N --out weights.json
 *       [--batch 64] [--lr 0.001] [--lr-decay 1] [--optimizer adam|sgd] [--momentum 0.9]
 *       [--shift 0]
 *       [--hidden 128[,64]] [--channels 8,16] [--kernel 3] [--seed 1] [--limit N]
 *       [--backend wasm|cpu] [--split random|position]
 *   deno task mnist eval --weights weights.json [--images FILE --labels FILE] [--backend wasm|cpu]
 *
 * `train` uses the shipped digits (8,000 training, 1,000 validation, 1,000 test, read from the
 * `mnist` package; no build needed; `--split position` cuts them by position instead of the
 * seeded random split, for the lesson's comparison): validation accuracy after every epoch, test accuracy once at
 * the end. `eval` reads any IDX pair (such as the official `t10k-images-idx3-ubyte.gz`,
 * `t10k-labels-idx1-ubyte.gz`), or without `--images` and `--labels` the shipped test digits, and
 * ends with the line `accuracy: 0.9731 (9731/10000)`. Errors print one line to stderr and exit
 * with status 1.
 */
import { parseArgs } from "node:util";
import { initBackend } from "../engine/mod.ts";
import { loadDigitsFromFiles, loadIdxFromFile, SHIPPED_SPLIT } from "./dataset.ts";
import { IdxError } from "./idx.ts";
import {
  buildModel,
  type CnnSpec,
  loadWeights,
  MNIST_DEFAULTS,
  type ModelSpec,
  parameterCount,
  saveWeights,
  storedSpec,
  type TrainSettings,
} from "./models.ts";
import { loadShippedDigits } from "./shipped.ts";
import { evaluate, trainModel } from "./train.ts";
import { checkWeightsSize, WeightsError } from "./weights.ts";

const USAGE = `usage:
  deno task mnist train --model mlp|cnn --epochs N --out weights.json
      [--batch N] [--lr X] [--lr-decay X] [--optimizer adam|sgd] [--momentum X] [--shift PIXELS]
      [--hidden N[,N...]] [--channels C1,C2] [--kernel K] [--seed N] [--limit N]
      [--backend wasm|cpu] [--split random|position]
  deno task mnist eval --weights weights.json [--images FILE --labels FILE] [--backend wasm|cpu]
      (without --images and --labels: the shipped test digits)`;

/** A mistake in the command line or its input: printed as one line, exit status 1. */
class UsageError extends Error {}

const WASM_PATH = new URL("../node_modules/@tensorflow/tfjs-backend-wasm/dist/", import.meta.url)
  .href;

/** WASM (fast) when it loads, else the plain-JavaScript CPU backend; `name` forces one. */
async function startBackend(name: string | undefined): Promise<string> {
  if (name !== undefined && name !== "wasm" && name !== "cpu") {
    throw new UsageError(`--backend must be wasm or cpu, got "${name}"`);
  }
  const order = name === "cpu" ? ["cpu"] : name === "wasm" ? ["wasm"] : ["wasm", "cpu"];
  const choice = await initBackend({ order, wasmPath: WASM_PATH });
  if (name !== undefined && choice.name !== name) {
    throw new UsageError(
      `backend ${name} failed: ${choice.skipped.map((s) => s.reason).join("; ")}`,
    );
  }
  return choice.name;
}

function number(
  value: string | undefined,
  flag: string,
  check: (n: number) => boolean,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || !check(n)) {
    throw new UsageError(`${flag}: invalid value "${value}"`);
  }
  return n;
}
const positiveInt = (n: number) => Number.isInteger(n) && n > 0;

async function train(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: "string" },
      epochs: { type: "string" },
      out: { type: "string" },
      batch: { type: "string" },
      lr: { type: "string" },
      "lr-decay": { type: "string" },
      optimizer: { type: "string" },
      momentum: { type: "string" },
      shift: { type: "string" },
      hidden: { type: "string" },
      channels: { type: "string" },
      kernel: { type: "string" },
      seed: { type: "string" },
      limit: { type: "string" },
      backend: { type: "string" },
      split: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  const kind = values.model;
  if (kind !== "mlp" && kind !== "cnn") {
    throw new UsageError(`--model must be mlp or cnn${kind ? `, got "${kind}"` : ""}`);
  }
  if (!values.out) throw new UsageError("--out FILE is required (where to write the weights)");
  const defaults = MNIST_DEFAULTS[kind];
  const optimizer = values.optimizer ?? defaults.train.optimizer;
  if (optimizer !== "adam" && optimizer !== "sgd") {
    throw new UsageError(`--optimizer must be adam or sgd, got "${optimizer}"`);
  }
  const settings: TrainSettings = {
    optimizer,
    lr: number(values.lr, "--lr", (n) => n > 0) ?? defaults.train.lr,
    lrDecay: number(values["lr-decay"], "--lr-decay", (n) => n > 0 && n <= 1) ??
      defaults.train.lrDecay,
    momentum: number(values.momentum, "--momentum", (n) => n >= 0 && n < 1) ??
      defaults.train.momentum,
    batchSize: number(values.batch, "--batch", positiveInt) ?? defaults.train.batchSize,
    epochs: number(values.epochs, "--epochs", positiveInt) ?? defaults.train.epochs,
    maxShift: number(values.shift, "--shift", (n) => Number.isInteger(n) && n >= 0 && n < 14) ??
      defaults.train.maxShift,
    seed: number(values.seed, "--seed", Number.isInteger) ?? defaults.train.seed,
  };
  const limit = number(values.limit, "--limit", positiveInt);
  const split = values.split ?? "random";
  if (split !== "random" && split !== "position") {
    throw new UsageError(`--split must be random or position, got "${split}"`);
  }
  let spec: ModelSpec = defaults.model;
  if (values.hidden !== undefined) {
    const sizes = values.hidden.split(",").map((h) => number(h, "--hidden", positiveInt)!);
    spec = kind === "mlp" ? { kind, hidden: sizes } : { ...defaults.model, kind, hidden: sizes[0] };
  }
  if (values.channels !== undefined || values.kernel !== undefined) {
    if (kind !== "cnn") throw new UsageError("--channels and --kernel are for --model cnn");
    const channels = values.channels?.split(",").map((c) => number(c, "--channels", positiveInt)!);
    if (channels && channels.length !== 2) {
      throw new UsageError("--channels takes two sizes: C1,C2");
    }
    spec = {
      ...spec as CnnSpec,
      ...(channels ? { channels: channels as [number, number] } : {}),
      ...(values.kernel ? { kernel: number(values.kernel, "--kernel", positiveInt) } : {}),
    };
  }

  const backend = await startBackend(values.backend);
  const loadStart = performance.now();
  const sets = await loadShippedDigits(split);
  const { train: trainSet, val, test } = sets;
  const trainCount = Math.min(trainSet.count, limit ?? trainSet.count);
  const probe = buildModel(spec); // only to count its parameters
  const parameters = parameterCount(probe);
  probe.dispose();
  console.log(
    `model ${JSON.stringify(storedSpec(spec))}, ${parameters.toLocaleString("en")} parameters; ` +
      `backend ${backend}; ${trainCount} training, ${val.count} validation and ${test.count} test ` +
      `digits, split ${
        split === "random" ? `at random (seed ${SHIPPED_SPLIT.seed})` : "by position"
      } ` +
      `(loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s)`,
  );
  console.log(
    `${settings.optimizer} lr ${settings.lr} (× ${settings.lrDecay} each epoch), batch ${settings.batchSize}, ` +
      `${settings.epochs} epochs, shift ${settings.maxShift}, seed ${settings.seed}`,
  );
  const started = performance.now();
  const { model, test: testResult } = await trainModel(spec, settings, sets, {
    limit,
    onEpoch: (r) =>
      console.log(
        `epoch ${r.epoch}/${settings.epochs}  loss ${r.loss.toFixed(4)}  ` +
          `train acc ${r.trainAccuracy.toFixed(4)}  val acc ${r.valAccuracy.toFixed(4)}  ` +
          `${r.seconds.toFixed(1)} s`,
      ),
  });
  console.log(
    `test acc ${testResult.accuracy.toFixed(4)} (${testResult.correct}/${testResult.total})`,
  );
  await Deno.writeTextFile(values.out, JSON.stringify(saveWeights(model, spec)) + "\n");
  console.log(
    `trained in ${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${values.out}`,
  );
}

async function evalCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      weights: { type: "string" },
      images: { type: "string" },
      labels: { type: "string" },
      backend: { type: "string" },
      batch: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.weights) throw new UsageError("--weights FILE is required");
  if (!values.images !== !values.labels) {
    throw new UsageError("--images and --labels go together (or leave both out: the test digits)");
  }
  const backend = await startBackend(values.backend);
  let loaded;
  try {
    // Refuse an oversized file before reading it (a missing one is reported by the read).
    const size = await Deno.stat(values.weights!).then((s) => s.size, () => 0);
    checkWeightsSize(size);
    loaded = loadWeights(new TextDecoder().decode(await loadIdxFromFile(values.weights!)));
  } catch (e) {
    if (e instanceof WeightsError) throw new WeightsError(`${values.weights}: ${e.message}`);
    throw e;
  }
  const digits = values.images
    ? await loadDigitsFromFiles(values.images, values.labels!)
    : (await loadShippedDigits()).test;
  console.log(
    `model ${JSON.stringify(storedSpec(loaded.spec))}, ${
      parameterCount(loaded.model).toLocaleString("en")
    } parameters; backend ${backend}; ${digits.count} ${
      values.images ? "digits" : "shipped test digits"
    }`,
  );
  const batchSize = number(values.batch, "--batch", positiveInt);
  const { accuracy, correct, total } = await evaluate(loaded.model, digits, loaded.spec, {
    batchSize,
  });
  console.log(`accuracy: ${accuracy.toFixed(4)} (${correct}/${total})`);
}

/** Runs the command line; resolves to the exit status. */
export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === "train") await train(rest);
    else if (command === "eval") await evalCommand(rest);
    else if (command === undefined || command === "help" || command === "--help") {
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    } else throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    return 0;
  } catch (e) {
    const known = e instanceof UsageError || e instanceof IdxError || e instanceof WeightsError ||
      (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const message = (e as Error).message;
    // Files that are missing or unreadable come from dataset.ts as plain Errors naming the file.
    if (known || /: (file not found|cannot read)/.test(message)) {
      console.error(`error: ${message}`);
    } else {
      console.error(e);
    }
    return 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
