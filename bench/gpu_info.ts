/**
 * What the benchmark browser reports about its GPU (bench/gpu.sh prints it first, so the numbers
 * after it can be read): the WebGL renderer and the WebGPU adapter.
 */
import { launchChromium } from "../tests/browser/chromium.ts";

const dir = await Deno.makeTempDir({ prefix: "nn-gpu-info-" });
const browser = await launchChromium(dir);
try {
  const page = await browser.newPage();
  await page.goto("about:blank");
  const info = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    const gl = canvas.getContext("webgl2");
    const ext = gl?.getExtension("WEBGL_debug_renderer_info");
    const renderer = gl && ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : "no WebGL 2";
    // deno-lint-ignore no-explicit-any
    const gpu = (navigator as any).gpu;
    const adapter = gpu ? await gpu.requestAdapter() : null;
    return {
      webgl: String(renderer),
      webgpu: adapter
        ? `${adapter.info?.vendor ?? ""} ${adapter.info?.architecture ?? ""} ${
          adapter.info?.description ?? ""
        }`.trim() || "an adapter"
        : "no WebGPU adapter",
    };
  });
  console.log(`WebGL renderer: ${info.webgl}`);
  console.log(`WebGPU adapter: ${info.webgpu}`);
} finally {
  await browser.close();
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}
