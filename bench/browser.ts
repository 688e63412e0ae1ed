/**
 * Shared by the benchmarks that need a browser: serve a folder on loopback and open it in
 * Debian's headless Chromium (CHROME_PATH, else /usr/bin/chromium), with WebGL 2 and WebGPU on
 * (through SwiftShader where there is no GPU).
 */
import { fileURLToPath } from "node:url";
import type { Browser } from "puppeteer-core";
import { serveStatic } from "../builder/serve.ts";
import { haveChromium, launchChromium } from "../tests/browser/chromium.ts";
import { withinLimit } from "./parts.ts";

export { haveChromium };

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Builds the site into a new temporary folder in a fresh Deno process (as `deno task build`
 * runs it); resolves to the folder and the build's wall time. The caller removes the folder.
 */
export async function buildInTemp(
  name: string,
  output: "inherit" | "null" = "null",
): Promise<{ dest: string; ms: number }> {
  const dest = await Deno.makeTempDir({ prefix: `nn-bench-${name}-` });
  const started = performance.now();
  const build = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `import { buildSite } from ${JSON.stringify(`${root}builder/mod.ts`)};` +
      `await buildSite({ dest: ${JSON.stringify(dest)}, quiet: true });`,
    ],
    cwd: root,
    stdout: output,
    stderr: output,
  }).output();
  const ms = performance.now() - started;
  if (!build.success) throw new Error(`${name} bench: the build failed`);
  return { dest, ms };
}

/**
 * Bundles a bench's browser entry (a path from the repository's root) for the browser into
 * `dir/entry.js`, with Deno's bundler, as the site's client code is; `minify` as the site does.
 */
export async function bundleEntry(
  name: string,
  entry: string,
  dir: string,
  minify = false,
): Promise<void> {
  const bundle = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--platform",
      "browser",
      ...(minify ? ["--minify"] : []),
      "-o",
      `${dir}/entry.js`,
      `${root}${entry}`,
    ],
    cwd: root,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!bundle.success) {
    throw new Error(
      `${name} bench: deno bundle failed\n${new TextDecoder().decode(bundle.stderr)}`,
    );
  }
}

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
    // A page that stopped answering can hold `close` up: then the process goes.
    await withinLimit(browser.close(), 20_000, "closing Chromium")
      .catch(() => browser.process()?.kill("SIGKILL"));
    await server.close();
    await Deno.remove(userDataDir, { recursive: true }).catch(() => {});
  }
}
