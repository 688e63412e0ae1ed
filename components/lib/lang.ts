/**
 * The site's languages. Every string table is a `Texts<S>`: a record with one entry per language,
 * so adding a language here is a type error in every table until each string exists.
 */
export const LANGS = ["en", "zh"] as const;
export type Lang = typeof LANGS[number];
export type Texts<S> = Record<Lang, S>;

/**
 * One term of the course in Chinese: the word every zh string and lesson uses, and the variants
 * it replaced, which appear nowhere (tests/lessons/terms.test.ts). Each lesson's text module
 * lists the terms that lesson introduces as `ZH_TERMS`.
 */
export interface ZhTerm {
  en: string;
  zh: string;
  rejected: string[];
}

/** The language of a page's `lang` prop; English where it is missing or unknown. */
export function langOf(lang: string | undefined): Lang {
  return (LANGS as readonly string[]).includes(lang ?? "") ? lang as Lang : "en";
}

/** The strings of `table` for `lang`. */
export function textFor<S>(table: Texts<S>, lang: string | undefined): S {
  return table[langOf(lang)];
}
