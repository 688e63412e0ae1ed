/**
 * Words shared by the islands, per language: controls, the backend line, the runtime's notices.
 * A lesson's own words live in its folder's `text.ts`.
 */
import type { Texts } from "./lang.ts";

export interface SharedStrings {
  play: string;
  pause: string;
  step: string;
  reset: string;
  train: string;
  stop: string;
  /** The Train/Step/Reset group's name for screen readers. */
  controls: string;
  loading: string;
  /** The backend line. */
  backend: {
    /** Before anything runs. */
    idle: string;
    /**
     * "Running on WASM: 12 ms per step", the run's own speed (unknown until it has played);
     * `threads`: the threaded WASM build's thread count.
     */
    running: (name: string, ms: number | null, worker: boolean, threads?: number) => string;
    /** One backend's start-up probe timing ("WebGL 480 ms/step"), or why it has none. */
    other: (name: string, ms: number | null, note?: string) => string;
    /** The start-up probe timings, listed. */
    probes: (list: string) => string;
    forced: string;
    measuring: string;
    cached: string;
    measured: string;
    fallback: string;
    skipped: (name: string, reason: string) => string;
    mainThread: string;
  };
  /** Training moved to another backend. */
  fellBack: (from: string, to: string, steps: number) => string;
  /**
   * Punctuation a figure puts between words it assembles (Chinese takes full-width marks):
   * `list` between items, `items` between longer items, `colon` after a label, `period` at the
   * end of a sentence, and `paren` around an aside.
   */
  punct: {
    list: string;
    items: string;
    colon: string;
    period: string;
    paren: (aside: string) => string;
  };
}

/** How backends are named for readers. */
export const BACKEND_LABELS: Record<string, string> = {
  webgpu: "WebGPU",
  webgl: "WebGL",
  "wasm-threads": "threaded WASM",
  wasm: "WASM",
  cpu: "CPU",
};
export const backendLabel = (name: string) => BACKEND_LABELS[name] ?? name;
const ZH_LABELS: Record<string, string> = { "wasm-threads": "多线程 WASM" };
const labelZh = (name: string) => ZH_LABELS[name] ?? backendLabel(name);

const ms = (v: number | null) => v === null ? "" : v < 10 ? v.toFixed(1) : String(Math.round(v));

/**
 * The engine's reasons for skipping a backend (engine/backend.ts) in Chinese; a reason not
 * listed (an error message from the browser, say) is shown as it came.
 */
const reasonsZh: Record<string, string> = {
  "this browser has no WebGPU (navigator.gpu is missing)": "这个浏览器不支持 WebGPU",
  "WebGPU found no adapter (GPU)": "WebGPU 没有找到可用的 GPU",
  "the WebGPU adapter is software (no GPU); ?backend=webgpu forces it":
    "WebGPU 只有软件实现（没有 GPU）；加上 ?backend=webgpu 可强制使用",
  "failed to initialize": "初始化失败",
  "failed during training": "训练中出错",
  "not registered": "未注册",
  "not in a browser": "不在浏览器中",
  "slower than the time left for timing": "太慢，计时时间内没跑完",
  "not timed: the time for timing ran out": "没有计时：计时时间已用完",
  "the page is not cross-origin isolated, so WASM threads cannot share memory":
    "页面没有跨源隔离，WASM 的多个线程无法共享内存",
  "no SharedArrayBuffer here": "这里没有 SharedArrayBuffer",
  "no Worker here to run WASM threads": "这里没有可以运行 WASM 线程的 Worker",
  "one CPU core: no threads to add": "只有一个 CPU 核心，多线程无用",
  "not timed: a WASM step is too short for threads to pay off":
    "没有计时：WASM 每步太短，多线程划不来",
  "no WebAssembly SIMD here (the threaded build needs it)":
    "这里的 WebAssembly 不支持 SIMD（多线程版本需要它）",
};

export const SHARED: Texts<SharedStrings> = {
  en: {
    play: "Play",
    pause: "Pause",
    step: "Step",
    reset: "Reset",
    train: "Train",
    stop: "Stop",
    controls: "Training controls",
    loading: "Loading the engine…",
    backend: {
      idle:
        "The engine loads when you reach for this figure, or once the page is idle; nothing trains until you press one of its buttons.",
      running: (name, t, worker, threads) =>
        `Running on ${backendLabel(name)}${threads ? ` (${threads} threads)` : ""}${
          t === null ? "" : `: ${ms(t)} ms per step`
        }` +
        (worker ? "" : " (on the page's main thread)"),
      other: (name, t, note) =>
        t === null
          ? `${backendLabel(name)}: ${note ?? "not timed"}`
          : `${backendLabel(name)} ${ms(t)} ms/step`,
      probes: (list) =>
        `Start-up probe timings (a few steps of this model on each backend, before the run): ${list}`,
      forced: "chosen by ?backend= in the address",
      measuring: "fastest of WASM and CPU; the other backends are being timed",
      cached: "fastest when timed earlier in this tab",
      measured: "fastest of those timed just now",
      fallback: "the previous backend failed",
      skipped: (name, reason) => `${backendLabel(name)} could not start: ${reason}`,
      mainThread: "Web Workers are unavailable here, so training runs on the page itself.",
    },
    fellBack: (from, to, steps) =>
      `${backendLabel(from)} stopped working; training carries on on ${
        backendLabel(to)
      } from step ${steps}.`,
    punct: { list: ", ", items: "; ", colon: ": ", period: ".", paren: (a) => `(${a})` },
  },
  zh: {
    play: "播放",
    pause: "暂停",
    step: "单步",
    reset: "重置",
    train: "训练",
    stop: "停止",
    controls: "训练控制",
    loading: "正在加载引擎……",
    backend: {
      idle:
        "当你操作这个图、或页面空闲下来时，引擎才加载；在你按下图中的按钮之前，什么都不会训练。",
      running: (name, t, worker, threads) =>
        `正在 ${labelZh(name)}${threads ? `（${threads} 个线程）` : ""} 上运行${
          t === null ? "" : `：每步 ${ms(t)} 毫秒`
        }` +
        (worker ? "" : "（在页面主线程上）"),
      other: (name, t, note) =>
        t === null
          ? `${labelZh(name)}：${note ? reasonsZh[note] ?? note : "没有计时"}`
          : `${labelZh(name)} 每步 ${ms(t)} 毫秒`,
      probes: (list) => `启动时的探测计时（训练前用这个模型在各后端上试跑几步）：${list}`,
      forced: "由地址里的 ?backend= 指定",
      measuring: "WASM 与 CPU 中较快的一个；其他后端正在计时",
      cached: "本标签页之前计时最快",
      measured: "刚才计时最快",
      fallback: "之前的后端出错了",
      skipped: (name, reason) => `${labelZh(name)} 无法启动：${reasonsZh[reason] ?? reason}`,
      mainThread: "这里不能用 Web Worker，所以训练在页面本身上运行。",
    },
    fellBack: (from, to, steps) =>
      `${labelZh(from)} 出错了；训练从第 ${steps} 步起在 ${labelZh(to)} 上继续。`,
    punct: { list: "，", items: "；", colon: "：", period: "。", paren: (a) => `（${a}）` },
  },
};
