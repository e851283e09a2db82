"""Handbooks as documents: the organiser's mistakes get exact messages, chapter
numbers are never doubled, chapters read in order, and 「收录于」 is derived.
Behaviour on a copy of the render fixture (tests/render/project)."""

import re
import shutil
from pathlib import Path

import pytest

from kb.render.pages import render_pages
from kb.check.validation import validate

FIXTURE = Path(__file__).parent / "render" / "project"
HANDBOOK = "handbooks/shili-shouce/handbook.yml"


@pytest.fixture
def project(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "p"))


def _write(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _problems(project: Path, about: str = "handbooks/") -> list[str]:
    _, problems = validate(project)
    return [str(p) for p in problems if p.path.startswith(about)]


BOOK = """id: shili-shouce
title: 示例手册
status: draft
preface: preface.md
chapters:
{chapters}
"""


def test_the_issue_s_first_try_gets_one_clear_message_per_mistake(project):
    _write(project, HANDBOOK, BOOK.format(chapters="""  - title: 第一章 学习方法
    summary: 先读后议
  - title: 产业选择
    cases: [shili, no-such-case]
    text: chapter-9.md
  - title: 编后
"""))
    assert _problems(project) == [
        f"{HANDBOOK}:6:5: 错误: 字段「chapters[0]」章里不能写「summary」：本章导语或正文请写进手册文件夹里的 Markdown 文件"
        "（例如 chapter-1.md），再写 text: chapter-1.md",
    ]
    _write(project, HANDBOOK, BOOK.format(chapters="""  - title: 第一章 学习方法
    text: xuexi-fangfa.md
  - title: 产业选择
    cases: [shili, no-such-case]
    text: chapter-9.md
  - title: 编后
"""))
    assert _problems(project) == [
        "handbooks/shili-shouce/afterword.md:1:1: 警告: handbook.yml 没有用到这个文件：请在 preface、afterword 或某一章的 text "
        "里写上「afterword.md」，否则它不会出现在网站和 PDF 里",
        "handbooks/shili-shouce/chapter-2.md:1:1: 警告: handbook.yml 没有用到这个文件：请在 preface、afterword 或某一章的 text "
        "里写上「chapter-2.md」，否则它不会出现在网站和 PDF 里",
        f"{HANDBOOK}:6:12: 警告: 章标题「第一章 学习方法」以章号开头：章号由网站和 PDF 按顺序自动加上，"
        "标题里的章号不会显示（这一章显示为「第 1 章 学习方法」）。请删去标题里的章号，免得调整章序后对不上",
        f"{HANDBOOK}:9:20: 错误: 字段「chapters[1].cases[1]」引用的案例「no-such-case」不存在（请检查 cases/ 中的 id 拼写）",
        f"{HANDBOOK}:10:11: 错误: 找不到文件「handbooks/shili-shouce/chapter-9.md」：请在手册文件夹里新建这个 Markdown 文件，"
        "或改正文件名（大小写也要一致）",
        f"{HANDBOOK}:11:5: 警告: 第 3 章「编后」是空的：请用 text 写本章正文，或用 cases / courses 收录内容",
    ]


def test_numbered_titles_are_never_numbered_twice(project):
    _write(project, HANDBOOK, BOOK.format(chapters="  - {title: 第二章：产业选择, cases: [shili]}"))
    col, _ = validate(project)
    pages = render_pages(col)
    assert "# 第 1 章 产业选择\n" in pages["handbooks/shili-shouce/1.md"]
    assert "第二章" not in pages["handbooks/shili-shouce.md"]


@pytest.mark.parametrize("field,value,message", [
    ("afterword", "../../sources.yml", "字段「afterword」应为手册文件夹里的 Markdown 文件名"),
    ("afterword", "notes.txt", "字段「afterword」应为手册文件夹里的 Markdown 文件名"),
    ("intro", "简介", "字段「intro」已不再使用：本站对手册的介绍请写在 about"),
    ("titel", "示例", "未知字段「titel」。你是不是想写「title」？"),
])
def test_field_mistakes_are_explained(project, field, value, message):
    path = project / HANDBOOK
    kept = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith(f"{field}:")]
    path.write_text("\n".join(kept + [f"{field}: {value}", ""]), encoding="utf-8")
    problems = _problems(project)
    assert len(problems) == 1 and message in problems[0], problems


def test_text_files_are_checked_like_case_text(project):
    _write(project, "handbooks/shili-shouce/preface.md", "前言第一段。\n\n# 前言\n\n<script>alert(1)</script>\n")
    problems = _problems(project)
    assert "handbooks/shili-shouce/preface.md:3:1: 错误: 不要使用一级标题「# 」：章标题写在 handbook.yml 的 title 里；" \
           "正文里的小标题请用「## 」" in problems
    assert any(p.startswith("handbooks/shili-shouce/preface.md:5:") and "错误" in p for p in problems), problems


def test_a_handbook_text_cites_its_sources_like_case_text(project):
    _write(project, "handbooks/shili-shouce/preface.md", "前言第一段[@src-a]。\n\n第二段[@meiyou]。\n")
    assert any(p.startswith("handbooks/shili-shouce/preface.md:3:4: 错误: 引用的来源「meiyou」不存在")
               for p in _problems(project)), _problems(project)
    _write(project, "handbooks/shili-shouce/preface.md", "前言第一段[@src-a]。\n")
    col, _ = validate(project)
    page = render_pages(col)["handbooks/shili-shouce/preface.md"]
    assert "[@" not in page and "前言第一段<a href=\"#src-1\" id=\"ref-1-1\">[1]</a>" in page and "## 来源" in page
    from kb.pdf.documents import handbook_html
    printed = re.sub(r"<[^>]+>", "", handbook_html(col.handbooks["shili-shouce"], col, "v1"))
    assert "[@" not in printed and "前言第一段[1]" in printed


def test_old_single_file_layout_says_where_to_move_it(project):
    _write(project, "handbooks/jiu.yml", "id: jiu\nstatus: draft\n")
    assert _problems(project) == [
        "handbooks/jiu.yml:1:1: 错误: 手册现在放在自己的文件夹里：请把这个文件移到 handbooks/jiu/handbook.yml"
        "（前言、各章正文写成同一文件夹里的 Markdown 文件）"]


def test_folder_without_handbook_yml(project):
    (project / "handbooks/kong").mkdir()
    assert _problems(project) == ["handbooks/kong:1:1: 错误: 手册文件夹里缺少 handbook.yml（可以用 make new-handbook 新建一本手册）"]


def test_private_handbook_is_validated_but_never_shown(project):
    _write(project, "handbooks/neibu/handbook.yml", "id: neibu\ntitle: 内部手册\nstatus: private\n"
                                                    "chapters:\n  - {title: 内部, cases: [shili, mei-you]}\n")
    assert _problems(project, "handbooks/neibu") == [
        "handbooks/neibu/handbook.yml:5:32: 错误: 字段「chapters[0].cases[1]」引用的案例「mei-you」不存在（请检查 cases/ 中的 id 拼写）"]
    _write(project, "handbooks/neibu/handbook.yml", "id: neibu\ntitle: 内部手册\nstatus: private\n"
                                                    "chapters:\n  - {title: 内部, cases: [shili]}\n")
    col, _ = validate(project)
    pages = render_pages(col)
    assert not [uri for uri in pages if "neibu" in uri]
    assert not [uri for uri, text in pages.items() if "内部手册" in text]


def test_chapters_read_in_order_and_cases_say_where_they_are_included(project):
    col, _ = validate(project)
    pages = render_pages(col)
    order = ["preface", "1", "2", "afterword"]
    for i, slug in enumerate(order):
        text = pages[f"handbooks/shili-shouce/{slug}.md"]
        assert ("上一章" in text) == (i > 0) and ("下一章" in text) == (i < len(order) - 1), slug
        if i + 1 < len(order):
            assert f"]({order[i + 1]}.md)" in text
    assert "收录于[《示例手册》第 2 章](../handbooks/shili-shouce/2.md)。" in pages["cases/shili.md"]
    assert "收录于[《示例手册》第 2 章](../handbooks/shili-shouce/2.md)。" in pages["courses/shili-kecheng.md"]


def test_an_untitled_handbook_shows_no_invented_title_and_no_internal_id(project):
    col, _ = validate(project)
    pages = render_pages(col)
    text = pages["handbooks/wuming.md"]
    assert "# 《书名待补充》" in text
    assert "wuming" not in text.split("---", 2)[2]  # its id stays out of what readers see
    assert "[《书名待补充》](wuming.md)" in pages["handbooks/index.md"]


def test_real_handbooks_hold_only_what_the_sources_say():
    root = Path(__file__).resolve().parent.parent
    col, _ = validate(root)
    titled = [h.model for h in col.handbooks.values() if h.model.title]
    assert [h.title for h in titled] == ["铜仁市“民心党建+‘三社’融合促‘三变’+春晖社”农村综合改革典型案例"]
    for item in col.handbooks.values():
        h = item.model
        if h.id in ("minxin-dangjian-anli", "peixun-shouce-2", "peixun-shouce-3"):
            assert h.status == "draft" and not (h.publisher or h.edition or h.date or h.chapters), h.id


def test_new_handbook_skeleton_validates_and_reads_on_the_site(project):
    import subprocess
    import sys
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, str(root / "scripts/new_item.py"), "handbook", "shibai-fupan",
                             "农村产业发展失败案例复盘手册", "--root", str(project)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert _problems(project, "handbooks/shibai-fupan") == []
    col, _ = validate(project)
    pages = render_pages(col)
    assert "# 《农村产业发展失败案例复盘手册》" in pages["handbooks/shibai-fupan.md"]
    assert "handbooks/shibai-fupan/preface.md" in pages
