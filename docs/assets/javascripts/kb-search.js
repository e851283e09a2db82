/* The site's search. Every page links to the search page (a[rel=search] in
 * the header); the search page (search/, ?q= for a query) reads the index
 * the build's finish pass wrote (scripts/kb/search/index.py) as plain
 * scripts: search/meta.js, then only the term shards a query needs.
 * Plain <script> loads work from file:// (the USB edition) and under the
 * CSP, where fetch(), workers and modules do not. No other page loads any
 * of the index.
 *
 * Reading a query: full-width to half-width, traditional to simplified,
 * pinyin to the names it spells; Chinese cut against the index's
 * vocabulary (longest match), question words and particles dropped, what
 * is left cut into character pairs as the index is. A word of three or more
 * characters with one wrong still finds the word, and a word finds its
 * synonyms. A section scores by the weight and rarity of the pairs it
 * shares and by how much of the query it covers: no word is required, so a
 * question word can never empty the results. A page ranks by its best
 * section, times its rank class (a case first, help pages last). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var root = new URL("../../", script.src);  // assets/javascripts/ -> the site root
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TOKEN = new RegExp("[" + HAN + "]+|[0-9]+|[a-z]+", "g");
  var LATIN_RUN = /[a-z]+(?:\s+[a-z]+)*/g;
  // Question words and particles: they say how a trainee asks, not what about.
  var STOP = ("什么是 是什么 什么样 什么 怎么样 怎么办 怎么 怎样 如何 为什么 为何 多少 几个 几年 几天 几次 几位 几名 " +
              "几种 哪些 哪个 哪里 哪儿 有没有 有哪些 有什么 是不是 是否 是谁 请问 一下 介绍 意思 含义 意义 的话 " +
              "吗 呢 呀 吧 啊 的 了 么 谁 几 哪").split(" ");
  // Each result shown costs its preview's shard, and a browser loads about
  // six scripts at a time: the first five results come in one round, the
  // next five follow at once, the rest on request (as Pagefind's UI does).
  var MAX_WORD = 8, MAX_QUERY = 60, MAX_RESULTS = 50, FIRST = 5, SHOWN = 10, STORE = "kb-search-highlight";
  var loaded = {}, pending = {}, meta = null;

  window.__kbSearch = {
    add: function (kind, number, data) { loaded[kind + number] = data; }
  };

  function load(kind, number) {
    var key = kind + number;
    if (loaded[key]) return Promise.resolve(loaded[key]);
    if (pending[key]) return pending[key];
    pending[key] = new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      var name = { meta: "meta", terms: "t", text: "x", pinyin: "p" }[kind] + (kind === "meta" ? "" : number);
      el.src = new URL("search/" + name + ".js", root).href;
      el.onload = function () { loaded[key] ? resolve(loaded[key]) : reject(new Error(name)); };
      el.onerror = function () { delete pending[key]; reject(new Error(name)); };
      document.head.appendChild(el);
    });
    return pending[key];
  }

  /* The index's tables, made ready once. */
  function ready() {
    if (meta) return Promise.resolve(meta);
    return load("meta", 0).then(function (m) {
      if (meta) return meta;
      var pageOf = new Int32Array(m.sections), d = 0;
      m.pages.forEach(function (p, i) { for (var k = 0; k < p[1]; k++) pageOf[d++] = i; });
      var words = {}, synonyms = {}, traditional = {};
      m.vocabulary.split(" ").forEach(function (w) { if (w) words[w] = true; });
      STOP.forEach(function (w) { words[w] = true; });
      m.synonyms.forEach(function (g) {
        var group = g.split(" ");
        group.forEach(function (w) { synonyms[w] = (synonyms[w] || []).concat(group.filter(function (o) { return o !== w; })); });
      });
      for (var i = 0; i + 1 < m.traditional.length; i += 2) traditional[m.traditional[i]] = m.traditional[i + 1];
      meta = { raw: m, pageOf: pageOf, words: words, synonyms: synonyms, traditional: traditional,
               byLength: byLength(m.vocabulary.split(" ")) };
      return meta;
    });
  }

  function byLength(list) {
    var out = {};
    list.forEach(function (w) { if (w.length >= 3) (out[w.length] = out[w.length] || []).push(w); });
    return out;
  }

  function normalise(text, traditional) {
    text = (text.normalize ? text.normalize("NFKC") : text).toLowerCase();
    if (!traditional) return text;
    var out = "";
    for (var i = 0; i < text.length; i++) out += traditional[text[i]] || text[i];
    return out;
  }

  function isStop(w) { return STOP.indexOf(w) >= 0; }

  /* Pinyin letters -> the names they spell: the longest key at each place,
   * else a name the rest of the letters begin (tianjia -> 田家湾村). */
  function fromPinyin(letters) {
    var words = [], i = 0;
    while (i < letters.length) {
      var found = null, size = 0;
      for (var n = Math.min(30, letters.length - i); n >= 2 && !found; n--) {
        var table = loaded["pinyin" + letters[i]] || {}, key = letters.substr(i, n);
        if (table[key]) { found = table[key].split(" "); size = n; }
      }
      if (!found && letters.length - i >= 4) {
        var rest = letters.slice(i), table2 = loaded["pinyin" + letters[i]] || {}, best = null;
        Object.keys(table2).forEach(function (k) {
          if (k.indexOf(rest) === 0 && (!best || k.length < best.length)) best = k;
        });
        if (best) { found = table2[best].split(" "); size = rest.length; }
      }
      if (found) { words.push(found.slice(0, 3)); i += size; } else i++;
    }
    return words;
  }

  /* Units: the parts of the query that carry meaning, each with its
   * alternatives ({text, weight}); size is its share of the coverage. */
  function analyse(query) {
    var q = normalise(query, meta.traditional), units = [], letters = [];
    q = q.replace(LATIN_RUN, function (run) { letters.push(run.replace(/\s+/g, "")); return " " + run + " "; });
    (q.match(TOKEN) || []).forEach(function (token) {
      if (/^[0-9]/.test(token)) { units.push({ size: 2, alts: [{ text: token, weight: 1 }] }); return; }
      if (/^[a-z]/.test(token)) return;  // letters are read below, a whole run at a time
      rejoin(cut(token, []), units);
    });
    letters.forEach(function (run) {
      var spelt = run.length >= 2 && hasPinyin(run) ? fromPinyin(run) : [];
      if (spelt.length) {
        spelt.forEach(function (words) {
          units.push({ size: words[0].length, alts: words.map(function (w) { return { text: w, weight: 1 }; }) });
        });
      } else units.push({ size: 2, alts: [{ text: run, weight: 1 }] });
    });
    return units;
  }

  function hasPinyin(run) { return meta.raw.pinyin.indexOf(run[0]) >= 0; }

  /* A run of Chinese: longest match against the vocabulary; stop words
   * dropped; characters outside any word joined into stretches. */
  function cut(run, units) {
    var parts = [], i = 0;
    while (i < run.length) {
      var n = Math.min(MAX_WORD, run.length - i);
      while (n > 1 && !meta.words[run.substr(i, n)]) n--;
      var piece = run.substr(i, n);
      if (isStop(piece)) parts.push(null);
      else if (n > 1) parts.push({ text: piece, word: true });
      else if (parts.length && parts[parts.length - 1] && !parts[parts.length - 1].word) parts[parts.length - 1].text += piece;
      else parts.push({ text: piece, word: false });
      i += n;
    }
    var before = null;
    parts.forEach(function (p) {
      if (!p) { before = null; return; }
      var unit = { size: p.text.length, alts: [{ text: p.text, weight: 1 }], word: p.word };
      (meta.synonyms[p.text] || []).forEach(function (s) { unit.alts.push({ text: s, weight: 0.6 }); });
      if (p.text.length >= 3 && !p.word) near(p.text).forEach(function (w) { unit.alts.push({ text: w, weight: 0.8 }); });
      if (before) unit.joint = before.text.slice(-1) + p.text[0];  // a pair across the cut, in case the cut is wrong
      units.push(unit);
      before = p;
    });
    return units;
  }

  /* A slip in a word's first character leaves the character outside the
   * word that follows (全刺梨: 全 + 刺梨): the two read as one unit when a
   * word one character away exists. */
  function rejoin(units, into) {
    for (var k = 0; k + 1 < units.length; k++) {
      var a = units[k], b = units[k + 1];
      if (!b.joint || a.word || a.alts[0].weight !== 1 || /^[0-9a-z]/.test(a.alts[0].text)) continue;
      var whole = a.alts[0].text + b.alts[0].text, found = whole.length >= 3 ? near(whole) : [];
      if (!found.length) continue;
      units.splice(k, 2, { size: whole.length, joint: a.joint, word: false,
                           alts: [{ text: whole, weight: 1 }].concat(found.map(function (w) { return { text: w, weight: 0.8 }; })) });
    }
    into.push.apply(into, units);
  }

  /* Vocabulary words of the same length with one character different. */
  function near(text) {
    var out = [];
    (meta.byLength[text.length] || []).forEach(function (w) {
      var diff = 0;
      for (var i = 0; i < w.length && diff < 2; i++) if (w[i] !== text[i]) diff++;
      if (diff === 1 && out.length < 3) out.push(w);
    });
    return out;
  }

  function termsOf(text) {  // pairs, each with the characters it covers
    if (/^[0-9a-z]/.test(text) || text.length === 1) return [{ key: text, mask: 1 }];
    var out = [];
    for (var i = 0; i + 1 < text.length; i++) out.push({ key: text.substr(i, 2), mask: (3 << i) >>> 0 });
    return out;
  }

  function shardOf(term, count) {  // the same sum as shard_of() in scripts/kb/search/index.py
    var sum = 0;
    for (var i = 0; i < term.length; i++) sum += term.charCodeAt(i);
    return sum % count;
  }

  function bare(text) {
    return normalise(text).replace(new RegExp("[^0-9a-z" + HAN + "]+", "g"), "");
  }

  function popcount(n) { var c = 0; while (n) { n &= n - 1; c++; } return c; }

  function search(query) {
    var text = query.slice(0, MAX_QUERY);  // a pasted page is not a query: its first words are
    return ready().then(function () {
      // A pinyin shard for each letter a word of the query could start with.
      var letters = (normalise(text).match(/[a-z]+/g) || []).join("").split("")
        .filter(function (c, i, all) { return all.indexOf(c) === i && meta.raw.pinyin.indexOf(c) >= 0; });
      return Promise.all(letters.map(function (c) { return load("pinyin", c); }));
    }).then(function () {
      var units = analyse(text);
      var slots = [];
      units.forEach(function (u, ui) {
        u.alts.forEach(function (a) {
          slots.push({ unit: ui, weight: a.weight, size: a.text.length > 1 && !/^[0-9a-z]/.test(a.text) ? a.text.length : 1,
                       terms: termsOf(a.text), text: a.text });
        });
        if (u.joint) slots.push({ unit: -1, weight: 0.3, size: 1, terms: [{ key: u.joint, mask: 1 }] });
      });
      // The whole query as a name (the page's title, a heading, a name of the page).
      // A character left alone (怎么上: 上) is not part of a name.
      var naming = units.filter(function (u) { return u.size > 1; });
      var named = naming.map(function (u) { return u.alts[0].text; }).join("");
      if (naming.length === 1) namingAlts(naming[0]).forEach(function (a) { slots.push(exactSlot(a.text, a.weight)); });
      else if (named.length > 1) slots.push(exactSlot(named, 1));
      var keys = {};
      slots.forEach(function (s) { s.terms.forEach(function (t) { keys[t.key] = true; }); });
      var list = Object.keys(keys), count = meta.raw.shards;
      if (!units.length) return { query: query, units: units, results: [] };
      var lone = units.length === 1 && units[0].size === 1 && units[0].alts.length === 1;
      if (lone) {
        var key = "^" + units[0].alts[0].text;
        return load("terms", shardOf(key, count)).then(function () { return finish(query, units, byTitle(key, count)); });
      }
      return Promise.all(list.map(function (k) { return load("terms", shardOf(k, count)); })).then(function () {
        return finish(query, units, rank(units, slots, count));
      });
    });
  }

  // A synonym is not the name the reader typed: only the words read from the
  // query (as typed, from pinyin, a slip corrected) are looked up as names.
  function namingAlts(unit) { return unit.alts.filter(function (a) { return a.text.length > 1 && a.weight >= 0.8; }); }

  function exactSlot(text, weight) {
    return { unit: -2, weight: weight, size: 1, terms: [{ key: "=" + bare(text), mask: 1 }] };
  }

  function postings(key, count) {
    var row = loaded["terms" + shardOf(key, count)][key];
    if (!row) return null;
    if (!row.decoded) {  // gaps -> section numbers, once
      var last = 0;
      for (var i = 0; i < row.length; i += 2) { last += row[i]; row[i] = last; }
      row.decoded = true;
    }
    return row;
  }

  // Flat arrays rather than an object per section: a query touches
  // thousands of sections at N = 1000, and objects made rank() the slowest step.
  function rank(units, slots, count) {
    var n = meta.raw.sections, ns = slots.length, nu = units.length;
    var where = meta.where || (meta.where = new Int32Array(n).fill(-1));
    var touched = [], s = [], m = [];  // for the k-th touched section: s[k * ns + slot]
    for (var si = 0; si < ns; si++) {
      var slot = slots[si];
      for (var ti = 0; ti < slot.terms.length; ti++) {
        var t = slot.terms[ti], row = postings(t.key, count);
        if (!row) continue;
        var idf = Math.log(1 + n / (row.length / 2)) * slot.weight;
        for (var j = 0; j < row.length; j += 2) {
          var d = row[j], k = where[d];
          if (k < 0) {
            k = where[d] = touched.length;
            touched.push(d);
            for (var z = 0; z < ns; z++) { s.push(0); m.push(0); }
          }
          s[k * ns + si] += row[j + 1] * idf;
          m[k * ns + si] |= t.mask;
        }
      }
    }
    var total = 0;
    for (var ui = 0; ui < nu; ui++) total += units[ui].size;
    var best = new Float64Array(nu), cover = new Float64Array(nu), pages = [], seen = {};
    var order = Int32Array.from(touched).sort();  // section order, so ties go as before: to the first section
    for (var k2 = 0; k2 < order.length; k2++) {
      var doc = order[k2], base = where[doc] * ns, extra = 0, named = 0;
      where[doc] = -1;
      best.fill(0);
      cover.fill(0);
      for (var sj = 0; sj < ns; sj++) {
        var mask = m[base + sj];
        if (!mask) continue;
        var sl = slots[sj], sc = s[base + sj];
        if (sl.unit === -2) { named = Math.max(named, sl.weight); extra += sc; continue; }
        if (sl.unit < 0) { extra += sc; continue; }
        var c = popcount(mask) / sl.size * (sl.weight < 1 ? 0.9 : 1);
        if (sc > best[sl.unit]) best[sl.unit] = sc;
        if (c > cover[sl.unit]) cover[sl.unit] = Math.min(1, c);
      }
      var score = extra, covered = 0;
      for (var u = 0; u < nu; u++) { score += best[u]; covered += units[u].size * cover[u]; }
      var share = named ? 1 : covered / total, page = meta.pageOf[doc];
      var value = score * share * share * meta.raw.pages[page][0] / 100 * (named ? 1 + 2 * named : 1);
      var p = seen[page];
      if (!p) { p = seen[page] = { page: page, doc: doc, first: 0, second: 0 }; pages.push(p); }
      if (value > p.first) { p.second = p.first; p.first = value; p.doc = doc; } else if (value > p.second) p.second = value;
    }
    return pages.map(function (p) {
      return { page: p.page, doc: p.doc, score: p.first + 0.5 * p.second };
    }).sort(function (a, b) { return b.score - a.score || a.page - b.page; }).slice(0, MAX_RESULTS);
  }

  /* One Chinese character alone: too common to look up in the text, so the
   * pages whose titles hold it (the index's "^" terms), shorter titles first. */
  function byTitle(key, count) {
    var row = postings(key, count) || [], found = [];
    for (var j = 0; j < row.length; j += 2) found.push({ page: meta.pageOf[row[j]], doc: row[j], score: row[j + 1] });
    return found.sort(function (a, b) { return b.score - a.score || a.page - b.page; }).slice(0, MAX_RESULTS);
  }

  /* The ranked results, the first of them with their titles and preview text
   * (only the shards those need). */
  function finish(query, units, ranked) {
    var words = [];
    units.forEach(function (u) { u.alts.forEach(function (a) { if (words.indexOf(a.text) < 0) words.push(a.text); }); });
    return details(ranked.slice(0, FIRST)).then(function (shown) {
      return { query: query, words: words, ranked: ranked, results: shown };
    });
  }

  function details(results) {  // each result's section: [address, page title, heading, text]
    var per = meta.raw.perText;
    var texts = results.map(function (r) { return Math.floor(r.doc / per); })
      .filter(function (t, i, all) { return all.indexOf(t) === i; });
    return Promise.all(texts.map(function (t) { return load("text", t); })).then(function () {
      return results.map(function (r) {
        var section = loaded["text" + Math.floor(r.doc / per)][r.doc % per];
        return { url: section[0], page: section[0].split("#")[0], title: section[1], section: section[2], text: section[3] };
      });
    });
  }

  /* An element with a class and text (text, never HTML). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  /* Text with the query's words marked (DOM nodes, never HTML). */
  function marked(text, words, into) {
    var low = sameLength(text), i = 0, plain = "";
    var list = words.filter(function (w) { return w.length > 1 || /[^0-9a-z]/.test(w); })
      .sort(function (a, b) { return b.length - a.length; });
    while (i < text.length) {
      var hit = null;
      for (var k = 0; k < list.length && !hit; k++) if (low.substr(i, list[k].length) === list[k]) hit = list[k];
      if (!hit) { plain += text[i++]; continue; }
      into.appendChild(document.createTextNode(plain));
      into.appendChild(el("mark", "", text.substr(i, hit.length)));
      plain = "";
      i += hit.length;
    }
    into.appendChild(document.createTextNode(plain));
    return into;
  }

  /* normalise() character by character, keeping the text's length (NFKC
   * writes … as ...), so a place found in it is a place in the text. */
  function sameLength(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = normalise(text[i], meta && meta.traditional);
      out += c.length === 1 ? c : text[i];
    }
    return out;
  }

  function excerpt(text, words) {  // the stretch of text around the first word found
    var low = sameLength(text), at = -1;
    words.forEach(function (w) { var i = low.indexOf(w); if (i >= 0 && (at < 0 || i < at)) at = i; });
    var start = Math.max(0, at - 24), part = text.slice(start, start + 100);
    return (start > 0 ? "…" : "") + part + (start + 100 < text.length ? "…" : "");
  }

  /* The search page: a form, a status line and the results (a listbox of links). */
  function searchPage(holder) {
    holder.textContent = "";
    var form = el("form", "kb-sp__form");
    form.setAttribute("role", "search");
    form.action = "";
    form.method = "get";
    var label = el("label", "kb-sp__label", "搜索本站");
    label.htmlFor = "kb-q";
    var input = el("input", "kb-sp__input");
    input.type = "search";
    input.name = "q";
    input.id = "kb-q";
    input.placeholder = "村名、人名、产业、课程……";
    input.autocomplete = "off";
    input.setAttribute("enterkeyhint", "search");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", "kb-results");
    input.setAttribute("aria-expanded", "false");
    var button = el("button", "kb-sp__button", "搜索");
    button.type = "submit";
    var status = el("p", "kb-sp__status");
    status.setAttribute("role", "status");
    var results = el("div", "kb-results");
    results.id = "kb-results";
    results.setAttribute("aria-busy", "false");  // named only while it is a listbox: a plain div may not be
    var more = el("button", "kb-sp__more");
    more.type = "button";
    more.hidden = true;
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(button);
    holder.appendChild(form);
    holder.appendChild(status);
    holder.appendChild(results);
    holder.appendChild(more);

    var timer, composing = false, shown = null, active = -1, asked = 0;

    function options() { return Array.prototype.slice.call(results.querySelectorAll("a")); }

    function select(i) {
      var links = options();
      links.forEach(function (a, k) { a.setAttribute("aria-selected", k === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && links[i]) {
        input.setAttribute("aria-activedescendant", links[i].id);
        links[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }

    function show(found, number) {
      if (number !== asked) return;  // an older answer
      results.textContent = "";
      more.hidden = true;
      select(-1);
      var query = found.query.trim();
      if (!found.results.length) {
        results.removeAttribute("role");
        results.removeAttribute("aria-label");
        input.setAttribute("aria-expanded", "false");
        if (query) results.appendChild(el("p", "kb-results__none", "没有找到与“" + query + "”相关的内容。可以换个说法，或少写几个字再试。"));
        status.textContent = query ? "没有找到相关内容" : "";
      } else {
        results.setAttribute("role", "listbox");
        results.setAttribute("aria-label", "搜索结果");
        input.setAttribute("aria-expanded", "true");
        status.textContent = "找到 " + found.ranked.length + " 个相关页面";
        append(found.results, found.words);
        fill(found, number);
      }
      results.setAttribute("data-query", found.query);
      results.setAttribute("aria-busy", "false");
    }

    function append(list, words) {
      list.forEach(function (r) {
        var a = el("a", "kb-result");
        a.id = "kb-r" + results.querySelectorAll("a").length;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.href = new URL(r.url, root).href;
        a.appendChild(el("span", "kb-result__title", r.title + (r.section ? " › " + r.section : "")));
        if (r.text) a.appendChild(marked(excerpt(r.text, words), words, el("span", "kb-result__text")));
        a.addEventListener("click", function () { remember(new URL(r.page, root).href, words); });
        results.appendChild(a);
      });
    }

    function fill(found, number) {  // the rest of the first ten, once the first five are shown
      var done = results.querySelectorAll("a").length;
      if (done >= SHOWN || done >= found.ranked.length) { offerMore(found, number); return; }
      details(found.ranked.slice(done, SHOWN)).then(function (list) {
        if (number !== asked) return;
        append(list, found.words);
        offerMore(found, number);
      }, function () { if (number === asked) offerMore(found, number); });
    }

    function offerMore(found, number) {
      var done = results.querySelectorAll("a").length, left = found.ranked.length - done;
      more.hidden = left <= 0;
      if (left <= 0) return;
      more.textContent = "显示更多结果（还有 " + left + " 个）";
      more.onclick = function () {
        more.disabled = true;
        details(found.ranked.slice(done, done + SHOWN)).then(function (list) {
          more.disabled = false;
          if (number !== asked) return;
          append(list, found.words);
          offerMore(found, number);
          var next = document.getElementById("kb-r" + done);
          if (next) next.focus();
        });
      };
    }

    function run() {
      var query = input.value;
      if (query === shown) return;
      shown = query;
      var number = ++asked;
      keep(query);
      if (!query.trim()) { show({ query: query, results: [] }, number); return; }
      results.setAttribute("aria-busy", "true");
      status.textContent = "正在搜索…";
      search(query).then(function (found) { show(found, number); }, function (error) {
        if (window.console) console.error("kb-search:", error);
        if (number !== asked) return;
        results.textContent = "";
        results.removeAttribute("role");
        results.appendChild(el("p", "kb-results__none", "搜索索引没有加载成功：请刷新页面再试。"));
        status.textContent = "搜索索引没有加载成功";
        results.setAttribute("data-query", query);
        results.setAttribute("aria-busy", "false");
        shown = null;
      });
    }

    function keep(query) {  // the address says the query, so a search can be linked and bookmarked
      try {
        history.replaceState(null, "", query.trim() ? "?q=" + encodeURIComponent(query) : location.pathname);
      } catch (e) { /* some browsers refuse this on file:// */ }
    }

    /* The first key after a pause searches at once; keys that follow
     * quickly wait for a pause of 60 ms (an older answer is dropped anyway). */
    var lastKey = 0;
    function schedule() {
      if (composing) return;
      var now = Date.now(), idle = now - lastKey > 300;
      lastKey = now;
      clearTimeout(timer);
      if (idle) run(); else timer = setTimeout(run, 60);
    }

    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      clearTimeout(timer);
      run();
      var links = options();
      if (links.length && active >= 0) links[active].click();
    });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; schedule(); });
    input.addEventListener("input", schedule);
    input.addEventListener("keydown", function (ev) {
      var links = options();
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        if (!links.length) return;
        ev.preventDefault();
        var next = active + (ev.key === "ArrowDown" ? 1 : -1);
        select(next < -1 ? links.length - 1 : Math.min(next, links.length - 1));
      } else if (ev.key === "Enter" && !composing && links.length && active < 0) {
        ev.preventDefault();
        links[0].click();
      } else if (ev.key === "Escape" && input.value) {
        ev.preventDefault();
        input.value = "";
        run();
      }
    });

    var asked0 = new URLSearchParams(location.search).get("q");
    ready().catch(function () {});  // the reader opened search: start loading now
    if (asked0) { input.value = asked0; run(); }
    input.focus();
  }

  /* The words of the search, for the page a result opens. */
  function remember(page, words) {
    try { sessionStorage.setItem(STORE, JSON.stringify({ page: page, words: words })); } catch (e) { /* storage off */ }
  }

  /* On the page a result opened: the query's words marked in the content. */
  function highlight() {
    var saved;
    try { saved = JSON.parse(sessionStorage.getItem(STORE) || "null"); sessionStorage.removeItem(STORE); } catch (e) { return; }
    var here = location.href.split("#")[0].split("?")[0];
    if (!saved || !saved.words || (saved.page !== here && saved.page + "index.html" !== here)) return;
    var content = document.querySelector(".md-content article") || document.querySelector("article");
    if (!content) return;
    var words = saved.words.filter(function (w) { return w.length > 1; });
    if (!words.length) return;
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT), nodes = [];
    while (walker.nextNode()) {
      var node = walker.currentNode, low = sameLength(node.nodeValue);
      if (words.some(function (w) { return low.indexOf(w) >= 0; }) && !node.parentNode.closest("script,style,mark,a.kb-tip")) nodes.push(node);
    }
    nodes.forEach(function (node) {
      var span = marked(node.nodeValue, words, document.createDocumentFragment());
      Array.prototype.forEach.call(span.querySelectorAll("mark"), function (m) { m.className = "kb-hl"; });
      node.parentNode.replaceChild(span, node);
    });
  }

  function start() {  // kb-search-link.js loads this script where it is needed
    var holder = document.querySelector(".kb-search-page");
    if (holder) searchPage(holder);
    else highlight();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
