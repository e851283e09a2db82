"""The page of one case: key facts, figures, timeline, narrative, questions."""

from __future__ import annotations

import html
import re

from kb.render.facets import PLACE_LEVELS, anchor, county_anchor
from kb.content.loading import CaseItem, Collection
from kb.render.charts import chart_markdown
from kb.render.conflicts import CONFLICT, figure_value, figures_table
from kb.content.amounts import show_amount
from kb.render.markdown import TODO, Citations, bullet_list, esc, numbered_list, or_todo, page_head, quotes_block, show_date
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


# Short, stable anchors for the fixed sections: a link to a section can be
# shared, and the page's quick links stay the same on every case.
ANCHORS = {"开篇": "kaipian", "背景": "beijing", "做法": "zuofa", "成效": "chengxiao", "启示": "qishi",
           "原话摘录": "yuanhua", "讨论题": "taolunti", "学习要点": "xuexi", "关键数据": "shuju",
           "时间线": "shijian", "相关课程": "kecheng"}
CARD_FIGURES = 3  # the first figures, the ones the editors put first
MATERIAL = "案例素材"
MATERIAL_NOTE = ("!!! note \"案例素材\"\n\n    本案例的来源只有一段文字，这里只整理来源给出的事实，"
                 "没有写成教学案例（没有开篇的决策情境）；来源没有说明的地方标为待补充。")


# A picture on a line of its own: shown as a figure, its alt text as the caption.
_PICTURE = re.compile(r"^(!\[([^\]\n]+)\]\([^)\n]+\))[ \t]*$", re.M)


def captioned(text: str) -> str:
    return _PICTURE.sub(lambda m: f'<figure markdown="1">\n\n{m.group(1)}\n\n'
                                  f"<figcaption>{html.escape(m.group(2))}</figcaption>\n\n</figure>", text)


def _heading(title: str, suffix: str = "") -> str:
    return f"## {title}{suffix} {{: #{ANCHORS[title]} }}"


def person_line(p, cite) -> str:
    """陈大兴（村党支部书记）[1]; another source's word for the same person beside it."""
    line = f"{esc(p.name)}（{esc(p.role)}）{cite.cite(p.source)}"
    others = [f"另一来源称{'其 ' + show_date(a.date) + '时为' if a.date else '其为'}{esc(a.role)} {cite.cite(a.source)}"
              for a in p.alternatives]
    if others:
        line += f"（{'；'.join(others)}，{CONFLICT}）"
    return line + (f"，{esc(p.note)}" if p.note else "")


def esc_amount(f) -> str:
    return esc(show_amount(f.value, f.unit or "", f.approx))


def _card(figures, cite) -> list[str]:
    """The few figures that matter, near the top; the full table further down."""
    shown = [f"{esc(f.label)}：{figure_value(f, cite) if f.alternatives else esc_amount(f)}"
             f"{'（' + show_date(f.date) + '）' if f.date else ''}{'' if f.alternatives else ' ' + cite.cite(f.source)}"
             for f in figures[:CARD_FIGURES]]
    more = f"另有 {len(figures) - CARD_FIGURES} 项，见下文“关键数据”。" if len(figures) > CARD_FIGURES else ""
    return ['!!! info "数据一览"', ""] + [f"    - {x}" for x in shown] + (["", f"    {more}"] if more else []) + [""]


def render_case(item: CaseItem, col: Collection, meta: dict | None = None, pdf: str | None = None,
                edition: str = TRAINEE, site: bool = False) -> str:
    """edition: the trainee page leaves out what is the teacher's (kb.render.audience).
    site: the web page, with quick links to its sections and a chart of each
    series of figures (kb.render.charts, files the stage writes); paper has
    neither (the numbers are in the table)."""
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
        "**人物**：" + ("；".join(person_line(p, cite) for p in case.people) or TODO),
    ]
    if case.kind == MATERIAL:
        out += [MATERIAL_NOTE, ""]
    out += ['!!! abstract "基本信息"', ""] + [f"    - {f}" for f in facts] + [""]
    # 「收录于《…》第 N 章」 is derived from the handbooks (kb/render_handbook.py).
    out += included_line(col, "case", case.id) + pdf_line(pdf)
    if teacher and item.teaching:
        out += [f"教师用：[本案例的教学说明](../{TEACHING_FOLDER}/{case.id}.md)", ""]
    opening = item.narrative.get("开篇")
    # The discussion questions one tap from the top. The links are made by
    # kb-toc.js from the headings the page really has: content that swallows
    # a heading (an unclosed <div>) must not leave a link an engine's strict
    # check stops the build over.
    jumps = [ANCHORS[t] for t, there in (("开篇", opening), ("讨论题", case.discussion_questions),
                                        ("关键数据", case.figures), ("时间线", case.timeline)) if there]
    if jumps and site:
        out += [f'<p class="kb-jumps" data-kb-targets="{" ".join(jumps)}"></p>', ""]
    if case.figures:
        out += _card(case.figures, cite)
    if not opening:  # a teaching case opens on its decision; the summary would give the ending away
        out += ["## 概要", "", esc_cited(case.summary, cite, esc), ""]

    # The story first: 开篇, 背景, 做法, 成效 (and for teachers 启示).
    for title in SECTIONS:
        if title in TEACHER_SECTIONS and not teacher:
            continue
        text = item.narrative.get(title)
        if title == "开篇" and not text:
            continue
        text = captioned(relink(text, case.id)) if text else text  # photo.jpg beside case.md -> <id>/photo.jpg
        note = [INSIGHT_NOTE, ""] if title == "启示" and text else []  # sourced vs the editors' sentences
        out += [_heading(title), "", *note, cite_text(text, cite) if text else f"{TODO}。", ""]

    out += quotes_block(case.quotes, cite, "原话摘录", ANCHORS["原话摘录"])

    aids = [("讨论题", case.discussion_questions, numbered_list)]
    if teacher:
        aids.append(("学习要点", case.learning_points, bullet_list))
    for heading, items, listed in aids:
        if items:  # the editors' teaching aids, labelled as theirs
            out += [_heading(heading, EDITORS), "", EDITORS_NOTE, "", listed([esc(x) for x in items]), ""]

    out += [_heading("关键数据"), ""]
    if site:
        out += chart_markdown(case, cite)
    if case.figures:
        out += figures_table(case.figures, cite, "时间")
    else:
        out.append(f"来源没有给出可引用的数据，{TODO}。")
    out.append("")

    out += [_heading("时间线"), ""]
    out.append(bullet_list([timeline_line(e, cite) for e in case.timeline]))  # other sources' dates beside
    out.append("")

    # Derived from the courses' readings (kb/relations.py): written once, shown here too.
    courses = [f"[{esc(col.courses[c].model.title)}](../courses/{c}.md)（{word}）" for c, word in courses_reading(col, case.id)]
    if courses:
        out += [_heading("相关课程"), "", bullet_list(courses), ""]

    out.append(cite.section(case.sources))
    return "\n".join(out)
