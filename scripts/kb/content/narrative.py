"""A case's narrative (case.md): the sections 开篇 / 背景 / 做法 / 成效 / 启示.

开篇 is a teaching case's opening: the decision (when, where, who must decide,
what is at stake), before the background; 案例素材 have none."""

from __future__ import annotations

import re

from kb.content.errors import ContentError
from kb.content.textfile import TextFile

SECTIONS = ("开篇", "背景", "做法", "成效", "启示")
# Only the start is matched by the regex: `(.*?)\s*#*\s*$` backtracks
# quadratically on a heading with a long run of spaces inside.
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")


def heading_title(text: str) -> str:
    """A heading's text without trailing spaces and closing #s (`## 背景 ##`)."""
    text = text.rstrip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return text


def parse_narrative(file: TextFile) -> tuple[dict[str, str], list[ContentError]]:
    """Split case.md at its "## " headings; each must be one of SECTIONS."""
    return parse_sections(file, SECTIONS, "不要使用一级标题「# 」：案例标题写在 case.yml 的 title 字段里")


def parse_sections(file: TextFile, allowed: tuple[str, ...], no_h1: str,
                   first_line: int = 1) -> tuple[dict[str, str], list[ContentError]]:
    """Split a Markdown file at its "## " headings, each one of `allowed`, in
    that order. Lines before first_line (a front matter) are not read."""
    sections: dict[str, list[str]] = {}
    errors: list[ContentError] = []
    current: list[str] | None = None
    in_fence = False
    for number, line in enumerate(file.text.split("\n"), start=1):
        if number < first_line:
            continue
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match and len(match.group(1)) <= 2:
            title = heading_title(match.group(2))
            if len(match.group(1)) == 1:
                errors.append(ContentError(file.shown_path, number, 1, no_h1))
            elif title not in allowed:
                errors.append(ContentError(file.shown_path, number, 4,
                                           f"章节标题「{title if len(title) <= 20 else title[:20] + '…'}」无效："
                                           f"只能是 {' / '.join(allowed)}"))
            elif title in sections:
                errors.append(ContentError(file.shown_path, number, 4, f"章节「{title}」重复出现"))
            else:
                current = sections[title] = []
            continue
        if current is None:
            if line.strip():
                errors.append(ContentError(file.shown_path, number, 1,
                                           f"正文必须写在章节标题之下：请先写「## {allowed[0]}」等标题"))
                current = []  # report once, then read on
            continue
        current.append(line)
    order = [s for s in allowed if s in sections]
    if list(sections) != order:
        errors.append(ContentError(file.shown_path, first_line, 1, f"章节顺序应为 {' / '.join(allowed)}"))
    return {title: "\n".join(lines).strip() for title, lines in sections.items()}, errors
