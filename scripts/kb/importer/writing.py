"""Write an imported case all at once, or not at all.

The folder is built in a hidden temporary folder beside cases/ (same disk,
so the final rename is one step), checked there as the validator would check
it, and only then renamed to cases/<id>. On any failure the temporary folder
is removed: no half-written case is ever left for the site or the desk to see.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from kb.check.attachments import scan
from kb.check.cite_marks import CITE as WELL_TYPED, LOOKS_LIKE_CITE
from kb.check.markdown_check import check_markdown
from kb.content.collection import MARKDOWN_LIMIT, load_model
from kb.content.models import Case
from kb.content.narrative import parse_narrative
from kb.content.teaching import load_teaching
from kb.content.textfile import TextFile
from kb.importer.failed import ImportFailed
from kb.render.editorial import CITE

TEMP_PREFIX = ".kb-import-"


def _cite_errors(text: str, sources: set[str]) -> list[str]:
    """What kb.check.cite_marks and kb.render.editorial would refuse: [@id] of no source, 【@id】."""
    found = [f"引用的来源「{m.group(1)}」不存在" for m in CITE.finditer(text) if m.group(1) not in sources]
    return found + [f"「{m.group(0)}」用了全角的括号" for m in LOOKS_LIKE_CITE.finditer(text)
                    if not WELL_TYPED.fullmatch(m.group(0))]


def _errors(folder: Path, root: Path, sources: set[str]) -> list[str]:
    """The validator's errors (not warnings) in the new folder, as its checks of one case find them."""
    problems = []
    _, _, found = load_model(folder / "case.yml", root, Case)
    problems += found
    md, found = TextFile.read(folder / "case.md", root, limit=MARKDOWN_LIMIT)
    problems += found
    if md:
        problems += parse_narrative(md)[1] + check_markdown(md) + scan(md, folder, root)[0]
    if (folder / "teaching.md").exists():
        _, found = load_teaching(folder / "teaching.md", root, MARKDOWN_LIMIT)
        problems += found
    found = [f"{p.line}:{p.column} {p.message}" for p in problems if not p.is_warning]
    return found + (_cite_errors(md.text, sources) if md else [])


def write_case(root: Path, case_id: str, files: dict[str, bytes], shown: str, sources: set[str]) -> list[str]:
    """Write files (name -> bytes) as cases/<case_id>/; return their paths relative to root.
    sources: the ids of sources.yml, which case.md may cite."""
    cases = root / "cases"
    target = cases / case_id
    try:
        cases.mkdir(exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=root))
    except OSError as exc:
        raise ImportFailed(f"没有导入「{shown}」：无法在 {root} 里写入（{exc.strerror or exc}）") from None
    try:
        folder = temp / case_id
        try:
            folder.mkdir()
            for name, data in files.items():
                with open(folder / name, "xb") as f:
                    f.write(data)
        except OSError as exc:  # a full disk, a read-only folder
            raise ImportFailed(f"没有导入「{shown}」：写入文件时出错（{exc.strerror or exc}），没有留下任何文件") from None
        errors = _errors(folder, root, sources)
        if errors:
            raise ImportFailed(f"「{shown}」转换出的案例没有通过校验，没有写入任何文件：{'；'.join(errors[:5])}。"
                               "请把这个 Word 文件交给维护本站的同事")
        if target.exists() or target.is_symlink():
            raise ImportFailed(f"已经有「cases/{case_id}」了：没有导入「{shown}」（不会覆盖已有的案例）")
        try:
            # rename refuses a folder that holds anything (ENOTEMPTY): a case
            # made meanwhile by someone else is not replaced.
            os.rename(folder, target)
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOTDIR, errno.EISDIR):
                raise ImportFailed(f"已经有「cases/{case_id}」了：没有导入「{shown}」（不会覆盖已有的案例）") from None
            raise ImportFailed(f"没有导入「{shown}」：无法把案例放进 cases/（{exc.strerror or exc}）") from None
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return [f"cases/{case_id}/{name}" for name in files]
