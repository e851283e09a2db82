"""What the content knows that the search index does not: which words name a
page (the elements of 八要素 name the 八要素 course; 手册 names the
handbooks), and which text previews it.

* keywords: a field with a high boost on the page's first document, so a
  query naming a part of a course finds that course before a case that
  merely mentions the word;
* preview: Material shows a page's first document as its result text; on a
  draft that is the draft banner. The banner is taken out of the index (it is
  the same on every draft) and the page's summary (its 概要 / 简介 section)
  is put first.
"""

from __future__ import annotations

import functools
import re

from kb.render.facets import PLACE_LEVELS
from kb.search.terms import HAN, SPLIT, TAG

KEYWORD_FIELD = "keywords"
KEYWORD_BOOST = 2000  # above a title match (Material: 1000): 培训手册 in the home page's title
MAX_KEYWORD = 6
SUMMARY_SECTIONS = ("概要", "简介")
HANDBOOK_WORDS = ("培训手册", "培训配套手册", "手册")
ZWSP = "\u200b"


def page_hints(col) -> dict[str, list[str]]:
    """Source path -> the words that name the page."""
    hints: dict[str, list[str]] = {}
    # A course part naming a place or person (现场教学：安顺市大坝村) must not
    # pull the course above the case for that name.
    names = {v for i in col.cases.values() for v in (*(getattr(i.model.place, k) for k in PLACE_LEVELS),
                                                     *(p.name for p in i.model.people)) if v}
    for item in col.courses.values():
        c = item.model
        words = [w for v in (c.title, *(p.title for p in c.parts)) for w in SPLIT(v)]
        # A part that another course is about (讨论课, 八要素 in 产业发展课程) names that course.
        others = [o.model.title for o in col.courses.values() if o.model.id != c.id]
        hints[f"courses/{c.id}.md"] = [w for w in words if not any(n in w for n in names)
                                       and not any(w in title for title in others)]
    for item in col.handbooks.values():
        h = item.model
        hints[f"handbooks/{h.id}.md"] = list(HANDBOOK_WORDS)
    if col.glossary:
        hints["glossary.md"] = ["术语", *(name for t in col.glossary.model.terms for name in (t.term, *t.aliases))]
    return hints


def _words(values: list[str]) -> str:
    """The pieces of each value that name something: a long piece (大坝村现场教学)
    would match every query it starts with (大坝村) and outrank the case. The
    index splits the field at spaces: each keyword stays one term."""
    pieces = (w for v in values for w in SPLIT(v))
    return " ".join(dict.fromkeys(w for w in pieces if 2 <= len(w) <= MAX_KEYWORD))


def _loose(text: str) -> re.Pattern:
    """text as it appears in the index: jieba put U+200B anywhere inside."""
    return re.compile(f"{ZWSP}?".join(re.escape(ch) for ch in text if not ch.isspace()))


BANNER = ("草稿：部分内容待补充", "来源没有说明的信息在本页标为「待补充」。请勿把空缺处当作事实引用。")
_BANNER = [re.compile(rf"<p>{ZWSP}?{_loose(line).pattern}{ZWSP}?</p>\s*") for line in BANNER]


def apply_hints(index: dict, keywords: dict[str, list[str]], names: set[str] = frozenset()) -> dict:
    """keywords: page location (as in the index) -> words; names: words a
    reader may type whole (the user dictionary). Changes the index in place."""
    docs = index["docs"]
    by_location = {doc["location"]: doc for doc in docs}
    for doc in docs:
        location = doc["location"]
        if "#" in location:
            continue
        text = doc.get("text", "")
        for banner in _BANNER:
            text = banner.sub("", text)
        summary = next((by_location[f"{location}#{name}"].get("text", "") for name in SUMMARY_SECTIONS
                        if f"{location}#{name}" in by_location), "")
        doc["text"] = summary + (" " if summary and text else "") + text if summary else text
        if location in keywords:
            doc[KEYWORD_FIELD] = _words(keywords[location])
    index["config"]["fields"][KEYWORD_FIELD] = {"boost": KEYWORD_BOOST}
    add_prefixes(index, names | {w for words in keywords.values() for w in SPLIT(" ".join(words))})
    return index


# How Material's browser code reads a Chinese query: from the start, the
# longest indexed term that ends BEFORE the last character, then again from
# there; it stops at the first place where no indexed term starts. So
# 基层治理 is searched as 基层* (治理 dropped: 基层党建 matches as well as
# 基层治理), and 什么是八要素 as 什么* (是 is no term). Indexing the prefixes
# of names (基层治, 培训农) and the words questions are made of lets the
# browser read the query as the reader meant it. They go into a field of
# negligible weight: only their presence in the index matters.
HINT_FIELD = "hints"
HINT_BOOST = 0.001
QUESTION_WORDS = ("什么", "什么是", "是什么", "为什么", "怎么", "怎么样", "怎样", "如何", "哪些", "哪个", "哪里",
                  "是谁", "是否", "有没有", "意思", "多少")
LONG_WORD = 4  # words this long get their last prefix even when not names


@functools.lru_cache(maxsize=200_000)
def _prefixes(word: str, whole: bool) -> tuple[str, ...]:
    if not HAN.search(word):
        return ()
    return tuple(word[:k] for k in range(2, len(word))) if whole else ((word[:-1],) if len(word) >= LONG_WORD else ())


def add_prefixes(index: dict, names: set[str]) -> None:
    docs = index["docs"]
    fields = [f for f in index["config"]["fields"] if f != HINT_FIELD]
    terms = [{w for f in fields for w in SPLIT(TAG.sub(" ", str(doc.get(f, ""))))} for doc in docs]
    indexed = set().union(*terms) if terms else set()
    placed: set[str] = set()
    for i, (doc, words) in enumerate(zip(docs, terms)):
        found = {p for w in words if len(w) >= 3 for p in _prefixes(w, w in names)} - indexed - placed
        if i == 0:  # the first page (the home page) carries the question words
            found |= set(QUESTION_WORDS) - indexed
        if found:
            doc[HINT_FIELD] = " ".join(sorted(found))
            placed |= found
    index["config"]["fields"][HINT_FIELD] = {"boost": HINT_BOOST}
