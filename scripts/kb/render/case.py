"""The page of one case: key facts, figures, timeline, narrative, questions."""

from __future__ import annotations

from kb.render.facets import PLACE_LEVELS, anchor, county_anchor
from kb.content.loading import CaseItem, Collection
from kb.render.conflicts import figures_table
from kb.render.markdown import TODO, Citations, bullet_list, esc, numbered_list, or_todo, page_head, quotes_block
from kb.render.conflicts import timeline_line
from kb.render.editorial import EDITORS, EDITORS_NOTE, INSIGHT_NOTE, cite_text, esc_cited
from kb.check.attachments import relink
from kb.content.narrative import SECTIONS
from kb.render.relations import courses_reading
from kb.render.handbook import included_line, pdf_line
from kb.render.audience import TEACHER_SECTIONS, TRAINEE, for_teachers
from kb.render.teaching import FOLDER as TEACHING_FOLDER


def place_line(place) -> str:
    return " · ".join(or_todo(getattr(place, level)) for level in PLACE_LEVELS)


def _facet_links(values: list[str], page: str) -> str:
    return "、".join(f"[{esc(v)}]({page}#{anchor(v)})" for v in values) if values else TODO


def render_case(item: CaseItem, col: Collection, meta: dict | None = None, pdf: str | None = None,
                edition: str = TRAINEE) -> str:
    """edition: the trainee page leaves out what is the teacher's (kb.render.audience)."""
    case = item.model
    teacher = for_teachers(edition)
    cite = Citations(col.sources)
    out = page_head(case.title, case.status, meta)

    facts = [
        f"**地点**：{place_line(case.place)}",
        f"**所在区县**：[{esc(case.place.county or '区县待补充')}](by-county.md#{county_anchor(case.place)})",
        f"**产业**：{esc(case.no_industry) if case.no_industry and not case.industries else _facet_links(case.industries, 'by-industry.md')}",
        f"**主题**：{_facet_links(case.themes, 'by-theme.md')}",
        f"**模式**：{'；'.join(esc(m) for m in case.models) or TODO}",
        "**人物**：" + ("；".join(f"{esc(p.name)}（{esc(p.role)}）{cite.cite(p.source)}" for p in case.people) or TODO),
    ]
    out += ['!!! abstract "基本信息"', ""] + [f"    - {f}" for f in facts] + [""]
    # 「收录于《…》第 N 章」 is derived from the handbooks (kb/render_handbook.py).
    out += included_line(col, "case", case.id) + pdf_line(pdf)
    if teacher and item.teaching:
        out += [f"教师用：[本案例的教学说明](../{TEACHING_FOLDER}/{case.id}.md)", ""]
    out += ["## 概要", "", esc_cited(case.summary, cite, esc), ""]

    out += ["## 关键数据", ""]
    if case.figures:
        out += figures_table(case.figures, cite, "时间")
    else:
        out.append(f"来源没有给出可引用的数据，{TODO}。")
    out.append("")

    out += ["## 时间线", ""]
    out.append(bullet_list([timeline_line(e, cite) for e in case.timeline]))  # other sources' dates beside
    out.append("")

    for title in SECTIONS:
        if title in TEACHER_SECTIONS and not teacher:
            continue
        text = item.narrative.get(title)
        text = relink(text, case.id) if text else text  # photo.jpg beside case.md -> <id>/photo.jpg
        note = [INSIGHT_NOTE, ""] if title == "启示" and text else []  # sourced vs the editors' sentences
        out += [f"## {title}", "", *note, cite_text(text, cite) if text else f"{TODO}。", ""]

    out += quotes_block(case.quotes, cite, "原话摘录")

    aids = [("讨论题", case.discussion_questions, numbered_list)]
    if teacher:
        aids.append(("学习要点", case.learning_points, bullet_list))
    for heading, items, listed in aids:
        if items:  # the editors' teaching aids, labelled as theirs
            out += [f"## {heading}{EDITORS}", "", EDITORS_NOTE, "", listed([esc(x) for x in items]), ""]
    # Derived from the courses' readings (kb/relations.py): written once, shown here too.
    courses = [f"[{esc(col.courses[c].model.title)}](../courses/{c}.md)（{word}）" for c, word in courses_reading(col, case.id)]
    if courses:
        out += ["## 相关课程", "", bullet_list(courses), ""]

    out.append(cite.section(case.sources))
    return "\n".join(out)
