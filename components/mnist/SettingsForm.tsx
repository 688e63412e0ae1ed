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
import { Choice, numberOptions, Slider } from "../lib/Controls.tsx";

/** The most epochs a run in the page may ask for (the slider's end, the URL's bound). */
export const EPOCHS_MAX = 10;

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
    epochs: Math.max(1, Math.min(EPOCHS_MAX, Math.round(state.epochs))),
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
  // The current rate is always a choice (a rate from the URL, or a model's default): numberOptions.
  const opts = <T extends string | number>(values: readonly T[], label = (v: T) => String(v)) =>
    values.map((value) => ({ value, label: label(value) }));
  return (
    <>
      <div class="controls">
        <Choice
          label={t.model}
          value={state.model === "cnn" ? "cnn" : "mlp"}
          disabled={locked}
          options={[{ value: "mlp", label: t.mlp }, { value: "cnn", label: t.cnn }]}
          onChange={(model) => {
            // Another model: its own default batch size, augmentation and learning rate.
            const d = defaultSettings(model);
            update({ model, batch: d.batchSize, shift: d.maxShift, lr: d.lr });
          }}
        />
        {spec.kind === "mlp" && (
          <Choice
            label={t.hidden}
            value={(spec.hidden ?? [128]).join(",")}
            disabled={locked}
            options={HIDDEN_CHOICES.map((hc) => ({
              value: hc.join(","),
              label: [784, ...hc, 10].join("-"),
            }))}
            onChange={(v) => update({ hidden: v.split(",").map(Number) })}
          />
        )}
        <Choice
          label={t.loss}
          value={settings.loss}
          disabled={locked}
          options={[
            { value: "crossEntropy", label: t.crossEntropy },
            { value: "mse", label: t.mse },
          ]}
          onChange={(loss) => update({ loss })}
        />
        <Choice
          label={t.optimizer}
          value={settings.optimizer}
          disabled={locked}
          options={[{ value: "adam", label: "Adam" }, { value: "sgd", label: "SGD" }]}
          onChange={(opt) => update({ opt })}
        />
        <Slider
          label={t.epochs}
          value={settings.epochs}
          min={1}
          max={EPOCHS_MAX}
          step={1}
          disabled={locked}
          onInput={(epochs) => update({ epochs })}
        />
        <Choice
          label={t.batch}
          value={settings.batchSize}
          disabled={locked}
          options={opts(BATCH_CHOICES)}
          onChange={(batch) => update({ batch })}
        />
        <Choice
          label={t.shift}
          value={settings.maxShift}
          disabled={locked}
          options={opts(SHIFT_CHOICES, t.shiftPx)}
          onChange={(shift) => update({ shift })}
        />
        <Choice
          label={t.lr}
          value={settings.lr}
          disabled={locked}
          options={numberOptions(LR_CHOICES, settings.lr)}
          onChange={(lr) => update({ lr })}
        >
          {settings.lrDecay !== 1 && <small class="lr-decay">{t.decay(settings.lrDecay)}</small>}
        </Choice>
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
