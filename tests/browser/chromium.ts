/**
 * Debian's Chromium, found at `CHROME_PATH` or `/usr/bin/chromium`, launched headless the one way
 * the browser tests and the browser benchmarks both use: no sandbox (root in CI), no background
 * network traffic (this machine's network is closed), WebGL 2 through SwiftShader where there is
 * no GPU, and WebGPU switched on.
 */
import puppeteer, { type Browser } from "puppeteer-core";

export const chromePath = Deno.env.get("CHROME_PATH") ?? "/usr/bin/chromium";

export function haveChromium(): boolean {
  try {
    return Deno.statSync(chromePath).isFile;
  } catch {
    return false;
  }
}

/**
 * `NN_CHROME_GPU=1` (bench/gpu.sh): the machine's GPU through Vulkan (WebGL via ANGLE on Vulkan,
 * WebGPU on Dawn's Vulkan backend) instead of SwiftShader.
 */
const GPU_FLAGS = [
  "--use-angle=vulkan",
  "--enable-features=Vulkan,VulkanFromANGLE,DefaultANGLEVulkan",
  "--ignore-gpu-blocklist",
  "--enable-gpu-rasterization",
];

/**
 * No GPU: WebGL and WebGPU through SwiftShader (so tfjs's GPU backends run for real), while 2-D
 * canvases and the page's compositing stay on the CPU, as Chrome does on a machine without a
 * usable GPU — drawn through SwiftShader they cost a core for a chart (see issue 9's notes).
 */
const SOFTWARE_FLAGS = [
  "--use-angle=swiftshader",
  "--enable-unsafe-swiftshader",
  "--disable-accelerated-2d-canvas",
  "--disable-gpu-compositing",
];

export function useGpu(): boolean {
  return Deno.env.get("NN_CHROME_GPU") === "1";
}

/** Launches Chromium with a fresh profile in `userDataDir`. */
export function launchChromium(userDataDir: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath: chromePath,
    headless: true,
    userDataDir,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      "--enable-unsafe-webgpu",
      ...(useGpu() ? GPU_FLAGS : SOFTWARE_FLAGS),
    ],
  });
}
