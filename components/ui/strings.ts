/** UI strings of the site chrome, per language. Lesson text lives in the lessons themselves. */
export interface Strings {
  /** Name of the language, in that language. */
  language: string;
  siteTitle: string;
  tagline: string;
  lessons: string;
  home: string;
  previous: string;
  next: string;
  allLessons: string;
  chooseLanguage: string;
  /** Label of the link to the same page in this language. */
  readIn: string;
  theme: string;
  themeLight: string;
  themeDark: string;
  skip: string;
  lessonNav: string;
  /** "Lesson {n} of {total}"; see {@link lessonOf}. */
  lessonOf: string;
  /** The course outline's name (also its label on pages outside the numbered lessons). */
  outline: string;
  onThisPage: string;
  /** Progress marks on the lesson list (kept in this browser only). */
  opened: string;
  finished: string;
  progressNote: string;
}

const en: Strings = {
  language: "English",
  siteTitle: "What a neural network really is",
  tagline: "Runnable lessons: every network on these pages trains in your browser.",
  lessons: "Lessons",
  home: "Home",
  previous: "Previous",
  next: "Next",
  allLessons: "All lessons",
  chooseLanguage: "Language",
  readIn: "Read in English",
  theme: "Theme",
  themeLight: "Switch to light theme",
  themeDark: "Switch to dark theme",
  skip: "Skip to content",
  lessonNav: "Lesson navigation",
  lessonOf: "Lesson {n} of {total}",
  outline: "Course outline",
  onThisPage: "On this page",
  opened: "opened",
  finished: "finished",
  progressNote: "Your progress is kept in this browser only.",
};

const zh: Strings = {
  language: "中文",
  siteTitle: "神经网络到底是什么",
  tagline: "可运行的课程：页面上的每个网络都在你的浏览器里训练。",
  lessons: "课程",
  home: "首页",
  previous: "上一课",
  next: "下一课",
  allLessons: "全部课程",
  chooseLanguage: "语言",
  readIn: "阅读中文版",
  theme: "主题",
  themeLight: "切换到浅色主题",
  themeDark: "切换到深色主题",
  skip: "跳到正文",
  lessonNav: "课程导航",
  lessonOf: "第 {n} 课，共 {total} 课",
  outline: "课程大纲",
  onThisPage: "本页内容",
  opened: "已打开",
  finished: "已读完",
  progressNote: "学习进度只保存在这个浏览器里。",
};

const table: Record<string, Strings> = { en, zh };

/** The strings for `lang`, English where the language is unknown. */
export function strings(lang: string): Strings {
  return table[lang] ?? en;
}

/** "Lesson 2 of 5" in `lang`. */
export function lessonOf(lang: string, n: number, total: number): string {
  return strings(lang).lessonOf.replace("{n}", String(n)).replace("{total}", String(total));
}
