/**
 * Every trainer the runtime can run, by name: a lesson registers its trainers here (one line
 * each). Each is loaded with `import()` when first opened, so a page's worker fetches only the
 * trainers its islands use; the types come along without loading anything: `useTrainer(name,
 * props)` (`components/lib/useTrainer.ts`) reads each trainer's props, snapshot and methods from
 * its module.
 *
 * Also here: what the runtime's host needs from the site besides the trainers (the notebook's
 * digits), for the worker (`components/runtime_worker.ts`) and the main-thread fallback.
 */
import type { HostSetup } from "./runtime/host.ts";
import type { MethodsOf, PropsOf, Registry, SnapshotOf } from "./runtime/trainer.ts";

export const TRAINERS = {
  playground: () => import("./function/playground_trainer.ts"),
  "loss-fit": () => import("./loss/fit_trainer.ts"),
  "loss-landscape": () => import("./loss/landscape_trainer.ts"),
  "loss-classifier": () => import("./loss/classifier_trainer.ts"),
  line: () => import("./function/line_trainer.ts"),
  graph: () => import("./backprop/graph_trainer.ts"),
  "bump-fit": () => import("./bumps/bump_trainer.ts"),
  "bump-sweep": () => import("./bumps/bump_sweep_trainer.ts"),
  towers: () => import("./bumps/towers_trainer.ts"),
  // Lesson 4 (MNIST).
  mnist: () => import("./mnist/mnist_trainer.ts"),
  "mnist-normalize": () => import("./mnist/normalize_trainer.ts"),
  "mnist-finetune": () => import("./mnist/finetune_trainer.ts"),
  // Lesson 6 (convolutions): the small CNN trained in the page, and its overview.
  conv: () => import("./conv/conv_trainer.ts"),
  // Lesson 7 (training), optimizers (train-b).
  "optim-paths": () => import("./training/optim_trainer.ts"),
  // Lesson 7 (training), initialization (train-a).
  "training-init": () => import("./training/init_trainer.ts"),
  // Lesson 7 (training): learning curves and choosing settings (train-c).
  "training-curves": () => import("./training/curves_trainer.ts"),
  "training-range": () => import("./training/sweep_range_trainer.ts"),
} satisfies Registry;

/** A trainer's name in the registry. */
export type TrainerName = keyof typeof TRAINERS;
/** The module registered under a name (a type only: nothing is loaded). */
type ModuleNamed<K extends TrainerName> = Awaited<ReturnType<(typeof TRAINERS)[K]>>;
export type TrainerProps<K extends TrainerName> = PropsOf<ModuleNamed<K>>;
export type TrainerSnapshot<K extends TrainerName> = SnapshotOf<ModuleNamed<K>>;
export type TrainerMethods<K extends TrainerName> = MethodsOf<ModuleNamed<K>>;

/**
 * The host on the page's main thread (where Workers are unavailable): the trainers, and the
 * notebook for code cells, with the shipped digits for those that use `mnist` (one download per
 * page).
 */
export async function mainThreadSetup(): Promise<HostSetup> {
  const [{ loadDigits }, { cellNotebook }] = await Promise.all([
    import("./mnist/digits.ts"),
    import("./cells/host_notebook.ts"),
  ]);
  return { trainers: TRAINERS, notebook: cellNotebook({ loadMnist: loadDigits }) };
}
