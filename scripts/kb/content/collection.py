"""The checked collection and the small readers every content kind shares:
a model from a YAML file, the entries of a content folder, an id that
matches its file name. (kb.content.loading walks the folders with these;
kb.content.handbook_files reads a handbook's own files.)"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from kb.content.errors import ContentError, display_path
from kb.content.model_errors import translate
from kb.content.models import SLUG_PATTERN, Intros, Source
from kb.content.textfile import TextFile, outside_problem
from kb.content.yamlfile import load_yaml, quick_load

YAML_LIMIT = 512 * 1024
MARKDOWN_LIMIT = 256 * 1024
SLUG = re.compile(SLUG_PATTERN)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Item:
    """A loaded model with the file it came from (for messages)."""

    model: object
    path: str  # shown path of its YAML file
    line_of: "dict | LazyMarks" = field(default_factory=dict, compare=False)  # .get(field path) -> (line, col)


@dataclass(frozen=True)
class CaseItem(Item):
    narrative: dict = field(default_factory=dict, compare=False)
    markdown: "TextFile | None" = field(default=None, compare=False)  # case.md as read, for kb/attachments.py
    teaching: "Item | None" = field(default=None, compare=False)  # teaching.md (kb.content.teaching): teachers only


@dataclass
class Collection:
    root: Path
    sources: dict[str, Source] = field(default_factory=dict)
    programme: Item | None = None
    cases: dict[str, CaseItem] = field(default_factory=dict)
    courses: dict[str, Item] = field(default_factory=dict)
    handbooks: dict[str, Item] = field(default_factory=dict)
    # Ids named by files and folders, loaded or not: a reference to a file
    # that has its own error is not reported a second time.
    present: dict[str, set] = field(default_factory=lambda: {"case": set(), "course": set(), "handbook": set()})
    sources_loaded: bool = False  # when sources.yml is broken, its ids are unknown, not missing
    # status: private items: validated like the rest, but kept out of the
    # dicts above, so no page, search entry, count, PDF or USB file sees them.
    private: dict[tuple[str, str], Item] = field(default_factory=dict)
    source_marks: "dict | LazyMarks" = field(default_factory=dict)  # line marks of sources.yml
    intros: Intros | None = None  # intros.yml: the index pages' opening text
    synonyms: list = field(default_factory=list)  # synonyms.yml: groups of words for search
    glossary: "Item | None" = None  # glossary.yml: terms and their explanations
    assets: dict = field(default_factory=dict)  # site path -> image or attachment to copy (kb/attachments.py)

    def keep(self, kind: str, item: Item, target: dict) -> None:
        if getattr(item.model, "status", None) == "private":
            self.private[(kind, item.model.id)] = item
        else:
            target[item.model.id] = item


class LazyMarks:
    """Line marks of a valid file, read again only if a reference check needs them."""

    def __init__(self, file: TextFile):
        self.file = file
        self.marks: dict | None = None

    def get(self, path: tuple, default=None):
        if self.marks is None:
            loaded, _ = load_yaml(self.file)
            self.marks = loaded.value_marks if loaded else {}
        return self.marks.get(path, default)


def load_model(path: Path, root: Path, model: type[M]) -> tuple[M | None, dict, list[ContentError]]:
    file, problems = TextFile.read(path, root, limit=YAML_LIMIT)
    if file is None:
        return None, {}, problems
    model_, marks, errors = load_text(file, model)
    return model_, marks, problems + errors


def load_text(file: TextFile, model: type[M]) -> tuple[M | None, dict, list[ContentError]]:
    """A model from YAML text already read (a file, or a Markdown file's front matter)."""
    data, notes = quick_load(file.text, file.shown_path)
    if isinstance(data, dict):
        try:
            return model.model_validate(data), LazyMarks(file), notes
        except ValidationError:
            pass  # explained below, with line numbers
    loaded, errors = load_yaml(file)
    shown = file.shown_path
    if loaded is None or not loaded.complete:
        return None, {}, errors  # only what is wrong with the YAML: the model would echo it
    if not isinstance(loaded.data, dict):
        return None, {}, [ContentError(shown, 1, 1, "文件顶层应为「字段名: 内容」的映射，而不是单个值或列表")]
    try:
        return model.model_validate(loaded.data), loaded.value_marks, errors
    except ValidationError as exc:
        return None, {}, errors + translate(model, loaded, exc, shown)


def check_id(model, expected: str, shown: str, line_of: dict) -> list[ContentError]:
    if model.id == expected:
        return []
    line, col = line_of.get(("id",), (1, 1))
    return [ContentError(shown, line, col, f"id「{model.id}」必须与文件（夹）名「{expected}」一致")]


def entries(folder: Path, root: Path, errors: list[ContentError], want_dirs: bool, suffix: str = "") -> list[Path]:
    """The usable entries of a content folder, in name order. Symlinks and
    special files are refused here, so nothing outside the project is read."""
    if not folder.exists() and not folder.is_symlink():
        return []
    problem = outside_problem(folder, root, expect_dir=True)
    if problem:
        errors.append(ContentError(display_path(folder, root), 1, 1, problem))
        return []
    found = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        if suffix and not entry.name.endswith(suffix):
            continue
        if entry.is_symlink() or not (entry.is_dir() if want_dirs else entry.is_file()):
            if entry.is_symlink() or (suffix and not entry.is_dir()):
                errors.append(ContentError(display_path(path, root), 1, 1, outside_problem(path, root) or "无法读取"))
            continue
        found.append(path)
    return found


