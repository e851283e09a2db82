"""Pages of courses, handbooks and the programme."""

from __future__ import annotations

from .loading import Collection, Item
from .markdown import DRAFT_NOTE, TODO, Citations, bullet_list, esc, front_matter, or_todo, show_date, show_number


def _case_links(ids: list[str], col: Collection, prefix: str = "../cases/") -> list[str]:
    return [f"[{esc(col.cases[i].model.title)}]({prefix}{i}.md)" for i in ids if i in col.cases]


def _course_links(ids: list[str], col: Collection, prefix: str = "") -> list[str]:
    return [f"[{esc(col.courses[i].model.title)}]({prefix}{i}.md)" for i in ids if i in col.courses]


def _numbered(items: list[str]) -> str:
    return "\n".join(f"{n}. {text}" for n, text in enumerate(items, start=1)) if items else TODO


def _finish(out: list[str], cite: Citations, source_ids: list[str]) -> str:
    for sid in source_ids:
        cite.cite(sid)
    out.append(cite.section())
    return "\n".join(out)


def render_course(item: Item, col: Collection) -> str:
    c = item.model
    cite = Citations(col.sources)
    out = [front_matter(c.title), f"# {esc(c.title)}", ""]
    if c.status == "draft":
        out.append(DRAFT_NOTE)
    out += ['!!! abstract "课程信息"', "", f"    - **形式**：{esc(c.kind)}",
            f"    - **{esc(c.parts_name)}**：{len(c.parts) or TODO}", ""]
    out += ["## 概要", "", esc(c.summary), ""]
    parts = [f"**{esc(p.title)}**" + (f"：{esc(p.summary)}" if p.summary else "") for p in c.parts]
    out += [f"## {esc(c.parts_name)}", "", _numbered(parts), ""]
    out += ["## 教学目标", "", bullet_list([esc(o) for o in c.objectives]), ""]
    out += ["## 阅读材料", "", "### 课前阅读", "", bullet_list(_case_links(c.readings.before_class, col), "暂无。"), "",
            "### 课后延伸", "", bullet_list(_case_links(c.readings.after_class, col), "暂无。"), ""]
    out += ["## 讨论题", "", _numbered([esc(p) for p in c.discussion_prompts]), ""]
    using = [i.model.id for i in col.cases.values() if c.id in i.model.related_courses]
    out += ["## 相关案例", "", bullet_list(_case_links(using, col), "暂无。"), ""]
    out += ["## 相关课程", "", bullet_list(_course_links(c.related_courses, col), "暂无。"), ""]
    return _finish(out, cite, c.sources)


def handbook_title(h) -> str:
    return f"《{h.title}》" if h.title else f"《书名待补充》（{h.id}）"


def render_handbook(item: Item, col: Collection) -> str:
    h = item.model
    cite = Citations(col.sources)
    title = handbook_title(h)
    out = [front_matter(title), f"# {esc(title)}", ""]
    if h.status == "draft":
        out.append(DRAFT_NOTE)
    out += ['!!! abstract "手册信息"', "",
            f"    - **书名**：{or_todo(h.title)}", f"    - **版次**：{or_todo(h.edition)}",
            f"    - **编印单位**：{or_todo(h.publisher)}", f"    - **日期**：{show_date(h.date)}", ""]
    out += ["## 简介", "", esc(h.intro), ""]
    out += ["## 目录", ""]
    if h.chapters:
        for n, chapter in enumerate(h.chapters, start=1):
            out += [f"### 第 {n} 章 {or_todo(chapter.title)}", "", _numbered(_case_links(chapter.cases, col)), ""]
    else:
        out += [f"手册目录{TODO}。", ""]
    if h.related_cases:
        out += ["## 本站相关案例", "", "以下案例由本站按主题关联，并非手册原目录。", "",
                bullet_list(_case_links(h.related_cases, col)), ""]
    return _finish(out, cite, h.sources)


def render_programme(item: Item, col: Collection) -> str:
    p = item.model
    cite = Citations(col.sources)
    out = [front_matter(p.title), f"# {esc(p.title)}", ""]
    if p.status == "draft":
        out.append(DRAFT_NOTE)
    out += ["## 概要", "", esc(p.summary), ""]
    out += ["## 聚焦与目标", "", f"- **聚焦**：{'、'.join(esc(f) for f in p.focus) or TODO}",
            f"- **目标**：{or_todo(p.goal)}", ""]
    out += ["## 培训数据", "", "| 指标 | 数值 | 截至 | 来源 |", "| --- | --- | --- | --- |"]
    for f in p.figures:
        value = f"{show_number(f.value)}{esc(f.unit or '')}"
        out.append(f"| {esc(f.label)} | {value} | {show_date(f.date) if f.date else '—'} | {cite.cite(f.source)} |")
    out.append("")
    for heading, mechanisms in (("选人机制", p.selection), ("结对帮带", p.mentoring), ("评估与跟踪", p.evaluation)):
        out += [f"## {heading}", ""]
        out.append(bullet_list([f"**{esc(m.name)}**：{or_todo(m.summary)} {cite.cite(m.source)}" for m in mechanisms]))
        out.append("")
    if p.quotes:
        out += ["## 学员心声", ""]
        for q in p.quotes:
            who = esc(q.speaker) + (f"（{esc(q.role)}）" if q.role else "")
            out += [f"> 「{esc(q.text)}」", ">", f"> —— {who} {cite.cite(q.source)}", ""]
    out += ["## 课程", "", bullet_list(_course_links(p.courses, col, "courses/")), ""]
    handbooks = [f"[{esc(handbook_title(col.handbooks[h].model))}](handbooks/{h}.md)" for h in p.handbooks if h in col.handbooks]
    out += ["## 培训配套手册", "", bullet_list(handbooks), ""]
    return _finish(out, cite, p.sources)
