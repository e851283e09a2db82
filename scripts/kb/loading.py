"""Find content files and load them into typed models.

Layout (relative to the project root):
  sources.yml                 the documents the site cites
  programme.yml               the training programme
  cases/<id>/case.yml + case.md
  courses/<id>.yml
  handbooks/<id>.yml
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .errors import ContentError, display_path
from .markdown_check import check_markdown
from .model_errors import translate
from .models import Case, Course, Handbook, Programme, Source, SourceList
from .narrative import parse_narrative
from .textfile import TextFile
from .yamlfile import load_yaml, quick_load

YAML_LIMIT = 512 * 1024

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
    file, errors = TextFile.read(path, root, limit=YAML_LIMIT)
    if errors:
        return None, {}, errors
    data = quick_load(file.text)
    if isinstance(data, dict):
        try:
            return model.model_validate(data), LazyMarks(file), []
        except ValidationError:
            pass  # explained below, with line numbers
    loaded, errors = load_yaml(file)
    shown = file.shown_path
    if loaded is None or errors:
        return None, {}, errors
    if not isinstance(loaded.data, dict):
        return None, {}, [ContentError(shown, 1, 1, "文件顶层应为「字段名: 内容」的映射，而不是单个值或列表")]
    try:
        return model.model_validate(loaded.data), loaded.value_marks, []
    except ValidationError as exc:
        return None, {}, translate(model, loaded, exc, shown)


def _check_id(model, expected: str, shown: str, line_of: dict) -> list[ContentError]:
    if model.id == expected:
        return []
    line, col = line_of.get(("id",), (1, 1))
    return [ContentError(shown, line, col, f"id「{model.id}」必须与文件（夹）名「{expected}」一致")]


def load_collection(root: Path) -> tuple[Collection, list[ContentError]]:
    root = root.resolve()
    col = Collection(root)
    errors: list[ContentError] = []

    sources, marks, errs = load_model(root / "sources.yml", root, SourceList)
    errors += errs
    col.sources_loaded = sources is not None
    for i, source in enumerate(sources.sources if sources else []):
        if source.id in col.sources:
            line, column = marks.get(("sources", i, "id"), (1, 1))
            errors.append(ContentError("sources.yml", line, column, f"id「{source.id}」重复：每个来源的 id 必须唯一"))
        col.sources.setdefault(source.id, source)

    programme, marks, errs = load_model(root / "programme.yml", root, Programme)
    errors += errs
    if programme:
        col.programme = Item(programme, "programme.yml", marks)

    for case_dir in sorted(p for p in (root / "cases").glob("*") if p.is_dir()):
        yml, md = case_dir / "case.yml", case_dir / "case.md"
        col.present["case"].add(case_dir.name)
        if not yml.exists():
            errors.append(ContentError(display_path(case_dir, root), 1, 1, "案例文件夹里缺少 case.yml"))
            continue
        case, marks, errs = load_model(yml, root, Case)
        errors += errs
        narrative: dict = {}
        if md.exists():
            text, errs = TextFile.read(md, root, limit=256 * 1024)
            errors += errs
            if text:
                narrative, errs = parse_narrative(text)
                errors += errs + check_markdown(text)
        if case:
            shown = display_path(yml, root)
            errors += _check_id(case, case_dir.name, shown, marks)
            col.cases[case.id] = CaseItem(case, shown, marks, narrative)

    for kind, model, target in (("course", Course, col.courses), ("handbook", Handbook, col.handbooks)):
        for path in sorted((root / f"{kind}s").glob("*.yml")):
            col.present[kind].add(path.stem)
            item, marks, errs = load_model(path, root, model)
            errors += errs
            if item:
                shown = display_path(path, root)
                errors += _check_id(item, path.stem, shown, marks)
                target[item.id] = Item(item, shown, marks)

    for page in sorted((root / "docs").rglob("*.md")):
        text, errs = TextFile.read(page, root, limit=256 * 1024)
        errors += errs + (check_markdown(text) if text else [])

    return col, errors
