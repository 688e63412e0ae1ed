/**
 * The runtime's types, end to end: a trainer's name says its props, its snapshot and its methods
 * wherever an island uses it. Each `@ts-expect-error` below is a mistake that `deno check` (and
 * so `deno test`, which type-checks this file) must refuse: if the types stopped carrying a
 * field or a method, the line would compile and the directive itself would be the error.
 */
import assert from "node:assert/strict";
import { useTrainer } from "../../components/lib/useTrainer.ts";
import type { TrainerView } from "../../components/runtime/useTrainer.ts";
import type { MethodsOf, SnapshotOf, TrainerModule } from "../../components/runtime/trainer.ts";
import type { TrainerSnapshot } from "../../components/trainers.ts";
import type { MnistTrainerProps } from "../../components/mnist/mnist_trainer.ts";
import { defaultSettings } from "../../components/mnist/settings.ts";
import { SMALL_PLAYGROUND } from "../fixtures/runtime.ts";

const PLAYGROUND = SMALL_PLAYGROUND;
const MNIST: MnistTrainerProps = { data: "", settings: defaultSettings("mlp"), evalsPerEpoch: 1 };

/** Type checks only: never called (a hook runs only inside a rendered island). */
function island() {
  const play = useTrainer("playground", PLAYGROUND);
  // The snapshot's type comes from the trainer: its fields read as they are declared...
  const loss: number | undefined = play.snapshot?.trainLoss;
  // @ts-expect-error ...and a field renamed on one side is an error on the other.
  play.snapshot?.trainingLoss;
  // @ts-expect-error the props are checked against the trainer's: a field is missing.
  useTrainer("playground", { dataset: "circles" });
  // @ts-expect-error an unknown trainer name.
  useTrainer("playgrounds", PLAYGROUND);
  // @ts-expect-error the Playground's trainer answers no questions.
  play.call("predict");

  const mnist = useTrainer("mnist", MNIST);
  // `call` is typed per method: the argument and the answer.
  const probs: Promise<Float32Array> = mnist.call("predict", new Float32Array(784));
  const weights: Promise<string> = mnist.call("weights");
  const loaded: Promise<{ accuracy: number }> = mnist.call("load", "{}");
  // @ts-expect-error a misspelt method.
  mnist.call("predcit", new Float32Array(784));
  // @ts-expect-error the wrong argument.
  mnist.call("predict", "pixels");
  // @ts-expect-error a method that takes an argument, without it.
  mnist.call("load");
  // @ts-expect-error the answer's type is the method's.
  const wrong: Promise<number> = mnist.call("weights");
  const steps: Promise<number> = mnist.sync();
  return { loss, probs, weights, loaded, wrong, steps };
}

/**
 * A trainer module of its own, renamed: an island written against the old snapshot no longer
 * compiles (what happens when a lesson renames a field its trainer sends).
 */
declare const renamed: TrainerModule<
  { n: number },
  { lossNow: number },
  { ask(q: string): number }
>;
function renamedField(view: TrainerView<SnapshotOf<typeof renamed>, MethodsOf<typeof renamed>>) {
  // @ts-expect-error `loss` was renamed `lossNow`.
  const old: number | undefined = view.snapshot?.loss;
  const now: number | undefined = view.snapshot?.lossNow;
  const answer: Promise<number> = view.call("ask", "why");
  // @ts-expect-error `ask` takes a string.
  view.call("ask", 1);
  return { old, now, answer };
}

Deno.test("runtime types: a trainer's name carries its props, snapshot and methods to the island", () => {
  // The checks above are the test; this only keeps the functions referenced.
  assert.equal(typeof island, "function");
  assert.equal(typeof renamedField, "function");
  const snapshot: TrainerSnapshot<"mnist-finetune"> | null = null;
  assert.equal(snapshot, null);
});
