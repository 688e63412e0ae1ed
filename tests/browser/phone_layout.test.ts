/**
 * Every lesson and index page on a 390×844 phone, in both languages, with every island
 * hydrated: nothing is wider than the viewport (what lies inside a box that scrolls or clips is
 * measured by what that box shows), every box that scrolls sideways can scroll (overflow auto,
 * not hidden) and starts at its content's left edge (content pushed off the left side cannot be
 * scrolled to: the backprop graph's first node once was), and wide math and code carry the
 * scroll shadow that tells there is more.
 */
import assert from "node:assert/strict";
import { assertClean, browserTest, hydrateAll, openPage } from "./harness.ts";

const lessons = ["function", "bumps", "loss", "mnist", "backprop", "where-next"];
const phone = { width: 390, height: 844, isMobile: true };

/** Runs in the page: the problems found, as text. */
function layoutProblems(): string[] {
  const vw = document.documentElement.clientWidth;
  const problems: string[] = [];
  const name = (e: Element) =>
    `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}${
      typeof e.className === "string" && e.className ? "." + e.className.split(" ")[0] : ""
    }`;
  if (document.documentElement.scrollWidth > vw + 1) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  }
  const clips = (e: Element) => getComputedStyle(e).overflowX !== "visible";
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    let left = r.left, right = r.right;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (!clips(a)) continue;
      const ar = a.getBoundingClientRect();
      left = Math.max(left, ar.left);
      right = Math.min(right, ar.right);
    }
    if (right <= 0) continue; // deliberately off screen (the skip link until focused)
    if (right > vw + 1 || (left < -1 && right > left)) {
      problems.push(`${name(el)} spans ${Math.round(left)}..${Math.round(right)} of 0..${vw}`);
    }
    const style = getComputedStyle(el);
    if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "visible") {
      if (style.overflowX === "hidden" || style.overflowX === "clip") {
        // KaTeX's screen-reader MathML is clipped on purpose (1×1 px).
        if (!el.closest(".katex-mathml") && r.width > 2) {
          problems.push(`${name(el)} clips its content (overflow-x: ${style.overflowX})`);
        }
        continue;
      }
      el.scrollLeft = 0;
      const box = el.getBoundingClientRect();
      for (const child of el.querySelectorAll("*")) {
        const c = child.getBoundingClientRect();
        if (c.width > 0 && c.right > box.left && c.left < box.left - 1) {
          problems.push(`${name(el)}: ${name(child)} starts left of the box, out of reach`);
          break;
        }
      }
      if (el.matches("pre, .math-display") && !style.backgroundImage.includes("gradient")) {
        problems.push(`${name(el)} scrolls with no shadow to say so`);
      }
    }
  }
  return problems;
}

browserTest("phone 390×844: no element wider than the viewport, en and zh", async () => {
  const problems: string[] = [];
  const paths = [
    "/",
    "/en/",
    "/zh/",
    ...["en", "zh"].flatMap((l) => lessons.map((s) => `/${l}/${s}/`)),
  ];
  for (const path of paths) {
    const p = await openPage(path, { viewport: phone });
    try {
      const { page } = p;
      const count = await hydrateAll(page);
      // Charts are made after hydration (uPlot loads in a chunk); give them a moment.
      await new Promise((r) => setTimeout(r, count ? 1_000 : 0));
      for (const problem of await page.evaluate(layoutProblems)) {
        problems.push(`${path}: ${problem}`);
      }
      assertClean(p, path);
    } finally {
      await p.close();
    }
  }
  assert.deepEqual(problems, []);
});
