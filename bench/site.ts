/**
 * The site's own numbers: the time of a cold build (a fresh Deno process, as `deno task build`
 * runs it); for the home pages and each lesson page in both languages the bytes a reader
 * downloads before touching anything — HTML, CSS (and how many stylesheets block rendering),
 * fonts, JavaScript, data — raw and gzipped; and what the service worker caches on a first visit
 * (its cache, summed after it took over). No peer to compare with: these are sizes to watch,
 * reported as results with `ratio` left out.
 */
import type { BenchContext, BenchResult } from "./mod.ts";
import type { Browser } from "puppeteer-core";
import { buildInTemp, haveChromium, withBrowser } from "./browser.ts";

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * What a first visit stores: open the home page in a fresh context with the service worker on,
 * wait until it controls the page (it activates only after its install cached what it
 * precaches), and sum the bytes of every response in its cache, by kind of file.
 */
async function precache(
  browser: Browser,
  origin: string,
  ctx: BenchContext,
): Promise<BenchResult> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/`, { waitUntil: "load" });
    // Automation skips registration unless asked (see builder/plugins/offline.ts).
    await page.evaluate(() => localStorage.setItem("sw", "on"));
    await page.reload({ waitUntil: "load" });
    await page.waitForFunction("navigator.serviceWorker.controller !== null", {
      timeout: 120_000,
    });
    const byKind: Record<string, number> = await page.evaluate(async () => {
      const sums: Record<string, number> = {};
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          const response = await cache.match(request);
          const bytes = response ? (await response.arrayBuffer()).byteLength : 0;
          const path = new URL(request.url).pathname;
          const file = path.endsWith("/") ? "index.html" : path.split("/").pop() ?? "";
          const ext = file.includes(".") ? file.split(".").pop()! : "data";
          sums[ext] = (sums[ext] ?? 0) + bytes;
        }
      }
      return sums;
    });
    const total = Object.values(byKind).reduce((a, b) => a + b, 0);
    const parts = Object.entries(byKind).sort((a, b) => b[1] - a[1])
      .map(([ext, bytes]) => `${ext} ${kb(bytes)}`).join(", ");
    ctx.log(`precache (first visit): ${kb(total)} — ${parts}`);
    return {
      name: "precache",
      backend: "none",
      bytes: total,
      ...Object.fromEntries(Object.entries(byKind).map(([ext, b]) => [`${ext}_bytes`, b])),
    };
  } finally {
    await context.close();
  }
}

export async function run(ctx: BenchContext): Promise<BenchResult[]> {
  const { dest, ms: buildMs } = await buildInTemp("site", "inherit");
  const results: BenchResult[] = [];
  try {
    ctx.log(`site cold build: ${(buildMs / 1000).toFixed(2)} s`);
    results.push({ name: "site-cold-build", backend: "none", build_ms: Math.round(buildMs) });

    if (!haveChromium()) {
      ctx.log("site page weight: skipped (no Chromium)");
      return results;
    }
    const paths: string[] = ["/"];
    for (const lang of ["en", "zh"]) {
      const lessons: string[] = [];
      for await (const entry of Deno.readDir(`${dest}/${lang}`)) {
        if (entry.isDirectory) lessons.push(`/${lang}/${entry.name}/`);
      }
      paths.push(`/${lang}/`, ...lessons.sort());
    }
    await withBrowser(dest, async (browser, origin) => {
      for (const path of paths) {
        // A fresh context per page: nothing cached from the page before.
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        await page.setViewport({ width: 1280, height: 900 });
        const sizes = {
          html: 0,
          css: 0,
          js: 0,
          fonts: 0,
          other: 0,
          html_gz: 0,
          css_gz: 0,
          js_gz: 0,
          other_gz: 0,
        };
        const pending: Promise<void>[] = [];
        page.on("response", (res) => {
          pending.push((async () => {
            const type = res.request().resourceType();
            const body = new Uint8Array(await res.buffer().catch(() => new Uint8Array()));
            const gz = await gzipSize(body);
            if (type === "script") {
              sizes.js += body.length;
              sizes.js_gz += gz;
            } else if (type === "font") sizes.fonts += body.length;
            else if (type === "stylesheet") {
              sizes.css += body.length;
              sizes.css_gz += gz;
            } else if (type === "document") {
              sizes.html += body.length;
              sizes.html_gz += gz;
            } else {
              sizes.other += body.length;
              sizes.other_gz += gz;
            }
          })());
        });
        // "Before any interaction": the page loaded and its network quiet for 0.5 s, islands in
        // view hydrated. An island's engine (worker, tfjs, WASM) is not in it: it loads at the
        // reader's intent, or at idle no sooner than SETTLE_MS (3 s) after load
        // (components/lib/intent.ts), after this window; a figure that computes on hydration
        // (lesson 3's loss landscape, when in view) loads it here.
        await page.goto(origin + path, { waitUntil: "networkidle0" });
        await Promise.all(pending);
        const blocking = await page.$$eval(
          'head link[rel="stylesheet"]:not([media="print"])',
          (links) => links.length,
        );
        await context.close();
        ctx.log(
          `page ${path}: HTML ${kb(sizes.html_gz)} gz, CSS ${kb(sizes.css_gz)} gz ` +
            `(${kb(sizes.css)}, ${blocking} blocking), JS ${kb(sizes.js_gz)} gz (${
              kb(sizes.js)
            }), ` +
            `fonts ${kb(sizes.fonts)}, other ${kb(sizes.other_gz)} gz (${kb(sizes.other)})`,
        );
        results.push({
          name: `page-weight ${path}`,
          backend: "none",
          html_bytes: sizes.html,
          html_gzip_bytes: sizes.html_gz,
          css_bytes: sizes.css,
          css_gzip_bytes: sizes.css_gz,
          blocking_stylesheets: blocking,
          js_bytes: sizes.js,
          js_gzip_bytes: sizes.js_gz,
          font_bytes: sizes.fonts,
          other_bytes: sizes.other,
          other_gzip_bytes: sizes.other_gz,
        });
      }
      results.push(await precache(browser, origin, ctx));
    });
  } finally {
    await Deno.remove(dest, { recursive: true }).catch(() => {});
  }
  return results;
}
