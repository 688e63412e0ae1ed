/** The static server: MIME types, directories, and nothing served from outside the root. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { contentType, ISOLATION_HEADERS, serveStatic, staticHandler } from "../../builder/serve.ts";

async function fixture(): Promise<{ parent: string; root: string }> {
  const parent = await Deno.makeTempDir({ prefix: "serve-test-" });
  const root = join(parent, "_site");
  await Deno.mkdir(join(root, "en/bumps"), { recursive: true });
  await Deno.writeTextFile(join(root, "index.html"), "<!doctype html><body>home</body>");
  await Deno.writeTextFile(join(root, "en/bumps/index.html"), "<!doctype html><body>bumps</body>");
  await Deno.writeFile(join(root, "a.wasm"), new Uint8Array([0, 97, 115, 109]));
  await Deno.writeTextFile(join(root, "x.js"), "export {}");
  await Deno.writeTextFile(join(parent, "deno.json"), '{"secret": true}');
  await Deno.symlink(join(parent, "deno.json"), join(root, "leak.json"));
  await Deno.symlink(parent, join(root, "up"));
  return { parent, root };
}

/** Sends a raw request line, so the path reaches the server exactly as written. */
async function rawStatus(port: number, path: string): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(
    new TextEncoder().encode(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
  );
  const text = new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
  return Number(text.split(" ")[1]);
}

Deno.test("serve: MIME types", () => {
  assert.equal(contentType("a/b.wasm"), "application/wasm");
  assert.equal(contentType("x.js"), "text/javascript; charset=utf-8");
  assert.equal(contentType("x.css"), "text/css; charset=utf-8");
  assert.equal(contentType("x.html"), "text/html; charset=utf-8");
  assert.equal(contentType("f.woff2"), "font/woff2");
  assert.equal(contentType("noext"), "application/octet-stream");
});

Deno.test("serve: files, index pages, redirects, and nothing outside the root", async () => {
  const { parent, root } = await fixture();
  const server = serveStatic(root, { quiet: true });
  try {
    const get = (p: string) => fetch(`http://127.0.0.1:${server.port}${p}`, { redirect: "manual" });
    let res = await get("/a.wasm");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/wasm");
    assert.deepEqual(new Uint8Array(await res.arrayBuffer()), new Uint8Array([0, 97, 115, 109]));
    res = await get("/en/bumps/");
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(await res.text(), /bumps/);
    res = await get("/en/bumps");
    assert.equal(res.status, 301);
    assert.equal(res.headers.get("location"), "/en/bumps/");
    await res.body?.cancel();
    assert.equal((await get("/missing")).status, 404);

    for (
      const path of [
        "/../deno.json",
        "/en/../../deno.json",
        "/%2e%2e/deno.json",
        "/%2e%2e%2fdeno.json",
        "/%2E%2E%2Fdeno.json",
        "/en/%2e%2e%2f%2e%2e%2fdeno.json",
        "/..%2fdeno.json",
        "/..%5cdeno.json",
        "/%252e%252e%252fdeno.json",
        "/%00",
        "/%ff",
        "/leak.json",
        "/up/deno.json",
      ]
    ) {
      assert.equal(await rawStatus(server.port, path), 404, path);
    }
  } finally {
    await server.close();
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("serve: base path and live reload", async () => {
  const { parent, root } = await fixture();
  try {
    const { handler, reload } = staticHandler(root, { base: "/sub/", liveReload: true });
    const get = (p: string) => handler(new Request(`http://x${p}`));
    const page = await get("/sub/en/bumps/");
    assert.equal(page.status, 200);
    assert.match(await page.text(), /bumps<script>new EventSource\("\/__reload"\)/);
    assert.equal((await get("/en/bumps/")).status, 404);
    assert.equal((await get("/")).status, 302);
    const events = await get("/__reload");
    assert.equal(events.headers.get("content-type"), "text/event-stream");
    const reader = events.body!.getReader();
    await reader.read(); // ": connected"
    reload();
    const { value } = await reader.read();
    assert.match(new TextDecoder().decode(value), /^event: reload/);
    // At most 32 streams stay open: the 33rd ends the oldest (this one).
    const more = await Promise.all(Array.from({ length: 32 }, () => get("/__reload")));
    assert.equal((await reader.read()).done, true);
    for (const r of more) await r.body?.cancel();
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("serve: HEAD answers the content-length GET sends, reload script included", async () => {
  const { parent, root } = await fixture();
  const server = serveStatic(root, { liveReload: true, quiet: true });
  try {
    for (const path of ["en/bumps/", "en/bumps/index.html"]) {
      const get = await fetch(server.url + path);
      const body = new Uint8Array(await get.arrayBuffer());
      assert.match(new TextDecoder().decode(body), /new EventSource\("\/__reload"\)/);
      const head = await fetch(server.url + path, { method: "HEAD" });
      await head.body?.cancel();
      assert.equal(head.status, 200);
      assert.equal(head.headers.get("content-length"), String(body.length), path);
      assert.equal(get.headers.get("content-length"), String(body.length), path);
    }
  } finally {
    await server.close();
    await Deno.remove(parent, { recursive: true });
  }
});

/**
 * Starts `serveStatic` on `root` in a child process limited to 1,024 descriptors (the usual
 * default), with a short header timeout; resolves to its port and the process.
 */
async function limitedServer(root: string, headerTimeoutMs: number) {
  const serve = new URL("../../builder/serve.ts", import.meta.url).href;
  const script = `import { serveStatic, SERVER_LIMITS } from ${JSON.stringify(serve)};
SERVER_LIMITS.headerTimeoutMs = ${headerTimeoutMs};
const s = serveStatic(${JSON.stringify(root)}, { quiet: true });
console.log("port " + s.port);`;
  const child = new Deno.Command("bash", {
    args: ["-c", 'ulimit -n 1024 && exec "$0" eval "$1"', Deno.execPath(), script],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/port \d+/.test(text)) {
    const { value, done } = await lines.read();
    if (done) throw new Error(`server did not start: ${text}`);
    text += value;
  }
  return { port: Number(/port (\d+)/.exec(text)![1]), child, lines };
}

Deno.test("serve: 2,000 slow connections at ulimit 1,024; others answered at once", async () => {
  const { parent, root } = await fixture();
  const { port, child, lines } = await limitedServer(root, 1000);
  const slow: Deno.Conn[] = [];
  try {
    // Each sends half a request and then nothing (slowloris), 100 at a time.
    const partial = new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n");
    for (let i = 0; i < 2000; i += 100) {
      await Promise.all(Array.from({ length: 100 }, async () => {
        try {
          const c = await Deno.connect({ hostname: "127.0.0.1", port });
          slow.push(c);
          await c.write(partial);
        } catch { /* closed by the server to make room: that is the point */ }
      }));
    }
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/en/bumps/`);
      assert.match(await res.text(), /bumps/);
      times.push(performance.now() - t0);
    }
    console.log(`answered in ${times.map((t) => t.toFixed(1)).join(", ")} ms`);
    assert.ok(Math.min(...times) < 100, `slowest ${Math.max(...times)} ms`);
    // A connection that never finishes its headers is closed after the header timeout.
    const idle = await Deno.connect({ hostname: "127.0.0.1", port });
    await idle.write(partial);
    const t0 = performance.now();
    assert.equal(await idle.read(new Uint8Array(64)), null);
    assert.ok(performance.now() - t0 < 5000);
    idle.close();
    // Still up.
    const res = await fetch(`http://127.0.0.1:${port}/a.wasm`);
    assert.equal(res.status, 200);
    await res.body?.cancel();
  } finally {
    for (const c of slow) {
      try {
        c.close();
      } catch { /* closed by the server */ }
    }
    try {
      child.kill();
    } catch { /* it exited: the assertions above say why */ }
    await child.status;
    await lines.cancel();
    await child.stderr.cancel();
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("serve: cross-origin isolation headers on every answer, unless turned off", async () => {
  const { parent, root } = await fixture();
  try {
    const isolated = staticHandler(root).handler;
    const plain = staticHandler(root, { isolation: false }).handler;
    for (const path of ["/", "/en/bumps/", "/a.wasm", "/en/bumps", "/missing"]) {
      const res = await isolated(new Request(`http://localhost${path}`));
      await res.body?.cancel();
      for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
        assert.equal(res.headers.get(name), value, `${path}: ${name}`);
      }
      const bare = await plain(new Request(`http://localhost${path}`));
      await bare.body?.cancel();
      for (const name of Object.keys(ISOLATION_HEADERS)) {
        assert.equal(bare.headers.get(name), null, `${path} without isolation: ${name}`);
      }
    }
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("serve: a file asked again with its ETag is a 304 without a body; a changed one is sent", async () => {
  const { root } = await fixture();
  const server = serveStatic(root, { quiet: true });
  try {
    const url = `http://127.0.0.1:${server.port}/a.wasm`;
    const first = await fetch(url);
    const etag = first.headers.get("etag");
    assert.ok(etag, "an ETag");
    assert.equal((await first.arrayBuffer()).byteLength, 4);
    const again = await fetch(url, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    assert.equal((await again.arrayBuffer()).byteLength, 0);
    await Deno.writeFile(join(root, "a.wasm"), new Uint8Array([0, 97, 115, 109, 1]));
    const changed = await fetch(url, { headers: { "if-none-match": etag } });
    assert.equal(changed.status, 200);
    assert.equal((await changed.arrayBuffer()).byteLength, 5);
  } finally {
    await server.close();
  }
});
