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
  function run() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table"), label);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
