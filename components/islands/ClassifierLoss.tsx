/**
 * Classification losses on one example with K = 3 classes. Drag the logits; the engine turns them
 * into softmax probabilities, computes −log p of the right class as `nllLoss(logSoftmax(z))` and
 * as `crossEntropy(z)` (the same number), and MSE of the probabilities against the one-hot target,
 * each with its gradient with respect to the logits from `backward()`. Train runs gradient
 * descent on two copies of the logits, one with cross-entropy and one with MSE, and plots the
 * right class's probability for both: from a confidently wrong start, MSE's gradient vanishes.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import LineChart from "../lib/LineChart.tsx";
import {
  type BackendChoice,
  type Engine,
  errorMessage,
  loadEngine,
  useStartEngine,
} from "../lib/engine.ts";
import { fmt } from "../lib/format.ts";
import { TrainingLoop } from "../lib/loop.ts";
import { useUrlState } from "../lib/url_state.ts";
import { read } from "../loss/engine_losses.ts";
import { mseOneHot, mseOneHotGrad, nll, nllGrad, softmax } from "../loss/math.ts";
import type { optim, Tensor } from "../../engine/mod.ts";

export interface ClassifierLossProps {
  classes?: number;
  logits?: number[];
  target?: number;
  lang?: string;
}

const STEPS_PER_RUN = 150;
const LR = 1;
const Z_RANGE: [number, number] = [-6, 6];
/** A confidently wrong start: the right class (1) gets p ≈ 0.002. */
const WRONG = [-2, 0, 4];

const text = {
  en: {
    title: "One example, three classes: softmax, NLL, cross-entropy and MSE",
    logit: (k: number) => `logit z${sub(k)} (class ${k + 1})`,
    right: "Right class",
    cls: (k: number) => `class ${k + 1}`,
    probs: "Softmax probabilities",
    rightTag: "right class",
    wrong: "Confidently wrong",
    train: "Train both",
    pause: "Pause",
    colLoss: "loss (engine)",
    colValue: "value",
    grad: (k: number) => `∂/∂z${sub(k)}`,
    rows: {
      nll: "nllLoss(logSoftmax(z), y)",
      ce: "crossEntropy(z, y)",
      mse: "mseLoss(softmax(z), one-hot y)",
      formula: "formula: p − y",
    },
    same: (d: string) => `log_softmax + NLL and cross-entropy differ by ${d}: the same loss.`,
    push: (p: string, ce: string, mse: string, ratio: string) =>
      `The right class has p = ${p}. Cross-entropy pushes its logit with ${ce}, MSE with ${mse}` +
      (ratio ? ` (${ratio}× weaker).` : "."),
    chartSummary: (n: number, pce: string, pmse: string) =>
      n === 0
        ? "Probability of the right class while training: not started."
        : `After ${n} gradient steps (η = ${LR}) from these logits, the right class has ` +
          `p = ${pce} when trained with cross-entropy and p = ${pmse} with MSE.`,
    pCe: "p(right), cross-entropy",
    pMse: "p(right), MSE",
    step_: "step",
    p_: "p(right class)",
    waiting: "starting the engine…",
  },
  zh: {
    title: "一个样本、三个类别：softmax、NLL、交叉熵与 MSE",
    logit: (k: number) => `logit z${sub(k)}（类别 ${k + 1}）`,
    right: "正确类别",
    cls: (k: number) => `类别 ${k + 1}`,
    probs: "softmax 概率",
    rightTag: "正确类别",
    wrong: "自信地答错",
    train: "两者同时训练",
    pause: "暂停",
    colLoss: "损失（引擎计算）",
    colValue: "数值",
    grad: (k: number) => `∂/∂z${sub(k)}`,
    rows: {
      nll: "nllLoss(logSoftmax(z), y)",
      ce: "crossEntropy(z, y)",
      mse: "mseLoss(softmax(z), one-hot y)",
      formula: "公式：p − y",
    },
    same: (d: string) => `log_softmax + NLL 与交叉熵相差 ${d}：同一个损失。`,
    push: (p: string, ce: string, mse: string, ratio: string) =>
      `正确类别的概率 p = ${p}。交叉熵对它的 logit 的推力是 ${ce}，MSE 只有 ${mse}` +
      (ratio ? `（弱 ${ratio} 倍）。` : "。"),
    chartSummary: (n: number, pce: string, pmse: string) =>
      n === 0
        ? "训练中正确类别的概率：尚未开始。"
        : `从这组 logit 出发做 ${n} 步梯度下降（η = ${LR}）后，用交叉熵训练的正确类别概率 ` +
          `p = ${pce}，用 MSE 训练的 p = ${pmse}。`,
    pCe: "p（正确），交叉熵",
    pMse: "p（正确），MSE",
    step_: "步数",
    p_: "p（正确类别）",
    waiting: "正在启动引擎……",
  },
};

function sub(k: number): string {
  return "₁₂₃₄₅₆₇₈₉"[k] ?? String(k + 1);
}

interface Result {
  value: number;
  grad: number[];
}

interface Engineered {
  probs: number[];
  nll: Result;
  ce: Result;
  mse: Result;
}

/** Every number of the table from the engine: three losses, each with its own backward(). */
async function evaluate(E: Engine, z: number[], y: number): Promise<Engineered> {
  const K = z.length;
  const target = E.tensor([y], [1], { dtype: "int32" });
  const oneHot = E.tensor(z.map((_, k) => (k === y ? 1 : 0)), [1, K]);
  const made: Tensor[] = [target, oneHot];
  /** Forward and backward now; the values are read afterwards, all at once. */
  const run = (f: (Z: Tensor) => Tensor): [Tensor, Tensor] => {
    const Z = E.tensor([z], [1, K], { requiresGrad: true });
    const loss = f(Z);
    loss.backward({ checkFinite: false });
    made.push(Z, loss);
    return [loss, Z.grad!];
  };
  try {
    const probs = E.noGrad(() => E.F.softmax(E.tensor([z], [1, K]), 1));
    made.push(probs);
    const parts = [
      run((Z) => E.F.nllLoss(E.F.logSoftmax(Z, 1), target)),
      run((Z) => E.F.crossEntropy(Z, target)),
      run((Z) => E.F.mseLoss(E.F.softmax(Z, 1), oneHot)),
    ];
    const [p, ...values] = await Promise.all([probs, ...parts.flat()].map(read));
    const result = (i: number): Result => ({
      value: values[2 * i][0],
      grad: Array.from(values[2 * i + 1]),
    });
    return { probs: Array.from(p), nll: result(0), ce: result(1), mse: result(2) };
  } finally {
    for (const t of made) t.dispose();
  }
}

interface Sim {
  E: Engine;
  zCe: Tensor;
  zMse: Tensor;
  target: Tensor;
  oneHot: Tensor;
  opt: optim.SGD;
  loop: TrainingLoop;
  runSteps: number;
}

/** The URL's values, bounded by the controls: up to 5 logits in Z_RANGE, a class index. */
const URL_SCHEMA = {
  z: { maxLength: 5, min: Z_RANGE[0], max: Z_RANGE[1] },
  y: { min: 0, max: 4, integer: true },
};

export default function ClassifierLoss(props: ClassifierLossProps) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const K = Math.max(2, Math.min(5, props.classes ?? 3));
  const start = Array.from({ length: K }, (_, k) => props.logits?.[k] ?? 0);
  const [state, update, restored] = useUrlState(
    "cl",
    { z: start, y: props.target ?? 0 },
    URL_SCHEMA,
  );
  const z = Array.from({ length: K }, (_, k) => clampZ(state.z[k] ?? 0));
  const y = Math.max(0, Math.min(K - 1, Math.round(state.y)));

  const [choice, setChoice] = useState<BackendChoice | null>(null);
  const [engineRes, setEngineRes] = useState<Engineered | null>(null);
  const [message, setMessage] = useState("");
  const [running, setRunning] = useState(false);
  const [steps, setSteps] = useState(0);
  const [run, setRun] = useState<{ step: number[]; pCe: number[]; pMse: number[] }>({
    step: [],
    pCe: [],
    pMse: [],
  });
  const [runLoss, setRunLoss] = useState<{ ce: number; mse: number } | null>(null);
  const sim = useRef<Sim | null>(null);
  const runRef = useRef(run);

  useStartEngine(setChoice, setMessage);
  useEffect(() => () => sim.current?.loop.pause(), []);

  // The table, from the engine, whenever the logits or the right class change.
  const key = `${z.join(",")}|${y}`;
  useEffect(() => {
    if (!choice || !restored) return;
    let alive = true;
    loadEngine().then(({ engine }) => {
      if (!alive) return;
      evaluate(engine, z, y).then((r) => alive && setEngineRes(r)).catch((e) =>
        setMessage(errorMessage(e))
      );
    });
    return () => {
      alive = false;
    };
  }, [choice, restored, key]);

  /** Read p(right) and the losses of both copies (waits for the backend: every few steps). */
  async function record(s: Sim, step: number) {
    const E = s.E;
    const out = E.noGrad(() => {
      const pm = E.F.softmax(s.zMse, 1);
      return [
        E.F.softmax(s.zCe, 1),
        pm,
        E.F.crossEntropy(s.zCe, s.target),
        E.F.mseLoss(pm, s.oneHot),
      ];
    });
    let v: Float32Array[];
    try {
      v = await Promise.all(out.map(read));
    } finally {
      for (const x of out) x.dispose();
    }
    const ce = v[2][0], mse = v[3][0];
    if (!Number.isFinite(ce) || !Number.isFinite(mse)) {
      throw new E.NonFiniteLossError(Number.isFinite(ce) ? mse : ce, `step ${step}`);
    }
    const r = runRef.current;
    r.step.push(step);
    r.pCe.push(v[0][y]);
    r.pMse.push(v[1][y]);
    setRunLoss({ ce, mse });
  }

  function dispose() {
    const s = sim.current;
    if (!s) return;
    s.loop.pause();
    for (const x of [s.zCe, s.zMse, s.target, s.oneHot]) x.dispose();
    s.opt.dispose();
    sim.current = null;
  }

  /** Two copies of the current logits, trained side by side with the two losses. */
  async function build(E: Engine) {
    dispose();
    const zCe = E.tensor([z], [1, K], { requiresGrad: true, label: "z (cross-entropy)" });
    const zMse = E.tensor([z], [1, K], { requiresGrad: true, label: "z (MSE)" });
    const target = E.tensor([y], [1], { dtype: "int32" });
    const oneHot = E.tensor(z.map((_, k) => (k === y ? 1 : 0)), [1, K]);
    const opt = new E.optim.SGD([zCe, zMse], { lr: LR });
    const s: Sim = { E, zCe, zMse, target, oneHot, opt, loop: null!, runSteps: 0 };
    runRef.current = { step: [], pCe: [], pMse: [] };
    s.loop = new TrainingLoop({
      step: async () => {
        s.opt.zeroGrad();
        const ce = E.F.crossEntropy(s.zCe, s.target);
        ce.backward({ checkFinite: false });
        ce.dispose();
        const mse = E.F.mseLoss(E.F.softmax(s.zMse, 1), s.oneHot);
        mse.backward({ checkFinite: false });
        mse.dispose();
        s.opt.step();
        s.runSteps++;
        // Every step early on (cross-entropy fixes a mistake in a few), then every 5th.
        if (s.runSteps <= 20 || s.runSteps % 5 === 0 || s.runSteps >= STEPS_PER_RUN) {
          await record(s, s.runSteps);
        }
        if (s.runSteps >= STEPS_PER_RUN) s.loop.pause();
        return s.runSteps;
      },
      onUpdate: () => {
        const r = runRef.current;
        setRun({ step: r.step.slice(), pCe: r.pCe.slice(), pMse: r.pMse.slice() });
        setSteps(s.runSteps);
      },
      onError: (msg) => setMessage(msg),
      onStop: () => setRunning(false),
    });
    sim.current = s;
    setSteps(0);
    await record(s, 0);
    setRun({ ...runRef.current });
  }

  const train = async () => {
    if (running) {
      sim.current?.loop.pause();
      return;
    }
    try {
      const { engine } = await loadEngine();
      // A run always starts from the logits on the sliders.
      await build(engine);
      setMessage("");
      setRunning(true);
      sim.current!.loop.play();
    } catch (e) {
      setMessage(errorMessage(e));
    }
  };

  const setLogits = (next: number[]) => {
    sim.current?.loop.pause();
    update({ z: next });
  };

  const js = {
    probs: softmax(z),
    nll: { value: nll(z, y), grad: nllGrad(z, y) },
    mse: { value: mseOneHot(z, y), grad: mseOneHotGrad(z, y) },
  };
  const res = engineRes;
  const probs = res?.probs ?? js.probs;
  const rows: [string, Result | null][] = [
    [t.rows.nll, res?.nll ?? null],
    [t.rows.ce, res?.ce ?? null],
    [t.rows.mse, res?.mse ?? null],
  ];
  const gCe = (res?.ce.grad ?? js.nll.grad)[y];
  const gMse = (res?.mse.grad ?? js.mse.grad)[y];
  const ratio = Math.abs(gMse) > 1e-12 && Math.abs(gCe / gMse) >= 2
    ? String(Math.round(Math.abs(gCe / gMse)))
    : "";
  const last = run.step.length - 1;
  const lossForTests = runLoss?.ce ?? (res?.ce.value ?? js.nll.value);

  return (
    <figure
      class="loss-island classifier-loss"
      data-loss={String(lossForTests)}
      data-loss-mse={String(runLoss?.mse ?? (res?.mse.value ?? js.mse.value))}
      data-steps={String(steps)}
      data-backend={choice?.name ?? ""}
      data-ce={res ? String(res.ce.value) : ""}
      data-nll={res ? String(res.nll.value) : ""}
      data-mse={res ? String(res.mse.value) : ""}
      data-grad-ce={res ? res.ce.grad.join(",") : ""}
      data-grad-mse={res ? res.mse.grad.join(",") : ""}
      data-p-right={String(probs[y])}
      data-p-ce={last >= 0 ? String(run.pCe[last]) : ""}
      data-p-mse={last >= 0 ? String(run.pMse[last]) : ""}
      data-target={String(y)}
      data-running={running ? "1" : "0"}
    >
      <figcaption class="loss-title">{t.title}</figcaption>
      <div class="loss-controls">
        {z.map((v, k) => (
          <label key={k}>
            <span>
              {t.logit(k)} = <output>{fmt(v, 1)}</output>
            </span>
            <input
              type="range"
              min={Z_RANGE[0]}
              max={Z_RANGE[1]}
              step={0.1}
              value={v}
              onInput={(e) => {
                const next = z.slice();
                next[k] = Number((e.currentTarget as HTMLInputElement).value);
                setLogits(next);
              }}
            />
          </label>
        ))}
        <label>
          <span>{t.right}</span>
          <select
            value={String(y)}
            onChange={(e) => {
              sim.current?.loop.pause();
              update({ y: Number((e.currentTarget as HTMLSelectElement).value) });
            }}
          >
            {z.map((_, k) => <option key={k} value={String(k)}>{t.cls(k)}</option>)}
          </select>
        </label>
        <div class="loss-buttons">
          <button
            type="button"
            onClick={() => {
              setLogits(WRONG.slice(0, K).concat(Array(Math.max(0, K - 3)).fill(0)));
              update({ y: 0 });
            }}
          >
            {t.wrong}
          </button>
          <button type="button" class="primary" onClick={train}>
            {running ? t.pause : t.train}
          </button>
        </div>
      </div>
      <div class="loss-probs" role="group" aria-label={t.probs}>
        {probs.map((p, k) => (
          <div key={k} class={k === y ? "loss-prob right" : "loss-prob"}>
            <span class="loss-prob-name">
              {t.cls(k)}
              {k === y && <em>({t.rightTag})</em>}
            </span>
            <span class="loss-prob-bar" aria-hidden="true">
              <span style={{ width: `${(p * 100).toFixed(1)}%` }} />
            </span>
            <span class="loss-prob-value">p = {fmt(p, 3)}</span>
          </div>
        ))}
      </div>
      <div class="loss-table-wrap" role="region" aria-label={t.colLoss} tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t.colLoss}</th>
              <th scope="col">{t.colValue}</th>
              {z.map((_, k) => <th key={k} scope="col">{t.grad(k)}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, r], i) => {
              const fallback = i === 2 ? js.mse : js.nll;
              return (
                <tr key={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>{fmt(r?.value ?? fallback.value, 4)}</td>
                  {(r?.grad ?? fallback.grad).map((g, k) => <td key={k}>{fmt(g, 4)}</td>)}
                </tr>
              );
            })}
            <tr>
              <th scope="row">{t.rows.formula}</th>
              <td>—</td>
              {js.nll.grad.map((g, k) => <td key={k}>{fmt(g, 4)}</td>)}
            </tr>
          </tbody>
        </table>
      </div>
      <p class="loss-readout" aria-live="polite">
        {res && `${t.same(diffText(Math.abs(res.nll.value - res.ce.value)))} `}
        {t.push(fmt(probs[y], 3), fmt(gCe, 3), fmt(gMse, 4), ratio)}
      </p>
      <p class="loss-key" aria-hidden="true">
        <span class="key-points">—</span> {t.pCe} <span class="key-outliers">- -</span> {t.pMse}
      </p>
      <LineChart
        data={run.step.length ? [run.step, run.pCe, run.pMse] : [[0], [null], [null]]}
        series={[
          { label: t.pCe, color: "var(--step)" },
          { label: t.pMse, color: "var(--curve)", dash: true },
        ]}
        xLabel={t.step_}
        yLabel={t.p_}
        yRange={[0, 1]}
        legend={false}
        height={200}
        summary={t.chartSummary(
          last >= 0 ? run.step[last] : 0,
          last >= 0 ? fmt(run.pCe[last], 3) : "—",
          last >= 0 ? fmt(run.pMse[last], 3) : "—",
        )}
      />
      <p class="loss-status" role="status">{message || (choice ? "" : t.waiting)}</p>
      <BackendBadge choice={choice} lang={props.lang} />
    </figure>
  );
}

function diffText(d: number): string {
  return d === 0 ? "0" : d.toExponential(1).replace("-", "−");
}

function clampZ(v: number): number {
  return Math.max(Z_RANGE[0], Math.min(Z_RANGE[1], Number.isFinite(v) ? v : 0));
}
