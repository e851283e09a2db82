"""Index pages: they list cases so the navigation never has to.

A navigation that lists every page is copied into every page (1000 pages made
a 298 MB site); these pages keep the navigation to a few sections. They are
left out of search: their headings (茶叶, 印江县) would outrank the case pages
they point to, and every case would be indexed twice.
"""

from __future__ import annotations

from kb.render.counts import cases_sentence, county_phrase, courses_sentence, handbooks_sentence, value_phrase
from kb.render.case_list import case_list
from kb.render.facets import anchor, by_county, by_values, county_anchor
from kb.content.loading import Collection
from kb.render.markdown import esc, front_matter
from kb.render.course import handbook_title
from kb.render.wayfinding import ordered_courses, ordered_handbooks



def _case_line(case) -> str:
    where = "".join(p for p in (case.place.township, case.place.village) if p)
    return f"- [{esc(case.title)}]({case.id}.md){_draft(case.status)} — {esc(where)}"


def _cases(col: Collection) -> list:
    return [item.model for item in col.cases.values()]


def _intro(col: Collection, index: str) -> list[str]:
    """The opening text an organiser wrote in intros.yml (none: nothing)."""
    text = getattr(col.intros, index, None) if col.intros else None
    return [esc(text), ""] if text else []


def render_cases_home(col: Collection) -> str:
    # Every number here is counted from the content (kb/counts.py).
    cases = _cases(col)
    return "\n".join([
        front_matter("案例库", searchable=False), "# 案例库", "", *_intro(col, "cases"),
        # The list right under the intro: on a phone its first cases show on the
        # first screen; the counts and the other ways to browse follow it.
        *case_list(cases),
        f"{cases_sentence(col)}也可以按[区县](by-county.md)（{county_phrase(cases)}）、"
        f"[产业](by-industry.md)（{value_phrase(cases, 'industries', '产业')}）、"
        f"[主题](by-theme.md)（{value_phrase(cases, 'themes', '主题')}）浏览，或点页面顶部的“搜索”。", "",
    ])


def render_by_county(col: Collection) -> str:
    out = [front_matter("按区县浏览案例", searchable=False), "# 按区县浏览案例", ""]
    for city, counties in by_county(_cases(col)).items():
        out += [f"## {esc(city)} {{ #{anchor(city)} }}", ""]
        for county, cases in counties.items():
            out += [f"### {esc(county)}（{len(cases)}） {{ #{county_anchor(cases[0].place)} }}", ""]
            out += [_case_line(c) for c in cases] + [""]
    return "\n".join(out)


def render_by_values(col: Collection, field: str, title: str) -> str:
    out = [front_matter(title, searchable=False), f"# {title}", ""]
    for value, cases in by_values(_cases(col), field).items():
        out += [f"## {esc(value)}（{len(cases)}） {{ #{anchor(value)} }}", ""]
        out += [_case_line(c) for c in cases] + [""]
    return "\n".join(out)


def _list_page(title: str, intro: list[str], lines: list[str]) -> str:
    return "\n".join([front_matter(title, searchable=False), f"# {title}", "", *intro, *lines]) + "\n"


def _draft(status: str) -> str:
    return "（草稿）" if status == "draft" else ""


def render_courses_home(col: Collection) -> str:
    return _list_page("课程", [*_intro(col, "courses"), courses_sentence(col), ""],
                      [f"- [{esc(c.title)}]({c.id}.md){_draft(c.status)}" + (f" — {esc(c.kind)}" if c.kind else "")
                       for c in ordered_courses(col)])


def render_handbooks_home(col: Collection) -> str:
    return _list_page("培训手册", [*_intro(col, "handbooks"), handbooks_sentence(col), ""],
                      [f"- [{esc(handbook_title(h))}]({h.id}.md){_draft(h.status)}"
                       for h in ordered_handbooks(col, handbook_title)])
