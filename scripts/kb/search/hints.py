"""What the content knows that the text does not say: which words name a
page (the elements of 八要素 name the 八要素 course; 手册 names the
handbooks; each glossary term names the glossary). The search index
(kb.search.index) gives these words a field of their own on the page's
opening section, weighted like the title.
"""

from __future__ import annotations

import re

from kb.render.facets import PLACE_LEVELS

HANDBOOK_WORDS = ("培训手册", "培训配套手册", "手册")
# Where a title splits into the words that name something.
SPLIT = re.compile(r"[\s\u3000\-、。，．？！；：:,.!?;“”‘’「」『』《》〈〉（）()【】\[\]·…—/]+").split


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
