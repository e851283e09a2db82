"""The print editions, read back from the PDF files (poppler's pdftotext and
pdffonts, pypdf) built from a small fixture project: fonts, 目录 page
numbers, order, 草稿, bookmarks, paper size, reproducibility, and the
「下载 PDF」 links of the site."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, VENV_BIN, run_build
from kb.pdf.available import content_version, site_pdfs
from kb.pdf.build import build_pdfs
from kb.pdf.documents import case_html
from kb.pdf.writer import write_pdf
from kb.check.validation import validate

FIXTURE = ROOT / "tests" / "render" / "project"
BUILD_PDF = VENV_BIN / "kb-pdf"  # the console script make pdf runs
CLOSING = "，。、；：！？）」』”》〉】"
TOC_LINE = re.compile(r"^\s*(\S.*?)\s*(?:\.\s)+\.?\s*(\d+)\s*$")

PRIVATE = """id: neibu
title: 内部手册
status: private
chapters:
  - {title: 内部章, cases: [shili]}
"""


def _git(project: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_DATE": "2020-12-16T10:46:00", "GIT_COMMITTER_DATE": "2020-12-16T10:46:00",
           "HOME": str(project), "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@localhost", *args], cwd=project, check=True,
                   env=env, capture_output=True)


def _pdfs(project: Path, out: Path, *extra: str) -> Path:
    result = subprocess.run([str(BUILD_PDF), "--root", str(project), "--out", str(out), "--quiet", *extra],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The render fixture plus a private handbook, committed (the version comes from git)."""
    project = tmp_path_factory.mktemp("pdf") / "project"
    shutil.copytree(FIXTURE, project)
    (project / "glossary.yml").write_text("terms:\n  - {term: 示例术语, sources: [src-a]}\n", encoding="utf-8")  # watched by mkdocs.yml
    for name in ("mkdocs.yml", "overrides", "docs", "scripts"):  # to build its site too
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy(source, project / name)
    (project / "handbooks" / "neibu").mkdir()
    (project / "handbooks" / "neibu" / "handbook.yml").write_text(PRIVATE, encoding="utf-8")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-qm", "fixture")
    return project


@pytest.fixture(scope="module")
def built(project, tmp_path_factory) -> Path:
    return _pdfs(project, tmp_path_factory.mktemp("out") / "pdf")


def pages_text(pdf: Path) -> list[str]:
    """The text of each page, laid out as printed (form feeds split pages)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[: len(PdfReader(pdf).pages)]


def printed_number(page: str) -> int | None:
    """The page number printed at the foot of a page (the cover has none)."""
    # The foot line ends 「第 N 页 共 M 页」.
    match = re.search(r"第\s*(\d+)\s*页\s*共\s*\d+\s*页\s*$", page)
    return int(match.group(1)) if match else None


def test_every_public_item_gets_a_pdf_and_private_ones_none(built):
    names = sorted(str(p.relative_to(built)) for p in built.rglob("*.pdf"))
    assert names == ["cases/shili.pdf", "shili-shouce.pdf", "wuming.pdf"]


def test_every_font_is_embedded_and_cjk(built):
    for pdf in built.rglob("*.pdf"):
        rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        assert rows, pdf
        for row in rows:
            name, emb = row.split()[0], row.split()[-5]
            assert emb == "yes", (pdf.name, row)
            assert "Noto" in name and "CJK" in name, (pdf.name, row)


def test_contents_numbers_are_the_printed_numbers_of_their_pages(built):
    pages = pages_text(built / "shili-shouce.pdf")
    toc_page = next(p for p in pages if re.search(r"^\s*目录\s*$", p, re.M))
    entries = [TOC_LINE.match(line).groups() for line in toc_page.splitlines() if TOC_LINE.match(line)]
    assert [label for label, _ in entries] == ["前言", "第 1 章 学习方法", "第 2 章 产业选择", "案例：示例村：用于测试的案例",
                                               "课程：示例课程", "编后记", "本站编者说明"]
    by_number = {printed_number(p): p for p in pages}
    assert printed_number(pages[0]) is None  # the cover
    assert [printed_number(p) for p in pages[1:]] == list(range(2, len(pages) + 1))
    for label, number in entries:
        heading = re.sub(r"^(案例|课程)：", "", label)
        page = by_number[int(number)]
        assert heading in [line.strip() for line in page.splitlines()], (label, number)


def test_bookmarks_name_chapters_and_cases_in_order(built):
    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield entry.title
    found = list(titles(PdfReader(built / "shili-shouce.pdf").outline))
    assert found == ["目录", "前言", "第 1 章 学习方法", "第 2 章 产业选择", "示例村：用于测试的案例", "示例课程",
                     "编后记", "本站编者说明"]


def test_included_case_is_printed_whole_in_its_chapter(built):
    pages = pages_text(built / "shili-shouce.pdf")
    text = "".join(pages[2:])  # after the cover and the 目录
    assert re.search(r"^\s*目录\s*$", pages[1], re.M)
    order = ["前言", "第 1 章 学习方法", "第 2 章 产业选择", "本章收录一个案例", "示例村：用于测试的案例", "关键数据",
             "示例课程", "编后记"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions)
    flat = re.sub(r"\s+", "", text)
    # Its own numbered sources at its end, the address printed as text; gaps stay visible.
    assert "https://example.org/a" in flat and "待补充" in flat


def test_cover_running_header_and_draft_mark(built):
    published = pages_text(built / "shili-shouce.pdf")
    cover = re.sub(r"\s+", "", published[0])
    for word in ("《示例手册》", "示例编印单位", "第一版", "2020年12月", "内容版本"):
        assert word in cover, word
    assert all("《示例手册》" in p.splitlines()[0] or "《示例手册》" in "".join(p.splitlines()[:3]) for p in published[1:])
    assert not any("草稿" in "".join(p.splitlines()[:3]) for p in published)
    draft = pages_text(built / "wuming.pdf")
    assert "《书名待补充》" in draft[0] and "wuming" not in "".join(draft)
    assert all("草稿" in p for p in draft)
    assert all("草稿" in p for p in pages_text(built / "cases" / "shili.pdf"))


def test_copied_text_is_the_same_chinese_and_no_line_starts_with_closing_punctuation(built):
    summary = "示例村的概要，含特殊字符*星号*与<b>标签</b>。"
    for pdf in built.rglob("*.pdf"):
        pages = pages_text(pdf)
        bad = [line for p in pages for line in p.splitlines() if line.strip() and line.strip()[0] in CLOSING]
        assert bad == [], (pdf.name, bad)
    assert summary in re.sub(r"\s+", "", "".join(pages_text(built / "cases" / "shili.pdf")))


def test_body_text_is_at_least_10_5_pt(built):
    sizes: dict[float, int] = {}

    def visit(text, cm, tm, font, size):
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        if text.strip():
            key = round(size * scale, 1)
            sizes[key] = sizes.get(key, 0) + len(text.strip())
    for page in PdfReader(built / "cases" / "shili.pdf").pages:
        page.extract_text(visitor_text=visit)
    body = max(sizes, key=sizes.get)
    assert body >= 10.5, sizes


def test_a4_by_default_a5_on_request(built, project, tmp_path):
    box = PdfReader(built / "shili-shouce.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    col, _ = validate(project)  # in-process: one handout is enough to see the paper
    write_pdf(case_html(col.cases["shili"], col, "v", "A5"), tmp_path / "a5.pdf", project)
    box = PdfReader(tmp_path / "a5.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)


def test_two_builds_are_byte_identical(built, project, tmp_path):
    col, _ = validate(project)
    again = tmp_path / "again"
    build_pdfs(col, project, again, content_version(project))
    for pdf in built.rglob("*.pdf"):
        assert (again / pdf.relative_to(built)).read_bytes() == pdf.read_bytes(), pdf.name


def test_content_errors_stop_the_pdfs_and_leave_the_old_ones(project, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(project, broken)
    (broken / "handbooks" / "shili-shouce" / "preface.md").unlink()
    out = tmp_path / "pdf"
    out.mkdir()
    (out / "old.pdf").write_bytes(b"%PDF-old")
    result = subprocess.run([str(BUILD_PDF), "--root", str(broken), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "handbooks/shili-shouce/handbook.yml:" in result.stdout and "错误: 找不到文件" in result.stdout
    assert "Traceback" not in result.stderr
    assert [p.name for p in out.iterdir()] == ["old.pdf"]


def _pdf_links(site: Path) -> dict[str, str]:
    found = {}
    for page in site.rglob("index.html"):
        match = re.search(r'<a class="kb-pdf" href="([^"]+)"', page.read_text(encoding="utf-8"))
        if match:
            found[str(page.parent.relative_to(site))] = match.group(1)
    return found


def test_site_links_each_page_to_its_own_pdf_only_when_built(project, built, tmp_path):
    plain = tmp_path / "plain"
    result = run_build(project, plain)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _pdf_links(plain) == {} and not (plain / "pdf").exists()

    shutil.copytree(built, project / "dist" / "pdf")
    try:
        site = tmp_path / "with-pdf"
        result = run_build(project, site)
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        shutil.rmtree(project / "dist")
    links = _pdf_links(site)
    assert links == {"handbooks/shili-shouce": "../../pdf/shili-shouce.pdf", "handbooks/wuming": "../../pdf/wuming.pdf",
                     "cases/shili": "../../pdf/cases/shili.pdf"}
    for page, href in links.items():
        target = (site / page / href).resolve()
        assert target.read_bytes() == (built / target.relative_to(site / "pdf")).read_bytes()
    assert not (site / "pdf" / "neibu.pdf").exists()


def test_pdfs_of_another_content_version_are_not_offered(project, built, tmp_path):
    col, _ = validate(project)
    version = content_version(project)
    found, note = site_pdfs(built, col, version)
    assert sorted(found) == ["pdf/cases/shili.pdf", "pdf/shili-shouce.pdf", "pdf/wuming.pdf"] and note is None
    stale = Path(shutil.copytree(built, tmp_path / "stale"))
    (stale / "build.json").write_text('{"version": "0123abc", "paper": "A4"}\n', encoding="utf-8")
    found, note = site_pdfs(stale, col, version)
    assert found == {} and "0123abc" in note and "make pdf" in note
    assert site_pdfs(tmp_path / "nothing", col, version) == ({}, None)


# --- the handout made for class ----------------------------------------

def test_the_handout_ends_on_its_questions_with_room_to_write(built, project):
    pages = pages_text(built / "cases" / "shili.pdf")
    assert "讨论题" in pages[-1] and all("讨论题" not in p for p in pages[:-1])
    col, _ = validate(project)
    html = case_html(col.cases["shili"], col, "v")
    questions = html.split('<section class="kb-questions">', 1)[1]
    assert questions.count('<span class="kb-line">') == 4 * len(col.cases["shili"].model.discussion_questions)


def test_every_handout_page_says_which_page_of_how_many_and_the_edition(built, project):
    pages = pages_text(built / "cases" / "shili.pdf")
    assert [printed_number(p) for p in pages] == list(range(1, len(pages) + 1))
    assert all(re.search(rf"共\s*{len(pages)}\s*页", p) for p in pages)
    assert all("2020年12月16日版" in p for p in pages)  # the commit's date, not a hash


def test_no_citation_mark_starts_a_line_and_no_year_wraps(built):
    for pdf in built.rglob("*.pdf"):
        lines = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout.splitlines()
        assert not [line for line in lines if re.match(r"^\s*\[\d+\]", line)], pdf.name
        assert not [line for line in lines if re.match(r"^\s*年", line)], pdf.name  # 「2008」 / 「年」 split


def test_the_handout_leads_back_online_only_when_the_site_has_an_address(project, tmp_path):
    import segno
    col, _ = validate(project)
    assert 'class="kb-address"' not in case_html(col.cases["shili"], col, "v")  # no site_url: no address, no code
    online = tmp_path / "online"
    shutil.copytree(project, online)
    settings = online / "mkdocs.yml"
    settings.write_text("site_url: https://kb.example.org/peixun\n" + settings.read_text(encoding="utf-8"), encoding="utf-8")
    col, _ = validate(online)
    html = case_html(col.cases["shili"], col, "v")
    address = "https://kb.example.org/peixun/cases/shili/"
    assert address in html
    assert segno.make(address, error="m", micro=False).svg_inline(scale=3, border=2, omitsize=False) in html


def test_a_cover_title_breaks_between_words_only():
    from kb.pdf.documents import _words_kept_whole
    words = re.findall(r'<span class="kb-word">([^<]*)</span>', _words_kept_whole("《农村产业发展失败案例复盘手册》"))
    assert "".join(words) == "《农村产业发展失败案例复盘手册》"
    assert words[0].startswith("《") and words[-1].endswith("手册》") and "复盘" in words
