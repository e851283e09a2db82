"""Sources that disagree shown side by side; sourced text told apart from the editors'.

Behaviour on a copy of the fixture project (tests/render/project), with the
conflicting values, inline citations and mistakes written into it.
"""

import shutil
import re
import subprocess
from pathlib import Path

import pytest

from conftest import VENV_BIN
from kb.content.errors import split
from kb.render.pages import render_pages
from kb.check.validation import validate

PROJECT = Path(__file__).parent / "render" / "project"

CASE = """\
id: shili
title: 示例村
status: draft
place: {province: 贵州省, city: 铜仁市, village: 示例村}
industries: []
no_industry: 本案例讲村规民约，不涉及具体产业
figures:
  - label: 人均年收入
    value: 1928
    unit: 元
    date: 2008
    source: src-a
    alternatives:
      - {value: 1982, source: src-b, note: 乙作 1982 元。}
  - label: 户数
    value: 300
    approx: 多
    unit: 户
    date: 2018
    source: src-a
    alternatives:
      - {value: 366, date: 2021, source: src-b}
timeline:
  - date: 2007
    event: 遇到金刺梨
    source: src-a
    alternatives:
      - {date: 2008, event: 第一次尝到金刺梨, source: src-b, note: 乙的说法}
summary: 示例村的概要[@src-a]，<b>不是标签</b>。
discussion_questions: [问题一？]
sources: [src-a]
"""

NARRATIVE = """\
## 背景

2008 年人均年收入不到 2000 元[@src-a][@src-b]。

## 启示

甲说过一句话[@src-a]。

**编者按**：这是编者的看法。
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "p"
    shutil.copytree(PROJECT, copy)
    shutil.rmtree(copy / "cases" / "mimi")  # a private case a course names: not what these tests are about
    for course in (copy / "courses").glob("*.yml"):
        course.write_text(course.read_text(encoding="utf-8").replace("mimi", "shili"), encoding="utf-8")
    (copy / "cases/shili/case.yml").write_text(CASE, encoding="utf-8")
    (copy / "cases/shili/case.md").write_text(NARRATIVE, encoding="utf-8")
    return copy


def _case_page(project: Path, edition: str = "trainee") -> str:
    col, problems = validate(project)
    errors, _ = split(problems)
    assert errors == []
    # Marks read as [[n]](#src-n) here; their own anchors (#ref-n-k, for the links back) are tested below.
    page = render_pages(col, edition=edition)["cases/shili.md"]
    return re.sub(r'<a href="#src-(\d+)" id="ref-\d+-\d+">\[\d+\]</a>', r"[[\1]](#src-\1)", page)


def test_both_values_stand_with_their_own_citations(project):
    page = _case_page(project)
    row = next(line for line in page.splitlines() if line.startswith("| 人均年收入"))
    assert "1928元 [[1]](#src-1)；1982元 [[2]](#src-2)（来源说法不一）" in row
    assert "| 2008年 |" in row
    assert "- **人均年收入**：来源说法不一，本站并列列出，不作取舍。乙作 1982 元。" in page
    # Values of different years are not called a contradiction.
    row = next(line for line in page.splitlines() if line.startswith("| 户数"))
    assert "300多户 [[1]](#src-1)；366户（2021年） [[2]](#src-2)（各来源年份不同）" in row


def test_timeline_shows_the_other_date_and_wording(project):
    page = _case_page(project)
    assert ("- **2007年**：遇到金刺梨 [[1]](#src-1)（来源说法不一：另一来源记为 2008年称第一次尝到金刺梨 [[2]](#src-2)，乙的说法）"
            in page)


def test_inline_citations_become_numbered_links_and_text_stays_text(project):
    page = _case_page(project)
    summary = page.split("## 概要", 1)[1].split("##", 1)[0]
    assert "示例村的概要[[1]](#src-1)，" in summary and "不是标签" in summary
    assert "<b>" not in summary  # YAML text stays text (kb.markdown.esc) around the citations
    assert "2008 年人均年收入不到 2000 元[[1]](#src-1)[[2]](#src-2)。" in page
    assert "[@src" not in page


def test_each_citation_links_to_its_entry_and_each_entry_back_to_every_use(project):
    col, _ = validate(project)
    page = render_pages(col)["cases/shili.md"]
    marks = re.findall(r'<a href="#src-(\d+)" id="ref-(\d+)-(\d+)">\[(\d+)\]</a>', page)
    assert marks and all(a == b == c for a, b, _, c in marks)
    refs = [f"ref-{n}-{k}" for _, n, k, _ in marks]
    assert len(refs) == len(set(refs))  # one anchor per use
    sources = page.split("## 来源", 1)[1]
    for n in {n for n, *_ in marks}:
        entry = next(line for line in sources.splitlines() if f'<span id="src-{n}"></span>' in line)
        uses = sorted(int(k) for _, m, k, _ in marks if m == n)
        assert re.findall(rf'href="#ref-{n}-(\d+)"', entry) == [str(k) for k in uses]


def test_editors_text_is_labelled(project):
    page = _case_page(project, "teacher")  # the editors' lesson (启示) is the teacher's
    insight = page.split("## 启示", 1)[1].split("\n", 1)[1]  # after the heading line and its anchor
    assert insight.lstrip().startswith("*注有来源编号")
    assert "## 讨论题（编者） {: #taolunti }\n\n*以下为本站编者的教学建议，并非来源内容。*" in page
    assert "## 学习要点" not in page  # none written: nothing to label, no gap to report
    trainee = _case_page(project)
    assert "## 启示" not in trainee and "## 讨论题（编者）" in trainee
    assert "**产业**：本案例讲村规民约，不涉及具体产业" in page


def test_course_readings_prompts_and_objectives_are_labelled(project):
    col, _ = validate(project)
    pages = render_pages(col)
    course = next(text for uri, text in pages.items() if uri.startswith("courses/") and "## 讨论题" in text)
    assert "## 阅读材料（编者）" in course and "## 讨论题（编者）" in course


def test_unknown_inline_source_is_an_error_at_its_place(project):
    md = project / "cases/shili/case.md"
    md.write_text(NARRATIVE.replace("[@src-b]", "[@src-x]"), encoding="utf-8")
    yml = project / "cases/shili/case.yml"
    yml.write_text(CASE.replace("概要[@src-a]", "概要[@nope]"), encoding="utf-8")
    done = subprocess.run([str(VENV_BIN / "kb-validate"), "--root", str(project)],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if "错误" in line]
    assert lines == [
        "cases/shili/case.md:3:29: 错误: 引用的来源「src-x」不存在（请检查 sources.yml 中的 id 拼写）。"
        "在 case.md 或文字字段里引用来源写成 [@来源id]，例如 [@dangyuanwang-2020]（来源 id 见 sources.yml）",
        "cases/shili/case.yml:29:16: 错误: 引用的来源「nope」不存在（请检查 sources.yml 中的 id 拼写）。"
        "在 case.md 或文字字段里引用来源写成 [@来源id]，例如 [@dangyuanwang-2020]（来源 id 见 sources.yml）",
    ]


def test_an_alternative_must_name_its_source(project):
    yml = project / "cases/shili/case.yml"
    yml.write_text(CASE.replace("      - {value: 1982, source: src-b, note: 乙作 1982 元。}",
                                "      - {value: 1982, note: 乙作 1982 元。}"), encoding="utf-8")
    _, problems = validate(project)
    errors, _ = split(problems)
    assert [str(e) for e in errors] == ["cases/shili/case.yml:14:9: 错误: 缺少必填字段「figures[0].alternatives[0].source」"]


def test_a_repost_is_labelled_as_one(project):
    sources = project / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        "    url: https://example.org/a\n", "    url: https://example.org/a\n    repost: true\n"), encoding="utf-8")
    page = _case_page(project)
    assert "转载网址：" in page and "https://example.org/a" in page
    assert "原文地址" not in page


def _with_series(project: Path) -> None:
    yml = project / "cases/shili/case.yml"
    text = yml.read_text(encoding="utf-8").replace("    date: 2008\n    source: src-a\n",
                                                   "    date: 2008\n    source: src-a\n    series: 人均收入（元）\n")
    text = text.replace("timeline:\n", "  - {label: 人均纯收入, value: 20000, unit: 元, date: 2020, source: src-b,"
                                        " series: 人均收入（元）}\ntimeline:\n")
    yml.write_text(text, encoding="utf-8")


def test_a_series_is_drawn_with_both_values_of_a_conflict_and_its_numbers_beside(project):
    from kb.check.svg import svg_problem
    from kb.render.charts import chart_files
    _with_series(project)
    page = _case_page(project)
    assert "![柱状图：人均收入（元）。2008年 1928元、1982元；2020年 2万元](shili/chart-1.svg)" in page
    rows = [line for line in page.splitlines() if line.startswith("| 2008年 | 人均年收入 |")]
    assert rows == ["| 2008年 | 人均年收入 | 1928元（来源说法不一） | [[1]](#src-1) |",
                    "| 2008年 | 人均年收入 | 1982元（来源说法不一） | [[2]](#src-2) |"]
    col, _ = validate(project)
    (uri, svg), = chart_files(col.cases["shili"].model).items()
    assert uri == "cases/shili/chart-1.svg" and svg_problem(svg.encode()) is None  # the check attachments pass
    assert svg.count("<rect ") == 1 + 3 and ">1928<" in svg and ">1982<" in svg and "来源说法不一" in svg
    assert "<script" not in svg and "href" not in svg
    # One year alone is no series; paper (the PDF's render) has the table only.
    (project / "cases/shili/case.yml").write_text(CASE, encoding="utf-8")
    assert "柱状图" not in _case_page(project)


def test_a_conflict_across_years_and_another_source_on_a_person_are_marked(project):
    yml = project / "cases/shili/case.yml"
    text = yml.read_text(encoding="utf-8").replace("      - {value: 366, date: 2021, source: src-b}",
                                                   "      - {value: 366, date: 2021, source: src-b, conflict: true}")
    text = text.replace("figures:\n", "people:\n  - {name: 卢正学, role: 村委会主任, source: src-a, note: 照来源写,"
                                      " alternatives: [{role: 村副主任, date: 2013, source: src-b}]}\nfigures:\n")
    yml.write_text(text, encoding="utf-8")
    page = _case_page(project)
    row = next(line for line in page.splitlines() if line.startswith("| 户数"))
    assert row.count("（来源说法不一）") == 1 and "各来源年份不同" not in row
    assert "卢正学（村委会主任）[[1]](#src-1)（另一来源称其 2013年时为村副主任 [[2]](#src-2)，来源说法不一），照来源写" in page


def test_a_picture_on_its_own_line_is_a_figure_with_its_alt_text_as_caption():
    from kb.render.case import captioned
    text = captioned("段落。\n\n![小坡村的茶园 <b>](photo.png)\n\n文字里的 ![行内图](a.png) 不变。")
    assert '<figure markdown="1">\n\n![小坡村的茶园 <b>](photo.png)\n\n<figcaption>小坡村的茶园 &lt;b&gt;</figcaption>' in text
    assert "文字里的 ![行内图](a.png) 不变。" in text and text.count("<figure") == 1
