"""Checks of the teaching notes (cases/<id>/teaching.md) a schema cannot make:
the plan's minutes add up to the class, each element the note names is one
the courses teach, and a note has what a teacher needs (or says why not)."""

from __future__ import annotations

from kb.content.errors import ContentError, warning

NEEDED = ("教学目的与用途", "关键问题")


def teaching_notes(col, private: bool = True) -> list:
    """The teaching notes of the cases, private cases' too when asked."""
    cases = list(col.cases.values())
    if private:
        cases += [item for (kind, _), item in col.private.items() if kind == "case"]
    return [case.teaching for case in cases if getattr(case, "teaching", None)]


def course_elements(col) -> dict[str, str]:
    """Element name -> the course that lists it (八要素, 五步工作法, ...)."""
    found: dict[str, str] = {}
    for course in col.courses.values():
        for part in course.model.parts:
            found.setdefault(part.title, course.model.title)
    return found


def check_teaching(col) -> list[ContentError]:
    errors: list[ContentError] = []
    elements = course_elements(col)
    # A course file with its own error lists no parts: its elements are not unknown, just unread.
    loaded = set(col.courses) | {i for (kind, i) in col.private if kind == "course"}
    all_read = col.present["course"] <= loaded
    for note in teaching_notes(col):
        errors += _plan_total(note) + (_elements(note, elements) if all_read else []) + _sections(note)
    return errors


def _plan_total(note) -> list[ContentError]:
    model = note.model
    if not model.plan or model.class_minutes is None:
        return []
    total = sum(step.minutes for step in model.plan)
    if total == model.class_minutes:
        return []
    line, column = note.line_of.get(("plan",), note.line_of.get(("class_minutes",), (1, 1)))
    steps = " + ".join(str(step.minutes) for step in model.plan)
    return [ContentError(note.path, line, column,
                         f"教学计划各环节合计 {total} 分钟（{steps}），与 class_minutes 写的一次课 {model.class_minutes} 分钟不符："
                         "请调整各环节的分钟数，或改正 class_minutes")]


def _elements(note, known: dict[str, str]) -> list[ContentError]:
    errors = []
    for i, name in enumerate(note.model.elements):
        if name in known:
            continue
        line, column = note.line_of.get(("elements", i), (1, 1))
        listed = "、".join(known) or "（课程里还没有列出任何要素）"
        errors.append(ContentError(note.path, line, column,
                                   f"要素「{name}」不在任何课程的组成部分里：只能写课程列出的名称之一：{listed}"))
    return errors


def _sections(note) -> list[ContentError]:
    if "说明" in note.sections:
        return []  # the note says why it is short
    missing = [s for s in NEEDED if not note.sections.get(s)]
    if not missing:
        return []
    return [warning(note.path, 1, 1, f"教学说明缺少「{'」「'.join(missing)}」：请补上；"
                                     "如果来源太少、写不成完整的教学说明，请写一节「## 说明」讲明原因")]
