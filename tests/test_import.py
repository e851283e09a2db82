"""Word import (make import, kb-import, kb.importer.import_docx) on .docx files made here by python-docx.

Every import goes into a copy of the fixture project: the result must pass the
validator, pictures must lie beside case.md, the report must say what was not
carried over, and a bad file or a taken id must leave nothing behind.
"""

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from PIL import Image

from conftest import ROOT, VENV_BIN, fixture_copy
from kb.check.attachments import IMAGE_LIMIT
from kb.check.validation import validate
from kb.content.errors import split
from kb.content.narrative import SECTIONS
import kb.cli.import_docx as cli
from kb.importer import ImportFailed, import_docx
from kb.importer.html_markdown import Converter
from kb.importer.md_text import TextCleaner
from kb.importer.messages import translate
from kb.importer.pictures import convert
from kb.importer.sections import section_of

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _png(color: str, size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def _picture(doc, data: bytes, alt: str = "") -> None:
    doc.add_picture(io.BytesIO(data))
    if alt:
        doc.inline_shapes[-1]._inline.docPr.set("descr", alt)  # Word's 替代文字


def _link(paragraph, url: str, text: str) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link, run, t = OxmlElement("w:hyperlink"), OxmlElement("w:r"), OxmlElement("w:t")
    link.set(qn("r:id"), rel)
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _case_docx() -> bytes:
    """A case as organisers write one: title, Chinese section headings, bold, a list, a table, pictures."""
    doc = docx.Document()
    doc.add_heading("示例村的茶园流转", 0)
    doc.add_heading("开篇", 1)
    p = doc.add_paragraph("2018 年，村党支部书记")
    p.add_run("王明").bold = True
    p.add_run("要决定撂荒茶园怎么办")
    p.add_run("（来源：报道）").italic = True
    p.add_run("。")
    doc.add_heading("一、背景", 1)
    doc.add_paragraph("村里有三个问题：")
    doc.add_paragraph("茶园撂荒", style="List Bullet")
    doc.add_paragraph("劳力外出", style="List Bullet")
    doc.add_paragraph("先摸清底数", style="List Number")
    p = doc.add_paragraph("详见")
    _link(p, "https://example.org/a", "网站")
    p.add_run("。星号 * 与 <script> 照原样显示，引用 [@src-a] 保留。")
    doc.add_heading("主要做法", 1)
    table = doc.add_table(rows=3, cols=2)
    for r, row in enumerate((("村组", "户数"), ("一组", "30"), ("二组", "25"))):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 0).merge(table.cell(0, 1))  # a merged header: reported
    _picture(doc, _png("red"), "茶园全景")
    _picture(doc, _png("blue"))  # no alt text: 待补充 and a report line
    doc.add_heading("小标题", 2)
    doc.add_paragraph("分三步流转。")
    doc.add_heading("主要成效", 1)
    doc.add_paragraph("茶园复种。")
    return _save(doc)


@pytest.fixture(scope="module")
def case_docx() -> bytes:
    return _case_docx()


@pytest.fixture
def project(tmp_path) -> Path:
    return fixture_copy(tmp_path)


def _errors(project: Path) -> list[str]:
    _, problems = validate(project)
    errors, _ = split(problems)
    return [str(e) for e in errors]


def _leftovers(project: Path) -> list[str]:
    return [p.name for p in project.iterdir() if p.name.startswith(".kb-import-")]


def test_a_word_case_becomes_sections_pictures_and_a_draft_that_validates(project, case_docx):
    result = import_docx(case_docx, project, file_name="示例村案例.docx")
    assert result.case_id == "shilicunanli"  # the file name in pinyin
    assert result.title == "示例村的茶园流转"
    folder = project / "cases" / result.case_id
    assert sorted(result.files) == sorted(f"cases/shilicunanli/{n}" for n in
                                          ("case.yml", "case.md", "teaching.md", "tupian-1.png", "tupian-2.png"))
    md = (folder / "case.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", md, re.M) == list(SECTIONS)
    assert "2018 年，村党支部书记**王明**要决定撂荒茶园怎么办*（来源：报道）*。" in md
    assert "- 茶园撂荒\n- 劳力外出" in md and "1. 先摸清底数" in md
    assert "详见[网站](https://example.org/a)。星号 \\* 与 &lt;script> 照原样显示，引用 [@src-a] 保留。" in md
    # python-docx's merge keeps both texts in the merged cell; the cell it covered is left empty.
    assert "| 村组<br>户数 |   |\n| --- | --- |\n| 一组 | 30 |\n| 二组 | 25 |" in md
    assert "![茶园全景](tupian-1.png)" in md and "![待补充](tupian-2.png)" in md
    assert "### 小标题\n\n分三步流转。" in md
    done = md.split("## 成效")[1].split("## 启示")[0]
    assert "茶园复种。" in done
    for name in ("tupian-1.png", "tupian-2.png"):
        with Image.open(folder / name) as image:
            assert image.format == "PNG"
    case = yaml.safe_load((folder / "case.yml").read_text(encoding="utf-8"))
    assert (case["id"], case["title"], case["status"], case["summary"], case["sources"]) == \
        ("shilicunanli", "示例村的茶园流转", "draft", "待补充", [])
    assert case["place"] == {k: None for k in ("province", "city", "county", "township", "village")}  # nothing invented
    report = "\n".join(result.report)
    assert "第 2 张图片（tupian-2.png）在 Word 里没有替代文字" in report
    assert "第 1 个表格有合并的单元格" in report
    assert "文档里没有这几节的内容：启示" in report
    assert _errors(project) == []
    assert _leftovers(project) == []


def test_heading_words_and_close_synonyms_name_the_sections():
    assert [section_of(t, True) for t in ("开篇", "一、背景", "（二）主要做法", "第三部分 取得成效", "3.1 经验启示",
                                          "【基本情况】", "大坝村的做法")] == ["开篇", "背景", "做法", "成效", "启示", "背景", "做法"]
    assert section_of("做法与成效", True) is None  # two sections: a heading of its own
    assert section_of("村里的茶叶产业发展历程", True) is None
    assert section_of("大坝村的做法", False) is None  # a paragraph names a section only in so many words


def test_a_file_without_heading_styles_is_read_by_its_words(project):
    doc = docx.Document()
    doc.add_paragraph().add_run("某村的村规民约").bold = True
    doc.add_paragraph("一、基本情况")
    doc.add_paragraph("　　村里有 300 户。")
    doc.add_paragraph("二、主要做法")
    doc.add_paragraph("背景")  # out of order: kept as a sub-heading, reported
    doc.add_paragraph("1. 不是列表，是正文")
    result = import_docx(_save(doc), project, file_name="村规民约.docx")
    md = (project / "cases" / result.case_id / "case.md").read_text(encoding="utf-8")
    assert result.title == "某村的村规民约" and result.case_id == "cunguiminyue"
    assert "## 背景\n\n村里有 300 户。\n\n## 做法\n\n### 背景\n\n1\\. 不是列表，是正文" in md
    report = "\n".join(result.report)
    assert "把加粗的第一段「某村的村规民约」当作案例标题" in report
    assert "「背景」，已改为小标题（###）" in report
    assert _errors(project) == []


def test_what_mammoth_leaves_out_is_reported_in_chinese(project):
    doc = docx.Document()
    doc.add_heading("公式与文本框", 0)
    doc.add_heading("做法", 1)
    p = doc.add_paragraph("面积按公式计算。")
    doc.add_comment(p.runs[0], text="请核实", author="审稿")
    math = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
    doc.element.body.append(parse_xml(f"<w:p {W} {math}><m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath></w:p>"))
    vml = 'xmlns:v="urn:schemas-microsoft-com:vml"'
    doc.element.body.append(parse_xml(
        f"<w:p {W} {vml}><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框里的字</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"))
    result = import_docx(_save(doc), project, case_id="gongshi")
    report = "\n".join(result.report)
    assert "文档里有 1 处公式没有导入" in report
    assert "文档里有 1 条批注没有导入" in report
    assert "文档里有文本框" in report
    assert "框里的字" in (project / "cases/gongshi/case.md").read_text(encoding="utf-8")
    assert not re.search(r"[A-Za-z]{12,}", report)  # no English message of mammoth's left untranslated
    assert _errors(project) == []


TRICKY = ["星号 * 与 _下划线_ 和 `反引号`", "<script>alert(1)</script> &copy &#1. &amp;", "[见图](photo.jpg) ![图](a.png)",
          "# 不是标题", "1. 不是列表", "- 不是列表", "---", "!!! note 不是提示框", "??? 不是折叠", "~~~ 不是代码",
          "{: .class} 不是属性", "[@src-a](http://x) 与 [@src-a]: 不是链接", "【@weizhi】和 [@文] 与 [@] 不是引用",
          "a | b | c", "\u3000\u3000首行缩进"]


@pytest.mark.parametrize("shape", ["<p>{0}<br />{0}</p>", "<ul><li>{0}</li></ul>",
                                   "<table><tr><td><p>{0}</p></td></tr></table>", "<p><strong>{0}</strong>{0}</p>"])
def test_text_is_shown_exactly_as_written_never_read_as_markup(shape):
    from html import escape, unescape
    from kb.check.attachments import MD_LINK
    from kb.check.cite_marks import LOOKS_LIKE_CITE
    from kb.check.markdown_check import render
    from kb.render.editorial import CITE
    for text in TRICKY:
        converter = Converter(TextCleaner({"src-a"}), [])
        md = "\n\n".join(b.markdown for b in converter.convert(shape.format(escape(text))))
        page = render(md)
        shown = re.sub(r"\s+", "", unescape(re.sub(r"<[^>]+>", "", page)))
        assert shown == re.sub(r"\s+", "", text * shape.count("{0}")), (text, md)
        tags = {"p", "br", "ul", "li", "strong", "table", "thead", "tbody", "tr", "th", "td"}
        assert not set(re.findall(r"<([a-z0-9]+)", page)) - tags, page
        assert not MD_LINK.search(md), md  # the validator would look for a file
        assert {m.group(0) for m in (*CITE.finditer(md), *LOOKS_LIKE_CITE.finditer(md))} <= {"[@src-a]"}, md


def test_mammoth_messages_become_one_chinese_line_per_kind():
    class Message:
        def __init__(self, text):
            self.message = text
    lines = translate([Message(t) for t in (
        "Unrecognised paragraph style: List Paragraph (Style ID: ListParagraph)",
        "Unrecognised paragraph style: List Paragraph (Style ID: ListParagraph)",
        "Unrecognised run style: None (Style ID: Emphasis2)",
        "An unrecognised element was ignored: {urn:schemas-microsoft-com:office:office}OLEObject",
        "An unrecognised element was ignored: v:line",
        "A w:sym element with an unsupported character was ignored: char F0 in font Wingdings",
        "unexpected non-row element in table, cell merging may be incorrect",
        "Image of type image/x-emf is unlikely to display in web browsers")])
    assert lines == [
        "这些段落样式网站没有对应的格式，按普通段落导入：List Paragraph",
        "这些文字样式没有导入（文字保留，格式去掉）：Emphasis2",
        "文档里有 1 处嵌入对象（如嵌入的 Excel 表格、Visio 图）没有导入：只导入了它的预览图片（如果有）",
        "文档里有 1 处图形没有导入",
        "有特殊符号（Symbol、Wingdings 等符号字体里的字符）无法转换，已略去：请对照 Word 文件补上",
        "有表格的结构不规范：合并的单元格可能没有正确拆开，请对照 Word 文件核对表格",
    ]


def test_footnotes_and_the_table_of_contents_are_reported_not_mixed_into_the_text():
    html = ('<p class="kb-toc">背景 1</p><p>正文<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup>。</p>'
            '<ol><li id="footnote-1"><p>见县志。 <a href="#footnote-ref-1">↑</a></p></li></ol>')
    converter = Converter(TextCleaner(set()), [])
    blocks = converter.convert(html)
    assert [b.markdown for b in blocks] == ["正文。"]
    assert any("脚注和尾注没有导入" in line and "「见县志。」" in line for line in converter.report)
    assert any("目录（1 行）没有导入" in line for line in converter.report)


def test_a_picture_over_the_size_limit_is_shrunk_to_a_jpg_the_validator_accepts():
    noise = Image.frombytes("RGB", (1100, 1100), os.urandom(1100 * 1100 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert len(out.getvalue()) > IMAGE_LIMIT
    data, ext, note = convert(out.getvalue())
    assert ext == "jpg" and len(data) <= IMAGE_LIMIT and data.startswith(b"\xff\xd8\xff")
    assert "超过网站图片的上限 2 MB" in note


def _with_member(data: bytes, wanted, new: bytes) -> bytes:
    """The .docx with the first member whose name matches replaced by new bytes."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        done = False
        for info in source.infolist():
            hit = not done and wanted(info.filename)
            target.writestr(info, new if hit else source.read(info))
            done = done or hit
    return out.getvalue()


def test_an_unreadable_picture_is_reported_and_not_written(project):
    doc = docx.Document()
    doc.add_heading("图片坏了", 0)
    doc.add_heading("做法", 1)
    _picture(doc, _png("green"), "一张照片")
    data = _with_member(_save(doc), lambda n: n.startswith("word/media/"), b"\x89PNG\r\n\x1a\n" + b"broken" * 20)
    result = import_docx(data, project, case_id="huaile")
    assert "第 1 张图片无法打开（文件已损坏，或不是图片），没有导入" in result.report
    assert sorted(p.name for p in (project / "cases/huaile").iterdir()) == ["case.md", "case.yml", "teaching.md"]
    assert "![" not in (project / "cases/huaile/case.md").read_text(encoding="utf-8")
    assert _errors(project) == []


@pytest.mark.parametrize("data, words", [
    (b"", "是空文件"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "是旧版 Word（.doc）格式"),
    (b"PK\x03\x04" + b"\0" * 100, "已损坏，无法打开"),
    (b"just some text", "不是 Word 文档（.docx）"),
])
def test_a_bad_file_gets_a_clear_message_naming_it_and_nothing_is_written(project, data, words):
    before = sorted(p.name for p in (project / "cases").iterdir())
    with pytest.raises(ImportFailed) as failed:
        import_docx(data, project, file_name="坏文件.docx")
    assert "「坏文件.docx」" in str(failed.value) and words in str(failed.value)
    assert sorted(p.name for p in (project / "cases").iterdir()) == before
    assert _leftovers(project) == []


def test_an_excel_file_is_named_for_what_it_is(project):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ImportFailed, match="「表.xlsx」是Excel 表格，不是 Word 文档"):
        import_docx(out.getvalue(), project, file_name="表.xlsx")


def test_an_existing_case_is_never_overwritten(project, case_docx):
    shili = project / "cases/shili"
    before = {p.name: p.read_bytes() for p in shili.iterdir()}
    with pytest.raises(ImportFailed, match="已经有「cases/shili」了"):
        import_docx(case_docx, project, case_id="shili", file_name="a.docx")
    assert {p.name: p.read_bytes() for p in shili.iterdir()} == before
    with pytest.raises(ImportFailed, match="只能用小写英文字母"):
        import_docx(case_docx, project, case_id="大坝", file_name="a.docx")
    # An id made from the file name is made unique instead.
    first = import_docx(case_docx, project, file_name="shili.docx")
    second = import_docx(case_docx, project, file_name="shili.docx")
    assert (first.case_id, second.case_id) == ("shili-2", "shili-3")


def test_a_failure_after_the_files_are_built_leaves_nothing(project, case_docx, monkeypatch):
    import kb.importer.writing as writing
    monkeypatch.setattr(writing, "_errors", lambda folder, root, sources: ["1:1 模拟的错误"])
    with pytest.raises(ImportFailed, match="没有通过校验，没有写入任何文件"):
        import_docx(case_docx, project, case_id="banjie")
    assert not (project / "cases/banjie").exists()
    assert _leftovers(project) == []


def test_the_cli_prints_the_report_and_refuses_a_bad_file_without_a_traceback(project, tmp_path, case_docx, capsys):
    good, bad = tmp_path / "示例 案例.docx", tmp_path / "损坏.docx"
    good.write_bytes(case_docx)
    bad.write_bytes(case_docx[:200])
    # main() is what the kb-import script runs (the make test below runs the script itself).
    assert cli.main([str(good), "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert "已从「示例 案例.docx」导入案例草稿 cases/shili-anli/" in out
    assert "  - 第 2 张图片（tupian-2.png）在 Word 里没有替代文字" in out
    # A failure is an exit code and one line, no exception.
    assert cli.main([str(bad), "--root", str(project)]) == 1
    assert capsys.readouterr().err.startswith("错误: 「损坏.docx」已损坏")
    assert cli.main([str(tmp_path / "没有.docx"), "--root", str(project)]) == 1
    assert "找不到文件" in capsys.readouterr().err
    assert cli.main([str(good), "--id", "shili", "--root", str(project)]) == 1
    assert "不会覆盖已有的案例" in capsys.readouterr().err


def test_make_import_runs_on_a_project_and_explains_itself_without_file(project, tmp_path, case_docx):
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, project / name)  # copy2: keep mtimes, so make installs nothing
    make = ["make", "--no-print-directory", f"VENV={VENV_BIN.parent}"]
    usage = subprocess.run([*make, "import"], cwd=project, capture_output=True, text=True)
    assert usage.returncode == 2 and "用法: make import FILE=案例.docx [ID=案例id]" in usage.stdout
    (tmp_path / "案例.docx").write_bytes(case_docx)
    done = subprocess.run([*make, "import", f"FILE={tmp_path / '案例.docx'}", "ID=cha-yuan"], cwd=project,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (project / "cases/cha-yuan/case.md").is_file() and "cases/cha-yuan/" in done.stdout
    assert _errors(project) == []
