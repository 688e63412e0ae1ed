/**
 * Which tfjs backend this island trains on, and why the better ones were skipped. The root
 * element carries `data-backend` for tests. `?backend=webgl` (webgpu, wasm, cpu) in the URL
 * forces one.
 */
import type { BackendChoice } from "./engine.ts";

const text = {
  en: { label: "Backend", none: "starts when training starts", skipped: "skipped" },
  zh: { label: "计算后端", none: "开始训练时启动", skipped: "跳过" },
};

/**
 * The engine's reasons for skipping a backend (engine/backend.ts) in Chinese; a reason not listed
 * (an error message from the browser, say) is shown as it came.
 */
const reasonsZh: Record<string, string> = {
  "this browser has no WebGPU (navigator.gpu is missing)": "这个浏览器不支持 WebGPU",
  "WebGPU found no adapter (GPU)": "WebGPU 没有找到可用的 GPU",
  "the WebGPU adapter is software (no GPU); ?backend=webgpu forces it":
    "WebGPU 只有软件实现（没有 GPU）；加上 ?backend=webgpu 可强制使用",
  "failed to initialize": "初始化失败",
  "failed during training": "训练中出错",
  "not registered": "未注册",
};

export default function BackendBadge(
  props: { choice: BackendChoice | null; lang?: string },
) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const { choice } = props;
  const reason = (r: string) => props.lang === "zh" ? reasonsZh[r] ?? r : r;
  const skipped = choice?.skipped.map((s) => `${s.name}: ${reason(s.reason)}`).join(
    props.lang === "zh" ? "；" : "; ",
  );
  return (
    <p class="backend-badge" data-backend={choice?.name ?? ""}>
      {t.label}: <strong>{choice?.name ?? t.none}</strong>
      {skipped ? <span class="backend-skipped">({t.skipped}: {skipped})</span> : null}
    </p>
  );
}
