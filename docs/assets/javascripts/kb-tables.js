/* Tables on a phone: kb.css stacks each row as label / value below 45em
 * wide; the labels come from the header cells, copied here as data-label. */
(function () {
  "use strict";
  function label(table) {
    var heads = table.querySelectorAll("thead th");
    if (!heads.length || table.hasAttribute("data-kb-stack")) return;
    var names = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (names[i]) cell.setAttribute("data-label", names[i]);
      });
    });
    table.setAttribute("data-kb-stack", "");
  }
  // On a phone a case's full key-data section (h2#shuju: chart, table,
  // notes) is folded: the story comes first and the card at the top already
  // shows the figures that matter. Its links (#shuju), and printing, open it.
  function fold() {
    var heading = document.getElementById("shuju");
    if (!heading || heading.tagName !== "H2" || !window.matchMedia("(max-width: 44.9375em)").matches) return;
    var box = document.createElement("details");
    box.className = "kb-fold";
    var summary = document.createElement("summary");
    summary.textContent = "展开全部关键数据";
    box.appendChild(summary);
    while (heading.nextElementSibling && !/^H[12]$/.test(heading.nextElementSibling.tagName)) {
      box.appendChild(heading.nextElementSibling);
    }
    heading.parentNode.insertBefore(box, heading.nextSibling);
    function openIfAsked() { if (location.hash === "#shuju") box.open = true; }
    openIfAsked();
    window.addEventListener("hashchange", openIfAsked);
    window.addEventListener("beforeprint", function () { box.open = true; });
  }
  function run() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table"), label);
    fold();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
