/* The site's search: a button in the header opens a dialog; nothing is
 * downloaded until then. The index (written by the build's finish pass,
 * scripts/kb/search/index.py) is a set of plain scripts: search/meta.js
 * lists the sections, search/t<N>.js hold the terms, search/x<N>.js the
 * preview text. Plain <script> loads work from file:// (the USB edition)
 * and under the CSP, where fetch(), workers and modules do not.
 *
 * A query is cut like the index: Chinese into character pairs, letters and
 * digits into words (a one-character query looks at the titles); question words (怎么, 什么是, 多少 …)
 * are left out. Sections score by the pairs they share with the query,
 * weighted by rarity, and a page is ranked by its best section. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = new URL("../../", script.src);  // assets/javascripts/ -> the site root
  var TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g;
  var QUESTION = /什么是|是什么|怎么样|怎么办|怎么|怎样|如何|为什么|为何|多少|几个|几年|哪些|哪个|哪里|有没有|是否|吗|呢|呀|吧/g;
  var MAX_RESULTS = 20;
  var loaded = {};   // "meta0" -> data
  var pending = {};  // "meta0" -> Promise
  var dialog, input, meta, list, opener, timer, composing = false, lastQuery = null;

  window.__kbSearch = {
    add: function (kind, number, data) { loaded[kind + number] = data; }
  };

  function load(kind, number) {
    var key = kind + number;
    if (loaded[key]) return Promise.resolve(loaded[key]);
    if (pending[key]) return pending[key];
    pending[key] = new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      var name = kind === "meta" ? "meta" : (kind === "terms" ? "t" : "x") + number;
      el.src = new URL("search/" + name + ".js", root).href;
      el.onload = function () { loaded[key] ? resolve(loaded[key]) : reject(new Error(name)); };
      el.onerror = function () { delete pending[key]; reject(new Error(name)); };
      document.head.appendChild(el);
    });
    return pending[key];
  }

  function normalise(text) {
    return (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
  }

  function queryTerms(query) {
    var runs = normalise(query).replace(QUESTION, " ").match(TOKEN) || [];
    var terms = [];
    runs.forEach(function (run) {
      if (/^[0-9a-z]/.test(run) || run.length === 1) { terms.push(run); return; }
      for (var i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
    });
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }

  function shardOf(term, count) {  // the same sum as shard_of() in scripts/kb/search/index.py
    var sum = 0;
    for (var i = 0; i < term.length; i++) sum += term.charCodeAt(i);
    return sum % count;
  }

  function bare(text) {  // a title or query without punctuation and spaces, for whole matches
    return normalise(text).replace(/[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g, "");
  }

  function rank(index, terms, shards, query) {
    var docs = index.docs, n = docs.length, score = {}, hits = {};
    var phrase = bare(normalise(query).replace(QUESTION, " "));
    terms.forEach(function (term, i) {
      var row = shards[i][term];
      if (!row) return;
      var idf = Math.log(1 + n / (row.length / 2));
      for (var j = 0; j < row.length; j += 2) {
        var d = row[j];
        score[d] = (score[d] || 0) + row[j + 1] * idf;
        hits[d] = (hits[d] || 0) + 1;
      }
    });
    var pages = {};  // page url -> its sections' scores
    Object.keys(score).forEach(function (key) {
      var d = +key, share = hits[d] / terms.length, doc = docs[d];
      var s = score[d] * share * share * doc[3];
      // The query is the section's heading (or the page's title), or is inside it.
      var named = bare(doc[2] || doc[1]);
      if (phrase && named === phrase) s *= 3;
      else if (phrase.length > 1 && named.indexOf(phrase) >= 0) s *= 1.5;
      var page = doc[0].split("#")[0];
      (pages[page] = pages[page] || []).push({ doc: d, score: s });
    });
    // A page ranks by its best section, and a little by its second best:
    // a page about the query says it in more than one place.
    return Object.keys(pages).map(function (p) {
      var list = pages[p].sort(function (a, b) { return b.score - a.score; });
      return { doc: list[0].doc, score: list[0].score + (list[1] ? 0.5 * list[1].score : 0) };
    }).sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  /* One Chinese character (or several apart): too common to look up in the
   * text, so the pages and sections whose titles hold it, shortest first. */
  function byTitle(index, chars) {
    var seen = {}, found = [];
    index.docs.forEach(function (doc, d) {
      var name = normalise(doc[2] || doc[1]), page = doc[0].split("#")[0];
      if (seen[page] || !chars.every(function (c) { return name.indexOf(c) >= 0; })) return;
      seen[page] = true;
      found.push({ doc: d, score: -name.length });
    });
    return found.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  function search(query) {
    var terms = queryTerms(query);
    if (!terms.length) return Promise.resolve({ query: query, results: [] });
    var lone = terms.every(function (t) { return t.length === 1 && /[^0-9a-z]/.test(t); });
    return load("meta", 0).then(function (index) {
      if (lone) return finish(index, byTitle(index, terms).slice(0, MAX_RESULTS), terms, query);
      return Promise.all(terms.map(function (t) { return load("terms", shardOf(t, index.shards)); }))
        .then(function (shards) {
          return finish(index, rank(index, terms, shards, query).slice(0, MAX_RESULTS), terms, query);
        });
    });
  }

  /* The results with their preview text (only the text shards they need). */
  function finish(index, results, terms, query) {
    var texts = results.map(function (r) { return Math.floor(r.doc / index.perText); });
    return Promise.all(texts.filter(function (t, i) { return texts.indexOf(t) === i; })
      .map(function (t) { return load("text", t); }))
      .then(function () {
        return { query: query, terms: terms, results: results.map(function (r) {
          var doc = index.docs[r.doc];
          return { url: doc[0], title: doc[1], section: doc[2],
                   text: loaded["text" + Math.floor(r.doc / index.perText)][r.doc % index.perText] };
        }) };
      });
  }

  /* The preview: the stretch of text around the first query term, terms marked. */
  function preview(text, terms) {
    var low = normalise(text), at = -1;
    terms.forEach(function (t) { var i = low.indexOf(t); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 20), part = text.slice(start, start + 90);
    var span = el("span", "kb-search__text", start > 0 ? "…" : "");
    var lowPart = normalise(part), i = 0, plain = "";
    while (i < part.length) {
      var hit = null;
      for (var k = 0; k < terms.length && !hit; k++) {
        if (lowPart.substr(i, terms[k].length) === terms[k]) hit = terms[k];
      }
      if (!hit) { plain += part[i++]; continue; }
      span.appendChild(document.createTextNode(plain));
      span.appendChild(el("mark", "", part.substr(i, hit.length)));
      plain = "";
      i += hit.length;
    }
    span.appendChild(document.createTextNode(plain + (start + 90 < text.length ? "…" : "")));
    return span;
  }

  /* An element with a class and text (text, never HTML). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function show(found) {
    if (found.query !== input.value) return;  // an older answer
    list.textContent = "";
    list.setAttribute("data-query", found.query);  // which query the list answers
    if (!found.results.length) {
      meta.textContent = found.query.trim() ? "没有找到与「" + found.query.trim() + "」相关的内容" : "";
      return;
    }
    meta.textContent = "找到 " + found.results.length + " 个相关页面";
    found.results.forEach(function (r) {
      var li = el("li", "kb-search__item"), a = document.createElement("a");
      a.href = new URL(r.url, root).href;
      a.appendChild(el("span", "kb-search__title", r.title + (r.section ? " › " + r.section : "")));
      if (r.text) a.appendChild(preview(r.text, found.terms));
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function run() {
    var query = input.value;
    if (query === lastQuery) return;
    lastQuery = query;
    if (!query.trim()) { list.textContent = ""; meta.textContent = ""; return; }
    meta.textContent = "正在搜索…";
    search(query).then(show, function () {
      meta.textContent = "搜索索引没有加载成功：请刷新页面再试";
      list.setAttribute("data-query", query);
      lastQuery = null;
    });
  }

  function schedule() {
    if (composing) return;
    clearTimeout(timer);
    timer = setTimeout(run, 80);
  }

  function build() {
    opener = el("button", "kb-search-open", "搜索");
    opener.type = "button";
    opener.setAttribute("aria-haspopup", "dialog");
    var header = document.querySelector(".md-header__inner");
    if (header) header.appendChild(opener); else document.body.insertBefore(opener, document.body.firstChild);

    dialog = el("div", "kb-search");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", "搜索本站");
    dialog.hidden = true;
    var box = el("div", "kb-search__box");
    var form = document.createElement("form");
    form.setAttribute("role", "search");
    var label = el("label", "kb-search__label", "搜索本站");
    label.htmlFor = "kb-search-input";
    input = el("input", "kb-search__input");
    input.type = "search";
    input.id = "kb-search-input";
    input.placeholder = "村名、人名、产业、课程……";
    input.autocomplete = "off";
    input.setAttribute("enterkeyhint", "search");
    var close = el("button", "kb-search__close", "关闭");
    close.type = "button";
    meta = el("p", "kb-search__meta");
    meta.setAttribute("role", "status");
    list = el("ol", "kb-search__results");
    list.setAttribute("aria-label", "搜索结果");
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(close);
    box.appendChild(form);
    box.appendChild(meta);
    box.appendChild(list);
    dialog.appendChild(box);
    document.body.appendChild(dialog);

    opener.addEventListener("click", open);
    close.addEventListener("click", shut);
    dialog.addEventListener("click", function (ev) { if (ev.target === dialog) shut(); });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
    });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; schedule(); });
    input.addEventListener("input", schedule);
    dialog.addEventListener("keydown", keys);
    document.addEventListener("keydown", function (ev) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName) || ev.target.isContentEditable;
      if (ev.key === "/" && !typing && dialog.hidden) { ev.preventDefault(); open(); }
    });
  }

  function keys(ev) {
    if (ev.key === "Escape") { ev.preventDefault(); shut(); return; }
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    if (!links.length) return;
    ev.preventDefault();
    var at = links.indexOf(document.activeElement);
    var next = ev.key === "ArrowDown" ? at + 1 : at - 1;
    if (next < 0) { input.focus(); return; }
    links[Math.min(next, links.length - 1)].focus();
  }

  function open() {
    dialog.hidden = false;
    document.documentElement.classList.add("kb-search-on");
    input.focus();
    input.select();
    load("meta", 0).catch(function () {});  // start loading while the reader types
  }

  function shut() {
    dialog.hidden = true;
    document.documentElement.classList.remove("kb-search-on");
    opener.focus();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build);
  else build();
})();
