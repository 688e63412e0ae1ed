/** Builds the fixture site into a temporary folder and checks what came out. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { deserializeProps } from "../../builder/serialize.ts";
import { FIXTURE, makeSite } from "./helpers.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test("build: the fixture site under a base path", async (t) => {
  const temp = await Deno.makeTempDir({ prefix: "builder-build-" });
  const dest = join(temp, "_site");
  try {
    const result = await makeSite(FIXTURE, dest, "/sub/", true).build();
    const read = (p: string) => Deno.readTextFile(join(dest, p));

    await t.step("pages", () => {
      assert.equal(result.dest, dest);
      assert.deepEqual(result.pages, [
        "en/index.html",
        "en/intro/index.html",
        "en/second/index.html",
        "index.html",
        "zh/index.html",
        "zh/intro/index.html",
      ]);
    });

    await t.step("lesson page: layout, math, code, island, navigation", async () => {
      const html = await read("en/intro/index.html");
      assert.match(html, /^<!doctype html><html lang="en" data-base="\/sub\/">/);
      assert.match(html, /<title>Intro<\/title>/);
      assert.match(html, /<h1>Intro<\/h1>/);
      assert.match(html, /<span class="math math-inline"><span class="katex">/);
      assert.match(
        html,
        /<div class="math math-display" tabindex="0"><span class="katex-display">/,
      );
      assert.doesNotMatch(html, /\$\$|\$a\^2/);
      assert.match(html, /<span class="hljs-keyword">const<\/span>/);
      assert.match(html, /<table tabindex="0">/);
      // One stylesheet: the site's and KaTeX's joined, KaTeX's fonts where they were copied.
      const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]*)"\/>/g)].map((m) =>
        m[1]
      );
      assert.equal(links.length, 1, links.join());
      assert.match(links[0], /^\/sub\/assets\/css\/[0-9a-f]{8}\.css$/);
      const css = await read(links[0].slice("/sub/".length));
      assert.match(css, /\.katex\{/);
      assert.match(css, /url\(\.\.\/katex\/fonts\/KaTeX_Main-Regular\.woff2\)/);
      assert.match(css, /--step/, "the site's stylesheet");
      // A home page has no math: no KaTeX rules.
      const home = await read("en/index.html");
      const homeCss = /<link rel="stylesheet" href="\/sub\/([^"]*)"\/>/.exec(home)![1];
      assert.notEqual(homeCss, links[0].slice("/sub/".length));
      assert.doesNotMatch(await read(homeCss), /\.katex\{/);
      assert.match(html, /<script type="module" src="\/sub\/assets\/js\/islands.js"><\/script>/);
      assert.match(html, /<a href="\/sub\/zh\/intro\/" hreflang="zh" lang="zh">中文<\/a>/);
      assert.match(html, /<a class="next" href="\/sub\/en\/second\/" rel="next">/);
      assert.doesNotMatch(html, /class="prev"/);
      assert.doesNotMatch(html, /__loc/);
      // The island: server HTML inside the marker, props next to it, awkward values intact.
      const marker =
        /<div class="island" data-island="Counter" data-island-id="0"><div class="counter" data-count="3" data-lang="en"><button type="button">clicks &lt;\/script>&lt;!-- x: 3<\/button><\/div><\/div><script type="application\/json" data-island-props="0">([^<]*)<\/script>/
          .exec(html);
      assert.ok(marker, "island marker");
      const props = deserializeProps(marker[1]);
      assert.equal(props.start, 3);
      assert.equal(props.label, "clicks </script><!-- x");
      assert.equal(props.lang, "en");
      const extra = props.extra as Record<string, number | string>;
      assert.ok(Number.isNaN(extra.nan));
      assert.equal(extra.inf, -Infinity);
      assert.ok(Object.is(extra.zero, -0));
      assert.equal(extra.sep, "\u2028");
    });

    await t.step("a page without islands loads no script", async () => {
      const html = await read("en/second/index.html");
      assert.doesNotMatch(html, /<script type="module"/);
      assert.match(html, /<a class="prev" href="\/sub\/en\/intro\/" rel="prev">/);
      assert.doesNotMatch(html, /hreflang="zh" lang="zh">中文/, "no zh version of this lesson");
    });

    await t.step("home pages list the lessons by order", async () => {
      const en = await read("en/index.html");
      assert.ok(en.indexOf("/sub/en/intro/") < en.indexOf("/sub/en/second/"));
      const home = await read("index.html");
      assert.match(home, /<section lang="zh"/);
      assert.match(home, /href="\/sub\/zh\/"/);
      assert.match(await read("zh/intro/index.html"), /<html lang="zh" data-base="\/sub\/">/);
    });

    await t.step("every URL in every page respects the base path", async () => {
      for (const page of result.pages) {
        const html = await read(page);
        for (const [, url] of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
          assert.ok(
            url.startsWith("/sub/") || url.startsWith("#") || url === "data:,",
            `${page}: ${url}`,
          );
        }
      }
    });

    await t.step("assets: KaTeX fonts, tfjs WASM, island bundles", async () => {
      for (
        const p of [
          "assets/katex/fonts/KaTeX_Main-Regular.woff2",
          "assets/tfjs/tfjs-backend-wasm.wasm",
          "assets/tfjs/tfjs-backend-wasm-simd.wasm",
          "assets/js/Counter.js",
        ]
      ) assert.ok(await exists(join(dest, p)), p);
      const js = await read("assets/js/Counter.js");
      // The page loads only the loader; it fetches an island's bundle when the island is near.
      const loader = await read("assets/js/islands.js");
      assert.match(loader, /data-island/);
      assert.match(loader, /import\(new URL\(`\.\/\$\{\w+\}\.js`/);
      assert.doesNotMatch(js, /data-island/, "an island's bundle only exports its component");
      // Chunks refer to each other relatively, so the bundle works under any base path.
      assert.doesNotMatch(js, /from"\/|import\("\//);
      assert.doesNotMatch(js, /katex/i, "no math JS in the browser");
      // A module the island loads with import() sits in another chunk, fetched only then.
      assert.doesNotMatch(js, /HEAVY_MODULE_MARKER/);
      const chunks = [...Deno.readDirSync(join(dest, "assets/js"))].map((e) => e.name);
      const heavy = chunks.filter((n) =>
        Deno.readTextFileSync(join(dest, "assets/js", n)).includes("HEAVY_MODULE_MARKER")
      );
      assert.equal(heavy.length, 1, chunks.join(", "));
      assert.ok(js.includes(`import("./${heavy[0]}")`), "loaded by a relative dynamic import");
    });
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});

Deno.test("build: a failing build leaves the previous output untouched", async () => {
  const temp = await Deno.makeTempDir({ prefix: "builder-swap-" });
  const dest = join(temp, "_site");
  try {
    await Deno.mkdir(join(temp, "lessons/en"), { recursive: true });
    await Deno.copyFile(
      join(FIXTURE, "lessons/en/second.mdx"),
      join(temp, "lessons/en/second.mdx"),
    );
    await makeSite(temp, dest).build();
    const before = await Deno.readTextFile(join(dest, "en/second/index.html"));
    await Deno.writeTextFile(join(dest, "marker.txt"), "old");

    await Deno.writeTextFile(
      join(temp, "lessons/en/zz.mdx"),
      "---\ntitle: x\norder: 3\nsummary: y\n---\n$\\frac{$\n",
    );
    await assert.rejects(() => makeSite(temp, dest).build(), /zz\.mdx:6:\d+: TeX/);
    assert.equal(await Deno.readTextFile(join(dest, "marker.txt")), "old");
    assert.equal(await Deno.readTextFile(join(dest, "en/second/index.html")), before);
    const leftovers = [...Deno.readDirSync(temp)].map((e) => e.name).filter((n) =>
      n.startsWith("_site.")
    );
    assert.deepEqual(leftovers, [], "no temporary folders left behind");

    // And a good build replaces it whole.
    await Deno.remove(join(temp, "lessons/en/zz.mdx"));
    await makeSite(temp, dest).build();
    assert.equal(await exists(join(dest, "marker.txt")), false);
  } finally {
    await Deno.remove(temp, { recursive: true });
  }
});
