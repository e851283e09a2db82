"""Validate a save before it is written, with the project's own validator.

The candidate files are laid over a scratch copy of the content and the
whole validator runs on it, so a save is judged exactly as make validate
would judge it (ids that must exist, citations, style). Each message on the
item's YAML file is mapped back to the form field on its line.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from pathlib import Path

from kb.check.validation import validate
from kb.content.errors import ContentError
from kb.content.textfile import TextFile
from kb.content.yamlfile import load_yaml
from kb.desk.items import DeskKind

# What the validator reads; build output and tools are left out of the copy.
CONTENT = ("cases", "courses", "handbooks", "docs", "sources.yml", "programme.yml", "glossary.yml",
           "intros.yml", "synonyms.yml")


def _ignore(folder, names):
    # A link is left out: the check reads nothing outside the project, nor writes through it.
    return [n for n in names if n.endswith((".draft", ".tmp")) or Path(folder, n).is_symlink()]


def run_validator(root: Path, writes: dict[str, str | None]) -> list[ContentError]:
    """Every problem of the content as it would be after these writes."""
    with tempfile.TemporaryDirectory(prefix="kb-desk-check-") as tmp:
        scratch = Path(tmp)
        for name in CONTENT:
            source = root / name
            if source.is_dir() and not source.is_symlink():
                shutil.copytree(source, scratch / name, ignore=_ignore, symlinks=True)
            elif source.is_file() and not source.is_symlink():
                shutil.copy2(source, scratch / name)
        for rel, text in writes.items():
            path = scratch / rel
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        _, problems = validate(scratch)
    return problems


_baseline: dict[str, list[ContentError]] = {}


def _fingerprint(root: Path) -> str:
    """Changes whenever a content file does: names, sizes, modification times."""
    parts = []
    for name in CONTENT:
        path = root / name
        found = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for entry in found:
            try:
                info = entry.lstat()
            except OSError:
                continue
            parts.append(f"{entry.relative_to(root)}|{info.st_size}|{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def baseline(root: Path) -> list[ContentError]:
    """The problems of the content as it is on disk, validated once per state:
    each check while typing needs them, to tell new problems from old."""
    key = f"{root}:{_fingerprint(root)}"
    if key not in _baseline:
        _baseline.clear()
        _baseline[key] = run_validator(root, {})
    return _baseline[key]


def field_marks(text: str, shown: str, prefix: tuple = ()) -> list[tuple[int, int, tuple]]:
    """(line, column, field path under prefix) of every key and value."""
    loaded, _ = load_yaml(TextFile(Path(shown), shown, text))
    if loaded is None:
        return []
    found = []
    for marks in (loaded.key_marks, loaded.value_marks):
        for path, (line, column) in marks.items():
            if path[:len(prefix)] == prefix:
                found.append((line, column, path[len(prefix):]))
    return sorted(found)


_LABEL = re.compile(r"字段「([A-Za-z_][\w]*(?:\[\d+\]|\.[A-Za-z_]\w*)*)」")


def field_of(problem: ContentError, marks: list, prefix: tuple) -> list:
    """The form field a message concerns: the field it names, else the
    last field that starts on its line before its column."""
    named = _LABEL.search(problem.message)
    if named:
        path = [int(p) if p.isdigit() else p for p in re.findall(r"[A-Za-z_]\w*|\d+", named.group(1))]
        if tuple(path[:len(prefix)]) == prefix:
            return path[len(prefix):]
    best: tuple = ()
    for line, column, path in marks:
        if line == problem.line and column <= problem.column and len(path) >= len(best):
            best = path
    return list(best)


def _entry_prefix(kind: DeskKind, text: str, item_id: str) -> tuple:
    loaded, _ = load_yaml(TextFile(Path(kind.list_file), kind.list_file, text))
    values = loaded.data.get(kind.list_key) if loaded and isinstance(loaded.data, dict) else None
    for i, entry in enumerate(values or []):
        if isinstance(entry, dict) and entry.get(kind.id_field) == item_id:
            return (kind.list_key, i)
    return (kind.list_key, -1)


def messages_for(kind: DeskKind, item_id: str, writes: dict[str, str], problems: list[ContentError],
                 before: list[ContentError]) -> list[dict]:
    """The messages the organiser should see for this save, each with the
    form field (path as a list) or the text file and line it concerns.
    Problems that were already there in other files are left out: they are
    someone else's, and the list shows them."""
    yml = kind.list_file or kind.yaml_path(item_id)
    prefix = _entry_prefix(kind, writes[yml], item_id) if kind.is_entry and yml in writes else ()
    marks = field_marks(writes[yml], yml, prefix) if yml in writes else []
    own_lines = {line for line, _, _ in marks} if kind.is_entry else None
    old = {(p.path, p.message) for p in before}
    out = []
    for p in problems:
        folder = kind.folder(item_id)
        mine = p.path in writes or p.path == yml or bool(folder and p.path.startswith(folder + "/"))
        if p.path == yml and own_lines is not None and p.line not in own_lines:
            mine = False  # another entry of the shared file
        if not mine and (p.path, p.message) in old:
            continue
        field = field_of(p, marks, prefix) if p.path == yml and mine else None
        out.append({"file": p.path, "line": p.line, "column": p.column, "level": p.level,
                    "message": p.message, "field": field,
                    "text": p.path.rsplit("/", 1)[-1] if mine and p.path != yml else None,
                    "elsewhere": not mine})
    return out
