"""Every PDF of the collection into one folder: <handbook>.pdf and cases/<case>.pdf.

The set is written to a scratch folder and swapped in whole, so the folder
never mixes two versions and a handbook made private loses its old PDF.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..pages import pdf_path
from .documents import case_html, handbook_html
from .available import write_stamp
from .writer import write_pdf


def build_pdfs(col, root: Path, out: Path, version: str, paper: str = "A4", progress=None) -> list[tuple[str, int]]:
    """Returns (path inside out, pages) for every PDF written. Only public items are in col."""
    jobs = [(pdf_path("handbook", hid), handbook_html, item) for hid, item in col.handbooks.items()]
    jobs += [(pdf_path("case", cid), case_html, item) for cid, item in col.cases.items()]
    scratch = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    written = []
    try:
        for path, make, item in jobs:
            # pdf_path() names the file inside the site (pdf/...); here it sits under out.
            relative = path.removeprefix("pdf/")
            pages = write_pdf(make(item, col, version, paper), scratch / relative, root)
            written.append((relative, pages))
            if progress:
                progress(relative, pages)
        scratch.mkdir(parents=True, exist_ok=True)
        write_stamp(scratch, version, paper)  # lets a site build take only PDFs of its own content
        shutil.rmtree(out, ignore_errors=True)
        scratch.rename(out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return written
