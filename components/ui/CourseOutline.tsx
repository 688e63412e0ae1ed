/**
 * "Lesson n of 5" in the header, opening onto the course outline: every lesson, the current
 * one marked, then the pages after the course (no number). A `<details>`, so it works without
 * script and stays one line on a phone.
 */
import { lessonOf, strings } from "./strings.ts";

export interface OutlineEntry {
  title: string;
  href: string;
  /** The lesson's number; absent for a page after the course ("where next"). */
  number?: number;
  current: boolean;
}

export function CourseOutline(props: { lang: string; entries: OutlineEntry[] }) {
  const t = strings(props.lang);
  const total = props.entries.filter((e) => e.number !== undefined).length;
  const here = props.entries.find((e) => e.current);
  const label = here?.number !== undefined ? lessonOf(props.lang, here.number, total) : t.outline;
  return (
    <details class="course-outline">
      <summary data-lesson-number={here?.number}>{label}</summary>
      <nav aria-label={t.outline}>
        <ol>
          {props.entries.map((e) => (
            <li key={e.href} class={e.number === undefined ? "after" : undefined}>
              <a href={e.href} aria-current={e.current ? "page" : undefined}>
                <span class="num">{e.number ?? "→"}</span> {e.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>
    </details>
  );
}
