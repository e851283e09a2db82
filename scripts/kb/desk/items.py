"""The kinds the desk edits, and the files each item is made of.

Folder kinds (case, course, handbook) are one YAML file each, with Markdown
beside it; entry kinds (source, term) are one entry of a shared list file
(sources.yml, glossary.yml). Every path is built here from a checked id, so
no request can name a file outside the content folders.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from kb.content.glossary import Glossary, Term
from kb.content.models import SLUG_PATTERN, TEXT_FILE, Case, Course, Handbook, Source, SourceList
from kb.content.yamlfile import quick_load

SLUG = re.compile(SLUG_PATTERN)
# A glossary term is its own id: short text, no control characters or slashes.
TERM_ID = re.compile(r"^[^\x00-\x1f\x7f/\\]{1,40}$")


class DeskError(Exception):
    """A request the desk refuses, with the Chinese message to show."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(frozen=True)
class DeskKind:
    name: str
    word: str               # what organisers call it
    model: type             # the model of one item (an entry, for entry kinds)
    schema: str             # schemas/<file>: the form is generated from it
    id_field: str           # the field that names the item
    title_field: str        # what the list shows
    list_file: str = ""     # entry kinds: the shared file ...
    list_key: str = ""      # ... and its list
    list_model: type | None = None

    @property
    def is_entry(self) -> bool:
        return bool(self.list_file)

    def check_id(self, item_id: str) -> str:
        pattern = TERM_ID if self.name == "term" else SLUG
        # fullmatch: "$" alone lets a trailing newline through; 64 is make new-*'s limit.
        if not isinstance(item_id, str) or not pattern.fullmatch(item_id) or ".." in item_id or len(item_id) > 64:
            raise DeskError(f"「{item_id}」不是合法的{self.word} id", 404)
        return item_id

    def yaml_path(self, item_id: str) -> str:
        return {"case": f"cases/{item_id}/case.yml", "course": f"courses/{item_id}.yml",
                "handbook": f"handbooks/{item_id}/handbook.yml"}.get(self.name, self.list_file)

    def folder(self, item_id: str) -> str | None:
        return {"case": f"cases/{item_id}", "handbook": f"handbooks/{item_id}"}.get(self.name)


KINDS: dict[str, DeskKind] = {k.name: k for k in (
    DeskKind("case", "案例", Case, "case.schema.json", "id", "title"),
    DeskKind("course", "课程", Course, "course.schema.json", "id", "title"),
    DeskKind("handbook", "手册", Handbook, "handbook.schema.json", "id", "title"),
    DeskKind("source", "来源", Source, "sources.schema.json", "id", "title",
             "sources.yml", "sources", SourceList),
    DeskKind("term", "术语", Term, "", "term", "term", "glossary.yml", "terms", Glossary),
)}

CASE_TEXTS = ("case.md", "teaching.md")


def kind_of(name: str) -> DeskKind:
    if name not in KINDS:
        raise DeskError(f"没有「{name}」这类内容", 404)
    return KINDS[name]


def plain(value):
    """YAML data as JSON can carry it: dates as the text the files use."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def linked(root: Path, rel: str) -> bool:
    """Whether root/rel passes through (or is) a symbolic link: such a path may lead
    outside the project, so the desk neither reads, writes nor deletes through it."""
    path = root
    for part in Path(rel).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def read_text(root: Path, rel: str) -> str | None:
    path = root / rel
    if linked(root, rel) or not path.is_file():
        return None
    return path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")


def parse(text: str | None, shown: str):
    if text is None:
        return None
    data, _ = quick_load(text, shown)
    return plain(data)


def text_names(kind: DeskKind, data) -> list[str]:
    """The Markdown files of an item, in reading order."""
    if kind.name == "case":
        return list(CASE_TEXTS)
    if kind.name != "handbook" or not isinstance(data, dict):
        return []
    names = [data.get("preface")]
    names += [c.get("text") for c in data.get("chapters") or [] if isinstance(c, dict)]
    names.append(data.get("afterword"))
    seen: list[str] = []
    for name in names:
        if isinstance(name, str) and TEXT_FILE.match(name) and name not in seen:
            seen.append(name)
    return seen


def text_path(kind: DeskKind, item_id: str, name: str) -> str:
    folder = kind.folder(item_id)
    allowed = CASE_TEXTS if kind.name == "case" else None
    if (not folder or not TEXT_FILE.fullmatch(name or "") or any(ord(c) < 32 for c in name)
            or (allowed and name not in allowed)):
        raise DeskError(f"「{name}」不是这个{kind.word}可以有的文字文件")
    return f"{folder}/{name}"


def entries(root: Path, kind: DeskKind) -> list[dict]:
    data = parse(read_text(root, kind.list_file), kind.list_file)
    values = data.get(kind.list_key) if isinstance(data, dict) else None
    return [e for e in values if isinstance(e, dict)] if isinstance(values, list) else []


def entry_index(root: Path, kind: DeskKind, item_id: str) -> int:
    for i, entry in enumerate(entries(root, kind)):
        if entry.get(kind.id_field) == item_id:
            return i
    raise DeskError(f"没有找到{kind.word}「{item_id}」：它可能已被删除", 404)


def list_items(root: Path, kind: DeskKind) -> list[dict]:
    if kind.is_entry:
        found = entries(root, kind)
    else:
        folder = {"case": "cases", "course": "courses", "handbook": "handbooks"}[kind.name]
        found = []
        base = root / folder
        for path in sorted(base.iterdir()) if base.is_dir() and not base.is_symlink() else []:
            item_id = path.stem if kind.name == "course" else path.name
            if path.is_symlink() or not SLUG.match(item_id):
                continue
            if kind.name == "course" and path.suffix != ".yml":
                continue
            data = parse(read_text(root, kind.yaml_path(item_id)), kind.yaml_path(item_id))
            found.append(data if isinstance(data, dict) else {"id": item_id})
            found[-1] = {**found[-1], "id": item_id}
    out = []
    for data in found:
        item_id = data.get(kind.id_field)
        title = data.get(kind.title_field) or data.get("description") or ""
        out.append({"id": item_id, "title": title if isinstance(title, str) else str(title),
                    "status": data.get("status", ""), "draft": False})
    return out


def version_of(data, texts: dict) -> str:
    raw = json.dumps({"data": data, "texts": texts}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def load_item(root: Path, kind: DeskKind, item_id: str) -> dict:
    """What the form shows: data, Markdown texts, the raw YAML, a version."""
    kind.check_id(item_id)
    if kind.is_entry:
        data = entries(root, kind)[entry_index(root, kind, item_id)]
        return {"id": item_id, "data": data, "texts": {}, "raw": None, "version": version_of(data, {})}
    rel = kind.yaml_path(item_id)
    raw = read_text(root, rel)
    if raw is None:
        raise DeskError(f"没有找到{kind.word}「{item_id}」（{rel}）：它可能已被删除或改名", 404)
    data = parse(raw, rel)
    texts = {}
    for name in text_names(kind, data):
        text = read_text(root, text_path(kind, item_id, name))
        texts[name] = text if text is not None else ""
    data = data if isinstance(data, dict) else None  # broken YAML: only the raw text can be edited
    return {"id": item_id, "data": data, "texts": texts, "raw": raw, "version": version_of(raw, texts)}
