import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cachedOnUse,
  headersFile,
  registerScript,
  siteManifest,
} from "../../builder/plugins/offline.ts";
import { ISOLATION_HEADERS } from "../../builder/serve.ts";

Deno.test("offline: the manifest lists every file with a hash of its bytes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "offline-" });
  try {
    await Deno.mkdir(join(dir, "en/a"), { recursive: true });
    await Deno.writeTextFile(join(dir, "en/a/index.html"), "<p>a</p>");
    await Deno.writeTextFile(join(dir, "sw.js"), "old worker");
    await Deno.writeFile(join(dir, "x.bin"), new Uint8Array([1, 2, 3]));
    const first = await siteManifest(dir, ["sw.js"]);
    assert.deepEqual(first.map(([p]) => p), ["en/a/index.html", "x.bin"]);
    assert.ok(first.every(([, h]) => /^[0-9a-f]{16}$/.test(h)));
    // A changed file changes its hash and only its hash.
    await Deno.writeTextFile(join(dir, "en/a/index.html"), "<p>b</p>");
    const second = await siteManifest(dir, ["sw.js"]);
    assert.notEqual(second[0][1], first[0][1]);
    assert.equal(second[1][1], first[1][1]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("offline: registration under the base path, skipped under the dev server", () => {
  const js = registerScript("/nn/sw.js", "/nn/");
  assert.match(js, /register\("\/nn\/sw\.js",\{scope:"\/nn\/"/);
  // The script looks for the live-reload client without matching its own text.
  assert.doesNotMatch(js, /\/__reload/);
  assert.match(js, /"\/__re"\+"load"/);
});

/**
 * Runs the registration script in a fake page: `isolated` is its `crossOriginIsolated`; returns
 * how to fire `controllerchange` and an input event, and how many reloads it asked for.
 */
function fakePage(isolated: boolean | undefined, session: Map<string, string>) {
  const page: Record<string, (() => void)[]> = {};
  const worker: Record<string, (() => void)[]> = {};
  let reloads = 0;
  const on = (to: Record<string, (() => void)[]>) => (type: string, f: () => void) =>
    (to[type] ??= []).push(f);
  const navigator = {
    serviceWorker: { register: () => Promise.resolve(), addEventListener: on(worker) },
  };
  const sessionStorage = {
    getItem: (k: string) => session.get(k) ?? null,
    setItem: (k: string, v: string) => session.set(k, v),
  };
  new Function(
    "self",
    "navigator",
    "addEventListener",
    "sessionStorage",
    "location",
    "document",
    registerScript("/sw.js", "/"),
  )(
    { crossOriginIsolated: isolated },
    navigator,
    on(page),
    sessionStorage,
    { reload: () => reloads++ },
    { scripts: [] },
  );
  return {
    fire: (type: string) => [...(page[type] ?? []), ...(worker[type] ?? [])].forEach((f) => f()),
    reloads: () => reloads,
  };
}

Deno.test("offline: a page not yet isolated reloads once when the worker takes over, never in a loop", () => {
  const session = new Map<string, string>();
  const first = fakePage(false, session);
  first.fire("load");
  first.fire("controllerchange");
  assert.equal(first.reloads(), 1, "reloaded once to get the worker's headers");
  // The reloaded page is still not isolated (a browser that cannot be): no second reload.
  const again = fakePage(false, session);
  again.fire("controllerchange");
  assert.equal(again.reloads(), 0, "at most once per tab");
  // A reader who already acted on the page keeps it.
  const busy = fakePage(false, new Map());
  busy.fire("pointerdown");
  busy.fire("controllerchange");
  assert.equal(busy.reloads(), 0, "no reload after the reader acted");
  // Isolated already (served with the headers), or a browser with no such notion: nothing.
  for (const isolated of [true, undefined]) {
    const page = fakePage(isolated, new Map());
    page.fire("controllerchange");
    assert.equal(page.reloads(), 0, String(isolated));
  }
});

Deno.test("offline: TTF/WOFF fonts and the WASM builds no page loads are cached on use", () => {
  for (
    const path of [
      "assets/katex/fonts/KaTeX_Main-Regular.ttf",
      "assets/katex/fonts/KaTeX_Main-Regular.woff",
      "assets/tfjs/tfjs-backend-wasm-threaded-simd.wasm",
      "assets/tfjs/tfjs-backend-wasm.wasm",
    ]
  ) {
    assert.ok(cachedOnUse(path), path);
  }
  for (
    const path of [
      "assets/katex/fonts/KaTeX_Main-Regular.woff2",
      "assets/tfjs/tfjs-backend-wasm-simd.wasm",
      "assets/katex/katex.min.css",
      "en/mnist/index.html",
      "assets/mnist/train-images-idx3-ubyte",
    ]
  ) {
    assert.ok(!cachedOnUse(path), path);
  }
});

// The worker itself (builder/client/sw.js), run in Deno against an in-memory Cache Storage and a
// stub server: what a failed install leaves, a file the server lost, a poisoned cached copy.

type Stored = { bytes: ArrayBuffer; status: number; headers: [string, string][] };
const urlOf = (r: RequestInfo | URL) => (r instanceof Request ? r.url : String(r));

class FakeCache {
  entries = new Map<string, Stored>();
  match(r: RequestInfo | URL): Promise<Response | undefined> {
    const s = this.entries.get(urlOf(r));
    return Promise.resolve(
      s && new Response(s.bytes.slice(0), { status: s.status, headers: s.headers }),
    );
  }
  async put(r: RequestInfo | URL, response: Response): Promise<void> {
    const bytes = await response.arrayBuffer();
    this.entries.set(urlOf(r), { bytes, status: response.status, headers: [...response.headers] });
  }
  delete(r: RequestInfo | URL): Promise<boolean> {
    return Promise.resolve(this.entries.delete(urlOf(r)));
  }
}

class FakeCaches {
  all = new Map<string, FakeCache>();
  open(name: string): Promise<FakeCache> {
    if (!this.all.has(name)) this.all.set(name, new FakeCache());
    return Promise.resolve(this.all.get(name)!);
  }
  keys(): Promise<string[]> {
    return Promise.resolve([...this.all.keys()]);
  }
  delete(name: string): Promise<boolean> {
    return Promise.resolve(this.all.delete(name));
  }
  async match(r: RequestInfo | URL): Promise<Response | undefined> {
    for (const cache of this.all.values()) {
      const hit = await cache.match(r);
      if (hit) return hit;
    }
  }
}

const SCOPE = "https://site.test/nn/";

/** The site's files: bytes, or an HTTP status the stub server answers instead, or "down". */
type Served = Map<string, Uint8Array | number | "down">;

async function startWorker(files: Record<string, string>, served: Served) {
  const manifest = await Promise.all(
    Object.entries(files).map(async ([path, text]) => {
      const digest = new Uint8Array(
        await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
      );
      const hash = [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
      return [path, hash] as [string, string];
    }),
  );
  const caches = new FakeCaches();
  const handlers: Record<string, (event: unknown) => void> = {};
  const self = {
    registration: { scope: SCOPE },
    addEventListener: (type: string, f: (event: unknown) => void) => (handlers[type] = f),
    skipWaiting: () => Promise.resolve(),
    clients: { claim: () => Promise.resolve() },
  };
  const fetch = (r: RequestInfo | URL): Promise<Response> => {
    const path = new URL(urlOf(r)).pathname.slice(new URL(SCOPE).pathname.length);
    const s = served.get(path.endsWith("/") ? path + "index.html" : path);
    if (s === "down") return Promise.reject(new TypeError("Failed to fetch"));
    if (typeof s === "number" || s === undefined) {
      return Promise.resolve(new Response("lost", { status: typeof s === "number" ? s : 404 }));
    }
    return Promise.resolve(new Response(s.slice()));
  };
  const source = await Deno.readTextFile(new URL("../../builder/client/sw.js", import.meta.url));
  new Function("MANIFEST", "ON_USE", "VERSION", "ISOLATION", "self", "caches", "fetch", source)(
    manifest,
    [],
    "v1",
    ISOLATION_HEADERS,
    self,
    caches,
    fetch,
  );
  return {
    caches,
    key: (path: string) => `${SCOPE}${path}?v=${manifest.find(([p]) => p === path)![1]}`,
    install(): Promise<void> {
      let done: Promise<void> = Promise.resolve();
      handlers.install({ waitUntil: (p: Promise<void>) => (done = p) });
      return done;
    },
    /** A GET of `path` through the worker: the text answered, and its status. */
    async get(path: string): Promise<{ status: number; text: string }> {
      const { status, text } = await this.getResponse(path);
      return { status, text };
    },
    /** The same, with the response's headers. */
    async getResponse(
      path: string,
    ): Promise<{ status: number; text: string; headers: Headers }> {
      let answer: Promise<Response> | undefined;
      const later: Promise<unknown>[] = [];
      handlers.fetch({
        request: new Request(SCOPE + path),
        respondWith: (p: Promise<Response>) => (answer = p),
        waitUntil: (p: Promise<unknown>) => later.push(p),
      });
      // No answer: the request goes to the network as if there were no worker.
      const response = await (answer ?? fetch(new Request(SCOPE + path)));
      const text = await response.text();
      await Promise.all(later);
      return { status: response.status, text, headers: response.headers };
    },
  };
}

const SITE: Record<string, string> = Object.fromEntries(
  Array.from({ length: 8 }, (_, i) => [`en/p${i}/index.html`, `<h1>page ${i}</h1>`]),
);
const bytesOf = (files: Record<string, string>): Served =>
  new Map(Object.entries(files).map(([p, t]) => [p, new TextEncoder().encode(t)]));

Deno.test("offline worker: a failed install leaves no partial cache behind", async () => {
  // The last file is not the build's (a deploy in the middle): the install fails.
  const served = bytesOf(SITE);
  served.set("en/p7/index.html", new TextEncoder().encode("<h1>another build</h1>"));
  const w = await startWorker(SITE, served);
  await assert.rejects(w.install(), /not the file of build/);
  assert.deepEqual(await w.caches.keys(), [], "no cache is left");
});

Deno.test("offline worker: a file the server lost is answered from the cached copy", async () => {
  const served = bytesOf(SITE);
  const w = await startWorker(SITE, served);
  await w.install();
  served.set("en/p3/index.html", 404);
  assert.deepEqual(await w.get("en/p3/"), { status: 200, text: "<h1>page 3</h1>" });
  served.set("en/p3/index.html", 503);
  assert.deepEqual(await w.get("en/p3/"), { status: 200, text: "<h1>page 3</h1>" });
  // A file the worker does not have passes the 404 through.
  assert.equal((await w.get("en/nothing.html")).status, 404);
});

Deno.test("offline worker: a poisoned cached copy is never served, and is fetched again", async () => {
  const served = bytesOf(SITE);
  const w = await startWorker(SITE, served);
  await w.install();
  const [cache] = [...w.caches.all.values()];
  // A page script writes the worker's cache (Cache Storage is the origin's).
  await cache.put(w.key("en/p1/index.html"), new Response("<h1>poisoned</h1>"));
  served.set("en/p1/index.html", "down");
  await assert.rejects(w.get("en/p1/"), /Failed to fetch/);
  assert.equal(await cache.match(w.key("en/p1/index.html")), undefined, "the bad copy is gone");
  // Online again: served from the network, and the cache holds the build's bytes again.
  served.set("en/p1/index.html", new TextEncoder().encode(SITE["en/p1/index.html"]));
  assert.equal((await w.get("en/p1/")).text, "<h1>page 1</h1>");
  served.set("en/p1/index.html", "down");
  assert.equal((await w.get("en/p1/")).text, "<h1>page 1</h1>");
  // The server lost it and the copy is bad: the 404 passes through, never the bad copy.
  await cache.put(w.key("en/p1/index.html"), new Response("<h1>poisoned</h1>"));
  served.set("en/p1/index.html", 404);
  assert.deepEqual(await w.get("en/p1/"), { status: 404, text: "lost" });
});

Deno.test("offline worker: its answers carry the isolation headers, online and from the cache", async () => {
  const served = bytesOf(SITE);
  const w = await startWorker(SITE, served);
  await w.install();
  const isolatedBy = (headers: Headers) =>
    Object.entries(ISOLATION_HEADERS).every(([name, value]) => headers.get(name) === value);
  const online = await w.getResponse("en/p2/");
  assert.equal(online.text, "<h1>page 2</h1>");
  assert.ok(isolatedBy(online.headers), "from the network");
  served.set("en/p2/index.html", "down");
  const offline = await w.getResponse("en/p2/");
  assert.equal(offline.text, "<h1>page 2</h1>");
  assert.ok(isolatedBy(offline.headers), "from the cache");
  served.set("en/p2/index.html", 404);
  assert.ok(isolatedBy((await w.getResponse("en/nothing/")).headers) === false, "not the site's");
});

Deno.test("offline: _headers sends the isolation headers on every path", () => {
  const text = headersFile();
  assert.ok(text.startsWith("/*\n"));
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
    assert.ok(text.includes(`  ${name}: ${value}\n`), name);
  }
});
