/**
 * The course's pages for the tests that walk every lesson, read from the lessons' front matter the
 * way the builder reads it (builder/frontmatter.ts; `Site.lessons` orders by `order`, and a page
 * with `after: true` is listed after the lessons, unnumbered). A new lesson's .mdx file puts it
 * in every such test: no list to edit.
 */
import { parseFrontMatter } from "../../builder/frontmatter.ts";

const folder = new URL("../../lessons/en/", import.meta.url);

const pages = [...Deno.readDirSync(folder)]
  .filter((e) => e.isFile && e.name.endsWith(".mdx"))
  .map((e) => {
    const { data } = parseFrontMatter(Deno.readTextFileSync(new URL(e.name, folder)), e.name);
    return { slug: e.name.slice(0, -".mdx".length), order: data.order, after: data.after === true };
  })
  .sort((a, b) => a.order - b.order);

/** The numbered lessons' slugs, lesson 1 first. */
export const LESSONS: readonly string[] = pages.filter((p) => !p.after).map((p) => p.slug);

/** Every page of the course by order: the lessons, then the pages after them ("where next"). */
export const PAGES: readonly string[] = pages.map((p) => p.slug);
