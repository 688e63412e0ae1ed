/**
 * The static server (`serveStatic`, also used by the browser tests) and `deno task serve`
 * (`serveDev`: build, serve, rebuild on change, reload the page).
 *
 * Only files under the root are served: a path is decoded once, any `.`/`..` segment, NUL or
 * backslash gets a 404, and the file's real path (symlinks followed) must still lie inside the
 * root's real path.
 *
 * Every response carries the cross-origin isolation headers (`ISOLATION_HEADERS`: COOP
 * same-origin, COEP require-corp), so pages get `SharedArrayBuffer` and tfjs's threaded WASM;
 * `isolation: false` leaves them out (a plain static host, for tests of the fallback).
 */
import { extname, join, resolve } from "node:path";
import { normalizeBase } from "./site.ts";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".bin": "application/octet-stream",
};

/** Content type of a file name. */
export function contentType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/**
 * The headers that make a page cross-origin isolated (`crossOriginIsolated`), as the dev server,
 * the service worker (builder/client/sw.js) and the build's `_headers` file send them. The site
 * loads only its own files (scripts, fonts, WASM, search index, workers from `blob:` URLs), so
 * `require-corp` blocks nothing; CORP same-origin says the same of each file.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp",
  "cross-origin-resource-policy": "same-origin",
};

export interface StaticOptions {
  /** Send `ISOLATION_HEADERS` with every response (default true). */
  isolation?: boolean;
  /** Base path the site is mounted at ("/" or "/sub/"); requests outside it get 404. */
  base?: string;
  /** Inject a live-reload client into HTML and serve its event stream at `/__reload`. */
  liveReload?: boolean;
}

const RELOAD_PATH = "/__reload";
/** Most live-reload streams held open; a new one ends the oldest (they hold a connection each). */
const MAX_RELOAD_CLIENTS = 32;
const RELOAD_CLIENT = `<script>new EventSource(${
  JSON.stringify(RELOAD_PATH)
}).addEventListener("reload",function(){location.reload()})</script>`;

const notFound = () =>
  new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain" } });

/** A request handler serving files under `root`; `reload()` tells live-reload clients to reload. */
export function staticHandler(root: string, options: StaticOptions = {}) {
  const base = normalizeBase(options.base ?? "/");
  const clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();

  async function handler(request: Request): Promise<Response> {
    const response = await serve(request);
    if (options.isolation === false) return response;
    // A redirect's headers are immutable: it gets new ones.
    const headers = new Headers(response.headers);
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
    return new Response(response.body, { status: response.status, headers });
  }

  async function serve(request: Request): Promise<Response> {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("Method not allowed\n", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    const url = new URL(request.url);
    if (options.liveReload && url.pathname === RELOAD_PATH) {
      let self: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          self = controller;
          if (clients.size >= MAX_RELOAD_CLIENTS) {
            const oldest = clients.values().next().value!;
            clients.delete(oldest);
            try {
              oldest.close();
            } catch { /* already gone */ }
          }
          clients.add(controller);
          controller.enqueue(encoder.encode(": connected\n\n"));
        },
        cancel() {
          clients.delete(self);
        },
      });
      return new Response(body, {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }
    if (!url.pathname.startsWith(base)) {
      return url.pathname === "/" ? Response.redirect(new URL(base, url), 302) : notFound();
    }
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname.slice(base.length));
    } catch {
      return notFound();
    }
    const segments = rel.split("/");
    if (rel.includes("\0") || rel.includes("\\") || segments.some((s) => s === ".." || s === ".")) {
      return notFound();
    }
    const realRoot = await Deno.realPath(root).catch(() => null);
    if (realRoot === null) return notFound();
    let path = join(realRoot, ...segments);
    let info: Deno.FileInfo;
    try {
      path = await Deno.realPath(path);
      if (path !== realRoot && !path.startsWith(realRoot + "/")) return notFound();
      info = await Deno.stat(path);
      if (info.isDirectory) {
        if (!url.pathname.endsWith("/")) {
          return new Response(null, {
            status: 301,
            headers: { location: url.pathname + "/" + url.search },
          });
        }
        path = join(path, "index.html");
        info = await Deno.stat(path);
      }
    } catch {
      return notFound();
    }
    if (!info.isFile) return notFound();
    const type = contentType(path);
    const headers = new Headers({ "content-type": type, "cache-control": "no-cache" });
    if (options.liveReload && type.startsWith("text/html")) {
      const html = await Deno.readTextFile(path);
      const body = encoder.encode(
        html.includes("</body>")
          ? html.replace("</body>", `${RELOAD_CLIENT}</body>`)
          : html + RELOAD_CLIENT,
      );
      // HEAD answers the length GET sends: the page with the reload script in it.
      headers.set("content-length", String(body.length));
      return new Response(request.method === "HEAD" ? null : body, { headers });
    }
    // Revalidation (every response is no-cache): the same file answers 304 with no body, so a
    // page's several readers of one file (the shipped digits: the page, its runtime worker, the
    // timing worker, the cell realm) download it once.
    const etag = `"${info.size.toString(36)}-${(info.mtime?.getTime() ?? 0).toString(36)}"`;
    headers.set("etag", etag);
    if (request.headers.get("if-none-match")?.split(/\s*,\s*/).includes(etag)) {
      return new Response(null, { status: 304, headers });
    }
    headers.set("content-length", String(info.size));
    if (request.method === "HEAD") return new Response(null, { headers });
    const file = await Deno.open(path, { read: true });
    return new Response(file.readable, { headers });
  }

  function reload() {
    for (const client of clients) {
      try {
        client.enqueue(encoder.encode("event: reload\ndata: \n\n"));
      } catch {
        clients.delete(client);
      }
    }
  }

  return { handler, reload };
}

export interface ServeOptions extends StaticOptions {
  /** Port (0: any free port). */
  port?: number;
  /** Host name to listen on (default 127.0.0.1). */
  hostname?: string;
  /** Print nothing. */
  quiet?: boolean;
}

export interface StaticServer {
  /** The port actually bound. */
  port: number;
  /** `http://host:port` + base path. */
  url: string;
  /** Tells live-reload clients to reload. */
  reload(): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Limits of the server's front (`guardedListen`): a client gets `HEADER_TIMEOUT_MS` from its
 * connection to the end of its request's headers (at most `MAX_HEADER_BYTES`), and at most
 * `MAX_CONNECTIONS` are open at once; when a new one arrives at the cap, the oldest that is still
 * sending its headers (else the oldest of all) is closed to make room, so a flood of slow or idle
 * connections cannot keep a reader out. Each connection carries one request (it is closed after the response).
 */
export const SERVER_LIMITS = {
  headerTimeoutMs: 10_000,
  maxHeaderBytes: 16 * 1024,
  // Each open request holds up to four descriptors (client, upstream on each side, the file):
  // 200 of them stay well inside the usual limit of 1,024.
  maxConnections: 200,
};

/** Serves the files under `root` (usually `_site/`) on `port`. */
export function serveStatic(root: string, options: ServeOptions = {}): StaticServer {
  const { handler, reload } = staticHandler(resolve(root), options);
  const hostname = options.hostname ?? "127.0.0.1";
  const front = guardedFront(
    { port: options.port ?? 0, hostname },
    (h) => Deno.serve({ ...h, onListen: () => {}, onError: serverError }, handler),
  );
  const port = front.port;
  const url = `http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}${
    normalizeBase(options.base ?? "/")
  }`;
  if (!options.quiet) console.log(`serving ${root} on ${url}`);
  return { port, url, reload, close: front.close };
}

/** A request the handler failed on: a 500, and the server goes on. */
function serverError(error: unknown): Response {
  console.error(error);
  return new Response("Internal server error\n", { status: 500 });
}

interface FrontConnection {
  conn: Deno.Conn;
  /** Still reading the request's headers (may be closed to make room). */
  reading: boolean;
  close(): void;
}

/**
 * Listens on `listen` and hands each request, once its headers are complete, to the HTTP server
 * that `start` opens on a private address (a Unix socket where there are some, else a loopback
 * port), byte for byte. Deno.serve has no header timeout and no connection cap; this front adds
 * both. Errors of the listener (out of descriptors) are waited out, never fatal.
 */
function guardedFront(
  listen: { port: number; hostname: string },
  start: (address: { path: string } | { port: number; hostname: string }) => Deno.HttpServer,
) {
  const unix = Deno.build.os !== "windows";
  const dir = unix ? Deno.makeTempDirSync({ prefix: "nn-serve-" }) : "";
  const inner = start(unix ? { path: join(dir, "http.sock") } : { port: 0, hostname: "127.0.0.1" });
  const upstream = (): Promise<Deno.Conn> =>
    unix
      ? Deno.connect({ transport: "unix", path: join(dir, "http.sock") }) as Promise<Deno.Conn>
      : Deno.connect({ hostname: "127.0.0.1", port: (inner.addr as Deno.NetAddr).port });
  const listener = Deno.listen(listen);
  const open = new Set<FrontConnection>();
  let closed = false;

  const accept = async () => {
    while (!closed) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (closed) return;
        // Out of descriptors, or a connection reset before it was taken: wait, and go on.
        if (!(error instanceof Deno.errors.ConnectionReset)) {
          await new Promise((r) => setTimeout(r, 50));
        }
        continue;
      }
      if (open.size >= SERVER_LIMITS.maxConnections) {
        // The oldest still sending its headers makes room, else the oldest of all (a client
        // reading a response very slowly): a new client always gets in.
        ([...open].find((c) => c.reading) ?? open.values().next().value)?.close();
      }
      void proxy(conn);
    }
  };

  async function proxy(conn: Deno.Conn): Promise<void> {
    let up: Deno.Conn | null = null;
    let done = false;
    const entry: FrontConnection = {
      conn,
      reading: true,
      close() {
        if (done) return;
        done = true;
        clearTimeout(timer);
        open.delete(entry);
        for (const c of [conn, up]) {
          try {
            c?.close();
          } catch { /* already closed */ }
        }
      },
    };
    open.add(entry);
    const timer = setTimeout(() => entry.close(), SERVER_LIMITS.headerTimeoutMs);
    try {
      const head = await readHead(conn);
      if (done) return;
      if (!head) {
        await conn.write(TOO_LARGE).catch(() => {});
        return entry.close();
      }
      entry.reading = false;
      clearTimeout(timer);
      up = await upstream();
      if (done) return entry.close();
      await writeAll(up, oneRequestOnly(head.head));
      if (head.rest.length) await writeAll(up, head.rest);
      // Both ways until either side ends; then both are closed.
      await Promise.race([
        conn.readable.pipeTo(up.writable, { preventClose: true }).catch(() => {}),
        up.readable.pipeTo(conn.writable, { preventClose: true }).catch(() => {}),
      ]);
    } catch { /* a client that went away */ }
    entry.close();
  }

  void accept();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    async close() {
      closed = true;
      listener.close();
      for (const c of [...open]) c.close();
      await inner.shutdown();
      if (unix) await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

const TOO_LARGE = new TextEncoder().encode(
  "HTTP/1.1 431 Request Header Fields Too Large\r\nconnection: close\r\ncontent-length: 0\r\n\r\n",
);

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

/**
 * Reads up to the blank line that ends a request's headers: the header bytes and what came after
 * them; null when the headers outgrow `maxHeaderBytes`. Throws when the client goes away first.
 */
async function readHead(conn: Deno.Conn): Promise<{ head: string; rest: Uint8Array } | null> {
  const buffer = new Uint8Array(SERVER_LIMITS.maxHeaderBytes);
  let length = 0;
  while (length < buffer.length) {
    const n = await conn.read(buffer.subarray(length));
    if (n === null) throw new Error("closed");
    const from = Math.max(0, length - 3);
    length += n;
    for (let i = from; i + 3 < length; i++) {
      if (
        buffer[i] === 13 && buffer[i + 1] === 10 && buffer[i + 2] === 13 && buffer[i + 3] === 10
      ) {
        return {
          head: new TextDecoder("latin1").decode(buffer.subarray(0, i + 4)),
          rest: buffer.slice(i + 4, length),
        };
      }
    }
  }
  return null;
}

/** The request's header block with `Connection: close` (one request per connection). */
function oneRequestOnly(head: string): Uint8Array {
  const lines = head.slice(0, -4).split("\r\n")
    .filter((line, i) => i === 0 || !/^(connection|keep-alive)\s*:/i.test(line));
  const text = [...lines, "Connection: close", "", ""].join("\r\n");
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Runs `deno task build` in a fresh process (so changed modules are re-imported); true on success. */
async function buildOnce(root: string): Promise<boolean> {
  const started = performance.now();
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(root, "builder/cli.ts"), "build"],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    console.error(
      `build failed after ${
        Math.round(performance.now() - started)
      } ms; serving the last good site`,
    );
  }
  return code === 0;
}

/** `deno task serve`: build, serve `_site/`, rebuild on change and reload open pages. */
export async function serveDev(options: { port: number; root?: string }): Promise<void> {
  const root = options.root ?? resolve(import.meta.dirname!, "..");
  await buildOnce(root);
  const server = serveStatic(join(root, "_site"), {
    port: options.port,
    hostname: "localhost",
    base: Deno.env.get("BASE_PATH") ?? "/",
    liveReload: true,
  });
  const watched = ["lessons", "components", "builder", "engine", "_config.ts"].map((p) =>
    join(root, p)
  );
  const watcher = Deno.watchFs(watched.filter((p) => {
    try {
      Deno.statSync(p);
      return true;
    } catch {
      return false;
    }
  }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const rebuild = async () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        if (await buildOnce(root)) server.reload();
      } while (again);
    })();
    await running;
    running = undefined;
  };
  for await (const event of watcher) {
    if (event.paths.every((p) => /\/(_site[^/]*|node_modules)\//.test(p) || /~$|\.swp$/.test(p))) {
      continue;
    }
    clearTimeout(timer);
    timer = setTimeout(rebuild, 150);
  }
}
