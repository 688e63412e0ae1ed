/**
 * The build cache: outputs of the slow steps of a build (MDX compiles, the island bundles, the
 * gzipped digits), kept between builds under `node_modules/.cache/site-build/<kind>/<key>`,
 * where the key hashes everything the output depends on (sources, deno.lock, the Deno version).
 * A changed input makes a new key, so an entry is never stale; old entries are pruned. Set
 * `SITE_BUILD_CACHE=0` to build without it.
 */
import { join } from "node:path";

/** Where the cache lives (inside node_modules: already ignored, and gone with it). */
export const cacheRoot = join(import.meta.dirname!, "..", "node_modules/.cache/site-build");

/** False when `SITE_BUILD_CACHE=0`. */
export function cacheEnabled(): boolean {
  return Deno.env.get("SITE_BUILD_CACHE") !== "0";
}

const encoder = new TextEncoder();

/** Hex SHA-256 of the parts, in order (strings as UTF-8; each part's length is mixed in). */
export async function hashOf(parts: (string | Uint8Array)[]): Promise<string> {
  const chunks = parts.flatMap((p) => {
    const bytes = typeof p === "string" ? encoder.encode(p) : p;
    return [encoder.encode(`${bytes.length}:`), bytes];
  });
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) all.set(c, (at += c.length) - c.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function listFiles(path: string, out: string[]): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (info.isFile) {
    out.push(path);
    return;
  }
  for await (const entry of Deno.readDir(path)) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    await listFiles(join(path, entry.name), out);
  }
}

/** One hash of the names and contents of every file under `paths` (files or folders). */
export async function hashFiles(paths: string[]): Promise<string> {
  const files: string[] = [];
  for (const p of paths) await listFiles(p, files);
  files.sort();
  const parts: (string | Uint8Array)[] = [Deno.version.deno];
  for (const f of files) parts.push(f, await Deno.readFile(f));
  return await hashOf(parts);
}

/** Keeps the newest `keep` entries of a kind. */
async function prune(folder: string, keep: number): Promise<void> {
  const entries: { path: string; time: number }[] = [];
  for await (const e of Deno.readDir(folder)) {
    const path = join(folder, e.name);
    const info = await Deno.stat(path).catch(() => null);
    if (info) entries.push({ path, time: info.mtime?.getTime() ?? 0 });
  }
  entries.sort((a, b) => b.time - a.time);
  for (const old of entries.slice(keep)) {
    await Deno.remove(old.path, { recursive: true }).catch(() => {});
  }
}

/**
 * Runs `use(folder)` on the folder cached under `kind`/`key`, made by `produce(folder)` the first
 * time (into a temporary folder renamed into place, so a failed or concurrent build never leaves
 * half an entry). Without the cache, the folder is made, used and removed each time.
 */
export async function withCachedFolder(
  kind: string,
  key: string,
  produce: (folder: string) => Promise<void>,
  use: (folder: string) => Promise<void>,
  keep = 4,
): Promise<void> {
  const folder = join(cacheRoot, kind);
  const target = join(folder, key);
  if (cacheEnabled()) {
    try {
      await Deno.utime(target, new Date(), new Date());
      return await use(target);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  await Deno.mkdir(folder, { recursive: true });
  const temp = await Deno.makeTempDir({ dir: folder, prefix: ".tmp-" });
  try {
    await produce(temp);
    if (!cacheEnabled()) return await use(temp);
  } catch (error) {
    await Deno.remove(temp, { recursive: true }).catch(() => {});
    throw error;
  } finally {
    if (!cacheEnabled()) await Deno.remove(temp, { recursive: true }).catch(() => {});
  }
  try {
    await Deno.rename(temp, target);
  } catch {
    // Another build put the same entry in place first: use that one.
    await Deno.remove(temp, { recursive: true }).catch(() => {});
  }
  await prune(folder, keep);
  await use(target);
}

/** A cached string (an MDX compile): `produce()` the first time, then read back. */
export async function cachedText(
  kind: string,
  key: string,
  produce: () => Promise<string>,
  keep = 200,
): Promise<string> {
  if (!cacheEnabled()) return await produce();
  const folder = join(cacheRoot, kind);
  const file = join(folder, key);
  try {
    const text = await Deno.readTextFile(file);
    await Deno.utime(file, new Date(), new Date()).catch(() => {});
    return text;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const text = await produce();
  await Deno.mkdir(folder, { recursive: true });
  const temp = `${file}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  await Deno.writeTextFile(temp, text);
  await Deno.rename(temp, file);
  await prune(folder, keep);
  return text;
}
