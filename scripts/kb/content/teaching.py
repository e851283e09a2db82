"""A case's teaching note, cases/<id>/teaching.md: for teachers only.

Case libraries keep the guidance for the teacher out of the case: objectives
and use, the key questions with their analysis, a timed plan, a board plan,
what happened afterwards. Here it is one file beside case.md, read only by
the teacher edition (kb.render.audience); the trainee site, its search index,
its PDFs and its USB edition never read it.

    ---
    class_minutes: 90                     # the class it is planned for
    audience: [村级后备干部]              # 适用对象
    courses: [chanye-fazhan]              # 适用课程 (course ids)
    elements: [产业选择, 利益联结]        # 八要素 / 五步工作法 the case shows
    plan:                                 # 教学计划: the minutes add up to class_minutes
      - {step: 学员课前阅读案例后，教师说明讨论规则, minutes: 10}
    ---
    ## 教学目的与用途
    ## 关键问题                           (### one question each, its analysis below it)
    ## 板书设计
    ## 后续进展                           (from the sources, cited [@id])

A case whose sources are too thin for a teaching note says so under
「## 说明」 instead of padding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pydantic import Field

from kb.check.front_matter import split_front_matter
from kb.content.collection import Item, load_text
from kb.content.errors import ContentError
from kb.content.models import Model, Slug, Text
from kb.content.narrative import parse_sections
from kb.content.textfile import TextFile

FILE = "teaching.md"
SECTIONS = ("说明", "教学目的与用途", "关键问题", "板书设计", "后续进展")
MAX_MINUTES = 600


class PlanStep(Model):
    """教学计划的一个环节。"""

    step: Text = Field(description="这一环节做什么，例如 分组讨论第 1、2 题")
    minutes: int = Field(ge=0, le=MAX_MINUTES, description="用时（分钟，整数）")


class TeachingNote(Model):
    """cases/<id>/teaching.md 开头 --- 之间的设置：案例使用说明的结构化部分（只给教师看）。"""

    class_minutes: Optional[int] = Field(
        None, ge=10, le=MAX_MINUTES, description="这份教学计划对应的一次课时长（分钟），教学计划各环节的用时合计必须等于它")
    audience: list[Text] = Field([], description="适用对象，例如 [村级后备干部, 村党组织书记]")
    courses: list[Slug] = Field([], description="适用课程：课程 id 列表（见 courses/），例如 [chanye-fazhan]")
    elements: list[Text] = Field(
        [], description="案例体现的「八要素」或「五步工作法」中的要素，必须与课程里列出的名称一致，例如 [产业选择, 利益联结]")
    plan: list[PlanStep] = Field([], description="教学计划：step（环节）/ minutes（分钟）")


@dataclass(frozen=True)
class TeachingItem(Item):
    """A loaded teaching note: the front matter's model (Item.model) and the body's sections."""

    sections: dict = field(default_factory=dict, compare=False)
    markdown: TextFile | None = field(default=None, compare=False)  # the body, front matter lines blanked


def load_teaching(path: Path, root: Path, limit: int) -> tuple[TeachingItem | None, list[ContentError]]:
    """teaching.md beside a case.md: its settings and sections, or the errors."""
    file, errors = TextFile.read(path, root, limit=limit)
    if file is None:
        return None, errors
    front, _, body_line = split_front_matter(file.text)
    if front is None or not front.strip():
        model, marks = TeachingNote(), {}
    else:
        # The settings read as a file of their own, their lines where they are in teaching.md.
        model, marks, errs = load_text(TextFile(file.path, file.shown_path, "\n" + front), TeachingNote)
        errors += errs
        if model is None:
            return None, errors
    sections, errs = parse_sections(file, SECTIONS, "不要使用一级标题「# 」：教学说明的标题由网站按案例生成", first_line=body_line)
    errors += errs
    # The body alone for the Markdown checks, on the lines it has in the file.
    rest = file.text.split("\n", body_line - 1)[-1] if body_line > 1 else file.text
    body = TextFile(file.path, file.shown_path, "\n" * (body_line - 1) + rest)
    return TeachingItem(model, file.shown_path, marks, sections, body), errors
