/**
 * Learning-rate schedules on a run (lesson 7, "Optimizers"): minibatch SGD fits a line to noisy
 * points, under four schedules built with the engine's `optim.lrScheduler`. With a constant rate
 * the gradient noise keeps the weights jittering around the best fit; a rate that falls lets them
 * settle. The excess loss L(w, b) − L(w*, b*) over all the points is computed in float64 from the
 * weights read back, so the floor the noise sets is visible on a log scale.
 */
import type { Tensor } from "../../engine/mod.ts";
import { Generator } from "../../engine/random.ts";
import type { Engine } from "../runtime/trainer.ts";

export const SCHEDULES = ["constant", "step", "cosine", "warmup"] as const;
export type Schedule = typeof SCHEDULES[number];

/** Batch sizes the figure offers. */
export const BATCHES = [1, 4, 16, 64] as const;
/** Steps of every run. */
export const SCHEDULE_STEPS = 300;
/** The base rate every schedule starts from (or warms up to). */
export const BASE_LR = 0.1;
/** Warm-up steps (LinearLR from 5% of the base rate). */
export const WARMUP = 30;
/** The points: y = 2x − 1 + noise of this standard deviation, x ~ N(0, 1). */
export const NOISE = 0.5;
const N_POINTS = 512;

/** The points the runs fit, from a fixed seed (the same in every run). */
export function schedulePoints(seed = 7): { x: number[]; y: number[] } {
  const gen = new Generator(seed);
  const x = Array.from(gen.normal(N_POINTS, 0, 1));
  const noise = Array.from(gen.normal(N_POINTS, 0, NOISE));
  return { x, y: x.map((v, i) => 2 * v - 1 + noise[i]) };
}

/** The mean squared error of the line (w, b) over the points, in float64. */
function mse(p: { x: number[]; y: number[] }, w: number, b: number): number {
  let s = 0;
  for (let i = 0; i < p.x.length; i++) s += (w * p.x[i] + b - p.y[i]) ** 2;
  return s / p.x.length;
}

/** The least-squares line through the points (the loss's minimum). */
export function bestFit(p: { x: number[]; y: number[] }): { w: number; b: number } {
  const n = p.x.length;
  const mx = p.x.reduce((s, v) => s + v, 0) / n, my = p.y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (p.x[i] - mx) * (p.y[i] - my);
    sxx += (p.x[i] - mx) ** 2;
  }
  const w = sxy / sxx;
  return { w, b: my - w * mx };
}

export interface ScheduleRun {
  /** The rate used at each step (from the scheduler). */
  lr: number[];
  /** L − L* over all the points after each step (the first entry: at the start). */
  excess: number[];
  /** The mean excess over the last 50 steps (the floor the run ends on). */
  final: number;
}

export function checkSchedule(s: unknown): Schedule {
  if (!SCHEDULES.includes(s as Schedule)) {
    throw new Error(`schedule must be one of ${SCHEDULES.join(", ")}, got ${String(s)}`);
  }
  return s as Schedule;
}

export function checkBatch(b: unknown): number {
  if (!BATCHES.includes(b as typeof BATCHES[number])) {
    throw new Error(`batch must be one of ${BATCHES.join(", ")}, got ${String(b)}`);
  }
  return b as number;
}

/** The engine's scheduler for a schedule, set on `opt`. */
export function makeScheduler(
  E: Engine,
  schedule: Schedule,
  opt: InstanceType<Engine["optim"]["SGD"]>,
) {
  const S = E.optim.lrScheduler;
  switch (schedule) {
    case "constant":
      return new S.LinearLR(opt, { startFactor: 1, endFactor: 1, totalIters: 1 });
    case "step":
      return new S.StepLR(opt, { stepSize: 100, gamma: 0.3 });
    case "cosine":
      return new S.CosineAnnealingLR(opt, { TMax: SCHEDULE_STEPS });
    case "warmup":
      return new S.SequentialLR(opt, {
        schedulers: [
          new S.LinearLR(opt, { startFactor: 0.05, totalIters: WARMUP }),
          new S.CosineAnnealingLR(opt, { TMax: SCHEDULE_STEPS - WARMUP }),
        ],
        milestones: [WARMUP],
      });
  }
}

/** One run of minibatch SGD under a schedule (the batches drawn from `seed`). */
export async function runSchedule(
  E: Engine,
  schedule: Schedule,
  batch: number,
  seed = 1,
): Promise<ScheduleRun> {
  schedule = checkSchedule(schedule);
  batch = checkBatch(batch);
  const pts = schedulePoints();
  const best = bestFit(pts);
  const floor = mse(pts, best.w, best.b);
  const w = E.tensor([0], [1], { requiresGrad: true, label: "w" });
  const b = E.tensor([0], [1], { requiresGrad: true, label: "b" });
  const opt = new E.optim.SGD([w, b], { lr: BASE_LR });
  const sched = makeScheduler(E, schedule, opt);
  const gen = new Generator(seed);
  const lr: number[] = [];
  const kept: Tensor[] = [];
  try {
    for (let step = 0; step < SCHEDULE_STEPS; step++) {
      const idx = Array.from({ length: batch }, () => Math.floor(gen.random() * N_POINTS));
      const xb = E.tensor(idx.map((i) => pts.x[i]), [batch]);
      const yb = E.tensor(idx.map((i) => pts.y[i]), [batch]);
      opt.zeroGrad();
      const loss = E.F.mseLoss(xb.mul(w).add(b), yb);
      loss.backward({ checkFinite: false });
      lr.push(opt.lr);
      opt.step();
      sched.step();
      for (const t of [loss, xb, yb]) t.dispose();
      kept.push(w.detach(), b.detach());
    }
    const v = await Promise.all(kept.map((t) => t.itemAsync()));
    const excess = [mse(pts, 0, 0) - floor];
    for (let i = 0; i < v.length; i += 2) {
      excess.push(Math.max(mse(pts, v[i], v[i + 1]) - floor, 0));
    }
    const tail = excess.slice(-50);
    return { lr, excess, final: tail.reduce((s, e) => s + e, 0) / tail.length };
  } finally {
    for (const t of kept) t.dispose();
    opt.zeroGrad();
    opt.dispose();
    w.dispose();
    b.dispose();
  }
}

/** The four schedules at one batch size. */
export async function runSchedules(
  E: Engine,
  batch: number,
): Promise<Record<Schedule, ScheduleRun>> {
  const out = {} as Record<Schedule, ScheduleRun>;
  for (const s of SCHEDULES) out[s] = await runSchedule(E, s, batch);
  return out;
}
