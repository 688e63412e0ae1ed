/**
 * Shared by the benchmarks that need a browser: serve a folder on loopback and open it in
 * Debian's headless Chromium (CHROME_PATH, else /usr/bin/chromium), with WebGL 2 and WebGPU on
 * (through SwiftShader where there is no GPU).
 */
import type { Browser } from "puppeteer-core";
import { serveStatic } from "../builder/serve.ts";
import { haveChromium, launchChromium } from "../tests/browser/chromium.ts";

export { haveChromium };

/** Serves `root` and runs `fn` with a browser and the site's origin; cleans up after. */
export async function withBrowser<T>(
  root: string,
  fn: (browser: Browser, origin: string) => Promise<T>,
): Promise<T> {
  const server = serveStatic(root, { port: 0, hostname: "127.0.0.1", quiet: true });
  const userDataDir = await Deno.makeTempDir({ prefix: "nn-bench-chrome-" });
  const browser = await launchChromium(userDataDir);
  try {
    // localhost (not 127.0.0.1): a secure context, so WebGPU is offered.
    return await fn(browser, `http://localhost:${server.port}`);
  } finally {
    await browser.close();
    await server.close();
    await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
  }
}
