"""What a PDF may load: the checked images of public items and the build's
fonts, nothing else. An image path written as %2e%2e/ made WeasyPrint open
/etc/passwd, /proc/self/environ and .git/config, embed a PNG from outside the
project and a private case's photo, hang on a FIFO and fill the memory from
/dev/zero. And content must not borrow the PDF's own structure (a fake cover)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from conftest import PNG, fixture_copy
from pypdf import PdfReader

from kb.check.validation import validate
from kb.pdf.build import write_documents
from kb.pdf.documents import case_html, handbook_html
from kb.pdf.writer import ProjectOnly, Refused

@pytest.fixture
def project(tmp_path) -> Path:
    target = fixture_copy(tmp_path)
    (target / "cases" / "shili" / "photo.png").write_bytes(PNG)
    (target / "cases" / "mimi" / "secret.png").write_bytes(PNG)
    (target / "cases" / "mimi" / "case.md").write_text("## 背景\n\n![内部照片](secret.png)\n", encoding="utf-8")
    (target / "handbooks" / "shili-shouce" / "map.png").write_bytes(PNG)
    (target / ".git").mkdir()
    (target / ".git" / "config").write_text("[remote]\n  url = secret\n", encoding="utf-8")
    (tmp_path / "outside.png").write_bytes(PNG)
    return target


def _images(pdf: Path) -> int:
    """Distinct images (WeasyPrint shares one resource dictionary among pages)."""
    return len({image.name for page in PdfReader(pdf).pages for image in page.images})


def _fetcher(project: Path, col) -> ProjectOnly:
    return ProjectOnly(project, None, col.assets)


def test_the_checked_images_are_served_and_printed(project, tmp_path):
    case = project / "cases" / "shili" / "case.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n![照片](photo.png)\n", encoding="utf-8")
    chapter = project / "handbooks" / "shili-shouce" / "preface.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\n![地图](map.png)\n", encoding="utf-8")
    col, problems = validate(project)
    assert not [p for p in problems if p.level == "错误"], problems
    fetcher = _fetcher(project, col)
    assert fetcher.fetch((project / "cases" / "shili" / "photo.png").resolve().as_uri()).read() == PNG
    written = write_documents([("case.pdf", case_html(col.cases["shili"], col, "v")),
                               ("book.pdf", handbook_html(col.handbooks["shili-shouce"], col, "v"))],
                              tmp_path / "out", project, assets=col.assets)
    assert written
    assert _images(tmp_path / "out" / "case.pdf") == 1
    assert _images(tmp_path / "out" / "book.pdf") == 2  # the chapter's map and the included case's photo


@pytest.mark.parametrize("path", ["/etc/passwd", "/proc/self/environ", "/dev/zero"])
def test_files_outside_the_set_are_refused(project, path):
    col, _ = validate(project)
    with pytest.raises(Refused):
        _fetcher(project, col).fetch(Path(path).as_uri())


@pytest.mark.parametrize("relative", ["cases/shili/%2e%2e/%2e%2e/%2e%2e/outside.png", "cases/shili/%2E%2E/mimi/secret.png",
                                      "cases/mimi/secret.png", ".git/config", "cases/shili/..%2fmimi/secret.png",
                                      "cases/shili/photo.png/%2e%2e/%2e%2e/mimi/secret.png", "case.yml"])
def test_paths_inside_the_project_but_not_checked_are_refused(project, relative):
    col, _ = validate(project)
    url = project.resolve().as_uri() + "/" + relative
    with pytest.raises(Refused):
        _fetcher(project, col).fetch(url)


@pytest.mark.parametrize("url", ["http://evil.example/a.png", "https://127.0.0.1/a.png", "data:image/png;base64,AAAA",
                                 "ftp://evil.example/a.png", "file://evil.example/etc/passwd"])
def test_no_other_scheme_is_fetched(project, url):
    col, _ = validate(project)
    with pytest.raises(Refused):
        _fetcher(project, col).fetch(url)


def test_a_fifo_swapped_in_after_the_check_does_not_hang(project):
    photo = project / "cases" / "shili" / "photo.png"
    case = project / "cases" / "shili" / "case.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n![照片](photo.png)\n", encoding="utf-8")
    col, _ = validate(project)
    photo.unlink()
    os.mkfifo(photo)
    done = []
    worker = threading.Thread(target=lambda: done.append(_try(_fetcher(project, col), photo.resolve().as_uri())),
                              daemon=True)
    worker.start()
    worker.join(5)
    assert done == ["refused"]


def _try(fetcher, url) -> str:
    try:
        fetcher.fetch(url)
    except (Refused, OSError):
        return "refused"
    return "served"


def test_a_pdf_of_hostile_paths_embeds_nothing_from_outside(project, tmp_path):
    """Validation bypassed: the HTML points at every outside file; the PDF holds no image."""
    targets = ["%2e%2e/%2e%2e/%2e%2e/outside.png", "%2e%2e/mimi/secret.png", "%2e%2e/%2e%2e/.git/config",
               "/etc/passwd", "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/dev/zero"]
    col, _ = validate(project)
    item = col.cases["shili"]
    item.narrative["背景"] = "\n\n".join(f"![图]({t})" for t in targets)
    written = write_documents([("case.pdf", case_html(item, col, "v"))], tmp_path / "out", project, assets=col.assets)
    assert written and _images(tmp_path / "out" / "case.pdf") == 0


def test_content_cannot_make_a_cover_page(project):
    case = project / "cases" / "shili" / "case.md"
    case.write_text(case.read_text(encoding="utf-8")
                    + '\n<div class="kb-cover">假封面</div>\n\n<p class="kb-toc kb-part">假目录</p>\n', encoding="utf-8")
    col, _ = validate(project)
    for html in (case_html(col.cases["shili"], col, "v"), handbook_html(col.handbooks["shili-shouce"], col, "v")):
        body = html.split("<body>", 1)[1]
        assert "假封面" in html
        assert 'class="kb-cover">假封面' not in body and "kb-toc kb-part" not in body
        assert body.count('class="kb-cover"') == (1 if "目录" in body and "kb-handout" not in body else 0)


def test_every_class_the_print_style_uses_is_known():
    """A class added to the stylesheet is either structure (taken out of
    content) or one the renderers give text on purpose."""
    import re

    from kb.pdf.layout import STRUCTURAL, stylesheet

    used = set(re.findall(r"\.(kb-[a-z-]+)", stylesheet("A4", "t", "f", True)))
    assert used <= STRUCTURAL | {"kb-todo", "kb-url", "kb-keep", "kb-date", "kb-nobr"}, used - STRUCTURAL
