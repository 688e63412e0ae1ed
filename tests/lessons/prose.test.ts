/**
 * Statements the lessons once got wrong (issue 23), in both languages: each row names the lesson,
 * what the corrected prose must say and what it must no longer say. Code fences are left out, so
 * a cell's own text does not count as prose.
 */
import assert from "node:assert/strict";

interface Correction {
  what: string;
  must: RegExp[];
  mustNot: RegExp[];
}

const CORRECTIONS: Record<string, Record<"en" | "zh", Correction[]>> = {
  function: {
    en: [
      {
        what: "the architecture decides what can be learned",
        must: [/decided before\s+training, by the architecture/],
        mustNot: [/entirely in the numbers/],
      },
      { what: "Adam is the default", must: [/By default it trains with Adam/], mustNot: [] },
      {
        what: "w₂ = 1 fixes the logit's scale; the cells' points are not the figure's",
        must: [/scale of the logit/, /not on the 40 points of the figure/],
        mustNot: [],
      },
    ],
    zh: [
      {
        what: "the architecture decides what can be learned",
        must: [/在训练之前就由结构决定了/],
        mustNot: [/所有的知识都在/, /同样的结构，拿猫狗照片/],
      },
      { what: "Adam is the default", must: [/默认用 Adam 训练/], mustNot: [] },
      {
        what: "w₂ = 1 fixes the logit's scale; the cells' points are not the figure's",
        must: [/logit 的尺度/, /不是上面图里的 40 个点/],
        mustNot: [],
      },
    ],
  },
  bumps: {
    en: [
      {
        what: "the condition is a non-polynomial activation (Leshno et al. 1993)",
        must: [/\*\*not a\s+polynomial\*\*/, /Leshno/],
        mustNot: [/needs non-linearity, not steps/],
      },
      {
        what: "no activation: one affine map",
        must: [/one affine map/],
        mustNot: [/is one matrix: a line/, /more than one matrix/],
      },
    ],
    zh: [
      {
        what: "the condition is a non-polynomial activation (Leshno et al. 1993)",
        must: [/\*\*不是多项式\*\*/, /Leshno/],
        mustNot: [/定理要的是非线性/],
      },
      {
        what: "no activation: one affine map",
        must: [/一个仿射映射/],
        mustNot: [/只是一个矩阵：一条直线/, /不只是一个矩阵/],
      },
    ],
  },
  loss: {
    en: [{
      what: "log-softmax as written gives −∞, softmax-then-log NaN",
      must: [/comes out as \$-\\infty\$/],
      mustNot: [/passes \$0\.9\$ after about 150/],
    }],
    zh: [{
      what: "log-softmax as written gives −∞; odds is 几率",
      must: [/都得到 \$-\\infty\$/, /几率/],
      mustNot: [/赔率/, /大约 150 步/],
    }],
  },
  backprop: {
    en: [{
      what: "several consumers add their products; no 'right to left'",
      must: [/a node that feeds several gets the sum of those products/],
      mustNot: [/Read it right to left/, /lets it be any\s+function/],
    }],
    zh: [{
      what: "several consumers add their products; no 'right to left'",
      must: [/如果它流向好几个节点，就把每个去向的这种乘积加起来/],
      mustNot: [/从右往左读/, /让它能成为任意函数/],
    }],
  },
};

for (const [slug, byLang] of Object.entries(CORRECTIONS)) {
  for (const lang of ["en", "zh"] as const) {
    Deno.test(`lessons/${lang}/${slug}: corrected statements stay corrected`, async () => {
      const text = await Deno.readTextFile(
        new URL(`../../lessons/${lang}/${slug}.mdx`, import.meta.url),
      );
      const prose = text.replace(/^```[\s\S]*?^```/gm, "");
      for (const c of byLang[lang]) {
        for (const re of c.must) assert.match(prose, re, c.what);
        for (const re of c.mustNot) assert.doesNotMatch(prose, re, c.what);
      }
    });
  }
}
