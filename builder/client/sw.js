/**
 * The service worker: the whole site offline after one visit. The builder (builder/plugins/
 * offline.ts) writes it to `<base>sw.js` with `MANIFEST` defined above this text: every file
 * under `_site/` with a hash of its bytes, and `VERSION`, a hash of that list.
 *
 * - install: fetch every file into the cache `nn-lessons-<VERSION>`, checking each against its
 *   hash (a deploy in the middle fails the install; the browser tries again on the next visit).
 *   Files whose hash is unchanged are copied from the previous version's cache (checked too),
 *   not fetched. The files in `ON_USE` are not fetched: they are cached when a page first
 *   fetches them (checked against their hash like every file), and kept across versions.
 * - activate: drop older versions' caches; take over open pages.
 * - fetch: network first, the cache when the network fails or the server has lost the file
 *   (404, 410, 5xx). Online the reader always gets the deployed site (no stale lesson after a
 *   deploy, no reload dance); offline, the cached one. Every cached copy is checked against its
 *   hash before it is served (Cache Storage is writable by any script of the origin): a copy
 *   that does not match is deleted, never served, and fetched again when online.
 * - isolation: every response it gives a page (from the network or the cache) carries `ISOLATION`
 *   (COOP/COEP, defined above this text as builder/serve.ts sends them), so pages it controls are
 *   cross-origin isolated on any static host, as coi-serviceworker does: tfjs's threaded WASM
 *   runs there. A page opened before the worker took over reloads once (builder/plugins/offline.ts).
 * - a failed install deletes the cache it was filling.
 *   Only the site's own files are answered; anything else (the dev server's live-reload
 *   stream, other origins) goes by as if there were no worker.
 */
/* global MANIFEST, ON_USE, VERSION, ISOLATION */
const PREFIX = "nn-lessons-";
const CACHE = PREFIX + VERSION;
const SCOPE = new URL(self.registration.scope);
const HASHES = new Map(MANIFEST);
const LATER = new Set(ON_USE);

/** The cache key of a file: its URL with its hash, so versions never mix. */
function keyOf(path, hash) {
  return new URL(`${path}?v=${hash}`, SCOPE).href;
}

async function sha(bytes) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function fetchChecked(path, hash) {
  const response = await fetch(new URL(path, SCOPE), { cache: "no-cache" });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  if (await sha(bytes) !== hash) throw new Error(`${path}: not the file of build ${VERSION}`);
  return new Response(bytes, { headers: response.headers });
}

/**
 * The cached copy of `path` whose bytes are the build's, or null. A copy whose bytes are not
 * (damaged, or written by a page script: Cache Storage is the origin's) is never served: it is
 * deleted, so the file is fetched again (`keep`).
 */
async function cachedChecked(path, hash) {
  const key = keyOf(path, hash);
  const cached = await caches.match(key);
  if (!cached) return null;
  const bytes = await cached.arrayBuffer();
  if (await sha(bytes) === hash) {
    return new Response(bytes, { status: cached.status, headers: cached.headers });
  }
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX)) await (await caches.open(name)).delete(key);
  }
  return null;
}

/**
 * Puts `path` in this version's cache when it is missing there: a file of `ON_USE` a page fetched
 * for the first time, or a file whose bad copy was deleted.
 */
async function keep(path) {
  const hash = HASHES.get(path);
  const cache = await caches.open(CACHE);
  if (await cache.match(keyOf(path, hash))) return;
  await cache.put(keyOf(path, hash), await fetchChecked(path, hash));
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const queue = [...HASHES];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [path, hash] = next;
        const key = keyOf(path, hash);
        // Checked, wherever it comes from: this cache, the previous version's, the server.
        const copy = await cachedChecked(path, hash);
        if (copy) await cache.put(key, copy);
        else if (!LATER.has(path)) await cache.put(key, await fetchChecked(path, hash));
      }
    };
    try {
      await Promise.all(Array.from({ length: 6 }, worker));
    } catch (error) {
      // A failed install leaves no partial cache behind: the next visit starts over.
      await caches.delete(CACHE);
      throw error;
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/** The site path of a request ("en/bumps/index.html"), or null when it is not the site's. */
function pathOf(url) {
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return null;
  let path;
  try {
    path = decodeURIComponent(url.pathname.slice(SCOPE.pathname.length));
  } catch {
    return null;
  }
  if (path === "" || path.endsWith("/")) path += "index.html";
  return HASHES.has(path) ? path : null;
}

/**
 * `response` with the isolation headers added (a redirect the page follows itself, status 0,
 * goes as it is: it has no headers to give).
 */
function isolated(response) {
  if (response.status === 0 || response.type === "opaqueredirect") return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** Server answers that mean "lost", not "changed": the worker's copy of the same hash is served. */
const LOST = (status) => status === 404 || status === 410 || status >= 500;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const path = pathOf(new URL(request.url));
  if (path === null) return;
  event.respondWith(answer(event, path).then(isolated));
});

/** The response to a request for the site's file `path`: the network's, or the cached copy. */
async function answer(event, path) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    const cached = await cachedChecked(path, HASHES.get(path));
    if (cached) return cached;
    throw error;
  }
  if (LOST(response.status)) {
    const cached = await cachedChecked(path, HASHES.get(path));
    if (cached) return cached;
  } else if (response.ok) {
    // A file of ON_USE seen for the first time, or a copy found bad earlier, is cached now.
    event.waitUntil(keep(path).catch(() => {}));
  }
  return response;
}
