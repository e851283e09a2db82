"""Citations typed with the Chinese keyboard: 【@id】, ［@id］, [＠id].

A citation is [@source-id] in half-width characters. Typed with full-width
brackets or a full-width @ it is not one: the page would print it as it is
and cite nothing. Each is an error at its line and column.
"""

from __future__ import annotations

import re
from pathlib import Path

from kb.content.collection import YAML_LIMIT
from kb.content.errors import ContentError
from kb.content.textfile import TextFile

# Every file that may hold [@id] (YAML text fields and Markdown).
CITING_FILES = ("cases/*/case.yml", "cases/*/case.md", "cases/*/teaching.md", "courses/*.yml",
                "handbooks/*/*.yml", "handbooks/*/*.md", "programme.yml", "glossary.yml", "intros.yml")
# An opening bracket, @, an id, a closing bracket, any of them full-width.
LOOKS_LIKE_CITE = re.compile(r"[\[［【]\s*[@＠]\s*([A-Za-z0-9][A-Za-z0-9_-]*)\s*[\]］】]")
CITE = re.compile(r"\[@[^\[\]\s]*\]")


def check_cite_marks(root: Path) -> list[ContentError]:
    problems = []
    for pattern in CITING_FILES:
        for path in sorted(root.glob(pattern)):
            # The loader has read (or refused) each file already; what it refuses is reported there.
            file, _ = TextFile.read(path, root, limit=YAML_LIMIT)
            if file is not None:
                problems += _check(file)
    return problems


def _check(file: TextFile) -> list[ContentError]:
    problems = []
    for number, line in enumerate(file.text.split("\n"), start=1):
        if "@" not in line and "＠" not in line:
            continue
        for m in LOOKS_LIKE_CITE.finditer(line):
            if CITE.fullmatch(m.group(0)):
                continue
            problems.append(ContentError(file.shown_path, number, m.start() + 1,
                                         f"「{m.group(0)}」用了全角的括号或「＠」（中文输入法打出的）："
                                         "网站不会把它当成引用，会原样显示。请切换到英文输入法，"
                                         f"写成 [@{m.group(1)}]"))
    return problems
