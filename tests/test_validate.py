"""Tests for the content validator scripts/validate.py, run as organisers run it.

Each test copies the real content into a temporary project, puts one bad file
over a real one and runs the validator as a subprocess. The bad files live in
tests/validator/cases/: each is a real content file with one organiser
mistake, so the expected line numbers point at that mistake. The table FAULTS
says which real file a fixture replaces and the exact lines the validator must
print.
"""

from __future__ import annotations

import codecs
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parent.parent
VALIDATE = REPO / "scripts" / "validate.py"
FIXTURES = REPO / "tests" / "validator" / "cases"
CONTENT = ("sources.yml", "programme.yml", "cases", "courses", "handbooks", "docs")

# Messages, as the validator prints them, that several rows share.
NOT_UTF8 = "文件不是 UTF-8 编码（可能是在 Windows 上以 GBK/ANSI 保存的）。请在编辑器中用「另存为」选择 UTF-8 编码后再保存"
OUTSIDE_IMAGE = "图片不能从站外加载：请把图片文件放进仓库，再用相对路径引用"
EVENT_ATTRIBUTE = "不允许使用 on...= 事件属性（如 onclick、onerror）：页面里不能运行作者写的脚本"
NOT_A_MAPPING = "文件顶层应为「字段名: 内容」的映射，而不是单个值或列表"
DATE_FORMAT = "日期格式应为 2020、2020-10 或 2020-12-16"


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def gbk(text: str) -> bytes:
    """Saved by a Windows editor in the Chinese ANSI code page."""
    return text.encode("gbk")


def windows_notepad(text: str) -> bytes:
    """Saved by Notepad: UTF-8 with a BOM and CRLF line ends."""
    return codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8")


@dataclass(frozen=True)
class Fault:
    """One organiser mistake: what to write where, and what must be printed."""

    id: str
    target: str                     # content file replaced, relative to the root
    fixture: str | None             # file in FIXTURES; None: the target's real text
    expected: list[str] = field(default_factory=list)  # exact stdout; [] = clean
    save: Callable[[str], bytes] = utf8

    def content(self) -> bytes:
        source = FIXTURES / self.fixture if self.fixture else REPO / self.target
        return self.save(source.read_text(encoding="utf-8"))


FAULTS = [
    # --- reading the file ---------------------------------------------------
    Fault("gbk-case-yml", "cases/watian/case.yml", None, save=gbk, expected=[
        f"cases/watian/case.yml:1:3: 错误: {NOT_UTF8}"]),
    Fault("gbk-case-md", "cases/watian/case.md", None, save=gbk, expected=[
        f"cases/watian/case.md:1:4: 错误: {NOT_UTF8}"]),
    Fault("gbk-docs-page", "docs/about.md", None, save=gbk, expected=[
        f"docs/about.md:2:8: 错误: {NOT_UTF8}"]),
    Fault("bom-crlf-yml", "sources.yml", None, save=windows_notepad),
    # A full-width colon inside text is just text, even after Latin letters.
    Fault("fullwidth-colon-in-text", "cases/tianjiawan/case.yml", "fullwidth-colon-in-text.yml"),
    Fault("bom-crlf-case-yml", "cases/tianjiawan/case.yml", None, save=windows_notepad),
    Fault("bom-crlf-md", "cases/tianjiawan/case.md", None, save=windows_notepad),
    Fault("empty-file", "handbooks/peixun-shouce-2/handbook.yml", "empty.yml", expected=[
        "handbooks/peixun-shouce-2/handbook.yml:1:1: 错误: 文件是空的"]),
    # --- YAML syntax ----------------------------------------------------------
    # The quote opens in line 3 column 8; the end of the file is far away.
    Fault("unclosed-quote", "cases/tianjiawan/case.yml", "yaml-unclosed-quote.yml", expected=[
        "cases/tianjiawan/case.yml:3:8: 错误: 引号没有闭合"]),
    Fault("bad-indent", "courses/bayaosu.yml", "yaml-bad-indent.yml", expected=[
        "courses/bayaosu.yml:23:4: 错误: 缩进不一致：请检查这一行与上一行的对齐"]),
    Fault("fullwidth-colon", "courses/bayaosu.yml", "fullwidth-colon.yml", expected=[
        "courses/bayaosu.yml:4:5: 错误: 字段「kind」后面用了全角冒号「：」。请改成半角冒号「:」并在后面加一个空格"]),
    Fault("tab-indent", "cases/tianjiawan/case.yml", "tab-indent.yml", expected=[
        "cases/tianjiawan/case.yml:8:1: 错误: 缩进里有 Tab 字符。YAML 只能用空格缩进，请把 Tab 换成空格（建议每层 2 个空格）"]),
    Fault("duplicate-key", "courses/bayaosu.yml", "duplicate-key.yml", expected=[
        "courses/bayaosu.yml:28:1: 错误: 字段「status」重复出现（第一次在第 5 行）；请删除或合并其中一个"]),
    Fault("unsafe-tag", "handbooks/peixun-shouce-2/handbook.yml", "unsafe-tag.yml", expected=[
        "handbooks/peixun-shouce-2/handbook.yml:7:11: 错误: 不允许的 YAML 标签「!!python/object/apply:os.system」："
        "内容文件只能包含文字、数字、日期、列表和映射"]),
    Fault("alias-bomb", "handbooks/peixun-shouce-2/handbook.yml", "alias-bomb.yml", expected=[
        "handbooks/peixun-shouce-2/handbook.yml:8:12: 错误: 内容展开后超过 50000 项：可能是别名（&锚点 / *引用）层层嵌套。请不要使用别名"]),
    # --- fields and types ------------------------------------------------------
    Fault("figure-value-in-words", "cases/tianjiawan/case.yml", "wrong-type-figure.yml", expected=[
        "cases/tianjiawan/case.yml:17:36: 错误: 字段「figures[0].value」应为数字（不要带单位或汉字，单位写在 unit 字段里）"]),
    Fault("missing-field", "courses/bayaosu.yml", "missing-summary.yml", expected=[
        "courses/bayaosu.yml:2:1: 错误: 缺少必填字段「summary」"]),
    Fault("missing-nested-field", "cases/tianjiawan/case.yml", "missing-figure-source.yml", expected=[
        "cases/tianjiawan/case.yml:18:5: 错误: 缺少必填字段「figures[1].source」"]),
    # A misspelt required key: it is unknown, and the real one is missing.
    Fault("unknown-field-titel", "courses/bayaosu.yml", "unknown-field-titel.yml", expected=[
        "courses/bayaosu.yml:2:1: 错误: 缺少必填字段「title」",
        "courses/bayaosu.yml:3:1: 错误: 未知字段「titel」。你是不是想写「title」？"]),
    Fault("unknown-nested-field", "cases/watian/case.yml", "unknown-field-vilage.yml", expected=[
        "cases/watian/case.yml:10:3: 错误: 未知字段「place.vilage」。你是不是想写「village」？"]),
    # Without the "sources:" line the file is a bare list; only that is reported,
    # not every reference to a source in every other file.
    Fault("top-level-list-sources", "sources.yml", "top-level-list.yml", expected=[
        f"sources.yml:1:1: 错误: {NOT_A_MAPPING}"]),
    Fault("top-level-list-course", "courses/bayaosu.yml", "top-level-list-course.yml", expected=[
        f"courses/bayaosu.yml:1:1: 错误: {NOT_A_MAPPING}"]),
    Fault("id-not-slug", "courses/wubu-gongzuofa.yml", "id-not-slug.yml", expected=[
        "courses/wubu-gongzuofa.yml:2:5: 错误: 字段「id」不是合法的标识（id）："
        "只能用小写英文字母、数字和连字符「-」，例如 tianjiawan 或 wubu-gongzuofa"]),
    Fault("id-not-folder-name", "cases/watian/case.yml", "id-not-folder.yml", expected=[
        "cases/watian/case.yml:2:5: 错误: id「watiancun」必须与文件（夹）名「watian」一致"]),
    Fault("bad-date-case", "cases/tianjiawan/case.yml", "bad-date-month.yml", expected=[
        f"cases/tianjiawan/case.yml:21:12: 错误: 字段「timeline[0].date」{DATE_FORMAT}"]),
    # Only the date is wrong: the other sources must still be known.
    Fault("bad-date-sources", "sources.yml", "bad-date.yml", expected=[
        f"sources.yml:27:11: 错误: 字段「sources[3].date」{DATE_FORMAT}"]),
    # --- ids and references ----------------------------------------------------
    Fault("duplicate-source-id", "sources.yml", "duplicate-source-id.yml", expected=[
        "sources.yml:30:9: 错误: id「qiannan-report」重复：每个来源的 id 必须唯一"]),
    Fault("unknown-case", "courses/bayaosu.yml", "missing-case-reference.yml", expected=[
        "courses/bayaosu.yml:23:37: 错误: 字段「readings.after_class[2]」引用的案例「dabacun」不存在（请检查 cases/ 中的 id 拼写）"]),
    Fault("unknown-course", "cases/tianjiawan/case.yml", "missing-course-reference.yml", expected=[
        "cases/tianjiawan/case.yml:35:34: 错误: 字段「related_courses[1]」引用的课程「ba-yaosu」不存在（请检查 courses/ 中的 id 拼写）"]),
    # --- Markdown ---------------------------------------------------------------
    Fault("script", "cases/watian/case.md", "md-script.md", expected=[
        "cases/watian/case.md:3:22: 错误: 不允许使用 <script>：页面里不能运行作者写的脚本"]),
    Fault("onerror", "cases/watian/case.md", "md-onerror.md", expected=[
        f"cases/watian/case.md:11:14: 错误: {EVENT_ATTRIBUTE}"]),
    Fault("javascript-link", "docs/guide.md", "md-javascript-link.md", expected=[
        "docs/guide.md:10:10: 错误: 不允许使用 javascript: 链接"]),
    Fault("remote-image", "cases/watian/case.md", "md-remote-image.md", expected=[
        f"cases/watian/case.md:18:1: 错误: {OUTSIDE_IMAGE}"]),
    Fault("protocol-relative-image", "docs/guide.md", "md-protocol-relative-image.md", expected=[
        f"docs/guide.md:39:14: 错误: {OUTSIDE_IMAGE}"]),
    Fault("iframe", "docs/guide.md", "md-iframe.md", expected=[
        "docs/guide.md:9:1: 错误: 不允许嵌入 iframe/object/embed 等外部内容"]),
    Fault("mermaid", "docs/guide.md", "md-mermaid.md", expected=[
        "docs/guide.md:9:6: 错误: 不支持 mermaid 图表：它会从站外下载脚本。请改用图片（放进仓库）"]),
    # Sorted by line as a number (9 < 12 < 41), and by column within a line.
    Fault("several-in-one-page", "docs/guide.md", "md-several.md", expected=[
        "docs/guide.md:9:1: 错误: 不允许嵌入 iframe/object/embed 等外部内容",
        "docs/guide.md:12:10: 错误: 不允许使用 javascript: 链接",
        f"docs/guide.md:41:14: 错误: {OUTSIDE_IMAGE}"]),
    Fault("pasted-html", "cases/watian/case.md", "md-pasted-html.md", expected=[
        f"cases/watian/case.md:13:1: 错误: {EVENT_ATTRIBUTE}",
        "cases/watian/case.md:13:6: 错误: 不能从站外加载资源（图片、音视频、脚本等）：请把文件放进仓库，再用相对路径引用"]),
    Fault("invalid-section", "cases/watian/case.md", "md-bad-heading.md", expected=[
        "cases/watian/case.md:20:4: 错误: 章节标题「结论」无效：只能是 背景 / 做法 / 成效 / 启示"]),
    Fault("level-1-heading", "cases/watian/case.md", "md-h1.md", expected=[
        "cases/watian/case.md:1:1: 错误: 不要使用一级标题「# 」：案例标题写在 case.yml 的 title 字段里"]),
]
FAULT = {fault.id: fault for fault in FAULTS}


# --- helpers -----------------------------------------------------------------

@dataclass
class Run:
    returncode: int
    lines: list[str]   # stdout, one error per line
    stderr: str
    seconds: float


def validate(root: Path, *paths: str) -> Run:
    """Run the validator from the project folder, as the guide tells organisers."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(VALIDATE), "--root", str(root), *paths],
                          cwd=root, capture_output=True, text=True, encoding="utf-8", timeout=120)
    run = Run(done.returncode, done.stdout.splitlines(), done.stderr, time.monotonic() - started)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def files_in(root: Path) -> set[Path]:
    return {p.relative_to(root) for p in root.rglob("*")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the real content to break."""
    for name in CONTENT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy2(source, tmp_path / name)
    return tmp_path


def apply(root: Path, *faults: Fault) -> None:
    for fault in faults:
        assert (root / fault.target).is_file(), f"{fault.target} is not a content file"
        (root / fault.target).write_bytes(fault.content())


# --- tests -------------------------------------------------------------------

def test_real_content_is_clean(project: Path):
    run = validate(project)
    assert (run.returncode, run.lines) == (0, [])
    assert "内容校验通过" in run.stderr


@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_mistake_is_reported_exactly(project: Path, fault: Fault):
    apply(project, fault)
    before = files_in(project)
    run = validate(project)
    assert run.lines == fault.expected
    assert run.returncode == (1 if fault.expected else 0)
    assert (f"共 {len(fault.expected)} 个错误" if fault.expected else "内容校验通过") in run.stderr
    assert files_in(project) == before, "the validator must only read"


def test_unsafe_tag_runs_nothing(project: Path, tmp_path_factory):
    fault = FAULT["unsafe-tag"]
    marker = "pwned-by-yaml"  # the fixture's command: touch pwned-by-yaml
    apply(project, fault)
    run = validate(project)
    assert run.lines == fault.expected
    assert not (project / marker).exists()
    # Control: an unsafe loader really would run it, so the check above means something.
    elsewhere = tmp_path_factory.mktemp("unsafe-load")
    subprocess.run([sys.executable, "-c", "import sys, yaml; yaml.unsafe_load(open(sys.argv[1], encoding='utf-8'))",
                    str(project / fault.target)], cwd=elsewhere, check=True, capture_output=True)
    assert (elsewhere / marker).exists()


def test_alias_bomb_stops_quickly(project: Path):
    apply(project, FAULT["alias-bomb"])
    run = validate(project)
    assert run.lines == FAULT["alias-bomb"].expected
    assert run.seconds < 15


def test_oversized_yaml_is_refused(project: Path):
    target = project / "cases" / "tianjiawan" / "case.yml"
    text = target.read_bytes()
    padding = 600 * 1024 - len(text)  # a long comment: valid YAML, too big
    target.write_bytes(text + b"#" * (padding - 1) + b"\n")
    run = validate(project)
    assert run.returncode == 1
    assert run.lines == ["cases/tianjiawan/case.yml:1:1: 错误: 文件过大（600 KB，上限 512 KB）：请拆分内容或删去无关部分"]


# Six files, applied in an order that is not the report's order.
SEVERAL = ["fullwidth-colon", "script", "duplicate-source-id", "protocol-relative-image",
           "unknown-course", "gbk-case-yml"]


def test_all_errors_in_one_run_sorted_by_path_then_line(project: Path):
    apply(project, *(FAULT[name] for name in SEVERAL))
    run = validate(project)
    assert run.returncode == 1
    assert run.lines == [
        *FAULT["unknown-course"].expected,           # cases/tianjiawan/case.yml
        *FAULT["script"].expected,                   # cases/watian/case.md
        *FAULT["gbk-case-yml"].expected,             # cases/watian/case.yml
        *FAULT["fullwidth-colon"].expected,          # courses/bayaosu.yml
        *FAULT["protocol-relative-image"].expected,  # docs/guide.md
        *FAULT["duplicate-source-id"].expected,      # sources.yml
    ]
    assert "共 6 个错误" in run.stderr


@pytest.mark.parametrize("path, shown", [
    ("cases/watian", ["level-1-heading"]),
    ("cases/watian/case.md", ["level-1-heading"]),
    ("courses", ["fullwidth-colon"]),
    ("courses/bayaosu.yml", ["fullwidth-colon"]),
    ("sources.yml", ["duplicate-source-id"]),
    ("cases/tianbaxi", []),
])
def test_path_limits_the_report(project: Path, path: str, shown: list[str]):
    apply(project, FAULT["level-1-heading"], FAULT["fullwidth-colon"], FAULT["duplicate-source-id"])
    run = validate(project, path)
    assert run.lines == [line for name in shown for line in FAULT[name].expected]
    assert run.returncode == (1 if shown else 0)


def test_path_checks_references_against_all_content(project: Path):
    # Only the case is asked for, yet its course ids are checked against courses/:
    # the real ones pass, the misspelt one is reported.
    apply(project, FAULT["unknown-course"])
    expected = FAULT["unknown-course"].expected
    assert validate(project, "cases/tianjiawan").lines == expected
    assert validate(project, str(project / "cases" / "tianjiawan" / "case.yml")).lines == expected


def test_nonexistent_path_is_an_error(project: Path):
    run = validate(project, "cases/tianjiawan", "cases/no-such-case")
    assert run.returncode == 1
    assert run.lines == []
    assert "cases/no-such-case" in run.stderr
    assert "错误: 文件或文件夹不存在" in run.stderr


def test_case_may_not_take_an_index_page_name(project: Path):
    (project / "cases/tianbaxi").rename(project / "cases/by-county")
    case = project / "cases/by-county/case.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("id: tianbaxi", "id: by-county"), encoding="utf-8")
    related = project / "handbooks/minxin-dangjian-anli/handbook.yml"
    related.write_text(related.read_text(encoding="utf-8").replace("tianbaxi", "by-county"), encoding="utf-8")
    run = validate(project)
    assert run.lines == ["cases/by-county/case.yml:2:5: 错误: id「by-county」是网站保留的名字"
                         "（by-county、by-industry、by-theme、index），请换一个"]
