/**
 * The header's search box: server-rendered, hidden without JavaScript (where it could do
 * nothing). `searchScript` (inline, at the end of the body) shows it, makes "/" focus it from
 * anywhere but a text field, and loads the search itself (`site_search.ts`, then Pagefind's index
 * of this page's language, built by builder/plugins/search.ts) on first focus of the box.
 */
import { strings } from "./strings.ts";

/** The search module's URL under the base (bundled with the islands). */
export const SEARCH_MODULE = "assets/js/site_search.js";
/** Pagefind's script under the base. */
export const PAGEFIND_MODULE = "pagefind/pagefind.js";

export const searchScript = `(function(){
var f=document.querySelector("[data-site-search]");if(!f)return;var i=f.querySelector("input");f.hidden=false;
var started;function start(){started=started||import(f.dataset.module).then(function(m){m.start(f)},function(e){var s=f.querySelector("[role=status]");s.textContent=f.dataset.unavailable.replace("{error}",e&&e.message||e)})}
i.addEventListener("focus",start);f.addEventListener("submit",function(e){e.preventDefault()});
addEventListener("keydown",function(e){if(e.key!=="/"||e.ctrlKey||e.metaKey||e.altKey||e.defaultPrevented)return;var t=e.target;
if(t&&(t.isContentEditable||/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)))return;e.preventDefault();i.focus();i.select()});
})()`.replace(/\n/g, "");

export function Search(props: { lang: string; base: string }) {
  const t = strings(props.lang).search;
  return (
    <form
      class="site-search"
      role="search"
      hidden
      data-site-search
      data-module={props.base + SEARCH_MODULE}
      data-pagefind={props.base + PAGEFIND_MODULE}
      data-base={props.base}
      data-unavailable={t.unavailable}
      data-none={t.none}
      data-count={t.count}
      data-loading={t.loading}
    >
      <input
        type="search"
        name="q"
        autocomplete="off"
        spellcheck={false}
        maxLength={100}
        aria-label={t.label}
        placeholder={t.placeholder}
        aria-keyshortcuts="/"
        aria-controls="site-search-results"
      />
      <div class="site-search-panel" hidden>
        <p class="site-search-status" role="status" aria-live="polite" />
        <ol id="site-search-results" aria-label={t.results} />
      </div>
    </form>
  );
}
