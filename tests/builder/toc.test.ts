import assert from "node:assert/strict";
import { renderToString } from "preact-render-to-string";
import { h } from "preact";
import { compileMdxPage } from "../../builder/plugins/mdx.ts";
import { rehypeToc, slugify } from "../../builder/plugins/toc.ts";

const site = { components: {}, remarkPlugins: [], rehypePlugins: [rehypeToc()] };

Deno.test("toc: slugs keep letters of any script and drop punctuation", () => {
  assert.equal(slugify("One neuron: σ(wx + b)"), "one-neuron-σwx-b");
  assert.equal(slugify("把偏差加起来的三种办法"), "把偏差加起来的三种办法");
  assert.equal(slugify("  Towers in 2-D  "), "towers-in-2-d");
  assert.equal(slugify("?!"), "section");
});

Deno.test("toc: ## and ### get unique ids and make the page's contents", async () => {
  const { content, data } = await compileMdxPage(
    "# Title\n\n## Two *neurons*\n\ntext\n\n### Sub\n\n## Sub\n\n#### deep\n",
    "t.mdx",
    site,
  );
  assert.deepEqual(data.toc, [
    { level: 2, id: "two-neurons", text: "Two neurons" },
    { level: 3, id: "sub", text: "Sub" },
    { level: 2, id: "sub-2", text: "Sub" },
  ]);
  const html = renderToString(h(content, { components: {} }));
  assert.match(html, /<h1>Title<\/h1>/);
  assert.match(html, /<h2 id="two-neurons">Two <em>neurons<\/em><\/h2>/);
  assert.match(html, /<h3 id="sub">Sub<\/h3>/);
  assert.match(html, /<h2 id="sub-2">Sub<\/h2>/);
  assert.match(html, /<h4>deep<\/h4>/);
});
