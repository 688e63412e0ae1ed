/**
 * What a trainer is: the training logic of one lesson figure, written once against the engine and
 * run by the runtime's host (in a Web Worker, or on the main thread). A trainer is built from
 * plain props, takes steps, and describes itself in plain snapshots that the island draws. It
 * never touches the DOM.
 *
 * The types carry from the trainer to the island: a trainer module's `create` says its props, its
 * snapshot and its `methods` (the questions an island may ask); the registry of trainers (outside
 * the runtime, `components/trainers.ts`) maps names to modules, and `useTrainer(name, props)`
 * infers all three from the name.
 */
import type { nn, optim } from "../../engine/mod.ts";

export type Engine = typeof import("../../engine/mod.ts");

/**
 * The questions a trainer answers, by name: each takes at most one plain (structured-cloneable)
 * argument and answers plain data. Arguments come from the page: a method still checks them.
 */
export type Methods<M = Record<string, unknown>> = {
  [K in keyof M]: (args: never) => unknown;
};

export interface Trainer<Snapshot = unknown, M extends Methods<M> = Record<never, never>> {
  /** The parameters: checkpointed for the backend fallback, read to time a step. */
  model: nn.Module;
  /** The optimizer, whose state is checkpointed with the parameters. */
  optimizer?: optim.Optimizer;
  /** One training step. */
  step(): void | Promise<void>;
  /**
   * What the island draws, as plain data (read asynchronously from the backend). Throws the
   * engine's `NonFiniteLossError` when training diverged. `live`: sent while playing, to be
   * followed by another within `pace.snapshotMs` (a trainer may reuse costly parts of its last
   * one, such as a map over a fine grid); otherwise the reader reads it as final (after a
   * pause, a step, an edit).
   */
  snapshot(live?: boolean): Promise<Snapshot>;
  /** Settings that change without a rebuild (learning rate, batch size...). */
  update?(patch: Record<string, unknown>): void;
  /** Answers questions from the island (`predict`, ...): `call(name, args)` on `useTrainer`. */
  methods?: M;
  /** After a backend switch: rebuild tensors other than the parameters (the data). */
  rebuild?(): void | Promise<void>;
  /** Free every tensor. */
  dispose(): void;
}

export interface TrainerModule<
  Props = unknown,
  Snapshot = unknown,
  M extends Methods<M> = Record<never, never>,
> {
  /** Build the trainer from plain props on the backend running now (the engine is injected). */
  create(engine: Engine, props: Props): Trainer<Snapshot, M> | Promise<Trainer<Snapshot, M>>;
  /**
   * What decides the speed of a step (layer sizes, batch size): the measurement of the backends
   * is remembered under it. Default: the props as JSON.
   */
  shape?(props: Props): string;
  /**
   * In a worker, how often this trainer's figure wants a snapshot while playing (default: the
   * host's, 80 ms) and the training slice between two (default 40 ms): a figure that redraws live
   * (the Playground's network diagram) asks for more.
   */
  pace?: { sliceMs?: number; snapshotMs?: number };
}

/** Any trainer module, as the host sees it (props and answers unchecked). */
// deno-lint-ignore no-explicit-any
export type AnyTrainerModule = TrainerModule<any, unknown, any>;

/** Trainer modules by name, each loaded with `import()` when first opened. */
export type Registry = Record<string, () => Promise<AnyTrainerModule>>;

/** The props a trainer module is built from. */
export type PropsOf<T> = T extends { create(engine: Engine, props: infer P): unknown } ? P
  : never;
/** The trainer a module builds. */
type BuiltBy<T> = T extends { create(engine: Engine, props: never): infer R } ? Awaited<R> : never;
/** The snapshot a trainer module's trainers send. */
export type SnapshotOf<T> = BuiltBy<T> extends { snapshot(): Promise<infer S> } ? S : never;
/** The methods a trainer module's trainers answer (none: `{}`). */
export type MethodsOf<T> = BuiltBy<T> extends { methods?: infer M } ? NonNullable<M>
  : Record<never, never>;
