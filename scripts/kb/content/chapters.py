"""How a handbook's chapters are numbered: 第 N 章 comes from the order, so a
number typed into a chapter's title is taken out (and reported by the loader)."""

from __future__ import annotations

import re

NUMBERED = re.compile(r"^\s*第\s*[0-9０-９一二三四五六七八九十百零〇两]+\s*[章节篇部讲][\s:：、.．]*")


def chapter_title(title: str) -> str:
    return NUMBERED.sub("", title).strip() or title


def chapter_label(n: int, title: str) -> str:
    return f"第 {n} 章 {chapter_title(title)}"
