"""Where an item page sits: its breadcrumb and its neighbours in its list.

Item pages are not in the navigation (a nav listing every page is copied into
every page), so the theme cannot tell a reader where they are. These values go
into each generated page's front matter (kb_crumbs, kb_prev, kb_next) and the
theme override (overrides/main.html) shows them. Paths are source paths
(cases/daba.md, optionally with #anchor); the build adapter turns them into
links relative to the page, so they work under file:// too.
"""

from __future__ import annotations

from kb.render.facets import NO_COUNTY, by_pinyin, case_sort_key, county_anchor

HOME = ["首页", "index.md"]
SECTIONS = {"case": ["案例", "cases/index.md"], "course": ["课程", "courses/index.md"],
            "handbook": ["培训手册", "handbooks/index.md"]}


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


def links(meta: dict, href) -> dict | None:
    """The theme's view of a page's kb_* keys: titles with hrefs made by
    href(source path) (relative to the page); None when the page has none.
    A path naming no page (an item removed since) gives a crumb with no link."""
    if not meta or "kb_crumbs" not in meta:
        return None

    def link(pair):
        title, path = pair
        if not path:
            return {"title": str(title), "href": None}
        src, _, fragment = str(path).partition("#")
        target = href(src)
        return {"title": str(title), "href": target and (target + (f"#{fragment}" if fragment else ""))}

    return {"crumbs": [link(p) for p in meta["kb_crumbs"]],
            "prev": link(meta["kb_prev"]) if meta.get("kb_prev") else None,
            "next": link(meta["kb_next"]) if meta.get("kb_next") else None}
