"""The page of one case: key facts, figures, timeline, narrative, questions."""

from __future__ import annotations

from .facets import PLACE_LEVELS, anchor, county_anchor
from .loading import CaseItem, Collection
from .markdown import TODO, Citations, bullet_list, esc, figures_table, numbered_list, or_todo, page_head, quotes_block, show_date
from .narrative import SECTIONS

# Trainees search for cases first: rank a case above a course or the
# programme page that mentions the same name.
CASE_BOOST = 2


def place_line(place) -> str:
    return " · ".join(or_todo(getattr(place, level)) for level in PLACE_LEVELS)


def _facet_links(values: list[str], page: str) -> str:
    return "、".join(f"[{esc(v)}]({page}#{anchor(v)})" for v in values) if values else TODO


def render_case(item: CaseItem, col: Collection) -> str:
    case = item.model
    cite = Citations(col.sources)
    out = page_head(case.title, case.status, CASE_BOOST)

    facts = [
        f"**地点**：{place_line(case.place)}",
        f"**所在区县**：[{esc(case.place.county or '区县待补充')}](by-county.md#{county_anchor(case.place)})",
        f"**产业**：{_facet_links(case.industries, 'by-industry.md')}",
        f"**主题**：{_facet_links(case.themes, 'by-theme.md')}",
        f"**模式**：{'；'.join(esc(m) for m in case.models) or TODO}",
        "**人物**：" + ("；".join(f"{esc(p.name)}（{esc(p.role)}）{cite.cite(p.source)}" for p in case.people) or TODO),
    ]
    out += ['!!! abstract "基本信息"', ""] + [f"    - {f}" for f in facts] + [""]
    out += ["## 概要", "", esc(case.summary), ""]

    out += ["## 关键数据", ""]
    if case.figures:
        out += figures_table(case.figures, cite, "时间")
    else:
        out.append(f"来源没有给出可引用的数据，{TODO}。")
    out.append("")

    out += ["## 时间线", ""]
    out.append(bullet_list([f"**{show_date(e.date)}**：{esc(e.event)} {cite.cite(e.source)}" for e in case.timeline]))
    out.append("")

    for title in SECTIONS:
        out += [f"## {title}", "", item.narrative.get(title) or f"{TODO}。", ""]

    out += quotes_block(case.quotes, cite, "原话摘录")

    out += ["## 讨论题", "", numbered_list([esc(q) for q in case.discussion_questions]), ""]
    out += ["## 学习要点", "", bullet_list([esc(p) for p in case.learning_points]), ""]
    courses = [f"[{esc(col.courses[c].model.title)}](../courses/{c}.md)" for c in case.related_courses if c in col.courses]
    out += ["## 相关课程", "", bullet_list(courses, "暂无。"), ""]

    out.append(cite.section(case.sources))
    return "\n".join(out)
