"""Who a build is for: the trainee edition (the default, the one published)
or the teacher edition.

Case libraries give the teaching note to teachers only (HBS to verified
educators; the Carpentries Workbench builds a separate instructor copy). The
teacher edition adds each case's teaching note (teaching.md), the 学习要点,
and the case's 启示 with the editors' commentary; it says 教师用书 on every
page and in every PDF, and it is written to folders of its own, so a trainee
build can never be overwritten with it. The trainee edition never reads a
teaching note at all.
"""

from __future__ import annotations

from pathlib import Path

TRAINEE, TEACHER = "trainee", "teacher"
EDITIONS = (TRAINEE, TEACHER)
BANNER = "教师用书 · 仅供教师使用"
SITE_SUFFIX = "（教师用书）"
# case.md's sections that carry the editors' lesson: the teacher's to draw, not the case's.
TEACHER_SECTIONS = frozenset({"启示"})


def for_teachers(edition: str) -> bool:
    return edition == TEACHER


def site_folder(edition: str) -> str:
    """Where make site writes: the teacher edition never shares site/."""
    return "site-teacher" if for_teachers(edition) else "site"


def work_folder(root: Path, edition: str) -> Path:
    return root / "build" / "teacher" if for_teachers(edition) else root / "build"


def pdf_folder(edition: str) -> str:
    """Under dist/pdf/: the teacher edition's PDFs in teacher/, never beside the trainees'."""
    return "teacher" if for_teachers(edition) else ""
