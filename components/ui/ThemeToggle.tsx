/**
 * Light / dark theme. With no choice stored the page follows `prefers-color-scheme` (pure CSS);
 * the button stores a choice in localStorage and sets `<html data-theme>`. The boot script runs
 * in the head so a stored choice applies before the first paint; the button stays hidden
 * without JavaScript, where it could do nothing.
 */
import { strings } from "./strings.ts";

export const themeBootScript =
  `try{var t=localStorage.getItem("theme");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;

export const themeToggleScript = `(function(){
var b=document.querySelector(".theme-toggle");if(!b)return;var r=document.documentElement;
function cur(){return r.dataset.theme||(matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light")}
function sync(){var d=cur()==="dark";b.setAttribute("aria-label",d?b.dataset.toLight:b.dataset.toDark);b.title=b.getAttribute("aria-label")}
b.hidden=false;sync();
b.addEventListener("click",function(){var n=cur()==="dark"?"light":"dark";r.dataset.theme=n;try{localStorage.setItem("theme",n)}catch(e){}sync()});
})()`.replace(/\n/g, "");

export function ThemeToggle({ lang }: { lang: string }) {
  const t = strings(lang);
  return (
    <button
      type="button"
      class="theme-toggle"
      hidden
      aria-label={t.theme}
      data-to-light={t.themeLight}
      data-to-dark={t.themeDark}
    >
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20">
        <circle cx="10" cy="10" r="8" fill="none" stroke="currentColor" stroke-width="2" />
        <path d="M10 2a8 8 0 0 1 0 16z" fill="currentColor" />
      </svg>
    </button>
  );
}
