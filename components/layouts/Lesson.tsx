/** Layout of a lesson: title, summary, the rendered body, and links to the neighbours. */
import { Page, type PageProps } from "../Page.tsx";
import { type LessonLink, LessonNav } from "../ui/LessonNav.tsx";

export interface LessonProps extends Omit<PageProps, "children" | "title"> {
  title: string;
  summary: string;
  /** The lesson body, already rendered to HTML (math and islands included). */
  html: string;
  prev?: LessonLink;
  next?: LessonLink;
  /** The lesson list of this language. */
  index: string;
}

export function Lesson(props: LessonProps) {
  const { html, summary, prev, next, index, ...page } = props;
  return (
    <Page {...page} title={props.title}>
      <main id="content" class="lesson">
        <article>
          <h1>{props.title}</h1>
          <p class="summary">{summary}</p>
          <div class="prose" dangerouslySetInnerHTML={{ __html: html }} />
        </article>
        <LessonNav lang={props.lang} prev={prev} next={next} index={index} />
      </main>
    </Page>
  );
}
