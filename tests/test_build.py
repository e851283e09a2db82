"""The real MkDocs build of the real content."""

import json
import re
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT, run_build

from kb.search_terms import SEPARATOR, user_words
from kb.validation import validate

OUTSIDE = re.compile(r"""(?:href|src|srcset|action|poster)\s*=\s*["']?\s*(?:https?:)?//""", re.I)

EXPECTED_PAGES = [
    "index.html", "about/index.html", "guide/index.html", "programme/index.html",
    "cases/index.html", "cases/by-county/index.html", "cases/by-industry/index.html", "cases/by-theme/index.html",
    "cases/daba/index.html", "cases/tianjiawan/index.html", "cases/watian/index.html", "cases/tianbaxi/index.html",
    "courses/index.html", "courses/wubu-gongzuofa/index.html", "courses/bayaosu/index.html",
    "courses/chanye-fazhan/index.html", "courses/chanye-taolun/index.html", "courses/daba-xianchang/index.html",
    "handbooks/index.html", "handbooks/minxin-dangjian-anli/index.html",
    "handbooks/peixun-shouce-2/index.html", "handbooks/peixun-shouce-3/index.html",
]


def _index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_every_page_exists(built_site):
    missing = [p for p in EXPECTED_PAGES if not (built_site / p).is_file()]
    assert missing == []


def test_case_page_shows_its_parts(built_site):
    html = (built_site / "cases/tianjiawan/index.html").read_text(encoding="utf-8")
    for text in ("基本信息", "关键数据", "时间线", "背景", "做法", "成效", "启示", "讨论题", "来源",
                 "1000亩", "120万元", "民心党建+公司+合作社+农户", "href=\"../../courses/chanye-fazhan/\""):
        assert text in html, text


def test_drafts_and_gaps_are_marked(built_site):
    html = (built_site / "handbooks/peixun-shouce-2/index.html").read_text(encoding="utf-8")
    assert "书名待补充" in html and "草稿" in html
    assert 'class="kb-todo"' in (built_site / "cases/daba/index.html").read_text(encoding="utf-8")


def test_navigation_lists_sections_not_cases(built_site):
    nav = (built_site / "index.html").read_text(encoding="utf-8").split('class="md-content"')[0]
    assert "按区县" in nav
    assert "cases/tianjiawan/" not in nav


def test_no_page_refers_to_an_outside_host(built_site):
    offenders = [f"{p.relative_to(built_site)}: {m.group(0)}"
                 for p in built_site.rglob("*.html")
                 for m in OUTSIDE.finditer(p.read_text(encoding="utf-8"))]
    assert offenders == []
    assert not any("fonts.googleapis" in p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))


def test_search_index_is_segmented_and_names_stay_whole(built_site):
    index = _index(built_site)
    texts = [d["title"] + " " + d["text"] for d in index["docs"]]
    assert any("\u200b" in t for t in texts), "jieba did not run: Chinese text is not segmented"
    # As the browser cuts them: Material's tokenizer also splits at HTML tags.
    terms = {t for text in texts for t in re.split(SEPARATOR, re.sub(r"<[^>]*>", " ", text))}
    col, _ = validate(ROOT)
    for name in ("田家湾村", "陈大兴", "金刺梨", "五步工作法", "八要素", "民心党建", "123产融合", "瓦田村"):
        assert name in user_words(col)
        assert name in terms, name
    # A lone character jieba cut off a name is glued back: as a term it would
    # cut a query such as 金刺梨 down to "金*" in the browser.
    assert not {"金", "刺", "湾", "村"} & terms


def test_compound_words_are_findable(built_site):
    index = _index(built_site)
    subwords = {w for d in index["docs"] for w in d.get("subwords", "").split()}
    assert {"刺梨", "经济", "家湾村"} <= subwords
    assert index["config"]["fields"]["subwords"] == {"boost": 1}


def test_index_pages_are_left_out_of_search_and_cases_boosted(built_site):
    boosts = {d["location"]: d.get("boost") for d in _index(built_site)["docs"]}
    assert not [loc for loc in boosts if loc.startswith(("cases/by-", "courses/index", "handbooks/index"))]
    assert "cases/by-county/" not in boosts and "cases/" not in boosts
    assert boosts["cases/tianjiawan/"] > 1


def _tree_state() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--ignored=no"],
                          cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_build_leaves_the_tree_unchanged(tmp_path):
    before = _tree_state()
    tracked = {p: p.read_bytes() for p in (ROOT / "cases").rglob("*") if p.is_file()}
    result = run_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert _tree_state() == before
    assert {p: p.read_bytes() for p in (ROOT / "cases").rglob("*") if p.is_file()} == tracked
    assert not list((ROOT / "docs").glob("cases"))


def _copy_project(dest: Path) -> Path:
    for name in ("mkdocs.yml", "sources.yml", "programme.yml", "glossary.yml"):
        shutil.copy(ROOT / name, dest / name)
    for name in ("cases", "courses", "handbooks", "docs", "scripts", "overrides"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def test_build_refuses_invalid_content_with_the_validator_message(tmp_path):
    (tmp_path / "p").mkdir()
    project = _copy_project(tmp_path / "p")
    case = project / "cases/tianjiawan/case.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("value: 1000", "value: 一千"), encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "cases/tianjiawan/case.yml:17:36: 错误: 字段「figures[0].value」应为数字" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


def test_make_site_keeps_the_old_site_when_the_build_fails(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    _copy_project(project)
    for name in ("Makefile", "requirements.txt", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)  # copy2: keep mtimes, so make installs nothing
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    venv = Path(__import__("sys").executable).parent.parent
    make = ["make", "--no-print-directory", f"VENV={venv}"]
    assert subprocess.run([*make, "site"], cwd=project, capture_output=True).returncode == 0
    marker = (project / "site/index.html").read_bytes()
    (project / "courses/bayaosu.yml").write_text("id: bayaosu\nkind：讲授\n", encoding="utf-8")
    result = subprocess.run([*make, "site"], cwd=project, capture_output=True, text=True)
    assert result.returncode != 0
    assert "courses/bayaosu.yml:2:5: 错误: 字段「kind」后面用了全角冒号" in result.stdout + result.stderr
    assert (project / "site/index.html").read_bytes() == marker
    assert not (project / ".site.tmp").exists()
