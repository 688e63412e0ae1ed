import assert from "node:assert/strict";
import { renderMath } from "../../builder/plugins/katex.ts";
import { compileMdx } from "../../builder/plugins/mdx.ts";
import { remarkKatex } from "../../builder/plugins/katex.ts";
import { renderToString } from "preact-render-to-string";
import { h } from "preact";

const site = { components: {}, remarkPlugins: [remarkKatex()], rehypePlugins: [] };

async function render(mdx: string): Promise<string> {
  const Content = await compileMdx(mdx, "m.mdx", site);
  return renderToString(h(Content, { components: {} }));
}

Deno.test("math: renderMath gives KaTeX HTML and MathML", () => {
  const html = renderMath("\\frac{1}{2}", false, { file: "f", line: 1, column: 1 });
  assert.match(html, /class="katex"/);
  assert.match(html, /<math /);
  assert.match(renderMath("x", true, { file: "f", line: 1, column: 1 }), /katex-display/);
});

Deno.test("math: inline and display math in MDX become KaTeX at build time", async () => {
  const html = await render("Inline $a^2$ here.\n\n$$\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n$$\n");
  assert.match(html, /<p>Inline <span class="math math-inline"><span class="katex">/);
  assert.match(html, /<div class="math math-display" tabindex="0"><span class="katex-display">/);
  assert.match(
    html,
    /<annotation encoding="application\/x-tex">\\sigma\(z\) = \\frac\{1\}\{1\+e\^\{-z\}\}<\/annotation>/,
  );
  assert.doesNotMatch(html, /\$/);
});

Deno.test("math: punctuation after a short inline formula stays on its line", async () => {
  const html = await render(
    "Take $w = 1$. Then $b$，再看 $a + b$ 的值; long $" + "x + ".repeat(12) + "y$.\n",
  );
  // The full stop and the full-width comma go into the formula's span, which does not wrap.
  assert.match(
    html,
    /<span class="math math-inline math-kept">.*?<\/math>.*?<\/span>\.<\/span> Then/,
  );
  assert.match(html, /<span class="math math-inline math-kept">.*?<\/span>，<\/span>再看/);
  // Nothing follows directly: no change; a long formula keeps its own break points.
  assert.match(html, /<span class="math math-inline"><span class="katex">.*?<\/span><\/span> 的值/);
  assert.match(
    html,
    /<span class="math math-inline"><span class="katex">(?:(?!math-kept).)*<\/span>\.<\/p>/,
  );
});

Deno.test("math: a KaTeX error names the file, the line and the cause", async () => {
  await assert.rejects(
    () => render("one\n\ntwo $\\frac{1}{$ three\n"),
    (error: Error) => {
      assert.match(error.message, /^m\.mdx:3:\d+: TeX: /);
      assert.match(error.message, /^m\.mdx:3:\d+: TeX: /);
      assert.match(error.message, /expected/i);
      return true;
    },
  );
  await assert.rejects(
    () => render("\n$$\n\\notacommand{x}\n$$\n"),
    /m\.mdx:3:1: TeX: Undefined control sequence: \\notacommand/,
  );
});

Deno.test("code: fenced code is highlighted at build time", async () => {
  const { default: rehypeHighlight } = await import("rehype-highlight");
  const Content = await compileMdx("```ts\nconst x = 1;\n```\n", "c.mdx", {
    components: {},
    remarkPlugins: [],
    rehypePlugins: [rehypeHighlight],
  });
  const html = renderToString(h(Content, {}));
  assert.match(html, /<code class="hljs language-ts"><span class="hljs-keyword">const<\/span>/);
});
