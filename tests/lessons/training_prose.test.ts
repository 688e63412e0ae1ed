/**
 * Lesson 7's comparisons in words (issue 22's "every number the prose states comes from running"):
 * where training.mdx says which of its claimed numbers is larger, first or proportional, the
 * claims file must agree, so that a rerun of `deno task claims` that changes the order fails here
 * and not silently on the page. The comparisons other tests already hold (the curves' table in
 * tests/components/training_curves.test.ts, the init story in
 * tests/components/training_init.test.ts, the step counts in tests/components/training_optim.test.ts)
 * are not repeated.
 */
import assert from "node:assert/strict";
import { claim, claimValue } from "../../claims/mod.ts";
import { OPTIM_SWEEP } from "../../claims/experiments.ts";

const NOT_ARRIVED = "\u2014";
/** A step count of the optimizer table: null where it reads "—" (not within the steps). */
function steps(name: string): number | null {
  const v = claim(name).value;
  if (typeof v === "number") return v;
  assert.equal(v, NOT_ARRIVED, `${name}: a count or "—"`);
  return null;
}
const SGD_LRS = OPTIM_SWEEP.plain;

Deno.test("training.mdx: the η columns of the steps-vs-η tables are the rates the claims ran", async () => {
  for (const lang of ["en", "zh"]) {
    const mdx = await Deno.readTextFile(
      new URL(`../../lessons/${lang}/training.mdx`, import.meta.url),
    );
    const rows = mdx.split("\n").filter((l) => l.startsWith("| $\\eta$"));
    assert.equal(rows.length, 2, `${lang}: two η rows`);
    const cols = rows.map((r) => r.split("|").slice(2, -1).map((c) => Number(c.trim())));
    assert.deepEqual(cols, [[...OPTIM_SWEEP.plain], [...OPTIM_SWEEP.adaptive]], lang);
  }
});
const sweep = (o: string) => SGD_LRS.map((_, i) => steps(`training.optim.sweep.${o}.${i + 1}`));

Deno.test("training.mdx, optimizers: the steps-vs-η table reads as the prose says", () => {
  // "SGD's count falls in proportion to 1/η until the limit 2/κ, then it never arrives."
  const sgd = sweep("sgd");
  assert.equal(sgd.at(-1), null, "SGD at η = 2/κ = 0.04 does not arrive");
  const arrived = sgd.flatMap((n, i) => (n === null ? [] : [n * SGD_LRS[i]]));
  assert.ok(arrived.length >= 3, `SGD arrives at three rates or more: ${sgd}`);
  for (const c of arrived) {
    assert.ok(Math.abs(c / arrived[0] - 1) < 0.05, `steps × η constant: ${arrived}`);
  }
  // "Momentum's count moves far less with η than SGD's."
  const momentum = sweep("momentum");
  assert.ok(momentum.every((n) => n !== null), `momentum arrives at every rate: ${momentum}`);
  const spread = (v: number[]) => Math.max(...v) / Math.min(...v);
  const sgdCounts = sgd.filter((n): n is number => n !== null);
  assert.ok(spread(momentum as number[]) < spread(sgdCounts) / 1.5, `${momentum} vs ${sgd}`);
});

Deno.test("training.mdx, optimizers: valley, Rosenbrock and saddle as the prose tells them", () => {
  const at = (s: string, o: string) => steps(`training.optim.${s}.${o}`);
  // In the valley momentum beats SGD; "on Rosenbrock … the difference is larger".
  const valley = at("valley", "sgd")! / at("valley", "momentum")!;
  const rosenbrock = at("rosenbrock", "sgd")! / at("rosenbrock", "momentum")!;
  assert.ok(valley > 1 && rosenbrock > valley, `SGD/momentum: ${valley}, ${rosenbrock}`);
  // RMSProp undoes the valley's axes: it arrives first there; on Rosenbrock it never does.
  assert.equal(
    Math.min(...["sgd", "momentum", "adam"].map((o) => at("valley", o)!)) >
      at("valley", "rmsprop")!,
    true,
  );
  assert.equal(at("rosenbrock", "rmsprop"), null);
  // The saddle: every optimizer leaves the ridge, SGD last.
  const saddle = ["sgd", "momentum", "rmsprop", "adam"].map((o) => at("saddle", o));
  assert.ok(saddle.every((n) => n !== null), `${saddle}`);
  assert.equal(Math.max(...(saddle as number[])), at("saddle", "sgd"));
});

Deno.test("training.mdx, the same optimizers on MNIST: who leads and who trails", () => {
  const names = ["sgd", "momentum", "rmsprop", "adam"];
  const v = (o: string, what: string) => claimValue(`training.optmnist.${o}.${what}`);
  const first = names.map((o) => v(o, "loss.1"));
  // "RMSProp falls fastest at first … Momentum starts last."
  assert.equal(Math.min(...first), v("rmsprop", "loss.1"));
  assert.equal(Math.max(...first), v("momentum", "loss.1"));
  // "At the end the losses lie between (RMSProp) and (momentum)."
  const final = names.map((o) => v(o, "loss.final"));
  assert.equal(Math.min(...final), v("rmsprop", "loss.final"));
  assert.equal(Math.max(...final), v("momentum", "loss.final"));
  // "The validation accuracies are no further apart than one optimizer's runs with different
  // seeds (standard deviations up to the momentum's)."
  const means = names.map((o) => v(o, "val.mean"));
  const seedSpread = Math.max(...names.map((o) => {
    const s = [1, 2, 3].map((k) => v(o, `val.s${k}`));
    return Math.max(...s) - Math.min(...s);
  }));
  assert.ok(Math.max(...means) - Math.min(...means) <= seedSpread, `${means} vs ${seedSpread}`);
  assert.equal(Math.max(...names.map((o) => v(o, "val.sd"))), v("momentum", "val.sd"));
});

Deno.test("training.mdx, schedules and batch size: the floors as the prose states them", () => {
  // A constant rate ends above the step schedule and above cosine.
  assert.ok(claimValue("training.sched.b4.constantOverStep") > 1);
  assert.ok(claimValue("training.sched.b4.constantOverCosine") > 1);
  // Batch 1 → 64: the gradient's variance falls 64 times, "the floor … falls further still".
  assert.ok(claimValue("training.sched.constant.b1OverB64") > 64);
});

Deno.test("training.mdx, learning curves and the sweep: the remaining comparisons", () => {
  // Weight decay: "this run ends … points apart, no better than the plain one".
  assert.ok(
    claimValue("training.curves.weightDecay.gap") >= claimValue("training.curves.none.gap") - 0.5,
  );
  // Dropout: "its training curve sits higher" (its kept training accuracy is not above none's).
  assert.ok(
    claimValue("training.curves.dropout.train") <= claimValue("training.curves.none.train"),
  );
  // "A difference between two runs … √2 times as large …, twice that …"
  const se = claimValue("training.se.points");
  assert.ok(Math.abs(claimValue("training.se.difference") - Math.SQRT2 * se) < 2e-3);
  assert.ok(Math.abs(claimValue("training.se.differenceTwice") - 2 * Math.SQRT2 * se) < 3e-3);
  // The "a 1,000-digit accuracy has a standard error of ~0.6 points".
  assert.equal(claimValue("training.se.n"), 1000);
  assert.ok(Math.abs(claimValue("training.se.points") - 0.6) < 0.1);
});
