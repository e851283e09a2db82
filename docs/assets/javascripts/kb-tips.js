/* Glossary tooltips: a term marked <abbr title="…"> (the finish pass adds
 * them from glossary.yml) shows its explanation on tap, click, hover or
 * keyboard focus, on every engine. The bubble is text, never HTML. */
(function () {
  "use strict";
  var tip, current = null;

  function place(term) {
    var box = term.getBoundingClientRect();
    tip.style.left = "0px";
    tip.hidden = false;
    var width = tip.offsetWidth, room = document.documentElement.clientWidth;
    var left = Math.min(Math.max(8, box.left + box.width / 2 - width / 2), room - width - 8);
    tip.style.left = Math.max(8, left) + window.scrollX + "px";
    tip.style.top = box.bottom + window.scrollY + 6 + "px";
  }

  function show(term) {
    if (current === term) return;
    current = term;
    tip.textContent = term.getAttribute("data-kb-tip");
    term.setAttribute("aria-describedby", "kb-tip");
    place(term);
  }

  function hide() {
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    tip.hidden = true;
  }

  function setUp() {
    var terms = document.querySelectorAll(".md-typeset abbr[title]");
    if (!terms.length) return;
    tip = document.createElement("div");
    tip.id = "kb-tip";
    tip.className = "kb-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    Array.prototype.forEach.call(terms, function (term) {
      // The text moves to data-kb-tip so the browser's own title box does not cover ours.
      term.setAttribute("data-kb-tip", term.getAttribute("title"));
      term.removeAttribute("title");
      term.tabIndex = 0;
      term.addEventListener("mouseenter", function () { show(term); });
      term.addEventListener("mouseleave", hide);
      term.addEventListener("focus", function () { show(term); });
      term.addEventListener("blur", hide);
      // A tap fires mouseenter, then click: the click shows (never toggles off); a tap elsewhere hides.
      term.addEventListener("click", function (ev) { ev.stopPropagation(); show(term); });
    });
    document.addEventListener("click", hide);
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
    window.addEventListener("resize", hide);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
