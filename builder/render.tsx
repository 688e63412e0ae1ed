/** Pages → HTML: the body first (so the islands it uses are known), then the layout around it. */
import { renderToString } from "preact-render-to-string";
import { Lesson } from "../components/layouts/Lesson.tsx";
import { Home, type LanguageSection } from "../components/layouts/Home.tsx";
import type { Page, Site } from "./site.ts";

const DOCTYPE = "<!doctype html>";

function common(site: Site, page?: Page) {
  return {
    base: site.options.location,
    styles: site.styles.flatMap((f) => f(page)).map((s) => site.url(s)),
    scripts: page ? site.scripts.flatMap((f) => f(page)).map((s) => site.url(s)) : [],
    inlineScripts: site.inlineScripts,
  };
}

/** A page after the course (front matter `after: true`, e.g. "where next"): listed, unnumbered. */
function isAfter(page: Page): boolean {
  return page.data.after === true;
}

/** The number of each numbered lesson of `lang` (1, 2, …), by order. */
function numbers(site: Site, lang: string): Map<Page, number> {
  return new Map(site.lessons(lang).filter((p) => !isAfter(p)).map((p, i) => [p, i + 1]));
}

export function renderLesson(site: Site, page: Page): string {
  const Content = page.content;
  const html = renderToString(<Content components={site.components} />);
  const lessons = site.lessons(page.lang);
  const numbered = numbers(site, page.lang);
  const at = lessons.indexOf(page);
  const link = (p?: Page) => p && { title: p.data.title, href: site.url(p.path) };
  const alternates = site.options.languages
    .map((lang) => site.pages.find((p) => p.lang === lang && p.slug === page.slug))
    .filter((p): p is Page => p !== undefined)
    .map((p) => ({ lang: p.lang, href: site.url(p.path) }));
  return DOCTYPE + renderToString(
    <Lesson
      {...common(site, page)}
      lang={page.lang}
      title={page.data.title}
      description={page.data.description ?? page.data.summary}
      summary={page.data.summary}
      slug={page.slug}
      html={html}
      toc={page.toc ?? []}
      outline={lessons.map((p) => ({
        title: p.data.title,
        href: site.url(p.path),
        number: numbered.get(p),
        current: p === page,
      }))}
      prev={link(lessons[at - 1])}
      next={link(lessons[at + 1])}
      index={site.url(`${page.lang}/`)}
      homeHref={site.url(`${page.lang}/`)}
      alternates={alternates}
    />,
  );
}

function section(site: Site, lang: string): LanguageSection {
  const numbered = numbers(site, lang);
  return {
    lang,
    href: site.url(`${lang}/`),
    lessons: site.lessons(lang).map((p) => ({
      title: p.data.title,
      summary: p.data.summary,
      order: p.data.order,
      slug: p.slug,
      number: numbered.get(p),
      href: site.url(p.path),
    })),
  };
}

/** `/`: a language chooser and every language's lessons. */
export function renderHome(site: Site, languages: string[]): string {
  return DOCTYPE + renderToString(
    <Home
      {...common(site)}
      lang={languages[0] ?? "en"}
      sections={languages.map((l) => section(site, l))}
      homeHref={site.url("")}
      alternates={[]}
    />,
  );
}

/** `/<lang>/`: the lessons of one language, by order. */
export function renderLanguageIndex(
  site: Site,
  lang: string,
  languages: string[] = site.options.languages,
): string {
  return DOCTYPE + renderToString(
    <Home
      {...common(site)}
      lang={lang}
      sections={[section(site, lang)]}
      homeHref={site.url(`${lang}/`)}
      alternates={languages
        .filter((l) => site.pages.some((p) => p.lang === l))
        .map((l) => ({ lang: l, href: site.url(`${l}/`) }))}
    />,
  );
}
