"""Saving from the desk without losing anything.

A save becomes a set of whole-file texts (plan_writes). Each file is written
atomically (a temporary file beside it, then a rename), so a crash leaves the
old file or the new one, never half of each. A save that the validator
refuses is written beside the item as <file>.draft and replaces nothing
unless the organiser confirms. A deleted item is moved to .desk-trash/.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from kb.desk.items import (DeskError, DeskKind, entries, entry_index, load_item, parse, read_text,
                           text_names, text_path)
from kb.desk.yamlmerge import merge, replace_entry

DRAFT = ".draft"
TRASH = ".desk-trash"


def atomic_write(path: Path, content: str | bytes) -> None:
    """Write beside the file, then rename over it: all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".desk-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content.encode("utf-8") if isinstance(content, str) else content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def plan_writes(root: Path, kind: DeskKind, item_id: str, data: dict | None, texts: dict[str, str],
                raw: str | None = None) -> dict[str, str]:
    """relative path -> the file's new text."""
    if kind.is_entry:
        if not isinstance(data, dict):
            raise DeskError("没有收到要保存的内容")
        current = read_text(root, kind.list_file) or f"{kind.list_key}:\n"
        index = entry_index(root, kind, item_id)
        return {kind.list_file: replace_entry(current, kind.list_key, index, data)}
    rel = kind.yaml_path(item_id)
    current = read_text(root, rel)
    if raw is not None:  # the YAML typed as text (a file the form cannot read)
        writes = {rel: raw if raw.endswith("\n") else raw + "\n"}
        data = parse(raw, rel)
    elif isinstance(data, dict):
        old = parse(current, rel)
        writes = {rel: merge(current, old if isinstance(old, dict) else None, data, list(kind.model.model_fields))}
    else:
        raise DeskError("没有收到要保存的内容")
    allowed = set(text_names(kind, data)) | set(text_names(kind, parse(current, rel)))
    for name, text in (texts or {}).items():
        if name not in allowed:
            raise DeskError(f"「{name}」不是这个{kind.word}的文字文件：请先在表单里写上这个文件名")
        if not isinstance(text, str):
            raise DeskError(f"「{name}」的内容应是文字")
        path = text_path(kind, item_id, name)
        text = text.replace("\r\n", "\n")
        old_text = read_text(root, path)
        if old_text is None and not text.strip():
            continue  # an empty editor for a file that does not exist: nothing to write
        if old_text != text:
            writes[path] = text if text.endswith("\n") or not text else text + "\n"
    return writes


def check_version(root: Path, kind: DeskKind, item_id: str, version: str | None) -> None:
    """A second tab (or a colleague) saved since this form was opened: refuse."""
    current = load_item(root, kind, item_id)["version"]
    if version != current:
        raise DeskError("这条内容在你打开之后已经在别处保存过（另一个窗口或另一位同事）。为了不覆盖对方的修改，"
                        "这次没有保存。请先把你的修改复制下来，点「重新打开」看最新内容后再改。", 409)


def write_all(root: Path, writes: dict[str, str]) -> None:
    for rel, text in writes.items():
        atomic_write(root / rel, text)


def draft_path(kind: DeskKind, item_id: str, rel: str) -> str:
    # Entry kinds share a file: one draft per entry.
    return f"{rel}.{item_id}{DRAFT}" if kind.is_entry else rel + DRAFT


def write_drafts(root: Path, kind: DeskKind, item_id: str, writes: dict[str, str]) -> list[str]:
    saved = []
    for rel, text in writes.items():
        draft = draft_path(kind, item_id, rel)
        atomic_write(root / draft, text)
        saved.append(draft)
    return saved


def item_files(root: Path, kind: DeskKind, item_id: str) -> list[str]:
    if kind.is_entry:
        return [kind.list_file]
    rel = kind.yaml_path(item_id)
    names = text_names(kind, parse(read_text(root, rel), rel))
    return [rel] + [text_path(kind, item_id, n) for n in names]


def drafts_of(root: Path, kind: DeskKind, item_id: str) -> dict[str, str]:
    """The item's files that have a draft: relative path -> draft text."""
    found = {}
    for rel in item_files(root, kind, item_id):
        text = read_text(root, draft_path(kind, item_id, rel))
        if text is not None:
            found[rel] = text
    return found


def draft_payload(root: Path, kind: DeskKind, item_id: str) -> dict | None:
    """A kept draft as the form reads it."""
    found = drafts_of(root, kind, item_id)
    if not found:
        return None
    if kind.is_entry:
        data = parse(found[kind.list_file], kind.list_file)
        values = data.get(kind.list_key) if isinstance(data, dict) else None
        index = entry_index(root, kind, item_id)
        entry = values[index] if isinstance(values, list) and len(values) > index else None
        return {"data": entry, "texts": {}, "raw": None}
    rel = kind.yaml_path(item_id)
    raw = found.get(rel) or read_text(root, rel)
    data = parse(raw, rel)
    texts = {}
    for name in text_names(kind, data):
        path = text_path(kind, item_id, name)
        texts[name] = found.get(path, read_text(root, path) or "")
    return {"data": data if isinstance(data, dict) else None, "texts": texts, "raw": raw}


def discard_drafts(root: Path, kind: DeskKind, item_id: str) -> None:
    for rel in item_files(root, kind, item_id):
        (root / draft_path(kind, item_id, rel)).unlink(missing_ok=True)


def create_entry(root: Path, kind: DeskKind, data: dict) -> None:
    item_id = kind.check_id(data.get(kind.id_field, ""))
    if any(e.get(kind.id_field) == item_id for e in entries(root, kind)):
        raise DeskError(f"已经有{kind.word}「{item_id}」了：请换一个，或打开已有的那一条", 409)
    current = read_text(root, kind.list_file) or f"{kind.list_key}:\n"
    atomic_write(root / kind.list_file, replace_entry(current, kind.list_key, None, data))


def delete_item(root: Path, kind: DeskKind, item_id: str) -> str:
    """Remove an item; a folder or file goes to .desk-trash/, never gone."""
    kind.check_id(item_id)
    if kind.is_entry:
        current = read_text(root, kind.list_file) or ""
        index = entry_index(root, kind, item_id)
        atomic_write(root / kind.list_file, replace_entry(current, kind.list_key, index, None))
        return kind.list_file
    target = kind.folder(item_id) or kind.yaml_path(item_id)
    source = root / target
    if source.is_symlink() or not source.exists():
        raise DeskError(f"没有找到{kind.word}「{item_id}」", 404)
    bin_ = root / TRASH / time.strftime("%Y%m%d-%H%M%S") / target
    bin_.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(source), str(bin_))
    return target

