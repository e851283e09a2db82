"""The teacher edition's pages: each case's teaching note (teaching/<id>.md)
and their list (teaching/index.md). kb.content.teaching reads the files;
kb.render.audience decides who sees them."""

from __future__ import annotations

from kb.render.editorial import ANALYSIS_NOTE, EDITORS, EDITORS_NOTE, cite_text
from kb.render.markdown import TODO, Citations, bullet_list, esc, page_head
from kb.render.handbook import pdf_line

FOLDER = "teaching"
INDEX = f"{FOLDER}/index.md"
EDITORS_SECTIONS = ("教学目的与用途", "关键问题", "板书设计")  # the editors' analysis; 后续进展 comes from sources


def teaching_cases(col) -> list:
    return [item for item in col.cases.values() if item.teaching]


def render_teaching_index(col) -> str:
    out = page_head("教学说明", "published")
    out += ["每个案例的使用说明：教学目的、关键问题与分析、教学计划、板书设计和后续进展。"
            "只在教师版里出现，学员看到的网站、PDF 和 U 盘版里都没有。", ""]
    rows = []
    for item in teaching_cases(col):
        note = item.teaching.model
        minutes = f"，{note.class_minutes} 分钟" if note.class_minutes else ""
        short = "（案例素材：来源不足，只有说明）" if "说明" in item.teaching.sections else ""
        rows.append(f"[{esc(item.model.title)}]({item.model.id}.md){minutes}{short}")
    out += [bullet_list(rows) if rows else f"还没有教学说明{TODO}。", ""]
    return "\n".join(out)


def render_teaching(item, col, pdf: str | None = None) -> str:
    """pdf: the note's PDF in the site, when make pdf EDITION=teacher wrote it."""
    case, note = item.model, item.teaching
    model, sections = note.model, note.sections
    cite = Citations(col.sources)
    out = page_head(f"教学说明：{case.title}", "published")
    courses = [f"[{esc(col.courses[c].model.title)}](../courses/{c}.md)" for c in model.courses if c in col.courses]
    facts = [f"**案例**：[{esc(case.title)}](../cases/{case.id}.md)",
             f"**适用对象**：{'、'.join(esc(a) for a in model.audience) or TODO}",
             f"**适用课程**：{'、'.join(courses) or TODO}",
             f"**课时**：{f'{model.class_minutes} 分钟' if model.class_minutes else TODO}",
             f"**案例体现的要素**：{'、'.join(esc(e) for e in model.elements) or TODO}"]
    out += ['!!! abstract "使用概要"', ""] + [f"    - {f}" for f in facts] + [""] + pdf_line(pdf)
    if "说明" in sections:
        out += ["## 说明", "", cite_text(sections["说明"], cite), ""]
    for title in ("教学目的与用途", "关键问题"):
        if title in sections or "说明" not in sections:
            out += _section(title, sections.get(title), cite)
    if model.plan:
        total = sum(step.minutes for step in model.plan)
        out += [f"## 教学计划{EDITORS}", "", EDITORS_NOTE, "", "| 环节 | 分钟 |", "|---|---:|"]
        out += [f"| {esc(step.step)} | {step.minutes} |" for step in model.plan]
        out += [f"| **合计** | **{total}** |", ""]
    for title in ("板书设计", "后续进展"):
        if title in sections:
            out += _section(title, sections[title], cite)
    if item.model.learning_points:
        out += [f"## 学习要点{EDITORS}", "", EDITORS_NOTE, "", bullet_list([esc(x) for x in item.model.learning_points]), ""]
    out.append(cite.section())
    return "\n".join(out)


def _section(title: str, text: str | None, cite) -> list[str]:
    label = EDITORS if title in EDITORS_SECTIONS else ""
    note = [ANALYSIS_NOTE, ""] if label else []
    return [f"## {title}{label}", "", *note, cite_text(text, cite) if text else f"{TODO}。", ""]
