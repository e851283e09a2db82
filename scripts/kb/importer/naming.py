"""The id of an imported case: the one asked for, or the file name in pinyin, made unique.

An id asked for (ID=...) that is taken is refused: an existing case is never
overwritten. An id made from the file name (大坝村案例.docx -> dabacunanli)
gets -2, -3, ... until it names no folder yet.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePath

from kb.cli.new_item import check_id, suggest_id
from kb.content.models import SLUG_PATTERN
from kb.importer.failed import ImportFailed
from kb.render.pages import RESERVED_IDS

FALLBACK = "anli"  # 案例
MAX_ID = 64


def taken(root: Path, case_id: str) -> bool:
    folder = root / "cases" / case_id
    return case_id in RESERVED_IDS or folder.exists() or folder.is_symlink()


def _slug(text: str) -> str:
    slug = suggest_id(text)[:MAX_ID - 4]  # room for -NNN
    return slug.strip("-") if re.match(SLUG_PATTERN, slug.strip("-")) else ""


def derived_id(root: Path, file_name: str, title: str) -> str:
    """A free id from the file name (without .docx), else the title, else anli."""
    stem = PurePath(file_name.replace("\\", "/")).stem if file_name else ""
    base = _slug(stem) or _slug(title) or FALLBACK
    if not taken(root, base):
        return base
    for n in range(2, 1000):
        if not taken(root, f"{base}-{n}"):
            return f"{base}-{n}"
    raise ImportFailed(f"已经有太多以「{base}」开头的案例文件夹了：请用 ID= 指定一个新的案例 id")


def chosen_id(root: Path, case_id: str, title: str, shown: str) -> str:
    """The id asked for, checked as make new-case checks it; never one in use."""
    problem = check_id(case_id, title)
    if problem:
        raise ImportFailed(f"没有导入「{shown}」：{problem}")
    if taken(root, case_id):
        raise ImportFailed(f"已经有「cases/{case_id}」了：没有导入「{shown}」，也没有改动任何文件（不会覆盖已有的案例）。"
                           f"请换一个 ID（例如 ID={case_id}-2），或不写 ID，按文件名自动取一个")
    return case_id
