/**
 * The browser-test harness: builds the real site once per test process into a temporary folder,
 * serves it on a free loopback port, and drives Debian's Chromium through puppeteer-core.
 *
 * Every page opened through `openPage` records console errors, uncaught exceptions, failed
 * requests and requests that leave the host, so a test can assert the page is clean with
 * `assertClean`. `axeCheck` runs axe-core in the page.
 *
 * Chromium is found at `CHROME_PATH`, else `/usr/bin/chromium`. Without it the browser tests are
 * skipped with a message, except when `CI` is set: there a missing browser is a failure.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "puppeteer-core";
import axe from "axe-core";
import { dirname, join } from "node:path";
import { buildSite } from "../../builder/mod.ts";
import { serveStatic } from "../../builder/serve.ts";
import { URL_WRITE_MS } from "../../components/lib/url_state.ts";
import { chromePath, haveChromium, launchChromium } from "./chromium.ts";

export { chromePath };

const inCI = !!Deno.env.get("CI");
const present = haveChromium();
if (!present && !inCI) {
  console.warn(
    `browser tests skipped: no Chromium at ${chromePath} (install it with 'apt-get install -y chromium' or set CHROME_PATH)`,
  );
}

/** A Deno test that needs the browser: skipped without Chromium, failing in CI without it. */
export function browserTest(name: string, fn: () => Promise<void>, timeoutNote?: string) {
  Deno.test({
    name,
    ignore: !present && !inCI,
    // The shared browser and server outlive a single test by design.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn() {
      if (!present) {
        throw new Error(
          `CI is set but Chromium is missing at ${chromePath}: install it (apt-get install -y chromium) or set CHROME_PATH${
            timeoutNote ? ` (${timeoutNote})` : ""
          }`,
        );
      }
      await fn();
    },
  });
}

interface Site {
  origin: string;
  dest: string;
  close(): Promise<void>;
}

let sitePromise: Promise<Site> | undefined;
let browserPromise: Promise<Browser> | undefined;
let launched: Browser | undefined;
let userDataDir: string | undefined;

/**
 * The test process's built site: built by the first test module that asks, into a folder named
 * after the process, and named in the environment (which every module of the process shares,
 * where module state is not) so later modules serve the same files instead of building again. A
 * folder left by a process that has ended is removed here; the last one is removed by the next
 * run.
 */
const SHARED_SITE = "NN_LESSONS_TEST_SITE";
const SITE_PREFIX = "nn-lessons-site-";
/**
 * Each module's Chromium profile, also named after the process: the module removes it when it
 * unloads, which fails now and then (Chromium, just killed, still writing); what is left is
 * removed with the stale sites.
 */
const PROFILE_PREFIX = "nn-lessons-chrome-";

async function builtSite(): Promise<string> {
  const shared = Deno.env.get(SHARED_SITE);
  if (shared && (await Deno.stat(join(shared, "en", "index.html")).catch(() => null))) {
    return shared;
  }
  const dest = await Deno.makeTempDir({ prefix: `${SITE_PREFIX}${Deno.pid}-` });
  await buildSite({ dest, quiet: true });
  Deno.env.set(SHARED_SITE, dest);
  await removeStale(dirname(dest));
  return dest;
}

/** Removes the sites and profiles of test processes that have ended (Linux: no /proc/<pid>). */
async function removeStale(tmp: string): Promise<void> {
  if (Deno.build.os !== "linux") return;
  for await (const entry of Deno.readDir(tmp)) {
    const prefix = [SITE_PREFIX, PROFILE_PREFIX].find((p) => entry.name.startsWith(p));
    const pid = prefix ? Number(entry.name.slice(prefix.length).split("-")[0]) : NaN;
    if (!Number.isInteger(pid) || pid === Deno.pid) continue;
    if (await Deno.stat(`/proc/${pid}`).catch(() => null)) continue;
    await Deno.remove(join(tmp, entry.name), { recursive: true }).catch(() => {});
  }
}

/** Serves the process's built site (see `builtSite`) once per module; later calls share it. */
export function site(): Promise<Site> {
  sitePromise ??= (async () => {
    const dest = await builtSite();
    const server = serveStatic(dest, { port: 0, hostname: "127.0.0.1", quiet: true });
    // "localhost" (not 127.0.0.1) so the page is a secure context and WebGPU is offered.
    const origin = `http://localhost:${server.port}`;
    return {
      origin,
      dest,
      async close() {
        await server.close();
      },
    };
  })();
  return sitePromise;
}

/** One Chromium for the whole test process. */
export function browser(): Promise<Browser> {
  browserPromise ??= (async () => {
    userDataDir = await Deno.makeTempDir({ prefix: `${PROFILE_PREFIX}${Deno.pid}-` });
    launched = await launchChromium(userDataDir);
    return launched;
  })();
  return browserPromise;
}

export interface PageProblems {
  /** console.error / console.warn-as-error messages and uncaught exceptions. */
  errors: string[];
  /** Requests that failed or got an HTTP status >= 400. */
  failed: string[];
  /** Requests to any host other than the one the site is served from. */
  offHost: string[];
}

export interface OpenPageOptions {
  /** Run the page with JavaScript disabled. */
  javaScript?: boolean;
  /** Viewport; defaults to a laptop (1280×900). */
  viewport?: { width: number; height: number; isMobile?: boolean };
  /** Prefer dark or light colour scheme. */
  colorScheme?: "light" | "dark";
  /** Wait for this selector after load. */
  waitFor?: string;
}

export interface OpenedPage extends PageProblems {
  page: Page;
  origin: string;
  close(): Promise<void>;
}

/** What each page opened by `openPage` recorded, for a failing wait to report. */
const pageProblems = new WeakMap<Page, PageProblems>();

/** Opens `path` (e.g. "/en/bumps/") on the served site and records its problems. */
export async function openPage(path: string, options: OpenPageOptions = {}): Promise<OpenedPage> {
  const { origin } = await site();
  const b = await browser();
  const context = await b.createBrowserContext();
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], failed: [], offHost: [] };
  pageProblems.set(page, problems);
  const host = new URL(origin).host;
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.errors.push(`console.error: ${msg.text()}`);
  });
  page.on("pageerror", (err) => {
    problems.errors.push(`uncaught: ${err instanceof Error ? err.message : String(err)}`);
  });
  page.on("requestfailed", (req) => {
    const why = req.failure()?.errorText ?? "failed";
    // A worker's blob: script aborted is a worker ended while it loaded (threaded WASM starts one
    // per thread; the runtime ends a timing worker, or a trainer's rebuilt): no failure of the page.
    if (req.url().startsWith("blob:") && why === "net::ERR_ABORTED") return;
    problems.failed.push(`${req.url()} (${why})`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.failed.push(`${res.url()} (HTTP ${res.status()})`);
  });
  page.on("request", (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith("http") && url.host !== host) problems.offHost.push(req.url());
  });
  await page.setJavaScriptEnabled(options.javaScript ?? true);
  await page.setViewport(options.viewport ?? { width: 1280, height: 900 });
  if (options.colorScheme) {
    await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: options.colorScheme }]);
  }
  await page.goto(origin + path, { waitUntil: "load" });
  if (options.waitFor) await page.waitForSelector(options.waitFor, { timeout: 30_000 });
  return {
    page,
    origin,
    ...problems,
    async close() {
      await context.close();
    },
  };
}

/** Fails with every recorded problem listed, if there were any. */
export function assertClean(p: PageProblems, where = "page"): void {
  const all = [
    ...p.errors,
    ...p.failed.map((f) => `failed request: ${f}`),
    ...p.offHost.map((
      o,
    ) => `off-host request: ${o}`),
  ];
  if (all.length) throw new Error(`${where} had problems:\n  ${all.join("\n  ")}`);
}

/** axe-core's whole script, injected into the page under test. */
const axeSource: string = axe.source;

/** Runs axe-core (WCAG 2 A/AA rules) in the page; fails listing every violation. */
export async function axeCheck(page: Page, where = "page"): Promise<void> {
  // Injected through evaluate so it works with JavaScript disabled pages too (CDP runs it anyway).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
      },
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.map((v: any) => ({
      id: v.id,
      help: v.help,
      // deno-lint-ignore no-explicit-any
      targets: v.nodes.slice(0, 5).map((n: any) => `${n.target.join(" ")}: ${n.failureSummary}`),
    }));
  });
  const unnamed = await unnamedControls(page);
  if (unnamed.length) {
    throw new Error(`${where}: controls with no accessible name:\n  ${unnamed.join("\n  ")}`);
  }
  if (violations.length) {
    const text = violations.map((v: { id: string; help: string; targets: string[] }) =>
      `${v.id}: ${v.help}\n    ${v.targets.join("\n    ")}`
    ).join("\n  ");
    throw new Error(`${where}: axe-core found ${violations.length} violation(s):\n  ${text}`);
  }
}

/** Roles of the controls a reader operates: each needs a name a screen reader can say. */
const CONTROL_ROLES = new Set([
  "button",
  "checkbox",
  "combobox",
  "listbox",
  "radio",
  "searchbox",
  "slider",
  "spinbutton",
  "switch",
  "textbox",
]);

/**
 * The controls whose accessible name, as Chromium computes it, is empty (role, tag, id, name,
 * class). axe-core passes a range input wrapped in a `<label>` that also holds an `<output>`, but
 * the label names the output (the first labelable element in it), not the input.
 */
export async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.createCDPSession();
  try {
    const { nodes } = await cdp.send("Accessibility.getFullAXTree");
    const found: string[] = [];
    for (const n of nodes) {
      const role = String(n.role?.value ?? "");
      if (n.ignored || !CONTROL_ROLES.has(role) || String(n.name?.value ?? "").trim()) continue;
      let what = "";
      if (n.backendDOMNodeId !== undefined) {
        const { node } = await cdp.send("DOM.describeNode", { backendNodeId: n.backendDOMNodeId });
        const attrs = node.attributes ?? [];
        const attr = (k: string) => {
          const i = attrs.indexOf(k);
          return i >= 0 && i % 2 === 0 ? attrs[i + 1] : "";
        };
        what = `<${node.localName} id="${attr("id")}" name="${attr("name")}" class="${
          attr("class")
        }">`;
      }
      found.push(`${role} ${what}`);
    }
    return found;
  } finally {
    await cdp.detach();
  }
}

/** The page's long main-thread tasks (over 50 ms), recorded from `watchLongTasks` on. */
export interface LongTasks {
  /** Forgets what was recorded so far (call it once the part not measured is over). */
  reset(): Promise<void>;
  /** The durations recorded since the start or the last reset, in ms. */
  read(): Promise<number[]>;
}

/**
 * Starts recording the page's long tasks with a `longtask` PerformanceObserver: the one way the
 * browser tests measure whether the main thread stayed free.
 */
export async function watchLongTasks(page: Page): Promise<LongTasks> {
  type G = { __longTasks: number[]; __longTaskObserver?: PerformanceObserver };
  await page.evaluate(() => {
    const g = globalThis as unknown as G;
    g.__longTasks = [];
    // One observer a page: a second call on the same page would record every task twice.
    g.__longTaskObserver?.disconnect();
    g.__longTaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) g.__longTasks.push(e.duration);
    });
    g.__longTaskObserver.observe({ type: "longtask" });
  });
  return {
    reset: () => page.evaluate(() => void ((globalThis as unknown as G).__longTasks = [])),
    read: () => page.evaluate(() => [...(globalThis as unknown as G).__longTasks]),
  };
}

/** The machine is quiet enough for a task's wall time to be the page's: 1-min load ≤ cores / 2. */
export function quietMachine(): boolean {
  return Deno.loadavg()[0] <= navigator.hardwareConcurrency / 2;
}

/**
 * The rule "no main-thread task over 50 ms while a figure trains", one way for every test. On a
 * quiet machine (`quietMachine`) it is asserted as it reads. On a busy one (a CI runner running
 * Chromium's GPU process, the workers and the test itself on 2 cores) a task's wall time is mostly
 * waiting for a core — the browser's own paint and layout stretch past 50 ms whatever the page
 * does — so there only a frozen page fails (a task over `busyMs`) and the durations are logged.
 */
export function assertNoLongTasks(tasks: number[], where: string, busyMs = 1000): void {
  const long = tasks.filter((ms) => ms > 50).map(Math.round);
  const load = Deno.loadavg()[0];
  console.log(
    `  ${where}: ${long.length} tasks over 50 ms [${long.join(" ")}] (load ${
      load.toFixed(1)
    } on ${navigator.hardwareConcurrency} cores)`,
  );
  if (quietMachine()) assert.deepEqual(long, [], `${where}: main-thread tasks over 50 ms`);
  else assert.deepEqual(long.filter((ms) => ms > busyMs), [], `${where}: tasks over ${busyMs} ms`);
}

/** Trace categories that record every task of the renderer's main thread with its CPU time. */
export const TRACE_CATEGORIES = [
  "toplevel",
  "devtools.timeline",
  "disabled-by-default-devtools.timeline",
];

type TraceEvent = {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: { type?: string; functionName?: string; url?: string; frames?: { url?: string }[] };
  };
};

/** The main thread's events of a trace, and its tasks (`RunTask`). */
function mainThreadEvents(trace: Uint8Array | undefined) {
  const events = JSON.parse(new TextDecoder().decode(trace)).traceEvents as TraceEvent[];
  const main = new Set(
    events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain")
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = events.filter((e) => e.ph === "X" && main.has(`${e.pid}:${e.tid}`));
  return { onMain, tasks: onMain.filter((e) => e.name === "RunTask") };
}

/** The CPU time (thread time, ms) of every task the page's main thread ran during a trace. */
export function mainThreadCpu(trace: Uint8Array | undefined): number[] {
  return mainThreadEvents(trace).tasks.map((e) => (e.tdur ?? 0) / 1000);
}

/**
 * What the main thread's costly tasks did: for every task over 50 ms of CPU time (at most four;
 * else the costliest task alone), the events inside it with their CPU time, costliest first
 * ("FunctionCall uPlot.js", "Layout", "Paint", "EventDispatch input"…), so that a test's log
 * names the work to bound.
 */
export function costliestTask(trace: Uint8Array | undefined, top = 6): string {
  const { onMain, tasks } = mainThreadEvents(trace);
  if (!tasks.length) return "";
  const cpu = (e: TraceEvent) => e.tdur ?? 0;
  const sorted = [...tasks].sort((a, b) => cpu(b) - cpu(a));
  const over = sorted.filter((e) => cpu(e) > 50_000).slice(0, 4);
  const label = (e: TraceEvent) => {
    const d = e.args?.data;
    const url = d?.url ?? d?.frames?.[0]?.url ?? "";
    const file = url.split("/").pop()?.split("?")[0] ?? "";
    return [e.name, d?.type ?? "", d?.functionName ?? "", file].filter(Boolean).join(" ");
  };
  const ms = (e: TraceEvent) => (cpu(e) / 1000).toFixed(1);
  return (over.length ? over : sorted.slice(0, 1)).map((task) => {
    const end = task.ts + (task.dur ?? 0);
    const inside = onMain.filter((e) =>
      e !== task && e.tid === task.tid && e.pid === task.pid && e.ts >= task.ts &&
      e.ts + (e.dur ?? 0) <= end && e.name !== "RunTask"
    );
    return `${ms(task)} ms: ` +
      inside.sort((a, b) => cpu(b) - cpu(a)).slice(0, top).map((e) => `${label(e)} ${ms(e)}`)
        .join("; ");
  }).join(" | ");
}

/**
 * Records the page's main-thread tasks from now until `stop()`: their CPU time from a Chrome trace
 * (what the page itself asks of the main thread, which a busy machine does not stretch) and their
 * wall time from the Long Tasks API.
 */
export async function recordMainThread(page: Page): Promise<{
  stop: () => Promise<{ cpu: number[]; long: number[]; costliest: string }>;
}> {
  const long = await watchLongTasks(page);
  await page.tracing.start({ categories: TRACE_CATEGORIES });
  return {
    stop: async () => {
      const wall = await long.read();
      const trace = await page.tracing.stop();
      return { cpu: mainThreadCpu(trace), long: wall, costliest: costliestTask(trace) };
    },
  };
}

/**
 * Issue rule "no main-thread task over 50 ms while a figure trains", for a `recordMainThread`
 * window: every task's CPU time under 50 ms, asserted everywhere; wall time by `assertNoLongTasks`
 * (asserted as it reads on a quiet machine, a frozen page only on a busy one).
 */
export function assertMainThreadFree(
  r: { cpu: number[]; long: number[]; costliest?: string },
  where: string,
  busyMs = 1000,
): void {
  assert.ok(r.cpu.length > 0, `${where}: the trace recorded the main thread's tasks`);
  const most = Math.max(...r.cpu);
  console.log(
    `  ${where}: ${r.cpu.length} main-thread tasks, the most CPU time of one ${most.toFixed(1)} ms${
      r.costliest ? ` (${r.costliest})` : ""
    }`,
  );
  assert.deepEqual(
    r.cpu.filter((ms) => ms > 50).map(Math.round),
    [],
    `${where}: main-thread tasks over 50 ms of CPU time`,
  );
  assertNoLongTasks(r.long, where, busyMs);
}

/** Saves a screenshot to $SCREENSHOT_DIR (default: a temp folder) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = Deno.env.get("SCREENSHOT_DIR") ?? (await Deno.makeTempDir({ prefix: "nn-shots-" }));
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir}/${name}.png`;
  await page.screenshot({ path: path as `${string}.png`, fullPage: true });
  return path;
}

/** Polls `fn` in the page until it returns truthy (or throws after `timeoutMs`). */
export async function waitUntil(
  page: Page,
  fn: string,
  timeoutMs = 60_000,
  what = fn,
): Promise<void> {
  try {
    await page.waitForFunction(fn, { timeout: timeoutMs, polling: 100 });
  } catch (err) {
    throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}\n${err}`);
  }
}

// Close the shared browser and server when the test process ends.
globalThis.addEventListener("unload", () => {
  launched?.process()?.kill("SIGKILL");
  if (userDataDir) {
    try {
      Deno.removeSync(userDataDir, { recursive: true });
    } catch {
      // Chromium may still be writing its profile as it dies: the folder stays in the temp dir.
    }
  }
});

/**
 * Reloads the page once its state has reached the URL. Islands write their state to the URL at
 * most every `URL_WRITE_MS` (components/lib/url_state.ts), always ending with the latest state,
 * so a reload right after a change could load the state before it; waiting out that one
 * interval is exactly the guarantee the island gives.
 */
export async function reloadWithState(page: Page): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, URL_WRITE_MS + 50));
  await page.reload({ waitUntil: "load" });
}

/** What an island's backend badge says (components/lib/BackendBadge.tsx). */
export interface BadgeState {
  name: string;
  how: string;
  timings: { name: string; msPerStep: number | null }[];
}

/**
 * Waits until the badge at `selector` has settled (the runtime starts on WASM or CPU while the
 * GPU backends are timed in the background: "measuring"), then returns what it says. When the
 * backend was timed, the one running is the fastest timed.
 */
export async function settledBadge(page: Page, selector: string): Promise<BadgeState> {
  await waitUntil(
    page,
    `(() => { const b = document.querySelector(${JSON.stringify(selector)}); ` +
      `return b && b.dataset.backend && b.dataset.backendHow !== "measuring"; })()`,
    30_000,
    `${selector} settled`,
  );
  const badge = await page.$eval(selector, (el) => ({
    name: el.getAttribute("data-backend") ?? "",
    how: el.getAttribute("data-backend-how") ?? "",
    timings: JSON.parse(el.getAttribute("data-timings") ?? "[]"),
  })) as BadgeState;
  if (badge.how === "measured" || badge.how === "cached") {
    const timed = badge.timings.filter((t) => t.msPerStep !== null);
    const fastest = timed.reduce((a, b) => (b.msPerStep! < a.msPerStep! ? b : a), timed[0]);
    if (fastest && fastest.name !== badge.name) {
      throw new Error(`${selector}: runs on ${badge.name}, but ${fastest.name} was timed faster`);
    }
  }
  return badge;
}

/**
 * The elements inside `selector` that reach past the viewport's left or right edge, as
 * "tag.class: left..right" (empty: the figure fits the screen).
 */
export function outsideViewport(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(`${selector} *`, (els) => {
    const vw = document.documentElement.clientWidth;
    return els.flatMap((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > vw + 1 || r.left < -1)
        ? [
          `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(r.left)}..${
            Math.round(r.right)
          }`,
        ]
        : [];
    });
  });
}

/**
 * Where island `k` of the page stands, for a failing wait to report: its name, whether the loader
 * ever saw it (`data-island-state`), and in words what else the page says about it.
 */
async function islandReport(
  page: Page,
  k: number,
): Promise<{ name: string; seen: boolean; text: string }> {
  const { name, seen, state } = await page.evaluate((k) => {
    const markers = [...document.querySelectorAll<HTMLElement>("[data-island]")];
    const el = markers[k];
    const r = el.getBoundingClientRect();
    const name = el.dataset.island ?? "?";
    const code = performance.getEntriesByType("resource")
      .filter((e) => e.name.includes(`/assets/js/${name}.js`))
      .map((e) => `${Math.round(e.duration)} ms`);
    const state = [
      `state ${el.dataset.islandState ?? "never seen by the loader"}`,
      el.dataset.islandObserved === undefined ? "not among the observer's markers" : "observed",
      `rect top ${Math.round(r.top)} height ${Math.round(r.height)} of viewport ${innerHeight}`,
      `display ${getComputedStyle(el).display}`,
      `page ${document.visibilityState}, scrollY ${Math.round(scrollY)}`,
      `${markers.filter((m) => m.dataset.hydrated).length}/${markers.length} islands hydrated`,
      `${name}.js fetched: ${code.join(", ") || "no"}`,
    ].join("; ");
    return { name, seen: el.dataset.islandState !== undefined, state };
  }, k);
  // Whether the page still makes frames (an observer reports only when one is made).
  const frames = await page.evaluate(() =>
    new Promise<string>((resolve) => {
      const timer = setTimeout(() => resolve("no frame in 2 s"), 2000);
      requestAnimationFrame(() => (clearTimeout(timer), resolve("frames run")));
    })
  ).catch((err) => `frame probe failed: ${err}`);
  const errors = pageProblems.get(page);
  const recorded = errors ? [...errors.errors, ...errors.failed] : [];
  const all = `${state}; ${frames}`;
  const text = recorded.length ? `${all}\n  page problems:\n  ${recorded.join("\n  ")}` : all;
  return { name, seen, text };
}

/**
 * Scrolls to every island of the page in turn and waits until each hydrated (at most `timeoutMs`
 * each, default 20 s); answers how many. An island that the loader never saw in that time is
 * scrolled out of view and back once, with as long again to hydrate: the loader hydrates on
 * intersection, and a test that fails here should fail on the page, not on a lost observer
 * callback. Either way a failure says where the island stands (never seen, loading, failed),
 * and what the page recorded.
 */
export async function hydrateAll(
  page: Page,
  { timeoutMs = 20_000 }: { timeoutMs?: number } = {},
): Promise<number> {
  const count = await page.$$eval("[data-island]", (els) => els.length);
  const waitFor = (i: number) =>
    // Scrolled to again on every poll: islands above it that hydrate change height and can
    // carry it out of the loader's reach before the loader saw it.
    page.waitForFunction(
      (k) => {
        const el = document.querySelectorAll("[data-island]")[k];
        if (el.hasAttribute("data-hydrated")) return true;
        el.scrollIntoView({ block: "center" });
        return false;
      },
      { timeout: timeoutMs, polling: 250 },
      i,
    );
  for (let i = 0; i < count; i++) {
    await page.evaluate((k) => {
      document.querySelectorAll("[data-island]")[k].scrollIntoView({ block: "center" });
    }, i);
    try {
      await waitFor(i);
    } catch (err) {
      const first = await islandReport(page, i);
      let again = "";
      if (!first.seen) {
        await page.evaluate(() => scrollTo(0, 0));
        await new Promise((r) => setTimeout(r, 500));
        try {
          await waitFor(i);
          console.warn(
            `${page.url()}: island ${i} (${first.name}) hydrated only after a second scroll ` +
              `(${first.text})`,
          );
          continue;
        } catch {
          again = `\n  after scrolling away and back: ${(await islandReport(page, i)).text}`;
        }
      }
      throw new Error(
        `${page.url()}: island ${i} (${first.name}) did not hydrate in ${timeoutMs / 1000} s: ` +
          `${first.text}${again}\n${err}`,
      );
    }
  }
  await warnIfPolled(page);
  return count;
}

/**
 * Logs the islands the loader's once-a-second look hydrated, not its observer (see
 * builder/client/hydrate.ts): the page works, but a CI log should show how often that happens.
 */
async function warnIfPolled(page: Page): Promise<void> {
  const polled = await page.$$eval(
    '[data-island-seen="poll"]',
    (els) =>
      els.map((el) => `${el.getAttribute("data-island")}#${el.getAttribute("data-island-id")}`),
  );
  if (polled.length) {
    console.warn(
      `${page.url()}: hydrated by the loader's poll, not its observer: ${polled.join(", ")}`,
    );
  }
}

/** Scrolls an island into view (`block` as scrollIntoView takes it) and waits until it hydrated. */
export async function hydrateIsland(
  page: Page,
  name: string,
  block: "start" | "center" = "center",
): Promise<void> {
  await page.$eval(
    `[data-island="${name}"]`,
    (el, b) => el.scrollIntoView({ block: b as ScrollLogicalPosition }),
    block,
  );
  try {
    await page.waitForFunction(
      `document.querySelector('[data-island="${name}"][data-hydrated]') !== null`,
      { timeout: 30_000, polling: 100 },
    );
  } catch (err) {
    const k = await page.$$eval(
      "[data-island]",
      (els, n) => els.findIndex((el) => el.getAttribute("data-island") === n),
      name,
    );
    throw new Error(
      `${name} did not hydrate in 30 s: ${(await islandReport(page, k)).text}\n${err}`,
    );
  }
  await warnIfPolled(page);
}
