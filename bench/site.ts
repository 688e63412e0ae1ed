/**
 * The site's own numbers: the time of a cold build (a fresh Deno process, as `deno task build`
 * runs it), and for each English lesson page the bytes a reader downloads before touching
 * anything — HTML + CSS (+ fonts) and JavaScript — raw and gzipped. No peer to compare with:
 * these are sizes to watch, reported as results with `ratio` left out.
 */
import type { BenchContext, BenchResult } from "./mod.ts";
import { buildInTemp, haveChromium, withBrowser } from "./browser.ts";

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
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
    const lessons: string[] = [];
    for await (const entry of Deno.readDir(`${dest}/en`)) {
      if (entry.isDirectory) lessons.push(`/en/${entry.name}/`);
    }
    lessons.sort();
    await withBrowser(dest, async (browser, origin) => {
      for (const path of ["/en/", ...lessons]) {
        const page = await browser.newPage();
        await page.setViewport({ width: 1280, height: 900 });
        const sizes = { html_css: 0, js: 0, fonts: 0, html_css_gz: 0, js_gz: 0 };
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
            else if (type === "document" || type === "stylesheet") {
              sizes.html_css += body.length;
              sizes.html_css_gz += gz;
            }
          })());
        });
        // "Before any interaction": the page loaded and idle, islands in view hydrated.
        await page.goto(origin + path, { waitUntil: "networkidle0" });
        await Promise.all(pending);
        await page.close();
        ctx.log(
          `page ${path}: HTML+CSS ${sizes.html_css} B (${sizes.html_css_gz} gz), ` +
            `JS ${sizes.js} B (${sizes.js_gz} gz), fonts ${sizes.fonts} B`,
        );
        results.push({
          name: `page-weight ${path}`,
          backend: "none",
          html_css_bytes: sizes.html_css,
          html_css_gzip_bytes: sizes.html_css_gz,
          js_bytes: sizes.js,
          js_gzip_bytes: sizes.js_gz,
          font_bytes: sizes.fonts,
        });
      }
    });
  } finally {
    await Deno.remove(dest, { recursive: true }).catch(() => {});
  }
  return results;
}
