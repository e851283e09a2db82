"""Handbooks on disk: handbooks/<id>/handbook.yml plus the Markdown files it names.

    handbooks/<id>/handbook.yml   title, 编印单位, edition, chapters and includes
    handbooks/<id>/preface.md     前言 (any name: handbook.yml says which file)
    handbooks/<id>/chapter-1.md   a chapter's own text
    handbooks/<id>/afterword.md   编后记

The text files are read here, once, so the site and the PDF print the same
words, and every mistake in them is reported with its own path and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.content.errors import ContentError, display_path, warning
from kb.content.collection import MARKDOWN_LIMIT, Collection, Item, check_id, entries, load_model
from kb.check.markdown_check import check_markdown
from kb.content.models import Handbook
from kb.content.chapters import NUMBERED, chapter_label
from kb.content.textfile import TextFile

HANDBOOK_FILE = "handbook.yml"
H1 = re.compile(r"^#\s")


@dataclass(frozen=True)
class HandbookItem(Item):
    texts: dict = field(default_factory=dict, compare=False)  # file name -> Markdown text
    folder: str = ""  # shown path of the handbook's folder


def text_fields(h: Handbook) -> list[tuple[tuple, str]]:
    """(field path, file name) of every text file the handbook names, in reading order."""
    found = [(("preface",), h.preface)] if h.preface else []
    found += [(("chapters", i, "text"), c.text) for i, c in enumerate(h.chapters) if c.text]
    return found + ([(("afterword",), h.afterword)] if h.afterword else [])


def _read_text(path: Path, root: Path) -> tuple[str | None, list[ContentError]]:
    file, errors = TextFile.read(path, root, limit=MARKDOWN_LIMIT)
    if file is None:
        return None, errors
    errors += check_markdown(file)
    in_fence = False
    for number, line in enumerate(file.text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and H1.match(line):
            errors.append(ContentError(file.shown_path, number, 1,
                                       "不要使用一级标题「# 」：章标题写在 handbook.yml 的 title 里；正文里的小标题请用「## 」"))
    return file.text, errors


def _structure_warnings(h: Handbook, shown: str, marks) -> list[ContentError]:
    """Legal, but almost surely not what the organiser meant."""
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for i, chapter in enumerate(h.chapters):
        if NUMBERED.match(chapter.title):
            line, column = marks.get(("chapters", i, "title"), (1, 1))
            problems.append(warning(shown, line, column,
                                    f"章标题「{chapter.title}」以章号开头：章号由网站和 PDF 按顺序自动加上，"
                                    f"标题里的章号不会显示（这一章显示为「{chapter_label(i + 1, chapter.title)}」）。"
                                    "请删去标题里的章号，免得调整章序后对不上"))
        if not (chapter.text or chapter.cases or chapter.courses):
            line, column = marks.get(("chapters", i), (1, 1))
            problems.append(warning(shown, line, column,
                                    f"第 {i + 1} 章「{chapter.title}」是空的：请用 text 写本章正文，或用 cases / courses 收录内容"))
        for kind, ids in (("cases", chapter.cases), ("courses", chapter.courses)):
            for j, item_id in enumerate(ids):
                if (kind, item_id) in seen:
                    line, column = marks.get(("chapters", i, kind, j), (1, 1))
                    what = "案例" if kind == "cases" else "课程"
                    problems.append(warning(shown, line, column,
                                            f"{what}「{item_id}」在本手册里已收录过（第 {seen[(kind, item_id)]} 章），"
                                            "印出来会重复两次"))
                seen.setdefault((kind, item_id), i + 1)
    return problems


def _load_one(folder: Path, root: Path) -> tuple[HandbookItem | None, list[ContentError]]:
    yml = folder / HANDBOOK_FILE
    if not yml.is_file():
        return None, [ContentError(display_path(folder, root), 1, 1,
                                   f"手册文件夹里缺少 {HANDBOOK_FILE}（可以用 make new-handbook 新建一本手册）")]
    handbook, marks, errors = load_model(yml, root, Handbook)
    if handbook is None:
        return None, errors
    shown = display_path(yml, root)
    errors += check_id(handbook, folder.name, shown, marks)
    errors += _structure_warnings(handbook, shown, marks)
    texts: dict[str, str] = {}
    for path, name in text_fields(handbook):
        target = folder / name
        try:
            present = target.is_file()
        except OSError as exc:  # a file name too long for the disk: a message, not a traceback
            line, column = marks.get(path, (1, 1))
            errors.append(ContentError(shown, line, column, f"无法使用文件名「{name[:60]}」：{exc.strerror or exc}。"
                                                            "请把文件改成短一些的名字，这里也照改"))
            continue
        if not present:
            line, column = marks.get(path, (1, 1))
            errors.append(ContentError(shown, line, column,
                                       f"找不到文件「{display_path(target, root)}」：请在手册文件夹里新建这个 Markdown 文件，"
                                       "或改正文件名（大小写也要一致）"))
            continue
        if name not in texts:
            text, errs = _read_text(target, root)
            errors += errs
            if text is not None:
                texts[name] = text
    named = {name for _, name in text_fields(handbook)}
    for extra in sorted(p for p in folder.glob("*.md") if p.name not in named):
        errors.append(warning(display_path(extra, root), 1, 1,
                              f"handbook.yml 没有用到这个文件：请在 preface、afterword 或某一章的 text 里写上「{extra.name}」，"
                              "否则它不会出现在网站和 PDF 里"))
    return HandbookItem(handbook, shown, marks, texts, display_path(folder, root)), errors


def load_handbooks(root: Path, col: Collection) -> list[ContentError]:
    errors: list[ContentError] = []
    folder = root / "handbooks"
    for old in sorted(folder.glob("*.yml")):
        errors.append(ContentError(display_path(old, root), 1, 1,
                                   f"手册现在放在自己的文件夹里：请把这个文件移到 handbooks/{old.stem}/{HANDBOOK_FILE}"
                                   "（前言、各章正文写成同一文件夹里的 Markdown 文件）"))
    for path in entries(folder, root, errors, want_dirs=True):
        col.present["handbook"].add(path.name)
        item, errs = _load_one(path, root)
        errors += errs
        if item:
            col.keep("handbook", item, col.handbooks)
    return errors
