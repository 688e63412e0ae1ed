/**
 * The runtime's guard over a trainer (components/runtime/fallback.ts) checkpoints the trainer's
 * model and optimizer as they are now: a trainer that replaces them (MyDigits loads a weights file
 * into its fine-tune trainer) is checkpointed, not its disposed first model.
 */
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import assert from "node:assert/strict";
import * as E from "../../engine/mod.ts";
import { guardTrainer } from "../../components/runtime/fallback.ts";
import type { Engine, Trainer } from "../../components/runtime/trainer.ts";

await tf.setBackend("cpu");

Deno.test("guard: a model the trainer swapped in is the one checkpointed", async () => {
  const first = new E.nn.Linear(2, 1);
  const trainer: Trainer = {
    model: first,
    optimizer: new E.optim.SGD(first.parameters(), { lr: 0.1 }),
    step() {},
    snapshot: () => Promise.resolve(null),
    dispose() {},
  };
  const guard = guardTrainer(E as unknown as Engine, trainer, {
    worker: false,
    report: () => null,
    onFallback: () => {},
  });
  await guard.checkpointAsync();
  // The trainer loads another model and frees the first (as `load` does in the fine-tune trainer).
  const second = new E.nn.Linear(3, 2);
  trainer.model.dispose();
  trainer.optimizer?.dispose();
  trainer.model = second;
  trainer.optimizer = new E.optim.SGD(second.parameters(), { lr: 0.1 });
  // It threw "tensor weight … was disposed" when the guard held the first.
  await assert.doesNotReject(guard.checkpointAsync());
  second.dispose();
  trainer.optimizer.dispose();
});
