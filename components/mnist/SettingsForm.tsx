/**
 * MnistTrainer's settings: the model (MLP with its hidden layers, or the lesson's CNN), loss,
 * optimizer, epochs, batch size, shift augmentation and learning rate, with the model's
 * parameter count. The values live in the island's URL state (`mt.*`); `formSettings` turns
 * them into a run's settings.
 */
import {
  BATCH_CHOICES,
  defaultSettings,
  HIDDEN_CHOICES,
  layerCounts,
  LR_CHOICES,
  type ModelSpec,
  paramCount,
  type RunSettings,
  SHIFT_CHOICES,
  specName,
} from "./settings.ts";
import type { MnistTrainerStrings } from "./text.ts";

/** The form's values (MnistTrainer's URL state). */
export type MnistForm = {
  model: string;
  hidden: number[];
  loss: string;
  opt: string;
  epochs: number;
  batch: number;
  lr: number;
  shift: number;
};

/** The model and the run's settings the form describes (out-of-range values clamped). */
export function formSettings(state: MnistForm): { spec: ModelSpec; settings: RunSettings } {
  const kind = state.model === "cnn" ? "cnn" : "mlp";
  const spec: ModelSpec = kind === "cnn"
    ? defaultSettings("cnn").spec
    : { kind: "mlp", hidden: state.hidden.length ? state.hidden : [128] };
  const settings: RunSettings = {
    ...defaultSettings(kind),
    spec,
    loss: state.loss === "mse" ? "mse" : "crossEntropy",
    optimizer: state.opt === "sgd" ? "sgd" : "adam",
    epochs: Math.max(1, Math.min(20, Math.round(state.epochs))),
    batchSize: state.batch,
    lr: state.lr,
    maxShift: Math.max(0, Math.min(2, Math.round(state.shift))),
  };
  return { spec, settings };
}

export default function SettingsForm(props: {
  state: MnistForm;
  update: (patch: Partial<MnistForm>) => void;
  locked: boolean;
  t: MnistTrainerStrings;
}) {
  const { state, update, locked, t } = props;
  const { spec, settings } = formSettings(state);
  const counts = layerCounts(spec);
  // The current rate is always a choice (a rate from the URL, or a model's default).
  const lrChoices = [...new Set([...LR_CHOICES, settings.lr])].sort((a, b) => a - b);
  const selectProps = (key: keyof MnistForm, parse: (v: string) => unknown = (v) => v) => ({
    disabled: locked,
    onChange: (e: Event) =>
      update({ [key]: parse((e.currentTarget as HTMLSelectElement).value) } as Partial<MnistForm>),
  });
  return (
    <>
      <div class="controls">
        <label>
          <span>{t.model}</span>
          <select
            value={state.model}
            disabled={locked}
            onChange={(e) => {
              // Another model: its own default batch size, augmentation and learning rate.
              const next = (e.currentTarget as HTMLSelectElement).value === "cnn" ? "cnn" : "mlp";
              const d = defaultSettings(next);
              update({ model: next, batch: d.batchSize, shift: d.maxShift, lr: d.lr });
            }}
          >
            <option value="mlp">{t.mlp}</option>
            <option value="cnn">{t.cnn}</option>
          </select>
        </label>
        {spec.kind === "mlp" && (
          <label>
            <span>{t.hidden}</span>
            <select
              value={(spec.hidden ?? [128]).join(",")}
              {...selectProps("hidden", (v) => v.split(",").map(Number))}
            >
              {HIDDEN_CHOICES.map((hc) => (
                <option key={hc.join()} value={hc.join(",")}>{[784, ...hc, 10].join("-")}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t.loss}</span>
          <select value={settings.loss} {...selectProps("loss")}>
            <option value="crossEntropy">{t.crossEntropy}</option>
            <option value="mse">{t.mse}</option>
          </select>
        </label>
        <label>
          <span>{t.optimizer}</span>
          <select value={settings.optimizer} {...selectProps("opt")}>
            <option value="adam">Adam</option>
            <option value="sgd">SGD</option>
          </select>
        </label>
        <label>
          <span>
            {t.epochs} = <output>{settings.epochs}</output>
          </span>
          <input
            type="range"
            min={1}
            max={10}
            step={1}
            value={settings.epochs}
            disabled={locked}
            onInput={(e) => update({ epochs: Number((e.currentTarget as HTMLInputElement).value) })}
          />
        </label>
        <label>
          <span>{t.batch}</span>
          <select value={String(settings.batchSize)} {...selectProps("batch", Number)}>
            {BATCH_CHOICES.map((b) => <option key={b} value={String(b)}>{b}</option>)}
          </select>
        </label>
        <label>
          <span>{t.shift}</span>
          <select value={String(settings.maxShift)} {...selectProps("shift", Number)}>
            {SHIFT_CHOICES.map((n) => <option key={n} value={String(n)}>{t.shiftPx(n)}</option>)}
          </select>
        </label>
        <label>
          <span>{t.lr}</span>
          <select value={String(settings.lr)} {...selectProps("lr", Number)}>
            {lrChoices.map((v) => <option key={v} value={String(v)}>{v}</option>)}
          </select>
          {settings.lrDecay !== 1 && <small class="lr-decay">{t.decay(settings.lrDecay)}</small>}
        </label>
      </div>
      <p class="mnist-params">
        <strong>{specName(spec)}</strong>: {t.params(
          paramCount(spec).toLocaleString("en-US"),
          counts.map(([name, n]) => `${name}: ${n.toLocaleString("en-US")}`).join(", "),
        )}
      </p>
    </>
  );
}
