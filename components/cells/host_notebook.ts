/**
 * This site's notebook, plugged into the runtime (`components/runtime/notebook.ts`'s `Notebook`):
 * the probe model that chooses the workspace's backend (`probe_trainer.ts`), the workspace where
 * cells run (`workspace.ts`, loaded when the notebook first opens), and, in the runtime's worker,
 * the relay to the cell realm where reader code runs out of the runtime's reach (`relay.ts`).
 */
import type { Notebook } from "../runtime/notebook.ts";
import type { TrainerModule } from "../runtime/trainer.ts";
import { type CellRealm, CellRelay } from "./relay.ts";
import type { Digits } from "../../mnist/dataset.ts";

export interface NotebookSetup {
  /** The shipped digits, for code cells that use `mnist`. */
  loadMnist?: () => Promise<{ train: Digits; val: Digits; test: Digits }>;
  /**
   * Starts a worker for reader code (the cell realm): the notebook then runs there, out of the
   * runtime's reach. Without it, cells run in the runtime's own realm.
   */
  cellRealm?: () => CellRealm;
}

/** The probe and the workspace modules, fetched together the first time a notebook opens. */
let modules: Promise<[typeof import("./probe_trainer.ts"), typeof import("./workspace.ts")]>;
const load = () =>
  modules ??= Promise.all([import("./probe_trainer.ts"), import("./workspace.ts")]);

export function cellNotebook(setup: NotebookSetup = {}): Notebook {
  const { cellRealm } = setup;
  return {
    probe: async () => (await load())[0].default as TrainerModule,
    workspace: async (engine, options) => {
      const [, { Workspace }] = await load();
      return new Workspace({ engine, loadMnist: setup.loadMnist, ...options });
    },
    ...(cellRealm ? { relay: (post) => new CellRelay(cellRealm, post) } : {}),
  };
}
