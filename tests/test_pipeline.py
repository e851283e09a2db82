"""The pipeline's seams: what the stage lets through to the engine, and what
the finish pass accepts from it. Fixture projects and hand-made engine
output; the real engine runs where a test says it builds."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ENGINES, ROOT, run_build
from kb import engines
from kb.check.front_matter import check_front_matter
from kb.finish import sanitize
from kb.finish.chrome import ChromeProblem, check_chrome
from kb.finish.finish import FinishError, finish_page, finish
from kb.stage.stage import MANIFEST, marker

MKDOCS = engines.get("mkdocs")


def _project(tmp_path: Path) -> Path:
    from test_build import copy_project
    (tmp_path / "p").mkdir()
    return copy_project(tmp_path / "p")


# --- front matter: only title, description and a lower search rank --------------------------

@pytest.mark.parametrize("front, key", [
    ('revision_date: "</article><script>alert(1)</script>"', "revision_date"),
    ("git_revision_date_localized: x", "git_revision_date_localized"),
    ("kb_crumbs: [[官方通知：请重新登录, null]]", "kb_crumbs"),
    ("template: evil.html", "template"),
    ("icon: material/alert", "icon"),
    ("status: new", "status"),
])
def test_front_matter_keys_outside_the_allow_list_are_refused_at_their_line(front, key):
    problems = check_front_matter("docs/x.md", f"---\ntitle: 页\n{front}\n---\n\n# 页\n")
    assert [str(p) for p in problems] == [
        f"docs/x.md:3:1: 错误: 页面设置「{key}」不能使用：页面开头只能写 title（页面标题）、"
        "description（页面简介（搜索结果和分享时显示））、search（搜索设置）。请删去这一行"]


@pytest.mark.parametrize("search", ["{boost: 1000000}", "{boost: 0.2}", "{boost: yes}", "{rank: 1}", "{exclude: maybe}"])
def test_no_front_matter_changes_the_search_rank(search):
    problems = check_front_matter("docs/x.md", f"---\nsearch: {search}\n---\n")
    assert len(problems) == 1 and problems[0].line == 2 and problems[0].level == "错误"


def test_allowed_front_matter_passes():
    assert check_front_matter("docs/x.md", "---\ntitle: 使用说明\ndescription: 给学员\nsearch:\n  exclude: true\n---\n") == []


def test_a_forbidden_key_in_docs_stops_the_build_and_keeps_the_old_site(tmp_path):
    project = _project(tmp_path)
    page = project / "docs/about.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "title: 关于本站\n", 'title: 关于本站\nrevision_date: "</article><script>alert(1)</script>"\n'), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    result = run_build(project, site)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/about.md:3:1: 错误: 页面设置「revision_date」不能使用" in out
    assert "Traceback" not in out
    assert [p.name for p in site.iterdir()] == ["old.html"]


@pytest.mark.parametrize("name", ["evil.html", "evil.svg", "notes.txt", "assets/evil.html"])
def test_files_in_docs_that_are_not_pages_are_refused(tmp_path, name):
    project = _project(tmp_path)
    (project / "docs" / name).write_text("<script>alert(1)</script>", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/{name}:1:1: 错误: docs/ 里只能放 .md 页面" in result.stdout + result.stderr


def test_a_hard_link_in_docs_is_refused(tmp_path):
    project = _project(tmp_path)
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (project / "docs/hostname.md").hardlink_to(outside)
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/hostname.md:1:1: 错误: 这是硬链接" in result.stdout + result.stderr


# --- the content allow-list: classes --------------------------------------------------------

@pytest.mark.parametrize("html", [
    '<div class="md-dialog md-dialog--active">系统通知</div>',
    '<div class="md-banner">通知</div>',
    '<a class="md-button md-button--primary" href="https://example.com">登录</a>',
    '<div class="kb-cover">假封面</div>',
    '<p class="md">x</p>',
])
def test_theme_and_structural_classes_are_dropped_from_content(html):
    assert "class=" not in sanitize.sanitize(html)


def test_the_sites_own_classes_stay():
    html = '<div class="admonition warning"><p class="admonition-title">注意</p></div><span class="kb-todo">待补充</span>'
    assert sanitize.sanitize(html) == html


# --- the chrome: only the theme's own scripts --------------------------------------------------

CHROME = ('<html><head><title>页</title><script>__md_scope=new URL(".",location),__md_hash=e=>[...e].reduce((('
          'e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem('
          't.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.'
          'stringify(_))}catch(e){}}</script></head><body><a href="cases/">案例</a>'
          '<script src="assets/javascripts/bundle.js"></script></body></html>')


def test_the_themes_chrome_passes_and_its_inline_script_is_hashed():
    scripts, styles = check_chrome(CHROME, MKDOCS)
    assert len(scripts) == 1 and scripts[0].startswith("'sha256-") and styles == []


@pytest.mark.parametrize("injected", [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<script src="https://cdn.example.com/x.js"></script>',
    '<script src="//cdn.example.com/x.js"></script>',
    '<link rel="stylesheet" href="https://fonts.googleapis.com/css">',
    '<iframe src="cases/"></iframe>',
    '<meta http-equiv="refresh" content="0;url=https://example.com">',
    '<base href="https://example.com/">',
    '<a href="javascript:alert(1)">x</a>',
    "<style>body{background:url(https://example.com/x.png)}</style>",
])
def test_anything_else_in_the_chrome_fails_the_build(injected):
    with pytest.raises(ChromeProblem):
        check_chrome(CHROME.replace("<title>页</title>", f"<title>页</title>{injected}"), MKDOCS)


# --- the content markers ---------------------------------------------------------------------

def _page(content: str, nonce: str = "n0") -> str:
    return CHROME.replace("<body>", f"<body>{marker(nonce)}{content}{marker(nonce, end=True)}")


def test_content_between_the_markers_is_sanitised_and_the_page_gets_a_policy():
    html, content = finish_page(_page('<p>好<img src="x" onerror="alert(1)"></p>'), marker("n0"),
                                 marker("n0", end=True), MKDOCS, None)
    assert "onerror" not in html and '<img src="x">' in content
    assert html.count("Content-Security-Policy") == 1
    assert html.index("Content-Security-Policy") < html.index("<title>")


def test_a_forged_end_marker_cannot_move_the_boundary():
    # Content cannot know the nonce; a second marker of any kind fails the page.
    forged = _page(f"<p>x</p>{marker('n0', end=True)}<script>alert(1)</script>")
    with pytest.raises(FinishError):
        finish_page(forged, marker("n0"), marker("n0", end=True), MKDOCS, None)


# --- every output file is accounted for ---------------------------------------------------------

@pytest.fixture(scope="module")
def staged_and_built(tmp_path_factory):
    """The real stage and engine output of the real content (MkDocs)."""
    from kb.stage.stage import stage
    work = tmp_path_factory.mktemp("pipeline")
    stage(ROOT, work / "stage", MKDOCS)
    MKDOCS.build((work / "stage").resolve(), (work / "engine").resolve())
    return work


def _copy_output(work: Path, tmp_path: Path) -> Path:
    built = tmp_path / "engine"
    shutil.copytree(work / "engine", built)
    return built


@pytest.mark.parametrize("extra", ["evil.html", "assets/evil.js", "cases/daba/passwd"])
def test_an_unknown_file_in_the_engine_output_fails_the_build(staged_and_built, tmp_path, extra):
    built = _copy_output(staged_and_built, tmp_path)
    (built / extra).write_text("<script>alert(1)</script>", encoding="utf-8")
    with pytest.raises(FinishError, match=re.escape(extra) + ".*来历不明"):
        finish(staged_and_built / "stage", built, tmp_path / "site", MKDOCS)
    assert not (tmp_path / "site").exists()


def test_a_theme_file_changed_after_install_fails_the_build(staged_and_built, tmp_path):
    built = _copy_output(staged_and_built, tmp_path)
    bundle = next((built / "assets/javascripts").glob("bundle.*.min.js"))
    bundle.write_text(bundle.read_text(encoding="utf-8") + ";alert(1)", encoding="utf-8")
    with pytest.raises(FinishError, match="bundle"):
        finish(staged_and_built / "stage", built, tmp_path / "site", MKDOCS)


def test_the_manifest_names_every_file_and_its_kind(staged_and_built, tmp_path):
    built = _copy_output(staged_and_built, tmp_path)
    out = finish(staged_and_built / "stage", built, tmp_path / "site", MKDOCS)
    on_disk = {p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    assert set(out["files"]) == on_disk
    kinds = {f["kind"] for f in out["files"].values()}
    assert kinds <= {"page", "theme", "site", "vendor", "attachment", "pdf", "search", "bundle", "chart"}
    assert {"page", "theme", "site", "search", "bundle"} <= kinds
    stage_pages = json.loads((staged_and_built / "stage" / MANIFEST).read_text(encoding="utf-8"))["pages"]
    assert sum(1 for f in out["files"].values() if f["kind"] == "page") == len(stage_pages) + 1  # and 404.html
    assert not any(name.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/", "sitemap"))
                   for name in out["files"])


@pytest.mark.parametrize("engine", ENGINES)
def test_a_title_with_markup_is_text_everywhere_the_theme_prints_it(tmp_path, engine):
    project = _project(tmp_path)
    case = project / "cases/daba/case.yml"
    text = case.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M).group(1)
    case.write_text(text.replace(f"title: {title}", 'title: "大坝村<img src=x onerror=alert(1)>&amp;"', 1),
                    encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site, engine=engine)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "cases/daba/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in page and "<img src=\"x\" onerror" not in page
    title_tag = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "&lt;img src=x onerror=alert(1)&gt;&amp;amp;" in title_tag


# --- make serve --------------------------------------------------------------------------------

def _free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    import urllib.request
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def test_serve_rebuilds_after_a_content_change_and_keeps_the_site_on_a_mistake(tmp_path):
    import os
    import subprocess
    import threading
    import time

    from conftest import VENV_BIN
    project = _project(tmp_path)
    port = _free_port()
    server = subprocess.Popen([str(VENV_BIN / "kb-site"), "serve", "--port", str(port)], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    lines: list[str] = []  # the server's output, read as it comes
    reader = threading.Thread(target=lambda: lines.extend(server.stdout), daemon=True)
    reader.start()

    def wait_for(text: str, seconds: float = 90, said: bool = False) -> bool:
        """Until the page shows text (said: until the server has printed it)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if text in ("".join(lines) if said else _get(f"http://127.0.0.1:{port}/about/")):
                return True
            time.sleep(0.5)
        return False

    try:
        assert wait_for("关于本站")
        about = project / "docs/about.md"
        about.write_text(about.read_text(encoding="utf-8") + "\n新加的一句话。\n", encoding="utf-8")
        assert wait_for("新加的一句话")
        about.write_text(about.read_text(encoding="utf-8").replace("title: 关于本站", "title: 关于本站\ntemplate: x"),
                         encoding="utf-8")
        assert wait_for("页面设置「template」不能使用", said=True)  # the rebuild ran, and refused
        time.sleep(1)
        assert "新加的一句话" in _get(f"http://127.0.0.1:{port}/about/")  # the last good site stays
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=30)
    out = "".join(lines)
    assert "页面设置「template」不能使用" in out and "Traceback" not in out
