/**
 * Normalization, measured: the mean and standard deviation of the shipped training pixels next to
 * PyTorch's 0.1307 / 0.3081, then the same MLP (same initial weights, same batches) trained twice
 * with SGD, once on pixels in [0, 1] and once normalized, with both loss curves on one chart.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import LineChart from "../lib/LineChart.tsx";
import { type BackendChoice, errorMessage, loadEngine } from "../lib/engine.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { fmt, fmtLoss } from "../lib/format.ts";
import { loadDigits } from "../mnist/data.ts";
import { MNIST_MEAN, MNIST_STD, pixelStats } from "../../mnist/dataset.ts";
import { defaultSettings } from "../mnist/spec.ts";
import type { MnistRun } from "../mnist/train.ts";

export interface NormalizeStatsProps {
  lang?: string;
}

const text = {
  en: {
    compute: "Compute μ and σ",
    source: "pixels",
    mean: "mean μ",
    std: "std σ",
    ours: "this site's 8,000 training digits",
    torch: "PyTorch (all 60,000 MNIST training digits)",
    after: "ours after normalizing with 0.1307 / 0.3081",
    lr: "SGD learning rate",
    steps: "Steps",
    train: "Train both",
    raw: "pixels in [0, 1]",
    norm: "normalized",
    stepAxis: "step",
    lossAxis: "training loss",
    summary: (s: number, a: string, b: string) =>
      `After ${s} steps: loss ${a} on pixels in [0, 1], ${b} normalized.`,
    notYet: "Not trained yet.",
    result: (a: string, b: string) =>
      `Validation accuracy: ${a} on pixels in [0, 1], ${b} normalized.`,
    diverged: (lr: number) =>
      `A run diverged (the loss became NaN): lower the learning rate (now ${lr}) and train again.`,
    loading: "Loading the digits…",
  },
  zh: {
    compute: "计算 μ 和 σ",
    source: "像素",
    mean: "均值 μ",
    std: "标准差 σ",
    ours: "本站 8,000 张训练数字",
    torch: "PyTorch（MNIST 全部 60,000 张训练数字）",
    after: "本站数字用 0.1307 / 0.3081 标准化之后",
    lr: "SGD 学习率",
    steps: "步数",
    train: "两个都训练",
    raw: "像素在 [0, 1]",
    norm: "标准化后",
    stepAxis: "步数",
    lossAxis: "训练损失",
    summary: (s: number, a: string, b: string) =>
      `训练 ${s} 步后：像素在 [0, 1] 时损失为 ${a}，标准化后为 ${b}。`,
    notYet: "尚未训练。",
    result: (a: string, b: string) => `验证准确率：像素在 [0, 1] 时为 ${a}，标准化后为 ${b}。`,
    diverged: (lr: number) =>
      `有一次训练发散了（损失变成 NaN）：请调低学习率（现在是 ${lr}）再训练。`,
    loading: "正在加载数字…",
  },
};

const LRS = [0.01, 0.03, 0.1, 0.3];

/** The URL's values, bounded by the rates offered and the steps slider. */
const URL_SCHEMA = {
  lr: { values: LRS },
  steps: { min: 20, max: 300, integer: true },
};

export default function NormalizeStats(props: NormalizeStatsProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const [state, update] = useUrlState("ns", { lr: 0.03, steps: 100 }, URL_SCHEMA);
  const [stats, setStats] = useState<{ mean: number; std: number } | null>(null);
  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [curves, setCurves] = useState<{ steps: number[]; raw: number[]; norm: number[] }>({
    steps: [],
    raw: [],
    norm: [],
  });
  const [phase, setPhase] = useState<"idle" | "running" | "done" | "error">("idle");
  const [message, setMessage] = useState("");
  const [busy, setBusy] = useState(false);
  const runs = useRef<MnistRun[]>([]);
  const loop = useRef<TrainingLoop | null>(null);

  useEffect(() => () => {
    loop.current?.pause();
    for (const r of runs.current) r.dispose();
  }, []);

  async function compute() {
    setBusy(true);
    try {
      const { train } = await loadDigits();
      setStats(pixelStats(train));
    } catch (error) {
      setMessage(errorMessage(error));
    }
    setBusy(false);
  }

  async function train() {
    setPhase("running");
    setMessage("");
    try {
      const [{ choice }, { train, val }, mod] = await Promise.all([
        loadEngine(),
        loadDigits(),
        import("../mnist/train.ts"),
      ]);
      setChoice(choice);
      for (const r of runs.current) r.dispose();
      // Plain SGD on an MLP 784-128-10, batch 64, no augmentation: the simplest setting in
      // which the pixels' scale alone decides how fast the loss falls.
      const settings = {
        ...defaultSettings("mlp"),
        spec: { kind: "mlp" as const, hidden: [128] },
        batchSize: 64,
        maxShift: 0,
        optimizer: "sgd" as const,
        momentum: 0,
        lrDecay: 1, // plain SGD: one constant rate, not the trainer's 0.6-per-epoch schedule
        lr: state.lr,
      };
      // Same seed, so both start from the same weights and see the same batches.
      const rawRun = new mod.MnistRun(train, val, settings, { mean: 0, std: 1 }, 5);
      const normRun = new mod.MnistRun(train, val, settings, undefined, 5);
      runs.current = [rawRun, normRun];
      const c = { steps: [] as number[], raw: [] as number[], norm: [] as number[] };
      const total = Math.max(10, Math.min(500, state.steps));
      loop.current = new TrainingLoop({
        maxSteps: total,
        step: async () => {
          const [a, b] = await Promise.all([rawRun.step(), normRun.step()]);
          if (a.loss !== null && b.loss !== null) {
            c.steps.push(rawRun.steps);
            c.raw.push(a.loss);
            c.norm.push(b.loss);
          }
          return b.loss ?? 0;
        },
        onUpdate: () => setCurves({ steps: [...c.steps], raw: [...c.raw], norm: [...c.norm] }),
        onError: (_msg, error) => {
          setMessage((error as Error)?.name === "NonFiniteLossError" ? t.diverged(state.lr) : _msg);
          setPhase("error");
        },
        onStop: async () => {
          if (rawRun.steps < total) return;
          const [ea, eb] = [await rawRun.evaluate(), await normRun.evaluate()];
          setMessage(t.result(`${fmt(100 * ea.accuracy, 1)}%`, `${fmt(100 * eb.accuracy, 1)}%`));
          for (const r of runs.current) r.dispose();
          runs.current = [];
          setPhase("done");
        },
      });
      loop.current.play();
    } catch (error) {
      setMessage(errorMessage(error));
      setPhase("error");
    }
  }

  const n = curves.steps.length;
  const lastRaw = curves.raw[n - 1], lastNorm = curves.norm[n - 1];
  const row = (label: string, mean: number | null, std: number | null) => (
    <tr>
      <th scope="row">{label}</th>
      <td>{mean === null ? "—" : fmt(mean, 4)}</td>
      <td>{std === null ? "—" : fmt(std, 4)}</td>
    </tr>
  );
  return (
    <figure
      class="mnist-island normalize-stats"
      data-mean={stats ? String(stats.mean) : ""}
      data-std={stats ? String(stats.std) : ""}
      data-phase={phase}
      data-backend={choice?.name ?? ""}
      data-steps={n ? String(curves.steps[n - 1]) : "0"}
      data-loss={n ? String(lastNorm) : ""}
      data-loss-raw={n ? String(lastRaw) : ""}
    >
      <div class="controls">
        <button type="button" class="primary" disabled={busy} onClick={compute}>
          {t.compute}
        </button>
      </div>
      <table class="norm-stats">
        <thead>
          <tr>
            <th scope="col">{t.source}</th>
            <th scope="col">{t.mean}</th>
            <th scope="col">{t.std}</th>
          </tr>
        </thead>
        <tbody>
          {row(t.ours, stats?.mean ?? null, stats?.std ?? null)}
          {row(t.torch, MNIST_MEAN, MNIST_STD)}
          {row(
            t.after,
            stats ? (stats.mean - MNIST_MEAN) / MNIST_STD : null,
            stats ? stats.std / MNIST_STD : null,
          )}
        </tbody>
      </table>
      <div class="controls">
        <label>
          <span>{t.lr}</span>
          <select
            value={String(state.lr)}
            disabled={phase === "running"}
            onChange={(e) => update({ lr: Number((e.currentTarget as HTMLSelectElement).value) })}
          >
            {LRS.map((v) => <option key={v} value={String(v)}>{v}</option>)}
          </select>
        </label>
        <label>
          <span>
            {t.steps} = <output>{state.steps}</output>
          </span>
          <input
            type="range"
            min={20}
            max={300}
            step={20}
            value={state.steps}
            disabled={phase === "running"}
            onInput={(e) => update({ steps: Number((e.currentTarget as HTMLInputElement).value) })}
          />
        </label>
        <button type="button" class="primary" disabled={phase === "running"} onClick={train}>
          {t.train}
        </button>
      </div>
      <BackendBadge choice={choice} lang={props.lang} />
      {/* No empty chart frame before the first run; the summary below says "not trained yet". */}
      <div class="mnist-chart" hidden={n === 0}>
        <LineChart
          data={[curves.steps, curves.raw, curves.norm]}
          series={[
            { label: t.raw, color: "var(--curve)" },
            { label: t.norm, color: "var(--step)", dash: true },
          ]}
          height={220}
          xLabel={t.stepAxis}
          yLabel={t.lossAxis}
          summary={n
            ? t.summary(curves.steps[n - 1], fmtLoss(lastRaw), fmtLoss(lastNorm))
            : t.notYet}
        />
      </div>
      {n === 0 && <p class="mnist-status">{t.notYet}</p>}
      {message && (
        <p class={phase === "error" ? "mnist-error" : "mnist-status"} role="status">{message}</p>
      )}
    </figure>
  );
}
