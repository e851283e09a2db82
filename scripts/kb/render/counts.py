"""Counts said the way the content knows them.

「3 个区县，另有 1 个案例的区县待补充」, never 「分布在 4 个区县」: a count
states only what the content says, and says what it does not know.
"""

from __future__ import annotations

from kb.content.loading import Collection


def _drafts(items) -> int:
    return sum(1 for i in items if i.model.status == "draft")


def _of_which_drafts(items) -> str:
    n = _drafts(items)
    if n and n == len(items):
        return "（均为草稿）"
    return f"（其中 {n} 个为草稿）" if n else ""


def distinct(cases: list, field: str) -> int:
    return len({v for c in cases for v in getattr(c, field)})


def lacking(cases: list, field: str) -> int:
    """Cases that leave the field empty without saying why: a case that
    says it has no industry (no_industry) has not left it out."""
    return sum(1 for c in cases if not getattr(c, field) and not (field == "industries" and c.no_industry))


def county_phrase(cases: list) -> str:
    """「4 个区县」 on a 铜仁 site would hide that one is in 安顺市: with more
    than one city the count says so (「2 个市的 4 个区县」)."""
    counties = {(c.place.city, c.place.county) for c in cases if c.place.county}
    cities = {city for city, _ in counties if city}
    unknown = sum(1 for c in cases if not c.place.county)
    if not counties:
        return "区县均待补充"
    where = f"{len(cities)} 个市的 {len(counties)} 个区县" if len(cities) > 1 else f"{len(counties)} 个区县"
    return where + (f"，另有 {unknown} 个案例的区县待补充" if unknown else "")


def value_phrase(cases: list, field: str, word: str) -> str:
    text = f"{distinct(cases, field)} 个{word}"
    missing = lacking(cases, field)
    return text + (f"（{missing} 个案例未写{word}）" if missing else "")


def cases_sentence(col: Collection) -> str:
    items = list(col.cases.values())
    if not items:
        return "本站还没有收录案例。"
    where = county_phrase([i.model for i in items])
    return f"本站收录 {len(items)} 个案例{_of_which_drafts(items)}，{'' if where.startswith('区县') else '分布在 '}{where}。"


def courses_sentence(col: Collection) -> str:
    items = list(col.courses.values())
    if not items:
        return "本站还没有收录课程。"
    return f"本站收录 {len(items)} 门课程{_of_which_drafts(items).replace('个', '门')}。"


def handbooks_sentence(col: Collection) -> str:
    items = list(col.handbooks.values())
    if not items:
        return "本站还没有收录培训手册。"
    untitled = sum(1 for i in items if not getattr(i.model, "title", None))
    tail = f"，其中 {untitled} 本的书名待补充" if untitled else ""
    return f"本站收录 {len(items)} 本培训手册{tail}。"
