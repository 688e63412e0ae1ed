import assert from "node:assert/strict";
import { join } from "node:path";
import { cachedOnUse, registerScript, siteManifest } from "../../builder/plugins/offline.ts";

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
