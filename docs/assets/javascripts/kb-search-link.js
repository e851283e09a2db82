/* On every page, in place of the whole search: the `/` key opens the search
 * page (the header's a[rel=search]), and kb-search.js is loaded only where
 * it is needed: on the search page, and on the page a result opened (it
 * marks the query's words there). Every other page saves its 29 KB. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;

  function start() {
    var holder = document.querySelector(".kb-search-page"), opened = false;
    try { opened = !!sessionStorage.getItem("kb-search-highlight"); } catch (e) { /* storage off */ }
    if (holder || opened) {
      var full = document.createElement("script");
      full.src = new URL("kb-search.js", script.src).href;
      document.head.appendChild(full);
    }
    document.addEventListener("keydown", function (ev) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName) || ev.target.isContentEditable;
      var link = document.querySelector('a[rel~="search"]');
      if (ev.key === "/" && !typing && link && !holder) { ev.preventDefault(); location.href = link.href; }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
