/**
 * What a trainer is: the training logic of one lesson figure, written once against the engine and
 * run by the runtime's host (in a Web Worker, or on the main thread). A trainer is built from
 * plain props, takes steps, and describes itself in plain snapshots that the island draws. It
 * never touches the DOM.
 */
import type { nn, optim } from "../../engine/mod.ts";

export type Engine = typeof import("../../engine/mod.ts");

export interface Trainer<Snapshot = unknown> {
  /** The parameters: checkpointed for the backend fallback, read to time a step. */
  model: nn.Module;
  /** The optimizer, whose state is checkpointed with the parameters. */
  optimizer?: optim.Optimizer;
  /** One training step. */
  step(): void | Promise<void>;
  /**
   * What the island draws, as plain data (read asynchronously from the backend). Throws the
   * engine's `NonFiniteLossError` when training diverged.
   */
  snapshot(): Promise<Snapshot>;
  /** Settings that change without a rebuild (learning rate, batch size...). */
  update?(patch: Record<string, unknown>): void;
  /** Answers a question from the island (`predict`, ...). */
  call?(method: string, args: unknown): unknown | Promise<unknown>;
  /** After a backend switch: rebuild tensors other than the parameters (the data). */
  rebuild?(): void | Promise<void>;
  /** Free every tensor. */
  dispose(): void;
}

export interface TrainerModule<Props = unknown, Snapshot = unknown> {
  /** Build the trainer from plain props on the backend running now. */
  create(engine: Engine, props: Props): Trainer<Snapshot> | Promise<Trainer<Snapshot>>;
  /**
   * What decides the speed of a step (layer sizes, batch size): the measurement of the backends
   * is remembered under it. Default: the props as JSON.
   */
  shape?(props: Props): string;
}
