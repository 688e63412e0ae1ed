/**
 * Reading progress, kept in this browser only (localStorage "progress": `{ slug: "opened" |
 * "finished" }`, shared by both languages). A lesson page marks itself opened on load and
 * finished once the reader reaches the links at its end; the lesson lists show the marks.
 * Inline scripts (as for the theme): small, and they run without a bundle.
 */

/** The storage key. */
export const PROGRESS_KEY = "progress";

/** On a lesson page (`<main data-lesson="slug">`). */
export const progressLessonScript = `(function(){
var m=document.querySelector("main[data-lesson]");if(!m)return;var s=m.dataset.lesson,K=${
  JSON.stringify(PROGRESS_KEY)
};
function get(){try{return JSON.parse(localStorage.getItem(K)||"{}")||{}}catch(e){return {}}}
function set(v){var p=get();if(p[s]==="finished"&&v==="opened")return;p[s]=v;try{localStorage.setItem(K,JSON.stringify(p))}catch(e){}}
set("opened");
var end=document.querySelector(".lesson-nav");if(!end||!("IntersectionObserver" in window))return;
var o=new IntersectionObserver(function(es){es.forEach(function(e){if(e.isIntersecting){set("finished");o.disconnect()}})});o.observe(end);
})()`.replace(/\n/g, "");

/** On a lesson list: each `li[data-lesson]` gets its mark (`data-progress` and the text). */
export const progressListScript = `(function(){
var p;try{p=JSON.parse(localStorage.getItem(${
  JSON.stringify(PROGRESS_KEY)
})||"{}")||{}}catch(e){p={}}
document.querySelectorAll("li[data-lesson]").forEach(function(li){var v=p[li.dataset.lesson];var b=li.querySelector(".progress");if(!v||!b)return;
li.dataset.progress=v;b.textContent=b.dataset[v];b.hidden=false});
})()`.replace(/\n/g, "");
