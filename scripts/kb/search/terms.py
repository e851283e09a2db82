"""Chinese search terms: the user dictionary and the search-index refinements.

Material for MkDocs cuts Chinese text with jieba and joins the words with
U+200B; in the browser it looks query pieces up as exact index terms and then
matches them as word prefixes. Two consequences this module deals with:

* names must stay whole (jieba cuts 田家湾村 into 田家/湾/村), so every place,
  person, product, model and title in the content goes into a user dictionary;
* a word inside a compound is missed (刺梨 in 金刺梨, 经济 in 集体经济), so
  each document gets a `subwords` field holding the suffixes of its long words:
  every inner word is then a prefix of some indexed term.

Single-character words are glued to a neighbour (see glue_terms).
"""

from __future__ import annotations

import functools
import re

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
WORD = re.compile(r"^[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]{2,}$")
# A place name inside a role: shortest run of Chinese ending in a place word.
PLACE_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:省|市|州|县|区|镇|乡|村)")
# Material's separator for zh, plus the Chinese punctuation it leaves out.
SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：:,.!?;“”‘’「」『』《》〈〉（）()【】\[\]·…—/]+"
SPLIT = re.compile(SEPARATOR).split
TAG = re.compile(r"<[^>]*>")
SUBWORD_FIELD = "subwords"
MAX_LABEL_WORD = 8  # longer runs in titles are phrases, not names
# Caps that keep the build linear in the content's size whatever is written:
# jieba stores every prefix of a dictionary word and subwords holds every
# suffix, so both are quadratic in a word's length. Names are at most 30
# characters (kb/limits.py); longer runs are phrases and get neither.
MAX_WORD = 32


def user_words(col) -> list[str]:
    """Names in the content that search must keep whole, longest first."""
    names: set[str] = set()

    def add(*values):
        for value in values:
            if not value:
                continue
            if WORD.match(str(value)):
                names.add(str(value))  # e.g. 123产融合: letters and digits stay with the Chinese
            names.update(HAN_RUN.findall(str(value)))

    def add_places_in(*roles):
        for role in roles:
            names.update(PLACE_NAME.findall(role or ""))  # 碧江区六龙山村党支部副书记

    for item in col.cases.values():
        c = item.model
        add(*(getattr(c.place, level) for level in ("province", "city", "county", "township", "village")))
        add(*c.industries, *c.themes, *c.models, *(p.name for p in c.people))
        add(*(q.speaker for q in c.quotes if q.role))  # a role means a real person
        add_places_in(*(p.role for p in c.people), *(q.role for q in c.quotes))
    if col.programme:
        p = col.programme.model
        add(*p.focus, *(q.speaker for q in p.quotes if q.role))
        add_places_in(*(q.role for q in p.quotes))

    # Titles and labels are added only where they are not made of names
    # already known: 大坝村现场教学 kept whole would be one rare term that
    # outranks the case page in a search for 大坝村.
    labels = [i.model.title for i in col.courses.values()] + [i.model.title for i in col.handbooks.values()]
    labels += [part.title for i in col.courses.values() for part in i.model.parts]
    if col.programme:
        labels += [col.programme.model.title]
    compound_free = set()
    for label in labels:
        for run in HAN_RUN.findall(label or ""):
            if len(run) <= MAX_LABEL_WORD and not any(name in run for name in names):
                compound_free.add(run)
    return sorted((w for w in names | compound_free if len(w) <= MAX_WORD), key=lambda w: (-len(w), w))


def user_dictionary(words: list[str]) -> str:
    """jieba's user-dictionary format: one word per line, with a frequency
    high enough that jieba prefers the whole name over its pieces."""
    return "".join(f"{w} {1000 * len(w)}\n" for w in words)


def _glue_pattern():
    han = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    sep = SEPARATOR[1:-2]  # the character class without [ ]+
    # Where a phrase ends for the browser: a separator a reader sees, or an
    # HTML tag (Material's tokenizer cuts the text at tags, so <li>村 gives 村).
    real = sep.replace("\\u200b", "") + "<>"
    # Every branch matches one U+200B, written first so the regex engine can
    # jump from one U+200B to the next (twice as fast as lookbehinds first).
    return re.compile(
        "\u200b(?:"
        # a lone character joins the word before it,
        f"(?=[{han}](?:[{sep}<]|$))"
        # or, where a phrase starts with it, the word after it;
        f"|(?<=^[{han}]\u200b)|(?<=^\u200b[{han}]\u200b)|(?<=[{real}][{han}]\u200b)|(?<=[{real}]\u200b[{han}]\u200b)"
        # and letters or digits stay with Chinese: 123产融合.
        f"|(?<=[0-9A-Za-z]\u200b)(?=[{han}])|(?<=[{han}]\u200b)(?=[0-9A-Za-z]))")


GLUE = _glue_pattern()
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A lone character after a space (「文字 村（社区）」): no U+200B to remove, so
# the space goes; the preview shows 文字村, and 村 is no term of its own.
# A lone character between two visible separators (「…生成的）时，网站…」) has
# no neighbour to join: an invisible WORD JOINER (not a separator) makes it a
# two-character term that no query cuts at. The text looks the same.
_VISIBLE = SEPARATOR[1:-2].replace("\\s", " \\t\\n").replace("\\u200b", "")
LONE_MARK = re.compile(f"(?:^|(?<=[{_VISIBLE}<>]))([{_HAN}])(?=[{_VISIBLE}<]|$)")
# The whole run of blanks at once (possessive ++, lookahead for a space in
# it): with [ \t\u200b]*[ \t][ \t\u200b]* the engine tried every split of a
# run that no Chinese character follows, quadratic in its length
# (中 + 250,000 spaces + x: minutes).
LONE_AFTER_SPACE = re.compile(f"(?<=[{_HAN}])(?=\u200b*[ \t])[ \t\u200b]++(?=[{_HAN}](?:{SEPARATOR}|<|$))")


def glue_terms(text: str) -> str:
    """Remove the U+200B between two words where a term of its own would hurt
    search: a lone Chinese character (the browser would cut a query such as
    金刺梨 at an indexed 金), or letters/digits cut off Chinese (Material cuts
    only the Chinese runs, so 123产融合 would never be found). The text looks
    the same: U+200B is invisible."""
    return LONE_MARK.sub("\\1\u2060", LONE_AFTER_SPACE.sub("", GLUE.sub("", text)))


@functools.lru_cache(maxsize=200_000)
def _suffixes(word: str) -> tuple[str, ...]:
    """Suffixes of two or more characters that start with a Chinese character."""
    if len(word) < 3 or len(word) > MAX_WORD or not HAN.search(word):
        return ()
    return tuple(word[i:] for i in range(1, len(word) - 1) if HAN.match(word[i]))


def _words(*texts: str) -> set[str]:
    """The terms the browser will index: text between tags, cut at separators."""
    return {w for text in texts for w in SPLIT(TAG.sub(" ", text))}


def subwords(words: set[str], indexed: set[str]) -> str:
    """jieba's words and their suffixes that are not indexed terms: every
    inner word is then a prefix of a term (刺梨 of 金刺梨), and so is a word
    that gluing took away (党支部 inside 村党支部)."""
    found = {word for word in words if len(word) >= 2}
    for word in words:
        found.update(_suffixes(word))
    return " ".join(sorted(found - indexed))


def refine_index(index: dict) -> dict:
    """Apply the refinements above to Material's search index (in place)."""
    for doc in index["docs"]:
        # Suffixes of jieba's words (not of glued ones such as 大坝村的, which
        # would only add noise), minus what the glued text indexes anyway.
        words = _words(doc.get("title", ""), doc.get("text", ""))
        for field in ("title", "text"):
            if field in doc:
                doc[field] = glue_terms(doc[field])
        extra = subwords(words, _words(doc.get("title", ""), doc.get("text", "")))
        if extra:
            doc[SUBWORD_FIELD] = extra
    index["config"]["separator"] = SEPARATOR
    index["config"]["fields"][SUBWORD_FIELD] = {"boost": 1}
    return index
