/**
 * Every trainer the runtime can run, by name. Each is loaded with `import()` when first opened,
 * so a page's worker fetches only the trainers its islands use.
 */
import type { Registry } from "./host.ts";

export const TRAINERS: Registry = {
  playground: () => import("../function/playground_trainer.ts"),
  "bump-fit": () => import("../bumps/bump_trainer.ts"),
  "bump-sweep": () => import("../bumps/bump_sweep_trainer.ts"),
  towers: () => import("../bumps/towers_trainer.ts"),
};
