"""Our own search index, written by the finish pass from the finished pages.

Chinese is indexed as character pairs (no dictionary, so a name never seen
before is found, and 经济 is found inside 集体经济); Latin letters and digits
as whole words. The browser
(docs/assets/javascripts/kb-search.js) cuts a query the same way and ranks
the sections that share the most of its pairs.

The index is split into shards, each a plain script that hands its part to
the page (`__kbSearch.add(...)`): plain <script> loads work from file:// and
under the CSP, where fetch(), workers and modules do not. Nothing is loaded
until a reader opens search; then the section list and only the term shards
the query needs, and the text of the results shown.
"""

from __future__ import annotations

import functools
import html
import json
import math
from collections import Counter
import re
import unicodedata

SECTION = re.compile(r"<h([1-6])\b[^>]*?(?:\bid=\"([^\"]*)\")?[^>]*>(.*?)</h\1>", re.S)
# Not part of any section's text: the breadcrumb, previous / next, the draft banner.
SKIP = re.compile(r'<nav class="kb-(?:crumbs|pager)".*?</nav>|<div class="admonition warning kb-draft">.*?</div>', re.S)
TAG = re.compile(r"<[^>]+>")
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(rf"[{HAN}]+|[0-9a-z]+")
FIELD_WEIGHT = {"title": 8.0, "hint": 6.0, "heading": 4.0, "text": 1.0}
TEXT_LIMIT = 1200      # characters of a section kept for the result preview
SHARD_BYTES = 48_000   # aim per term shard: small enough for a phone on 3G
TEXT_PER_SHARD = 100   # sections per preview shard
FORMAT = 1
# Weights are written as whole numbers: the ranking does not change with the
# scale, and the index is shorter than with decimals.
WEIGHT_SCALE = 10


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, lower case (the browser does the same)."""
    return unicodedata.normalize("NFKC", text).lower()


def terms(text: str) -> list[str]:
    """Character pairs of Chinese runs (a lone character as itself); words of
    letters and digits. A one-character query is answered from the titles
    (kb-search.js): as a term it would match half of every page."""
    out = []
    for run in TOKEN.findall(normalise(text)):
        if len(run) == 1 or "0" <= run[0] <= "9" or "a" <= run[0] <= "z":
            out.append(run)
            continue
        out.extend(map(str.__add__, run, run[1:]))
    return out


def shard_of(term: str, count: int) -> int:
    """The same number in kb-search.js: the sum of the term's UTF-16 code units."""
    units = term.encode("utf-16-le")
    return sum(int.from_bytes(units[i:i + 2], "little") for i in range(0, len(units), 2)) % count


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


class SearchIndex:
    def __init__(self):
        self.sections: list[list] = []  # [url, page title, section title, boost]
        self.texts: list[str] = []
        self.postings: dict[str, list[int]] = {}  # term -> [doc, weight, doc, weight, ...]

    def add_page(self, url: str, title: str, content: str, boost: float = 1.0, hints: list[str] = ()) -> None:
        """One page: its opening (under the h1) is found by its title and hints,
        each later heading starts a section found by its heading and text."""
        content = SKIP.sub(" ", content)
        heads = list(SECTION.finditer(content))
        bodies = [text_of(content[m.end():(heads[i + 1].start() if i + 1 < len(heads) else len(content))])
                  for i, m in enumerate(heads)]
        opening = text_of(content[:heads[0].start()] if heads else content)
        rest = list(zip(heads, bodies))
        if rest and rest[0][0].group(1) == "1":
            opening = " ".join(filter(None, [opening, rest[0][1]]))
            rest = rest[1:]
        self._add(url, title, "", boost, opening,
                  {"title": title, "hint": " ".join(hints), "text": opening})
        for match, body in rest:
            heading = text_of(match.group(3))
            anchor = match.group(2)
            self._add(f"{url}#{anchor}" if anchor else url, title, heading, boost, body,
                      {"heading": heading, "text": body})

    def _add(self, url, title, heading, boost, body, fields) -> None:
        doc = len(self.sections)
        self.sections.append([url, title, heading if heading != title else "", round(boost, 3)])
        self.texts.append(body[:TEXT_LIMIT])
        weights: dict[str, float] = {}
        for field, text in fields.items():
            if text:
                weight = FIELD_WEIGHT[field]
                for term, n in Counter(terms(text)).items():
                    weights[term] = weights.get(term, 0.0) + weight * _tf(n)
        postings = self.postings
        for term, weight in weights.items():  # docs are added in order: each row stays sorted
            row = postings.get(term)
            if row is None:
                postings[term] = [doc, int(weight * WEIGHT_SCALE + 0.5)]
            else:
                row += (doc, int(weight * WEIGHT_SCALE + 0.5))

    def files(self) -> dict[str, bytes]:
        """search/*.js: the sections, the term shards and the preview shards."""
        size = sum(len(t.encode()) + 4 * len(row) for t, row in self.postings.items())
        count = max(1, math.ceil(size / SHARD_BYTES))
        shards: list[dict] = [{} for _ in range(count)]
        for term, row in self.postings.items():
            shards[shard_of(term, count)][term] = row
        texts = math.ceil(len(self.texts) / TEXT_PER_SHARD)
        meta = {"format": FORMAT, "shards": count, "textShards": texts, "perText": TEXT_PER_SHARD,
                "docs": self.sections}
        out = {"search/meta.js": _script("meta", 0, meta)}
        for i, shard in enumerate(shards):
            out[f"search/t{i}.js"] = _script("terms", i, shard)
        for i in range(texts):
            out[f"search/x{i}.js"] = _script("text", i, self.texts[i * TEXT_PER_SHARD:(i + 1) * TEXT_PER_SHARD])
        return out


@functools.lru_cache(maxsize=4096)
def _tf(n: int) -> float:
    return 1 + math.log(n)


def _script(kind: str, number: int, data) -> bytes:
    # JSON inside a script: "</" would end the element early.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"__kbSearch.add({json.dumps(kind)},{number},{body});\n".encode("utf-8")
