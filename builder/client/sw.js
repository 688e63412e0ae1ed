/**
 * The service worker: the whole site offline after one visit. The builder (builder/plugins/
 * offline.ts) writes it to `<base>sw.js` with `MANIFEST` defined above this text: every file
 * under `_site/` with a hash of its bytes, and `VERSION`, a hash of that list.
 *
 * - install: fetch every file into the cache `nn-lessons-<VERSION>`, checking each against its
 *   hash (a deploy in the middle fails the install; the browser tries again on the next visit).
 *   Files whose hash is unchanged are copied from the previous version's cache, not fetched.
 *   The files in `ON_USE` are not fetched: they are cached when a page first fetches them (if
 *   their bytes match the hash), and kept across versions like the others.
 * - activate: drop older versions' caches; take over open pages.
 * - fetch: network first, the cache when the network fails. Online the reader always gets the
 *   deployed site (no stale lesson after a deploy, no reload dance); offline, the cached one.
 *   Only the site's own files are answered; anything else (the dev server's live-reload
 *   stream, other origins) goes by as if there were no worker.
 */
/* global MANIFEST, ON_USE, VERSION */
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

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const queue = [...HASHES];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [path, hash] = next;
        const key = keyOf(path, hash);
        if (await cache.match(key)) continue;
        const previous = await caches.match(key);
        if (previous || !LATER.has(path)) {
          await cache.put(key, previous ?? await fetchChecked(path, hash));
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
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

/** Caches a file of `ON_USE` that a page fetched, if it is the file of this build. */
async function keep(path, response) {
  const hash = HASHES.get(path);
  const bytes = await response.arrayBuffer();
  if (await sha(bytes) !== hash) return;
  const cache = await caches.open(CACHE);
  await cache.put(keyOf(path, hash), new Response(bytes, { headers: response.headers }));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const path = pathOf(new URL(request.url));
  if (path === null) return;
  event.respondWith(
    fetch(request).then((response) => {
      if (LATER.has(path) && response.ok) event.waitUntil(keep(path, response.clone()));
      return response;
    }, async (error) => {
      const cached = await caches.match(keyOf(path, HASHES.get(path)), { cacheName: CACHE });
      if (cached) return cached;
      throw error;
    }),
  );
});
