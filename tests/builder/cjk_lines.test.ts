/**
 * Chinese text: a source line break between two CJK characters leaves no space in the page; one
 * between CJK and Latin text, math or code stays; English is untouched.
 */
import assert from "node:assert/strict";
import { h } from "preact";
import { renderToString } from "preact-render-to-string";
import { compileMdx } from "../../builder/plugins/mdx.ts";
import { remarkKatex } from "../../builder/plugins/katex.ts";
import { joinsWithoutSpace } from "../../builder/plugins/cjk_lines.ts";

const site = { components: {}, remarkPlugins: [remarkKatex()], rehypePlugins: [] };

async function render(mdx: string): Promise<string> {
  const Content = await compileMdx(mdx, "zh.mdx", site);
  return renderToString(h(Content, { components: {} }));
}

Deno.test("cjk lines: a line break between CJK characters vanishes, across inline markup", async () => {
  assert.equal(
    await render("每个参数。\n训练完，\n又一次。\n"),
    "<p>每个参数。训练完，又一次。</p>",
  );
  assert.equal(
    await render("先看**参数**\n**训练**后的样子，\n*再*看“损失”\n——它下降了。\n"),
    "<p>先看<strong>参数</strong><strong>训练</strong>后的样子，<em>再</em>看“损失”——它下降了。</p>",
  );
  // A list item and a table cell, too.
  assert.match(await render("- 第一项\n  继续\n"), /<li>第一项继续<\/li>/);
});

Deno.test("cjk lines: CJK next to Latin, math, code keeps its space; English is untouched", async () => {
  assert.equal(
    await render("学习率\nlr 很小\n`x`\n训练\n"),
    "<p>学习率\nlr 很小\n<code>x</code>\n训练</p>",
  );
  assert.match(
    await render("权重\n$w$\n更新"),
    /<p>权重\n<span class="math math-inline">.*<\/span>\n更新<\/p>/,
  );
  assert.equal(await render("one line\nand the next.\n"), "<p>one line\nand the next.</p>");
  assert.equal(await render("He said “yes”\n“no”.\n"), "<p>He said “yes”\n“no”.</p>");
  assert.ok(joinsWithoutSpace("。", "训") && joinsWithoutSpace("”", "训"));
  assert.ok(!joinsWithoutSpace("a", "训") && !joinsWithoutSpace("”", "“"));
});
