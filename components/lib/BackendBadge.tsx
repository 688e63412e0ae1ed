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

export default function BackendBadge(
  props: { choice: BackendChoice | null; lang?: string },
) {
  const t = props.lang === "zh" ? text.zh : text.en;
  const { choice } = props;
  const skipped = choice?.skipped.map((s) => `${s.name}: ${s.reason}`).join("; ");
  return (
    <p class="backend-badge" data-backend={choice?.name ?? ""}>
      {t.label}: <strong>{choice?.name ?? t.none}</strong>
      {skipped ? <span class="backend-skipped">({t.skipped}: {skipped})</span> : null}
    </p>
  );
}
