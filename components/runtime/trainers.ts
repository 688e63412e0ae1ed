/**
 * Every trainer the runtime can run, by name. Each is loaded with `import()` when first opened,
 * so a page's worker fetches only the trainers its islands use.
 */
import type { Registry } from "./host.ts";

export const TRAINERS: Registry = {
  playground: () => import("../function/playground_trainer.ts"),
  // Lesson 4 (MNIST).
  mnist: () => import("../mnist/mnist_trainer.ts"),
  "mnist-normalize": () => import("../mnist/normalize_trainer.ts"),
};
