/** The lesson list: for one language (`/<lang>/`), or for every language (`/`). */
import { Page, type PageProps } from "../Page.tsx";
import { strings } from "../ui/strings.ts";
import { exerciseListScript, progressListScript } from "../ui/progress.ts";
import { exerciseCounts } from "../exercises/defs.ts";
import { EXERCISE_TEXT } from "../exercises/text.ts";
import { textFor } from "../lib/lang.ts";

export interface LessonEntry {
  title: string;
  summary: string;
  href: string;
  order: number;
  /** The slug (same in every language): the key of the reader's progress. */
  slug: string;
  /** Its number in the course; absent for a page after the course ("where next"). */
  number?: number;
}

export interface LanguageSection {
  lang: string;
  href: string;
  lessons: LessonEntry[];
}

export interface HomeProps extends Omit<PageProps, "children" | "title"> {
  sections: LanguageSection[];
}

export function Home(props: HomeProps) {
  const { sections, ...page } = props;
  const t = strings(props.lang);
  const chooser = sections.length > 1;
  const counts = exerciseCounts();
  return (
    <Page {...page} title={t.siteTitle} endScripts={[progressListScript, exerciseListScript]}>
      <main id="content" class="home">
        <h1>{t.siteTitle}</h1>
        <p class="summary">{t.tagline}</p>
        {chooser && (
          <nav class="lang-chooser" aria-label={t.chooseLanguage}>
            <ul>
              {sections.map((s) => (
                <li key={s.lang}>
                  <a href={s.href} hrefLang={s.lang} lang={s.lang}>{strings(s.lang).language}</a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        {sections.map((s) => (
          <section key={s.lang} lang={s.lang} aria-labelledby={`lessons-${s.lang}`}>
            <h2 id={`lessons-${s.lang}`}>
              {chooser
                ? `${strings(s.lang).lessons} · ${strings(s.lang).language}`
                : strings(s.lang).lessons}
            </h2>
            <ol class="lesson-list">
              {s.lessons.map((l) => (
                <li
                  key={l.href}
                  data-lesson={l.slug}
                  data-exercises={counts[l.slug] ? String(counts[l.slug]) : undefined}
                >
                  <a href={l.href}>
                    <span class="num">{l.number ?? "→"}</span>
                    <span class="title">{l.title}</span>
                    <span
                      class="progress"
                      hidden
                      data-opened={strings(s.lang).opened}
                      data-finished={strings(s.lang).finished}
                    />
                  </a>
                  <p>{l.summary}</p>
                  {counts[l.slug] && (
                    <p
                      class="exercise-count"
                      hidden
                      data-text={textFor(EXERCISE_TEXT, s.lang).progress.solved(
                        "{k}" as unknown as number,
                        counts[l.slug],
                      )}
                    />
                  )}
                </li>
              ))}
            </ol>
          </section>
        ))}
        <p class="progress-note">{t.progressNote}</p>
      </main>
    </Page>
  );
}
