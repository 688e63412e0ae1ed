/**
 * One Chinese word per term: the glossaries (`ZH_TERMS` in the text module of the lesson that
 * introduces each term) name the word in use and the variants it replaced. No zh lesson and no
 * string module (components/**) may contain a rejected variant, and each chosen word is in use.
 */
import assert from "node:assert/strict";
import type { ZhTerm } from "../../components/lib/lang.ts";
import { ZH_TERMS as FUNCTION_TERMS } from "../../components/function/text.ts";
import { ZH_TERMS as BUMPS_TERMS } from "../../components/bumps/text.ts";
import { ZH_TERMS as BACKPROP_TERMS } from "../../components/backprop/text.ts";

const TERMS: ZhTerm[] = [...FUNCTION_TERMS, ...BUMPS_TERMS, ...BACKPROP_TERMS];
const root = new URL("../../", import.meta.url);

/** Every zh lesson and every source file under components/, glossary declarations left out. */
async function sources(): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  const walk = async (dir: string, keep: (name: string) => boolean) => {
    for await (const e of Deno.readDir(new URL(dir, root))) {
      const path = `${dir}${e.name}`;
      if (e.isDirectory) await walk(`${path}/`, keep);
      else if (keep(e.name)) {
        const text = await Deno.readTextFile(new URL(path, root));
        out.push({ file: path, text: text.replace(/export const ZH_TERMS[\s\S]*?\n\];\n/, "") });
      }
    }
  };
  await walk("lessons/zh/", (n) => n.endsWith(".mdx"));
  await walk("components/", (n) => /\.tsx?$/.test(n));
  return out;
}

Deno.test("zh terms: one word per term; the rejected variants appear nowhere", async () => {
  const files = await sources();
  assert.ok(files.length > 20, `${files.length} files`);
  const all = files.map((f) => f.text).join("\n");
  for (const term of TERMS) {
    assert.ok(all.includes(term.zh), `${term.en}: ${term.zh} is not used anywhere`);
    for (const bad of term.rejected) {
      const hits = files.filter((f) => f.text.includes(bad)).map((f) => f.file);
      assert.deepEqual(hits, [], `${term.en}: "${bad}" instead of "${term.zh}"`);
    }
  }
});

Deno.test("zh terms: no term listed twice, no chosen word rejected elsewhere", () => {
  const chosen = TERMS.map((t) => t.zh);
  assert.equal(new Set(chosen).size, chosen.length);
  for (const t of TERMS) for (const bad of t.rejected) assert.ok(!chosen.includes(bad), bad);
});
