/** Layout of a lesson: title, summary, contents, the rendered body, and links to the neighbours. */
import { Page, type PageProps } from "../Page.tsx";
import { type LessonLink, LessonNav } from "../ui/LessonNav.tsx";
import { Toc, type TocItem } from "../ui/Toc.tsx";
import { progressLessonScript } from "../ui/progress.ts";

export interface LessonProps extends Omit<PageProps, "children" | "title"> {
  title: string;
  summary: string;
  /** The lesson's slug (the same in every language): the key of its reading progress. */
  slug: string;
  /** The lesson body, already rendered to HTML (math and islands included). */
  html: string;
  /** Its headings, for the table of contents. */
  toc: TocItem[];
  prev?: LessonLink;
  next?: LessonLink;
  /** The lesson list of this language. */
  index: string;
}

export function Lesson(props: LessonProps) {
  const { html, summary, prev, next, index, toc, slug, ...page } = props;
  return (
    <Page {...page} title={props.title} endScripts={[progressLessonScript]}>
      <main id="content" class={toc.length ? "lesson with-toc" : "lesson"} data-lesson={slug}>
        <article data-pagefind-body>
          <h1>{props.title}</h1>
          <p class="summary">{summary}</p>
          <Toc lang={props.lang} items={toc} variant="details" />
          <div class="prose" dangerouslySetInnerHTML={{ __html: html }} />
        </article>
        <Toc lang={props.lang} items={toc} variant="side" />
        <LessonNav lang={props.lang} prev={prev} next={next} index={index} />
      </main>
    </Page>
  );
}
