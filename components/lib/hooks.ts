/**
 * The `data-*` test hooks on an island's root, written one way: `hooks({ gradA: 0.5, running })`
 * gives `{ "data-grad-a": "0.5", "data-running": "false" }` to spread on the root element.
 *
 * One spelling for every island, so a test reads them all alike:
 *   - a number: `String(n)` (full precision, the tests parse it); not finite: "" (no number yet,
 *     or a diverged one: the island says so in words, a test checks `data-status` or its own hook);
 *   - a boolean: "true" / "false";
 *   - a list: its items as above, joined with ",";
 *   - null or undefined: "" (the hook is there, empty, so a test can wait for it to fill).
 *
 * The hooks are for tests only: another island never reads them (it reads a store,
 * components/lib/store.ts).
 */

/** A value a hook can hold. */
export type HookValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly (string | number | boolean)[];

/** `data-` attributes, ready to spread on an element. */
export type HookAttributes = Record<`data-${string}`, string>;

/** One value as its hook spells it. */
export function hookValue(value: HookValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "string") return value;
  return value.map((v) => hookValue(v)).join(",");
}

/** `gradA` → `data-grad-a` (a name already in kebab case is kept). */
export function hookName(name: string): `data-${string}` {
  if (!/^[a-zA-Z][a-zA-Z0-9-]*$/.test(name)) throw new Error(`hooks: bad hook name "${name}"`);
  return `data-${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`;
}

/** The attributes of named values (camelCase names become kebab-case `data-` names). */
export function hooks(values: Record<string, HookValue>): HookAttributes {
  const out: HookAttributes = {};
  for (const [name, value] of Object.entries(values)) out[hookName(name)] = hookValue(value);
  return out;
}

/** What every training island's root says about its trainer (`useTrainer`'s view fits it). */
export interface TrainerHookSource {
  status: string;
  backend?: { name: string } | null;
  steps: number;
  tensors: number;
}

/**
 * The four hooks every training island carries (`data-status`, `data-backend`, `data-steps`,
 * `data-tensors`), then the island's own; an own value of the same name wins (an island whose
 * status or step count is its own, not its trainer's).
 */
export function trainerHooks(
  trainer: TrainerHookSource,
  values: Record<string, HookValue> = {},
): HookAttributes {
  return hooks({
    status: trainer.status,
    backend: trainer.backend?.name ?? "",
    steps: trainer.steps,
    tensors: trainer.tensors,
    ...values,
  });
}
