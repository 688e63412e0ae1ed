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
  /** The header's search (components/ui/Search.tsx); `{q}` is the query, `{n}` a count. */
  search: {
    label: string;
    placeholder: string;
    results: string;
    none: string;
    count: string;
    loading: string;
    unavailable: string;
  };
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
  search: {
    label: "Search the lessons",
    placeholder: "Search (/)",
    results: "Search results",
    none: "Nothing found for “{q}”.",
    count: "{n} lessons found; arrow keys move through them.",
    loading: "Searching…",
    unavailable: "Search could not load: {error}",
  },
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
  search: {
    label: "搜索课程",
    placeholder: "搜索（/）",
    results: "搜索结果",
    none: "没有找到“{q}”。",
    count: "找到 {n} 课，可用方向键逐条选择。",
    loading: "正在搜索…",
    unavailable: "搜索无法加载：{error}",
  },
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
