/**
 * Two classes of points and a line y = ax + b: a point above the line is called blue. The reader
 * moves the line (sliders, or by dragging its two handles) and sees points change side, the
 * misclassified ones ringed, and the loss. Train runs gradient descent on a and b in the
 * runtime's worker (`components/function/line_trainer.ts`): logit d = x₂ − (a·x₁ + b), loss =
 * binary cross-entropy, SGD. The line moves as it learns and the loss curve grows beside it.
 * The figure itself is SVG computed from plain numbers (`components/function/line.ts`), so the
 * server render already shows it.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import BackendBadge from "../lib/BackendBadge.tsx";
import { Choice, Slider } from "../lib/Controls.tsx";
import { trainerHooks } from "../lib/hooks.ts";
import RunButtons from "../lib/RunButtons.tsx";
import RunSummary from "../lib/RunSummary.tsx";
import LineChart from "../lib/LineChart.tsx";
import { fmt, fmtLoss } from "../lib/format.ts";
import { textFor } from "../lib/lang.ts";
import { SHARED } from "../lib/text.ts";
import { useUrlState } from "../lib/url_state.ts";
import { useTrainer } from "../lib/useTrainer.ts";
import { linePoints, scoreLine } from "../function/line.ts";
import LinePlot from "../function/LinePlot.tsx";
import { MarkerLegend } from "../function/plane.tsx";
import { LINE_CLASSIFIER } from "../function/text.ts";
import { lineClassifierState } from "../function/store.ts";

export interface LineClassifierProps {
  a?: number;
  b?: number;
  points?: number;
  seed?: number;
  lang?: string;
}

const LRS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
/** One press of Train runs at most this many steps: the line has long settled by then. */
const RUN_STEPS = 150;
/**
 * Steps per second while training. The worker runs this model at hundreds of steps a second,
 * which would jump to the answer in a frame or two; this pace (the only pacing in the island)
 * lets the reader watch the line glide into place: a run of 150 steps takes 1.5–2 s (measured
 * in tests/browser/function.test.ts).
 */
const STEPS_PER_SECOND = 100;
/** Slider range for a and b (training keeps them inside it too). */
const RANGE = 3;

const clampAB = (v: number) => Math.max(-RANGE, Math.min(RANGE, v));
/** 4 decimals: what the URL keeps, so a shared link redraws exactly this line. */
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

const nextFrame = () =>
  new Promise<void>((resolve) => {
    // requestAnimationFrame stalls in hidden tabs; a timeout keeps a backgrounded run going.
    if (document.visibilityState === "visible") requestAnimationFrame(() => resolve());
    else setTimeout(resolve, 16);
  });

/** The URL's values, bounded by the controls. */
const URL_SCHEMA = {
  a: { min: -RANGE, max: RANGE },
  b: { min: -RANGE, max: RANGE },
  lr: { values: LRS },
};

export default function LineClassifier(props: LineClassifierProps) {
  const t = textFor(LINE_CLASSIFIER, props.lang);
  const shared = textFor(SHARED, props.lang);
  const n = props.points ?? 40;
  const seed = props.seed ?? 1;
  const points = useMemo(() => linePoints(n, seed), [n, seed]);
  const [state, update] = useUrlState(
    "lc",
    { a: props.a ?? 0.5, b: props.b ?? 0, lr: 0.1 },
    URL_SCHEMA,
  );
  const { a, b, lr } = state;
  const score = scoreLine(points, a, b);
  useEffect(() => void (lineClassifierState.value = { a, b }), [a, b]);

  const trainer = useTrainer(
    "line",
    { points: n, seed, range: RANGE },
    { lr },
  );
  const [running, setRunning] = useState(false);
  const [history, setHistory] = useState<[number[], number[]]>([[], []]);
  /** A run or a single step is under way (state updates lag; this guards double clicks). */
  const busy = useRef(false);
  const stop = useRef(false);
  /**
   * The reader's line, numbered: each run starts by sending the line on screen with a new
   * number, and only snapshots trained from that number move the line (a snapshot that was on
   * its way when the reader took the line back is dropped).
   */
  const version = useRef(1);
  const live = useRef({ a, b, lr, status: trainer.status });
  live.current = { a, b, lr, status: trainer.status };

  // Each snapshot of the current run moves the line and adds its loss to the curve.
  useEffect(() => {
    const snap = trainer.snapshot;
    if (!snap || snap.version !== version.current) return;
    const a2 = round4(snap.a), b2 = round4(snap.b);
    update({ a: a2, b: b2 });
    const count = trainer.steps;
    const l = scoreLine(points, a2, b2).loss;
    setHistory(([xs, ys]) => xs[xs.length - 1] === count ? [xs, ys] : [[...xs, count], [...ys, l]]);
  }, [trainer.snapshot]);

  // The island goes away: so does its run.
  useEffect(() => () => void (stop.current = true), []);

  /**
   * Trains from the line on screen: `maxSteps` steps, paced at STEPS_PER_SECOND (one snapshot
   * a frame), until done, stopped, or the trainer fails (its message is shown).
   */
  async function run(maxSteps: number) {
    if (busy.current) {
      stop.current = true;
      return;
    }
    busy.current = true;
    stop.current = false;
    const mine = ++version.current;
    if (maxSteps > 1) setRunning(true);
    if (trainer.steps === 0) setHistory([[0], [scoreLine(points, a, b).loss]]);
    try {
      await trainer.sync(); // builds the trainer (the engine starts) if needed
      const { a: a0, b: b0, lr: rate } = live.current;
      trainer.update({ a: a0, b: b0, lr: rate, version: mine });
      const started = performance.now();
      let done = 0;
      while (done < maxSteps && !stop.current && version.current === mine) {
        const due = Math.round(((performance.now() - started) / 1000) * STEPS_PER_SECOND);
        const k = Math.max(1, Math.min(maxSteps - done, due - done));
        await trainer.step(k);
        done += k;
        if (done < maxSteps) await nextFrame();
        if (live.current.status === "error") break;
      }
    } catch { /* the trainer could not start: its message is shown */ }
    busy.current = false;
    setRunning(false);
  }

  function reset() {
    stop.current = true;
    version.current++;
    trainer.reset();
    setHistory([[], []]);
    update({ a: props.a ?? 0.5, b: props.b ?? 0 });
  }

  function setLine(na: number, nb: number) {
    // The reader takes the line back: a run stops and its last snapshots are dropped.
    version.current++;
    update({ a: round4(clampAB(na)), b: round4(clampAB(nb)) });
  }

  const right = n - score.wrong.length;
  const lossText = fmtLoss(score.loss);
  const readout = t.readout(fmt(a, 2), fmt(b, 2), lossText, right, n);
  const [hx, hy] = history;

  return (
    <figure
      class="line-classifier"
      aria-label={t.figure}
      {...trainerHooks(trainer, {
        a,
        b,
        lr,
        loss: score.loss,
        wrong: score.wrong.length,
        running,
      })}
    >
      <div class="lc-body">
        <div class="lc-plot">
          <LinePlot
            a={a}
            b={b}
            points={points}
            wrong={score.wrong}
            label={`${t.plot}. ${readout}`}
            onLine={setLine}
          />
          <MarkerLegend
            class="lc-legend"
            items={[["blue", t.legendBlue], ["orange", t.legendOrange], ["wrong", t.legendWrong]]}
          />
        </div>
        <div class="lc-side">
          <div class="lc-controls">
            <Slider
              label={t.slope}
              name="a"
              value={a}
              min={-RANGE}
              max={RANGE}
              step={0.01}
              onInput={(v) => setLine(v, b)}
            />
            <Slider
              label={t.intercept}
              name="b"
              value={b}
              min={-RANGE}
              max={RANGE}
              step={0.01}
              onInput={(v) => setLine(a, v)}
            />
            <Choice
              class="lc-lr"
              label={t.lr}
              name="lr"
              value={lr}
              options={LRS.map((v) => ({ value: v, label: String(v) }))}
              onChange={(lr) => update({ lr })}
            />
            <RunButtons
              class="lc-buttons"
              lang={props.lang}
              running={running}
              onTrain={() => run(RUN_STEPS)}
              onStep={() => run(1)}
              onReset={reset}
            />
          </div>
          {/* Not live: they change 20+ times a second while training; RunSummary speaks. */}
          <RunSummary running={running} steps={trainer.steps} text={readout} />
          <dl class="lc-stats">
            <div>
              <dt>{t.loss}</dt>
              <dd>{lossText}</dd>
            </div>
            <div>
              <dt>{t.accuracy}</dt>
              <dd>{right}/{n}</dd>
            </div>
            <div>
              <dt>{t.wrong}</dt>
              <dd>{score.wrong.length}</dd>
            </div>
            <div>
              <dt>{t.steps}</dt>
              <dd>{trainer.steps}</dd>
            </div>
          </dl>
          {trainer.status === "starting" && <p class="lc-note">{shared.loading}</p>}
          {trainer.error && <p class="lc-error" role="alert">{trainer.error}</p>}
          <BackendBadge
            report={trainer.backend}
            fallback={trainer.fallback}
            msPerStep={trainer.msPerStep}
            lang={props.lang}
          />
        </div>
      </div>
      {hx.length > 1 && (
        <div class="lc-chart">
          <p class="lc-chart-title">{t.chartTitle}</p>
          <LineChart
            data={[hx, hy]}
            series={[{ label: t.lossSeries, color: "var(--curve)" }]}
            height={160}
            xLabel={t.xAxis}
            yLabel={t.yAxis}
            summary={t.chart(hx[hx.length - 1], fmtLoss(hy[0]), fmtLoss(hy[hy.length - 1]))}
          />
        </div>
      )}
    </figure>
  );
}
