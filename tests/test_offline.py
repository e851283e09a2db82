"""The offline (USB) edition, opened from file:// in headless Chromium."""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kb.bench.browser import search
from conftest import ENGINES, ROOT, VENV_BIN, offline_build, usb_edition
from queries import page_of

from kb.check.validation import validate


@pytest.fixture(scope="module", params=ENGINES)
def edition(request, tmp_path_factory) -> tuple[str, Path, Path]:
    """(engine, the zip, the zip unpacked on a 'USB stick'), made once per run
    (conftest.usb_edition: tests/test_comfort.py and tests/test_page_weight.py read it too)."""
    return (request.param, *usb_edition(tmp_path_factory, request.param))


@pytest.fixture(scope="module")
def offline_zip(edition) -> Path:
    return edition[1]


@pytest.fixture(scope="module")
def copy(edition) -> Path:
    """The edition's folder, in a path with spaces and Chinese characters."""
    return edition[2]


def test_two_builds_give_the_same_zip(edition, tmp_path):
    engine, zip_path, _ = edition
    assert offline_build(tmp_path, engine).read_bytes() == zip_path.read_bytes()


def test_zip_holds_site_guide_manifest_and_sums(offline_zip, copy):
    assert offline_zip.name == f"{copy.name}.zip"
    names = zipfile.ZipFile(offline_zip).namelist()
    assert names == sorted(names)
    for name in ("打开方式.txt", "manifest.json", "SHA256SUMS", "index.html", "site/index.html",
                 "site/search/meta.js", "site/search/t0.js", "site/assets/vendor/ResizeObserver.global.js"):
        assert (copy / name).is_file(), name
    assert "双击" in (copy / "打开方式.txt").read_text(encoding="utf-8")
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edition"] == "offline"
    col, _ = validate(ROOT)
    assert manifest["counts"] == {"cases": len(col.cases), "courses": len(col.courses), "handbooks": len(col.handbooks)}
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    if manifest["uncommitted_changes"]:  # built from a working tree with edits: never claims the commit
        assert (manifest["source_commit"], manifest["based_on_commit"]) == (None, head)
        assert manifest["version"].endswith("-dirty")
    else:
        assert manifest["source_commit"] == head
    assert copy.name.endswith(manifest["version"])
    listed = {line.split("  ", 1)[1] for line in (copy / "SHA256SUMS").read_text(encoding="utf-8").splitlines()}
    on_disk = {p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert listed == on_disk


def test_no_page_names_an_outside_host(copy):
    for page in (copy / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "fonts.googleapis" not in text, page


def _outside(requests: list[str], folder: Path) -> list[str]:
    inside = folder.as_uri()
    return [u for u in requests if not u.startswith((inside, "data:", "blob:", "about:"))]


@pytest.fixture(scope="module")
def file_page(copy, chromium):
    page = chromium.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    base = (copy / "site").as_uri() + "/"
    page.goto(base + "index.html")
    yield page, base, requests
    page.close()


def test_search_works_from_file_url(file_page):
    """Every case, found by its title, from the unpacked copy with no server."""
    page, base, _ = file_page
    col, _ = validate(ROOT)
    for case_id, item in col.cases.items():
        results = [page_of(link, base) for link in search(page, item.model.title)]
        assert results and results[0] == f"cases/{case_id}/", (item.model.title, results[:3])


def test_pages_make_no_request_outside_the_folder(copy, file_page):
    page, base, requests = file_page
    for uri in ("cases/tianjiawan.html", "courses/bayaosu.html", "handbooks/minxin-dangjian-anli.html",
                "programme.html", "cases/by-county.html", "404.html"):
        page.goto(base + uri)
        page.wait_for_load_state("load")
        links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        assert [link for link in links if not link.startswith(copy.as_uri())] == [], uri
    assert len(requests) > 20
    assert _outside(requests, copy) == []


def test_pdfs_travel_with_the_site_and_pages_link_them_from_file_url(copy, file_page):
    """Each handbook and case page links 「下载 PDF」 to its own file, listed in
    manifest.json and covered by SHA256SUMS."""
    page, base, _ = file_page
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    sums = (copy / "SHA256SUMS").read_text(encoding="utf-8")
    for uri, pdf in (("cases/tianjiawan.html", "site/pdf/cases/tianjiawan.pdf"),
                     ("handbooks/minxin-dangjian-anli.html", "site/pdf/minxin-dangjian-anli.pdf")):
        page.goto(base + uri)
        page.wait_for_load_state("load")
        assert page.eval_on_selector("a.kb-pdf", "a => a.href") == (copy / pdf).as_uri(), uri
        assert (copy / pdf).read_bytes().startswith(b"%PDF-") and pdf in manifest["pdfs"] and f"  {pdf}\n" in sums
    page.goto(base + "handbooks/minxin-dangjian-anli.html")  # the phone book beside the PDF
    book = "site/pdf/minxin-dangjian-anli.epub"
    assert (copy / book).as_uri() in page.eval_on_selector_all("a.kb-pdf", "els => els.map(a => a.href)")
    assert book in manifest["pdfs"] and f"  {book}\n" in sums


def test_old_browser_without_resize_observer_loads_the_local_polyfill(copy, chromium):
    page = chromium.new_page()
    page.add_init_script("delete window.ResizeObserver")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((copy / "site/cases/daba.html").as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("typeof ResizeObserver") == "function"
    page.close()
    assert any(u.endswith("assets/vendor/ResizeObserver.global.js") for u in requests)
    assert _outside(requests, copy) == []


def test_copy_still_works_after_being_moved(copy, tmp_path, chromium):
    moved = tmp_path / "另一个 位置" / copy.name
    shutil.copytree(copy, moved)
    page = chromium.new_page()
    page.goto((moved / "index.html").as_uri())  # the top-level redirect
    page.wait_for_url("**/site/index.html")
    base = (moved / "site").as_uri() + "/"
    assert page_of(search(page, "白兰地")[0], base) == "cases/watian/"
    page.close()


# The verifier reads files and SHA256SUMS only, whichever engine built the
# pages: its tests run on one edition.
ONE_ENGINE = pytest.mark.parametrize("edition", ["mkdocs"], indirect=True)


def _verify(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "kb-verify-offline"), str(folder)],
                          capture_output=True, text=True)


@ONE_ENGINE
def test_verifier_passes_an_intact_copy(copy):
    result = _verify(copy)
    assert result.returncode == 0, result.stdout
    assert "完整" in result.stdout


@ONE_ENGINE
@pytest.mark.parametrize("damage,expected", [
    ("change", "已改动: site/cases/daba.html"),
    ("remove", "缺少: site/search/meta.js"),
    ("add", "多出: site/新建文本文档.txt"),
])
def test_verifier_names_the_damaged_file(copy, tmp_path, damage, expected):
    damaged = tmp_path / "copy"
    shutil.copytree(copy, damaged)
    if damage == "change":
        with (damaged / "site/cases/daba.html").open("ab") as f:
            f.write(b"\0")
    elif damage == "remove":
        (damaged / "site/search/meta.js").unlink()
    else:
        (damaged / "site/新建文本文档.txt").write_text("x", encoding="utf-8")
    result = _verify(damaged)
    assert result.returncode == 1
    assert expected in result.stdout.splitlines()
    assert "不完整" in result.stdout


def test_verifier_explains_a_folder_without_sums(tmp_path):
    result = _verify(tmp_path)
    assert result.returncode == 1
    assert "SHA256SUMS" in result.stdout


@ONE_ENGINE
def test_verifier_finds_the_edition_in_the_unpacked_folder(copy):
    result = _verify(copy.parent)  # the folder the zip was unpacked into
    assert result.returncode == 0, result.stdout
    assert f"离线版在下一层文件夹「{copy.name}」里" in result.stdout


@ONE_ENGINE
@pytest.mark.parametrize("damage,expected", [
    ("link-folder", "符号链接: site/etc（离线版里不应有链接，它可能指向别处的文件）"),
    ("swap-for-link", "符号链接: site/cases/daba.html（离线版里不应有链接，它可能指向别处的文件）"),
    ("sums-outside", "错误: SHA256SUMS 第 1 行的路径「../../etc/hostname」指向离线版文件夹之外：校验文件已被改动，不能信任这份拷贝"),
    ("sums-absolute", "错误: SHA256SUMS 第 1 行的路径「/etc/hostname」指向离线版文件夹之外：校验文件已被改动，不能信任这份拷贝"),
])
def test_verifier_treats_links_and_outside_paths_as_damage(copy, tmp_path, damage, expected):
    damaged = tmp_path / "copy"
    shutil.copytree(copy, damaged)
    page = damaged / "site/cases/daba.html"
    if damage == "link-folder":
        (damaged / "site/etc").symlink_to("/etc")
    elif damage == "swap-for-link":
        kept = tmp_path / "daba.html"
        page.rename(kept)
        page.symlink_to(kept)  # same bytes, but a link
    else:
        name = "../../etc/hostname" if damage == "sums-outside" else "/etc/hostname"
        sums = damaged / "SHA256SUMS"
        sums.write_text(f"{'0' * 64}  {name}\n" + sums.read_text(encoding="utf-8"), encoding="utf-8")
    result = _verify(damaged)
    assert result.returncode == 1
    assert expected in result.stdout.splitlines()


def _clone(tmp_path: Path) -> Path:
    """A clone of the project as it is now (its working tree committed: the
    script runs the clone's own code), with the installed npm files."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file() and not (ROOT / name).is_symlink():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / name, clone / name)
        elif not (ROOT / name).exists():
            (clone / name).unlink(missing_ok=True)
    subprocess.run(["git", "add", "-A"], cwd=clone, check=True)
    subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.org", "commit", "-q",
                    "--allow-empty", "-m", "the working tree"], cwd=clone, check=True)
    (clone / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return clone


def _build_in(clone: Path, dist: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(clone / "scripts/build_offline.py"), "--dist", str(dist)],
                          capture_output=True, text=True)


def test_uncommitted_and_new_content_goes_in_and_the_edition_says_so(tmp_path):
    """An organiser adds a case and builds before committing: the new case is
    in the edition (nothing left out silently), and the version, the output,
    manifest.json and 打开方式.txt all say it is not a commit."""
    clone = _clone(tmp_path)
    guide = clone / "docs/about.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n未提交的一句话。\n", encoding="utf-8")
    shutil.copytree(clone / "cases/tianjiawan", clone / "cases/xinan-ceshi")
    case = clone / "cases/xinan-ceshi/case.yml"
    text = case.read_text(encoding="utf-8").replace("id: tianjiawan", "id: xinan-ceshi", 1)
    case.write_text(re.sub(r"^title: .*$", "title: 还没有提交的新案例", text, count=1, flags=re.M), encoding="utf-8")
    result = _build_in(clone, tmp_path / "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "修改: docs/about.md" in result.stderr and "新文件: cases/xinan-ceshi/case.yml" in result.stderr
    assert 'git add -A && git commit -m "说明这次改了什么" && make offline' in result.stderr
    (zip_path,) = (tmp_path / "dist").glob("*.zip")
    assert zip_path.stem.endswith("-dirty") and zip_path.name in result.stdout and "-dirty" in result.stdout
    with zipfile.ZipFile(zip_path) as zf:
        names = zf.namelist()
        read = lambda end: zf.read(next(n for n in names if n.endswith(end)))  # noqa: E731
        manifest, how_to = json.loads(read("/manifest.json")), read("/打开方式.txt").decode("utf-8")
        about = read("/site/about.html").decode("utf-8")
    assert any(n.endswith("/site/cases/xinan-ceshi.html") for n in names)
    assert any(n.endswith("/site/pdf/cases/xinan-ceshi.pdf") for n in names)
    assert "未提交的一句话" in about
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=clone, capture_output=True, text=True).stdout.strip()
    assert manifest["source_commit"] is None and manifest["based_on_commit"] == head
    assert {"docs/about.md", "cases/xinan-ceshi/case.yml", "cases/xinan-ceshi/case.md"} <= set(manifest["uncommitted_files"])
    assert manifest["counts"]["cases"] == len(validate(clone)[0].cases)
    assert "未提交的版本" in how_to and manifest["version"] in how_to


def test_tracked_symlink_is_refused(tmp_path):
    clone = _clone(tmp_path)
    (clone / "docs/passwd.txt").symlink_to("/etc/passwd")
    subprocess.run(["git", "add", "docs/passwd.txt"], cwd=clone, check=True)
    result = _build_in(clone, tmp_path / "dist")
    assert result.returncode == 1
    assert "docs/passwd.txt:1:1: 错误: 离线版不打包符号链接：请换成文件本身" in result.stdout
    assert not list((tmp_path / "dist").glob("*.zip"))
