/** The HTML document around every page: head, stylesheets, theme, header and footer. */
import type { ComponentChildren } from "preact";
import { strings } from "./ui/strings.ts";
import { themeBootScript, ThemeToggle, themeToggleScript } from "./ui/ThemeToggle.tsx";
import { type Alternate, LanguageSwitch } from "./ui/LanguageSwitch.tsx";
import { CourseOutline, type OutlineEntry } from "./ui/CourseOutline.tsx";
import { Search, searchScript } from "./ui/Search.tsx";

export interface PageProps {
  lang: string;
  /** Document title. */
  title: string;
  description?: string;
  /** Base path, "/" or "/sub/". */
  base: string;
  /** Stylesheet URLs. */
  styles: string[];
  /** Module script URLs. */
  scripts: string[];
  /** The same page in other languages. */
  alternates: Alternate[];
  /** Where the site title links to. */
  homeHref: string;
  /** The course outline shown in the header (lesson pages). */
  outline?: OutlineEntry[];
  /** Inline scripts run at the end of the body: the layout's, then the site's. */
  endScripts?: string[];
  inlineScripts?: string[];
  children: ComponentChildren;
}

export function Page(props: PageProps) {
  const t = strings(props.lang);
  return (
    <html lang={props.lang} data-base={props.base}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        {props.description && <meta name="description" content={props.description} />}
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href="data:," />
        <script dangerouslySetInnerHTML={{ __html: themeBootScript }} />
        {props.styles.map((href) => <link key={href} rel="stylesheet" href={href} />)}
        {props.alternates.map((a) => (
          <link key={a.lang} rel="alternate" hrefLang={a.lang} href={a.href} />
        ))}
        {props.scripts.map((src) => <script key={src} type="module" src={src} />)}
      </head>
      <body>
        <a class="skip" href="#content">{t.skip}</a>
        <header class="site-header">
          <a class="site-title" href={props.homeHref}>{t.siteTitle}</a>
          {props.outline && <CourseOutline lang={props.lang} entries={props.outline} />}
          <div class="site-tools">
            <Search lang={props.lang} base={props.base} />
            <LanguageSwitch lang={props.lang} alternates={props.alternates} />
            <ThemeToggle lang={props.lang} />
          </div>
        </header>
        {props.children}
        <script dangerouslySetInnerHTML={{ __html: themeToggleScript }} />
        <script dangerouslySetInnerHTML={{ __html: searchScript }} />
        {[...props.endScripts ?? [], ...props.inlineScripts ?? []].map((js, i) => (
          <script key={i} dangerouslySetInnerHTML={{ __html: js }} />
        ))}
      </body>
    </html>
  );
}
