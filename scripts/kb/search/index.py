"""Our own search index, written by the finish pass from the finished pages.

Chinese text is indexed as character pairs (a name never seen before is
found, and 经济 is found inside 集体经济); letters and digits as whole words.
Each page is cut into sections at its headings; a section's terms carry the
weight of the field they are in (title, the words that name the page,
heading, text), with a ceiling, so no field wins by weight alone. Text is
read as simplified characters (婁 as 娄), as the browser reads a query.

Beside the postings the index carries what the browser needs to read a
query (kb.search.vocab): the vocabulary it cuts a query against, the
synonyms, the traditional characters and, in shards of their own, the pinyin.

Everything is a plain script that hands its part to the page
(`__kbSearch.add(kind, n, data)`): plain <script> loads work from file:// and
under the CSP, where fetch(), workers and modules do not. Nothing is loaded
until a reader opens the search page; then the page list, the term shards
the query needs and the text of the results shown.

    search/meta.js    pages [rank class ×100, sections], vocabulary, synonyms, traditional
    search/t<N>.js    term -> [section, weight, section, weight, ...], sections as gaps
    search/x<N>.js    sections [address, page title, heading, text] for the results shown
    search/p<a>.js    pinyin (by first letter) -> the words it spells
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections import Counter

from kb.search.vocab import HAN, Vocabulary, to_simplified, traditional_for

SECTION = re.compile(r"<h([1-6])\b[^>]*?(?:\bid=\"([^\"]*)\")?[^>]*>(.*?)</h\1>", re.S)
# Not part of any section's text: the breadcrumb, previous / next, the draft banner.
# (The sanitiser writes attributes in its own order.)
SKIP = re.compile(r'<nav\b[^>]*\bclass="kb-(?:crumbs|pager)"[^>]*>.*?</nav>'
                  r'|<div\b[^>]*\bclass="admonition warning kb-draft"[^>]*>.*?</div>', re.S)
TAG = re.compile(r"<[^>]+>")
TOKEN = re.compile(rf"[{HAN}]+|[0-9]+|[a-z]+")
HAN_CHARS = re.compile(f"[{HAN}]")
# hint: the words that name a page (kb.search.dictionary), weighted like a heading.
FIELD_WEIGHT = {"title": 8.0, "hint": 4.0, "heading": 4.0, "text": 1.0}
EXACT_WEIGHT = 8.0  # the section is named exactly the query
NOT_WORD = re.compile(rf"[^0-9a-z{HAN}]+")
MAX_WEIGHT = 12.0      # a term's weight in one section, all fields together
TEXT_LIMIT = 200       # characters of a section kept for the result preview
SHARD_BYTES = 12_000   # aim per term shard: a query fetches a few, on a phone on 3G
TEXT_PER_SHARD = 10    # sections per preview shard: a result shown fetches one
FORMAT = 2
# Weights are written as whole numbers: the ranking does not change with the
# scale, and the index is shorter than with decimals.
WEIGHT_SCALE = 10


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, lower case, simplified
    characters (the browser does the same to a query)."""
    return to_simplified(unicodedata.normalize("NFKC", text).lower())


def terms(text: str) -> list[str]:
    """Character pairs of Chinese runs (a lone character as itself); words of
    letters, numbers. A one-character query is answered from the titles
    (kb-search.js): as a term it would match half of every page."""
    out = []
    for run in TOKEN.findall(normalise(text)):
        if len(run) == 1 or run[0] <= "z":
            out.append(run)
            continue
        out.extend(map(str.__add__, run, run[1:]))
    return out


def exact(name: str) -> str:
    """The term that says a section is named `name`: '=' and the name without
    spaces or punctuation. The browser looks up the query the same way."""
    return "=" + NOT_WORD.sub("", normalise(name))


def shard_of(term: str, count: int) -> int:
    """The same number in kb-search.js: the sum of the term's UTF-16 code units."""
    units = term.encode("utf-16-le")
    return sum(int.from_bytes(units[i:i + 2], "little") for i in range(0, len(units), 2)) % count


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def sections(content: str) -> list[tuple[str, str, str]]:
    """A page's content as [(anchor, heading, text)]: first its opening (the
    text under the h1, no anchor or heading), then one per later heading."""
    content = SKIP.sub(" ", content)
    heads = list(SECTION.finditer(content))
    bodies = [text_of(content[m.end():(heads[i + 1].start() if i + 1 < len(heads) else len(content))])
              for i, m in enumerate(heads)]
    opening = text_of(content[:heads[0].start()] if heads else content)
    rest = list(zip(heads, bodies))
    if rest and rest[0][0].group(1) == "1":
        opening = " ".join(filter(None, [opening, rest[0][1]]))
        rest = rest[1:]
    return [("", "", opening), *((m.group(2) or "", text_of(m.group(3)), body) for m, body in rest)]


class SearchIndex:
    def __init__(self, names: list[str] = (), synonyms: list[list[str]] = ()):
        self.pages: list[list] = []     # [rank class ×100, sections]
        self.sections: list[list] = []  # [address, page title, heading, text]
        self.postings: dict[str, list[int]] = {}  # term -> [section, weight, ...]
        self.vocabulary = Vocabulary([normalise(n) for n in names])
        self.synonyms = [[normalise(w) for w in group] for group in synonyms]
        self.chars: set[str] = set()

    def add_page(self, url: str, title: str, content: str, rank: float = 1.0,
                 hints: list[str] = (), names: list[str] = ()) -> None:
        """One page: its opening (under the h1) is found by its title and hints,
        each later heading starts a section found by its heading and text. A
        section whose title, heading or hint is exactly the query ranks higher."""
        first = len(self.sections)
        self.vocabulary.add_text(normalise(title))
        (_, _, opening), *rest = sections(content)
        self._add([url, title, ""], opening, {"title": title, "hint": " ".join(hints), "text": opening}, [title, *names])
        for anchor, heading, body in rest:
            self.vocabulary.add_text(normalise(heading))
            self._add([f"{url}#{anchor}" if anchor else url, title, heading if heading != title else ""], body,
                      {"heading": heading, "text": body}, [heading])
        self.pages.append([round(rank * 100), len(self.sections) - first])

    def _add(self, shown: list[str], body, fields, names) -> None:
        """shown: the result's address, page title and heading."""
        doc = len(self.sections)
        self.sections.append([*shown, body[:TEXT_LIMIT]])
        weights: dict[str, float] = {}
        for field, text in fields.items():
            if text:
                self.chars.update(text)  # every character: traditional_for() keeps the Chinese ones
                weight = FIELD_WEIGHT[field]
                for term, n in Counter(terms(text)).items():
                    weights[term] = weights.get(term, 0.0) + weight * (_TF[n] if n < len(_TF) else _tf(n))
        top = MAX_WEIGHT
        scaled = {t: int((w if w < top else top) * WEIGHT_SCALE + 0.5) for t, w in weights.items()}
        if "title" in fields:  # a one-character query looks at the titles: shorter titles first
            for char in dict.fromkeys(normalise(fields["title"])):  # in order: the same index every build
                if HAN_CHARS.match(char):
                    scaled["^" + char] = int(max(1.0, 60 - len(fields["title"])) + 0.5)
        for name in names:  # the section is named exactly this: its title, heading, a name of the page
            key = exact(name)
            if len(key) > 2:
                scaled[key] = int(EXACT_WEIGHT * WEIGHT_SCALE + 0.5)
        postings = self.postings
        for term, w in scaled.items():  # docs are added in order: each row stays sorted
            row = postings.get(term)
            if row is None:
                postings[term] = [doc, w]
            else:
                row += (doc, w)

    def files(self) -> dict[str, bytes]:
        """search/*.js: the page list, the term, preview and pinyin shards."""
        size = sum(len(t.encode()) + 5 * len(row) for t, row in self.postings.items())
        count = max(1, math.ceil(size / SHARD_BYTES))
        shards: list[dict] = [{} for _ in range(count)]
        for term, row in self.postings.items():
            shards[shard_of(term, count)][term] = _gaps(row)
        texts = math.ceil(len(self.sections) / TEXT_PER_SHARD)
        pinyin: dict[str, dict[str, str]] = {}
        for key, words in self.vocabulary.pinyin().items():
            pinyin.setdefault(key[0], {})[key] = " ".join(words)
        used = self.chars | {c for w in self.vocabulary.words for c in w}
        meta = {"format": FORMAT, "shards": count, "textShards": texts, "perText": TEXT_PER_SHARD,
                "sections": len(self.sections),
                "pages": self.pages,
                "vocabulary": " ".join(sorted(self.vocabulary.words)),
                "synonyms": [" ".join(g) for g in self.synonyms],
                "traditional": traditional_for(used), "pinyin": "".join(sorted(pinyin))}
        out = {"search/meta.js": _script("meta", 0, meta)}
        for i, shard in enumerate(shards):
            out[f"search/t{i}.js"] = _script("terms", i, shard)
        for i in range(texts):
            out[f"search/x{i}.js"] = _script("text", i, self.sections[i * TEXT_PER_SHARD:(i + 1) * TEXT_PER_SHARD])
        for letter, table in pinyin.items():
            out[f"search/p{letter}.js"] = _script("pinyin", letter, table)
        return out


def _gaps(row: list[int]) -> list[int]:
    """[section, weight, ...] with each section written as the gap to the one before."""
    out, last = [], 0
    for i in range(0, len(row), 2):
        out += (row[i] - last, row[i + 1])
        last = row[i]
    return out


def _tf(n: int) -> float:
    return 1 + math.log(n)


_TF = [0.0] + [_tf(n) for n in range(1, 1024)]  # looked up: _add runs for every term of every section


def _script(kind: str, number, data) -> bytes:
    # JSON inside a script: "</" would end the element early.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f"__kbSearch.add({json.dumps(kind)},{json.dumps(number)},{body});\n".encode("utf-8")
