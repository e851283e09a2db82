import base64
import fcntl
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent

VENV_BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests" / "render" / "project"  # the small fixture project of the render tests
# A 1 x 1 PNG: a real image file for attachment and PDF tests.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def fixture_copy(tmp_path: Path) -> Path:
    """A copy of the fixture project to change."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE, target)
    return target


ENGINE = os.environ.get("ENGINE", "mkdocs")
ENGINES = ("mkdocs", "zensical")


def run_build(project: Path, site_dir: Path, *extra: str, engine: str | None = None) -> subprocess.CompletedProcess:
    """The real pipeline (stage, engine, finish), as `make site` runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    work = Path(site_dir).parent / (Path(site_dir).name + ".work")
    return subprocess.run([str(VENV_BIN / "kb-site"), "site", "--root", str(project), "--site-dir", str(site_dir),
                           "--work", str(work), "--engine", engine or ENGINE, *extra],
                          cwd=project, capture_output=True, text=True, env=env)


def shared(tmp_path_factory, key: str, make: Callable[[Path], None]) -> Path:
    """A folder made once for the whole run, whichever xdist worker asks
    first: make(folder) fills it while the others wait on a lock, then all
    of them read it. Only for what tests read and never change (a built
    site, a zip); a failed make leaves nothing behind, the next asker tries again."""
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared"  # the run's, not the worker's
    root.mkdir(exist_ok=True)
    folder, done = root / key, root / f"{key}.done"
    with open(root / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def real_site(tmp_path_factory, engine: str) -> Path:
    """The real content built by the pipeline (make site), once per engine and run."""
    def make(folder: Path) -> None:
        result = run_build(ROOT, folder / "site", engine=engine)
        assert result.returncode == 0, result.stdout + result.stderr
    return shared(tmp_path_factory, f"site-{engine}", make) / "site"


@pytest.fixture(scope="session", params=ENGINES)
def built_site(request, tmp_path_factory) -> Path:
    """The real content, built by the pipeline on each engine in turn."""
    return real_site(tmp_path_factory, request.param)


USB = Path("U盘") / "铜仁 案例库"  # a path with spaces and Chinese characters, as on a real stick


def offline_build(dist: Path, engine: str) -> Path:
    """make offline (kb-offline) into dist: the zip."""
    result = subprocess.run([str(VENV_BIN / "kb-offline"), "--dist", str(dist), "--engine", engine],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    (zip_path,) = dist.glob("tongren-kb-offline-*.zip")
    return zip_path


def usb_edition(tmp_path_factory, engine: str) -> tuple[Path, Path]:
    """The USB edition of the real content on one engine, once per run: its
    zip, as kb-offline makes it, and the edition's folder, the zip unpacked
    on a 'USB stick' (USB). Tests only read both."""
    def make(folder: Path) -> None:
        zip_path = offline_build(folder / "dist", engine)
        target = folder / USB
        target.mkdir(parents=True)
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(target)
    folder = shared(tmp_path_factory, f"usb-{engine}", make)
    (zip_path,) = (folder / "dist").glob("tongren-kb-offline-*.zip")
    (edition,) = (folder / USB).iterdir()
    return zip_path, edition


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run (Playwright allows one per thread)."""
    from kb.bench.browser import browser
    with browser() as b:
        yield b


# --- the order files start in on the xdist workers (make test: -n auto --dist loadfile)
# The longest files first, so the two workers end together (longest first,
# then the short ones fill in); every other file after them, in the order
# pytest collects them. A new file of a minute or more belongs in this list.
LONGEST_FIRST = [
    "tests/attack/test_attack.py",
    "tests/test_offline.py",  # early: it makes the USB editions tests/test_comfort.py and test_page_weight.py read
    "tests/test_a11y.py",
    "tests/test_comfort.py",
    "tests/test_page_weight.py",
    "tests/test_bench.py",
    "tests/test_teaching.py",
    "tests/test_desk_browser.py",
    "tests/test_trainee.py",
    "tests/test_validate.py",
    "tests/test_search.py",
    "tests/test_fuzz.py",
]


def pytest_configure(config):
    # xdist would otherwise hand out files by how many tests they hold, the
    # most first: a long file of few tests (the benchmark) would start last.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        # make test sets PYTHONDONTWRITEBYTECODE: then every kb-validate,
        # kb-site, ... the tests start (hundreds) compiles kb again. Compiled
        # once here, before the workers start, into its __pycache__ (ignored by git).
        import compileall
        compileall.compile_dir(ROOT / "scripts" / "kb", quiet=2)


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(rank)))  # stable: files stay whole, in order
