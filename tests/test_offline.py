"""The offline (USB) edition, opened from file:// in headless Chromium."""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools.browser import search
from conftest import ROOT
from queries import ALL, page_of

USB = Path("U盘") / "铜仁 案例库"  # a path with spaces and Chinese characters


def _build(dist: Path) -> Path:
    result = subprocess.run([sys.executable, str(ROOT / "scripts/build_offline.py"), "--dist", str(dist)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    (zip_path,) = dist.glob("tongren-kb-offline-*.zip")
    return zip_path


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def copy(offline_zip, tmp_path_factory) -> Path:
    """The zip unpacked on a 'USB stick': returns the edition's folder."""
    target = tmp_path_factory.mktemp("usb") / USB
    target.mkdir(parents=True)
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(target)
    (folder,) = target.iterdir()
    return folder


def test_two_builds_give_the_same_zip(offline_zip, tmp_path):
    assert _build(tmp_path).read_bytes() == offline_zip.read_bytes()


def test_zip_holds_site_guide_manifest_and_sums(offline_zip, copy):
    assert offline_zip.name == f"{copy.name}.zip"
    names = zipfile.ZipFile(offline_zip).namelist()
    assert names == sorted(names)
    for name in ("打开方式.txt", "manifest.json", "SHA256SUMS", "index.html", "site/index.html",
                 "site/search/search_index.js", "site/assets/vendor/iframe-worker/shim.js"):
        assert (copy / name).is_file(), name
    assert "双击" in (copy / "打开方式.txt").read_text(encoding="utf-8")
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["edition"] == "offline"
    assert manifest["counts"] == {"cases": 4, "courses": 5, "handbooks": 3}
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
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


@pytest.mark.parametrize("query,expected", ALL.items())
def test_search_works_from_file_url(file_page, query, expected):
    page, base, _ = file_page
    results = [page_of(link, base) for link in search(page, query)]
    assert results and results[0] == expected, f"{query}: {results[:5]}"


def test_pages_make_no_request_outside_the_folder(copy, file_page):
    page, base, requests = file_page
    for uri in ("cases/tianjiawan.html", "courses/bayaosu.html", "handbooks/minxin-dangjian-anli.html",
                "programme.html", "cases/by-county.html"):
        page.goto(base + uri)
        page.wait_for_load_state("load")
        links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
        assert [link for link in links if not link.startswith(copy.as_uri())] == [], uri
    assert len(requests) > 20
    assert _outside(requests, copy) == []


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


def _verify(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/verify_offline.py"), str(folder)],
                          capture_output=True, text=True)


def test_verifier_passes_an_intact_copy(copy):
    result = _verify(copy)
    assert result.returncode == 0, result.stdout
    assert "完整" in result.stdout


@pytest.mark.parametrize("damage,expected", [
    ("change", "已改动: site/cases/daba.html"),
    ("remove", "缺少: site/search/search_index.js"),
    ("add", "多出: site/新建文本文档.txt"),
])
def test_verifier_names_the_damaged_file(copy, tmp_path, damage, expected):
    damaged = tmp_path / "copy"
    shutil.copytree(copy, damaged)
    if damage == "change":
        with (damaged / "site/cases/daba.html").open("ab") as f:
            f.write(b"\0")
    elif damage == "remove":
        (damaged / "site/search/search_index.js").unlink()
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
