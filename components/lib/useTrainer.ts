/**
 * `useTrainer(name, props, settings)`: an island's handle on one of the site's trainers
 * (`components/trainers.ts`), run by the runtime in a Web Worker. The name says the rest: the
 * props it takes, the snapshot it sends and the methods `call` may ask, so a renamed field or
 * method is a type error where it is used.
 */
import { type TrainerOptions, type TrainerView, useRuntimeTrainer } from "../runtime/useTrainer.ts";
import {
  mainThreadSetup,
  type TrainerMethods,
  type TrainerName,
  type TrainerProps,
  type TrainerSnapshot,
} from "../trainers.ts";

export function useTrainer<K extends TrainerName>(
  kind: K,
  props: TrainerProps<K>,
  settings?: Record<string, unknown>,
  options?: TrainerOptions,
): TrainerView<TrainerSnapshot<K>, TrainerMethods<K>> {
  return useRuntimeTrainer(kind, props, settings, mainThreadSetup, options);
}
