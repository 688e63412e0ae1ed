/**
 * The header's search, once the reader focuses the box (components/ui/Search.tsx): queries
 * Pagefind's index of this page's language (loaded from the site, so it works offline once the
 * service worker holds it) and lists the lessons found, each linking to its best-matching
 * section, with an excerpt.
 *
 * Keyboard first: "/" focuses the box (Search.tsx), typing searches, ↓ goes into the results, ↑/↓
 * move through them, Home/End to the first/last, Enter opens one (Enter in the box opens the
 * first), Escape goes back to the box and closes the list (a second Escape clears the box).
 */

/** What Pagefind's `data()` gives for a page (the part used here). */
interface PageData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results?: { title: string; url: string; excerpt: string; locations?: number[] }[];
}

interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(query: string): Promise<{ results: { data(): Promise<PageData> }[] } | null>;
}

/** A result as shown: where it goes, the lesson's title, the section's, an excerpt (HTML). */
export interface Hit {
  href: string;
  title: string;
  section: string;
  excerpt: string;
}

const MAX_RESULTS = 8;
const MAX_QUERY = 100;

/** The section of `page` that matches most often (a page's own URL when none does better). */
export function bestHit(page: PageData): Hit {
  const title = page.meta.title ?? page.url;
  const subs = (page.sub_results ?? []).filter((s) => s.url !== page.url);
  const best = subs.sort((a, b) => (b.locations?.length ?? 0) - (a.locations?.length ?? 0))[0];
  return best
    ? { href: best.url, title, section: best.title, excerpt: best.excerpt }
    : { href: page.url, title, section: "", excerpt: page.excerpt };
}

/** Text with Pagefind's `<mark>`s kept and nothing else: built as nodes, never as HTML. */
function excerptNodes(html: string): Node[] {
  const nodes: Node[] = [];
  const template = document.createElement("template");
  template.innerHTML = html;
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else nodes.push(document.createTextNode(node.textContent ?? ""));
  }
  return nodes;
}

export function start(form: HTMLElement): void {
  const input = form.querySelector("input")!;
  const panel = form.querySelector<HTMLElement>(".site-search-panel")!;
  const status = form.querySelector<HTMLElement>("[role=status]")!;
  const list = form.querySelector<HTMLOListElement>("ol")!;
  const text = form.dataset;
  let engine: Promise<Pagefind> | undefined;
  const load = () =>
    engine ??= (import(text.pagefind!) as Promise<Pagefind>).then(async (pagefind) => {
      await pagefind.options({ baseUrl: text.base, excerptLength: 18 });
      await pagefind.init();
      return pagefind;
    }).catch((error) => {
      engine = undefined; // a failed load may be retried
      throw error;
    });
  let asked = 0;

  const links = () => [...list.querySelectorAll<HTMLAnchorElement>("a")];
  const close = () => (panel.hidden = true);

  function show(hits: Hit[], message: string) {
    list.replaceChildren(...hits.map((hit) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = hit.href;
      const title = document.createElement("strong");
      title.textContent = hit.section ? `${hit.title} › ${hit.section}` : hit.title;
      const excerpt = document.createElement("span");
      excerpt.append(...excerptNodes(hit.excerpt));
      a.append(title, excerpt);
      li.append(a);
      return li;
    }));
    status.textContent = message;
    panel.hidden = false;
    form.dataset.results = String(hits.length);
  }

  async function run() {
    const query = input.value.trim().slice(0, MAX_QUERY);
    const mine = ++asked;
    if (query === "") {
      list.replaceChildren();
      delete form.dataset.results;
      return close();
    }
    status.textContent = text.loading!;
    panel.hidden = false;
    try {
      const pagefind = await load();
      const found = await pagefind.search(query);
      if (mine !== asked || found === null) return;
      const pages = await Promise.all(found.results.slice(0, MAX_RESULTS).map((r) => r.data()));
      if (mine !== asked) return;
      const hits = pages.map(bestHit);
      show(
        hits,
        hits.length
          ? text.count!.replace("{n}", String(found.results.length))
          : text.none!.replace("{q}", query),
      );
    } catch (error) {
      if (mine !== asked) return;
      show([], text.unavailable!.replace("{error}", (error as Error)?.message ?? String(error)));
    }
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", () => {
    if (list.children.length) panel.hidden = false;
  });
  input.addEventListener("keydown", (e) => {
    if (e.isComposing) return; // Enter here ends an input method's composition (Chinese)
    if (e.key === "ArrowDown" && links().length) {
      e.preventDefault();
      panel.hidden = false;
      links()[0].focus();
    } else if (e.key === "Enter") {
      e.preventDefault();
      links()[0]?.click();
    } else if (e.key === "Escape") {
      if (!panel.hidden) close();
      else input.value = "";
    }
  });
  list.addEventListener("keydown", (e) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    const go = (i: number) => {
      e.preventDefault();
      if (i < 0) input.focus();
      else all[Math.min(i, all.length - 1)].focus();
    };
    if (e.key === "ArrowDown") go(at + 1);
    else if (e.key === "ArrowUp") go(at - 1);
    else if (e.key === "Home") go(0);
    else if (e.key === "End") go(all.length - 1);
    else if (e.key === "Escape") {
      e.preventDefault();
      close();
      input.focus();
    }
  });
  // The list closes when focus or a click leaves the search.
  form.addEventListener("focusout", (e) => {
    if (!form.contains(e.relatedTarget as Node | null)) close();
  });
  // Typed before this module loaded: search it now.
  if (input.value.trim()) void run();
}
