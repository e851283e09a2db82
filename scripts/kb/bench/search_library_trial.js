/* The search-library trial (kb/bench/search_library_trial.py drives it):
 * MiniSearch and lunr, from npm (package-lock.json), index the same sections
 * our index holds, cut the same way (Chinese as character pairs, letters and
 * digits as words), with the same field weights and page classes. For each:
 * the serialized index's size, the time to build it, to load it (JSON.parse
 * and the library's own load, which a browser repeats on every page it
 * searches from), a query's time once loaded, and which pages come first.
 *
 *   node search_library_trial.js input.json > output.json
 */
"use strict";
const fs = require("fs");
const MiniSearch = require("minisearch");
const lunr = require("lunr");

const HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
const TOKEN = new RegExp(`[${HAN}]+|[0-9]+|[a-z]+`, "g");
const STOP = /什么是|是什么|怎么样|怎么办|怎么|怎样|如何|为什么|多少|哪些|哪里|有没有|是否|是谁|吗|呢|吧|的|了/g;

function terms(text) {  // as terms() in scripts/kb/search/index.py
  const out = [];
  for (const run of (text.normalize("NFKC").toLowerCase().match(TOKEN) || [])) {
    if (run.length === 1 || run[0] <= "z") { out.push(run); continue; }
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  return out;
}

function queryTerms(query) {  // question words dropped, as a fair start for a library
  return [...new Set(terms(query.normalize("NFKC").toLowerCase().replace(STOP, " ")))];
}

function timed(fn) {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

function median(list) {
  const s = [...list].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}

function pagesOf(hits, docs) {  // section hits -> distinct pages, in order
  return [...new Set(hits.map((h) => docs[h].url))];
}

const MINI_OPTIONS = {
  fields: ["title", "heading", "text"],
  tokenize: terms,
  processTerm: (t) => t,
  searchOptions: { boost: { title: 8, heading: 4 }, combineWith: "OR", tokenize: queryTerms, processTerm: (t) => t },
};

function miniSearch(docs) {
  const [index, buildMs] = timed(() => {
    const m = new MiniSearch(MINI_OPTIONS);
    m.addAll(docs);
    return m;
  });
  const json = JSON.stringify(index);
  const [loaded, loadMs] = timed(() => MiniSearch.loadJSON(json, MINI_OPTIONS));
  const rank = (q) => pagesOf(loaded.search(q, { boostDocument: (id) => docs[id].rank }).map((r) => r.id), docs);
  return { name: "MiniSearch 7.2.0", bytes: Buffer.byteLength(json), buildMs, loadMs, rank };
}

function lunrSearch(docs) {
  const [index, buildMs] = timed(() => lunr(function () {
    this.tokenizer = (text) => (text == null ? [] : terms(String(text)).map((t) => new lunr.Token(t, {})));
    this.pipeline.reset();
    this.searchPipeline.reset();
    this.ref("id");
    this.field("title", { boost: 8 });
    this.field("heading", { boost: 4 });
    this.field("text");
    docs.forEach((d) => this.add(d, { boost: d.rank }));
  }));
  const json = JSON.stringify(index);
  const [loaded, loadMs] = timed(() => lunr.Index.load(JSON.parse(json)));
  const rank = (q) => {
    const words = queryTerms(q);
    if (!words.length) return [];
    const hits = loaded.query((query) => words.forEach((w) => query.term(w, { usePipeline: false })));
    return pagesOf(hits.map((h) => +h.ref), docs);
  };
  return { name: "lunr 2.3.9", bytes: Buffer.byteLength(json), buildMs, loadMs, rank };
}

const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = {};
for (const make of [miniSearch, lunrSearch]) {
  for (const [name, set] of Object.entries(input.sets)) {
    const docs = set.docs.map((d, id) => ({ ...d, id }));
    const lib = make(docs);
    const times = [], answers = {};
    for (const q of set.queries) {
      const [pages, ms] = timed(() => lib.rank(q));
      times.push(ms);
      answers[q] = pages.slice(0, 3);
    }
    out[`${lib.name}|${name}`] = { library: lib.name, set: name, sections: docs.length, bytes: lib.bytes,
      buildMs: lib.buildMs, loadMs: lib.loadMs, queryMs: median(times), answers };
  }
}
process.stdout.write(JSON.stringify(out));
