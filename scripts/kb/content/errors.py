"""Content errors an organiser can act on: file, line, column, message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class ContentError:
    path: str      # as shown to the organiser, relative to the project
    line: int      # 1-based
    column: int    # 1-based
    message: str   # Chinese, says what is wrong and how to fix it
    level: str = "错误"  # 错误 stops the build; 警告: legal, but almost surely not meant

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.level}: {self.message}"

    @property
    def is_warning(self) -> bool:
        return self.level == WARNING


WARNING = "警告"


def warning(path: str, line: int, column: int, message: str) -> ContentError:
    return ContentError(path, line, column, message, WARNING)


def split(problems: list[ContentError]) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings): only errors stop the build."""
    return [p for p in problems if not p.is_warning], [p for p in problems if p.is_warning]


def display_path(path: Path, root: Path) -> str:
    """Path relative to the project with forward slashes, as in the editor."""
    try:
        return path.relative_to(root).as_posix()  # the usual case, without touching the disk
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
