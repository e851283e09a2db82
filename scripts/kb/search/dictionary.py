"""What the content knows that the page text does not say, for the search:

- names: the words that name things (places, people, industries, glossary
  terms, course parts, titles). The index cuts titles and headings with
  jieba and these words, the browser cuts a query against the same
  vocabulary, and a name's pinyin finds it (dabacun -> 大坝村);
- synonyms: synonyms.yml's groups and each glossary term with its aliases;
- per page, the words that name it (its hints) and its rank class: an item
  page first, a list that merely links to items below it, the organisers'
  help pages last. Nothing in a page's front matter changes any of it.
"""

from __future__ import annotations

import re

from kb.content.kinds import each_item
from kb.render.facets import PLACE_LEVELS
from kb.render.glossary import PAGE as GLOSSARY_PAGE

# Rank classes: a case first (the site is a case library), then the other
# items, a handbook's chapters, the lists, the organisers' help pages.
CASE, ITEM, CHAPTER, LIST, HELP = 1.0, 0.6, 0.35, 0.3, 0.15
HANDBOOK_WORDS = ("培训手册", "培训配套手册", "手册")
# Where a title splits into the words that name something.
SPLIT = re.compile(r"[\s\u3000\-、。，．？！；：:,.!?;“”‘’「」『』《》〈〉（）()【】\[\]·…—/+]+").split


def _words(*texts) -> list[str]:
    return [w for text in texts if text for w in SPLIT(text) if w]


def case_names(model) -> list[str]:
    return _words(*(getattr(model.place, level) for level in PLACE_LEVELS),
                  *(p.name for p in model.people), *model.industries, *model.themes)


def page_search(col, pages: dict) -> dict[str, dict]:
    """Source path -> {"hints": words that name the page (searched like a
    heading), "names": the words it is found by as a whole (the title, and
    these: a query that is exactly one of them ranks the page higher),
    "rank": its class} for every staged page (pages: source path -> staged page)."""
    out = {src: {"hints": [], "names": [], "rank": HELP} for src in pages}  # hand-written pages: help
    for src in pages:
        if src.endswith("index.md") and src != "index.md" or src.startswith("cases/by-"):
            out[src]["rank"] = LIST
        elif src.startswith("handbooks/") and src.count("/") == 2:
            out[src]["rank"] = CHAPTER
        elif src.startswith("teaching/"):  # the teacher edition's teaching notes: found like the items
            out[src]["rank"] = ITEM
    if "index.md" in out:
        out["index.md"]["rank"] = LIST  # the home page lists what the site holds
    # A course part naming a place or person (现场教学：安顺市大坝村) must not
    # pull the course above the case for that name.
    case_words = {w for c in col.cases.values() for w in case_names(c.model)}
    course_titles = {c.model.id: c.model.title for c in col.courses.values()}
    for kind, item in each_item(col):
        m = item.model
        if kind == "case":
            hints = case_names(m)
        elif kind == "course":
            others = [t for i, t in course_titles.items() if i != m.id]
            hints = [w for w in _words(m.title, *(p.title for p in m.parts))
                     if not any(n in w for n in case_words) and not any(w in t for t in others)]
        else:
            hints = []
        # 培训手册 names the handbooks as a whole word only: as pairs it would
        # pull them into every query with 培训 in it.
        named = list(HANDBOOK_WORDS) if kind == "handbook" else hints
        src = f"{m.id}.md" if kind == "programme" else f"{kind}s/{m.id}.md"
        if src in out:
            out[src] = {"hints": hints, "names": named, "rank": CASE if kind == "case" else ITEM}
    if GLOSSARY_PAGE in out:
        words = ["术语", *glossary_words(col)]
        out[GLOSSARY_PAGE] = {"hints": words, "names": words, "rank": ITEM}
    return out


def glossary_words(col) -> list[str]:
    return [w for t in (col.glossary.model.terms if col.glossary else ()) for w in (t.term, *t.aliases)]


def names(col) -> list[str]:
    """Every word the content uses to name something, longest first."""
    words = set(glossary_words(col))
    for kind, item in each_item(col):
        m = item.model
        words.update(_words(m.title))
        if kind == "case":
            words.update(case_names(m))
        elif kind == "course":
            words.update(_words(*(p.title for p in m.parts)))
    words.update(w for group in col.synonyms for w in group)
    return sorted((w for w in words if 2 <= len(w) <= 12), key=lambda w: (-len(w), w))


def synonyms(col) -> list[list[str]]:
    groups = [list(g) for g in col.synonyms]
    for t in (col.glossary.model.terms if col.glossary else ()):
        if t.aliases:
            groups.append([t.term, *t.aliases])
    return groups
