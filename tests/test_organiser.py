"""Organiser features, on copies of the small fixture project: date ranges,
approximate figures, private items, relations, gaps, images, skeletons,
counts, markers and the field reference."""

import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from pydantic import ValidationError

from kb.content.amounts import show_amount, split_written
from kb.content.errors import split
from kb.render.field_reference import render_field_reference
from kb.render.markdown import show_date
from kb.content.models import Case, Course, Figure
from kb.render.pages import render_pages
from kb.render.placeholders import fill
from kb.search.dictionary import names, page_search
from kb.check.validation import validate
from kb.content.when import parse_when
from kb.cli.new_item import create

FIXTURE = Path(__file__).parent / "render" / "project"


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "p"))


def messages(root: Path) -> list[str]:
    return [str(p) for p in validate(root)[1]]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# Dates and ranges

@pytest.mark.parametrize("written, stored, shown", [
    (2020, "2020", "2020年"), ("2020-3", "2020-03", "2020年3月"), ("2018 至 2020", "2018/2020", "2018年至2020年"),
    ("2018—2020", "2018/2020", "2018年至2020年"), ("2018-2020", "2018/2020", "2018年至2020年"),
    ("2018~2020", "2018/2020", "2018年至2020年"), ("2018到2020-06", "2018/2020-06", "2018年至2020年6月"),
    ("2018-03 至今", "2018-03/..", "2018年3月至今"), ("2018/2020", "2018/2020", "2018年至2020年"),
    ("2018年3月", "2018-03", "2018年3月"), ("2018年至2020年", "2018/2020", "2018年至2020年"),
])
def test_date_ranges_are_written_in_common_forms_and_shown_in_chinese(written, stored, shown):
    assert parse_when(written) == stored
    assert show_date(stored) == shown


@pytest.mark.parametrize("written, says", [
    ("2017-02-30", "不存在"), ("2020 至 2018", "结束早于开始"), (2017.07, "2017-07"), ("2020-13", "月份"),
    ("去年", "2018 至 2020"),
])
def test_impossible_dates_get_a_chinese_reason(written, says):
    with pytest.raises(ValueError, match=says):
        parse_when(written)


def test_a_range_in_the_fixture_is_validated_at_its_line(project):
    edit(project / "cases/shili/case.yml", "2018-03 至今", "2020 至 2018")
    assert any(m.startswith("cases/shili/case.yml:17:") and "结束早于开始" in m for m in messages(project))


# Approximate figures

@pytest.mark.parametrize("value, unit, approx, shown", [
    (1000, "亩", "约", "约1000亩"), (5000, "元", "余", "5000余元"), (300, "户", "以上", "300户以上"),
    (2.0, "万元", None, "2万元"), (50, "户", "不到", "不到50户"),
])
def test_approximate_figures_are_shown_as_people_say_them(value, unit, approx, shown):
    assert show_amount(value, unit, approx) == shown


def test_approximate_words_typed_into_the_value_are_split():
    assert split_written("约1000") == (1000, "约") and split_written("1,300") == (1300, None)
    assert split_written("5000余") == (5000, "余") and split_written("一千") is None
    figure = Figure(label="x", value="超过 1,200.5", source="s")
    assert (figure.value, figure.approx) == (1200.5, "超过")


def test_an_approximate_word_in_the_unit_gets_a_warning(project):
    edit(project / "cases/shili/case.yml", "unit: 亩", "unit: 亩左右")
    assert any("警告" in m and "approx: 左右" in m for m in messages(project))


# Private items

def test_private_items_are_validated_but_never_rendered(project):
    col, problems = validate(project)
    pages = render_pages(col)
    assert "cases/mimi.md" not in pages
    assert not [uri for uri, text in pages.items() if "mimi" in text or "秘密" in text]
    named = [w for page in page_search(col, pages).values() for w in page["hints"] + page["names"]] + names(col)
    assert not [w for w in named if "秘密" in w]
    edit(project / "cases/mimi/case.yml", "summary: 还在准备，不公开。", "summary: ''")
    assert any(m.startswith("cases/mimi/case.yml:") and "summary" in m for m in messages(project))


# Relations

def test_readings_and_related_courses_show_at_both_ends(project):
    pages = render_pages(validate(project)[0])
    case = pages["cases/shili.md"]
    assert "[示例课程](../courses/shili-kecheng.md)（课前阅读）" in case
    assert "[另一门示例课程](../courses/shili-qita.md)（课后延伸）" in case
    assert "[另一门示例课程](shili-qita.md)" in pages["courses/shili-kecheng.md"]  # written only on the other side
    assert not [uri for uri, text in pages.items() if "暂无" in text]


def test_the_retired_case_field_says_where_the_relation_lives(project):
    edit(project / "cases/shili/case.yml", "sources: [src-a]", "related_courses: [shili-kecheng]\nsources: [src-a]")
    found = [m for m in messages(project) if "related_courses" in m]
    assert len(found) == 1 and "readings" in found[0] and "错误" in found[0]


# Gaps and sources

def test_a_published_case_with_gaps_gets_a_warning_naming_them(project):
    edit(project / "cases/shili/case.yml", "status: draft", "status: published")
    found = [m for m in messages(project) if m.startswith("cases/shili/case.yml:3:9: 警告")]
    assert len(found) == 1
    for gap in ("区县", "乡镇", "case.md 的「做法」", "status 改为 draft"):
        assert gap in found[0], gap


def test_published_without_sources_is_an_error_and_a_draft_gets_a_reminder(project):
    edit(project / "cases/shili/case.yml", "sources: [src-a]", "sources: []")
    assert any("cases/shili/case.yml:" in m and "警告" in m and "还没有来源" in m for m in messages(project))
    edit(project / "cases/shili/case.yml", "status: draft", "status: published")
    errors, _ = split(validate(project)[1])
    assert any("还没有来源" in str(e) for e in errors)


def test_a_source_without_url_or_note_gets_a_warning(project):
    edit(project / "sources.yml", "    note: 纸质材料，没有网址。\n", "")
    found = [m for m in messages(project) if m.startswith("sources.yml:")]
    assert found and "src-b" in found[0] and "note" in found[0] and "警告" in found[0]


def test_a_figure_without_a_source_is_refused(project):
    edit(project / "cases/shili/case.yml", "{label: 比例, value: 2.5, source: src-b}", "{label: 比例, value: 2.5}")
    assert any("figures[1].source" in m and "错误" in m for m in messages(project))


# Images and attachments beside case.md

def _png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00")) + chunk(b"IEND", b""))


def test_images_beside_the_case_are_checked_published_and_relinked(project):
    folder = project / "cases/shili"
    (folder / "tu.png").write_bytes(_png())
    (folder / "ok.png").write_bytes(_png())
    (folder / "fake.jpg").write_bytes(b"not a jpeg")
    (folder / "bad.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>', encoding="utf-8")
    (folder / "big.png").write_bytes(_png() + b"\0" * (2 * 1024 * 1024))
    (folder / "extra.png").write_bytes(_png())
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    edit(folder / "case.md", "## 成效\n", "## 成效\n\n![茶园](ok.png) ![](tu.png) ![图](fake.jpg) ![图](bad.svg)\n"
         "![图](big.png) ![图](OK.png) ![图](nowhere.png) ![图](../x.png) ![图](C:\\photos\\a.png)\n"
         "![图](https://example.org/a.png) [报告](report.pdf) [别的](notes.txt)\n")
    col, problems = validate(project)
    found = {str(p).split(": ", 1)[1] for p in problems if p.path == "cases/shili/case.md"}
    expect = ["错误: 图片「tu.png」缺少说明文字", "错误: 文件「fake.jpg」的内容不是 jpg", "错误: svg 图片「bad.svg」第 1 行",
              "错误: 文件「big.png」太大", "错误: 文件名大小写不一致", "错误: 找不到文件「nowhere.png」：请把它放进 cases/shili/",
              "错误: 「../x.png」指向 cases/shili/ 之外", "是电脑上的路径：请把文件复制到 cases/shili/ 文件夹，再只写文件名，例如 (a.png)", "错误: 图片不能从站外加载：请把图片下载下来，放进 cases/shili/ 文件夹",
              "错误: 附件「notes.txt」的格式不支持"]
    for text in expect:
        assert any(f.startswith(text) or text in f for f in found), text
    assert any(p.path == "cases/shili/extra.png" and p.is_warning for p in problems)
    assert col.assets == {"cases/shili/ok.png": folder / "ok.png", "cases/shili/tu.png": folder / "tu.png",
                          "cases/shili/report.pdf": folder / "report.pdf"}  # what the build copies
    page = render_pages(col)["cases/shili.md"]
    assert "![茶园](<shili/ok.png>)" in page and "[报告](<shili/report.pdf>)" in page


# Skeletons

@pytest.mark.parametrize("kind, model", [("case", Case), ("course", Course)])
def test_a_skeleton_validates_explains_every_field_and_never_overwrites(project, kind, model):
    code, message = create(kind, "xinde", "新的：“标题”, 带逗号", root=project)
    assert code == 0, message
    path = project / ("cases/xinde/case.yml" if kind == "case" else "courses/xinde.yml")
    text = path.read_text(encoding="utf-8")
    for name in model.model_fields:
        line = next(line for line in text.splitlines() if line.startswith(f"{name}:"))
        assert "  # " in line, line
    errors, warnings = split(validate(project)[1])
    assert errors == [] and any("xinde" in w.path and "还没有来源" in w.message for w in warnings)
    before = path.read_bytes()
    code, message = create(kind, "xinde", "别的标题", root=project)
    assert code == 1 and "不会覆盖" in message and path.read_bytes() == before


@pytest.mark.parametrize("bad, says", [("小坡村", "xiaopocun"), ("XiaoPo", "xiaopo"), ("index", "保留"), ("", "ID=")])
def test_a_bad_id_gets_a_clear_message(project, bad, says):
    code, message = create("case", bad, "小坡村", root=project)
    assert code == 2 and says in message
    assert sorted(p.name for p in (project / "cases").iterdir()) == ["mimi", "shili"]


# Counts, intros and markers

def test_counts_say_what_is_unknown_and_intros_come_from_content(project):
    edit(project / "cases/shili/case.yml", "place: {province: 贵州省, city: 铜仁市, village: 示例村}",
         "place: {province: 贵州省, city: 铜仁市, county: 甲县, village: 示例村}")
    (project / "cases/yi").mkdir()
    (project / "cases/yi/case.yml").write_text("id: yi\ntitle: 乙村\nstatus: draft\nplace: {}\nsummary: 乙。\n"
                                               "sources: [src-a]\n", encoding="utf-8")
    (project / "intros.yml").write_text("cases: 编者写的导语。\n", encoding="utf-8")
    pages = render_pages(validate(project)[0])
    assert "本站收录 2 个案例（均为草稿），分布在 1 个区县，另有 1 个案例的区县待补充。" in pages["cases/index.md"]
    assert "编者写的导语。" in pages["cases/index.md"]
    assert "本站收录 2 门课程（其中 1 门为草稿）。" in pages["courses/index.md"]


def test_markers_in_hand_written_pages(project):
    col = validate(project)[0]
    text = fill("课程：{{课程列表}}；共 {{手册数}} 本。`{{课程列表}}`", col, "sub/page.md")
    assert "[示例课程](../courses/shili-kecheng.md)" in text and "共 2 本" in text and "`{{课程列表}}`" in text
    (project / "docs").mkdir(exist_ok=True)
    (project / "docs/x.md").write_text("# x\n\n{{课程单}}\n", encoding="utf-8")
    assert any(m.startswith("docs/x.md:3:1: 错误") and "{{课程列表}}" in m for m in messages(project))


def test_field_reference_lists_every_field_and_allowed_value():
    page = render_field_reference()
    for model in (Case, Course, Figure):
        for name in model.model_fields:
            assert f"`{name}`" in page, name
    for value in ("`private`", "`讲授与研讨`", "`约`", "`以上`", "2018 至 2020"):
        assert value in page, value


def test_images_beside_a_handbook_chapter_are_published_with_it(project):
    folder = project / "handbooks/shili-shouce"
    (folder / "tu.png").write_bytes(_png())
    (folder / "old.png").write_bytes(_png())
    text = (folder / "chapter-2.md").read_text(encoding="utf-8")
    (folder / "chapter-2.md").write_text(text + "\n![手册插图](tu.png) ![插图](missing.png)\n", encoding="utf-8")
    col, problems = validate(project)
    assert col.assets == {"handbooks/shili-shouce/tu.png": folder / "tu.png"}
    assert any(str(p).startswith("handbooks/shili-shouce/chapter-2.md:") and "找不到文件「missing.png」" in str(p)
               for p in problems)
    assert any(p.path == "handbooks/shili-shouce/old.png" and p.is_warning for p in problems)
    pages = render_pages(col)
    assert any("![手册插图](tu.png)" in text for uri, text in pages.items() if uri.startswith("handbooks/shili-shouce/"))


def test_the_gap_warning_names_exactly_what_the_page_shows_as_missing(project):
    yml, md = project / "cases/shili/case.yml", project / "cases/shili/case.md"
    edit(yml, "status: draft", "status: published")
    edit(yml, "city: 铜仁市, village: 示例村", "city: 铜仁市, county: 甲县, township: 乙镇, village: 示例村")
    edit(md, "## 成效\n", "## 做法\n\n做法。\n\n## 成效\n")
    md.write_text("## 开篇\n\n开篇。\n\n" + md.read_text(encoding="utf-8") + "\n## 启示\n\n启示。\n", encoding="utf-8")

    def state():
        col, problems = validate(project)
        gaps = [p for p in problems if p.path == "cases/shili/case.yml" and "published" in p.message]
        page = render_pages(col)["cases/shili.md"].split("## 来源")[0]
        return gaps, "kb-todo" in page

    assert state() == ([], False)
    yml.write_text(re.sub(r"timeline:\n(?:  - .*\n)+", "timeline: []\n", yml.read_text(encoding="utf-8")), encoding="utf-8")
    gaps, shown = state()
    assert shown and len(gaps) == 1 and "：时间线。" in gaps[0].message


def test_reference_links_are_checked_and_relinked_and_html_links_to_files_refused(project):
    folder = project / "cases/shili"
    (folder / "tu.png").write_bytes(_png())
    (folder / "r.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    edit(folder / "case.md", "## 成效\n", "## 成效\n\n![茶园][tu] ![][tu] <a href=\"r.pdf\">报告</a>\n\n[tu]: tu.png\n"
         "[gone]: gone.png\n")
    col, problems = validate(project)
    found = [str(p) for p in problems if p.path == "cases/shili/case.md"]
    assert any("缺少说明文字" in m for m in found) and any("找不到文件「gone.png」" in m for m in found)
    assert any("请用 Markdown 的写法引用文件" in m and "[附件名称](r.pdf)" in m for m in found)
    assert "cases/shili/tu.png" in col.assets
    assert "[tu]: <shili/tu.png>" in render_pages(col)["cases/shili.md"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789-—–~～/至到今年月日 .", max_size=30), st.text(max_size=30),
                 st.integers(), st.floats(allow_nan=True), st.dates()))
def test_any_date_text_is_read_or_explained_in_chinese(value):
    try:
        stored = parse_when(value)
    except ValueError as exc:
        assert re.search(r"[\u4e00-\u9fff]", str(exc))
    else:
        assert show_date(stored)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789,，. 约近余多以上左右不到超过", max_size=20), st.text(max_size=20),
                 st.integers(), st.floats()))
def test_any_figure_value_is_read_or_refused_cleanly(value):
    try:
        figure = Figure(label="x", value=value, source="s")
    except ValidationError:
        return
    assert show_amount(figure.value, "", figure.approx)
