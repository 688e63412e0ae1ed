/**
 * Every trainer the runtime can run, by name. Each is loaded with `import()` when first opened,
 * so a page's worker fetches only the trainers its islands use.
 */
import type { Registry } from "./host.ts";

export const TRAINERS: Registry = {
  playground: () => import("../function/playground_trainer.ts"),
  "loss-fit": () => import("../loss/fit_trainer.ts"),
  "loss-landscape": () => import("../loss/landscape_trainer.ts"),
  "loss-classifier": () => import("../loss/classifier_trainer.ts"),
  line: () => import("../function/line_trainer.ts"),
  graph: () => import("../backprop/graph_trainer.ts"),
  "bump-fit": () => import("../bumps/bump_trainer.ts"),
  "bump-sweep": () => import("../bumps/bump_sweep_trainer.ts"),
  towers: () => import("../bumps/towers_trainer.ts"),
  // Lesson 4 (MNIST).
  mnist: () => import("../mnist/mnist_trainer.ts"),
  "mnist-normalize": () => import("../mnist/normalize_trainer.ts"),
  "mnist-finetune": () => import("../mnist/finetune_trainer.ts"),
};
