/**
 * Every built Chinese page: no space left between two CJK characters where the lesson's source
 * broke a line (builder/plugins/cjk_lines.ts), in prose, across inline markup too. Code, scripts
 * and styles keep their line breaks.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { site } from "./harness.ts";

const WIDE = "[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’…—]";
const INLINE_TAGS = "(?:</?(?:strong|em|a|span|del|b|i)\\b[^>]*>)*";
const BROKEN = new RegExp(`${WIDE}${INLINE_TAGS}[ \\t]*\\n[ \\t]*${INLINE_TAGS}${WIDE}`, "gu");

Deno.test({
  name: "zh pages: no space from a source line break between CJK characters",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { dest } = await site();
    const found: string[] = [];
    let pages = 0;
    for await (const entry of Deno.readDir(join(dest, "zh"))) {
      if (!entry.isDirectory) continue;
      pages++;
      const html = (await Deno.readTextFile(join(dest, "zh", entry.name, "index.html")))
        .replace(/<(pre|script|style)\b[^]*?<\/\1>/g, "");
      for (const m of html.matchAll(BROKEN)) found.push(`${entry.name}: ${JSON.stringify(m[0])}`);
    }
    assert.ok(pages >= 6, `${pages} zh lessons`);
    assert.deepEqual(found, []);
  },
});
