/** Pages → HTML: the body first (so the islands it uses are known), then the layout around it. */
import { renderToString } from "preact-render-to-string";
import { Lesson } from "../components/layouts/Lesson.tsx";
import { Home, type LanguageSection } from "../components/layouts/Home.tsx";
import type { Page, Site } from "./site.ts";

const DOCTYPE = "<!doctype html>";

function common(site: Site, page?: Page) {
  return {
    base: site.options.location,
    styles: site.styles.map((s) => site.url(s)),
    scripts: page ? site.scripts.flatMap((f) => f(page)).map((s) => site.url(s)) : [],
  };
}

export function renderLesson(site: Site, page: Page): string {
  const Content = page.content;
  const html = renderToString(<Content components={site.components} />);
  const lessons = site.lessons(page.lang);
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
      html={html}
      prev={link(lessons[at - 1])}
      next={link(lessons[at + 1])}
      index={site.url(`${page.lang}/`)}
      homeHref={site.url(`${page.lang}/`)}
      alternates={alternates}
    />,
  );
}

function section(site: Site, lang: string): LanguageSection {
  return {
    lang,
    href: site.url(`${lang}/`),
    lessons: site.lessons(lang).map((p) => ({
      title: p.data.title,
      summary: p.data.summary,
      order: p.data.order,
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
