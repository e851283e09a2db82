"""make epub: each handbook as an EPUB 3 book for phone reading apps, on the
render fixture (a handbook with a preface, chapters, a case and a course,
an image and a citation): it passes epubcheck (Debian's package, run with
java: its jarwrapper is not always registered), holds the same parts and
items as the PDF, says it is Chinese, embeds no font, and is the same bytes
from one commit twice."""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import PNG, VENV_BIN, fixture_copy

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
PDF_ORDER = ["前言", "第 1 章 学习方法", "第 2 章 产业选择", "案例：示例村：用于测试的案例", "课程：示例课程", "编后记", "本站编者说明"]


def _epubcheck(book: Path) -> subprocess.CompletedProcess:
    assert EPUBCHECK.is_file(), "epubcheck is missing: apt-get install epubcheck (scripts/system_packages.sh does it)"
    return subprocess.run(["java", "-jar", str(EPUBCHECK), str(book)], capture_output=True, text=True)


def _make(project: Path, out: Path) -> Path:
    made = subprocess.run([str(VENV_BIN / "kb-epub"), "--root", str(project), "--out", str(out)],
                          capture_output=True, text=True, env={"SOURCE_DATE_EPOCH": "1608115560", "PATH": "/usr/bin:/bin"})
    assert made.returncode == 0, made.stdout + made.stderr
    return out / "shili-shouce.epub"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    project = fixture_copy(tmp_path_factory.mktemp("epub"))
    folder = project / "handbooks" / "shili-shouce"
    (folder / "cover.png").write_bytes(PNG)
    preface = folder / "preface.md"
    preface.write_text(preface.read_text(encoding="utf-8") + "\n前言引用一个来源[@src-a]。\n\n![手册封面](cover.png)\n",
                       encoding="utf-8")
    return project, _make(project, tmp_path_factory.mktemp("out"))


def test_it_passes_epubcheck(book):
    _, epub = book
    checked = _epubcheck(epub)
    assert checked.returncode == 0 and "0 fatals / 0 errors / 0 warnings" in checked.stdout, checked.stdout + checked.stderr


def test_its_contents_are_the_pdf_s_in_the_same_order(book):
    _, epub = book
    nav = zipfile.ZipFile(epub).read("OEBPS/nav.xhtml").decode("utf-8")
    titles = re.findall(r"<a href=\"[^\"]+\">([^<]+)</a>", nav)
    assert titles == ["封面", *PDF_ORDER]


def test_it_is_chinese_has_its_citations_and_image_and_no_font(book):
    _, epub = book
    names = zipfile.ZipFile(epub).namelist()
    assert names[0] == "mimetype"
    opf = zipfile.ZipFile(epub).read("OEBPS/content.opf").decode("utf-8")
    assert "<dc:language>zh-CN</dc:language>" in opf and "<dc:title>《示例手册》</dc:title>" in opf
    assert not [n for n in names if re.search(r"\.(ttf|otf|ttc|woff2?)$", n)]
    assert [n for n in names if n.startswith("OEBPS/images/")] and 'media-type="image/png"' in opf
    preface = re.sub(r"<[^>]+>", "", zipfile.ZipFile(epub).read("OEBPS/part-preface.xhtml").decode("utf-8"))
    assert "[@" not in preface and "前言引用一个来源" in preface and "[1]" in preface and "示例来源甲" in preface


def test_one_commit_gives_the_same_book(book, tmp_path):
    project, epub = book
    assert _make(project, tmp_path / "again").read_bytes() == epub.read_bytes()
