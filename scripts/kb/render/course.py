"""Pages of courses and the programme (handbooks: render_handbook.py)."""

from __future__ import annotations

from kb.render.editorial import EDITORS, EDITORS_NOTE, READINGS_NOTE, esc_cited
from kb.content.loading import Collection, Item
from kb.render.relations import in_order, related_courses
from kb.render.handbook import handbook_title, included_line
from kb.render.conflicts import figures_table
from kb.render.markdown import TODO, Citations, bullet_list, esc, numbered_list, or_todo, page_head, quotes_block


def _case_links(ids: list[str], col: Collection, prefix: str = "../cases/") -> list[str]:
    return [f"[{esc(col.cases[i].model.title)}]({prefix}{i}.md)" for i in ids if i in col.cases]


def _course_links(ids: list[str], col: Collection, prefix: str = "") -> list[str]:
    return [f"[{esc(col.courses[i].model.title)}]({prefix}{i}.md)" for i in ids if i in col.courses]


def render_course(item: Item, col: Collection, meta: dict | None = None) -> str:
    c = item.model
    cite = Citations(col.sources)
    out = page_head(c.title, c.status, meta=meta)
    # No count of the parts here: 「八个要素：8」 says nothing the list below does not.
    out += ['!!! abstract "课程信息"', "", f"    - **形式**：{or_todo(c.kind)}",
            f"    - **建议课时{EDITORS}**：{f'{c.minutes} 分钟' if c.minutes else TODO}", ""]
    out += included_line(col, "course", c.id, "../handbooks/")  # derived from the handbooks
    out += ["## 概要", "", esc_cited(c.summary, cite, esc), ""]
    parts = [f"**{esc(p.title)}**" + (f"：{esc_cited(p.summary, cite, esc)}" if p.summary else f"：说明{TODO}")
             + (f" {cite.cite(p.source)}" if p.source else "") for p in c.parts]
    out += [f"## {esc(c.parts_name)}", "", numbered_list(parts), ""]
    # No source gives a course's objectives: they are the editors' to write.
    out += [f"## 教学目标{EDITORS}", "", EDITORS_NOTE, ""]
    out += [bullet_list([esc(o) for o in c.objectives]) if c.objectives else f"编者还没有写出教学目标，{TODO}。", ""]
    # The readings are the course's cases: each case page lists this course back.
    out += [f"## 阅读材料{EDITORS}", "", READINGS_NOTE, ""]
    for heading, ids in (("课前阅读", c.readings.before_class), ("课后延伸", c.readings.after_class)):
        if _case_links(ids, col):
            out += [f"### {heading}", "", bullet_list(_case_links(ids, col)), ""]
    if not (_case_links(c.readings.before_class, col) or _case_links(c.readings.after_class, col)):
        out += [f"阅读材料{TODO}。", ""]
    if c.discussion_prompts:
        out += [f"## 讨论题{EDITORS}", "", EDITORS_NOTE, "", numbered_list([esc(p) for p in c.discussion_prompts]), ""]
    related = _course_links(related_courses(col, c.id), col)
    if related:
        out += ["## 相关课程", "", bullet_list(related), ""]
    return "\n".join(out + [cite.section(c.sources)])


def render_programme(item: Item, col: Collection) -> str:
    p = item.model
    cite = Citations(col.sources)
    out = page_head(p.title, p.status)
    out += ["## 概要", "", esc_cited(p.summary, cite, esc), ""]
    out += ["## 聚焦与目标", "", f"- **聚焦**：{'、'.join(esc(f) for f in p.focus) or TODO}",
            f"- **目标**：{or_todo(p.goal)}", ""]
    out += ["## 培训数据", "", *figures_table(p.figures, cite, "截至"), ""]
    for heading, mechanisms in (("选人机制", p.selection), ("结对帮带", p.mentoring), ("评估与跟踪", p.evaluation)):
        out += [f"## {heading}", ""]
        out.append(bullet_list([f"**{esc(m.name)}**：{or_todo(m.summary)} {cite.cite(m.source)}" for m in mechanisms]))
        out.append("")
    out += quotes_block(p.quotes, cite, "学员心声")
    out += ["## 课程", "", bullet_list(_course_links(in_order(p.courses, col.courses), col, "courses/")), ""]
    handbooks = [f"[{esc(handbook_title(col.handbooks[h].model))}](handbooks/{h}.md)" for h in in_order(p.handbooks, col.handbooks)]
    out += ["## 培训配套手册", "", bullet_list(handbooks), ""]
    return "\n".join(out + [cite.section(p.sources)])
