/**
 * Train an MNIST classifier in the page: pick MLP or CNN, loss, optimizer, epochs, batch size and
 * learning rate; watch the training and validation loss and accuracy; see the backend and the
 * time per epoch; read the confusion matrix and the misclassified digits; save or load weights.
 * The finished model is published to `components/mnist/store.ts` for DrawDigit.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import LineChart from "../lib/LineChart.tsx";
import { type BackendChoice, errorMessage, loadEngine } from "../lib/engine.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import DigitCanvas from "../mnist/DigitCanvas.tsx";
import { type Digits, loadDigits } from "../mnist/data.ts";
import {
  BATCH_CHOICES,
  defaultSettings,
  HIDDEN_CHOICES,
  layerCounts,
  LESSON_DEFAULTS,
  type LossName,
  LR_CHOICES,
  type ModelSpec,
  type OptimizerName,
  paramCount,
  SHIFT_CHOICES,
  specName,
  type TrainSettings,
} from "../mnist/spec.ts";
import { trainedModel } from "../mnist/store.ts";
import type { MnistRun, Predictor } from "../mnist/train.ts";

export interface MnistTrainerProps {
  model?: "mlp" | "cnn";
  loss?: LossName;
  optimizer?: OptimizerName;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  lang?: string;
}

type Phase = "idle" | "loading" | "running" | "paused" | "done" | "error";

const text = {
  en: {
    model: "Model",
    mlp: "MLP",
    cnn: "CNN",
    hidden: "Hidden layers",
    loss: "Loss",
    crossEntropy: "cross-entropy (log_softmax + NLL)",
    mse: "MSE on one-hot targets",
    optimizer: "Optimizer",
    epochs: "Epochs",
    batch: "Batch size",
    lr: "Learning rate",
    shift: "Shift augmentation",
    decay: (d: number) => `× ${d} after each epoch`,
    shiftPx: (n: number) => (n ? `±${n} px` : "none"),
    params: (n: string, parts: string) => `${n} parameters (${parts})`,
    train: "Train",
    pause: "Pause",
    resume: "Resume",
    stop: "Stop",
    save: "Save weights",
    load: "Load weights",
    loading: "Loading the digits and the engine…",
    progress: "Training progress",
    epochOf: (e: number, n: number) => `epoch ${e} of ${n}`,
    step: "step",
    trainLoss: "training loss",
    valLoss: "validation loss",
    trainAcc: "training accuracy",
    valAcc: "validation accuracy",
    testAcc: "test accuracy (once, at the end)",
    perEpoch: "time per epoch",
    epochAxis: "epoch",
    lossAxis: "loss",
    accAxis: "accuracy (%)",
    lossSummary: (tl: string, vl: string, e: string) =>
      `Loss after ${e} epochs: training ${tl}, validation ${vl}.`,
    accSummary: (ta: string, va: string, e: string) =>
      `Accuracy after ${e} epochs: training ${ta}, validation ${va}.`,
    notYet: "not trained yet",
    chartsLater: "The loss and accuracy curves appear here once training starts.",
    confusion: "Confusion matrix on the 1,000 validation digits",
    trueDigit: "true ↓ / predicted →",
    wrong: (n: number, shown: number) =>
      `Misclassified validation digits: ${n} in all${
        n > shown ? `, the first ${shown} shown` : ""
      } (true → predicted)`,
    wrongAlt: (list: string) => `Misclassified digits, true → predicted: ${list}`,
    noWrong: "No validation digit is misclassified.",
    diverged: (lr: number, step: string) =>
      `The loss became NaN or infinite (${step}): training diverged. Lower the learning rate (now ${lr}) and press Train again.`,
    loaded: (name: string) => `Loaded ${name} from the file; the drawing below now uses it.`,
    loadedAcc: (name: string, acc: string) =>
      `Loaded ${name} from the file: ${acc} of the 1,000 validation digits classified right. The drawing below now uses it.`,
    done: (acc: string) => `Finished: ${acc} of the validation digits classified right.`,
    stopped: "Stopped.",
  },
  zh: {
    model: "模型",
    mlp: "MLP",
    cnn: "CNN",
    hidden: "隐藏层",
    loss: "损失",
    crossEntropy: "交叉熵（log_softmax + NLL）",
    mse: "MSE + one-hot 目标",
    optimizer: "优化器",
    epochs: "轮次",
    batch: "批大小",
    lr: "学习率",
    shift: "平移增强",
    decay: (d: number) => `每轮之后 × ${d}`,
    shiftPx: (n: number) => (n ? `±${n} 像素` : "无"),
    params: (n: string, parts: string) => `${n} 个参数（${parts}）`,
    train: "训练",
    pause: "暂停",
    resume: "继续",
    stop: "停止",
    save: "保存权重",
    load: "载入权重",
    loading: "正在加载数字和引擎…",
    progress: "训练进度",
    epochOf: (e: number, n: number) => `第 ${e} 轮，共 ${n} 轮`,
    step: "步数",
    trainLoss: "训练损失",
    valLoss: "验证损失",
    trainAcc: "训练准确率",
    valAcc: "验证准确率",
    testAcc: "测试准确率（结束时测一次）",
    perEpoch: "每轮耗时",
    epochAxis: "轮次",
    lossAxis: "损失",
    accAxis: "准确率（%）",
    lossSummary: (tl: string, vl: string, e: string) =>
      `训练 ${e} 轮后的损失：训练 ${tl}，验证 ${vl}。`,
    accSummary: (ta: string, va: string, e: string) =>
      `训练 ${e} 轮后的准确率：训练 ${ta}，验证 ${va}。`,
    notYet: "尚未训练",
    chartsLater: "开始训练后，这里会画出损失和准确率曲线。",
    confusion: "1,000 张验证数字上的混淆矩阵",
    trueDigit: "真实 ↓ / 预测 →",
    wrong: (n: number, shown: number) =>
      `被分错的验证数字：共 ${n} 张${n > shown ? `，显示前 ${shown} 张` : ""}（真实 → 预测）`,
    wrongAlt: (list: string) => `被分错的数字，真实 → 预测：${list}`,
    noWrong: "没有分错的验证数字。",
    diverged: (lr: number, step: string) =>
      `损失变成了 NaN 或无穷大（${step}）：训练发散了。请调低学习率（现在是 ${lr}），再按“训练”。`,
    loaded: (name: string) => `已从文件载入 ${name}，下面的画板现在用它来识别。`,
    loadedAcc: (name: string, acc: string) =>
      `已从文件载入 ${name}：1,000 张验证数字中分对了 ${acc}。下面的画板现在用它来识别。`,
    done: (acc: string) => `训练完成：验证数字的准确率为 ${acc}。`,
    stopped: "已停止。",
  },
};

const MAX_WRONG = 40;

interface History {
  /** Training loss and batch accuracy at read steps: [epoch progress, value]. */
  trainLoss: [number, number][];
  trainAcc: [number, number][];
  /** Validation loss and accuracy at evaluations. */
  valLoss: [number, number][];
  valAcc: [number, number][];
  epochMs: number[];
}

const emptyHistory = (): History => ({
  trainLoss: [],
  trainAcc: [],
  valLoss: [],
  valAcc: [],
  epochMs: [],
});

/** One x axis for uPlot: every x of every series, with null where a series has no value. */
function aligned(...series: [number, number][][]): (number | null)[][] {
  const xs = [...new Set(series.flatMap((s) => s.map(([x]) => x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  return [
    xs,
    ...series.map((s) => {
      const ys: (number | null)[] = new Array(xs.length).fill(null);
      for (const [x, y] of s) ys[index.get(x)!] = y;
      return ys;
    }),
  ];
}

/** Exponential moving average of the noisy batch values (what the curve shows). */
function smooth(points: [number, number][], alpha = 0.3): [number, number][] {
  let m = NaN;
  return points.map(([x, y]) => [x, m = Number.isNaN(m) ? y : m + alpha * (y - m)]);
}

const pct = (v: number | undefined) => (v === undefined ? "—" : `${fmt(100 * v, 1)}%`);

/** The URL's values, bounded by the choices the controls offer (`?mt.batch=0` broke a run). */
const URL_SCHEMA = {
  model: { values: ["mlp", "cnn"] },
  hidden: { maxLength: 2, lists: HIDDEN_CHOICES },
  loss: { values: ["crossEntropy", "mse"] },
  opt: { values: ["adam", "sgd"] },
  epochs: { min: 1, max: 10, integer: true },
  batch: { values: BATCH_CHOICES },
  lr: { values: LR_CHOICES },
  shift: { values: SHIFT_CHOICES },
};

export default function MnistTrainer(props: MnistTrainerProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  // The lesson's defaults are the command line's (mnist/models.ts, MNIST_DEFAULTS);
  // props only override them where a lesson asks for something else.
  const kind = props.model ?? "mlp";
  const base = defaultSettings(kind);
  const defaults = {
    model: kind,
    hidden: (LESSON_DEFAULTS.mlp.model as { hidden: number[] }).hidden,
    loss: props.loss ?? base.loss,
    opt: props.optimizer ?? base.optimizer,
    epochs: props.epochs ?? base.epochs,
    batch: props.batchSize ?? base.batchSize,
    lr: props.lr ?? base.lr,
    shift: base.maxShift,
  };
  const [state, update] = useUrlState("mt", defaults, URL_SCHEMA);
  const [phase, setPhase] = useState<Phase>("idle");
  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [message, setMessage] = useState<string>("");
  const [, setTick] = useState(0);
  // Null on the first render, like the server's HTML (hydration does not patch attributes);
  // the effect below takes the store's value and follows it.
  const [model, setModel] = useState<Predictor | null>(null);
  /** Validation loss and accuracy of a model loaded from a weights file. */
  const [loadedEval, setLoadedEval] = useState<{ loss: number; accuracy: number } | null>(null);
  /** Accuracy on the test digits of the finished or loaded model (null while none). */
  const [testAcc, setTestAcc] = useState<number | null>(null);
  const [result, setResult] = useState<
    { predictions: Int32Array; labels: Uint8Array; val: Digits } | null
  >(null);
  const run = useRef<MnistRun | null>(null);
  const stopping = useRef(false);
  const loop = useRef<TrainingLoop | null>(null);
  const history = useRef<History>(emptyHistory());
  const live = useRef({
    steps: 0,
    loss: NaN,
    tensors: 0,
    totalSteps: 0,
    epochStart: 0,
    activeMs: 0,
  });
  const liveTensors = useRef<() => number>(() => 0);

  const kindNow = state.model === "cnn" ? "cnn" : "mlp";
  const spec: ModelSpec = kindNow === "cnn"
    ? defaultSettings("cnn").spec
    : { kind: "mlp", hidden: state.hidden.length ? state.hidden : [128] };
  const settings: TrainSettings = {
    ...defaultSettings(kindNow),
    spec,
    loss: state.loss === "mse" ? "mse" : "crossEntropy",
    optimizer: state.opt === "sgd" ? "sgd" : "adam",
    epochs: Math.max(1, Math.min(20, Math.round(state.epochs))),
    batchSize: state.batch,
    lr: state.lr,
    maxShift: Math.max(0, Math.min(2, Math.round(state.shift))),
  };
  const busy = phase === "running" || phase === "loading";
  const locked = phase === "running" || phase === "paused" || phase === "loading";

  useEffect(() => {
    setModel(trainedModel.value);
    const off = trainedModel.subscribe(setModel);
    return () => {
      off();
      loop.current?.pause();
      run.current?.dispose();
    };
  }, []);

  /** Time spent training this epoch so far (paused time excluded). */
  const addActive = () => {
    const l = live.current;
    if (l.epochStart) l.activeMs += performance.now() - l.epochStart;
    l.epochStart = 0;
  };

  async function evaluateNow(r: MnistRun) {
    const ev = await r.evaluate();
    const h = history.current;
    h.valLoss.push([r.progress, ev.loss]);
    h.valAcc.push([r.progress, 100 * ev.accuracy]);
    const { val } = await loadDigits();
    setResult({ predictions: ev.predictions, labels: val.labels, val });
    return ev;
  }

  /** The run ended (all epochs, or Stop): publish the model, free the data. */
  async function finish(r: MnistRun, stopped: boolean) {
    addActive();
    const ev = await evaluateNow(r);
    trainedModel.value = r.predictor();
    setTestAcc((await trainedModel.value.evaluate((await loadDigits()).test)).accuracy);
    r.dispose(true);
    run.current = null;
    live.current.tensors = liveTensors.current();
    setMessage(stopped ? `${t.stopped} ${t.done(pct(ev.accuracy))}` : t.done(pct(ev.accuracy)));
    setPhase("done");
  }

  async function start() {
    setPhase("loading");
    stopping.current = false;
    setMessage("");
    setResult(null);
    setLoadedEval(null);
    setTestAcc(null);
    try {
      const [{ choice }, { train, val }, mod] = await Promise.all([
        loadEngine(),
        loadDigits(),
        import("../mnist/train.ts"),
      ]);
      setChoice(choice);
      liveTensors.current = mod.liveTensors;
      run.current?.dispose();
      const r = new mod.MnistRun(train, val, settings);
      run.current = r;
      history.current = emptyHistory();
      const total = settings.epochs * r.stepsPerEpoch;
      const evalEvery = Math.max(1, Math.ceil(r.stepsPerEpoch / 4));
      live.current = {
        steps: 0,
        loss: NaN,
        tensors: mod.liveTensors(),
        totalSteps: total,
        epochStart: performance.now(),
        activeMs: 0,
      };
      loop.current = new TrainingLoop({
        maxSteps: total,
        step: async () => {
          const report = await r.step();
          const h = history.current;
          if (report.loss !== null) {
            h.trainLoss.push([r.progress, report.loss]);
            h.trainAcc.push([r.progress, 100 * report.batchAccuracy!]);
            live.current.loss = report.loss;
          }
          if (report.epochDone) {
            addActive();
            h.epochMs.push(live.current.activeMs);
            live.current.activeMs = 0;
            live.current.epochStart = performance.now();
          }
          if (r.steps < total && (report.epochDone || r.steps % evalEvery === 0)) {
            await evaluateNow(r);
          }
          return report.loss ?? live.current.loss;
        },
        onUpdate: (steps) => {
          live.current.steps = steps;
          live.current.tensors = mod.liveTensors();
          setTick((n) => n + 1);
        },
        onError: (msg, error) => {
          const name = (error as Error)?.name;
          setMessage(
            name === "NonFiniteLossError"
              ? t.diverged(settings.lr, /step \d+/.exec(msg)?.[0] ?? "")
              : msg,
          );
          r.dispose();
          run.current = null;
          setPhase("error");
        },
        onStop: () => {
          if (run.current === r && (r.steps >= total || stopping.current)) {
            finish(r, stopping.current);
          }
        },
      });
      setPhase("running");
      loop.current.play();
    } catch (error) {
      setMessage(errorMessage(error));
      setPhase("error");
    }
  }

  function pause() {
    addActive();
    loop.current?.pause();
    setPhase("paused");
  }

  function resume() {
    live.current.epochStart = performance.now();
    setPhase("running");
    loop.current?.play();
  }

  function stop() {
    const r = run.current;
    if (!r) return;
    if (phase === "paused") finish(r, true);
    else {
      // Finish after the step under way (onStop), not in the middle of it.
      stopping.current = true;
      loop.current?.pause();
    }
  }

  function save() {
    if (!model) return;
    const blob = new Blob([model.toJson()], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `mnist-${model.name.toLowerCase().replace(/\s+/g, "-")}.weights.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  async function load(file: File | undefined) {
    if (!file) return;
    try {
      const [{ choice }, { val }, mod] = await Promise.all([
        loadEngine(),
        loadDigits(),
        import("../mnist/train.ts"),
      ]);
      setChoice(choice);
      const predictor = mod.loadWeights(await file.text());
      trainedModel.value = predictor;
      setMessage(t.loaded(predictor.name));
      // The loaded model's validation accuracy and confusion matrix, read without blocking.
      const ev = await predictor.evaluate(val);
      // The readout shows the file's numbers; the curves stay empty (no training happened).
      history.current = emptyHistory();
      setLoadedEval({ loss: ev.loss, accuracy: ev.accuracy });
      setTestAcc((await predictor.evaluate((await loadDigits()).test)).accuracy);
      setResult({ predictions: ev.predictions, labels: val.labels, val });
      setMessage(t.loadedAcc(predictor.name, pct(ev.accuracy)));
    } catch (error) {
      setMessage(errorMessage(error));
    }
  }

  const h = history.current;
  const l = live.current;
  const progress = run.current ? run.current.progress : h.valAcc.at(-1)?.[0] ?? 0;
  const lossData = useMemo(
    () => aligned(smooth(h.trainLoss), h.valLoss),
    [h.trainLoss.length, h.valLoss.length],
  );
  const accData = useMemo(
    () => aligned(smooth(h.trainAcc), h.valAcc),
    [h.trainAcc.length, h.valAcc.length],
  );
  const lastValAcc = h.valAcc.at(-1)?.[1] ??
    (loadedEval ? 100 * loadedEval.accuracy : undefined);
  const lastValLoss = h.valLoss.at(-1)?.[1] ?? loadedEval?.loss;
  const lastTrainAcc = smooth(h.trainAcc).at(-1)?.[1];
  const msPerEpoch = h.epochMs.at(-1);
  const epochText = fmt(progress, 2);

  const confusion = useMemo(() => {
    if (!result) return null;
    const m = Array.from({ length: 10 }, () => new Array(10).fill(0));
    const wrong: number[] = [];
    result.predictions.forEach((p, i) => {
      m[result.labels[i]][p]++;
      if (p !== result.labels[i]) wrong.push(i);
    });
    return { m, wrong };
  }, [result]);

  const counts = layerCounts(spec);
  const selectProps = (key: keyof typeof state, parse: (v: string) => unknown = (v) => v) => ({
    disabled: locked,
    onChange: (e: Event) =>
      update({ [key]: parse((e.currentTarget as HTMLSelectElement).value) } as never),
  });

  return (
    <figure
      class="mnist-island mnist-trainer"
      data-phase={phase}
      data-backend={choice?.name ?? ""}
      data-loss={Number.isFinite(l.loss) ? String(l.loss) : ""}
      data-steps={String(l.steps)}
      data-epoch={epochText}
      data-val-loss={lastValLoss === undefined ? "" : String(lastValLoss)}
      data-val-accuracy={lastValAcc === undefined ? "" : String(lastValAcc / 100)}
      data-test-accuracy={testAcc === null ? "" : String(testAcc)}
      data-ms-per-epoch={msPerEpoch === undefined ? "" : String(Math.round(msPerEpoch))}
      data-tensors={String(l.tensors)}
      data-params={String(paramCount(spec))}
      data-model={model?.name ?? ""}
    >
      <div class="controls">
        <label>
          <span>{t.model}</span>
          <select
            value={state.model}
            disabled={locked}
            onChange={(e) => {
              // Another model: its own default batch size and augmentation (the CLI's).
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
            {LR_CHOICES.map((v) => <option key={v} value={String(v)}>{v}</option>)}
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
      <div class="controls buttons">
        {phase === "running"
          ? <button type="button" onClick={pause}>{t.pause}</button>
          : phase === "paused"
          ? <button type="button" onClick={resume}>{t.resume}</button>
          : (
            <button type="button" class="primary" disabled={busy} onClick={start}>
              {t.train}
            </button>
          )}
        <button
          type="button"
          disabled={!(phase === "running" || phase === "paused")}
          onClick={stop}
        >
          {t.stop}
        </button>
        <button type="button" disabled={!model || locked} onClick={save}>
          {t.save}
        </button>
        <label class="file-button">
          <span>{t.load}</span>
          <input
            type="file"
            accept=".json,application/json"
            disabled={locked}
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              load(input.files?.[0]).finally(() => (input.value = ""));
            }}
          />
        </label>
      </div>
      <div class="mnist-progress">
        <label>
          <span>
            {t.progress}: {t.epochOf(
              Math.min(settings.epochs, Math.floor(progress) + (phase === "done" ? 0 : 1)),
              settings.epochs,
            )}
          </span>
          <progress max={Math.max(1, l.totalSteps)} value={l.steps} />
        </label>
      </div>
      <BackendBadge choice={choice} lang={props.lang} />
      <dl class="mnist-readout">
        <div>
          <dt>{t.step}</dt>
          <dd>{l.steps}</dd>
        </div>
        <div>
          <dt>{t.trainLoss}</dt>
          <dd>{Number.isFinite(l.loss) ? fmtLoss(l.loss) : "—"}</dd>
        </div>
        <div>
          <dt>{t.valAcc}</dt>
          <dd>{lastValAcc === undefined ? "—" : `${fmt(lastValAcc, 1)}%`}</dd>
        </div>
        <div>
          <dt>{t.testAcc}</dt>
          <dd>{testAcc === null ? "—" : `${fmt(100 * testAcc, 1)}%`}</dd>
        </div>
        <div>
          <dt>{t.perEpoch}</dt>
          <dd>
            {h.epochMs.length ? h.epochMs.map((ms) => `${fmt(ms / 1000, 1)} s`).join(", ") : "—"}
          </dd>
        </div>
      </dl>
      {message && (
        <p class={phase === "error" ? "mnist-error" : "mnist-status"} role="status">{message}</p>
      )}
      {phase === "loading" && <p class="mnist-status">{t.loading}</p>}
      {/* No empty chart frames before the first training run (a tall blank on a phone). */}
      {h.trainLoss.length === 0 && <p class="mnist-status">{t.chartsLater}</p>}
      <div class="mnist-charts" hidden={h.trainLoss.length === 0}>
        <LineChart
          data={lossData}
          series={[
            { label: t.trainLoss, color: "var(--curve)", spanGaps: true },
            { label: t.valLoss, color: "var(--step)", points: true },
          ]}
          height={200}
          xLabel={t.epochAxis}
          yLabel={t.lossAxis}
          summary={h.trainLoss.length
            ? t.lossSummary(
              fmtLoss(l.loss),
              lastValLoss === undefined ? "—" : fmtLoss(lastValLoss),
              epochText,
            )
            : t.notYet}
        />
        <LineChart
          data={accData}
          series={[
            { label: t.trainAcc, color: "var(--curve)", spanGaps: true },
            { label: t.valAcc, color: "var(--step)", points: true },
          ]}
          height={200}
          xLabel={t.epochAxis}
          yLabel={t.accAxis}
          summary={h.trainAcc.length
            ? t.accSummary(
              lastTrainAcc === undefined ? "—" : `${fmt(lastTrainAcc, 1)}%`,
              lastValAcc === undefined ? "—" : `${fmt(lastValAcc, 1)}%`,
              epochText,
            )
            : t.notYet}
        />
      </div>
      {confusion && result && (
        <div class="mnist-results">
          {/* Focusable: on a narrow screen the table may scroll sideways (keyboard access). */}
          <div class="confusion-wrap" tabIndex={0} role="region" aria-label={t.confusion}>
            <table class="confusion">
              <caption>{t.confusion}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.trueDigit}</th>
                  {confusion.m.map((_, p) => <th key={p} scope="col">{p}</th>)}
                </tr>
              </thead>
              <tbody>
                {confusion.m.map((row, d) => {
                  const total = row.reduce((s, n) => s + n, 0);
                  return (
                    <tr key={d}>
                      <th scope="row">{d}</th>
                      {row.map((n, p) => (
                        <td
                          key={p}
                          class={p === d ? "hit" : n ? "miss" : ""}
                          style={p !== d && n
                            ? { "--share": `${Math.min(35, Math.round(200 * n / total) + 8)}%` }
                            : undefined}
                        >
                          {n}
                        </td>
                      ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <p>{t.wrong(confusion.wrong.length, Math.min(MAX_WRONG, confusion.wrong.length))}</p>
          {confusion.wrong.length
            ? (
              <DigitCanvas
                digits={result.val}
                indices={confusion.wrong.slice(0, MAX_WRONG)}
                cols={10}
                scale={2}
                captions={confusion.wrong.slice(0, MAX_WRONG).map((i) =>
                  `${result.labels[i]}→${result.predictions[i]}`
                )}
                label={t.wrongAlt(
                  confusion.wrong.slice(0, MAX_WRONG).map((i) =>
                    `${result.labels[i]}→${result.predictions[i]}`
                  ).join(", "),
                )}
              />
            )
            : <p>{t.noWrong}</p>}
        </div>
      )}
    </figure>
  );
}
