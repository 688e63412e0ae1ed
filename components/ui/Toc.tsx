/**
 * A lesson's table of contents, from its `##` / `###` headings (ids given at build time by
 * builder/plugins/toc.ts). Rendered twice by the lesson layout, one shown per screen width: a
 * collapsible `<details>` above the text on phones, a sticky list beside it on wide screens
 * (CSS picks; the other is `display: none`, so it is not read twice). No script needed.
 */
import { strings } from "./strings.ts";

export interface TocItem {
  level: number;
  id: string;
  text: string;
}

function List({ items }: { items: TocItem[] }) {
  return (
    <ol>
      {items.map((i) => (
        <li key={i.id} class={i.level > 2 ? "sub" : undefined}>
          <a href={`#${encodeURIComponent(i.id)}`}>{i.text}</a>
        </li>
      ))}
    </ol>
  );
}

export function Toc(props: { lang: string; items: TocItem[]; variant: "details" | "side" }) {
  if (props.items.length === 0) return null;
  const t = strings(props.lang);
  if (props.variant === "details") {
    return (
      <nav class="toc toc-details" aria-label={t.onThisPage}>
        <details>
          <summary>{t.onThisPage}</summary>
          <List items={props.items} />
        </details>
      </nav>
    );
  }
  return (
    <nav class="toc toc-side" aria-labelledby="toc-side-title">
      <p id="toc-side-title" class="toc-title">{t.onThisPage}</p>
      <List items={props.items} />
    </nav>
  );
}
