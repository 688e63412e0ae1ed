/** Links to the same page in the other languages (only those where it exists). */
import { strings } from "./strings.ts";

export interface Alternate {
  lang: string;
  href: string;
}

export function LanguageSwitch(props: { lang: string; alternates: Alternate[] }) {
  const others = props.alternates.filter((a) => a.lang !== props.lang);
  if (others.length === 0) return null;
  return (
    <nav class="lang-switch" aria-label={strings(props.lang).chooseLanguage}>
      {others.map((a) => (
        <a key={a.lang} href={a.href} hrefLang={a.lang} lang={a.lang}>{strings(a.lang).language}</a>
      ))}
    </nav>
  );
}
