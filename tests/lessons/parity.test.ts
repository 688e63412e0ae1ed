/**
 * Every lesson exists in both languages with the same shape: the same number of sections (`##`
 * headings, in order), and the same islands with the same props, in the same order. A lesson
 * changed in one language only fails here. (The same code cells: tests/lessons/cells.test.ts.)
 */
import assert from "node:assert/strict";

const root = new URL("../../lessons/", import.meta.url);
const LANGS = ["en", "zh"] as const;

async function slugs(lang: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(new URL(`${lang}/`, root))) {
    if (e.isFile && e.name.endsWith(".mdx")) out.push(e.name.slice(0, -4));
  }
  return out.sort();
}

/** The lesson's body without fenced code (a `##` or a `<Tag` inside code is not structure). */
function body(text: string): string {
  return text.replace(/^---\n[\s\S]*?\n---\n/, "").replace(/^```[\s\S]*?^```/gm, "");
}

/** `##` headings (level 2 only), in order. */
export function sections(text: string): string[] {
  return [...body(text).matchAll(/^## (.+)$/gm)].map((m) => m[1]);
}

/** Island tags (`<Name ... />` at the start of a line), in order, props normalized. */
export function islands(text: string): string[] {
  // `<Claim … />` is a number the builder writes in (claims/), not an island.
  return [...body(text).matchAll(/^<([A-Z]\w*)([^>]*?)\/>/gm)].filter((m) => m[1] !== "Claim")
    .map((m) => `${m[1]} ${m[2].trim().replace(/\s+/g, " ")}`.trim());
}

Deno.test("parity helpers: sections and islands ignore code fences", () => {
  const text =
    '---\ntitle: x\n---\n## A\n```ts\n## not\n<Fake />\n```\n<Real a={1}  b="x" />\n## B\n';
  assert.deepEqual(sections(text), ["A", "B"]);
  assert.deepEqual(islands(text), ['Real a={1} b="x"']);
});

Deno.test("lessons: the same lessons in every language", async () => {
  const [en, zh] = await Promise.all(LANGS.map(slugs));
  assert.ok(en.length >= 5, `lessons/en: ${en}`);
  assert.deepEqual(zh, en);
});

for (const slug of await slugs("en")) {
  Deno.test(`lessons/${slug}: same sections and islands in en and zh`, async () => {
    const [en, zh] = await Promise.all(
      LANGS.map((l) => Deno.readTextFile(new URL(`${l}/${slug}.mdx`, root))),
    );
    assert.equal(
      sections(zh).length,
      sections(en).length,
      `sections\nen: ${sections(en).join(" | ")}\nzh: ${sections(zh).join(" | ")}`,
    );
    assert.deepEqual(islands(zh), islands(en), "islands and their props, in order");
    // Both end with the references (the course's lessons; not a page after them, `after: true`).
    if (/^after:\s*true\s*$/m.test(en.split("\n---\n")[0])) return;
    assert.equal(sections(en).at(-1), "References");
    assert.equal(sections(zh).at(-1), "参考资料");
  });
}

Deno.test("lessons: the universal approximation claim says continuous (outside the references)", async () => {
  for (const lang of LANGS) {
    for (const slug of await slugs(lang)) {
      const text = await Deno.readTextFile(new URL(`${lang}/${slug}.mdx`, root));
      // References quote titles such as "... can compute any function"; code is not prose.
      const prose = text.split(/^## (?:References|参考资料)$/m)[0].replace(
        /^```[\s\S]*?^```/gm,
        "",
      );
      const bad = prose.match(/\bany function\b|任意函数|任何函数|几乎什么函数/g);
      assert.equal(bad, null, `${lang}/${slug}: ${bad}`);
    }
  }
});
