"""Every PDF of the collection into one folder: <handbook>.pdf and cases/<case>.pdf.

The set is written to a scratch folder and swapped in whole, so the folder
never mixes two versions and a handbook made private loses its old PDF.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kb.render.pages import pdf_path
from kb.pdf.documents import case_html, handbook_html, teaching_html
from kb.render.audience import TRAINEE, for_teachers
from kb.render.teaching import teaching_cases
from kb.pdf.available import write_stamp
from kb.pdf.fonts import cut_fonts
from kb.pdf.writer import write_pdf


# Other editions and papers live inside dist/pdf/ (teacher/, A5/): a build
# of one never removes another's.
NESTED = ("teacher", "A5")


def build_pdfs(col, root: Path, out: Path, version: str, paper: str = "A4", progress=None,
               edition: str = TRAINEE) -> list[tuple[str, int]]:
    """Returns (path inside out, pages) for every PDF written. Only public items are in col.
    The teacher edition adds a teaching note per case (teaching/<id>.pdf)."""
    jobs = [(pdf_path("handbook", hid), handbook_html, item) for hid, item in col.handbooks.items()]
    jobs += [(pdf_path("case", cid), case_html, item) for cid, item in col.cases.items()]
    scratch = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    # pdf_path() names the file inside the site (pdf/...); here it sits under out.
    documents = [(path.removeprefix("pdf/"), make(item, col, version, paper, edition)) for path, make, item in jobs]
    if for_teachers(edition):
        documents += [(pdf_path("teaching", item.model.id).removeprefix("pdf/"), teaching_html(item, col, version, paper))
                      for item in teaching_cases(col)]
    try:
        written = write_documents(documents, scratch, root, progress, col.assets)
        scratch.mkdir(parents=True, exist_ok=True)
        write_stamp(scratch, version, paper, edition)  # lets a site build take only PDFs of its own content and edition
        for name in NESTED:
            if (out / name).is_dir() and not (scratch / name).exists():
                (out / name).rename(scratch / name)
        shutil.rmtree(out, ignore_errors=True)
        scratch.rename(out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return written


def write_documents(documents: list[tuple[str, str]], folder: Path, root: Path, progress=None,
                    assets: dict | None = None) -> list[tuple[str, int]]:
    """(path under folder, HTML) -> PDFs, with the fonts cut once for all of them.
    assets (site path -> file): the checked images of public items, the only
    files besides the fonts a document may load."""
    written = []
    with tempfile.TemporaryDirectory(prefix="kb-fonts-") as fonts:
        faces = f"<style>{cut_fonts([text for _, text in documents], Path(fonts))}</style>"
        for relative, text in documents:
            pages = write_pdf(text.replace("</head>", faces + "</head>", 1), folder / relative, root, Path(fonts), assets)
            written.append((relative, pages))
            if progress:
                progress(relative, pages)
    return written
