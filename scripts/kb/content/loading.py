"""Find content files and load them into typed models.

Layout (relative to the project root):
  sources.yml                 the documents the site cites
  programme.yml               the training programme
  cases/<id>/case.yml + case.md (+ teaching.md, the teaching note)
  courses/<id>.yml
  handbooks/<id>/handbook.yml + the Markdown files it names
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kb.content.errors import ContentError, display_path
from kb.check.markdown_check import check_markdown
from kb.content.glossary import Glossary
from kb.content.synonyms import Synonyms
from kb.content.models import Case, Course, Intros, Programme, SourceList
from kb.content.narrative import parse_narrative
from kb.content.teaching import FILE as TEACHING_FILE, load_teaching
from kb.content.textfile import TextFile, outside_problem
from kb.content.collection import (MARKDOWN_LIMIT, SLUG, CaseItem, Collection, Item,  # noqa: F401 (re-exported)
                                   check_id, entries, load_model)

def suggest_id(name: str) -> str:
    """A folder or file name an organiser may use: pinyin for Chinese."""
    from pypinyin import lazy_pinyin  # only when a name is wrong

    text = "".join(lazy_pinyin(name)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:64] or "anli"


def _check_name(path: Path, name: str, root: Path, model) -> list[ContentError]:
    """A folder or file name becomes the page's web address: only a-z, 0-9, -."""
    if SLUG.match(name) and len(name) <= 64:
        return []
    own_id = getattr(model, "id", None)
    better = own_id if own_id and SLUG.match(own_id) else suggest_id(name)
    what = "文件夹名" if path.is_dir() else "文件名"
    new_name = better if path.is_dir() else better + path.suffix
    return [ContentError(display_path(path, root), 1, 1,
                         f"{what}「{path.name}」不能用作网址：{what}只能用小写英文字母、数字和连字符「-」"
                         f"（不能用汉字、大写字母或空格）。请改名为「{new_name}」，并把里面的 id 改成「{better}」")]


def load_collection(root: Path) -> tuple[Collection, list[ContentError]]:
    root = root.resolve()
    col = Collection(root)
    errors: list[ContentError] = []

    sources, marks, errs = load_model(root / "sources.yml", root, SourceList)
    errors += errs
    col.sources_loaded = sources is not None
    col.source_marks = marks
    for i, source in enumerate(sources.sources if sources else []):
        if source.id in col.sources:
            line, column = marks.get(("sources", i, "id"), (1, 1))
            errors.append(ContentError("sources.yml", line, column, f"id「{source.id}」重复：每个来源的 id 必须唯一"))
        col.sources.setdefault(source.id, source)

    if (root / "intros.yml").exists():
        col.intros, _, errs = load_model(root / "intros.yml", root, Intros)
        errors += errs

    if (root / "glossary.yml").exists():  # 术语 (kb/glossary.py)
        glossary, marks, errs = load_model(root / "glossary.yml", root, Glossary)
        errors += errs
        col.glossary = Item(glossary, "glossary.yml", marks) if glossary else None

    if (root / "synonyms.yml").exists():  # the editors' search synonyms (kb/content/synonyms.py)
        synonyms, _, errs = load_model(root / "synonyms.yml", root, Synonyms)
        errors += errs
        col.synonyms = [list(group) for group in synonyms.groups] if synonyms else []

    programme, marks, errs = load_model(root / "programme.yml", root, Programme)
    errors += errs
    if programme:
        if programme.status == "private":
            col.private[("programme", programme.id)] = Item(programme, "programme.yml", marks)
        else:
            col.programme = Item(programme, "programme.yml", marks)

    # entries refuses symlinked and special entries (files stay inside the project).
    for case_dir in entries(root / "cases", root, errors, want_dirs=True):
        yml, md = case_dir / "case.yml", case_dir / "case.md"
        col.present["case"].add(case_dir.name)
        if not yml.exists() and not yml.is_symlink():
            errors.append(ContentError(display_path(case_dir, root), 1, 1, "案例文件夹里缺少 case.yml"))
            continue
        case, marks, errs = load_model(yml, root, Case)
        errors += errs
        narrative: dict = {}
        text = None
        if md.exists() or md.is_symlink():
            text, errs = TextFile.read(md, root, limit=MARKDOWN_LIMIT)
            errors += errs
            if text:
                narrative, errs = parse_narrative(text)
                errors += errs + check_markdown(text)
        teaching = None
        if (case_dir / TEACHING_FILE).exists() or (case_dir / TEACHING_FILE).is_symlink():
            teaching, errs = load_teaching(case_dir / TEACHING_FILE, root, MARKDOWN_LIMIT)
            errors += errs + (check_markdown(teaching.markdown) if teaching else [])
        name_errors = _check_name(case_dir, case_dir.name, root, case)
        errors += name_errors
        if case and name_errors:
            col.present["case"].add(case.id)  # references to it are not misspelt: the folder is
        if case:
            shown = display_path(yml, root)
            errors += [] if name_errors else check_id(case, case_dir.name, shown, marks)
            col.keep("case", CaseItem(case, shown, marks, narrative, text, teaching), col.cases)

    for kind, model, target in (("course", Course, col.courses),):
        for path in entries(root / f"{kind}s", root, errors, want_dirs=False, suffix=".yml"):
            col.present[kind].add(path.stem)
            item, marks, errs = load_model(path, root, model)
            errors += errs
            name_errors = _check_name(path, path.stem, root, item)
            errors += name_errors
            if item and name_errors:
                col.present[kind].add(item.id)
            if item:
                shown = display_path(path, root)
                errors += [] if name_errors else check_id(item, path.stem, shown, marks)
                col.keep(kind, Item(item, shown, marks), target)

    from kb.content.handbook_files import load_handbooks  # handbooks/<id>/ (it builds on this module)
    errors += load_handbooks(root, col)

    for page in docs_files(root, errors):
        if page.suffix == ".md":
            text, errs = TextFile.read(page, root, limit=MARKDOWN_LIMIT)
            errors += errs + (check_markdown(text) if text else [])

    return col, errors


def docs_files(root: Path, errors: list[ContentError]) -> list[Path]:
    """Every file under docs/ (pages and assets): MkDocs would publish a
    symlinked or hard-linked docs/passwd.txt, so links and special files are errors."""
    docs = root / "docs"
    if not docs.exists() and not docs.is_symlink():
        return []
    problem = outside_problem(docs, root, expect_dir=True)
    if problem:
        errors.append(ContentError("docs", 1, 1, problem))
        return []
    files = []
    for folder, dirs, names in os.walk(docs):  # does not follow symlinked folders
        for name in sorted(dirs + names):
            path = Path(folder) / name
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                errors.append(ContentError(display_path(path, root), 1, 1, outside_problem(path, root) or "无法读取"))
            elif name in names:
                problem = outside_problem(path, root)  # a hard link to a file outside is published as it is
                if problem:
                    errors.append(ContentError(display_path(path, root), 1, 1, problem))
                else:
                    files.append(path)
        dirs[:] = sorted(d for d in dirs if not (Path(folder) / d).is_symlink())
    return sorted(files)
