"""Which PDFs a site build carries: those `make pdf` wrote for this very content.

No WeasyPrint here: the site build only looks at files. build_pdf.py leaves a
stamp (build.json: content version, paper) beside the PDFs; a folder from an
older version is ignored with a message, so a page never offers a PDF that
prints other words than the page shows.
"""

from __future__ import annotations

import json
from pathlib import Path

STAMP = "build.json"


def content_version(root: Path) -> str:
    """The version the site prints in each page's head and the USB edition is
    named by (kb.edition: git describe), on every cover and footer too."""
    from kb.offline.edition import edition

    return edition(root)[0] or "未知（不在 git 仓库中）"


def write_stamp(folder: Path, version: str, paper: str, edition: str = "trainee") -> None:
    (folder / STAMP).write_text(json.dumps({"version": version, "paper": paper, "edition": edition}) + "\n",
                                encoding="utf-8")


def site_pdfs(folder: Path, col, version: str, edition: str = "trainee") -> tuple[dict[str, Path], str | None]:
    """(site path -> file, note): the PDFs to put into the site, and why none were taken.
    PDFs of the other edition are never taken: a teacher's copy must not reach trainees."""
    stamp = folder / STAMP
    if not stamp.is_file():
        return {}, None
    try:
        data = json.loads(stamp.read_text(encoding="utf-8"))
        built, built_for = data.get("version"), data.get("edition", "trainee")
    except (OSError, ValueError, AttributeError):
        built, built_for = None, None
    if built_for != edition:
        return {}, f"提示: {folder} 里的 PDF 不是这一版（{edition}）的：网站不带「下载 PDF」链接"
    if built != version:
        return {}, (f"提示: {folder} 里的 PDF 是内容版本 {built} 生成的，当前是 {version}："
                    "网站不带「下载 PDF」链接。需要时请先运行 make pdf")
    found = {}
    teaching = [i for i, c in col.cases.items() if getattr(c, "teaching", None)] if edition == "teacher" else []
    for kind, ids, sub in (("handbook", col.handbooks, ""), ("case", col.cases, "cases/"), ("teaching", teaching, "teaching/")):
        for item_id in ids:
            path = folder / f"{sub}{item_id}.pdf"
            if path.is_file():
                found[f"pdf/{sub}{item_id}.pdf"] = path
            book = folder / f"{item_id}.epub"  # a handbook's phone book, beside its PDF (the USB edition)
            if kind == "handbook" and book.is_file():
                found[f"pdf/{item_id}.epub"] = book
    return found, None
