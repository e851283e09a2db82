/* Reading comforts: the font size (A− / A+) and 「继续阅读」 (the last page
 * read and how far down). Both live in localStorage, which Chromium keeps
 * for file:// too (the USB edition); without storage the size still works
 * for the page and the home page simply offers nothing to continue.
 * Dark mode is the theme's own palette toggle (mkdocs.yml theme.palette). */
(function () {
  "use strict";
  var SIZES = [0.875, 1, 1.125, 1.25, 1.5, 1.75];  // kb.css, [data-kb-size]
  var NORMAL = 1;
  var script = document.currentScript;

  // The site's root: the theme's storage scope when it set one, else from
  // this file's address (assets/javascripts/). Keys carry the root's path,
  // so two editions opened from file:// do not share a reader's place.
  function root() {
    /* global __md_scope */
    if (typeof __md_scope !== "undefined" && __md_scope.href) return new URL(".", __md_scope.href);
    var src = script && script.src ? script.src : location.href;
    return new URL(src.replace(/assets\/javascripts\/[^/]*$/, ""), location.href);
  }

  var base = root(), prefix = base.pathname + ".kb.";

  function load(name) {
    try { return JSON.parse(localStorage.getItem(prefix + name)); } catch (e) { return null; }
  }

  function save(name, value) {
    try { localStorage.setItem(prefix + name, JSON.stringify(value)); } catch (e) { /* storage off or full */ }
  }

  // --- font size -----------------------------------------------------------

  function level(value) {
    return typeof value === "number" && SIZES[value] ? value : NORMAL;
  }

  function applySize(value) {
    if (value === NORMAL) document.documentElement.removeAttribute("data-kb-size");
    else document.documentElement.setAttribute("data-kb-size", String(value));
  }

  function sizeControl(group) {
    var current = level(load("size"));
    var buttons = group.querySelectorAll("button[data-kb-step]"), now = group.querySelector(".kb-size__now");
    function show() {
      for (var i = 0; i < buttons.length; i++) {
        var step = Number(buttons[i].getAttribute("data-kb-step"));
        // aria-disabled, not disabled: the button keeps keyboard focus at the limit.
        buttons[i].setAttribute("aria-disabled", SIZES[current + step] ? "false" : "true");
      }
      if (now) now.textContent = Math.round(SIZES[current] * 100) + "%";
    }
    group.addEventListener("click", function (ev) {
      var button = ev.target.closest("button[data-kb-step]");
      if (!button) return;
      var next = current + Number(button.getAttribute("data-kb-step"));
      if (!SIZES[next]) return;
      // Keep the line being read on screen while the text grows or shrinks.
      var share = window.scrollY / Math.max(1, document.documentElement.scrollHeight);
      current = next;
      applySize(current);
      save("size", current);
      window.scrollTo(0, share * document.documentElement.scrollHeight);
      show();
    });
    show();
    group.hidden = false;
  }

  // --- the theme's light / dark toggle --------------------------------------

  // The theme shows the label of the current option but may check no radio
  // button, so Tab would land on one whose label is hidden (no visible focus)
  // and whose name is another option's. Check the one shown; Space then
  // moves on, as Enter already does.
  function palette(form) {
    var inputs = form.querySelectorAll("input.md-option");
    if (!form.querySelector("input.md-option:checked")) {
      for (var i = 0; i < inputs.length; i++) {
        var label = inputs[i].nextElementSibling;
        if (label && label.tagName === "LABEL" && !label.hidden) { inputs[i].checked = true; break; }
      }
    }
    form.addEventListener("keydown", function (ev) {
      if (ev.key !== " " || !ev.target.checked || !ev.target.nextElementSibling) return;
      ev.preventDefault();
      ev.target.nextElementSibling.click();
      var now = form.querySelector("input.md-option:checked");
      if (now) now.focus();
    });
  }

  // --- 继续阅读 -------------------------------------------------------------

  // The page's address from the root: cases/daba/ (or cases/daba.html offline).
  function here() {
    var path = location.pathname;
    return path.indexOf(base.pathname) === 0 ? path.slice(base.pathname.length) : null;
  }

  // The heading's own words, without the "#" of its link or any control in it.
  function title() {
    var h1 = document.querySelector(".md-content h1");
    if (!h1) return document.title;
    var copy = h1.cloneNode(true), extra = copy.querySelectorAll(".headerlink, button, [aria-hidden='true']");
    for (var i = 0; i < extra.length; i++) extra[i].remove();
    return copy.textContent.replace(/\s+/g, " ").trim().slice(0, 120);
  }

  function remember(page) {
    var height = document.documentElement.scrollHeight - window.innerHeight;
    save("last", { page: page, title: title(), at: height > 0 ? Math.min(1, window.scrollY / height) : 0 });
  }

  function record(page) {
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      setTimeout(function () { pending = false; remember(page); }, 400);
    }, { passive: true });
    window.addEventListener("pagehide", function () { remember(page); });
    remember(page);
  }

  // Arrived from the home page's link: return to the place, once.
  function restore(page) {
    var wanted = null;
    try { wanted = sessionStorage.getItem("kb-continue"); sessionStorage.removeItem("kb-continue"); } catch (e) { return; }
    var last = load("last");
    if (wanted !== page || !last || last.page !== page) return;
    var at = Math.min(1, Math.max(0, Number(last.at) || 0));
    function go() {
      window.scrollTo(0, at * (document.documentElement.scrollHeight - window.innerHeight));
    }
    if (document.readyState === "complete") go();
    else window.addEventListener("load", go);
  }

  function offer(box) {
    var last = load("last"), target = null;
    if (!last || typeof last.page !== "string") return;
    try { target = new URL(last.page, base); } catch (e) { return; }
    // Any file:// page can write this storage: follow only a page of this site.
    if (target.href.indexOf(base.href) !== 0 || target.href === base.href) return;
    var link = box.querySelector("a");
    link.href = target.href;
    box.querySelector(".kb-continue__title").textContent = last.title || last.page;
    var read = Math.round((Number(last.at) || 0) * 100);
    box.querySelector(".kb-continue__where").textContent = read > 0 ? "（读到 " + read + "%）" : "";
    link.addEventListener("click", function () {
      try { sessionStorage.setItem("kb-continue", last.page); } catch (e) { /* opens at the top */ }
    });
    box.hidden = false;
  }

  // At once, not at DOMContentLoaded: the text should not jump after painting.
  applySize(level(load("size")));

  function start() {
    var form = document.querySelector('form[data-md-component="palette"]');
    if (form) palette(form);
    var group = document.querySelector(".kb-size");
    if (group) sizeControl(group);
    var box = document.querySelector(".kb-continue");
    var page = here();
    if (box) offer(box);
    // Pages worth returning to: not the home page, the search page or 404 (no size control there).
    else if (group && page !== null && !document.querySelector(".kb-search-page")) {
      restore(page);
      record(page);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
