"""The real MkDocs build of the real content: invariants only.

Nothing here names today's cases, counts them or points at their lines:
adding a correct case or course must never fail a test (the last tests here
add one to a copy and build it). Behaviour is tested on fixture projects
(tests/test_render.py, tests/test_organiser.py).
"""

import json
import posixpath
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

from conftest import ROOT, run_build

from kb.content.errors import split
from kb.check.validation import validate

OUTSIDE = re.compile(r"""(?:href|src|srcset|action|poster)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def _content():
    col, problems = validate(ROOT)
    assert split(problems)[0] == [], "the real content must validate"
    return col


def _item_pages(col) -> list[str]:
    pages = [f"cases/{i}/index.html" for i in col.cases] + [f"courses/{i}/index.html" for i in col.courses]
    pages += [f"handbooks/{i}/index.html" for i in col.handbooks]
    return pages + (["programme/index.html"] if col.programme else [])


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _reachable(site: Path) -> set[str]:
    """Pages reached from the home page by following links inside the site."""
    seen, todo = set(), ["index.html"]
    while todo:
        page = todo.pop()
        if page in seen or not (site / page).is_file():
            continue
        seen.add(page)
        if not page.endswith(".html"):
            continue  # a PDF or an image: reached, nothing to follow
        parser = _Links()
        parser.feed((site / page).read_text(encoding="utf-8"))
        for href in parser.hrefs:
            href = unquote(urldefrag(href)[0])
            if not href or re.match(r"^[a-z]+:|^//", href):
                continue
            folder = page.rpartition("/")[0]
            target = posixpath.normpath(posixpath.join(folder, href))
            if href.endswith("/") or href in (".", "..") or not posixpath.splitext(target)[1]:
                target = "index.html" if target == "." else f"{target}/index.html"
            todo.append(target)
    return seen


def test_every_item_has_a_page_reachable_from_the_home_page(built_site):
    col = _content()
    pages = _item_pages(col)
    assert [p for p in pages if not (built_site / p).is_file()] == []
    reached = _reachable(built_site)
    assert [p for p in pages if p not in reached] == []
    for fixed in ("about/index.html", "guide/index.html", "guide/fields/index.html", "cases/by-county/index.html"):
        assert fixed in reached, fixed


def test_case_pages_show_their_parts(built_site):
    col = _content()
    for case_id in col.cases:
        html = (built_site / f"cases/{case_id}/index.html").read_text(encoding="utf-8")
        for text in ("基本信息", "关键数据", "时间线", "背景", "做法", "成效", "来源"):  # 启示: the teacher edition's
            assert text in html, (case_id, text)


def test_drafts_are_marked_and_no_page_says_none_about_what_the_site_knows(built_site):
    col = _content()
    for kind, items in (("cases", col.cases), ("courses", col.courses), ("handbooks", col.handbooks)):
        for item_id, item in items.items():
            html = (built_site / f"{kind}/{item_id}/index.html").read_text(encoding="utf-8")
            if item.model.status == "draft":
                assert "草稿" in html, item_id
            assert "暂无" not in html, item_id
    for course in col.courses.values():  # a course's readings show on the case page
        for case_id in course.model.readings.before_class + course.model.readings.after_class:
            if case_id in col.cases:
                html = (built_site / f"cases/{case_id}/index.html").read_text(encoding="utf-8")
                assert f"courses/{course.model.id}/" in html, (case_id, course.model.id)


def test_navigation_lists_sections_not_cases(built_site):
    col = _content()
    nav = (built_site / "index.html").read_text(encoding="utf-8").split('class="md-content"')[0]
    assert "按区县" in nav and "字段说明" in nav
    assert not [c for c in col.cases if f"cases/{c}/" in nav]


def test_no_page_refers_to_an_outside_host(built_site):
    offenders = [f"{p.relative_to(built_site)}: {m.group(0)}"
                 for p in built_site.rglob("*.html")
                 for m in OUTSIDE.finditer(p.read_text(encoding="utf-8"))]
    assert offenders == []
    assert not any("fonts.googleapis" in p.read_text(encoding="utf-8") for p in built_site.rglob("*.html"))


def _search_file(site: Path, name: str):
    text = (site / "search" / name).read_text(encoding="utf-8")
    match = re.fullmatch(r'__kbSearch\.add\("(\w+)",(\d+),(.*)\);\n', text, re.S)
    assert match, name
    return json.loads(match.group(3))


def test_every_item_page_is_in_the_search_index_above_lists_and_help(built_site):
    col = _content()
    meta = _search_file(built_site, "meta.js")
    sections = [s for x in range(meta["textShards"]) for s in _search_file(built_site, f"x{x}.js")]
    firsts = [sum(page[1] for page in meta["pages"][:i]) for i in range(len(meta["pages"]))]
    ranks = {sections[first][0]: page[0] for first, page in zip(firsts, meta["pages"])}
    for page in _item_pages(col):
        assert page.removesuffix("index.html") in ranks, page
    items = [r for u, r in ranks.items() if u.startswith(("cases/", "courses/", "handbooks/")) and u.count("/") == 2
             and not u.startswith("cases/by-")]
    others = [r for u, r in ranks.items() if u.startswith(("cases/by-", "guide/", "about/")) or u in ("cases/", "")]
    assert items and others and min(items) > max(others)
    assert "search/" not in ranks  # the search page itself is not searched


def test_every_name_in_the_content_is_indexed_as_its_character_pairs(built_site):
    from kb.search.index import normalise, shard_of
    meta = _search_file(built_site, "meta.js")
    shards = [_search_file(built_site, f"t{i}.js") for i in range(meta["shards"])]
    col = _content()
    names = [c.model.place.village for c in col.cases.values() if c.model.place.village]
    names += [p.name for c in col.cases.values() for p in c.model.people]
    assert names
    for name in names:
        name = normalise(name)  # read as simplified characters, as the browser reads a query
        for pair in (name[i:i + 2] for i in range(len(name) - 1)):
            assert pair in shards[shard_of(pair, meta["shards"])], (name, pair)
    texts = sum(1 for _ in (built_site / "search").glob("x*.js"))
    assert texts == meta["textShards"] and meta["sections"] <= texts * meta["perText"]
    assert meta["sections"] == sum(page[1] for page in meta["pages"])


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


def copy_project(dest: Path) -> Path:
    """The project without its build outputs: content, docs, code, config."""
    for name in ("mkdocs.yml", "sources.yml", "programme.yml", "intros.yml", "glossary.yml"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, dest / name)
    for name in ("cases", "courses", "handbooks", "docs", "scripts", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def test_build_refuses_invalid_content_with_the_validator_message(tmp_path):
    (tmp_path / "p").mkdir()
    project = copy_project(tmp_path / "p")
    (project / "cases/cuowu").mkdir()
    (project / "cases/cuowu/case.yml").write_text(
        "id: cuowu\ntitle: 错误示例\nstatus: draft\nplace: {}\nsummary: 概要\n"
        "figures:\n  - {label: 茶园, value: 一千, source: x}\n", encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "cases/cuowu/case.yml:7:24: 错误: 字段「figures[0].value」应为数字" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "site").exists()


def test_make_site_keeps_the_old_site_when_the_build_fails(tmp_path):
    project = tmp_path / "p"
    project.mkdir()
    copy_project(project)
    for name in ("Makefile", "requirements.txt", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)  # copy2: keep mtimes, so make installs nothing
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    venv = Path(__import__("sys").executable).parent.parent
    make = ["make", "--no-print-directory", f"VENV={venv}"]
    first = subprocess.run([*make, "site"], cwd=project, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    marker = (project / "site/index.html").read_bytes()
    (project / "courses/cuowu.yml").write_text("id: cuowu\nkind：讲授\n", encoding="utf-8")
    result = subprocess.run([*make, "site"], cwd=project, capture_output=True, text=True)
    assert result.returncode != 0
    assert "courses/cuowu.yml:2:5: 错误: 字段「kind」后面用了全角冒号" in result.stdout + result.stderr
    assert (project / "site/index.html").read_bytes() == marker
    assert not (project / ".site.tmp").exists()


def test_every_citation_and_link_back_lands_on_its_anchor(built_site):
    """[n] goes to its own source entry and ↩ k back to the k-th place that cites it."""
    checked = 0
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        targets = re.findall(r'href="#((?:src|ref)-\d+(?:-\d+)?)"', html)
        assert [t for t in targets if t not in ids] == [], page
        checked += len(targets)
    assert checked > 100


def test_the_glossary_opens_with_an_index_of_its_terms(built_site):
    col = _content()
    terms = [t.term for t in col.glossary.model.terms] if col.glossary else []
    html = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    index = html.split('class="kb-glossary-index"', 1)[1].split("</nav>", 1)[0]
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', index)
    assert sorted(text for _, text in links) == sorted(terms)
    assert [target for target, _ in links if target not in ids] == []
