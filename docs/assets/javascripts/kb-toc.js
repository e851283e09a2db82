/* 本页目录 on phones. Item pages (cases, courses, handbooks) are not in the
 * navigation, so Material's drawer has no list of their sections, and the
 * contents sidebar is hidden on narrow screens. This copies the sidebar's
 * section links into a collapsed block under the title (kb.css shows it
 * only below 60em). Built here rather than in the template: the page does
 * not carry the list twice. */
(function () {
  "use strict";
  function run() {
    if (!document.querySelector("nav.kb-crumbs")) return;  // item pages only
    var title = document.querySelector("article.md-content__inner h1");
    var links = document.querySelectorAll(".md-sidebar--secondary .md-nav--secondary > .md-nav__list > .md-nav__item > .md-nav__link");
    if (!title || links.length < 2 || document.querySelector(".kb-toc")) return;
    var box = document.createElement("details");
    box.className = "kb-toc";
    var summary = document.createElement("summary");
    summary.textContent = "本页目录";
    box.appendChild(summary);
    var list = document.createElement("ul");
    Array.prototype.forEach.call(links, function (link) {
      var item = document.createElement("li");
      var a = document.createElement("a");
      a.href = link.getAttribute("href");
      a.textContent = link.textContent.trim();
      a.addEventListener("click", function () { box.open = false; });
      item.appendChild(a);
      list.appendChild(item);
    });
    box.appendChild(list);
    title.parentNode.insertBefore(box, title.nextSibling);
  }
  // 复制链接: the # after each heading (toc permalink) copies the section's
  // address; the hash still changes, so the address bar and Back agree.
  function copyLinks() {
    var article = document.querySelector("article.md-content__inner");
    if (!article) return;
    var status = document.createElement("p");
    status.className = "kb-copied";
    status.setAttribute("role", "status");
    article.appendChild(status);
    Array.prototype.forEach.call(article.querySelectorAll("a.headerlink"), function (link) {
      var heading = link.parentNode.textContent.replace(/#$/, "").trim();
      link.setAttribute("aria-label", "复制本节链接：" + heading);
    });
    article.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a.headerlink") : null;
      if (!link) return;
      var address = location.href.split("#")[0] + link.getAttribute("href");
      var said = function (text) {
        status.textContent = text;
        setTimeout(function () { status.textContent = ""; }, 3000);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(address).then(function () { said("已复制本节链接"); },
                                                    function () { said("本节链接：" + address); });
      } else {
        said("本节链接：" + address);
      }
    });
  }
  // 本页：开篇 · 讨论题 · … under a case's title, to the sections the page has.
  function jumps() {
    Array.prototype.forEach.call(document.querySelectorAll("p.kb-jumps[data-kb-targets]"), function (line) {
      var links = line.getAttribute("data-kb-targets").split(" ").map(function (id) {
        var heading = document.getElementById(id);
        if (!heading) return null;
        var a = document.createElement("a");
        a.href = "#" + id;
        a.textContent = heading.textContent.replace(/#$/, "").replace(/（编者）/, "").trim();
        return a;
      }).filter(Boolean);
      if (!links.length) return;
      line.appendChild(document.createTextNode("本页："));
      links.forEach(function (a, i) {
        if (i) line.appendChild(document.createTextNode(" · "));
        line.appendChild(a);
      });
    });
  }
  function start() {
    run();
    jumps();
    copyLinks();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
