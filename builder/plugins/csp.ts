/**
 * A Content-Security-Policy for every page, as a `<meta http-equiv>` (the site is static: no
 * headers of its own). Scripts and connections only from the site's own origin; the few inline
 * scripts (theme, progress marks, the service worker's registration) by the hash of their text,
 * found in each page after it is written. Runs after every other page writer and before the
 * offline plugin (which hashes the pages as they are served).
 *
 * What the site needs, and why each source is there:
 * - `'wasm-unsafe-eval'`: tfjs's WASM backend compiles its `.wasm`;
 * - `'unsafe-eval'`: code cells and exercises run the reader's code (`AsyncFunction`, in
 *   components/cells/workspace.ts). The runtime's worker starts from a `blob:` URL
 *   (components/runtime/client.ts) so that it runs under this same policy: reader code in it
 *   can reach no other origin (`connect-src 'self'`) and load no script from one;
 * - `worker-src 'self' blob:`: that worker, and the service worker;
 * - `blob:` in `script-src`: tfjs's threaded WASM build starts its threads as workers from
 *   `blob:` URLs that `importScripts` the build's JavaScript from another `blob:` URL (only a
 *   script of this origin can make one, and reader code may already `eval`);
 * - `style-src 'unsafe-inline'`: KaTeX's output sizes its boxes with `style` attributes;
 * - `img-src data: blob:`: the favicon (`data:,`) and drawn digits.
 * The dev server's live-reload client (builder/serve.ts) is inline too: its hash is allowed.
 */
import { join } from "node:path";
import type { Site } from "../site.ts";

/** The dev server's live-reload client, as builder/serve.ts injects it. */
export const RELOAD_CLIENT_JS =
  `new EventSource("/__reload").addEventListener("reload",function(){location.reload()})`;

/** The `sha256-…` source of a script's text. */
export async function scriptHash(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
}

/** The inline scripts of a page that run (no `src`; JavaScript, not JSON data). */
export function inlineScripts(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1];
    if (/\ssrc\s*=/i.test(attrs)) continue;
    const type = /\stype\s*=\s*"([^"]*)"/i.exec(attrs)?.[1].toLowerCase();
    if (type && type !== "module" && type !== "text/javascript") continue;
    if (m[2].length) found.push(m[2]);
  }
  return found;
}

/** The policy of a page whose inline scripts are `scripts`. */
export async function policy(scripts: string[]): Promise<string> {
  const hashes = [...new Set(await Promise.all([...scripts, RELOAD_CLIENT_JS].map(scriptHash)))];
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' blob: ${hashes.join(" ")}`,
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** The page with its policy as the first thing after `<meta charset>`. */
export async function withPolicy(html: string): Promise<string> {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${await policy(
    inlineScripts(html),
  )}">`;
  const charset = /<meta charset="utf-8"\s*\/?>/i.exec(html);
  if (!charset) throw new Error("a page without <meta charset>: nowhere to put its policy");
  const at = charset.index + charset[0].length;
  return html.slice(0, at) + meta + html.slice(at);
}

async function* htmlFiles(folder: string): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(folder)) {
    const path = join(folder, entry.name);
    if (entry.isDirectory) yield* htmlFiles(path);
    else if (entry.isFile && entry.name.endsWith(".html")) yield path;
  }
}

export default function csp() {
  return (site: Site) => {
    site.addEventListener("afterBuild", async ({ out }) => {
      for await (const file of htmlFiles(out)) {
        await Deno.writeTextFile(file, await withPolicy(await Deno.readTextFile(file)));
      }
    });
  };
}
