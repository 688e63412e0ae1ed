/**
 * Finding one's way: every link of every lesson's table of contents lands on its heading (the
 * sticky column on a laptop, the <details> on a phone), the header says "Lesson n of N" and
 * opens onto the course outline, the last lesson leads to the "where next" page, and the lesson
 * list shows which lessons this browser has opened and finished.
 */
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { assertClean, axeCheck, browserTest, openPage } from "./harness.ts";
import { LESSONS, PAGES } from "./lessons.ts";

const phone = { width: 390, height: 844, isMobile: true };

/**
 * Checks that every link of the TOC in `nav` names a heading of the lesson with the link's text,
 * then clicks the first, a middle and the last link and checks where the heading ends up (all of
 * them would retrain every island on the way: slow on a shared machine, and no more telling).
 */
async function followToc(page: Page, nav: string, path: string): Promise<string[]> {
  const links = await page.$$eval(
    `${nav} a`,
    (as) =>
      as.map((a) => {
        const id = decodeURIComponent(a.getAttribute("href")!.slice(1));
        const h = document.getElementById(id);
        return {
          id,
          text: a.textContent,
          heading: h && /^H[23]$/.test(h.tagName) && h.closest(".prose") ? h.textContent : null,
        };
      }),
  );
  const problems: string[] = [];
  if (links.length < 3) problems.push(`${path}: only ${links.length} TOC links in ${nav}`);
  for (const l of links) {
    if (l.heading !== l.text) problems.push(`${path}: #${l.id} "${l.text}" → ${l.heading}`);
  }
  const sample = [...new Set([0, links.length >> 1, links.length - 1])].map((i) => links[i].id);
  for (const id of sample) {
    await page.evaluate(() => scrollTo(0, 0));
    if (nav.includes("details")) {
      await page.$eval(`${nav} details`, (d) => (d as HTMLDetailsElement).open = true);
    }
    await page.click(`${nav} a[href="#${encodeURIComponent(id)}"]`);
    await new Promise((r) => setTimeout(r, 150));
    const at = await page.evaluate((id) => {
      const r = document.getElementById(id)!.getBoundingClientRect();
      const bottom = document.documentElement.scrollHeight - innerHeight - scrollY < 2;
      return {
        top: r.top,
        bottom,
        hash: decodeURIComponent(location.hash.slice(1)),
        h: innerHeight,
      };
    }, id);
    if (at.hash !== id) problems.push(`${path}: #${id}: location.hash is ${at.hash}`);
    // At the top of the viewport, or, near the end of the page, somewhere in view.
    else if (!(at.top >= -1 && (at.top < 40 || (at.bottom && at.top < at.h - 20)))) {
      problems.push(`${path}: #${id} landed at ${Math.round(at.top)} px`);
    }
  }
  return problems;
}

browserTest(
  "TOC links land on their headings (laptop column, phone details), en and zh",
  async () => {
    const problems: string[] = [];
    for (const lang of ["en", "zh"]) {
      for (const slug of PAGES) {
        const path = `/${lang}/${slug}/`;
        const laptop = await openPage(path);
        try {
          problems.push(...await followToc(laptop.page, ".toc-side", path));
          assertClean(laptop, path);
          if (slug === "bumps") await axeCheck(laptop.page, path);
        } finally {
          await laptop.close();
        }
      }
    }
    for (const path of ["/en/bumps/", "/zh/loss/"]) {
      const p = await openPage(path, { viewport: phone });
      try {
        problems.push(...await followToc(p.page, ".toc-details", `${path} (phone)`));
        await axeCheck(p.page, `${path} (phone)`);
      } finally {
        await p.close();
      }
    }
    assert.deepEqual(problems, []);
  },
);

browserTest(
  "header: Lesson n of N and the course outline; the last lesson leads to where next",
  async () => {
    const p = await openPage("/en/backprop/", { viewport: phone });
    const n = LESSONS.length;
    const at = LESSONS.indexOf("backprop");
    try {
      const { page } = p;
      assert.equal(
        await page.$eval(".course-outline summary", (s) => s.textContent),
        `Lesson ${at + 1} of ${n}`,
      );
      await page.click(".course-outline summary");
      const outline = await page.$$eval(".course-outline li a", (as) =>
        as.map((a) => ({
          text: a.textContent!.trim(),
          current: a.getAttribute("aria-current"),
          visible: (a as HTMLElement).offsetParent !== null,
        })));
      assert.equal(outline.length, PAGES.length, "every lesson and where next");
      assert.ok(outline.every((o) => o.visible));
      assert.deepEqual(
        outline.map((o) => o.current),
        PAGES.map((slug) => slug === "backprop" ? "page" : null),
      );
      assert.match(outline[PAGES.indexOf("where-next")].text, /^→ Where next/);
      assert.equal(
        await page.$eval(".lesson-nav .next", (a) => a.getAttribute("href")),
        `/en/${LESSONS[at + 1]}/`,
      );
      await axeCheck(page, "/en/backprop/ outline open");
      await page.goto(`${p.origin}/zh/where-next/`);
      assert.equal(await page.$eval(".course-outline summary", (s) => s.textContent), "课程大纲");
      assert.equal(
        await page.$eval(".lesson-nav .prev", (a) => a.getAttribute("href")),
        `/zh/${LESSONS[n - 1]}/`,
      );
      await page.goto(`${p.origin}/zh/bumps/`);
      assert.equal(
        await page.$eval(".course-outline summary", (s) => s.textContent),
        `第 ${LESSONS.indexOf("bumps") + 1} 课，共 ${n} 课`,
      );
      assertClean(p, "outline");
    } finally {
      await p.close();
    }
  },
);

browserTest("home: the lessons this browser opened and finished", async () => {
  const p = await openPage("/");
  try {
    const { page, origin } = p;
    const marks = () =>
      page.$$eval("section[lang=en] li[data-lesson]", (lis) =>
        Object.fromEntries(lis.map((li) => [
          (li as HTMLElement).dataset.lesson,
          (li.querySelector(".progress") as HTMLElement).hidden
            ? ""
            : li.querySelector(".progress")!.textContent,
        ])));
    assert.deepEqual(Object.values(await marks()), ["", "", "", "", "", "", "", ""]);
    // Open lesson 1 and read it to the end; open lesson 2 (in Chinese) only.
    await page.goto(`${origin}/en/function/`);
    await page.$eval(".lesson-nav", (n) => n.scrollIntoView());
    await page.waitForFunction(() => localStorage.getItem("progress")?.includes("finished"));
    await page.goto(`${origin}/zh/bumps/`);
    await page.goto(`${origin}/`);
    const m = await marks();
    assert.equal(m["function"], "finished");
    assert.equal(m["bumps"], "opened");
    assert.equal(m["loss"], "");
    assert.equal(
      await page.$eval("section[lang=zh] li[data-lesson=bumps] .progress", (b) => b.textContent),
      "已打开",
    );
    await axeCheck(page, "/ with progress");
    assertClean(p, "home progress");
  } finally {
    await p.close();
  }
});
