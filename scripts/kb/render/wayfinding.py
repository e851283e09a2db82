"""Where an item page sits: its breadcrumb and its neighbours in its list.

Item pages are not in the navigation (a nav listing every page is copied into
every page), so the theme cannot tell a reader where they are. These values go
into each generated page's front matter (kb_crumbs, kb_prev, kb_next); the
stage turns them into content (a breadcrumb above the title, previous / next
at the end) that every engine renders the same way. Paths are source paths
(cases/daba.md, optionally with #anchor), written as links relative to the
page, so they work under file:// too.
"""

from __future__ import annotations

import posixpath

from kb.content.kinds import KINDS, LISTED
from kb.render.markdown import esc
from kb.render.facets import NO_COUNTY, by_pinyin, case_sort_key, county_anchor

HOME = ["首页", "index.md"]
# The handbooks' section is called 培训手册 in the nav, not just 手册.
SECTIONS = {kind: [{"handbook": "培训手册"}.get(kind, KINDS[kind].word), f"{KINDS[kind].folder}/index.md"]
            for kind in LISTED}


def ordered_cases(col) -> list:
    """Cases in the order the case list shows them (pinyin order of titles)."""
    return sorted((item.model for item in col.cases.values()), key=case_sort_key)


def ordered_courses(col) -> list:
    return by_pinyin([item.model for item in col.courses.values()], key=lambda c: c.title)


def ordered_handbooks(col, title) -> list:
    return by_pinyin([item.model for item in col.handbooks.values()], key=title)


def neighbours(items: list, folder: str, title) -> dict[str, dict]:
    """kb_prev / kb_next for each item of an ordered list: [title, path]."""
    meta: dict[str, dict] = {}
    for i, item in enumerate(items):
        here: dict = {}
        if i > 0:
            here["kb_prev"] = [title(items[i - 1]), f"{folder}/{items[i - 1].id}.md"]
        if i + 1 < len(items):
            here["kb_next"] = [title(items[i + 1]), f"{folder}/{items[i + 1].id}.md"]
        meta[item.id] = here
    return meta


def case_meta(col) -> dict[str, dict]:
    """Case id -> front-matter keys: 首页 › 案例 › 印江县 › 田家湾村."""
    cases = ordered_cases(col)
    meta = neighbours(cases, "cases", lambda c: c.title)
    for case in cases:
        county = [case.place.county or NO_COUNTY, f"cases/by-county.md#{county_anchor(case.place)}"]
        meta[case.id]["kb_crumbs"] = [HOME, SECTIONS["case"], county, [case.place.village or case.title, None]]
    return meta


def course_meta(col) -> dict[str, dict]:
    courses = ordered_courses(col)
    meta = neighbours(courses, "courses", lambda c: c.title)
    for course in courses:
        meta[course.id]["kb_crumbs"] = [HOME, SECTIONS["course"], [course.title, None]]
    return meta


def handbook_meta(col, title) -> dict[str, dict]:
    """title: how a handbook is named (a handbook may have no known title)."""
    handbooks = ordered_handbooks(col, title)
    meta = neighbours(handbooks, "handbooks", title)
    for handbook in handbooks:
        meta[handbook.id]["kb_crumbs"] = [HOME, SECTIONS["handbook"], [title(handbook), None]]
    return meta


def _relative(src: str, page: str) -> str:
    """A link from the page (a source path) to another source path: both
    engines turn it into a relative URL, so it works from file:// too."""
    path, _, fragment = src.partition("#")
    rel = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return rel + (f"#{fragment}" if fragment else "")


def _link(pair, page: str) -> str:
    title, path = pair
    return f"[{esc(title)}]({_relative(path, page)})" if path else esc(title)


def crumbs_markdown(meta: dict, page: str) -> list[str]:
    """The breadcrumb above an item page's title, as content: 首页 › 案例 › 印江县 › 田家湾村."""
    if not meta.get("kb_crumbs"):
        return []
    items = [f"{i}. {_link(pair, page)}" for i, pair in enumerate(meta["kb_crumbs"], start=1)]
    return ['<nav class="kb-crumbs" aria-label="当前位置" markdown="1">', "", *items, "", "</nav>", ""]


def pager_markdown(meta: dict, page: str) -> list[str]:
    """Previous / next in the item's list, at the end of the page."""
    links = []
    if meta.get("kb_prev"):
        links.append(f"[← 上一篇：{_link([meta['kb_prev'][0], None], page)}]({_relative(meta['kb_prev'][1], page)})")
    if meta.get("kb_next"):
        links.append(f"[下一篇：{_link([meta['kb_next'][0], None], page)} →]({_relative(meta['kb_next'][1], page)})")
    if not links:
        return []
    return ['<nav class="kb-pager" aria-label="上一篇和下一篇" markdown="1">', "", " · ".join(links), "", "</nav>", ""]
