"""Lists and counts the content knows, inside hand-written pages.

docs/index.md says 「{{课程列表}}」 or 「{{手册数}} 本培训配套手册」 instead of
typing titles and numbers that go stale: the build fills them in from the
content (public items only). An unknown name is a validation error.
"""

from __future__ import annotations

import re

from kb.content.errors import ContentError
from kb.content.loading import Collection
from kb.render.markdown import esc
from kb.content.textfile import TextFile

# `{{课程列表}}` in backticks is shown as written (使用说明 explains the markers).
MARKER = re.compile(r"(?<!`)\{\{\s*([^{}\s]{1,20})\s*\}\}(?!`)")


def _links(items: dict, folder: str, prefix: str, title) -> str:
    return "、".join(f"[{esc(title(item.model))}]({prefix}{folder}/{item_id}.md)" for item_id, item in items.items())


def values(col: Collection, prefix: str) -> dict[str, str]:
    """Marker name -> Markdown. prefix leads from the page's folder to docs/."""
    from kb.render.handbook import handbook_title  # imported late to keep this module light
    return {
        "案例数": str(len(col.cases)),
        "课程数": str(len(col.courses)),
        "手册数": str(len(col.handbooks)),
        "课程列表": _links(col.courses, "courses", prefix, lambda m: m.title),
        "案例列表": _links(col.cases, "cases", prefix, lambda m: m.title),
        "手册列表": _links(col.handbooks, "handbooks", prefix, lambda m: handbook_title(m).strip("《》")),
    }


# {{案例:daba:安顺市大坝村}}: a link to that case while it exists, else the
# words alone (a page never links to a case that was removed or made private).
ONE_CASE = re.compile(r"^案例:([a-z0-9-]+):(.+)$")


def fill(markdown: str, col: Collection, src_uri: str) -> str:
    prefix = "../" * src_uri.count("/")
    known = values(col, prefix)

    def one(m):
        case = ONE_CASE.match(m.group(1))
        if not case:
            return known.get(m.group(1), m.group(0))
        case_id, words = case.groups()
        return f"[{esc(words)}]({prefix}cases/{case_id}.md)" if case_id in col.cases else esc(words)
    return MARKER.sub(one, markdown)


def check(file: TextFile) -> list[ContentError]:
    names = ("案例数", "课程数", "手册数", "课程列表", "案例列表", "手册列表")
    errors = []
    for number, line in enumerate(file.text.split("\n"), start=1):
        for m in MARKER.finditer(line):
            if m.group(1) not in names and not ONE_CASE.match(m.group(1)):
                errors.append(ContentError(file.shown_path, number, m.start() + 1,
                                           f"「{m.group(0)}」不是可以自动填写的名字：可用的有 "
                                           + "、".join("{{" + n + "}}" for n in names) + "，以及 {{案例:案例id:显示的文字}}"))
    return errors


def check_docs(root) -> list[ContentError]:
    errors = []
    for page in sorted((root / "docs").rglob("*.md")):
        file, _ = TextFile.read(page, root, limit=256 * 1024)  # its own errors are reported by loading
        if file and "{{" in file.text:
            errors += check(file)
    return errors
