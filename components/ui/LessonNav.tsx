/** Previous / all lessons / next, under a lesson. */
import { strings } from "./strings.ts";

export interface LessonLink {
  title: string;
  href: string;
}

export function LessonNav(
  props: { lang: string; prev?: LessonLink; next?: LessonLink; index: string },
) {
  const t = strings(props.lang);
  return (
    <nav class="lesson-nav" aria-label={t.lessonNav}>
      {props.prev
        ? (
          <a class="prev" href={props.prev.href} rel="prev">
            <span class="dir">← {t.previous}</span>
            <span class="name">{props.prev.title}</span>
          </a>
        )
        : <span />}
      <a class="all" href={props.index}>{t.allLessons}</a>
      {props.next
        ? (
          <a class="next" href={props.next.href} rel="next">
            <span class="dir">{t.next} →</span>
            <span class="name">{props.next.title}</span>
          </a>
        )
        : <span />}
    </nav>
  );
}
