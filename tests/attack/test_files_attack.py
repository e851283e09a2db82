"""Attacks through files rather than text: SVG images beside a case, hard
links to files outside the project, image paths that climb out of the
item's folder, file names too long for the disk, Markdown nested deeper than
the renderer's recursion, and a paragraph of blanks that made a regex
quadratic. Each must end as a message at the right file and line, in
bounded time, never as a traceback or a published file."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from conftest import PNG, fixture_copy

import payloads
from kb.check.svg import svg_problem
from kb.check.validation import validate

@pytest.fixture
def project(tmp_path) -> Path:
    target = fixture_copy(tmp_path)
    (target / "docs").mkdir()
    return target


def _case_md(project: Path, body: str) -> None:
    (project / "cases" / "shili" / "case.md").write_text(f"## 背景\n\n{body}\n\n## 成效\n\n- 一\n", encoding="utf-8")


def _errors(project: Path, path: str | None = None) -> list:
    _, problems = validate(project)
    return [p for p in problems if p.level == "错误" and (path is None or p.path == path)]


# SVG --------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(payloads.SVG_FILES))
def test_every_dangerous_svg_is_refused(name):
    assert svg_problem(payloads.SVG_FILES[name].encode("utf-8")), name


@pytest.mark.parametrize("name", sorted(payloads.SVG_OK))
def test_drawings_as_editors_save_them_are_accepted(name):
    assert svg_problem(payloads.SVG_OK[name].encode("utf-8")) is None


@pytest.mark.parametrize("name", ["prefixed-script", "script-after-600k-comment", "entity-javascript"])
def test_svg_beside_a_case_is_refused_with_its_line(project, name):
    svg = payloads.SVG_FILES[name].replace("<svg ", "<svg\n", 1)  # the danger is on line 2
    (project / "cases" / "shili" / "x.svg").write_text(svg, encoding="utf-8")
    _case_md(project, "![示意图](x.svg)")
    errors = _errors(project, "cases/shili/case.md")
    assert len(errors) == 1 and errors[0].line == 3, errors
    assert "x.svg" in errors[0].message and "第 2 行" in errors[0].message, errors[0]


def test_a_clean_svg_beside_a_case_is_published(project):
    (project / "cases" / "shili" / "x.svg").write_text(payloads.SVG_OK["inkscape"], encoding="utf-8")
    _case_md(project, "![示意图](x.svg)")
    col, problems = validate(project)
    assert [p for p in problems if p.level == "错误"] == []
    assert "cases/shili/x.svg" in col.assets


def test_svg_check_is_linear():
    """A 2 MB drawing (the size limit) of many small elements parses in well under a second per MB."""
    one = '<rect x="1" y="1" width="8" height="8" fill="url(#g)" style="stroke:#000"/>\n'
    small = f"<svg {payloads.SVG_NS}>" + one * 2_000 + "</svg>"
    big = f"<svg {payloads.SVG_NS}>" + one * 26_000 + "</svg>"  # ~2 MB
    start = time.perf_counter()
    assert svg_problem(small.encode()) is None
    t_small = time.perf_counter() - start
    start = time.perf_counter()
    assert svg_problem(big.encode()) is None
    t_big = time.perf_counter() - start
    assert t_big < 2.0 and t_big < max(t_small, 0.005) * 13 * 4, (t_small, t_big)


# Hard links --------------------------------------------------------------

@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"  # outside the project folder
    folder.mkdir()
    (folder / "hostname").write_text("secret-host\n", encoding="utf-8")
    (folder / "photo.png").write_bytes(PNG)
    (folder / "page.md").write_text("# 页面\n\n正文。\n", encoding="utf-8")
    return folder


def _hard_link_errors(project: Path, shown: str) -> list:
    return [e for e in _errors(project, shown) if "硬链接" in e.message and "复制" in e.message]


def test_a_hard_link_in_docs_is_refused(project, outside):
    os.link(outside / "hostname", project / "docs" / "hostname.txt")
    os.link(outside / "page.md", project / "docs" / "page.md")
    assert _hard_link_errors(project, "docs/hostname.txt")
    assert _hard_link_errors(project, "docs/page.md")


def test_a_hard_linked_image_beside_a_case_is_refused(project, outside):
    os.link(outside / "photo.png", project / "cases" / "shili" / "x.png")
    _case_md(project, "![照片](x.png)")
    col, problems = validate(project)
    refused = [p for p in problems if p.level == "错误" and "硬链接" in p.message]
    assert refused and refused[0].path == "cases/shili/case.md" and refused[0].line == 3, problems
    assert "cases/shili/x.png" not in col.assets


def test_a_hard_linked_case_md_or_chapter_is_refused(project, outside):
    md = project / "cases" / "shili" / "case.md"
    md.unlink()
    os.link(outside / "page.md", md)
    chapter = project / "handbooks" / "shili-shouce" / "preface.md"
    chapter.unlink()
    os.link(outside / "page.md", chapter)
    assert _hard_link_errors(project, "cases/shili/case.md")
    assert _hard_link_errors(project, "handbooks/shili-shouce/preface.md")


# Paths ---------------------------------------------------------------------

@pytest.mark.parametrize("target", payloads.OUTSIDE_PATHS)
def test_encoded_dot_segments_are_refused_even_when_the_literal_path_exists(project, target):
    """The checker looked for the literal folder %2e%2e/, the browser and
    WeasyPrint decode it to ../: a decoy folder of that name made it pass."""
    folder = project / "cases" / "shili"
    decoy = folder.joinpath(*target.split("/"))
    decoy.parent.mkdir(parents=True, exist_ok=True)
    decoy.write_bytes(PNG)
    _case_md(project, f"![图]({target})")
    col, _ = validate(project)
    errors = _errors(project, "cases/shili/case.md")
    assert errors and all(e.line == 3 for e in errors), errors
    assert not [k for k in col.assets if "%" in k or ".." in k]


def test_a_reference_image_leaving_the_folder_is_refused(project):
    _case_md(project, "![图][r]\n\n[r]: %2e%2e/mimi/secret")
    errors = _errors(project, "cases/shili/case.md")
    assert any("之外" in e.message for e in errors), errors


def test_a_file_name_too_long_for_the_disk_is_a_message(project):
    _case_md(project, f"![图]({'a' * 300}.png)")
    errors = _errors(project, "cases/shili/case.md")
    assert errors and errors[0].line == 3 and any("太长" in e.message for e in errors), errors


# Nesting and huge lines ------------------------------------------------------

@pytest.mark.parametrize("name", sorted(payloads.DEEP_MARKDOWN))
@pytest.mark.parametrize("where", ["case", "docs"])
def test_markdown_nested_too_deep_is_refused_cheaply(project, name, where):
    body = payloads.DEEP_MARKDOWN[name]
    if where == "case":
        _case_md(project, body)
        shown = "cases/shili/case.md"
    else:
        (project / "docs" / "deep.md").write_text(body + "\n", encoding="utf-8")
        shown = "docs/deep.md"
    start = time.perf_counter()
    errors = _errors(project, shown)  # no RecursionError
    assert time.perf_counter() - start < 5
    assert errors and all("太深" in e.message or "连续" in e.message for e in errors), errors


def test_a_recursion_the_scan_misses_is_still_a_message(project, monkeypatch):
    import kb.check.markdown_check as check

    def deep(*_args, **_kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(check, "render", deep)
    _case_md(project, "<div>x</div>")
    errors = _errors(project, "cases/shili/case.md")
    assert errors and "太深" in errors[0].message


def test_ordinary_nesting_and_rules_are_accepted(project):
    body = ("- 一\n    - 二\n        - 三\n            > 引用\n\n* * *\n\n- - -\n\n填空：______\n\n"
            '<div markdown="1">\n\n**粗体**\n\n</div>\n\n```\n' + "- " * 800 + "\n```")
    _case_md(project, body)
    assert _errors(project, "cases/shili/case.md") == []


def test_a_paragraph_of_blanks_after_a_chinese_character_is_linear():
    """中, 250,000 spaces and x once took minutes in a search regex trying every
    split of the run: the finish pass's typesetting and search index take it
    in one pass (a hang guard, not a speed measurement: make bench measures)."""
    from kb.finish.typeset import typeset
    from kb.search.index import SearchIndex, terms

    start = time.perf_counter()
    for text in ("中" + " " * 250_000 + "x", "中" + " \u200b" * 125_000 + "x", "中" + "\t" * 250_000 + "村"):
        html = typeset(f"<p>{text}</p>", None)
        index = SearchIndex()
        index.add_page("cases/x/", "标题", html)
        assert len(terms(text)) <= 4
    assert time.perf_counter() - start < 10
