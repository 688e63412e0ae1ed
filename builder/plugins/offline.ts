/**
 * The whole site offline after one visit: a service worker (builder/client/sw.js) that
 * precaches every file of the build a page needs, written to `<base>sw.js` with a manifest of
 * every file under the output and a hash of its bytes, `ON_USE`, the files it caches only when
 * first fetched (fonts and WASM builds the browsers in question never load: `cachedOnUse`), and
 * `VERSION`, a hash of both. A new deploy
 * changes `sw.js`, so the browser installs the new version, which fetches only the files whose
 * hash changed and then drops the old cache.
 *
 * Why not workbox-build: what it would add here is its precache manifest (URL + revision), which
 * is these thirty lines; it brings a bundler (rollup, babel) into the build and a runtime into
 * the page for strategies the site does not use. The worker is ~100 lines and tested in Chromium
 * (tests/browser/offline.test.ts).
 *
 * Pages register the worker with an inline script, on `load`, except:
 * - under `deno task serve` (the page has the dev server's live-reload client): the dev site
 *   changes under the worker's feet, and a worker has nothing to offer there;
 * - in a browser driven by automation (`navigator.webdriver`), unless localStorage `sw` is "on":
 *   every browser test would otherwise download the whole site in the background.
 *
 * Cross-origin isolation on any static host: the worker adds COOP/COEP to every response it gives
 * (builder/client/sw.js), and the build writes `_headers` (Netlify, Cloudflare Pages) with the
 * same headers for hosts that read one. A page that opened before the worker took over is not
 * isolated (its own response had no such headers): when the worker takes control, it reloads
 * once, so the threaded WASM can run, but only if the reader has not yet pressed a key or a
 * pointer on it (a reload must not throw away work), and at most once per tab
 * (sessionStorage): a browser that cannot be isolated never loops.
 */
import { join, relative } from "node:path";
import type { Site } from "../site.ts";
import { ISOLATION_HEADERS } from "../serve.ts";

export interface Options {
  /** The worker's file name under the site root. */
  file: string;
  /** Files (paths under the site) cached when first fetched instead of at install. */
  onUse: (path: string) => boolean;
}

/**
 * What no page needs in the browsers the site is for: cached when something does fetch it.
 * - KaTeX's TTF and WOFF fonts: its CSS lists them after WOFF2, which every browser that runs
 *   the islands (ES modules in workers) reads, so they are never fetched.
 * - tfjs's WASM binaries but the SIMD one: the threaded build runs only where the page is
 *   cross-origin isolated (COOP/COEP headers, which a plain static host does not send), the
 *   plain build only where WebAssembly has no SIMD (browsers before 2021-2023).
 */
export function cachedOnUse(path: string): boolean {
  if (/^assets\/katex\/fonts\/.*\.(ttf|woff)$/.test(path)) return true;
  return /^assets\/tfjs\/.*\.wasm$/.test(path) && !path.endsWith("/tfjs-backend-wasm-simd.wasm");
}

export const defaults: Options = { file: "sw.js", onUse: cachedOnUse };

async function hash(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function* files(folder: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(folder)) {
    const path = join(folder, entry.name);
    if (entry.isDirectory) yield* files(path);
    else if (entry.isFile) yield path;
  }
}

/** `[path under the site, hash]` for every file under `out`, sorted by path. */
export async function siteManifest(
  out: string,
  exclude: string[] = [],
): Promise<[string, string][]> {
  const entries: [string, string][] = [];
  for await (const file of files(out)) {
    const path = relative(out, file).split("\\").join("/");
    if (!exclude.includes(path)) entries.push([path, await hash(await Deno.readFile(file))]);
  }
  return entries.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** The registration script pages run (see the module comment for when it does nothing). */
export function registerScript(url: string, scope: string): string {
  return `(function(){if(!("serviceWorker" in navigator))return;` +
    `if(navigator.webdriver){try{if(localStorage.getItem("sw")!=="on")return}catch(e){return}}` +
    `addEventListener("load",function(){` +
    // builder/serve.ts injects the live-reload client, which listens on /__reload (split here
    // so that this script does not find itself).
    `for(var s of document.scripts)if(s.textContent.indexOf("/__re"+"load")>=0)return;` +
    `navigator.serviceWorker.register(${JSON.stringify(url)},{scope:${JSON.stringify(scope)},` +
    `updateViaCache:"none"}).catch(function(e){console.warn("offline copy unavailable:",e)})})` +
    // Not isolated yet: reload once when the worker takes over, unless the reader acted.
    `;if(self.crossOriginIsolated!==false)return;var acted=false;` +
    `["pointerdown","keydown"].forEach(function(t){addEventListener(t,function(){acted=true},` +
    `{capture:true,passive:true})});` +
    `navigator.serviceWorker.addEventListener("controllerchange",function(){` +
    `if(acted||self.crossOriginIsolated!==false)return;` +
    `try{if(sessionStorage.getItem("coi-reload"))return;sessionStorage.setItem("coi-reload","1")}` +
    `catch(e){return}location.reload()})})()`;
}

/** The hosts' headers file, written at the root of the build. */
export const HEADERS_FILE = "_headers";

/** The `_headers` file (Netlify, Cloudflare Pages): the isolation headers on every path. */
export function headersFile(): string {
  return "/*\n" +
    Object.entries(ISOLATION_HEADERS).map(([name, value]) => `  ${name}: ${value}\n`).join("");
}

export default function offline(userOptions: Partial<Options> = {}) {
  const options: Options = { ...defaults, ...userOptions };
  return (site: Site) => {
    site.inlineScripts.push(registerScript(site.url(options.file), site.options.location));
    // Registered last in _config.ts, so it runs after every other writer: it lists their files.
    site.addEventListener("afterBuild", async ({ out, write }) => {
      await write(HEADERS_FILE, headersFile());
      // `_headers` is read by the host, never served: the worker must not try to fetch it.
      const manifest = await siteManifest(out, [options.file, HEADERS_FILE]);
      const onUse = manifest.map(([path]) => path).filter(options.onUse);
      const version = await hash(new TextEncoder().encode(JSON.stringify([manifest, onUse])));
      const worker = await Deno.readTextFile(new URL("../client/sw.js", import.meta.url));
      await write(
        options.file,
        `const MANIFEST = ${JSON.stringify(manifest)};\nconst ON_USE = ${
          JSON.stringify(onUse)
        };\n` +
          `const VERSION = "${version}";\nconst ISOLATION = ${
            JSON.stringify(ISOLATION_HEADERS)
          };\n${worker}`,
      );
      if (!site.options.quiet) {
        let bytes = 0;
        for (const [path] of manifest) {
          if (!options.onUse(path)) bytes += (await Deno.stat(join(out, path))).size;
        }
        console.log(
          `offline: precaches ${manifest.length - onUse.length} files, ` +
            `${(bytes / 2 ** 20).toFixed(1)} MiB; ${onUse.length} more when first used`,
        );
      }
    });
  };
}
